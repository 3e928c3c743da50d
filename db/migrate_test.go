package db_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"newsroom/db"
)

// legacyMigrate is the migrator this program used before goose, kept to
// build the databases it left behind: every file run whole in one
// transaction, the version kept in PRAGMA user_version, no version table.
func legacyMigrate(t *testing.T, path string, upTo int) {
	t.Helper()
	ms, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	c, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, m := range ms[:upTo] {
		tx, err := c.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(m.SQL); err != nil {
			t.Fatalf("legacy %s: %v", m.Name, err)
		}
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", m.Version)); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	// Data the upgrade must keep (settings is in the first migration).
	if _, err := c.Exec(`INSERT INTO settings (key, value) VALUES ('legacy', 'kept')`); err != nil {
		t.Fatal(err)
	}
}

// schema lists the database's objects and their SQL, goose's table aside.
func schema(t *testing.T, c *sql.DB) []string {
	t.Helper()
	rows, err := c.Query(`SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master
		WHERE name NOT LIKE 'goose%' AND name <> 'sqlite_sequence' ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

func appliedVersions(t *testing.T, c *sql.DB) []int {
	t.Helper()
	rows, err := c.Query(`SELECT version_id FROM goose_db_version WHERE is_applied ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		rows.Scan(&v)
		vs = append(vs, v)
	}
	return vs
}

// A database built by the migrator before goose (version in PRAGMA
// user_version) opens: goose records the steps it had as applied, runs only
// the rest, and the data stays. The schema comes out as on a new database.
func TestOpenUpgradesLegacyDatabase(t *testing.T) {
	ctx := context.Background()
	ms, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	fresh := open(t, tempPath(t))
	want := schema(t, fresh.R)
	wantVersions := make([]int, len(ms)+1) // goose's table starts with version 0
	for i := range wantVersions {
		wantVersions[i] = i
	}
	for _, k := range []int{1, 4, len(ms) - 1, len(ms)} {
		t.Run(fmt.Sprintf("from version %d", k), func(t *testing.T) {
			path := tempPath(t)
			legacyMigrate(t, path, k)
			d := open(t, path)
			if v, err := d.Version(ctx); err != nil || v != len(ms) {
				t.Fatalf("Version = %d, %v; want %d", v, err, len(ms))
			}
			if got := appliedVersions(t, d.R); !slices.Equal(got, wantVersions) {
				t.Errorf("goose versions = %v, want %v (each step once)", got, wantVersions)
			}
			if got := pragma(t, d.R, "user_version"); got != fmt.Sprint(len(ms)) {
				t.Errorf("user_version = %s, want %d", got, len(ms))
			}
			var v string
			if err := d.R.QueryRow(`SELECT value FROM settings WHERE key = 'legacy'`).Scan(&v); err != nil || v != "kept" {
				t.Errorf("legacy row: %q, %v", v, err)
			}
			if got := schema(t, d.R); !slices.Equal(got, want) {
				t.Errorf("schema after the upgrade differs from a new database's:\n got %q\nwant %q", got, want)
			}
			d.Close()
			// And it stays upgraded: reopening applies nothing twice.
			d2 := open(t, path)
			if got := appliedVersions(t, d2.R); !slices.Equal(got, wantVersions) {
				t.Errorf("after reopening: goose versions = %v", got)
			}
		})
	}
}

// goose splits each file into statements; the schema it builds is the one
// the files make when run whole, as the legacy migrator did.
func TestGooseSchemaMatchesWholeFiles(t *testing.T) {
	ms, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	path := tempPath(t)
	legacyMigrate(t, path, len(ms))
	c, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	want := schema(t, c)
	got := schema(t, open(t, tempPath(t)).R)
	if !slices.Equal(got, want) {
		t.Errorf("goose-built schema:\n%s\nwhole files:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A database goose has recorded a newer step in is refused, as one whose
// user_version is newer.
func TestOpenRefusesNewerGooseVersion(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := db.Migrations()
	if _, err := d.W.ExecContext(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)`, len(ms)+1); err != nil {
		t.Fatal(err)
	}
	d.Close()
	d2, err := db.Open(ctx, filepath.Clean(path))
	if err == nil {
		d2.Close()
		t.Fatal("opened a database with a newer schema")
	}
	if !strings.Contains(err.Error(), "newer") {
		t.Errorf("error %q does not say the schema is newer", err)
	}
}

// Every migration is a goose file: forward only, annotated.
func TestMigrationsAreGooseFiles(t *testing.T) {
	ms, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if !strings.HasPrefix(m.SQL, "-- +goose Up\n") {
			t.Errorf("%s does not start with -- +goose Up", m.Name)
		}
		if strings.Contains(m.SQL, "+goose Down") {
			t.Errorf("%s has a Down section; migrations are forward only", m.Name)
		}
	}
}

// TestMigrationFoldersAgree: PostgreSQL's folder starts with a baseline
// that stands for SQLite's steps up to its number, and every later SQLite
// migration has a PostgreSQL file of the same number and name (and no
// other), so both engines reach the same schema version.
func TestMigrationFoldersAgree(t *testing.T) {
	lite, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	pg, err := db.PostgresMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(pg) == 0 || !strings.HasSuffix(pg[0].Name, "_baseline.sql") {
		t.Fatalf("PostgreSQL's first migration is not a baseline: %+v", pg)
	}
	base := pg[0].Version
	var want, got []string
	for _, m := range lite {
		if m.Version > base {
			want = append(want, m.Name)
		}
	}
	for _, m := range pg[1:] {
		got = append(got, m.Name)
	}
	if !slices.Equal(want, got) {
		t.Errorf("SQLite migrations after the baseline %d: %q; PostgreSQL's: %q", base, want, got)
	}
	if lite[len(lite)-1].Version != pg[len(pg)-1].Version {
		t.Errorf("newest versions differ: SQLite %d, PostgreSQL %d", lite[len(lite)-1].Version, pg[len(pg)-1].Version)
	}
}
