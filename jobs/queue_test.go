package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"newsroom/db"
	"newsroom/db/dbtest"
)

// queueFixture is a job queue on a real database file that a test can
// "restart": close and open again, as a crashed server would be.
type queueFixture struct {
	t    *testing.T
	path string // the database: a SQLite file or a PostgreSQL URL (dbtest.Target)
	db   *db.DB
	now  time.Time
}

func newQueueFixture(t *testing.T) *queueFixture {
	f := &queueFixture{t: t, path: dbtest.Target(t, t.TempDir()), now: time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC)}
	f.db = f.handle()
	return f
}

// open opens the database again, as a restarted server does.
func (f *queueFixture) open() { f.db = f.handle() }

// handle is a new handle on the fixture's database: another server's.
func (f *queueFixture) handle() *db.DB {
	f.t.Helper()
	d, err := db.Open(context.Background(), f.path)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { d.Close() })
	return d
}

// queue is a fresh Queue (a new server process) whose handler records the
// payloads it was given.
func (f *queueFixture) queue(handle func(ctx context.Context, n int) error) (*Queue, *[]int) {
	q := NewQueue(f.db, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
	q.now = func() time.Time { return f.now }
	var mu sync.Mutex
	var seen []int
	q.Handle("test", func(ctx context.Context, j Job) error {
		var n int
		if err := json.Unmarshal(j.Payload, &n); err != nil {
			return err
		}
		mu.Lock()
		seen = append(seen, n)
		mu.Unlock()
		return handle(ctx, n)
	}, nil)
	return q, &seen
}

func (f *queueFixture) enqueue(q *Queue, payloads ...int) {
	f.t.Helper()
	err := f.db.Tx(context.Background(), func(tx *sql.Tx) error {
		for _, p := range payloads {
			if err := q.EnqueueTx(context.Background(), tx, "test", "batch-1", p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *queueFixture) states() map[string]int {
	f.t.Helper()
	rows, err := f.db.R.Query(`SELECT state, count(*) FROM jobs GROUP BY state`)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		rows.Scan(&s, &n)
		out[s] = n
	}
	return out
}

func ok(context.Context, int) error { return nil }

// A server dies while a job runs: after a restart the other jobs run at
// once, and the interrupted one runs again when its lease has run out, not
// before. Every job is done once in the end.
func TestQueueResumesAfterACrash(t *testing.T) {
	f := newQueueFixture(t)
	ctx := context.Background()
	first, _ := f.queue(ok)
	f.enqueue(first, 1, 2, 3)
	// The first server claims job 1, then dies before finishing it.
	if j, claimed, err := first.claim(ctx); err != nil || !claimed || string(j.Payload) != "1" {
		t.Fatalf("claim: %+v %v %v", j, claimed, err)
	}
	f.db.Close()

	f.open()
	f.now = f.now.Add(Lease / 2) // within the lease
	second, seen := f.queue(ok)
	if err := second.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(*seen, []int{2, 3}) {
		t.Fatalf("after the restart, within the lease, the queue ran %v; want 2 and 3 (1 is still leased)", *seen)
	}
	if s := f.states(); s["running"] != 1 || s["done"] != 2 {
		t.Fatalf("states %v; want 1 running, 2 done", s)
	}
	f.now = f.now.Add(Lease) // the dead server's lease ran out: well under a minute after it died
	if err := second.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(*seen, []int{2, 3, 1}) {
		t.Fatalf("after the lease ran out the queue ran %v; want job 1 again", *seen)
	}
	var attempts int
	f.db.R.QueryRow(`SELECT attempts FROM jobs WHERE payload = '1'`).Scan(&attempts)
	if s := f.states(); s["done"] != 3 || attempts != 2 {
		t.Fatalf("states %v, job 1 tried %d times; want all 3 done, job 1 twice", s, attempts)
	}
}

// A failing job is tried MaxAttempts times, a permanent failure or a panic
// once; the fail handler hears of each failed job once. A job cut off by
// shutdown goes back to the queue, to run after the restart.
func TestQueueRetriesFailuresAndShutdown(t *testing.T) {
	for _, tc := range []struct {
		name     string
		handle   func(ctx context.Context, n int) error
		cancel   bool // the server shuts down while the job runs
		runs     int
		state    string
		failures int
	}{
		{"transient error", func(context.Context, int) error { return errors.New("disk busy") }, false, MaxAttempts, "failed", 1},
		{"permanent error", func(context.Context, int) error { return Permanent(errors.New("not an image")) }, false, 1, "failed", 1},
		{"panic", func(context.Context, int) error { panic("bad file") }, false, 1, "failed", 1},
		{"shutdown", func(ctx context.Context, _ int) error { <-ctx.Done(); return ctx.Err() }, true, 1, "queued", 0},
		{"success", ok, false, 1, "done", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newQueueFixture(t)
			q, seen := f.queue(tc.handle)
			failures := 0
			q.onFail["test"] = func(context.Context, Job, error) { failures++ }
			f.enqueue(q, 7)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancel {
				go func() { time.Sleep(50 * time.Millisecond); cancel() }()
			}
			for range MaxAttempts + 1 {
				q.RunPending(ctx)
			}
			if len(*seen) != tc.runs || failures != tc.failures {
				t.Errorf("ran %d times, %d failure reports; want %d and %d", len(*seen), failures, tc.runs, tc.failures)
			}
			if s := f.states(); s[tc.state] != 1 {
				t.Errorf("states %v; want the job %s", s, tc.state)
			}
		})
	}
}

// A kind with a retry policy waits its backoff between tries, and is tried
// up to its own number of attempts: a retry is not claimed before its time
// and is claimed once it has come.
func TestQueueRetryPolicyWaitsBackoff(t *testing.T) {
	f := newQueueFixture(t)
	q, seen := f.queue(func(context.Context, int) error { return errors.New("451 try later") })
	q.Retry("test", RetryPolicy{Attempts: 5, Backoff: func(n int) time.Duration { return time.Duration(n) * time.Minute }})
	f.enqueue(q, 7)
	ctx := context.Background()
	for try := 1; try <= 5; try++ {
		if err := q.RunPending(ctx); err != nil {
			t.Fatal(err)
		}
		if len(*seen) != try {
			t.Fatalf("try %d: the job ran %d times", try, len(*seen))
		}
		// Nothing more runs before the backoff has passed.
		f.now = f.now.Add(time.Duration(try)*time.Minute - time.Second)
		q.RunPending(ctx)
		if len(*seen) != try {
			t.Fatalf("try %d: the job ran again %v before its backoff of %d min", try, time.Duration(try)*time.Minute-time.Second, try)
		}
		f.now = f.now.Add(time.Second)
	}
	if s := f.states(); s["failed"] != 1 {
		t.Fatalf("states %v after 5 tries; want the job failed", s)
	}
}

// syncClock is a test clock that goroutines (the heartbeat) may read while
// the test moves it.
type syncClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *syncClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *syncClock) Add(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return c.t
}

// A job that runs longer than its lease keeps it while its worker lives:
// the heartbeat renews the lease, and another server cannot take the job.
// Once the worker is gone (no more beats), the job is claimed again within
// the short lease, well under a minute.
func TestQueueHeartbeatKeepsLeaseAndDeadWorkerIsReclaimed(t *testing.T) {
	if Lease >= time.Minute {
		t.Fatalf("lease %v; a killed worker's photos would wait a minute or more", Lease)
	}
	f := newQueueFixture(t)
	ctx := context.Background()
	clk := &syncClock{t: f.now}
	started, release := make(chan struct{}), make(chan struct{})
	live := NewQueue(f.db, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
	live.now = clk.Now
	ticks := make(chan time.Time)
	live.tick = func(time.Duration) (<-chan time.Time, func()) { return ticks, func() {} }
	live.Handle("test", func(ctx context.Context, j Job) error {
		close(started)
		<-release
		return nil
	}, nil)
	f.enqueue(live, 1)
	done := make(chan error)
	go func() { done <- live.RunPending(ctx) }()
	<-started

	// beat sends two ticks: the second is taken only once the first one's
	// renewal is written, so the lease is renewed when beat returns.
	beat := func() { ticks <- clk.Now(); ticks <- clk.Now() }
	other := NewQueue(f.db, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
	other.now = clk.Now
	other.Handle("test", func(context.Context, Job) error { return nil }, nil)
	for range 6 { // three leases long
		clk.Add(Lease / 2)
		beat()
		if j, claimed, err := other.claim(ctx); err != nil || claimed {
			t.Fatalf("at +%v another server claimed the job of a live worker: %+v %v", clk.Now().Sub(f.now), j, err)
		}
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if s := f.states(); s["done"] != 1 {
		t.Fatalf("states %v; want the job done once", s)
	}

	// A worker killed mid-job: it claimed the job and never beats again.
	f.enqueue(live, 2)
	killed := NewQueue(f.db, 1, slog.New(slog.NewTextHandler(io.Discard, nil)))
	killed.now = clk.Now
	killed.Handle("test", func(context.Context, Job) error { return nil }, nil)
	if _, claimed, err := killed.claim(ctx); err != nil || !claimed {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	clk.Add(Lease - time.Second)
	if _, claimed, _ := other.claim(ctx); claimed {
		t.Fatal("job claimed again before its lease ran out")
	}
	clk.Add(2 * time.Second)
	j, claimed, err := other.claim(ctx)
	if err != nil || !claimed || string(j.Payload) != "2" || j.Attempts != 2 {
		t.Fatalf("after the lease the killed worker's job was not reclaimed: %+v %v %v", j, claimed, err)
	}
	// The killed worker, were it to wake, can no longer finish or renew it.
	if ours, err := killed.renew(ctx, Job{ID: j.ID, Attempts: 1}); err != nil || ours {
		t.Fatalf("stale worker renewed a job claimed again: %v %v", ours, err)
	}
}
