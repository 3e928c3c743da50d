package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"newsroom"
	"newsroom/app/apptest"
	"newsroom/audit"
	"newsroom/db"
	"newsroom/db/dbtest"
	"newsroom/roles"
)

// runCmd runs the program in-process like the shell would.
func runCmd(t *testing.T, dir string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	env := map[string]string{"NEWSROOM_DATA": dir}
	for k, v := range apptest.EnvFor(dir) {
		env[k] = v
	}
	err = run(context.Background(), append([]string{"newsroom"}, args...), func(k string) string { return env[k] }, &o, &e)
	return o.String(), e.String(), err
}

// runTraffic runs a command on the test app's data, on its database engine
// (NEWSROOM_DATABASE_URL set on PostgreSQL runs).
func runTraffic(t *testing.T, ta *testApp, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	env := map[string]string{"NEWSROOM_DATA": ta.dataDir, "NEWSROOM_DATABASE_URL": ta.cfg.DatabaseURL}
	err = run(context.Background(), append([]string{"newsroom"}, args...), func(k string) string { return env[k] }, &o, &e)
	return o.String(), e.String(), err
}

// trafficHandle opens the test app's traffic tables as an administrator
// could: the SQLite file, or the PostgreSQL database.
func trafficHandle(t *testing.T, ta *testApp) *sql.DB {
	t.Helper()
	if ta.cfg.DatabaseURL == "" {
		raw, err := sql.Open("sqlite3", "file:"+ta.cfg.TrafficPath())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { raw.Close() })
		return raw
	}
	d, err := db.Open(context.Background(), ta.cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d.W
}

func TestTrafficVerifyCommand(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	for i := 0; i < 10; i++ {
		b.get(fmt.Sprintf("/?page=%d", i))
	}
	ta.srv.Close()
	ta.app.Close() // flushes the traffic log

	out, _, err := runTraffic(t, ta, "traffic", "verify")
	if err != nil || !strings.Contains(out, "traffic log ok") {
		t.Fatalf("untouched log: %v\n%s", err, out)
	}
	// An administrator edits one byte of record 4 (its URI) in the file
	// (on PostgreSQL: in the database).
	raw := trafficHandle(t, ta)
	rows, err := raw.Query(`SELECT first_seq, data FROM traffic_blocks`)
	if err != nil {
		t.Fatal(err)
	}
	var first int64
	var data []byte
	for rows.Next() && !bytes.Contains(data, []byte("page=3")) {
		if err := rows.Scan(&first, &data); err != nil {
			t.Fatal(err)
		}
	}
	rows.Close()
	if !bytes.Contains(data, []byte("page=3")) {
		t.Fatal("no block holds the request of page 3")
	}
	data = bytes.Replace(data, []byte("page=3"), []byte("page=8"), 1)
	if _, err := raw.Exec(`UPDATE traffic_blocks SET data = ? WHERE first_seq = ?`, data, first); err != nil {
		t.Fatal(err)
	}
	out, _, err = runTraffic(t, ta, "traffic", "verify")
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("tampered log: err %v (exit %d)", err, exitCode(err))
	}
	if !strings.Contains(out, "record 4: edited") {
		t.Fatalf("verify must name record 4:\n%s", out)
	}
}

func TestTrafficExportCommand(t *testing.T) {
	ta := newTestApp(t)
	ta.browser(t).get("/")
	ta.srv.Close()
	ta.app.Close()
	now := time.Now().In(newsroom.Bangkok)
	today := now.Format("2006-01-02")
	// Yesterday to tomorrow: the request is in it even if Bangkok's midnight
	// passed since.
	out, _, err := runTraffic(t, ta, "traffic", "export", "--from", now.AddDate(0, 0, -1).Format("2006-01-02"), "--to", now.AddDate(0, 0, 1).Format("2006-01-02"))
	if err != nil || !strings.Contains(out, "GET,/,200") {
		t.Fatalf("export: %v\n%s", err, out)
	}
	// On PostgreSQL each row starts with the instance's chain.
	if ta.cfg.DatabaseURL != "" && !strings.HasPrefix(out, "chain,seq,") {
		t.Fatalf("export on PostgreSQL without the chain column:\n%s", out)
	}
	if _, _, err := runTraffic(t, ta, "traffic", "export", "--from", "2026-02-30", "--to", today); exitCode(err) != 2 {
		t.Fatalf("bad date: %v", err)
	}
	if _, _, err := runTraffic(t, ta, "traffic", "export", "--from", today, "--to", "2020-01-01"); exitCode(err) != 2 {
		t.Fatalf("to before from: %v", err)
	}
}

// traffic purge deletes nothing recent and leaves the log verifiable; on
// PostgreSQL it purges the instances' chains without starting one of its
// own.
func TestTrafficPurgeCommand(t *testing.T) {
	ta := newTestApp(t)
	ta.browser(t).get("/")
	ta.srv.Close()
	ta.app.Close()
	out, _, err := runTraffic(t, ta, "traffic", "purge")
	if err != nil || !strings.Contains(out, "purged 0 records older than 90 days") {
		t.Fatalf("purge: %v\n%s", err, out)
	}
	out, _, err = runTraffic(t, ta, "traffic", "verify")
	if err != nil || strings.Count(out, "traffic log ok") != 1 {
		t.Fatalf("verify after purge: %v\n%s", err, out)
	}
	if ta.cfg.DatabaseURL != "" && !strings.HasPrefix(out, "chain "+ta.cfg.InstanceID()+": traffic log ok") {
		t.Fatalf("verify on PostgreSQL must name the instance's chain:\n%s", out)
	}
}

// traffic import brings a SQLite site's traffic log into PostgreSQL as the
// instance's chain; without a PostgreSQL database it is refused.
func TestTrafficImportCommand(t *testing.T) {
	dir := t.TempDir()
	tl, err := audit.OpenTraffic(filepath.Join(dir, "traffic.db"), audit.TrafficOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 70 {
		tl.Log(audit.Record{Method: "GET", URI: fmt.Sprintf("/news/%d", i), Status: 200})
	}
	if err := tl.Close(); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"NEWSROOM_DATA": dir, "NEWSROOM_INSTANCE": "web-1"}
	cmd := func(args ...string) (string, error) {
		var o bytes.Buffer
		err := run(context.Background(), append([]string{"newsroom", "traffic"}, args...), func(k string) string { return env[k] }, &o, io.Discard)
		return o.String(), err
	}
	if _, err := cmd("import"); exitCode(err) != 2 {
		t.Fatalf("import without PostgreSQL: %v; want a usage error", err)
	}
	if !dbtest.Postgres() {
		return
	}
	env["NEWSROOM_DATABASE_URL"] = dbtest.NewDatabase(t, "")
	if out, err := cmd("import"); err != nil || !strings.Contains(out, "imported 70 records") || !strings.Contains(out, "as chain web-1") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if out, err := cmd("verify"); err != nil || !strings.Contains(out, "chain web-1: traffic log ok: 70 records") {
		t.Fatalf("verify after import: %v\n%s", err, out)
	}
	if _, err := cmd("import"); err == nil {
		t.Fatal("a second import into the same chain was accepted")
	}
}

func TestRetentionBelowTheLawIsRefused(t *testing.T) {
	env := map[string]string{"NEWSROOM_TRAFFIC_RETENTION_DAYS": "89"}
	_, _, err := parseConfig("serve", nil, func(k string) string { return env[k] }, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "90") || !strings.Contains(err.Error(), "s.26") {
		t.Fatalf("retention 89: %v", err)
	}
}

func TestConfig(t *testing.T) {
	env := map[string]string{"NEWSROOM_ADDR": ":9999", "NEWSROOM_DATA": "/srv/news", "NEWSROOM_TRUSTED_PROXIES": "10.0.0.1, 10.1.0.0/16",
		"NEWSROOM_BASE_URL": "https://www.npu.ac.th/", "NEWSROOM_DEMO": "1", "NEWSROOM_TRAFFIC_RETENTION_DAYS": "730"}
	cfg, _, err := parseConfig("serve", []string{"--addr", "127.0.0.1:7000"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:7000" || cfg.DataDir != "/srv/news" || !cfg.Demo || !cfg.Secure() || cfg.BaseURL != "https://www.npu.ac.th" ||
		len(cfg.TrustedProxies) != 2 || cfg.TrustedProxies[1] != "10.1.0.0/16" || cfg.TrafficRetentionDays != 730 {
		t.Fatalf("config: %+v", cfg)
	}
	for name, bad := range map[string]map[string]string{
		"base url":  {"NEWSROOM_BASE_URL": "ftp://x"},
		"retention": {"NEWSROOM_TRAFFIC_RETENTION_DAYS": "ninety"},
		"demo":      {"NEWSROOM_DEMO": "maybe"},
		"log level": {"NEWSROOM_LOG_LEVEL": "loud"},
	} {
		if _, _, err := parseConfig("serve", nil, func(k string) string { return bad[k] }, io.Discard); err == nil {
			t.Errorf("%s: bad value accepted", name)
		}
	}
}

func TestReadmeListsEverySetting(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range settings {
		if !bytes.Contains(b, []byte(s.env)) || !bytes.Contains(b, []byte("--"+s.flag)) {
			t.Errorf("README does not document %s / --%s", s.env, s.flag)
		}
	}
}

func TestBackupWhileServing(t *testing.T) {
	ta := newTestApp(t)
	skipOnPostgres(t, ta)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Go(func() {
			b := ta.browser(t)
			for ctx.Err() == nil {
				// Each login writes a session row and an action-log row.
				b.login(ta.adminID, ta.adminPW)
				b.get("/admin/users")
			}
		})
	}
	time.Sleep(100 * time.Millisecond)
	dest := filepath.Join(t.TempDir(), "backup")
	out, _, err := runCmd(t, ta.dataDir, "backup", dest)
	cancel()
	wg.Wait()
	if err != nil || !strings.Contains(out, "verified") {
		t.Fatalf("backup: %v %s", err, out)
	}
	if _, err := db.VerifyBackup(context.Background(), dest); err != nil {
		t.Fatal(err)
	}
	copyDB, err := db.Open(context.Background(), filepath.Join(dest, "db", "newsroom.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	n, err := roles.NewStore(copyDB, roles.TestHashParams).CountUsers(context.Background())
	if err != nil || n == 0 {
		t.Fatalf("backup has %d users: %v", n, err)
	}
}

func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	ta := newTestAppIn(t, dir)
	ta.srv.Close()
	ta.app.Close()
	out, _, err := runCmd(t, dir, "user", "add", "--citizen-id", "1101700203450", "--name", "ดาว", "--unit", "hr", "--role", "hr")
	if err != nil || !strings.Contains(out, "password: ") {
		t.Fatalf("user add: %v %s", err, out)
	}
	if _, _, err := runCmd(t, dir, "user", "add", "--citizen-id", "1101700203451", "--name", "x"); exitCode(err) != 2 || !strings.Contains(err.Error(), "check digit") {
		t.Fatalf("bad id: %v", err)
	}
	list, _, _ := runCmd(t, dir, "user", "list")
	if strings.Contains(list, "1101700203450") || !strings.Contains(list, "x-xxxx-xxxxx-45-0") {
		t.Fatalf("user list must mask IDs:\n%s", list)
	}
	if _, _, err := runCmd(t, dir, "user", "disable", "1101700203450"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, dir, "user", "passwd", "--password", "a new password", "1101700203450"); err != nil {
		t.Fatal(err)
	}
	list, _, _ = runCmd(t, dir, "user", "list", "--show-ids")
	if !regexp.MustCompile(`1101700203450\s+ดาว\s+.*hr\s+false`).MatchString(list) {
		t.Fatalf("disabled user not listed as inactive:\n%s", list)
	}
}

// newTestAppIn is newTestApp on a given directory.
func newTestAppIn(t *testing.T, dir string) *testApp {
	ta := newTestApp(t, func(c *Config) { c.DataDir = dir })
	ta.dataDir = dir
	return ta
}

func TestServeShutsDownGracefully(t *testing.T) {
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	env := map[string]string{"NEWSROOM_DATA": dir, "NEWSROOM_ADDR": addr}
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"newsroom"}, func(k string) string { return env[k] }, &out, io.Discard)
	}()
	var res *http.Response
	for i := 0; i < 100; i++ {
		if res, err = http.Get("http://" + addr + "/healthz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	// The traffic log was flushed on the way out and verifies.
	r, err := audit.OpenTrafficReadOnly(filepath.Join(dir, "traffic.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	v, err := r.Verify(context.Background())
	if err != nil || !v.OK || v.Checked == 0 {
		t.Fatalf("traffic after shutdown: %+v %v", v, err)
	}
}

// TestUserPasswdSetsTheGivenPassword: the README's form puts the citizen ID
// before --password; the flag must not be dropped there (it used to be, and
// a generated password was set instead).
func TestUserPasswdSetsTheGivenPassword(t *testing.T) {
	dir := t.TempDir()
	ta := newTestAppIn(t, dir)
	ta.srv.Close()
	ta.app.Close()
	hr := demoID(roles.HR)
	for i, args := range [][]string{
		{"user", "passwd", hr, "--password", "pw after the id 1"},
		{"user", "passwd", "--password", "pw before the id 2", hr},
		{"user", "passwd", hr, "--password=pw with equals 3"},
		{"user", "passwd", "--citizen-id", hr, "--password", "pw by flag 4"},
	} {
		want := args[len(args)-1]
		if strings.HasPrefix(want, "--password=") {
			want = strings.TrimPrefix(want, "--password=")
		} else if want == hr {
			want = args[3]
		}
		out, _, err := runCmd(t, dir, args...)
		if err != nil {
			t.Fatalf("%d %q: %v", i, args, err)
		}
		if strings.Contains(out, "new password") {
			t.Errorf("%d %q: printed a generated password: %s", i, args, out)
		}
		d, err := db.Open(context.Background(), ta.cfg.DBTarget())
		if err != nil {
			t.Fatal(err)
		}
		_, err = roles.NewStore(d, roles.TestHashParams).Authenticate(context.Background(), hr, want, "127.0.0.1", time.Now())
		d.Close()
		if err != nil {
			t.Fatalf("%d %q: login with %q: %v", i, args, want, err)
		}
	}
	for _, bad := range [][]string{
		{"user", "passwd", hr, "1101700203450", "--password", "two ids given"},
		{"user", "passwd", hr, "--citizen-id", "1101700203450", "--password", "ids differ"},
	} {
		if _, _, err := runCmd(t, dir, bad...); exitCode(err) != 2 {
			t.Errorf("%q: %v, want a usage error", bad, err)
		}
	}
}

// skipOnPostgres skips a test of `newsroom backup` and `restore`, which copy
// a SQLite site; TestBackupRefusesPostgres covers them on PostgreSQL.
func skipOnPostgres(t *testing.T, ta *testApp) {
	t.Helper()
	if ta.cfg.DatabaseURL != "" {
		t.Skip("backup and restore copy a SQLite site; a PostgreSQL site is backed up with pg_dump")
	}
}

// TestBackupRefusesPostgres: on a PostgreSQL site, backup and restore say
// to use PostgreSQL's tools instead of copying a stale or missing SQLite
// file, and write nothing.
func TestBackupRefusesPostgres(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"NEWSROOM_DATA": dir, "NEWSROOM_DATABASE_URL": "postgres://newsroom@db.example.ac.th/newsroom"}
	bk := filepath.Join(t.TempDir(), "backup")
	for _, args := range [][]string{{"backup", bk}, {"restore", bk}} {
		var o, e bytes.Buffer
		err := run(context.Background(), append([]string{"newsroom"}, args...), func(k string) string { return env[k] }, &o, &e)
		if err == nil || !strings.Contains(err.Error(), "pg_") {
			t.Errorf("%s on PostgreSQL: %v; want a refusal naming PostgreSQL's tools", args[0], err)
		}
	}
	if _, err := os.Stat(bk); !os.IsNotExist(err) {
		t.Errorf("a refused backup left %s: %v", bk, err)
	}
}
