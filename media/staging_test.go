package media

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func newStagingT(t *testing.T) (*LocalStorage, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := NewLocalStorage(filepath.Join(dir, "media"), filepath.Join(dir, "staging"))
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}

// Staged objects are written, read back at any offset, listed and deleted
// by key and batch; nothing else of the disk can be named.
func TestLocalStaging(t *testing.T) {
	s, dir := newStagingT(t)
	ctx := context.Background()
	key, n, err := s.PutStaged(ctx, "b1", "0", strings.NewReader("hello, photo"))
	if err != nil || key != "b1/0" || n != 12 {
		t.Fatalf("PutStaged = %q, %d, %v", key, n, err)
	}
	if _, _, err := s.PutStaged(ctx, "b1", "0", strings.NewReader("again")); err == nil {
		t.Error("a second object under the same key was accepted")
	}
	if _, _, err := s.PutStaged(ctx, "b2", "0", strings.NewReader("other")); err != nil {
		t.Fatal(err)
	}
	obj, err := s.OpenStaged(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := obj.ReadAt(buf, 7); err != nil || string(buf) != "photo" || obj.Size() != 12 {
		t.Errorf("ReadAt = %q, %v; size %d", buf, err, obj.Size())
	}
	obj.Close()

	var walked []string
	err = s.WalkStaged(ctx, func(o StagedInfo) error {
		walked = append(walked, o.Batch+" "+o.Key)
		return nil
	})
	slices.Sort(walked)
	if err != nil || strings.Join(walked, ",") != "b1 b1/0,b2 b2/0" {
		t.Errorf("WalkStaged = %q, %v", walked, err)
	}
	if err := s.DeleteStaged(ctx, "b1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenStaged(ctx, key); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("OpenStaged after DeleteStaged: %v; want fs.ErrNotExist", err)
	}
	if err := s.DeleteStaged(ctx, "b1"); err != nil {
		t.Errorf("deleting a batch twice: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "staging", "b2", "0")); err != nil {
		t.Errorf("the other batch's file: %v", err)
	}
}

func TestStagedKeysNameNothingElse(t *testing.T) {
	s, dir := newStagingT(t)
	ctx := context.Background()
	secret := filepath.Join(dir, "media", "secret")
	if err := os.WriteFile(secret, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"", "b1", "b1/", "/0", "../media/secret", "b1/../../media/secret", "b1/a/b", `b1\..\x`, "./0", "b1/.."} {
		if _, err := s.OpenStaged(ctx, key); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("OpenStaged(%q) = %v; want fs.ErrNotExist", key, err)
		}
	}
	for _, p := range [][2]string{{"..", "media"}, {"b1", ".."}, {"b1", "a/b"}, {"", "0"}, {"b1", ""}} {
		if _, _, err := s.PutStaged(ctx, p[0], p[1], strings.NewReader("x")); err == nil {
			t.Errorf("PutStaged(%q, %q) accepted", p[0], p[1])
		}
	}
	for _, batch := range []string{"", "..", ".", "../media", "a/b"} {
		if err := s.DeleteStaged(ctx, batch); err == nil {
			t.Errorf("DeleteStaged(%q) accepted", batch)
		}
	}
	if _, err := os.Stat(secret); err != nil {
		t.Fatalf("a file outside the staging area was touched: %v", err)
	}
}

// A broken stream leaves no object behind, and a cancelled context stops
// both writing and reading.
func TestStagingStopsOnErrors(t *testing.T) {
	s, _ := newStagingT(t)
	boom := errors.New("connection reset")
	_, _, err := s.PutStaged(context.Background(), "b1", "0", io.MultiReader(strings.NewReader("half"), errReader{boom}))
	if !errors.Is(err, boom) {
		t.Errorf("PutStaged of a broken stream: %v; want it wrapped", err)
	}
	if _, err := s.OpenStaged(context.Background(), "b1/0"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("half an object kept: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if _, _, err := s.PutStaged(ctx, "b1", "1", bytes.NewReader(make([]byte, 10))); err != nil {
		t.Fatal(err)
	}
	obj, err := s.OpenStaged(ctx, "b1/1")
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Close()
	cancel()
	if _, err := obj.ReadAt(make([]byte, 1), 0); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadAt after cancel: %v", err)
	}
	if _, _, err := s.PutStaged(ctx, "b1", "2", strings.NewReader("x")); !errors.Is(err, context.Canceled) {
		t.Errorf("PutStaged after cancel: %v", err)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// The walk reports every batch the sweep must judge, with its last write:
// files in batch directories, an empty batch directory and a stray file.
func TestWalkStagedReportsLitter(t *testing.T) {
	s, dir := newStagingT(t)
	ctx := context.Background()
	if err := s.WalkStaged(ctx, func(StagedInfo) error { t.Error("walked a staging area never made"); return nil }); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-3 * time.Hour).Truncate(time.Second)
	s.PutStaged(ctx, "full", "0", strings.NewReader("x"))
	os.MkdirAll(filepath.Join(dir, "staging", "empty"), 0o750)
	os.WriteFile(filepath.Join(dir, "staging", "stray"), []byte("x"), 0o600)
	for _, p := range []string{"full/0", "empty", "stray"} {
		os.Chtimes(filepath.Join(dir, "staging", p), old, old)
	}
	got := map[string]StagedInfo{}
	s.WalkStaged(ctx, func(o StagedInfo) error { got[o.Batch] = o; return nil })
	want := map[string]string{"full": "full/0", "empty": "", "stray": ""}
	if len(got) != len(want) {
		t.Fatalf("walked %v", got)
	}
	for batch, key := range want {
		if o := got[batch]; o.Key != key || !o.Modified.Equal(old) {
			t.Errorf("%s: %+v; want key %q modified %v", batch, o, key, old)
		}
	}
}
