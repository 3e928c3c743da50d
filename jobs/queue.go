// Package jobs is the background job queue: jobs are rows in the jobs table,
// claimed with a lease by a pool of workers, retried, and settled in the
// same transaction as the work they finish.
package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"newsroom/db"
)

// Job is one unit of background work from the jobs table.
type Job struct {
	ID       int64
	Kind     string
	BatchID  string
	Payload  json.RawMessage
	Attempts int
}

// Handler does a job. Returning an error retries it (up to MaxAttempts);
// user-fixable problems should be recorded by the handler, which then
// returns nil.
type Handler func(ctx context.Context, j Job) error

// FailHandler is told when a job has failed for the last time.
type FailHandler func(ctx context.Context, j Job, err error)

// Settler runs inside the transaction that records a job's final state
// ("done" or "failed"), exactly once per job. Whatever depends on "no job of
// this batch is left" is decided there: two jobs settling at the same moment
// are two transactions, one after the other, so the last one sees all the
// others settled. It may return a function to run after the commit (file
// cleanup), or nil.
type Settler func(ctx context.Context, tx *sql.Tx, j Job, state string) (after func(), err error)

// MaxAttempts is how often a job is tried before it is marked failed.
const MaxAttempts = 3

// Lease is how long a claimed job belongs to its worker without a sign of
// life. A running job's lease is renewed every Lease/3 by a heartbeat, so a
// job is never taken from a live worker however long it runs, while the job
// of a killed server is claimed again within Lease.
const Lease = 30 * time.Second

// Queue runs jobs from the database with a bounded pool of workers. Jobs
// survive restarts: a worker claims a job with a lease that a heartbeat
// renews while the job runs, and a job whose lease ran out (its server died)
// is claimed again. Each claim is fenced by its attempt number: a worker
// whose job was claimed again elsewhere can neither renew nor finish it.
type Queue struct {
	db       *db.DB
	log      *slog.Logger
	workers  int
	lease    time.Duration
	handlers map[string]Handler
	onFail   map[string]FailHandler
	settle   map[string]Settler
	retry    map[string]RetryPolicy
	wake     chan struct{}
	now      func() time.Time
	// tick starts the heartbeat's ticker; tests replace it to beat on demand.
	tick func(d time.Duration) (<-chan time.Time, func())

	mu      sync.Mutex
	running map[int64]bool // jobs this queue runs now: never claimed again by it
}

// NewQueue returns a queue with workers goroutines (media.Workers() for the
// photo pipeline: parallel across photos, never inside one).
func NewQueue(d *db.DB, workers int, log *slog.Logger) *Queue {
	return &Queue{db: d, log: log, workers: max(workers, 1), lease: Lease,
		handlers: map[string]Handler{}, onFail: map[string]FailHandler{}, settle: map[string]Settler{},
		retry: map[string]RetryPolicy{}, wake: make(chan struct{}, 1), now: time.Now, tick: realTicker, running: map[int64]bool{}}
}

func realTicker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// Handle registers the handler of a job kind (at wiring time, before Run).
func (q *Queue) Handle(kind string, h Handler, onFail FailHandler) {
	q.handlers[kind] = h
	if onFail != nil {
		q.onFail[kind] = onFail
	}
}

// RetryPolicy is how a kind of job is retried: at most Attempts tries (0:
// MaxAttempts), the n-th failed try waiting Backoff(n) before the next (nil:
// at once). Work that fails for a reason that may pass (a mail server that
// is down) waits; a photo that failed is tried again at once.
type RetryPolicy struct {
	Attempts int
	Backoff  func(attempt int) time.Duration
}

// Retry sets the retry policy of a job kind (at wiring time, before Run).
func (q *Queue) Retry(kind string, p RetryPolicy) { q.retry[kind] = p }

// Settle registers what runs in the transaction that marks a job of kind
// done or failed (at wiring time, before Run).
func (q *Queue) Settle(kind string, s Settler) { q.settle[kind] = s }

// EnqueueTx adds a job inside the caller's transaction; call Wake after commit.
func (q *Queue) EnqueueTx(ctx context.Context, tx *sql.Tx, kind, batch string, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("media: job payload: %w", err)
	}
	now := q.now().UnixMilli()
	_, err = tx.ExecContext(ctx, `INSERT INTO jobs (kind, batch_id, payload, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		kind, batch, string(b), now, now)
	if err != nil {
		return fmt.Errorf("media: enqueue %s: %w", kind, err)
	}
	return nil
}

// Wake tells idle workers there is work.
func (q *Queue) Wake() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Run works until ctx ends, then waits for the workers' current jobs.
func (q *Queue) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for range q.workers {
		wg.Go(func() { q.work(ctx) })
	}
	wg.Wait()
	return ctx.Err()
}

func (q *Queue) work(ctx context.Context) {
	idle := time.NewTimer(0)
	defer idle.Stop()
	for ctx.Err() == nil {
		j, ok, err := q.claim(ctx)
		if err != nil && ctx.Err() == nil {
			q.log.Error("job queue: claim", "err", err)
		}
		if ok {
			q.runJob(ctx, j)
			continue
		}
		idle.Reset(2 * time.Second)
		select {
		case <-ctx.Done():
		case <-q.wake:
		case <-idle.C:
		}
	}
}

// RunPending works through every job that is ready now, in this goroutine,
// and returns; tests and the command line use it.
func (q *Queue) RunPending(ctx context.Context) error {
	for {
		j, ok, err := q.claim(ctx)
		if err != nil || !ok {
			return err
		}
		q.runJob(ctx, j)
	}
}

func (q *Queue) claim(ctx context.Context) (Job, bool, error) {
	if len(q.handlers) == 0 {
		return Job{}, false, nil
	}
	now := q.now()
	args := []any{now.Add(q.lease).UnixMilli(), now.UnixMilli(), now.UnixMilli(), now.UnixMilli()}
	kinds := make([]string, 0, len(q.handlers))
	for k := range q.handlers {
		kinds = append(kinds, "?")
		args = append(args, k)
	}
	// A job this queue runs now is never claimed by it again, even if a busy
	// database delayed its heartbeat past the lease.
	q.mu.Lock()
	mine := make([]string, 0, len(q.running))
	for id := range q.running {
		mine = append(mine, "?")
		args = append(args, id)
	}
	q.mu.Unlock()
	notMine := ""
	if len(mine) > 0 {
		notMine = ` AND id NOT IN (` + strings.Join(mine, ",") + `)`
	}
	var j Job
	var payload string
	claimSQL := sqliteClaim
	if q.db.IsPostgres() {
		claimSQL = postgresClaim
	}
	err := q.db.W.QueryRowContext(ctx, fmt.Sprintf(claimSQL, strings.Join(kinds, ","), notMine), args...).
		Scan(&j.ID, &j.Kind, &j.BatchID, &payload, &j.Attempts)
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, false, nil
	}
	if err != nil {
		return Job{}, false, fmt.Errorf("media: claim job: %w", err)
	}
	j.Payload = json.RawMessage(payload)
	q.mu.Lock()
	q.running[j.ID] = true
	q.mu.Unlock()
	return j, true, nil
}

// renew extends the lease of a job this worker still holds; false means the
// job is no longer ours (its lease ran out and another worker claimed it).
func (q *Queue) renew(ctx context.Context, j Job) (bool, error) {
	res, err := q.db.W.ExecContext(ctx, `UPDATE jobs SET lease_until = ? WHERE id = ? AND state = 'running' AND attempts = ?`,
		q.now().Add(q.lease).UnixMilli(), j.ID, j.Attempts)
	if err != nil {
		return true, fmt.Errorf("media: renew lease of job %d: %w", j.ID, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// heartbeat renews j's lease every lease/3 until ctx ends; when the job
// turns out to be someone else's it sets lost and cancels the job.
func (q *Queue) heartbeat(ctx context.Context, j Job, lost *atomic.Bool, cancel context.CancelFunc) {
	ticks, stop := q.tick(q.lease / 3)
	defer stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticks:
		}
		ours, err := q.renew(context.WithoutCancel(ctx), j)
		if err != nil {
			q.log.Warn("job queue: heartbeat", "job", j.ID, "err", err)
			continue
		}
		if !ours {
			q.log.Warn("job queue: lease lost, stopping job", "job", j.ID, "kind", j.Kind)
			lost.Store(true)
			cancel()
			return
		}
	}
}

func (q *Queue) runJob(ctx context.Context, j Job) {
	defer func() {
		q.mu.Lock()
		delete(q.running, j.ID)
		q.mu.Unlock()
	}()
	jobCtx, cancel := context.WithCancel(ctx)
	var lost atomic.Bool
	beat := make(chan struct{})
	go func() {
		defer close(beat)
		q.heartbeat(jobCtx, j, &lost, cancel)
	}()
	err := q.safeRun(jobCtx, j)
	cancel()
	<-beat
	if lost.Load() {
		return // another worker has the job now; its result is the one kept
	}
	state, msg := "done", ""
	var wait time.Duration
	policy := q.retry[j.Kind]
	if err != nil {
		msg = err.Error()
		state = "queued"
		if policy.Backoff != nil {
			wait = policy.Backoff(j.Attempts)
		}
		if j.Attempts >= cmp.Or(policy.Attempts, MaxAttempts) || ctx.Err() == nil && errors.Is(err, errPermanent) {
			state = "failed"
		}
		if ctx.Err() != nil {
			state, wait = "queued", 0 // interrupted by shutdown: run again after restart
		}
		q.log.Warn("job failed", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "err", err)
	}
	if state == "failed" {
		if f := q.onFail[j.Kind]; f != nil {
			f(context.WithoutCancel(ctx), j, err)
		}
	}
	if err := q.finish(context.WithoutCancel(ctx), j, state, msg, wait); err != nil {
		q.log.Error("job queue: finish", "job", j.ID, "err", err)
	}
}

// finish records a job's state, fenced by its attempt number, and for a
// final state runs the kind's Settler in the same transaction. A job queued
// again is not claimed before wait has passed.
func (q *Queue) finish(ctx context.Context, j Job, state, msg string, wait time.Duration) error {
	var after func()
	err := q.db.Tx(ctx, func(tx *sql.Tx) error {
		after = nil
		now := q.now()
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET state = ?, error = ?, lease_until = 0, run_after = ?, updated_at = ?
			WHERE id = ? AND state = 'running' AND attempts = ?`, state, msg, now.Add(wait).UnixMilli(), now.UnixMilli(), j.ID, j.Attempts)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return err // claimed again elsewhere: that run settles it
		}
		if s := q.settle[j.Kind]; s != nil && state != "queued" {
			after, err = s(ctx, tx, j, state)
		}
		return err
	})
	if err != nil {
		return err
	}
	if after != nil {
		after()
	}
	return nil
}

var errPermanent = errors.New("permanent failure")

// Permanent marks an error that retrying cannot fix.
func Permanent(err error) error { return fmt.Errorf("%w: %w", errPermanent, err) }

// safeRun turns a handler panic into an error, so one bad file cannot stop
// the worker.
func (q *Queue) safeRun(ctx context.Context, j Job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = Permanent(fmt.Errorf("panic: %v", r))
		}
	}()
	h := q.handlers[j.Kind]
	return h(ctx, j)
}

// PurgeDone deletes finished jobs older than age.
func (q *Queue) PurgeDone(ctx context.Context, age time.Duration) error {
	_, err := q.db.W.ExecContext(ctx, `DELETE FROM jobs WHERE state IN ('done','failed') AND updated_at < ?`, q.now().Add(-age).UnixMilli())
	return err
}
