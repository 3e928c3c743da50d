package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"newsroom/db"
	"newsroom/jobs"
	"newsroom/kind"
	"newsroom/media"
	"newsroom/search"
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
	// search is the search engine the store keeps in step with its items
	// (SQLite FTS; another engine implements search.Engine).
	search search.Engine

	localVersion atomic.Int64
	versions     versionCache
	withdrawn    withdrawnCache
}

// NewStore wires a content store. queue may be nil for read-only tools.
func NewStore(d *db.DB, files media.Storage, queue *jobs.Queue, log *slog.Logger) *Store {
	return &Store{db: d, files: files, queue: queue, log: log, sync: make(chan struct{}, media.Workers()),
		search: search.NewEngine(d, searchSources())}
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

// references counts the rows that use a stored file: every column the
// registry knows to hold media keys (the kinds' files and the non-kind file
// tables, see package kind). A table that keeps media keys and is not
// declared there would lose its files to the sweep; the registry test
// checks the schema for them.
func (s *Store) references(ctx context.Context, key string) (int, error) {
	q, n := referencesQuery()
	args := make([]any, n)
	for i := range args {
		args[i] = key
	}
	var refs int
	if err := s.db.R.QueryRowContext(ctx, q, args...).Scan(&refs); err != nil {
		return 0, fmt.Errorf("content: references of %s: %w", key, err)
	}
	return refs, nil
}

// referencesQuery is the query counting the uses of one key, one subquery
// per table, and how many placeholders it has (each takes the key).
func referencesQuery() (string, int) {
	var tables []string
	cols := map[string][]string{}
	for _, c := range kind.FileColumns() {
		if cols[c.Table] == nil {
			tables = append(tables, c.Table)
		}
		cols[c.Table] = append(cols[c.Table], c.Column+" = ?")
	}
	parts := make([]string, len(tables))
	n := 0
	for i, t := range tables {
		parts[i] = `(SELECT count(*) FROM ` + t + ` WHERE ` + strings.Join(cols[t], " OR ") + `)`
		n += len(cols[t])
	}
	return `SELECT ` + strings.Join(parts, " + "), n
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
