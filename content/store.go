package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sync/atomic"
	"time"

	"newsroom/db"
	"newsroom/jobs"
	"newsroom/media"
)

// Store is the SQL of the content types plus the media files they own.
type Store struct {
	db    *db.DB
	files media.Storage
	queue *jobs.Queue
	log   *slog.Logger
	// sync bounds photos processed inside requests (editor images) so a
	// burst of them cannot exceed the pipeline's memory budget.
	sync chan struct{}

	localVersion atomic.Int64
	versions     versionCache
	withdrawn    withdrawnCache
}

// NewStore wires a content store. queue may be nil for read-only tools.
func NewStore(d *db.DB, files media.Storage, queue *jobs.Queue, log *slog.Logger) *Store {
	return &Store{db: d, files: files, queue: queue, log: log, sync: make(chan struct{}, media.Workers())}
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v) }

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// notFound wraps sql.ErrNoRows as ErrNotFound with what was looked up.
func notFound(what string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("content: %s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("content: %s: %w", what, err)
}

// deleteUnreferenced removes stored files that no row refers to any more.
// It runs after the transaction that dropped the references has committed,
// so a failure here leaves an orphan file, never a broken page.
func (s *Store) deleteUnreferenced(ctx context.Context, keys []string) {
	for _, k := range keys {
		n, err := s.references(ctx, k)
		if err != nil {
			s.log.Error("media gc: count references", "key", k, "err", err)
			continue
		}
		if n == 0 {
			if err := s.files.Delete(ctx, k); err != nil {
				s.log.Error("media gc: delete", "key", k, "err", err)
			}
		}
	}
}

// Walker lists stored files (media.LocalStorage does).
type Walker interface {
	Walk(fn func(key string, info fs.FileInfo) error) error
}

// SweepOrphans deletes stored files that no row refers to and that are older
// than a day: what a crash between writing a file and its row leaves behind.
// Young files are left alone, as their rows may still be on the way.
func (s *Store) SweepOrphans(ctx context.Context, w Walker, now time.Time) (int, error) {
	var old []string
	err := w.Walk(func(key string, info fs.FileInfo) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if now.Sub(info.ModTime()) > 24*time.Hour && media.ValidKey(key) {
			old = append(old, key)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("content: sweep media: %w", err)
	}
	n := 0
	for _, k := range old {
		refs, err := s.references(ctx, k)
		if err != nil {
			return n, err
		}
		if refs == 0 {
			if err := s.files.Delete(ctx, k); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// references counts the rows that use a stored file. Every table that keeps
// a media key must be listed here.
func (s *Store) references(ctx context.Context, key string) (int, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM photos WHERE file_key = ?1 OR thumb_key = ?1) +
		(SELECT count(*) FROM body_images WHERE file_key = ?1) +
		(SELECT count(*) FROM videos WHERE poster_key = ?1) +
		(SELECT count(*) FROM banners WHERE image_key = ?1) +
		(SELECT count(*) FROM notices WHERE file_key = ?1) +
		(SELECT count(*) FROM pending_files WHERE file_key = ?1) +
		(SELECT count(*) FROM takedown_files WHERE file_key = ?1)`, key).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("content: references of %s: %w", key, err)
	}
	return n, nil
}

// queryColumn runs a read query of one column and returns its values.
func queryColumn[T any](ctx context.Context, s *Store, q string, args ...any) ([]T, error) {
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
