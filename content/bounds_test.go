package content

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"
)

// Every number a content form accepts has a range; one past either end is
// the field's message.
func TestNumericFieldRanges(t *testing.T) {
	now := time.Now()
	notice := func(mod func(*NoticeInput)) func() error {
		return func() error {
			in := NoticeInput{MetaInput: meta(1, now), Category: "jobs", Headline: "รับสมัครงาน", LinkURL: "https://npu.ac.th/jobs", NewDays: 1, Reads: 1}
			mod(&in)
			return in.Validate()
		}
	}
	news := func(mod func(*NewsInput)) func() error {
		return func() error {
			in := validNews(1, now)
			mod(&in)
			return in.Validate()
		}
	}
	video := func(sort int) func() error {
		return func() error {
			in := VideoInput{MetaInput: meta(1, now), Programme: NPUNews, Title: "x", Link: "https://youtu.be/dQw4w9WgXcQ"}
			in.Sort = sort
			return in.Validate()
		}
	}
	tests := []struct {
		name       string
		validate   func() error
		field, key string // "" when valid
	}{
		{"reads 0", notice(func(in *NoticeInput) { in.Reads = 0 }), "", ""},
		{"reads max", notice(func(in *NoticeInput) { in.Reads = MaxInitialReads }), "", ""},
		{"reads max+1", notice(func(in *NoticeInput) { in.Reads = MaxInitialReads + 1 }), "reads", "err.reads"},
		{"reads MaxInt64", notice(func(in *NoticeInput) { in.Reads = math.MaxInt64 }), "reads", "err.reads"},
		{"reads -1", notice(func(in *NoticeInput) { in.Reads = -1 }), "reads", "err.reads"},
		{"reads MinInt64", notice(func(in *NoticeInput) { in.Reads = math.MinInt64 }), "reads", "err.reads"},
		{"new days 0", notice(func(in *NoticeInput) { in.NewDays = 0 }), "", ""},
		{"new days max", notice(func(in *NoticeInput) { in.NewDays = MaxNewDays }), "", ""},
		{"new days max+1", notice(func(in *NoticeInput) { in.NewDays = MaxNewDays + 1 }), "new_days", "err.new_days"},
		{"new days -1", notice(func(in *NoticeInput) { in.NewDays = -1 }), "new_days", "err.new_days"},
		{"notice sort 0", notice(func(in *NoticeInput) { in.Sort = 0 }), "sort", "err.sort"},
		{"notice sort max+1", notice(func(in *NoticeInput) { in.Sort = MaxSort + 1 }), "sort", "err.sort"},
		{"notice sort MaxInt", notice(func(in *NoticeInput) { in.Sort = math.MaxInt }), "sort", "err.sort"},
		{"news sort 1", news(func(in *NewsInput) { in.Sort = 1 }), "", ""},
		{"news sort max", news(func(in *NewsInput) { in.Sort = MaxSort }), "", ""},
		{"news sort -1", news(func(in *NewsInput) { in.Sort = -1 }), "sort", "err.sort"},
		{"photos per row 1", news(func(in *NewsInput) { in.PhotosPerRow = 1 }), "", ""},
		{"photos per row max", news(func(in *NewsInput) { in.PhotosPerRow = MaxPhotosPerRow }), "", ""},
		{"photos per row 0", news(func(in *NewsInput) { in.PhotosPerRow = 0 }), "photos_per_row", "err.photos_per_row"},
		{"photos per row max+1", news(func(in *NewsInput) { in.PhotosPerRow = MaxPhotosPerRow + 1 }), "photos_per_row", "err.photos_per_row"},
		{"news unit 0", news(func(in *NewsInput) { in.UnitID = 0 }), "unit_id", "err.choose"},
		{"video sort max", video(MaxSort), "", ""},
		{"video sort max+1", video(MaxSort + 1), "sort", "err.sort"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantField(t, tc.validate(), tc.field, tc.key) })
	}
}

// A unit that does not exist or is retired is a field error of every
// content type, not a foreign-key failure; an item of a unit retired since
// keeps it on edit.
func TestSaveRefusesUnknownUnit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	if _, err := f.db.W.Exec(`UPDATE units SET retired_at = 1 WHERE id = ?`, f.unitB); err != nil {
		t.Fatal(err)
	}
	for _, unit := range []int64{f.unitB, 999999, -1, math.MaxInt64} {
		t.Run(strconv.FormatInt(unit, 10), func(t *testing.T) {
			_, err := f.store.CreateNews(ctx, validNews(unit, now), Author{Name: "x"}, now)
			wantField(t, err, "unit_id", "err.unit")
			n := NoticeInput{MetaInput: meta(unit, now), Category: "jobs", Headline: "x", LinkURL: "https://npu.ac.th/", NewDays: 1, Reads: 1}
			_, err = f.store.SaveNotice(ctx, Notice{}, n, Author{Name: "x"}, now)
			wantField(t, err, "unit_id", "err.unit")
			v := VideoInput{MetaInput: meta(unit, now), Programme: NPUNews, Title: "x", Link: "https://youtu.be/dQw4w9WgXcQ"}
			_, err = f.store.SaveVideo(ctx, Video{}, v, Author{Name: "x"}, now)
			wantField(t, err, "unit_id", "err.unit")
			b := BannerInput{MetaInput: meta(unit, now), Placement: "main", ImageKey: "x"}
			_, err = f.store.SaveBanner(ctx, Banner{}, b, Author{Name: "x"}, now)
			wantField(t, err, "unit_id", "err.unit")
		})
	}
	// Other field errors show together with the unit's.
	in := validNews(999999, now)
	in.Headline = ""
	_, err := f.store.CreateNews(ctx, in, Author{Name: "x"}, now)
	wantField(t, err, "headline", "err.required")
	wantField(t, err, "unit_id", "err.unit")
	// An item of a unit retired after it was made can still be edited.
	n, err := f.store.CreateNews(ctx, validNews(f.unitA, now), Author{Name: "x"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.W.Exec(`UPDATE units SET retired_at = 1 WHERE id = ?`, f.unitA); err != nil {
		t.Fatal(err)
	}
	in = validNews(f.unitA, now)
	in.Headline = "แก้ไขแล้ว"
	if err := f.store.UpdateNews(ctx, n.ID, in, now); err != nil {
		t.Fatalf("edit an item of a retired unit: %v", err)
	}
}

// insertNotice adds a published notice with the given stored read count.
func insertNotice(t *testing.T, f *fixture, reads any, now time.Time) int64 {
	t.Helper()
	res, err := f.db.W.Exec(`INSERT INTO notices (category, headline, summary, link_url, reads, lang, start_at, end_at, status, unit_id, created_at, updated_at)
		VALUES ('jobs', 'x', '', 'https://npu.ac.th/', ?, 'th', ?, ?, 'published', ?, 0, 0)`, reads, now.Add(-time.Hour).UnixMilli(), now.Add(time.Hour).UnixMilli(), f.unitA)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	return id
}

// Counting saturates at MaxCount, in SQL and in memory, and a counter a
// database holds out of range (an old overflow's REAL, a negative, text)
// still loads, clamped.
func TestCounterSaturates(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	c := NewCounter(f.store, func() time.Time { return now })
	for _, tc := range []struct {
		stored any
		adds   int
		want   int64
	}{
		{int64(math.MaxInt64), 1, MaxCount},
		{int64(math.MaxInt64 - 1), 3, MaxCount},
		{MaxCount, 1, MaxCount},
		{MaxCount - 1, 5, MaxCount},
		{int64(41), 1, 42},
		{int64(-5), 1, 1},
		{float64(9.3e18), 1, MaxCount},
		{"not a number", 1, 1},
	} {
		t.Run(fmt.Sprint(tc.stored), func(t *testing.T) {
			id := insertNotice(t, f, tc.stored, now)
			for range tc.adds {
				c.Add(CountNoticeRead, id)
			}
			if err := c.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			var typ string
			f.db.R.QueryRow(`SELECT typeof(reads) FROM notices WHERE id = ?`, id).Scan(&typ)
			if typ != "integer" {
				t.Fatalf("reads stored as %s", typ)
			}
			n, err := f.store.Notice(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if n.Reads != tc.want {
				t.Fatalf("reads %d, want %d", n.Reads, tc.want)
			}
			if got := c.Shown(CountNoticeRead, id, math.MaxInt64); got != MaxCount {
				t.Fatalf("shown %d", got)
			}
		})
	}
	// A row an older version broke (a REAL past int64) still lists.
	id := insertNotice(t, f, float64(9.3e18), now)
	if _, err := f.db.W.Exec(`UPDATE notices SET sort = 99999999, new_days = -4 WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	list, _, err := f.store.LiveNotices(ctx, Thai, "", now, 100, 0)
	if err != nil {
		t.Fatalf("live notices with a broken counter: %v", err)
	}
	for _, n := range list {
		if n.ID == id && (n.Reads != MaxCount || n.Sort != MaxSort || n.NewDays != 0) {
			t.Fatalf("broken row reads %+v", n)
		}
	}
	if SatAdd(MaxCount, MaxCount) != MaxCount || SatAdd(-3, 2) != 2 || SatAdd(math.MaxInt64, math.MaxInt64) != MaxCount {
		t.Fatal("SatAdd does not saturate")
	}
}

// The visitors' de-duplication memory stays within its fixed bound however
// many visitor/item pairs come by (a flood of distinct visitors), and it
// still de-duplicates a visitor's repeated views.
func TestCounterSeenIsBounded(t *testing.T) {
	f := newFixture(t)
	now := time.Now()
	c := NewCounter(f.store, func() time.Time { return now })
	if !c.Visit(CountNewsView, 1, "visitor", "Mozilla/5.0") || c.Visit(CountNewsView, 1, "visitor", "Mozilla/5.0") {
		t.Fatal("a repeated view counted twice, or the first not at all")
	}
	maxEntries := 0
	for i := range 1_000_000 {
		c.Visit(CountNewsView, int64(i%5000+1), "v"+strconv.Itoa(i), "Mozilla/5.0")
		if i%1000 == 0 {
			maxEntries = max(maxEntries, c.seen.entries())
		}
	}
	maxEntries = max(maxEntries, c.seen.entries())
	if maxEntries > 2*SeenCapacity {
		t.Fatalf("%d de-duplication entries, cap %d", maxEntries, 2*SeenCapacity)
	}
	if b := c.seen.bytes(); b > SeenBytes {
		t.Fatalf("de-duplication memory %d bytes, cap %d", b, SeenBytes)
	}
	t.Logf("1e6 distinct pairs: at most %d entries held, %d bytes", maxEntries, c.seen.bytes())
	// A recent visitor is still recognised after the flood rotated the sets.
	c.Visit(CountNewsView, 7, "late", "Mozilla/5.0")
	if c.Visit(CountNewsView, 7, "late", "Mozilla/5.0") {
		t.Fatal("a repeat right after a flood counted again")
	}
	// Within Repeat a view counts once; after Repeat it counts again.
	now = now.Add(c.Repeat - time.Second)
	if c.Visit(CountNewsView, 7, "late", "Mozilla/5.0") {
		t.Fatal("a repeat within Repeat counted")
	}
	now = now.Add(time.Second)
	if !c.Visit(CountNewsView, 7, "late", "Mozilla/5.0") {
		t.Fatal("a visit after Repeat did not count")
	}
	// Bots and unknown counters are never held.
	before := c.seen.entries()
	c.Visit(CountNewsView, 8, "bot", "Googlebot/2.1")
	c.Visit("nothing.here", 8, "x", "Mozilla/5.0")
	c.Visit(CountNewsView, 0, "x", "Mozilla/5.0")
	if c.seen.entries() != before {
		t.Fatal("a bot or an invalid id took de-duplication memory")
	}
}
