package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsroom/db"
	"newsroom/db/dbtest"
	"newsroom/media/s3test"
	"newsroom/roles"
)

// TestMigrateDemoSiteToPostgresAndS3: the README's demo site on SQLite and
// local media, moved with `newsroom migrate-to` to PostgreSQL and a bucket,
// answers every page, photo and PDF as before (crawled at the same
// instant, status and body hash); the command verified every table and
// file, the traffic log became a chain that verifies, and a second run
// into the filled database is refused.
func TestMigrateDemoSiteToPostgresAndS3(t *testing.T) {
	pgURL := dbtest.NewDatabase(t, "")
	mediaURL := s3test.Start(t)
	ctx := context.Background()
	now := time.Now()
	clock := func() time.Time { return now }
	log := slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError}))

	// The demo site, on SQLite and the data directory whatever this run's
	// engine is.
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	cfg.DatabaseURL, cfg.MediaURL = "", ""
	src, err := newApp(ctx, cfg, log, io.Discard, appOptions{hash: roles.TestHashParams, now: clock})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(src.Handler)
	before := crawl(t, srv.URL, cfg.BaseURL, 400)
	srv.Close()
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for u, a := range before {
		if a.status == http.StatusOK && strings.HasPrefix(u, "/media/") {
			kinds[filepath.Ext(u)]++
		} else if a.status == http.StatusOK && noticeFile.MatchString(u) {
			kinds["notice pdf"]++
		}
	}
	if kinds[".jpg"] < 10 || kinds["notice pdf"] < 1 {
		t.Fatalf("the crawl found too few media files to prove anything: %v", kinds)
	}

	migrate := func() (string, error) {
		var o, e bytes.Buffer
		env := map[string]string{"NEWSROOM_DATA": dir, "NEWSROOM_INSTANCE": "web1"}
		err := run(ctx, []string{"newsroom", "migrate-to", "--to-database-url", pgURL, "--to-media-url", mediaURL}, func(k string) string { return env[k] }, &o, &e)
		return o.String() + e.String(), err
	}
	out, err := migrate()
	if err != nil {
		t.Fatalf("migrate-to: %v\n%s", err, out)
	}
	t.Logf("migrate-to:\n%s", out)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`copied \d+ tables, \d+ rows`),
		regexp.MustCompile(`verified \d+ tables: row counts and row hashes equal`),
		regexp.MustCompile(`copied \d+ media files .* SHA-256 checked`),
		regexp.MustCompile(`traffic log: \d+ records became chain "web1"`),
	} {
		if !want.MatchString(out) {
			t.Errorf("migrate-to did not report %q", want)
		}
	}
	if out, err := migrate(); err == nil || !strings.Contains(err.Error(), "already holds a site") {
		t.Errorf("a second migrate-to into the filled database: %v\n%s", err, out)
	}

	// The moved site, from an empty data directory, at the same instant.
	cfg2 := testConfig(t, t.TempDir())
	cfg2.DatabaseURL, cfg2.MediaURL, cfg2.Instance = pgURL, mediaURL, "web1"
	moved, err := newApp(ctx, cfg2, log, io.Discard, appOptions{hash: roles.TestHashParams, now: clock})
	if err != nil {
		t.Fatal(err)
	}
	srv2 := httptest.NewServer(moved.Handler)
	defer func() { srv2.Close(); moved.Close() }()
	n := sameAnswers(t, srv2.URL, before, "the moved site")
	t.Logf("%d URLs compared (%v media files by type)", n, kinds)

	// Search works on the moved site (its index was rebuilt at start).
	if p, _ := fetch(t, srv2.URL, "/search?q=%E0%B8%A1%E0%B8%AB%E0%B8%B2%E0%B8%A7%E0%B8%B4%E0%B8%97%E0%B8%A2%E0%B8%B2%E0%B8%A5%E0%B8%B1%E0%B8%A2"); p.status != http.StatusOK {
		t.Errorf("search on the moved site: %d", p.status)
	}
	d, err := db.Open(ctx, pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var indexed int
	d.R.QueryRow(`SELECT count(*) FROM search_docs`).Scan(&indexed)
	if indexed == 0 {
		t.Error("the moved site's search index is empty")
	}

	// The imported traffic log verifies as the chain web1.
	srv2.Close()
	moved.Close()
	var o, e bytes.Buffer
	env := map[string]string{"NEWSROOM_DATA": t.TempDir(), "NEWSROOM_DATABASE_URL": pgURL}
	if err := run(ctx, []string{"newsroom", "traffic", "verify"}, func(k string) string { return env[k] }, &o, &e); err != nil || !strings.Contains(o.String(), "web1") {
		t.Errorf("traffic verify after the move: %v\n%s%s", err, o.String(), e.String())
	}
}
