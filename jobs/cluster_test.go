package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"newsroom/db"
)

// Several instances of the server share one database: each has its own
// handle and its own queue, and a job is claimed by one of them only.

// instanceQueue is one server's queue on handle d, with workers goroutines,
// counting in runs how often each payload's handler finished.
func instanceQueue(d *db.DB, workers int, now func() time.Time, runs map[int]int, mu *sync.Mutex) *Queue {
	q := NewQueue(d, workers, slog.New(slog.NewTextHandler(io.Discard, nil)))
	q.now = now
	q.Handle("test", func(ctx context.Context, j Job) error {
		var n int
		if err := json.Unmarshal(j.Payload, &n); err != nil {
			return err
		}
		time.Sleep(time.Millisecond) // some work, so the instances overlap
		mu.Lock()
		runs[n]++
		mu.Unlock()
		return nil
	}, nil)
	return q
}

// Two instances work through many jobs at once: every job runs exactly
// once, and each is settled once.
func TestTwoInstancesRunEveryJobOnce(t *testing.T) {
	f := newQueueFixture(t)
	var mu sync.Mutex
	runs := map[int]int{}
	a := instanceQueue(f.db, 3, time.Now, runs, &mu)
	b := instanceQueue(f.handle(), 3, time.Now, runs, &mu)
	for _, q := range []*Queue{a, b} {
		q.Settle("test", countSettled)
	}
	const n = 300
	payloads := make([]int, n)
	for i := range payloads {
		payloads[i] = i
	}
	f.enqueue(a, payloads...)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, q := range []*Queue{a, b} {
		wg.Go(func() { q.Run(ctx) })
		q.Wake()
	}
	for deadline := time.Now().Add(60 * time.Second); f.states()["done"] < n; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			cancel()
			wg.Wait()
			t.Fatalf("states %v after a minute; want %d done", f.states(), n)
		}
	}
	cancel()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for i := range n {
		if runs[i] != 1 {
			t.Errorf("job %d ran %d times; want once", i, runs[i])
		}
	}
	settled := f.settled()
	if len(runs) != n || len(settled) != n {
		t.Errorf("%d jobs ran, %d settled; want %d", len(runs), len(settled), n)
	}
	for id, k := range settled {
		if k != 1 {
			t.Errorf("job %s settled %d times", id, k)
		}
	}
	if s := f.states(); s["done"] != n || len(s) != 1 {
		t.Errorf("states %v; want all %d done", s, n)
	}
}

// An instance dies in the middle of a job (its connections gone, its
// context cancelled, no heartbeat any more): the other instance leaves the
// job alone while the lease lasts, then claims it and finishes it; the job
// is settled once and not run again by anyone.
func TestKilledInstanceJobFinishedByOther(t *testing.T) {
	f := newQueueFixture(t)
	clk := &syncClock{t: f.now}
	deadDB := f.handle()
	dead := NewQueue(deadDB, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
	dead.now = clk.Now
	dead.tick = func(time.Duration) (<-chan time.Time, func()) { return nil, func() {} } // never beats
	started := make(chan struct{})
	dead.Handle("test", func(ctx context.Context, j Job) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	}, nil)
	var mu sync.Mutex
	runs := map[int]int{}
	other := instanceQueue(f.db, 2, clk.Now, runs, &mu)
	other.Settle("test", countSettled)
	f.enqueue(other, 1)

	ctx, kill := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { dead.Run(ctx); close(stopped) }()
	<-started
	deadDB.Close() // the process is gone: nothing it does reaches the database
	kill()
	<-stopped
	if s := f.states(); s["running"] != 1 {
		t.Fatalf("states %v after the kill; want the job still running (leased)", s)
	}

	ctx2 := context.Background()
	clk.Add(Lease - time.Second)
	if err := other.RunPending(ctx2); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 0 {
		t.Fatalf("the other instance ran %v within the dead one's lease", runs)
	}
	clk.Add(2 * time.Second)
	if err := other.RunPending(ctx2); err != nil {
		t.Fatal(err)
	}
	var attempts int
	f.db.R.QueryRow(`SELECT attempts FROM jobs WHERE payload = '1'`).Scan(&attempts)
	if s, settled := f.states(), f.settled(); s["done"] != 1 || runs[1] != 1 || len(settled) != 1 || attempts != 2 {
		t.Fatalf("after the lease: states %v, runs %v, settled %v, attempts %d; want done once by the other instance", s, runs, settled, attempts)
	}
	// Much later, nobody runs the finished job again.
	clk.Add(10 * Lease)
	if err := other.RunPending(ctx2); err != nil {
		t.Fatal(err)
	}
	if settled := f.settled(); runs[1] != 1 || len(settled) != 1 || slices.Max(slices.Collect(maps.Values(settled))) != 1 {
		t.Fatalf("a finished job ran again: runs %v, settled %v", runs, settled)
	}
}

// countSettled is a Settler that counts, in the database and so in the
// transaction that settles the job (which PostgreSQL may run more than
// once), how often each job was settled.
func countSettled(ctx context.Context, tx *sql.Tx, j Job, state string) (func(), error) {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT)`, fmt.Sprintf("settled-%d", j.ID))
	return nil, err
}

// settled is how often countSettled settled each job, by job.
func (f *queueFixture) settled() map[string]int {
	f.t.Helper()
	rows, err := f.db.R.Query(`SELECT key, value FROM settings WHERE key LIKE 'settled-%'`)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			f.t.Fatal(err)
		}
		out[k] = n
	}
	return out
}
