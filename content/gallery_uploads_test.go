package content

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"newsroom/db"
	"newsroom/jobs"
)

// captions lists a gallery's captions in display order, and checks that its
// positions are unique.
func (f *fixture) captions(t *testing.T, g Gallery) []string {
	t.Helper()
	photos, err := f.store.Photos(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	var out []string
	for _, p := range photos {
		if seen[p.Position] {
			t.Errorf("position %d shared by two photos of the gallery", p.Position)
		}
		seen[p.Position] = true
		out = append(out, p.Caption)
	}
	return out
}

// The last two photos of a batch finish at the same moment: both workers
// have done their photo before either settles its job. Whichever settles
// second must close the batch and remove its staging files, every time.
func TestLastTwoPhotosFinishingTogetherCloseTheBatch(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var barrier *sync.WaitGroup
	f.queue.Handle(jobPhoto, func(ctx context.Context, j jobs.Job) error {
		err := f.store.runPhotoJob(ctx, j)
		barrier.Done()
		barrier.Wait() // both photos are in; now both jobs finish at once
		return err
	}, f.store.failJob)
	one, two := jpegBytes(t, 300, 200), jpegBytes(t, 310, 200)
	uploads := []struct {
		name  string
		files map[string][]byte
		order []string
	}{
		{"two photos", map[string][]byte{"a.jpg": one, "b.jpg": two}, []string{"a.jpg", "b.jpg"}},
		{"two-photo zip", map[string][]byte{"ภาพ.zip": makeZip(t, zipEntry{name: "1.jpg", data: one}, zipEntry{name: "2.jpg", data: two})}, []string{"ภาพ.zip"}},
	}
	for round := range 10 {
		for _, u := range uploads {
			g := Gallery{DraftToken: "draft-token-" + strings.Repeat("x", round+1) + u.name}
			batch, staged := f.stage(t, u.files, u.order)
			if err := f.store.StartUpload(ctx, batch, g, Uploader{UnitID: f.unitA}, staged, time.Now()); err != nil {
				t.Fatal(err)
			}
			barrier = &sync.WaitGroup{}
			barrier.Add(2)
			var workers sync.WaitGroup
			for range 2 {
				// Each worker claims one photo and waits at the barrier
				// with it, so the other worker takes the other photo.
				workers.Go(func() {
					if err := f.queue.RunPending(ctx); err != nil {
						t.Error(err)
					}
				})
			}
			workers.Wait()
			p, err := f.store.UploadProgress(ctx, batch)
			if err != nil {
				t.Fatal(err)
			}
			if p.State != "done" || p.Processed != 2 || p.Total != 2 {
				t.Fatalf("round %d, %s: batch %+v; want done with 2 of 2", round, u.name, p)
			}
			if f.stagedLeft(t, batch) != 0 {
				t.Fatalf("round %d, %s: staging files of the finished batch left behind", round, u.name)
			}
			if got := f.captions(t, g); len(got) != 2 {
				t.Fatalf("round %d, %s: %d photos", round, u.name, len(got))
			}
		}
	}
}

// Two uploads into one gallery at once, and a photo uploaded while a ZIP
// still processes: each upload's photos stay together in arrival order, and
// no two photos share a position (the database refuses it).
func TestConcurrentUploadsIntoOneGalleryStayTogether(t *testing.T) {
	ctx := context.Background()
	jpg := func(w int) []byte { return jpegBytes(t, w, 200) }
	for _, saved := range []bool{true, false} {
		f := newFixture(t)
		g := Gallery{DraftToken: "draft-token-0123456789"}
		if saved {
			n, err := f.store.CreateNews(ctx, validNews(f.unitA, time.Now()), Author{}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			g = Gallery{NewsID: n.ID}
		}
		// A photo already in the gallery.
		f.upload(t, g, f.unitA, map[string][]byte{"first.jpg": jpg(300)}, "first.jpg")
		// Three uploads queued before any of their photos is processed.
		start := func(files map[string][]byte, order ...string) string {
			batch, staged := f.stage(t, files, order)
			if err := f.store.StartUpload(ctx, batch, g, Uploader{UnitID: f.unitA}, staged, time.Now()); err != nil {
				t.Fatal(err)
			}
			return batch
		}
		start(map[string][]byte{"a1.jpg": jpg(301), "a2.jpg": jpg(302), "a3.jpg": jpg(303)}, "a1.jpg", "a2.jpg", "a3.jpg")
		start(map[string][]byte{
			"b1.jpg": jpg(311),
			"b.zip":  makeZip(t, zipEntry{name: "b3.jpg", data: jpg(313)}, zipEntry{name: "b2.jpg", data: jpg(312)}),
			"b4.jpg": jpg(314),
		}, "b1.jpg", "b.zip", "b4.jpg")
		start(map[string][]byte{"c.zip": makeZip(t, zipEntry{name: "c1.jpg", data: jpg(321)}, zipEntry{name: "c2.jpg", data: jpg(322)})}, "c.zip")
		start(map[string][]byte{"d1.jpg": jpg(331)}, "d1.jpg") // while the ZIP still waits
		// The workers take the photos newest upload first, as a busy
		// pool may.
		if _, err := f.db.W.Exec(`UPDATE jobs SET id = -id WHERE state = 'queued'`); err != nil {
			t.Fatal(err)
		}
		if err := f.queue.RunPending(ctx); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(f.captions(t, g), " ")
		want := "first a1 a2 a3 b1 b2 b3 b4 c1 c2 d1"
		if got != want {
			t.Errorf("gallery %+v in order %q; want %q", g, got, want)
		}
		// Unique positions are the database's rule, not only the code's.
		_, err := f.db.W.Exec(`INSERT INTO photos (news_id, draft_token, unit_id, position, file_key, thumb_key, width, height, created_at)
			SELECT news_id, draft_token, unit_id, position, file_key, thumb_key, width, height, created_at FROM photos LIMIT 1`)
		if !db.IsUniqueViolation(err) {
			t.Fatalf("a second photo at a taken position was stored: %v", err)
		}
	}
}

// Uploading a photo that is already in the gallery adds nothing and tells
// the user, also when it comes again inside a ZIP or twice in one upload;
// another gallery may have the same photo.
func TestReuploadOfSamePhotoIsNotDuplicated(t *testing.T) {
	f := newFixture(t)
	g := Gallery{DraftToken: "draft-token-0123456789"}
	same, other := jpegBytes(t, 300, 200), jpegBytes(t, 320, 200)
	f.upload(t, g, f.unitA, map[string][]byte{"a.jpg": same}, "a.jpg")
	p := f.upload(t, g, f.unitA, map[string][]byte{"copy.jpg": same, "new.jpg": other,
		"album.zip": makeZip(t, zipEntry{name: "again.jpg", data: same}, zipEntry{name: "new-again.jpg", data: other})},
		"copy.jpg", "new.jpg", "album.zip")
	if got := strings.Join(f.captions(t, g), " "); got != "a new" {
		t.Fatalf("gallery %q; want the photo once and the new one", got)
	}
	var dups []string
	for _, pr := range p.Problems {
		if pr.Key == "upload.duplicate" {
			dups = append(dups, pr.Name)
		}
	}
	slices.Sort(dups)
	if p.State != "done" || p.Processed != 4 || strings.Join(dups, " ") != "again.jpg copy.jpg new-again.jpg" {
		t.Fatalf("progress %+v; want done, 4 processed, 3 reported as already in the gallery", p)
	}
	other2 := Gallery{DraftToken: "draft-token-another-form"}
	f.upload(t, other2, f.unitA, map[string][]byte{"a.jpg": same}, "a.jpg")
	if got := f.captions(t, other2); len(got) != 1 {
		t.Fatalf("another gallery got %d photos; want the photo there too", len(got))
	}
}

// A restart repairs batches stuck "running" with every job done (as the
// completion race left them), and the sweep removes staging files nothing
// live refers to once they are an hour old, keeping young and live ones.
func TestRepairBatchesAndSweepStaging(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	old := now.Add(-2 * time.Hour)
	mkdir := func(name string, mtime time.Time) string {
		dir := filepath.Join(f.dir, "staging", name)
		if err := os.MkdirAll(dir, 0o750); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "0")
		if err := os.WriteFile(file, []byte("PK\x03\x04"), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{file, dir} {
			if err := os.Chtimes(p, mtime, mtime); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	batch := func(id, state string, jobStates ...string) {
		_, err := f.db.W.Exec(`INSERT INTO upload_batches (id, unit_id, draft_token, total, processed, state, created_at, updated_at)
			VALUES (?, ?, 'draft-token-0123456789', 2, 2, ?, 0, 0)`, id, f.unitA, state)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range jobStates {
			if _, err := f.db.W.Exec(`INSERT INTO jobs (kind, batch_id, payload, state, created_at, updated_at) VALUES (?, ?, '{}', ?, 0, 0)`,
				jobPhoto, id, s); err != nil {
				t.Fatal(err)
			}
		}
	}
	batch("stuck", "running", "done", "done")
	batch("working", "running", "done", "running")
	stuck := mkdir("stuck", now) // young, but its batch is finished
	working := mkdir("working", old)
	orphan := mkdir("0123abcd", old) // an upload cut off by a crash
	young := mkdir("4567cdef", now)  // an upload streaming in now

	closed, err := f.store.RepairBatches(ctx, now)
	if err != nil || closed != 1 {
		t.Fatalf("repaired %d (%v); want the stuck batch", closed, err)
	}
	for id, want := range map[string]string{"stuck": "done", "working": "running"} {
		if p, _ := f.store.UploadProgress(ctx, id); p.State != want {
			t.Errorf("batch %s %s after repair; want %s", id, p.State, want)
		}
	}
	swept, err := f.store.SweepStaging(ctx, now, time.Hour)
	if err != nil || swept != 1 {
		t.Fatalf("swept %d (%v); want the orphan", swept, err)
	}
	for dir, want := range map[string]bool{stuck: false, working: true, orphan: false, young: true} {
		if _, err := os.Stat(dir); (err == nil) != want {
			t.Errorf("%s exists=%v; want %v", filepath.Base(dir), err == nil, want)
		}
	}
}

// Migration 0008 renumbers positions that concurrent uploads made shared,
// in display order (position, then id), before making them unique.
func TestGalleryMigrationRenumbersSharedPositions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	at := slices.IndexFunc(ms, func(m db.Migration) bool { return strings.HasSuffix(m.Name, "_gallery.sql") })
	if at < 0 {
		t.Fatal("no gallery migration")
	}
	for _, m := range ms[:at] {
		if _, err := raw.Exec(m.SQL); err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
	}
	_, err = raw.Exec(`PRAGMA user_version = ` + strconv.Itoa(at) + `;
		INSERT INTO units (id, code, name_th, name_en, kind, created_at) VALUES (1, 'sci', 'ว', 's', 'faculty', 0);
		INSERT INTO news (id, news_type, headline, start_at, end_at, unit_id, created_at, updated_at) VALUES (1, 'mou', 'h', 0, 1, 1, 0, 0), (2, 'mou', 'h', 0, 1, 1, 0, 0);
		INSERT INTO photos (id, news_id, unit_id, position, caption, file_key, thumb_key, width, height, created_at) VALUES
			(1, 1, 1, 0, 'a1', 'k', 'k', 1, 1, 0), (2, 1, 1, 0, 'b1', 'k', 'k', 1, 1, 0),
			(3, 1, 1, 100000, 'a2', 'k', 'k', 1, 1, 0), (4, 1, 1, 100000, 'b2', 'k', 'k', 1, 1, 0),
			(5, 2, 1, 7, 'x', 'k', 'k', 1, 1, 0), (6, 2, 1, 3, 'y', 'k', 'k', 1, 1, 0);
		INSERT INTO photos (id, draft_token, unit_id, position, caption, file_key, thumb_key, width, height, created_at) VALUES
			(7, 'tok', 1, 5, 'd2', 'k', 'k', 1, 1, 0), (8, 'tok', 1, 5, 'd3', 'k', 'k', 1, 1, 0), (9, 'tok', 1, 1, 'd1', 'k', 'k', 1, 1, 0);`)
	if err != nil {
		t.Fatal(err)
	}
	raw.Close()
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	rows, err := d.R.Query(`SELECT caption, position FROM photos ORDER BY coalesce(news_id, 0), position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var c string
		var p int
		rows.Scan(&c, &p)
		got = append(got, c+"="+strconv.Itoa(p))
	}
	want := "d1=0 d2=1 d3=2 a1=0 b1=1 a2=2 b2=3 y=0 x=1"
	if strings.Join(got, " ") != want {
		t.Fatalf("after migration %q; want %q", strings.Join(got, " "), want)
	}
}
