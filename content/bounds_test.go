package content

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"

	"newsroom/counter"
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
	var id int64
	err := f.db.W.QueryRow(`INSERT INTO notices (category, headline, summary, link_url, reads, lang, start_at, end_at, status, unit_id, created_at, updated_at)
		VALUES ('jobs', 'x', '', 'https://npu.ac.th/', ?, 'th', ?, ?, 'published', ?, 0, 0) RETURNING id`, reads, now.Add(-time.Hour).UnixMilli(), now.Add(time.Hour).UnixMilli(), f.unitA).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A counter a database holds out of range (an old overflow's REAL, a
// negative, text) still loads, clamped into 0..MaxCount, and the row still
// lists; so does a display order or NEW days out of range.
func TestStoredCountsLoadClamped(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	for _, tc := range []struct {
		stored any
		want   int64
	}{
		{int64(math.MaxInt64), MaxCount},
		{MaxCount, MaxCount},
		{int64(41), 41},
		{int64(-5), 0},
		{float64(9.3e18), MaxCount},
		{"not a number", 0},
	} {
		t.Run(fmt.Sprint(tc.stored), func(t *testing.T) {
			if _, isInt := tc.stored.(int64); !isInt && f.db.IsPostgres() {
				t.Skip("only SQLite can hold a REAL or text in an INTEGER column")
			}
			id := insertNotice(t, f, tc.stored, now)
			n, err := f.store.Notice(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if n.Reads != tc.want {
				t.Fatalf("reads %d, want %d", n.Reads, tc.want)
			}
		})
	}
	// A row an older version broke (a REAL past int64) still lists.
	if f.db.IsPostgres() {
		return // a BIGINT column cannot hold it
	}
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
}

// Every counted thing names a real column: a counter configured with
// Counted writes each, and the item shows the count.
func TestCountedColumnsCount(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	news, err := f.store.CreateNews(ctx, validNews(f.unitA, now), Author{}, now)
	if err != nil {
		t.Fatal(err)
	}
	notice := insertNotice(t, f, 0, now)
	for _, what := range []string{CountNewsView, CountVideoView, CountNoticeRead, CountBannerClick} {
		if _, ok := Counted()[what]; !ok {
			t.Errorf("%s is counted by the public pages but no kind declares that counter column", what)
		}
	}
	c := counter.New(f.db, Counted(), time.Now)
	versions := f.store.Version(ctx)
	c.Changed = f.store.Changed
	for what := range Counted() {
		c.Add(what, 999999) // no such row: the UPDATE still needs the column
	}
	c.Add(CountNewsView, news.ID)
	c.Add(CountNoticeRead, notice)
	c.Add(CountNoticeRead, notice)
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	n, _ := f.store.News(ctx, news.ID)
	r, _ := f.store.Notice(ctx, notice)
	if n.Views != 1 || r.Reads != 2 {
		t.Fatalf("news views %d, notice reads %d", n.Views, r.Reads)
	}
	if f.store.Version(ctx) == versions {
		t.Fatal("a flush left the content version: cached pages keep old counts")
	}
}
