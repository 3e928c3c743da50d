package content

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"newsroom/media"
)

// dirCountingStorage counts how often a staged ZIP's central directory is
// parsed: archive/zip starts every parse by reading the archive's last
// kilobyte (or all of a smaller archive), where it looks for the
// end-of-central-directory record. Reading an entry's data never reads
// there: the directory lies between the last entry and the end.
type dirCountingStorage struct {
	*media.LocalStorage
	mu       sync.Mutex
	dirReads int
}

func (s *dirCountingStorage) OpenStaged(ctx context.Context, key string) (media.StagedObject, error) {
	obj, err := s.LocalStorage.OpenStaged(ctx, key)
	if err != nil {
		return nil, err
	}
	return &dirCountingObject{StagedObject: obj, s: s}, nil
}

type dirCountingObject struct {
	media.StagedObject
	s *dirCountingStorage
}

func (o *dirCountingObject) ReadAt(p []byte, off int64) (int, error) {
	size := o.Size()
	if tail := min(size, 1024); off == size-tail && int64(len(p)) == tail {
		o.s.mu.Lock()
		o.s.dirReads++
		o.s.mu.Unlock()
	}
	return o.StagedObject.ReadAt(p, off)
}

// A ZIP of N photos has its central directory read once for the whole
// batch (when it is queued), not once per photo by the workers.
func TestZipDirectoryReadOncePerBatch(t *testing.T) {
	f := newFixture(t)
	counting := &dirCountingStorage{LocalStorage: f.files}
	f.store = NewStore(f.db, counting, f.queue, f.store.log)
	f.store.RegisterJobs(f.queue)
	const n = 6
	var entries []zipEntry
	var want []string
	for i := range n {
		name := fmt.Sprintf("ภาพ %d", i+1)
		entries = append(entries, zipEntry{name: name + ".jpg", data: jpegBytes(t, 300+i, 200)})
		want = append(want, name)
	}
	g := Gallery{DraftToken: "draft-token-0123456789"}
	p := f.upload(t, g, f.unitA, map[string][]byte{"album.zip": makeZip(t, entries...)}, "album.zip")
	if p.State != "done" || p.Processed != n || len(p.Problems) != 0 {
		t.Fatalf("progress %+v; want %d photos done", p, n)
	}
	if got := strings.Join(f.captions(t, g), "|"); got != strings.Join(want, "|") {
		t.Fatalf("gallery %q; want %q", got, strings.Join(want, "|"))
	}
	if counting.dirReads != 1 {
		t.Fatalf("central directory read %d times for a ZIP of %d photos; want once per batch", counting.dirReads, n)
	}
}

// A server upgraded in the middle of a batch finds photo jobs of the old
// version, which name their file by its path in the staging directory and
// a ZIP photo by its number, and a ZIP job of an even older one. They are
// processed from the same files through the staging area; a job whose file
// is gone fails, and the user is told which photo to upload again.
func TestJobsQueuedBeforeStagingKeys(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	staging := filepath.Join(f.dir, "staging")
	stage := func(batch, name string, data []byte) string {
		p := filepath.Join(staging, batch, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	jpg := func(w int) []byte { return jpegBytes(t, w, 200) }
	album := makeZip(t, zipEntry{name: "z2.jpg", data: jpg(312)}, zipEntry{name: "z1.jpg", data: jpg(311)})
	type job struct {
		kind    string
		payload map[string]any
	}
	tests := []struct {
		name     string
		jobs     func(batch string) []job
		slots    int
		total    [2]int // before and after
		captions string
		failed   string // the photo reported as failed
	}{
		{"photo jobs", func(b string) []job {
			plain, zip := stage(b, "0", jpg(301)), stage(b, "1", album)
			return []job{
				{jobPhoto, map[string]any{"path": plain, "name": "p.jpg", "entry": -1, "index": 0}},
				{jobPhoto, map[string]any{"path": zip, "name": "z1.jpg", "entry": 0, "index": 1}},
				{jobPhoto, map[string]any{"path": zip, "name": "z2.jpg", "entry": 1, "index": 2}},
			}
		}, 3, [2]int{3, 3}, "p|z1|z2", ""},
		{"zip job", func(b string) []job {
			return []job{{jobZip, map[string]any{"path": stage(b, "0", album), "name": "album.zip", "index": 0}}}
		}, 0, [2]int{0, 2}, "z1|z2", ""},
		// The old version had queued the ZIP's photos but died before
		// marking its ZIP job done: the job runs again after the upgrade.
		{"zip job run again", func(b string) []job {
			zip := stage(b, "0", album)
			return []job{
				{jobZip, map[string]any{"path": zip, "name": "album.zip", "index": 0}},
				{jobPhoto, map[string]any{"path": zip, "name": "z1.jpg", "entry": 0, "index": 0}},
				{jobPhoto, map[string]any{"path": zip, "name": "z2.jpg", "entry": 1, "index": 1}},
			}
		}, 0, [2]int{2, 2}, "z1|z2", ""},
		{"file gone", func(b string) []job {
			plain := stage(b, "0", jpg(301))
			return []job{
				{jobPhoto, map[string]any{"path": plain, "name": "p.jpg", "entry": -1, "index": 0}},
				{jobPhoto, map[string]any{"path": filepath.Join(staging, b, "1"), "name": "gone.jpg", "entry": -1, "index": 1}},
				{jobPhoto, map[string]any{"path": filepath.Join(staging, "another-batch", "0"), "name": "elsewhere.jpg", "entry": -1, "index": 2}},
			}
		}, 3, [2]int{3, 3}, "p", "elsewhere.jpg gone.jpg"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			batch := fmt.Sprintf("0123456789abcdef0123456789abcde%d", i)
			g := Gallery{DraftToken: "draft-token-legacy-" + tt.name}
			err := f.store.tx(ctx, func(tx *sql.Tx) error {
				js := tt.jobs(batch)
				if _, err := tx.ExecContext(ctx, `INSERT INTO upload_batches (id, unit_id, draft_token, total, base, slots, state, created_at, updated_at)
					VALUES (?, ?, ?, ?, 0, ?, 'queued', 0, 0)`, batch, f.unitA, g.DraftToken, tt.total[0], tt.slots); err != nil {
					return err
				}
				for _, j := range js {
					if err := f.queue.EnqueueTx(ctx, tx, j.kind, batch, j.payload); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.queue.RunPending(ctx); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(f.captions(t, g), "|"); got != tt.captions {
				t.Errorf("gallery %q; want %q", got, tt.captions)
			}
			p, err := f.store.UploadProgress(ctx, batch)
			if err != nil {
				t.Fatal(err)
			}
			var failed []string
			for _, pr := range p.Problems {
				if pr.Key == "media.failed" {
					failed = append(failed, pr.Name)
				}
			}
			slices.Sort(failed)
			if p.State != "done" || p.Processed != p.Total || p.Total != tt.total[1] || len(p.Problems) != len(failed) ||
				strings.Join(failed, " ") != tt.failed {
				t.Errorf("progress %+v; want done, all counted, no problem but failed %q", p, tt.failed)
			}
			if f.stagedLeft(t, batch) != 0 {
				t.Errorf("staged files of the batch left behind")
			}
		})
	}
}

// An old job's staging path becomes a key from its last two elements, and
// only inside the job's own batch.
func TestLegacyStagedKey(t *testing.T) {
	tests := []struct {
		path, key string
	}{
		{"/var/lib/newsroom/staging/abc/0", "abc/0"},
		{`C:\newsroom\staging\abc\3`, "abc/3"},
		{"data/staging/other/0", ""},
		{"abc", ""},
		{"", ""},
		{"/staging/abc/..", ""},
	}
	for _, tt := range tests {
		key, ok := legacyStagedKey("abc", tt.path)
		if key != tt.key || ok != (tt.key != "") {
			t.Errorf("legacyStagedKey(%q) = %q, %v; want %q", tt.path, key, ok, tt.key)
		}
	}
}
