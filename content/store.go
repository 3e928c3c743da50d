package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"newsroom/db"
	"newsroom/media"
)

// Store is the SQL of the content types plus the media files they own.
type Store struct {
	db    *db.DB
	files media.Storage
	queue *media.Queue
	log   *slog.Logger
	// Staging is where uploads wait for the photo workers.
	Staging string
}

// NewStore wires a content store. queue may be nil for read-only tools.
func NewStore(d *db.DB, files media.Storage, queue *media.Queue, staging string, log *slog.Logger) *Store {
	return &Store{db: d, files: files, queue: queue, Staging: staging, log: log}
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
		var n int
		err := s.db.R.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM photos WHERE file_key = ?1 OR thumb_key = ?1) +
			(SELECT count(*) FROM body_images WHERE file_key = ?1)`, k).Scan(&n)
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
