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
//
// On PostgreSQL a change also notifies the other instances at once (NOTIFY
// on the newsroom_content channel, in the statement that bumps the
// version); each instance listens on a connection of its own
// (ListenVersions, version_postgres.go) and takes the new version as it
// arrives. The periodic re-read stays as the fallback: every second while
// the listener is down, every dbEveryListening while it is up (a lost
// notification then shows within that time).

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
	bump := `INSERT INTO settings (key, value) VALUES ('content_version', '1')
		ON CONFLICT(key) DO UPDATE SET value = CAST(settings.value AS BIGINT) + 1`
	if s.db.IsPostgres() {
		bump = postgresBumpAndNotify
	}
	_, err := s.db.W.ExecContext(context.WithoutCancel(ctx), bump)
	if err != nil {
		s.log.Error("content version", "err", err)
	}
}

// versionCache remembers the database's version for a second, or longer
// while a listener hears every change as it is made.
type versionCache struct {
	mu        atomic.Pointer[versionRead]
	listening atomic.Bool // ListenVersions is connected and listening
}

// dbEveryListening is how long the database's version is trusted while the
// listener is connected: the fallback for a notification lost without the
// connection failing.
const dbEveryListening = 10 * time.Second

type versionRead struct {
	at time.Time
	v  int64
}

// heard takes the version a notification announced: the newest of it and
// the one known wins (notifications and re-reads may cross).
func (c *versionCache) heard(v int64) {
	for {
		cur := c.mu.Load()
		next := &versionRead{at: time.Now(), v: v}
		if cur != nil && cur.v > v {
			next.v = cur.v
		}
		if c.mu.CompareAndSwap(cur, next) {
			return
		}
	}
}

// forget makes the next Version read the database's version again (a
// listener that was down may have missed changes).
func (c *versionCache) forget() {
	for {
		cur := c.mu.Load()
		if cur == nil {
			return
		}
		if c.mu.CompareAndSwap(cur, &versionRead{v: cur.v}) {
			return
		}
	}
}

// Version is the content version a cache keys its entries by: this server's
// own changes and the database's shared counter.
func (s *Store) Version(ctx context.Context) string {
	local := s.localVersion.Load()
	every := time.Second
	if s.versions.listening.Load() {
		every = dbEveryListening
	}
	r := s.versions.mu.Load()
	if r == nil || time.Since(r.at) > every {
		var v string
		if err := s.db.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'content_version'`).Scan(&v); err == nil || err == sql.ErrNoRows {
			n, _ := strconv.ParseInt(v, 10, 64)
			read := &versionRead{at: time.Now(), v: n}
			// A notification heard during the read is newer than it.
			if s.versions.mu.CompareAndSwap(r, read) {
				r = read
			} else if r = s.versions.mu.Load(); r == nil {
				r = read
			}
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
	// The derived table is named: PostgreSQL before 16 refuses it otherwise
	// (and the page cache, finding no next change, would keep nothing).
	err := s.db.R.QueryRowContext(ctx, `SELECT min(t) FROM (
		SELECT min(start_at) AS t FROM news WHERE status = 'published' AND start_at > ?
		UNION ALL SELECT min(end_at) + 1 FROM news WHERE status = 'published' AND end_at >= ?
		UNION ALL SELECT min(start_at) FROM videos WHERE status = 'published' AND start_at > ?
		UNION ALL SELECT min(end_at) + 1 FROM videos WHERE status = 'published' AND end_at >= ?
		UNION ALL SELECT min(start_at) FROM banners WHERE status = 'published' AND start_at > ?
		UNION ALL SELECT min(end_at) + 1 FROM banners WHERE status = 'published' AND end_at >= ?
		UNION ALL SELECT min(start_at) FROM notices WHERE status = 'published' AND start_at > ?
		UNION ALL SELECT min(end_at) + 1 FROM notices WHERE status = 'published' AND end_at >= ?) AS changes`, n, n, n, n, n, n, n, n).Scan(&next)
	if err != nil {
		return time.Time{}, fmt.Errorf("content: next change: %w", err)
	}
	if !next.Valid {
		return time.Time{}, nil
	}
	return fromMS(next.Int64), nil
}
