// Package db opens the SQLite database, applies the embedded migrations (goose,
// one folder per SQL dialect under migrations/) and takes online backups.
// What is SQLite's own (the driver, the DSN that gives every pooled connection
// its settings, PRAGMAs, VACUUM INTO, error codes) lives in sqlite.go. Every
// package that writes SQL keeps SQLite's own spellings in one dialect file of
// its own (sqlite.go, or search/fts_sqlite.go); a test (seam_test.go) keeps
// them out of the other files of db, roles, audit, content, media, jobs,
// search and counter.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// DB is the application database. Writes go through a single connection so
// concurrent admins queue in Go instead of meeting SQLITE_BUSY; reads use a pool
// of read-only connections that WAL lets run beside the writer.
type DB struct {
	// W is the writer: one connection, immediate transactions.
	W *sql.DB
	// R is the reader pool: query_only connections.
	R       *sql.DB
	path    string
	dialect Dialect
	url     string
}

// Dialect names the SQL engine under a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Dialect is the engine of d.
func (d *DB) Dialect() Dialect { return d.dialect }

// IsPostgres reports whether d is a PostgreSQL database.
func (d *DB) IsPostgres() bool { return d != nil && d.dialect == Postgres }

// Open opens the database target names and migrates it to the newest
// schema: a PostgreSQL database when target is a postgres:// URL
// (NEWSROOM_DATABASE_URL), else the SQLite file at that path, created if
// needed.
func Open(ctx context.Context, target string) (*DB, error) {
	if IsPostgresURL(target) {
		return openPostgres(ctx, target)
	}
	path := target
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("db: create data dir: %w", err)
	}
	w, err := sql.Open(driverName, dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("db: open writer: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open(driverName, dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open reader: %w", err)
	}
	n := max(4, runtime.NumCPU()*2)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return &DB{W: w, R: r, path: path, dialect: SQLite}, nil
}

// URL is the PostgreSQL connection URL ("" for SQLite), for what needs a
// connection of its own (LISTEN).
func (d *DB) URL() string { return d.url }

// Path is the database file's path ("" for PostgreSQL).
func (d *DB) Path() string { return d.path }

// Close closes both pools.
func (d *DB) Close() error {
	return errors.Join(d.R.Close(), d.W.Close())
}

// Tx runs fn in a write transaction, committing when fn returns nil.
//
// SQLite runs one writer at a time, so its transactions are serializable.
// On PostgreSQL, where instances and connections write side by side, Tx
// asks for SERIALIZABLE isolation to keep that guarantee and runs fn again
// (up to 8 times) when PostgreSQL aborts it for a serialization failure or
// a deadlock; fn must therefore only touch the database and values it
// starts afresh each time.
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var opts *sql.TxOptions
	if d.dialect == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelSerializable}
	}
	for attempt := 0; ; attempt++ {
		err := d.tx(ctx, opts, fn)
		if err == nil || d.dialect != Postgres || !isPostgresRetry(err) || attempt == 7 {
			return err
		}
		if err := sleepCtx(ctx, retryPause(attempt)); err != nil {
			return err
		}
	}
}

func (d *DB) tx(ctx context.Context, opts *sql.TxOptions, fn func(tx *sql.Tx) error) error {
	tx, err := d.W.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// IsUniqueViolation reports whether err is a write refused by a UNIQUE or
// PRIMARY KEY constraint, read from the driver's error code, not its text.
func IsUniqueViolation(err error) bool {
	return isSQLiteUnique(err) || isPostgresUnique(err)
}

// retryPause grows with each attempt, with jitter so that two transactions
// that collided do not collide again in step.
func retryPause(attempt int) time.Duration {
	base := time.Duration(1<<min(attempt, 6)) * time.Millisecond
	return base + time.Duration(rand.Int64N(int64(base)))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
