package db_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"newsroom/db"
	"newsroom/db/dbtest"
)

// TestCopyTablesToPostgres copies a SQLite site's rows, quotes, Thai text,
// NULLs, large integers and trigger-kept rows included, to PostgreSQL:
// every shared table's count and row hash match, seed rows of the fresh
// target are replaced by the source's, ids continue after the copied ones,
// and a damaged copy is caught by the digests.
func TestCopyTablesToPostgres(t *testing.T) {
	ctx := context.Background()
	src, err := db.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := db.Open(ctx, dbtest.NewDatabase(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	for _, q := range []string{
		`INSERT INTO units (id, code, name_th, name_en, kind, created_at) VALUES (7, 'sci', 'คณะวิทยาศาสตร์', 'Science ''quoted''', 'faculty', 1796431130473)`,
		`INSERT INTO users (id, citizen_id, name, unit_id, role, password_hash, created_at, updated_at, last_login_at) VALUES (40, '1234567890123', 'สมชาย ?', 7, 'central', 'x', 1, 2, NULL)`,
		`INSERT INTO user_grants (user_id, category) VALUES (40, 'jobs'), (40, 'procurement')`,
		`INSERT INTO news (id, news_type, headline, body, start_at, end_at, unit_id, created_at, updated_at, views) VALUES (900, 'activity', 'ข่าว "ทดสอบ"', '<p>a\b</p>', 0, 9, 7, 0, 0, 9007199254740993)`,
		`INSERT INTO pages (id, slug, title, start_at, end_at, unit_id, created_at, updated_at, people) VALUES (3, 'executives', 'ผู้บริหาร', 0, 1, 7, 0, 0, '[{"name":"อธิการบดี","role":"President"},{"name":"B"}]')`,
		`DELETE FROM tags WHERE slug = 'ethics'`,
	} {
		if _, err := src.W.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := db.RequireEmptySite(ctx, dst); err != nil {
		t.Fatal(err)
	}
	rep, err := db.CopyTables(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows["users"] != 1 || rep.Rows["page_people"] != 2 || rep.Rows["tags"] != 2 {
		t.Errorf("rows copied %v", rep.Rows)
	}
	cols, err := db.SharedColumns(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Digests(ctx, src, cols)
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.Digests(ctx, dst, cols)
	if err != nil {
		t.Fatal(err)
	}
	for name, da := range a {
		if _, shared := cols[name]; shared && b[name] != da {
			t.Errorf("%s: source %+v, target %+v", name, da, b[name])
		}
	}
	if err := db.RequireEmptySite(ctx, dst); err == nil || !strings.Contains(err.Error(), "already holds a site") {
		t.Errorf("a second copy into the filled target: %v", err)
	}
	var id int64
	if err := dst.W.QueryRowContext(ctx, `INSERT INTO units (code, name_th, created_at) VALUES ('edu', 'ศึกษา', 0) RETURNING id`).Scan(&id); err != nil || id != 8 {
		t.Errorf("a new unit after the copy got id %d (%v); want 8", id, err)
	}
	// A changed value is seen.
	if _, err := dst.W.ExecContext(ctx, `UPDATE news SET views = views - 1`); err != nil {
		t.Fatal(err)
	}
	b, _ = db.Digests(ctx, dst, cols)
	if b["news"] == a["news"] {
		t.Error("the digests did not notice a changed count")
	}
}
