package apptest

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"newsroom/app"
	"newsroom/roles"
)

// StartPair starts two instances of the app on one database, as two servers
// of a cluster: A exactly as Start does (the first run included), and B on
// A's database (the same PostgreSQL database, or on SQLite the same file)
// with a data directory, clock, caches, counters and job queues of its own.
// Both know the first run's admin login.
func StartPair(t testing.TB, mutate ...func(*app.Config)) (a, b *App) {
	t.Helper()
	a = Start(t, mutate...)
	b = StartOn(t, a, mutate...)
	return a, b
}

// StartOn starts one more instance of the app on the database of first
// (StartPair's B).
func StartOn(t testing.TB, first *App, mutate ...func(*app.Config)) *App {
	t.Helper()
	dir := t.TempDir()
	cfg := Config(t, dir)
	for _, m := range mutate {
		m(&cfg)
	}
	cfg.DatabaseURL = first.Cfg.DBTarget()
	clk := NewClock(time.Now())
	log := slog.New(slog.NewTextHandler(TestLog{t}, &slog.HandlerOptions{Level: slog.LevelError}))
	out := &bytes.Buffer{}
	a, err := app.New(context.Background(), cfg, log, out, app.Options{Hash: roles.TestHashParams, Now: clk.Now, DemoUsersOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ta := &App{App: a, Srv: httptest.NewServer(a.Handler), Out: out, Clock: clk, DataDir: dir,
		AdminID: first.AdminID, AdminPW: first.AdminPW}
	t.Cleanup(func() {
		ta.Srv.Close()
		a.Close()
	})
	return ta
}
