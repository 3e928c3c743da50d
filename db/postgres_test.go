package db_test

import (
	"context"
	"testing"

	"newsroom/db"
	"newsroom/db/dbtest"
)

// TestPostgresOpensMigrated: a PostgreSQL database migrates to the same
// newest version as SQLite, opens again without migrating, and takes the
// stores' "?" placeholders.
func TestPostgresOpensMigrated(t *testing.T) {
	url := dbtest.NewDatabase(t, "")
	ctx := context.Background()
	d, err := db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if !d.IsPostgres() {
		t.Fatal("not PostgreSQL")
	}
	v, err := d.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := db.Migrations()
	if v != ms[len(ms)-1].Version {
		t.Errorf("version %d; SQLite's newest is %d", v, ms[len(ms)-1].Version)
	}
	if _, err := d.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, "a?b", "it's ? here"); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := d.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ? AND value <> '?'`, "a?b").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "it's ? here" {
		t.Errorf("got %q", got)
	}
	_, err = d.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, "a?b", "again")
	if !db.IsUniqueViolation(err) {
		t.Errorf("duplicate key: %v, not a unique violation", err)
	}
}
