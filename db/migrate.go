package db

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migration is one numbered schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations in order. File names are
// NNNN_name.sql; numbers must be consecutive from 1.
func Migrations() ([]Migration, error) {
	entries, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		base := strings.TrimPrefix(e, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("db: migration %q: name must start with a number", base)
		}
		b, err := migrationFS.ReadFile(e)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: base, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("db: migration %s: expected number %d", m.Name, i+1)
		}
	}
	return ms, nil
}

// migrate applies every migration newer than PRAGMA user_version, one
// transaction each, so a failed step leaves the previous version intact.
func migrate(ctx context.Context, w *sql.DB) error {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	var cur int
	if err := w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&cur); err != nil {
		return fmt.Errorf("db: read schema version: %w", err)
	}
	if cur > len(ms) {
		return fmt.Errorf("db: database schema version %d is newer than this program (%d); refusing to run an older binary", cur, len(ms))
	}
	for _, m := range ms[cur:] {
		tx, err := w.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("db: migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			tx.Rollback()
			return fmt.Errorf("db: migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.Version)); err != nil {
			tx.Rollback()
			return fmt.Errorf("db: migration %s: set version: %w", m.Name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("db: migration %s: commit: %w", m.Name, err)
		}
	}
	return nil
}

// Version reports the schema version of the open database.
func (d *DB) Version(ctx context.Context) (int, error) {
	var v int
	err := d.R.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}
