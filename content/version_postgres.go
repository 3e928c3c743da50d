package content

// PostgreSQL's own side of the content version (version.go): a change
// notifies every instance, and each instance listens on a connection of
// its own.

import (
	"context"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// versionChannel is the channel changes are announced on; the payload is
// the new content version.
const versionChannel = "newsroom_content"

// postgresBumpAndNotify bumps the shared content version and announces the
// new one on versionChannel, in one statement: PostgreSQL delivers the
// notification when the bump commits, never before and never without it.
const postgresBumpAndNotify = `WITH bumped AS (
	INSERT INTO settings (key, value) VALUES ('content_version', '1')
	ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT)
	RETURNING value)
SELECT pg_notify('` + versionChannel + `', value) FROM bumped`

// listenPing is how long the listener waits for a notification before it
// checks that its connection still answers (a silently dead connection
// would otherwise hear nothing, and the fallback would go slow).
const listenPing = 30 * time.Second

// ListenVersions keeps this instance's view of the content version current
// as other instances change content: it holds one connection of its own
// (pgx, outside the pools) that LISTENs on the content channel, takes each
// announced version at once, and reconnects with a growing pause when the
// connection fails. While it is not listening, Version re-reads the
// database every second as before. It returns when ctx ends; on SQLite
// (one instance) it returns at once.
func (s *Store) ListenVersions(ctx context.Context) error {
	if !s.db.IsPostgres() {
		return nil
	}
	pause := 100 * time.Millisecond
	for ctx.Err() == nil {
		heard, err := s.listen(ctx)
		s.versions.listening.Store(false)
		if ctx.Err() != nil {
			break
		}
		if heard {
			pause = 100 * time.Millisecond // it worked for a while: retry soon
		}
		s.log.Warn("content version listener: reconnecting", "err", err, "pause", pause)
		wait := pause + time.Duration(rand.Int64N(int64(pause)))
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		pause = min(2*pause, 10*time.Second)
	}
	return ctx.Err()
}

// listen runs one connection until it fails or ctx ends; heard reports
// whether it got as far as listening.
func (s *Store) listen(ctx context.Context) (heard bool, err error) {
	cfg, err := pgx.ParseConfig(s.db.URL())
	if err != nil {
		return false, err
	}
	cfg.RuntimeParams["application_name"] = "newsroom-listen"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `LISTEN `+versionChannel); err != nil {
		return false, err
	}
	// Changes made while no one listened are read from the database now.
	s.versions.forget()
	s.versions.listening.Store(true)
	for {
		wctx, cancel := context.WithTimeout(ctx, listenPing)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return true, ctx.Err()
		case err == nil:
			if v, perr := strconv.ParseInt(n.Payload, 10, 64); perr == nil {
				s.versions.heard(v)
			} else {
				s.versions.forget()
			}
		case wctx.Err() != nil: // quiet for a while: is the connection alive?
			if err := conn.Ping(ctx); err != nil {
				return true, err
			}
		default:
			return true, err
		}
	}
}
