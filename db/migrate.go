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

	"github.com/pressly/goose/v3"
)

// Migrations live in one folder per SQL dialect, as goose files
// (NNNN_name.sql, "-- +goose Up", forward only): migrations/sqlite/ today.
// A second dialect (PostgreSQL) gets its own folder, migrations/postgres/,
// with the same numbers and the same schema written in its syntax.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFS embed.FS

// fsSub is the migrations folder dir as goose reads it.
func fsSub(dir string) (fs.FS, error) { return fs.Sub(migrationFS, dir) }

// migrationDir is the folder of the dialect this build runs on.
const migrationDir = "migrations/" + dialectName

// versionTable is goose's record of the applied migrations.
const versionTable = goose.DefaultTablename

// currentVersionSQL reads the newest applied migration. is_applied is an
// integer in SQLite and a boolean in PostgreSQL; both read it as a truth
// value.
const currentVersionSQL = `SELECT coalesce(max(version_id), 0) FROM ` + versionTable + ` WHERE is_applied`

// Migration is one numbered schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the embedded SQLite migrations in order. File names are
// NNNN_name.sql; numbers must be consecutive from 1.
func Migrations() ([]Migration, error) {
	return readMigrations(migrationFS, migrationDir)
}

// PostgresMigrations returns the embedded PostgreSQL migrations in order:
// a baseline (NNNN_baseline.sql, the SQLite schema up to NNNN in one
// step), then one file per later number.
func PostgresMigrations() ([]Migration, error) {
	return readMigrations(migrationFS, "migrations/postgres")
}

// readMigrations reads the migrations of folder dir in fsys.
func readMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		base := strings.TrimPrefix(e, dir+"/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("db: migration %q: name must start with a number", base)
		}
		b, err := fs.ReadFile(fsys, e)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: base, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	first := 1
	if len(ms) > 0 && strings.HasSuffix(ms[0].Name, "_baseline.sql") {
		first = ms[0].Version // a baseline stands for every step up to its number
	}
	for i, m := range ms {
		if m.Version != first+i {
			return nil, fmt.Errorf("db: migration %s: expected number %d", m.Name, first+i)
		}
	}
	return ms, nil
}

// migrate brings the database to the newest schema through goose, which
// applies each pending migration in its own transaction together with its
// row in the version table, so a failed step leaves the previous version
// intact. A database written before goose (its version kept by the
// dialect, see adoptLegacyVersion) is adopted first: its applied steps are
// recorded as such and only the rest run.
func migrate(ctx context.Context, w *sql.DB) error {
	ms, err := Migrations() // also enforces consecutive numbers
	if err != nil {
		return err
	}
	newest := int64(len(ms))
	cur, legacy, err := adoptLegacyVersion(ctx, w, newest)
	if err != nil {
		return err
	}
	if cur > newest {
		return newerSchemaError(cur, newest)
	}
	if cur < newest {
		sub, err := fs.Sub(migrationFS, migrationDir)
		if err != nil {
			return err
		}
		p, err := goose.NewProvider(gooseDialect, w, sub,
			goose.WithDisableGlobalRegistry(true),
			goose.WithLogger(goose.NopLogger()))
		if err != nil {
			return fmt.Errorf("db: migrations: %w", err)
		}
		if _, err := p.Up(ctx); err != nil {
			return fmt.Errorf("db: migrate: %w", err)
		}
	}
	if legacy != newest {
		return recordLegacyVersion(ctx, w, newest)
	}
	return nil
}

func newerSchemaError(cur, newest int64) error {
	return fmt.Errorf("db: database schema version %d is newer than this program (%d); refusing to run an older binary", cur, newest)
}

// Version reports the schema version of the open database: the newest
// migration goose recorded as applied.
func (d *DB) Version(ctx context.Context) (int, error) {
	var v int
	err := d.R.QueryRowContext(ctx, currentVersionSQL).Scan(&v)
	return v, err
}
