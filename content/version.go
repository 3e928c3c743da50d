package content

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"
)

// The content version lets page caches know when to forget: every change to
// what visitors see bumps it, in memory (this server's caches see it at
// once) and in the database (other servers see it within a second). Caches
// are accelerators only; the database stays the truth.

// tx runs fn in a write transaction and, when it commits, bumps the content
// version.
func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := s.db.Tx(ctx, fn); err != nil {
		return err
	}
	s.changed(ctx)
	return nil
}

func (s *Store) changed(ctx context.Context) {
	s.localVersion.Add(1)
	_, err := s.db.W.ExecContext(context.WithoutCancel(ctx), `INSERT INTO settings (key, value) VALUES ('content_version', '1')
		ON CONFLICT(key) DO UPDATE SET value = CAST(settings.value AS BIGINT) + 1`)
	if err != nil {
		s.log.Error("content version", "err", err)
	}
}

// versionCache remembers the database's version for a second.
type versionCache struct {
	mu      atomic.Pointer[versionRead]
	dbEvery time.Duration
}

type versionRead struct {
	at time.Time
	v  int64
}

// Version is the content version a cache keys its entries by: this server's
// own changes and the database's shared counter.
func (s *Store) Version(ctx context.Context) string {
	local := s.localVersion.Load()
	r := s.versions.mu.Load()
	if r == nil || time.Since(r.at) > time.Second {
		var v string
		if err := s.db.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'content_version'`).Scan(&v); err == nil || err == sql.ErrNoRows {
			n, _ := strconv.ParseInt(v, 10, 64)
			r = &versionRead{at: time.Now(), v: n}
			s.versions.mu.Store(r)
		} else if r == nil {
			r = &versionRead{}
		}
	}
	return strconv.FormatInt(local, 10) + "." + strconv.FormatInt(r.v, 10)
}

// NextChange is the earliest instant after now at which a published item
// starts or ends showing: what visitors see changes then without any edit,
// so cached pages must not outlive it. Zero means no such instant.
func (s *Store) NextChange(ctx context.Context, now time.Time) (time.Time, error) {
	n := ms(now)
	var next sql.NullInt64
	err := s.db.R.QueryRowContext(ctx, `SELECT min(t) FROM (
		SELECT min(start_at) AS t FROM news WHERE status = 'published' AND start_at > ?
		UNION ALL SELECT min(end_at) + 1 FROM news WHERE status = 'published' AND end_at >= ?
		UNION ALL SELECT min(start_at) FROM videos WHERE status = 'published' AND start_at > ?
		UNION ALL SELECT min(end_at) + 1 FROM videos WHERE status = 'published' AND end_at >= ?
		UNION ALL SELECT min(start_at) FROM banners WHERE status = 'published' AND start_at > ?
		UNION ALL SELECT min(end_at) + 1 FROM banners WHERE status = 'published' AND end_at >= ?
		UNION ALL SELECT min(start_at) FROM notices WHERE status = 'published' AND start_at > ?
		UNION ALL SELECT min(end_at) + 1 FROM notices WHERE status = 'published' AND end_at >= ?)`, n, n, n, n, n, n, n, n).Scan(&next)
	if err != nil {
		return time.Time{}, fmt.Errorf("content: next change: %w", err)
	}
	if !next.Valid {
		return time.Time{}, nil
	}
	return fromMS(next.Int64), nil
}
