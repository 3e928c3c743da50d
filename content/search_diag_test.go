package content

import (
	"context"
	"os"
	"testing"
	"time"

	"newsroom/db"
)

func TestSearchDiag(t *testing.T) {
	if os.Getenv("DIAG") == "" {
		t.Skip()
	}
	d, err := db.Open(context.Background(), "/tmp/sbench/search100k.db")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, bq := range benchQueries {
		sq := parseSearchQuery(bq.q)
		if sq.match == "" {
			continue
		}
		st := time.Now()
		var n int
		if err := d.R.QueryRow(`SELECT count(*) FROM search_fts WHERE search_fts MATCH ?`, sq.match).Scan(&n); err != nil {
			t.Fatal(err)
		}
		t1 := time.Since(st)
		st = time.Now()
		var m int
		if err := d.R.QueryRow(`SELECT count(*) FROM search_fts JOIN search_docs d ON d.docid = search_fts.docid WHERE search_fts MATCH ? AND d.status='published' AND d.lang='th'`, sq.match).Scan(&m); err != nil {
			t.Fatal(err)
		}
		t.Logf("%-16s fts=%d %v  join=%d %v  ntok=%d", bq.name, n, t1, m, time.Since(st), len(sq.match)/13)
	}
	rows, _ := d.R.Query(`EXPLAIN QUERY PLAN SELECT d.kind, d.item_id, count(*) OVER () FROM search_fts JOIN search_docs d ON d.docid = search_fts.docid
		WHERE search_fts MATCH ? AND d.status = 'published' AND d.lang = ? AND d.start_at <= ? ORDER BY d.start_at DESC LIMIT 20`, "x", "th", 0)
	for rows.Next() {
		var a, b, c int
		var s string
		rows.Scan(&a, &b, &c, &s)
		t.Log(s)
	}
	rows.Close()
	var segs int
	d.R.QueryRow(`SELECT count(*) FROM search_fts_segdir`).Scan(&segs)
	t.Log("segments", segs)
}
