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
	"os"
	"path/filepath"
	"runtime"
)

// DB is the application database. Writes go through a single connection so
// concurrent admins queue in Go instead of meeting SQLITE_BUSY; reads use a pool
// of read-only connections that WAL lets run beside the writer.
type DB struct {
	// W is the writer: one connection, immediate transactions.
	W *sql.DB
	// R is the reader pool: query_only connections.
	R    *sql.DB
	path string
}

// Open opens (creating if needed) the database file at path and migrates it to
// the newest schema.
func Open(ctx context.Context, path string) (*DB, error) {
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
	return &DB{W: w, R: r, path: path}, nil
}

// Path is the database file's path.
func (d *DB) Path() string { return d.path }

// Close closes both pools.
func (d *DB) Close() error {
	return errors.Join(d.R.Close(), d.W.Close())
}

// Tx runs fn in a write transaction, committing when fn returns nil.
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}
