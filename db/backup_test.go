package db

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestManifestPathsStayInside: a tampered MANIFEST cannot make restore read
// or write outside the backup and the data directory.
func TestManifestPathsStayInside(t *testing.T) {
	sum := strings.Repeat("a", 64)
	for _, tc := range []struct {
		path string
		ok   bool
	}{
		{"db/newsroom.db", true},
		{"db/traffic.db", true},
		{"media/ab/cd/abcd.jpg", true},
		{"media/../../etc/passwd", false},
		{"db/../newsroom.db", false},
		{"db/sub/x.db", false},
		{"db/.tmp-x", false},
		{"/etc/passwd", false},
		{"media", false},
		{"media/", false},
		{"other/x", false},
		{"media/a\\..\\..\\x", false},
		{"./db/newsroom.db", false},
		{"", false},
	} {
		dir := t.TempDir()
		b, _ := json.Marshal(Manifest{Format: ManifestFormat, Files: []ManifestFile{{Path: tc.path, Size: 1, SHA256: sum}}})
		os.WriteFile(filepath.Join(dir, "MANIFEST"), b, 0o600)
		_, err := ReadManifest(dir)
		if tc.ok != (err == nil) {
			t.Errorf("%q: ReadManifest error %v, want ok=%v", tc.path, err, tc.ok)
		}
		if err != nil && !errors.Is(err, ErrIncompleteBackup) {
			t.Errorf("%q: %v is not ErrIncompleteBackup", tc.path, err)
		}
	}
}

func TestReadManifestRefusesIncomplete(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadManifest(dir); !errors.Is(err, ErrIncompleteBackup) {
		t.Errorf("no manifest: %v", err)
	}
	for _, body := range []string{"", `{"format":"newsroom-backup/1","files":[`, `{"format":"other"}`, `{"format":"newsroom-backup/1","files":[{"path":"db/x.db","size":1,"sha256":"short"}]}`} {
		os.WriteFile(filepath.Join(dir, "MANIFEST"), []byte(body), 0o600)
		if _, err := ReadManifest(dir); !errors.Is(err, ErrIncompleteBackup) {
			t.Errorf("%q: %v", body, err)
		}
	}
}
