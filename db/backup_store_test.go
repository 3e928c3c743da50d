package db

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsroom/media"
	"newsroom/media/s3test"
)

// TestBackupThroughMediaStore: a site whose media live in a store (an S3
// bucket on a real server, and the local store through the same interface)
// is backed up by listing and reading the store, incrementally, and restored
// by writing the media back into a store; a damaged media file is refused.
func TestBackupThroughMediaStore(t *testing.T) {
	ctx := context.Background()
	var server string
	for _, tc := range []struct {
		name string
		open func(t *testing.T) media.Store
	}{
		{"local", func(t *testing.T) media.Store {
			s, err := media.OpenStorage(ctx, "", t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
		{"s3", func(t *testing.T) media.Store {
			if server == "" {
				server = s3test.Start(t) // one server, a bucket per store
			}
			s, err := media.OpenStorage(ctx, s3test.Bucket(t, server), t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := tc.open(t)
			files := map[string][]byte{}
			for i, ext := range []string{".jpg", ".png", ".pdf"} {
				data := bytes.Repeat([]byte{byte('a' + i)}, 1000*(i+1))
				key := media.Key(data, ext)
				files[key] = data
				if err := store.Put(ctx, key, data); err != nil {
					t.Fatal(err)
				}
			}
			bk := filepath.Join(t.TempDir(), "backup")
			rep, err := BackupDir(ctx, BackupSource{Media: store}, bk)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Copied != 3 || rep.Skipped != 0 || len(rep.Manifest.Files) != 3 {
				t.Fatalf("first backup: copied %d, skipped %d, %d files", rep.Copied, rep.Skipped, len(rep.Manifest.Files))
			}
			for key, data := range files {
				got, err := os.ReadFile(filepath.Join(bk, "media", filepath.FromSlash(key)))
				if err != nil || !bytes.Equal(got, data) {
					t.Fatalf("%s in the backup: %v", key, err)
				}
			}
			if _, err := VerifyBackup(ctx, bk); err != nil {
				t.Fatal(err)
			}
			rep, err = BackupDir(ctx, BackupSource{Media: store}, bk)
			if err != nil || rep.Copied != 0 || rep.Skipped != 3 {
				t.Fatalf("second backup: copied %d, skipped %d, %v", rep.Copied, rep.Skipped, err)
			}
			var gone string
			for key := range files {
				gone = key
				break
			}
			if err := store.Delete(ctx, gone); err != nil {
				t.Fatal(err)
			}
			delete(files, gone)
			rep, err = BackupDir(ctx, BackupSource{Media: store}, bk)
			if err != nil || rep.Removed != 1 || len(rep.Manifest.Files) != 2 {
				t.Fatalf("backup after a delete: removed %d, %d files, %v", rep.Removed, len(rep.Manifest.Files), err)
			}

			// Restore into a fresh store and an empty data directory.
			into := tc.open(t)
			target := filepath.Join(t.TempDir(), "data")
			if _, err := RestoreTo(ctx, bk, target, into, nil); err != nil {
				t.Fatal(err)
			}
			for key, data := range files {
				f, _, err := into.Open(key)
				if err != nil {
					t.Fatalf("%s after restore: %v", key, err)
				}
				got, _ := io.ReadAll(f)
				f.Close()
				if !bytes.Equal(got, data) {
					t.Fatalf("%s restored with other bytes", key)
				}
			}
			if entries, _ := os.ReadDir(filepath.Join(target, "media")); len(entries) != 0 {
				t.Fatalf("media went into the data directory too: %v", entries)
			}

			// A damaged media file is refused before it is stored.
			for key := range files {
				os.WriteFile(filepath.Join(bk, "media", filepath.FromSlash(key)), []byte("damaged"), 0o600)
				break
			}
			_, err = RestoreTo(ctx, bk, filepath.Join(t.TempDir(), "data2"), tc.open(t), nil)
			if err == nil || !strings.Contains(err.Error(), "damaged backup") {
				t.Fatalf("restore of a damaged backup: %v", err)
			}
		})
	}
}
