package search

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"newsroom/db"
	"newsroom/db/dbtest"
)

// testSources are content's sources (content/search_sources.go), which
// this package cannot import; content's tests search through the real list.
var testSources = []Source{
	{Kind: "news", Table: "news", Title: "headline", Body: "body_text", Category: "news_type"},
	{Kind: "video", Table: "videos", Title: "title", Body: "description", Category: "programme"},
	{Kind: "notice", Table: "notices", Title: "headline", Body: "summary", Category: "category"},
}

// fixture is a migrated database with one unit, and the engine of its
// dialect on it (FTS4 on SQLite, pg_trgm on PostgreSQL).
type fixture struct {
	db     *db.DB
	engine Engine
	unit   int64
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	d, err := db.Open(context.Background(), dbtest.Target(tb, tb.TempDir()))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	var unit int64
	err = d.W.QueryRow(`INSERT INTO units (code, name_th, name_en, kind, created_at) VALUES ('science', 'คณะ', 'Science', 'faculty', 0) RETURNING id`).Scan(&unit)
	if err != nil {
		tb.Fatal(err)
	}
	return &fixture{db: d, engine: NewEngine(d, testSources), unit: unit}
}

// item is a row of one of testSources' tables.
type item struct {
	kind         string // "news", "video", "notice"
	title, body  string
	lang, status string
	start        time.Time
}

// add inserts it with SQL (as a script would, around any save path) and
// returns its id; index says whether to index it as a save does.
func (f *fixture) add(tb testing.TB, it item, index bool) int64 {
	tb.Helper()
	if it.lang == "" {
		it.lang = "th"
	}
	if it.status == "" {
		it.status = "published"
	}
	const common = `lang, sort, start_at, end_at, status, unit_id, author_name, created_at, updated_at`
	var q string
	switch it.kind {
	case "news":
		q = `INSERT INTO news (news_type, headline, body, body_text, ` + common + `) VALUES ('activity', ?, '', ?, ?, 1, ?, ?, ?, ?, 't', 0, 0)`
	case "video":
		q = `INSERT INTO videos (programme, title, youtube_id, description, ` + common + `) VALUES ('npu-talks', ?, 'dQw4w9WgXcQ', ?, ?, 1, ?, ?, ?, ?, 't', 0, 0)`
	default:
		q = `INSERT INTO notices (category, headline, summary, link_url, ` + common + `) VALUES ('scholarship', ?, ?, 'https://www.npu.ac.th/', ?, 1, ?, ?, ?, ?, 't', 0, 0)`
	}
	start := it.start.UnixMilli()
	var id int64
	err := f.db.Tx(context.Background(), func(tx *sql.Tx) error {
		err := tx.QueryRow(q+` RETURNING id`, it.title, it.body, it.lang, start, start+int64(30*24*time.Hour/time.Millisecond), it.status, f.unit).Scan(&id)
		if err != nil {
			return err
		}
		if !index {
			return nil
		}
		return IndexItem(context.Background(), f.engine, tx, testSources, it.kind, id)
	})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// find searches and returns the hits' titles and the total.
func (f *fixture) find(tb testing.TB, q, lang string, now time.Time, limit, offset int) ([]string, int) {
	tb.Helper()
	hits, total, err := Find(context.Background(), f.engine, f.db.R, testSources, q, lang, now, limit, offset)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, h.Title)
	}
	return out, total
}
