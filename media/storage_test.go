package media

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A write killed inside Put leaves a ".tmp-*" file beside its key. The
// sweep removes those an hour old and keeps younger ones (a write may be in
// progress) and every stored file.
func TestSweepTempRemovesInterruptedWritesOnly(t *testing.T) {
	root := t.TempDir()
	s, err := NewLocalStorage(root, "")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	key := "ab/cd/abcdabcdabcdabcdabcdabcdabcdabcd.jpg"
	if err := s.Put(context.Background(), key, []byte("photo")); err != nil {
		t.Fatal(err)
	}
	files := []struct {
		path string
		age  time.Duration
		kept bool
	}{
		{key, 48 * time.Hour, true},
		{"ab/cd/.tmp-123", 2 * time.Hour, false},
		{"ef/01/.tmp-456", 61 * time.Minute, false},
		{".tmp-789", 3 * time.Hour, false},
		{"ab/cd/.tmp-young", 10 * time.Minute, true},
		{"ab/cd/notes.txt", 48 * time.Hour, true}, // not ours to judge
	}
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.path))
		if f.path != key {
			os.MkdirAll(filepath.Dir(p), 0o750)
			if err := os.WriteFile(p, []byte("half a photo"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chtimes(p, now.Add(-f.age), now.Add(-f.age)); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.SweepTemp(now, time.Hour)
	if err != nil || n != 3 {
		t.Fatalf("swept %d (%v); want the 3 old temporary files", n, err)
	}
	for _, f := range files {
		_, err := os.Stat(filepath.Join(root, filepath.FromSlash(f.path)))
		if (err == nil) != f.kept {
			t.Errorf("%s exists=%v; want %v", f.path, err == nil, f.kept)
		}
	}
}
