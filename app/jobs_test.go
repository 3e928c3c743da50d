package app_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// At start (and daily) the upload sweep closes batches stuck "running" with
// every job done and removes the litter of a crash: temporary files of
// interrupted writes and staging files of interrupted uploads, once an hour
// old; young and live ones stay.
func TestUploadSweepRunsAtStart(t *testing.T) {
	ta := newTestApp(t)
	if ta.cfg.MediaURL != "" {
		t.Skip("the litter of the data directory's media/ and staging/; with media in a bucket, media's spool sweep tests cover it")
	}
	old := time.Now().Add(-2 * time.Hour)
	write := func(rel string, mtime time.Time) string {
		p := filepath.Join(ta.dataDir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{p, filepath.Dir(p)} {
			os.Chtimes(q, mtime, mtime)
		}
		return p
	}
	science := ta.unitID(t, "science")
	if _, err := ta.db.W.Exec(`INSERT INTO upload_batches (id, unit_id, draft_token, total, processed, state, created_at, updated_at)
		VALUES ('stuckbatch', ?, 'draft-0123456789abcdef', 2, 2, 'running', 0, 0)`, science); err != nil {
		t.Fatal(err)
	}
	if _, err := ta.db.W.Exec(`INSERT INTO jobs (kind, batch_id, payload, state, created_at, updated_at) VALUES ('news.photo', 'stuckbatch', '{}', 'done', 0, 0), ('news.photo', 'stuckbatch', '{}', 'done', 0, 0)`); err != nil {
		t.Fatal(err)
	}
	gone := []string{
		write("media/ab/cd/.tmp-2718281828", old),
		write("staging/deadbeefdeadbeefdeadbeefdeadbeef/0", old),
		write("staging/stuckbatch/0", time.Now()),
	}
	kept := []string{
		write("media/ab/cd/.tmp-3141592653", time.Now()),
		write("staging/0123456789abcdef0123456789abcdef/0", time.Now()),
	}
	var sweep func(context.Context) error
	for _, j := range ta.jobs() {
		if j.name == "upload-sweep" {
			sweep = j.fn
		}
	}
	if sweep == nil {
		t.Fatal("no upload-sweep job")
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { sweep(ctx); close(stopped) }()
	// The job sweeps as it starts; wait for it (the next run is a day away).
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var state string
		ta.db.R.QueryRow(`SELECT state FROM upload_batches WHERE id = 'stuckbatch'`).Scan(&state)
		_, err := os.Stat(gone[1])
		if state == "done" && os.IsNotExist(err) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the upload sweep did not run at start: batch %s, orphan staging err %v", state, err)
		}
	}
	cancel()
	<-stopped
	for _, p := range gone {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s left behind", p)
		}
	}
	for _, p := range kept {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: %v", p, err)
		}
	}
}
