// Package db opens the SQLite database, applies the embedded migrations and takes
// online backups. SQLite-specific settings live here, in the DSN, so every pooled
// connection gets them and the rest of the code base stays portable SQL.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
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

// dsn builds the connection string. busy_timeout still matters: other
// processes (the backup command, the CLI) may hold the write lock briefly.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	q.Set("_synchronous", "NORMAL")
	if readOnly {
		q.Set("_query_only", "true") // BEGIN IMMEDIATE would fail on a query_only connection
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + uriPath(path) + "?" + q.Encode()
}

// uriPath escapes what a SQLite URI filename reads specially, so a data
// directory named "a#b" or "50%" opens that very file, not "a" or an error.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
}

// Open opens (creating if needed) the database file at path and migrates it to
// the newest schema.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("db: create data dir: %w", err)
	}
	w, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("db: open writer: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite3", dsn(path, true))
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
