package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"newsroom/db"
)

func open(t *testing.T, path string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func tempPath(t *testing.T) string { return filepath.Join(t.TempDir(), "t.db") }

func pragma(t *testing.T, c *sql.DB, name string) string {
	t.Helper()
	var v string
	if err := c.QueryRowContext(context.Background(), "PRAGMA "+name).Scan(&v); err != nil {
		t.Fatalf("PRAGMA %s: %v", name, err)
	}
	return v
}

func TestMigrationsList(t *testing.T) {
	ms, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no migrations")
	}
	for i, m := range ms {
		if m.Version != i+1 {
			t.Errorf("migration %d has version %d", i, m.Version)
		}
		if !strings.HasPrefix(m.Name, fmt.Sprintf("%04d_", m.Version)) || !strings.HasSuffix(m.Name, ".sql") {
			t.Errorf("migration name %q", m.Name)
		}
		if strings.TrimSpace(m.SQL) == "" {
			t.Errorf("migration %s is empty", m.Name)
		}
	}
}

func TestOpenMigratesFreshFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "dir", "t.db") // Open creates the data dir
	d := open(t, path)
	if d.Path() != path {
		t.Errorf("Path = %q", d.Path())
	}
	ms, _ := db.Migrations()
	v, err := d.Version(ctx)
	if err != nil || v != len(ms) {
		t.Fatalf("Version = %d, %v; want %d", v, err, len(ms))
	}
	if got := pragma(t, d.W, "user_version"); got != fmt.Sprint(len(ms)) {
		t.Errorf("user_version = %s", got)
	}
	rows, err := d.R.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	for _, want := range []string{"settings", "units", "users", "user_grants", "sessions", "login_throttle", "action_log"} {
		if !slices.Contains(tables, want) {
			t.Errorf("table %s missing (have %v)", want, tables)
		}
	}
}

func TestReopenIsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	ms, _ := db.Migrations()
	for i := 0; i < 3; i++ {
		d, err := db.Open(ctx, path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		if v, _ := d.Version(ctx); v != len(ms) {
			t.Errorf("open #%d: version %d, want %d", i+1, v, len(ms))
		}
		if _, err := d.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, 'x')`, fmt.Sprint("k", i)); err != nil {
			t.Fatal(err)
		}
		var n int
		d.R.QueryRowContext(ctx, `SELECT count(*) FROM settings WHERE key LIKE 'k%'`).Scan(&n)
		if n != i+1 {
			t.Errorf("open #%d: %d rows, want %d (data lost on reopen?)", i+1, n, i+1)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := db.Migrations()
	if _, err := d.W.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(ms)+1)); err != nil {
		t.Fatal(err)
	}
	d.Close()
	d2, err := db.Open(ctx, path)
	if err == nil {
		d2.Close()
		t.Fatal("opened a database with a newer schema")
	}
	if !strings.Contains(err.Error(), "newer") {
		t.Errorf("error %q does not say the schema is newer", err)
	}
}

func TestOpenRefusesGarbageFile(t *testing.T) {
	path := tempPath(t)
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), path)
	if err == nil {
		d.Close()
		t.Fatal("opened a file that is not a database")
	}
}

func TestConnectionSettings(t *testing.T) {
	d := open(t, tempPath(t))
	for name, c := range map[string]*sql.DB{"writer": d.W, "reader": d.R} {
		t.Run(name, func(t *testing.T) {
			if got := pragma(t, c, "journal_mode"); got != "wal" {
				t.Errorf("journal_mode = %s, want wal", got)
			}
			if got := pragma(t, c, "foreign_keys"); got != "1" {
				t.Errorf("foreign_keys = %s, want 1", got)
			}
			if got := pragma(t, c, "busy_timeout"); got == "0" {
				t.Errorf("busy_timeout = %s, want > 0", got)
			}
		})
	}
	if got := pragma(t, d.R, "query_only"); got != "1" {
		t.Errorf("reader query_only = %s", got)
	}
	if got := pragma(t, d.W, "query_only"); got != "0" {
		t.Errorf("writer query_only = %s", got)
	}
	// One writer connection: admins queue in Go, not on SQLITE_BUSY.
	if n := d.W.Stats().MaxOpenConnections; n != 1 {
		t.Errorf("writer pool allows %d connections, want 1", n)
	}
	if n := d.R.Stats().MaxOpenConnections; n < 2 {
		t.Errorf("reader pool allows %d connections, want several", n)
	}
}

func TestForeignKeysEnforced(t *testing.T) {
	ctx := context.Background()
	d := open(t, tempPath(t))
	_, err := d.W.ExecContext(ctx, `INSERT INTO users (citizen_id, name, unit_id, role, password_hash, created_at, updated_at)
		VALUES ('1101700203450', 'x', 999, 'unit', 'h', 0, 0)`)
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "foreign key") {
		t.Fatalf("user with a missing unit: err = %v, want a foreign key error", err)
	}
	// Also inside a transaction, and ON DELETE CASCADE works.
	err = d.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO units (id, code, name_th, created_at) VALUES (1, 'u', 'หน่วย', 0)`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, citizen_id, name, unit_id, role, password_hash, created_at, updated_at)
			VALUES (1, '1101700203450', 'x', 1, 'unit', 'h', 0, 0)`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO user_grants (user_id, category) VALUES (1, 'jobs')`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.W.ExecContext(ctx, `DELETE FROM units WHERE id = 1`); err == nil {
		t.Error("deleted a unit that users reference")
	}
	if _, err := d.W.ExecContext(ctx, `DELETE FROM users WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	var n int
	d.R.QueryRowContext(ctx, `SELECT count(*) FROM user_grants`).Scan(&n)
	if n != 0 {
		t.Errorf("grants not cascaded: %d left", n)
	}
}

func TestReaderRefusesWrites(t *testing.T) {
	ctx := context.Background()
	d := open(t, tempPath(t))
	for _, q := range []string{
		`INSERT INTO settings (key, value) VALUES ('r', 'x')`,
		`CREATE TABLE evil (x)`,
		`PRAGMA user_version = 99`,
	} {
		if _, err := d.R.ExecContext(ctx, q); err == nil {
			t.Errorf("reader ran %q", q)
		}
	}
	var n int
	d.W.QueryRowContext(ctx, `SELECT count(*) FROM settings WHERE key = 'r'`).Scan(&n)
	if n != 0 {
		t.Error("the reader's write landed")
	}
	ms, _ := db.Migrations()
	if v, _ := d.Version(ctx); v != len(ms) {
		t.Errorf("version changed to %d through the reader", v)
	}
}

func TestTxRollsBackOnError(t *testing.T) {
	ctx := context.Background()
	d := open(t, tempPath(t))
	boom := errors.New("boom")
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('tx', 'x')`); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Tx returned %v, want fn's error", err)
	}
	var n int
	d.R.QueryRowContext(ctx, `SELECT count(*) FROM settings WHERE key = 'tx'`).Scan(&n)
	if n != 0 {
		t.Error("a failed Tx committed")
	}
	if err := d.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('tx', 'x')`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	d.R.QueryRowContext(ctx, `SELECT count(*) FROM settings WHERE key = 'tx'`).Scan(&n)
	if n != 1 {
		t.Error("a good Tx did not commit")
	}
}

// TestConcurrentWriters: many goroutines writing through d.W and d.Tx, with
// readers alongside, never meet "database is locked".
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	d := open(t, tempPath(t))
	const workers, each = 20, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	stop := make(chan struct{})
	var reads atomic.Int64
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var n int
				if err := d.R.QueryRowContext(ctx, `SELECT count(*) FROM settings`).Scan(&n); err != nil {
					errs <- fmt.Errorf("read: %w", err)
					return
				}
				reads.Add(1)
			}
		}()
	}
	var writers sync.WaitGroup
	for w := 0; w < workers; w++ {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for i := 0; i < each; i++ {
				key := fmt.Sprintf("w%02d-%03d", w, i)
				var err error
				if i%2 == 0 {
					_, err = d.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, 'x')`, key)
				} else {
					err = d.Tx(ctx, func(tx *sql.Tx) error {
						var n int
						if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM settings`).Scan(&n); err != nil {
							return err
						}
						_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, key, fmt.Sprint(n))
						return err
					})
				}
				if err != nil {
					errs <- fmt.Errorf("%s: %w", key, err)
				}
			}
		}()
	}
	writers.Wait()
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var n int
	d.R.QueryRowContext(ctx, `SELECT count(*) FROM settings`).Scan(&n)
	if n != workers*each {
		t.Errorf("%d rows, want %d", n, workers*each)
	}
	if reads.Load() == 0 {
		t.Error("readers never ran")
	}
}

// TestTwoHandlesWriteTogether: a second process on the same file (the CLI,
// the backup command) waits for the lock instead of failing.
func TestTwoHandlesWriteTogether(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	a, b := open(t, path), open(t, path)
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for i, d := range []*db.DB{a, b} {
		for w := 0; w < 5; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < 40; j++ {
					// Read, then write: a deferred transaction would fail to
					// upgrade its lock here; an immediate one waits its turn.
					err := d.Tx(ctx, func(tx *sql.Tx) error {
						var n int
						if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM settings`).Scan(&n); err != nil {
							return err
						}
						_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, fmt.Sprintf("h%d-%d-%d", i, w, j), fmt.Sprint(n))
						return err
					})
					if err != nil {
						errs <- err
					}
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var n int
	a.R.QueryRowContext(ctx, `SELECT count(*) FROM settings`).Scan(&n)
	if n != 400 {
		t.Errorf("%d rows, want 400", n)
	}
}

func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	d := open(t, tempPath(t))
	const before = 300
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < before; i++ {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, fmt.Sprintf("pre-%d", i), strings.Repeat("v", 200)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	stop := make(chan struct{})
	done := make(chan error, 1)
	var written atomic.Int64
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if _, err := d.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, 'during')`, fmt.Sprintf("during-%d", i)); err != nil {
				done <- err
				return
			}
			written.Add(1)
		}
	}()
	for written.Load() < 20 {
		time.Sleep(time.Millisecond)
	}
	dest := filepath.Join(t.TempDir(), "backup.db")
	berr := db.Backup(ctx, d.W, dest)
	for n := written.Load(); written.Load() < n+20; { // the writer goes on afterwards
		time.Sleep(time.Millisecond)
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatalf("writer: %v", err)
	}
	if berr != nil {
		t.Fatalf("Backup: %v", berr)
	}

	if err := db.IntegrityCheck(ctx, dest); err != nil {
		t.Fatalf("IntegrityCheck of the backup: %v", err)
	}
	c, err := sql.Open("sqlite3", "file:"+dest+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var pre, during int
	c.QueryRow(`SELECT count(*) FROM settings WHERE key LIKE 'pre-%'`).Scan(&pre)
	c.QueryRow(`SELECT count(*) FROM settings WHERE key LIKE 'during-%'`).Scan(&during)
	if pre != before {
		t.Errorf("backup has %d of the %d rows written before it started", pre, before)
	}
	if during < 20 {
		t.Errorf("backup has %d rows written just before it, want ≥ 20", during)
	}
	ms, _ := db.Migrations()
	if got := pragma(t, c, "user_version"); got != fmt.Sprint(len(ms)) {
		t.Errorf("backup user_version = %s, want %d", got, len(ms))
	}
	// The backup is a working database: Open accepts it as is.
	restored := open(t, dest)
	var n int
	restored.R.QueryRowContext(ctx, `SELECT count(*) FROM settings WHERE key LIKE 'pre-%'`).Scan(&n)
	if n != before {
		t.Errorf("reopened backup has %d rows", n)
	}
}

func TestBackupRefusesExistingDestination(t *testing.T) {
	ctx := context.Background()
	d := open(t, tempPath(t))
	dest := filepath.Join(t.TempDir(), "exists.db")
	if err := os.WriteFile(dest, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, d.W, dest); err == nil {
		t.Fatal("Backup overwrote an existing file")
	}
	if b, _ := os.ReadFile(dest); string(b) != "precious" {
		t.Errorf("existing destination changed: %q", b)
	}
	// A destination in a missing directory fails cleanly and leaves nothing.
	missing := filepath.Join(t.TempDir(), "no", "such", "dir", "b.db")
	if err := db.Backup(ctx, d.W, missing); err == nil {
		t.Error("Backup into a missing directory succeeded")
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("left %s behind", missing)
	}
}

func TestIntegrityCheckRejectsBadFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	// A file that opens but whose index disagrees with its table: the check
	// must read integrity_check's answer, not just run it.
	broken := filepath.Join(dir, "broken.db")
	c, err := sql.Open("sqlite3", "file:"+broken+"?_journal_mode=DELETE")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(`CREATE TABLE t (a TEXT); CREATE INDEX t_a ON t(a)`); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 50; i++ {
		c.Exec(`INSERT INTO t VALUES (printf('value-%03d', ?))`, i)
	}
	var root, size int
	c.QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 't_a'`).Scan(&root)
	c.QueryRow(`PRAGMA page_size`).Scan(&size)
	c.Close()
	if err := db.IntegrityCheck(ctx, broken); err != nil {
		t.Fatalf("IntegrityCheck before corrupting: %v", err)
	}
	b, err := os.ReadFile(broken)
	if err != nil {
		t.Fatal(err)
	}
	page := b[(root-1)*size : root*size]
	patched := 0
	for i := 0; i+6 <= len(page); i++ {
		if string(page[i:i+6]) == "value-" {
			page[i] = 'w'
			patched++
		}
	}
	if patched == 0 {
		t.Fatal("index keys not found in the index's root page")
	}
	if err := os.WriteFile(broken, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := db.IntegrityCheck(ctx, broken); err == nil {
		t.Error("IntegrityCheck accepted a file whose index is corrupt")
	}

	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("x", 4096)), 0o600)
	if err := db.IntegrityCheck(ctx, garbage); err == nil {
		t.Error("IntegrityCheck accepted garbage")
	}
	if err := db.IntegrityCheck(ctx, filepath.Join(dir, "missing.db")); err == nil {
		t.Error("IntegrityCheck accepted a missing file")
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("IntegrityCheck created the file it checked")
	}
}

func TestSecret(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	d := open(t, path)
	a, err := d.Secret(ctx, "session")
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 32 {
		t.Fatalf("len = %d, want 32", len(a))
	}
	if a2, err := d.Secret(ctx, "session"); err != nil || string(a2) != string(a) {
		t.Fatalf("second call gave another key (%v)", err)
	}
	other, err := d.Secret(ctx, "csrf")
	if err != nil || len(other) != 32 || string(other) == string(a) {
		t.Fatalf("a second name gave the same or a bad key (%v)", err)
	}
	if string(a) == string(make([]byte, 32)) {
		t.Fatal("key is all zeros")
	}
	d.Close()
	d2 := open(t, path)
	if again, err := d2.Secret(ctx, "session"); err != nil || string(again) != string(a) {
		t.Fatalf("key changed across a restart (%v)", err)
	}
}

// TestSecretRace: servers starting together agree on one key.
func TestSecretRace(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t)
	handles := []*db.DB{open(t, path), open(t, path), open(t, path), open(t, path)}
	for round := 0; round < 20; round++ {
		name := fmt.Sprint("race", round)
		var wg sync.WaitGroup
		start := make(chan struct{})
		keys := make([][]byte, 4*len(handles))
		for i := range keys {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				k, err := handles[i%len(handles)].Secret(ctx, name)
				if err != nil {
					t.Error(err)
				}
				keys[i] = k
			}()
		}
		close(start)
		wg.Wait()
		for i, k := range keys {
			if string(k) != string(keys[0]) || len(k) != 32 {
				t.Fatalf("round %d: key %d differs", round, i)
			}
		}
	}
}

// TestOpenOddPaths: the data directory may hold characters that SQLite's URI
// filenames treat specially ('#', '?', '%'; t.TempDir itself keeps '#' and
// '%'); the database must be the file at exactly that path.
func TestOpenOddPaths(t *testing.T) {
	ctx := context.Background()
	for _, dir := range []string{"with space", "hash#dir", "query?dir", "percent%20dir", "ไทย ข้อมูล", "all #?% =&"} {
		t.Run(dir, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), dir, "t.db")
			d, err := db.Open(ctx, path)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if _, err := d.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('here', 'yes')`); err != nil {
				t.Fatal(err)
			}
			d.Close()
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("no database file at %s: %v", path, err)
			}
			if err := db.IntegrityCheck(ctx, path); err != nil {
				t.Fatalf("IntegrityCheck: %v", err)
			}
			d = open(t, path)
			var v string
			if err := d.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'here'`).Scan(&v); err != nil {
				t.Fatalf("reopened file lost the row: %v", err)
			}
			dest := filepath.Join(filepath.Dir(path), "backup #1.db")
			if err := db.Backup(ctx, d.W, dest); err != nil {
				t.Fatalf("Backup: %v", err)
			}
		})
	}
}

// IsUniqueViolation tells a UNIQUE or PRIMARY KEY refusal from the driver's
// error code, and nothing else.
func TestIsUniqueViolation(t *testing.T) {
	ctx := context.Background()
	d := open(t, tempPath(t))
	if _, err := d.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('dup', 'x')`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.W.ExecContext(ctx, `CREATE TABLE uniq (id INTEGER PRIMARY KEY, code TEXT UNIQUE, n INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.W.ExecContext(ctx, `INSERT INTO uniq (id, code, n) VALUES (1, 'a', 0)`); err != nil {
		t.Fatal(err)
	}
	exec := func(q string) error { _, err := d.W.ExecContext(ctx, q); return err }
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"primary key (text)", exec(`INSERT INTO settings (key, value) VALUES ('dup', 'y')`), true},
		{"primary key (integer)", exec(`INSERT INTO uniq (id, code, n) VALUES (1, 'b', 0)`), true},
		{"unique column", exec(`INSERT INTO uniq (id, code, n) VALUES (2, 'a', 0)`), true},
		{"wrapped", fmt.Errorf("ctx: %w", exec(`INSERT INTO uniq (id, code, n) VALUES (3, 'a', 0)`)), true},
		{"not null", exec(`INSERT INTO uniq (id, code, n) VALUES (4, 'c', NULL)`), false},
		{"foreign key", exec(`INSERT INTO user_grants (user_id, category) VALUES (999, 'jobs')`), false},
		{"syntax", exec(`INSERT INTO`), false},
		{"the text alone", errors.New("UNIQUE constraint failed: settings.key"), false},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := db.IsUniqueViolation(tt.err); got != tt.want {
				t.Errorf("IsUniqueViolation(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
