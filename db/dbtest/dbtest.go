// Package dbtest gives tests a database of their own on the engine the run
// chose: a SQLite file in the test's directory by default, or, when
// NEWSROOM_TEST_POSTGRES holds the URL of a PostgreSQL server (.ci/pg.sh
// starts a throwaway one), a fresh PostgreSQL database cloned from a
// migrated template and dropped when the test ends.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"newsroom/db"
)

// EnvPostgres names the variable that runs the tests on PostgreSQL.
const EnvPostgres = "NEWSROOM_TEST_POSTGRES"

// Postgres reports whether this run uses PostgreSQL.
func Postgres() bool { return os.Getenv(EnvPostgres) != "" }

// RequirePostgres skips t unless the run uses PostgreSQL (a test of
// PostgreSQL's own behaviour), and fails it under CI when the run asked
// for PostgreSQL tests without a server.
func RequirePostgres(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvPostgres)
	if u == "" {
		if strings.Contains(os.Getenv("NEWSROOM_TEST_BACKENDS"), "postgres") {
			t.Fatalf("NEWSROOM_TEST_BACKENDS asks for PostgreSQL but %s is empty", EnvPostgres)
		}
		t.Skipf("PostgreSQL test: set %s to a server URL (.ci/pg.sh start DIR prints one)", EnvPostgres)
	}
	return u
}

// Target is what db.Open should open for t: a new SQLite file under dir,
// or the URL of a new, migrated PostgreSQL database.
func Target(t testing.TB, dir string) string {
	t.Helper()
	if !Postgres() {
		return filepath.Join(dir, "newsroom.db")
	}
	return NewDatabase(t, "")
}

var (
	tmplOnce sync.Once
	tmplName string
	tmplErr  error
)

// NewDatabase creates a PostgreSQL database for t and returns its URL; it
// is dropped when t ends. It is a copy of template when given (a database
// name, e.g. one made with Snapshot), else of a database migrated to the
// newest schema (made once per server and schema).
func NewDatabase(t testing.TB, template string) string {
	t.Helper()
	server := RequirePostgres(t)
	u, name, err := Create(template)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() { _ = Drop(server, name) })
	return u
}

// Create makes a database outside any test (a template of the caller's, to
// be dropped with Drop): a copy of template, or of the migrated schema when
// template is "". It returns its URL and name.
func Create(template string) (u, name string, err error) {
	server := os.Getenv(EnvPostgres)
	if server == "" {
		return "", "", fmt.Errorf("%s is not set", EnvPostgres)
	}
	if template == "" {
		tmplOnce.Do(func() { tmplName, tmplErr = migratedTemplate(server) })
		if tmplErr != nil {
			return "", "", fmt.Errorf("template database: %w", tmplErr)
		}
		template = tmplName
	}
	name = "t_" + randomHex(8)
	if err := adminExec(server, `CREATE DATABASE `+name+` TEMPLATE `+template); err != nil {
		return "", "", fmt.Errorf("create database: %w", err)
	}
	return WithDatabase(server, name), name, nil
}

// Server is the PostgreSQL server URL of this run ("" on SQLite).
func Server() string { return os.Getenv(EnvPostgres) }

// Snapshot copies the database at src (a URL NewDatabase gave) into a new
// database that outlives the test, to be used as a template: the caller
// must close every connection to src first. It returns the new name.
func Snapshot(src, prefix string) (string, error) {
	u, err := url.Parse(src)
	if err != nil {
		return "", err
	}
	name := prefix + "_" + randomHex(6)
	return name, adminExec(WithDatabase(src, "postgres"), `CREATE DATABASE `+name+` TEMPLATE `+strings.TrimPrefix(u.Path, "/"))
}

// Drop removes database name, closing its connections.
func Drop(server, name string) error {
	return adminExec(server, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
}

// WithDatabase is server's URL naming database name.
func WithDatabase(server, name string) string {
	u, err := url.Parse(server)
	if err != nil {
		return server
	}
	u.Path = "/" + name
	return u.String()
}

// migratedTemplate makes (once per server and set of migrations) a
// database migrated to the newest schema. Test binaries run in parallel,
// so it is built under an advisory lock, under a temporary name, and
// renamed when done.
func migratedTemplate(server string) (string, error) {
	ms, err := db.PostgresMigrations()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, m := range ms {
		h.Write([]byte(m.Name))
		h.Write([]byte(m.SQL))
	}
	name := "newsroom_tmpl_" + hex.EncodeToString(h.Sum(nil))[:12]
	ctx := context.Background()
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(727274)`); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock(727274)`)
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM pg_database WHERE datname = $1`, name).Scan(&n); err != nil {
		return "", err
	}
	if n == 1 {
		return name, nil
	}
	building := name + "_building"
	if _, err := conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`); err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+building+` TEMPLATE template0 ENCODING 'UTF8'`); err != nil {
		return "", err
	}
	d, err := db.Open(ctx, WithDatabase(server, building))
	if err != nil {
		return "", err
	}
	d.Close()
	if _, err := conn.ExecContext(ctx, `ALTER DATABASE `+building+` RENAME TO `+name); err != nil {
		return "", err
	}
	return name, nil
}

func adminExec(server, stmt string) error {
	c, err := sql.Open("pgx", server)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.Exec(stmt); err != nil {
		return fmt.Errorf("%s: %w", stmt, err)
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// PlanWithoutSeqScan is PostgreSQL's plan of query (EXPLAIN) with
// sequential scans off: whether an index can answer it at all, which a
// small test table would not show (the planner rightly scans it).
func PlanWithoutSeqScan(t testing.TB, r *sql.DB, query string, args ...any) string {
	t.Helper()
	ctx := context.Background()
	conn, err := r.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SET enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, `RESET enable_seqscan`)
	rows, err := conn.QueryContext(ctx, `EXPLAIN `+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	return strings.Join(plan, "\n")
}
