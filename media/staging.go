package media

// staging.go is where uploads wait for the photo workers: objects grouped
// by the id of their upload batch, kept apart from the processed files.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Staging holds uploaded files, grouped by batch, until their batch is
// processed. A key is "<batch>/<name>": a directory per batch on local
// disk; in an object store, objects under a staging prefix. Nobody outside
// the implementation sees where an object lives.
type Staging interface {
	// PutStaged streams r into the object name of batch and returns its key
	// and size. An object already under that key is an error: each file of
	// an upload gets its own name. Errors of r come back wrapped.
	PutStaged(ctx context.Context, batch, name string, r io.Reader) (key string, size int64, err error)
	// OpenStaged opens a staged object for random access (a ZIP's entries
	// are read in place). The object may be read until it is closed; a
	// missing key is an error wrapping fs.ErrNotExist.
	OpenStaged(ctx context.Context, key string) (StagedObject, error)
	// DeleteStaged removes every object of batch; a batch with none is not
	// an error.
	DeleteStaged(ctx context.Context, batch string) error
	// WalkStaged calls fn for every staged object (the sweep uses it), in no
	// particular order.
	WalkStaged(ctx context.Context, fn func(StagedInfo) error) error
}

// StagedObject is an open staged object.
type StagedObject interface {
	io.ReaderAt
	io.Closer
	Size() int64
}

// StagedInfo describes a staged object for the sweep.
type StagedInfo struct {
	Batch    string
	Key      string // "" for something of the batch that is no object (an empty directory, a stray file)
	Size     int64
	Modified time.Time // last write
}

// StagedKey is the key of the object name of batch.
func StagedKey(batch, name string) string { return batch + "/" + name }

// SplitStagedKey returns the batch and name of a staged key, ok false when
// key is not one.
func SplitStagedKey(key string) (batch, name string, ok bool) {
	batch, name, ok = strings.Cut(key, "/")
	return batch, name, ok && validStagedPart(batch) && validStagedPart(name)
}

// validStagedPart reports whether s may be a batch id or an object name:
// one plain path element, so a key can never name anything outside the
// staging area.
func validStagedPart(s string) bool {
	return s != "" && len(s) <= 128 && !strings.ContainsAny(s, "/\\\x00") && s != "." && s != ".." && filepath.IsLocal(s)
}

func (s *LocalStorage) stagedPath(key string) (string, error) {
	batch, name, ok := SplitStagedKey(key)
	if !ok || s.staging == "" {
		return "", fmt.Errorf("media: bad staged key %q: %w", key, fs.ErrNotExist)
	}
	return filepath.Join(s.staging, batch, name), nil
}

// PutStaged writes the object straight into its batch's directory: a
// batch is recorded only once all its files are staged, and a broken upload
// deletes its batch, so a half-written file is never processed.
func (s *LocalStorage) PutStaged(ctx context.Context, batch, name string, r io.Reader) (string, int64, error) {
	key := StagedKey(batch, name)
	p, err := s.stagedPath(key)
	if err != nil {
		return "", 0, err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return "", 0, fmt.Errorf("media: stage %s: %w", key, err)
	}
	out, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", 0, fmt.Errorf("media: stage %s: %w", key, err)
	}
	n, err := io.Copy(out, ctxReader{ctx, r})
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(p)
		return "", 0, fmt.Errorf("media: stage %s: %w", key, err)
	}
	return key, n, nil
}

// OpenStaged opens a staged file; its reads fail once ctx ends.
func (s *LocalStorage) OpenStaged(ctx context.Context, key string) (StagedObject, error) {
	p, err := s.stagedPath(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("media: open staged %s: %w", key, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("media: open staged %s: %w", key, err)
	}
	return &localStaged{ctx: ctx, f: f, size: st.Size()}, nil
}

type localStaged struct {
	ctx  context.Context
	f    *os.File
	size int64
}

func (o *localStaged) ReadAt(p []byte, off int64) (int, error) {
	if err := o.ctx.Err(); err != nil {
		return 0, err
	}
	return o.f.ReadAt(p, off)
}

func (o *localStaged) Size() int64  { return o.size }
func (o *localStaged) Close() error { return o.f.Close() }

// DeleteStaged removes a batch's directory (or a stray file of that name).
func (s *LocalStorage) DeleteStaged(ctx context.Context, batch string) error {
	if !validStagedPart(batch) || s.staging == "" {
		return fmt.Errorf("media: bad staging batch %q", batch)
	}
	if err := os.RemoveAll(filepath.Join(s.staging, batch)); err != nil {
		return fmt.Errorf("media: delete staged %s: %w", batch, err)
	}
	return nil
}

// WalkStaged reports every file under each batch directory; an empty
// directory, or a file directly in the staging directory, is reported with
// an empty key so the sweep can judge it too.
func (s *LocalStorage) WalkStaged(ctx context.Context, fn func(StagedInfo) error) error {
	if s.staging == "" {
		return nil
	}
	entries, err := os.ReadDir(s.staging)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("media: walk staging: %w", err)
	}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch := e.Name()
		info, err := e.Info()
		if err != nil {
			continue // gone meanwhile
		}
		if !e.IsDir() {
			if err := fn(StagedInfo{Batch: batch, Size: info.Size(), Modified: info.ModTime()}); err != nil {
				return err
			}
			continue
		}
		found := false
		dir := filepath.Join(s.staging, batch)
		err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil // a part gone meanwhile is no error
			}
			fi, err := d.Info()
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(dir, p)
			found = true
			return fn(StagedInfo{Batch: batch, Key: StagedKey(batch, filepath.ToSlash(rel)), Size: fi.Size(), Modified: fi.ModTime()})
		})
		if err != nil {
			return err
		}
		if !found {
			if err := fn(StagedInfo{Batch: batch, Modified: info.ModTime()}); err != nil {
				return err
			}
		}
	}
	return nil
}

// ctxReader stops a copy once ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}
