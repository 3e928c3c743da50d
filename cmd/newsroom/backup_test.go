package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"html"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"newsroom/db"
	"newsroom/media"
	"newsroom/roles"
)

// answer is what a URL returned: status, redirect target and body hash.
type answer struct {
	status   int
	location string
	sum      string
}

var (
	linkAttr = regexp.MustCompile(`(?:href|src|poster|data-src)="([^"]+)"`)
	srcset   = regexp.MustCompile(`srcset="([^"]+)"`)
	locTag   = regexp.MustCompile(`<loc>([^<]+)</loc>`)
)

// perRequest matches the values a page makes afresh for every request.
var perRequest = regexp.MustCompile(`((?:name="token" value|data-pow-challenge)=")[^"]*`)

// fetch GETs path from base as an anonymous tool (not counted as a reader,
// so crawling changes no state), following no redirects.
func fetch(t *testing.T, base, path string) (answer, []byte) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	// The Q&A form carries a fresh signed token and proof-of-work challenge
	// on every request: they are not content.
	sum := sha256.Sum256(perRequest.ReplaceAll(body, []byte("$1")))
	return answer{status: res.StatusCode, location: res.Header.Get("Location"), sum: hex.EncodeToString(sum[:])}, body
}

// crawl follows every same-site link from the homepages, the lists and the
// sitemaps (up to maxPages pages; every /media/ URL found is fetched) and
// returns what each URL answered.
func crawl(t *testing.T, base, siteURL string, maxPages int) map[string]answer {
	t.Helper()
	seen := map[string]answer{}
	queue := []string{"/", "/en/", "/news", "/notices", "/videos", "/sitemap.xml", "/robots.txt", "/news/rss.xml", "/notices/rss.xml",
		"/api/v1/news", "/api/v1/videos", "/api/v1/banners", "/api/v1/notices", "/api/v1/featured"}
	queued := map[string]bool{}
	for _, q := range queue {
		queued[q] = true
	}
	pages := 0
	add := func(raw string) {
		u := html.UnescapeString(strings.TrimSpace(raw))
		u = strings.TrimPrefix(u, siteURL)
		if i := strings.IndexByte(u, '#'); i >= 0 {
			u = u[:i]
		}
		if !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || strings.HasPrefix(u, "/admin") || queued[u] {
			return
		}
		queued[u] = true
		queue = append(queue, u)
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		isMedia := strings.HasPrefix(p, "/media/")
		if !isMedia && !strings.HasPrefix(p, "/assets/") {
			if pages >= maxPages {
				continue
			}
			pages++
		}
		a, body := fetch(t, base, p)
		seen[p] = a
		if a.location != "" {
			add(a.location)
		}
		if isMedia || strings.HasPrefix(p, "/assets/") {
			continue
		}
		for _, m := range linkAttr.FindAllSubmatch(body, -1) {
			add(string(m[1]))
		}
		for _, m := range locTag.FindAllSubmatch(body, -1) {
			add(string(m[1]))
		}
		for _, m := range srcset.FindAllSubmatch(body, -1) {
			for c := range strings.SplitSeq(html.UnescapeString(string(m[1])), ",") {
				if f := strings.Fields(c); len(f) > 0 {
					add(f[0])
				}
			}
		}
	}
	return seen
}

// sameAnswers fetches every URL of before from base and fails the test
// unless each answers as before (status, redirect, body hash); it returns
// how many it compared. what names the site in messages.
func sameAnswers(t *testing.T, base string, before map[string]answer, what string) int {
	t.Helper()
	var urls []string
	for u := range before {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	bad := 0
	for _, u := range urls {
		got, _ := fetch(t, base, u)
		if got != before[u] {
			bad++
			if bad <= 10 {
				t.Errorf("%s: %s answers %+v, the original %+v", u, what, got, before[u])
			}
		}
	}
	if bad > 0 {
		t.Fatalf("%d of %d URLs answer differently on %s", bad, len(urls), what)
	}
	return len(urls)
}

var noticeFile = regexp.MustCompile(`^(/en)?/notices/\d+/file$`)

var backupCounts = regexp.MustCompile(`media copied (\d+), unchanged (\d+), removed (\d+)`)

func backupCopied(t *testing.T, out string) (copied, unchanged int) {
	t.Helper()
	m := backupCounts.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("backup output lacks the counts: %s", out)
	}
	copied, _ = strconv.Atoi(m[1])
	unchanged, _ = strconv.Atoi(m[2])
	return copied, unchanged
}

// TestBackupRestoreServesTheSameSite: the demo site (photos, banners, PDF
// notices) is backed up while it runs, restored into a fresh directory and
// served again: every page and media URL answers with the same status and
// body, and the traffic log verifies. A second backup copies no media.
func TestBackupRestoreServesTheSameSite(t *testing.T) {
	ta := newDemoApp(t)
	skipOnPostgres(t, ta)
	ctx := context.Background()
	before := crawl(t, ta.srv.URL, ta.cfg.BaseURL, 400)
	kinds := map[string]int{}
	for u, a := range before {
		if a.status != http.StatusOK {
			continue
		}
		if strings.HasPrefix(u, "/media/") {
			kinds[filepath.Ext(u)]++
		} else if noticeFile.MatchString(u) {
			kinds["notice pdf"]++
		}
	}
	if kinds[".jpg"] < 10 || kinds["notice pdf"] < 1 {
		t.Fatalf("the crawl found too few media files to prove anything: %v", kinds)
	}
	if err := ta.traffic.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var mediaFiles int
	filepath.WalkDir(filepath.Join(ta.dataDir, "media"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && media.ValidKey(filepath.ToSlash(strings.TrimPrefix(p, filepath.Join(ta.dataDir, "media")+"/"))) {
			mediaFiles++
		}
		return nil
	})

	bk := filepath.Join(t.TempDir(), "backup")
	out, _, err := runCmd(t, ta.dataDir, "backup", bk)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if copied, _ := backupCopied(t, out); copied != mediaFiles {
		t.Errorf("first backup copied %d media files, the data directory has %d: %s", copied, mediaFiles, out)
	}
	out, _, err = runCmd(t, ta.dataDir, "backup", bk)
	if err != nil {
		t.Fatalf("second backup: %v", err)
	}
	if copied, unchanged := backupCopied(t, out); copied != 0 || unchanged != mediaFiles {
		t.Errorf("a second backup with nothing changed copied %d media files (unchanged %d of %d): %s", copied, unchanged, mediaFiles, out)
	}

	restored := filepath.Join(t.TempDir(), "restored")
	if out, _, err := runCmd(t, restored, "restore", bk); err != nil || !strings.Contains(out, "traffic log ok") {
		t.Fatalf("restore: %v %s", err, out)
	}
	if out, _, err := runCmd(t, restored, "traffic", "verify"); err != nil || !strings.Contains(out, "traffic log ok") {
		t.Fatalf("traffic verify on the restored copy: %v %s", err, out)
	}
	// The restored site, at the same instant as the original.
	cfg := testConfig(t, restored)
	log := slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError}))
	a2, err := newApp(ctx, cfg, log, io.Discard, appOptions{hash: roles.TestHashParams, now: ta.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	srv2 := httptest.NewServer(a2.Handler)
	defer func() { srv2.Close(); a2.Close() }()
	n := sameAnswers(t, srv2.URL, before, "the restored site")
	t.Logf("%d URLs compared (%v media files by type), %d media files in the backup", n, kinds, mediaFiles)
}

// TestInterruptedBackupIsNotRestorable: a backup that stops part-way (the
// hook fails as a crash would) leaves no MANIFEST and no file under a final
// name, and restore refuses it; a damaged or truncated backup file is
// refused too, and the target stays untouched.
func TestInterruptedBackupIsNotRestorable(t *testing.T) {
	ta := newTestApp(t)
	skipOnPostgres(t, ta)
	ctx := context.Background()
	for i := range 3 {
		data := []byte("%PDF-1.4 test file " + strconv.Itoa(i))
		if err := ta.files.Put(ctx, media.Key(data, ".pdf"), data); err != nil {
			t.Fatal(err)
		}
	}
	ta.browser(t).get("/")
	ta.traffic.Flush(ctx)
	t.Cleanup(func() { db.BackupHook = nil })
	failAt := func(step string) {
		db.BackupHook = func(s string) error {
			if s == step {
				return errors.New("simulated crash at " + s)
			}
			return nil
		}
	}
	wantRefused := func(bk, what, msg string) {
		t.Helper()
		target := filepath.Join(t.TempDir(), "target")
		_, _, err := runCmd(t, target, "restore", bk)
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Fatalf("%s: restore: %v, want refusal mentioning %q", what, err, msg)
		}
		if _, err := os.Stat(target); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%s: a refused restore left the target behind", what)
		}
		left, _ := filepath.Glob(filepath.Join(filepath.Dir(target), ".*"))
		if len(left) > 0 {
			t.Fatalf("%s: a refused restore left %v", what, left)
		}
	}
	for _, step := range []string{"snapshot", "media", "verified"} {
		bk := filepath.Join(t.TempDir(), "backup")
		failAt(step)
		if _, _, err := runCmd(t, ta.dataDir, "backup", bk); err == nil {
			t.Fatalf("crash at %s: backup succeeded", step)
		}
		db.BackupHook = nil
		for _, final := range []string{"MANIFEST", "db/newsroom.db", "db/traffic.db"} {
			if _, err := os.Stat(filepath.Join(bk, final)); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("crash at %s: %s exists", step, final)
			}
		}
		wantRefused(bk, "crash at "+step, "interrupted")
	}

	bk := filepath.Join(t.TempDir(), "backup")
	if _, _, err := runCmd(t, ta.dataDir, "backup", bk); err != nil {
		t.Fatal(err)
	}
	// A later backup into the same directory that crashes before its
	// manifest leaves the earlier backup restorable.
	ta.browser(t).get("/news")
	ta.traffic.Flush(ctx)
	failAt("verified")
	if _, _, err := runCmd(t, ta.dataDir, "backup", bk); err == nil {
		t.Fatal("crashed backup succeeded")
	}
	db.BackupHook = nil
	good := filepath.Join(t.TempDir(), "good")
	if _, _, err := runCmd(t, good, "restore", bk); err != nil {
		t.Fatalf("the earlier backup is no longer restorable: %v", err)
	}
	if _, _, err := runCmd(t, good, "restore", bk); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("restore onto a data directory in use: %v", err)
	}

	damage := func(name string, fn func(p string)) string {
		t.Helper()
		c := filepath.Join(t.TempDir(), "copy")
		if err := os.CopyFS(c, os.DirFS(bk)); err != nil {
			t.Fatal(err)
		}
		fn(filepath.Join(c, name))
		return c
	}
	truncate := func(p string) {
		st, _ := os.Stat(p)
		if err := os.Truncate(p, st.Size()/2); err != nil {
			t.Fatal(err)
		}
	}
	empty := func(p string) { os.Truncate(p, 0) }
	wantRefused(damage("db/newsroom.db", empty), "empty database file", "does not match")
	wantRefused(damage("db/traffic.db", truncate), "truncated traffic log", "does not match")
	wantRefused(damage("MANIFEST", truncate), "truncated manifest", "interrupted")
	var someMedia string
	filepath.WalkDir(filepath.Join(bk, "media"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			someMedia, _ = filepath.Rel(bk, p)
		}
		return nil
	})
	wantRefused(damage(someMedia, func(p string) { os.WriteFile(p, bytes.Repeat([]byte("x"), 10), 0o600) }), "altered media file", "does not match")
	wantRefused(damage(someMedia, func(p string) { os.Remove(p) }), "missing media file", "no such file")

	// The old single-file form is refused with a clear message.
	file := filepath.Join(t.TempDir(), "old.db")
	os.WriteFile(file, nil, 0o600)
	if _, _, err := runCmd(t, ta.dataDir, "backup", file); exitCode(err) != 2 || !strings.Contains(err.Error(), "directory") {
		t.Fatalf("backup onto a file: %v", err)
	}
}
