package db

// This file holds what is SQLite's own in package db: the schema version
// SQLite keeps in its file header (PRAGMA user_version), the online copy
// (VACUUM INTO), the integrity check and the driver's error codes. The rest
// of the package, and the stores of the other packages, speak portable SQL;
// a second dialect gets a file like this one beside it.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
)

// driverName is the database/sql driver go-sqlite3 registers.
const driverName = "sqlite3"

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

// dialectName names the folder of this dialect's migrations.
const dialectName = "sqlite"

// gooseDialect is the dialect goose records versions in.
const gooseDialect = goose.DialectSQLite3

// adoptLegacyVersion reads the schema version, handing a database made
// before goose over to goose first. Such a database kept its version in
// PRAGMA user_version and has no version table: when user_version is N > 0,
// versions 1..N are recorded as applied (in one transaction) so goose runs
// only the steps after N. It returns goose's version (0 for a new database,
// whose version table goose creates) and user_version, and refuses a
// user_version newer than this program knows before writing anything.
func adoptLegacyVersion(ctx context.Context, w *sql.DB, newest int64) (cur, legacy int64, err error) {
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("db: read schema version: %w", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&legacy); err != nil {
		return 0, 0, fmt.Errorf("db: read schema version: %w", err)
	}
	if legacy > newest {
		return 0, 0, newerSchemaError(legacy, newest)
	}
	var tables int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, versionTable).Scan(&tables); err != nil {
		return 0, 0, fmt.Errorf("db: read schema version: %w", err)
	}
	if tables > 0 { // goose's already
		if err := tx.QueryRowContext(ctx, currentVersionSQL).Scan(&cur); err != nil {
			return 0, 0, fmt.Errorf("db: read schema version: %w", err)
		}
		return cur, legacy, nil
	}
	if legacy == 0 {
		return 0, 0, nil // new: goose starts it
	}
	store, err := database.NewStore(database.DialectSQLite3, versionTable)
	if err != nil {
		return 0, 0, err
	}
	if err := store.CreateVersionTable(ctx, tx); err != nil {
		return 0, 0, fmt.Errorf("db: adopt schema version %d: %w", legacy, err)
	}
	for v := int64(0); v <= legacy; v++ { // goose's table starts with version 0
		if err := store.Insert(ctx, tx, database.InsertRequest{Version: v}); err != nil {
			return 0, 0, fmt.Errorf("db: adopt schema version %d: %w", legacy, err)
		}
	}
	return legacy, legacy, tx.Commit()
}

// recordLegacyVersion mirrors goose's version into PRAGMA user_version, so
// the backup manifest reads every database file's version alike and a
// program from before goose still refuses a schema newer than its own.
func recordLegacyVersion(ctx context.Context, w *sql.DB, v int64) error {
	// PRAGMA takes no bound parameters; v is our own integer.
	if _, err := w.ExecContext(ctx, "PRAGMA user_version = "+strconv.FormatInt(v, 10)); err != nil {
		return fmt.Errorf("db: record schema version: %w", err)
	}
	return nil
}

// userVersion reads the schema version a database file keeps in its header
// (every database of ours: newsroom.db mirrors goose's, the traffic log
// keeps its own).
func userVersion(ctx context.Context, p string) (int, error) {
	c, err := sql.Open(driverName, "file:"+uriPath(p)+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer c.Close()
	var v int
	err = c.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// vacuumInto copies the database at src to dest in one read transaction. The
// source is opened read-write without create (a WAL database needs its -shm),
// and only read.
func vacuumInto(ctx context.Context, src, dest string) error {
	c, err := sql.Open(driverName, "file:"+uriPath(src)+"?mode=rw&_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer c.Close()
	return copyInto(ctx, c, dest)
}

// copyInto writes a consistent copy of the open database c to the new file
// dest (VACUUM INTO).
func copyInto(ctx context.Context, c *sql.DB, dest string) error {
	_, err := c.ExecContext(ctx, "VACUUM INTO ?", dest)
	return err
}

// isSQLiteUnique reports whether err is a write refused by a UNIQUE or
// PRIMARY KEY constraint, read from the driver's error code, not its text.
func isSQLiteUnique(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
}

// IntegrityCheck opens the database file at path read-only and runs
// PRAGMA integrity_check; any answer but "ok" is an error.
func IntegrityCheck(ctx context.Context, path string) error {
	c, err := sql.Open(driverName, "file:"+uriPath(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer c.Close()
	var res string
	if err := c.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check: %s", res)
	}
	return nil
}

// sqliteTables reads the tables and columns of a SQLite database (FTS
// shadow tables and SQLite's own left out).
func sqliteTables(ctx context.Context, r *sql.DB) (map[string]Table, error) {
	rows, err := r.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT LIKE 'search\_fts%' ESCAPE '\'`)
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[string]Table{}
	for _, n := range names {
		t := Table{Name: n}
		cols, err := r.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, n)
		if err != nil {
			return nil, err
		}
		keys := map[int]string{}
		for cols.Next() {
			var c string
			var pk int
			if err := cols.Scan(&c, &pk); err != nil {
				cols.Close()
				return nil, err
			}
			t.Columns = append(t.Columns, c)
			if pk > 0 {
				keys[pk] = c
			}
		}
		cols.Close()
		for i := 1; i <= len(keys); i++ {
			t.Key = append(t.Key, keys[i])
		}
		out[n] = t
	}
	return out, nil
}

// sqliteForeignKeys maps each table to the tables it references.
func sqliteForeignKeys(ctx context.Context, r *sql.DB) (map[string][]string, error) {
	rows, err := r.QueryContext(ctx, `SELECT m.name, f."table" FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var t, p string
		if err := rows.Scan(&t, &p); err != nil {
			return nil, err
		}
		out[t] = append(out[t], p)
	}
	return out, rows.Err()
}

const sqliteTriggerCount = `SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?`
