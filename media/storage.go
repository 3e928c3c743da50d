package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Storage keeps processed files under keys, and uploads in a staging area
// until they are processed: in local directories (LocalStorage) or in an
// S3-compatible object store (S3Storage).
type Storage interface {
	// Put stores data under key; storing the same key twice is harmless
	// (keys are content-derived).
	Put(ctx context.Context, key string, data []byte) error
	// Open returns the file for reading and its size; a missing key is an
	// error wrapping fs.ErrNotExist.
	Open(key string) (io.ReadSeekCloser, int64, error)
	// Delete removes key; a missing key is not an error.
	Delete(ctx context.Context, key string) error
	Staging
}

// Store is the storage a site runs on: the files, the staging area, the
// listing the orphan sweep and the backup read, and the sweep of what an
// interrupted write left behind. LocalStorage and S3Storage implement it;
// OpenStorage picks one from the NEWSROOM_MEDIA_URL setting.
type Store interface {
	Storage
	// Walk calls fn for every stored key, in no particular order.
	Walk(fn func(key string, info fs.FileInfo) error) error
	// SweepTemp deletes what writes that never finished left behind, once
	// older than age, and returns how many it deleted.
	SweepTemp(now time.Time, age time.Duration) (int, error)
}

// OpenStorage opens the storage mediaURL names: "" is the local layout
// (dataDir/media for the files, dataDir/staging for uploads), an s3:// URL
// a bucket of an S3-compatible object store (see ParseS3URL).
func OpenStorage(ctx context.Context, mediaURL, dataDir string) (Store, error) {
	if mediaURL == "" {
		return NewLocalStorage(filepath.Join(dataDir, "media"), filepath.Join(dataDir, "staging"))
	}
	cfg, err := ParseS3URL(mediaURL)
	if err != nil {
		return nil, err
	}
	cfg.SpoolDir = filepath.Join(dataDir, "tmp")
	return NewS3Storage(ctx, cfg)
}

// Key returns the content-derived key of data: "ab/cd/<sha256 prefix><ext>".
// Identical output is stored once, and a name says nothing about the upload.
func Key(data []byte, ext string) string {
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:16])
	return h[0:2] + "/" + h[2:4] + "/" + h + ext
}

var keyPattern = regexp.MustCompile(`^[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}(_t)?\.(jpg|png|pdf)$`)

// ValidKey reports whether key has the shape Key makes, so a request path can
// never name anything else on disk.
func ValidKey(key string) bool { return keyPattern.MatchString(key) }

// LocalStorage stores files in a directory, and uploads in another.
type LocalStorage struct {
	root    string
	staging string // "" when uploads cannot be staged
}

// NewLocalStorage uses (and creates) dir for processed files and stages
// uploads in staging (created when first used; "" refuses staging).
func NewLocalStorage(dir, staging string) (*LocalStorage, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("media: storage dir: %w", err)
	}
	return &LocalStorage{root: dir, staging: staging}, nil
}

func (s *LocalStorage) path(key string) (string, error) {
	if !ValidKey(key) {
		return "", fmt.Errorf("media: bad key %q", key)
	}
	return filepath.Join(s.root, filepath.FromSlash(key)), nil
}

// Put writes through a temporary file and a rename, so a crash never leaves a
// half-written file under a real key.
func (s *LocalStorage) Put(ctx context.Context, key string, data []byte) error {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	return nil
}

// Open opens a stored file.
func (s *LocalStorage) Open(key string) (io.ReadSeekCloser, int64, error) {
	p, err := s.path(key)
	if err != nil {
		return nil, 0, fs.ErrNotExist
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
}

// Delete removes a stored file.
func (s *LocalStorage) Delete(ctx context.Context, key string) error {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: delete %s: %w", key, err)
	}
	return nil
}

// Walk calls fn for every stored key (the orphan sweeper uses it).
func (s *LocalStorage) Walk(fn func(key string, info fs.FileInfo) error) error {
	return filepath.Walk(s.root, func(p string, info fs.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, err := filepath.Rel(s.root, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if !ValidKey(key) {
			if strings.HasPrefix(filepath.Base(p), ".tmp-") {
				return fn(key, info) // an interrupted Put
			}
			return nil
		}
		return fn(key, info)
	})
}

// SweepTemp deletes the temporary files of writes that never finished (a
// server killed inside Put leaves its ".tmp-*" file) once they are older
// than age, so a write still in progress is never touched. It returns how
// many it deleted.
func (s *LocalStorage) SweepTemp(now time.Time, age time.Duration) (int, error) {
	n := 0
	err := filepath.WalkDir(s.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone meanwhile
			}
			return err
		}
		if d.IsDir() || !strings.HasPrefix(d.Name(), ".tmp-") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if now.Sub(info.ModTime()) <= age {
			return nil
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("media: sweep %s: %w", p, err)
		}
		n++
		return nil
	})
	return n, err
}
