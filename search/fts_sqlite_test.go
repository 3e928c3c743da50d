package search

import (
	"context"
	"database/sql"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/bench/fuzz/tally"
	"newsroom/db"
)

var testNow = time.Date(2025, 6, 12, 10, 0, 30, 0, newsroom.Bangkok)

const day = 24 * time.Hour

// TestFTSQuery drives the engine through Find with rows written around
// content: what is public in a language at a moment, in which order, and
// the total beside a page.
func TestFTSQuery(t *testing.T) {
	f := newFixture(t)
	now := testNow
	for _, it := range []item{
		{kind: "notice", title: "ประกาศรับสมัคร", body: "ทุนการศึกษาต่อ", start: now.Add(-day)},
		{kind: "news", title: "ข่าวทุนการศึกษา", body: "รายละเอียด", start: now.Add(-2 * day)},
		{kind: "video", title: "วิดีโอ", body: "สัมภาษณ์ผู้ได้รับทุนการศึกษา", start: now.Add(-3 * day)},
		{kind: "news", title: "ข่าวเก่าทุนการศึกษา", body: "", start: now.Add(-900 * day)},
		{kind: "news", title: "ทุนการศึกษาในนาทีนี้", body: "", start: now.Add(-20 * time.Second)},       // same minute, before now
		{kind: "news", title: "ทุนการศึกษาอีกครู่", body: "", start: now.Add(20 * time.Second)},          // same minute, after now
		{kind: "news", title: "ทุนการศึกษาพรุ่งนี้", body: "", start: now.Add(day)},                      // scheduled
		{kind: "news", title: "ร่างทุนการศึกษา", body: "", status: "draft", start: now.Add(-day)},        // not published
		{kind: "news", title: "Scholarship news", body: "ทุนการศึกษา", lang: "en", start: now.Add(-day)}, // English
		{kind: "news", title: "English two", body: "a Scholarship", lang: "en", start: now.Add(-5 * day)},
	} {
		f.add(t, it, true)
	}
	f.add(t, item{kind: "news", title: "ทุนการศึกษาไม่อยู่ในดัชนี", start: now.Add(-day)}, false) // written around the save paths

	all := []string{"ทุนการศึกษาในนาทีนี้", "ประกาศรับสมัคร", "ข่าวทุนการศึกษา", "วิดีโอ", "ข่าวเก่าทุนการศึกษา"}
	tests := []struct {
		name          string
		q, lang       string
		limit, offset int
		want          []string
		total         int
	}{
		{"newest first, Thai only, public at now", "ทุนการศึกษา", "th", 20, 0, all, 5},
		{"first page and total", "ทุนการศึกษา", "th", 2, 0, all[:2], 5},
		{"middle page", "ทุนการศึกษา", "th", 2, 2, all[2:4], 5},
		{"last page", "ทุนการศึกษา", "th", 2, 4, all[4:], 5},
		{"past the end", "ทุนการศึกษา", "th", 2, 6, nil, 5},
		{"English", "SCHOLARSHIP", "en", 20, 0, []string{"Scholarship news", "English two"}, 2},
		{"English page of one", "scholarship", "en", 1, 0, []string{"Scholarship news"}, 2},
		{"short words: titles", "ข่", "th", 20, 0, []string{"ข่าวทุนการศึกษา", "ข่าวเก่าทุนการศึกษา"}, 2},
		{"short words: page", "ข่", "th", 1, 1, []string{"ข่าวเก่าทุนการศึกษา"}, 2},
		{"short and long words", "ข่ ทุนการศึกษา", "th", 20, 0, all, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, total := f.find(t, tc.q, tc.lang, now, tc.limit, tc.offset)
			if !slices.Equal(got, tc.want) || total != tc.total {
				t.Fatalf("Find(%q) = %q, %d; want %q, %d", tc.q, got, total, tc.want, tc.total)
			}
		})
	}
}

// TestFTSIndex follows one item's document through saves and a delete.
func TestFTSIndex(t *testing.T) {
	f := newFixture(t)
	requireFTS4(t, f)
	ctx := context.Background()
	id := f.add(t, item{kind: "news", title: "ข่าวเรื่องแมวน้ำ", start: testNow.Add(-day)}, true)
	docs := func() (live, dead int) {
		t.Helper()
		if err := f.db.R.QueryRow(`SELECT count(*) FILTER (WHERE status <> 'dead'), count(*) FILTER (WHERE status = 'dead') FROM search_docs`).Scan(&live, &dead); err != nil {
			t.Fatal(err)
		}
		return live, dead
	}
	update := func(set string, args ...any) {
		t.Helper()
		err := f.db.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.Exec(`UPDATE news SET `+set+` WHERE id = ?`, append(args, id)...); err != nil {
				return err
			}
			return IndexItem(ctx, f.engine, tx, testSources, "news", id)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name       string
		do         func()
		q          string
		found      int
		live, dead int
	}{
		{"indexed", func() {}, "แมวน้ำ", 1, 1, 0},
		{"new end date: same document", func() { update(`end_at = end_at + 1000`) }, "แมวน้ำ", 1, 1, 0},
		{"drafted: same document, not found", func() { update(`status = 'draft'`) }, "แมวน้ำ", 0, 1, 0},
		{"published again", func() { update(`status = 'published'`) }, "แมวน้ำ", 1, 1, 0},
		{"new text: new document", func() { update(`headline = 'ข่าวเรื่องนกยูง'`) }, "แมวน้ำ", 0, 1, 1},
		{"new text found", func() {}, "นกยูง", 1, 1, 1},
		{"new start: new document", func() { update(`start_at = start_at - 86400000`) }, "นกยูง", 1, 1, 2},
		{"deleted", func() {
			err := f.db.Tx(ctx, func(tx *sql.Tx) error {
				if _, err := tx.Exec(`DELETE FROM news WHERE id = ?`, id); err != nil {
					return err
				}
				return UnindexItem(ctx, f.engine, tx, testSources, "news", id)
			})
			if err != nil {
				t.Fatal(err)
			}
		}, "นกยูง", 0, 0, 3},
	}
	for _, st := range steps {
		st.do()
		_, found := f.find(t, st.q, "th", testNow, 20, 0)
		if live, dead := docs(); found != st.found || live != st.live || dead != st.dead {
			t.Errorf("%s: found %d, %d live, %d dead; want %d, %d, %d", st.name, found, live, dead, st.found, st.live, st.dead)
		}
	}
	// Tables that are no source are ignored.
	err := f.db.Tx(ctx, func(tx *sql.Tx) error { return IndexItem(ctx, f.engine, tx, testSources, "banners", 1) })
	if err != nil {
		t.Error(err)
	}
}

// TestFTSFullMinute: more items than a minute has docids go on into the
// next minutes, each with its own document, all found.
func TestFTSFullMinute(t *testing.T) {
	f := newFixture(t)
	requireFTS4(t, f)
	const n = 1<<docidSeqBits + 10
	start := testNow.Add(-day).Truncate(time.Minute)
	err := f.db.Tx(context.Background(), func(tx *sql.Tx) error {
		for i := range n {
			d := Doc{Kind: "notice", ID: int64(i + 1), Title: "ประกาศรับสมัครงาน", Lang: "th", Status: "published", Start: start, End: start.Add(day)}
			if err := f.engine.Index(context.Background(), tx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.engine.Query(context.Background(), Query{Words: ParseWords("รับสมัคร"), Lang: "th", Now: testNow, Limit: 20})
	if err != nil || res.Total != n || len(res.Refs) != 20 {
		t.Fatalf("Query = %d refs, total %d, %v; want 20, %d", len(res.Refs), res.Total, err, n)
	}
	var docids, maxDocid int64
	if err := f.db.R.QueryRow(`SELECT count(DISTINCT docid), max(docid) FROM search_docs`).Scan(&docids, &maxDocid); err != nil {
		t.Fatal(err)
	}
	if docids != n || maxDocid < docidBase("th", start.UnixMilli())+1<<docidSeqBits {
		t.Errorf("%d docids, the last %d: not spread over the next minute", docids, maxDocid)
	}
}

func TestFTSRebuild(t *testing.T) {
	f := newFixture(t)
	requireFTS4(t, f)
	ctx := context.Background()
	f.add(t, item{kind: "news", title: "ข่าวเรื่องแมวน้ำ", start: testNow.Add(-day)}, true)
	if n, err := f.engine.Ensure(ctx); err != nil || n != 0 {
		t.Fatalf("Ensure on a current index = %d, %v", n, err)
	}
	f.add(t, item{kind: "notice", title: "รับสมัครพนักงานขับรถ", start: testNow.Add(-day)}, false)
	if _, n := f.find(t, "พนักงานขับรถ", "th", testNow, 20, 0); n != 0 {
		t.Fatal("unindexed row found")
	}
	if n, err := f.engine.Ensure(ctx); err != nil || n != 2 {
		t.Fatalf("Ensure = %d, %v; want 2", n, err)
	}
	for _, q := range []string{"พนักงานขับรถ", "แมวน้ำ"} {
		if _, n := f.find(t, q, "th", testNow, 20, 0); n != 1 {
			t.Errorf("%q after rebuild: %d", q, n)
		}
	}

	// The rebuild re-creates search_fts exactly as the migration made it.
	var ddl string
	if err := f.db.R.QueryRow(`SELECT sql FROM sqlite_master WHERE name = 'search_fts'`).Scan(&ddl); err != nil || ddl != ftsDDL {
		t.Errorf("search_fts after rebuild: %q, %v", ddl, err)
	}
	migs, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range migs {
		found = found || strings.Contains(m.SQL, ftsDDL+";")
	}
	if !found {
		t.Error("no migration creates search_fts as ftsDDL says")
	}
}

// matchSyntax is all a MATCH expression may contain: quoted phrases of our
// own tokens.
var matchSyntax = regexp.MustCompile(`^("[0-9a-z]{12}( [0-9a-z]{12})*"( "[0-9a-z]{12}( [0-9a-z]{12})*")*)?$`)

func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{"ทุนการศึกษา", `"unterminated`, "a* OR b", "-x NEAR/3 y", "(ก OR ข) AND NOT ค", "col:value",
		"^first", "\x00\xff", "ทุน\u0e31\u0e48\u0e48", strings.Repeat("ก", 500), "๒๕๖๘", "a  b\tc\n", "İSTANBUL ǅ", "''", strings.Repeat("มหาวิทยาลัย นักศึกษา scholarship ", 6), `\%_`} {
		f.Add(s)
	}
	fx := newFixture(f)
	title := "ข่าวทดสอบ OR NEAR \"quoted\" (x*)"
	fx.add(f, item{kind: "news", title: title, body: "เนื้อหา - ทุน * การศึกษา", start: testNow.Add(-day)}, true)
	f.Fuzz(func(t *testing.T, q string) {
		tally.Count()
		if m := ftsMatch(ParseWords(q)); !matchSyntax.MatchString(m) {
			t.Fatalf("ftsMatch(ParseWords(%q)) = %q", q, m)
		}
		for _, lang := range []string{"th", "en"} {
			if _, _, err := Find(context.Background(), fx.engine, fx.db.R, testSources, q, lang, testNow, 5, 0); err != nil {
				t.Fatalf("Find(%q): %v", q, err)
			}
		}
		_ = Highlight(title, q)
	})
}

// requireFTS4 skips a test of the FTS4 engine's own workings (docids, dead
// documents, the virtual table) on PostgreSQL, whose engine
// trgm_postgres_test.go tests.
func requireFTS4(t *testing.T, f *fixture) {
	t.Helper()
	if _, ok := f.engine.(*FTS); !ok {
		t.Skipf("tests the SQLite FTS4 engine; this run's engine is %T", f.engine)
	}
}
