package search

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"newsroom/db/dbtest"
)

// trigramFixture is a PostgreSQL fixture (skipped on SQLite runs).
func trigramFixture(t *testing.T) (*fixture, *Trigram) {
	t.Helper()
	dbtest.RequirePostgres(t)
	f := newFixture(t)
	e, ok := f.engine.(*Trigram)
	if !ok {
		t.Fatalf("engine on PostgreSQL is %T", f.engine)
	}
	return f, e
}

// TestTrigramKeepsOneRowPerItem: saving an item again replaces its row,
// a status change by any code reaches the index (trigger), a deleted item
// leaves it (trigger), and what is found follows.
func TestTrigramKeepsOneRowPerItem(t *testing.T) {
	f, _ := trigramFixture(t)
	ctx := context.Background()
	id := f.add(t, item{kind: "news", title: "ข่าวเรื่องแมวน้ำ", start: testNow.Add(-day)}, true)
	rows := func() (n int, status string) {
		t.Helper()
		if err := f.db.R.QueryRow(`SELECT count(*), coalesce(max(status), '') FROM search_docs WHERE kind = 'news' AND item_id = ?`, id).Scan(&n, &status); err != nil {
			t.Fatal(err)
		}
		return n, status
	}
	check := func(step, q string, found, wantRows int, wantStatus string) {
		t.Helper()
		_, total := f.find(t, q, "th", testNow, 20, 0)
		n, status := rows()
		if total != found || n != wantRows || status != wantStatus {
			t.Errorf("%s: found %d, %d rows (%q); want %d, %d (%q)", step, total, n, status, found, wantRows, wantStatus)
		}
	}
	check("saved", "แมวน้ำ", 1, 1, "published")
	err := f.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE news SET headline = 'ข่าวเรื่องนกกระจอก' WHERE id = ?`, id); err != nil {
			return err
		}
		return IndexItem(ctx, f.engine, tx, testSources, "news", id)
	})
	if err != nil {
		t.Fatal(err)
	}
	check("new text: old word", "แมวน้ำ", 0, 1, "published")
	check("new text: new word", "กระจอก", 1, 1, "published")
	if _, err := f.db.W.Exec(`UPDATE news SET status = 'trashed' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	check("trashed by other code", "กระจอก", 0, 1, "trashed")
	if _, err := f.db.W.Exec(`DELETE FROM news WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	check("deleted by other code", "กระจอก", 0, 0, "")
}

// TestTrigramEnsureAndRebuild: Ensure leaves a current index alone and
// rebuilds one that misses items written around the save paths.
func TestTrigramEnsureAndRebuild(t *testing.T) {
	f, e := trigramFixture(t)
	ctx := context.Background()
	f.add(t, item{kind: "news", title: "ข่าวเรื่องแมวน้ำ", start: testNow.Add(-day)}, true)
	if n, err := e.Ensure(ctx); err != nil || n != 0 {
		t.Fatalf("Ensure on a current index = %d, %v", n, err)
	}
	f.add(t, item{kind: "notice", title: "รับสมัครพนักงานขับรถ", start: testNow.Add(-day)}, false)
	if _, n := f.find(t, "พนักงานขับรถ", "th", testNow, 20, 0); n != 0 {
		t.Fatalf("an item never indexed was found")
	}
	if n, err := e.Ensure(ctx); err != nil || n != 2 {
		t.Fatalf("Ensure with an item missing = %d, %v; want a rebuild of 2", n, err)
	}
	if _, n := f.find(t, "พนักงานขับรถ", "th", testNow, 20, 0); n != 1 {
		t.Errorf("after the rebuild: found %d; want 1", n)
	}
}

// TestTrigramThaiSubstringUsesTheIndex: a Thai word inside other words is
// found, and the pg_trgm GIN index (search_docs_folded) can answer its
// LIKE: the word yields trigrams (with sequential scans off, the plan reads
// the index; at 3,000 rows the planner may rightly prefer a scan).
func TestTrigramThaiSubstringUsesTheIndex(t *testing.T) {
	f, e := trigramFixture(t)
	ctx := context.Background()
	words := []string{"ประชุม", "วิชาการ", "นักศึกษา", "กีฬา", "ปลูกต้นไม้", "อบรม", "สัมมนา", "บริการ", "วิจัย", "ชุมชน"}
	err := f.db.Tx(ctx, func(tx *sql.Tx) error {
		for i := range 3000 {
			title := fmt.Sprintf("%s%s ครั้งที่ %d", words[i%len(words)], words[(i/len(words))%len(words)], i)
			start := testNow.Add(-time.Duration(i) * time.Hour)
			d := Doc{Kind: "news", ID: int64(i + 1), Title: title, Body: strings.Repeat("รายละเอียดกิจกรรม ", 5), Lang: "th", Status: "published", Start: start, End: start.Add(day)}
			if err := e.Index(ctx, tx, d); err != nil {
				return err
			}
		}
		d := Doc{Kind: "news", ID: 5000, Title: "มหาวิทยาลัยนครพนมจัดงานแข่งเรือยาวประเพณี", Lang: "th", Status: "published", Start: testNow.Add(-day), End: testNow}
		return e.Index(ctx, tx, d)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.W.Exec(`ANALYZE search_docs`); err != nil {
		t.Fatal(err)
	}
	res, err := e.Query(ctx, Query{Words: ParseWords("เรือยาว"), Lang: "th", Now: testNow, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Refs) != 1 || res.Refs[0].ID != 5000 {
		t.Errorf("เรือยาว found %v; want news 5000", res.Refs)
	}
	plan := dbtest.PlanWithoutSeqScan(t, f.db.R, `SELECT kind, item_id FROM search_docs WHERE folded LIKE ? ESCAPE '\'`, likeArg("เรือยาว"))
	if !strings.Contains(plan, "search_docs_folded") {
		t.Errorf("the query does not use the trigram index:\n%s", plan)
	}
}

// TestTrigramCountStopsPastTheCap: a word in more than CountCap items is
// counted only to CountCap+1 ("more than 1,000"), which keeps a common
// word's page as cheap as a rare one's; fewer are counted exactly.
func TestTrigramCountStopsPastTheCap(t *testing.T) {
	f, e := trigramFixture(t)
	ctx := context.Background()
	err := f.db.Tx(ctx, func(tx *sql.Tx) error {
		for i := range CountCap + 50 {
			title := "ข่าวกิจกรรมนักศึกษา"
			if i%2 == 0 {
				title = "ประกาศทุนการศึกษา"
			}
			start := testNow.Add(-time.Duration(i+1) * time.Minute)
			if err := e.Index(ctx, tx, Doc{Kind: "news", ID: int64(i + 1), Title: title, Lang: "th", Status: "published", Start: start, End: start.Add(day)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"ศึกษา": CountCap + 1, "กิจกรรม": (CountCap + 50) / 2} {
		res, err := e.Query(ctx, Query{Words: ParseWords(q), Lang: "th", Now: testNow, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != want || len(res.Refs) != 20 {
			t.Errorf("%s: total %d, %d refs; want %d, 20", q, res.Total, len(res.Refs), want)
		}
	}
}
