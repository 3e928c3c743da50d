package media

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
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

// MaxAttempts is how often a job is tried before it is marked failed.
const MaxAttempts = 3

// Queue runs jobs from the database with a bounded pool of workers. Jobs
// survive restarts: a worker claims a job with a lease, and a job whose
// lease ran out (its server died) is claimed again.
type Queue struct {
	db       *db.DB
	log      *slog.Logger
	workers  int
	lease    time.Duration
	handlers map[string]Handler
	onFail   map[string]FailHandler
	wake     chan struct{}
	now      func() time.Time
}

// NewQueue returns a queue with workers goroutines (media.Workers() for the
// photo pipeline: parallel across photos, never inside one).
func NewQueue(d *db.DB, workers int, log *slog.Logger) *Queue {
	return &Queue{db: d, log: log, workers: max(workers, 1), lease: 5 * time.Minute,
		handlers: map[string]Handler{}, onFail: map[string]FailHandler{}, wake: make(chan struct{}, 1), now: time.Now}
}

// Handle registers the handler of a job kind (at wiring time, before Run).
func (q *Queue) Handle(kind string, h Handler, onFail FailHandler) {
	q.handlers[kind] = h
	if onFail != nil {
		q.onFail[kind] = onFail
	}
}

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
	kinds := make([]string, 0, len(q.handlers))
	args := []any{q.now().Add(q.lease).UnixMilli(), q.now().UnixMilli(), q.now().UnixMilli()}
	for k := range q.handlers {
		kinds = append(kinds, "?")
		args = append(args, k)
	}
	if len(kinds) == 0 {
		return Job{}, false, nil
	}
	var j Job
	var payload string
	err := q.db.W.QueryRowContext(ctx, `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = ?, updated_at = ?
		WHERE id = (SELECT id FROM jobs WHERE (state = 'queued' OR (state = 'running' AND lease_until < ?))
		            AND kind IN (`+strings.Join(kinds, ",")+`) ORDER BY id LIMIT 1)
		RETURNING id, kind, batch_id, payload, attempts`, args...).Scan(&j.ID, &j.Kind, &j.BatchID, &payload, &j.Attempts)
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, false, nil
	}
	if err != nil {
		return Job{}, false, fmt.Errorf("media: claim job: %w", err)
	}
	j.Payload = json.RawMessage(payload)
	return j, true, nil
}

func (q *Queue) runJob(ctx context.Context, j Job) {
	err := q.safeRun(ctx, j)
	state, msg := "done", ""
	if err != nil {
		msg = err.Error()
		state = "queued"
		if j.Attempts >= MaxAttempts || ctx.Err() == nil && errors.Is(err, errPermanent) {
			state = "failed"
		}
		if ctx.Err() != nil {
			state = "queued" // interrupted by shutdown: run again after restart
		}
		q.log.Warn("job failed", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "err", err)
	}
	if state == "failed" {
		if f := q.onFail[j.Kind]; f != nil {
			f(context.WithoutCancel(ctx), j, err)
		}
	}
	_, uerr := q.db.W.ExecContext(context.WithoutCancel(ctx), `UPDATE jobs SET state = ?, error = ?, lease_until = 0, updated_at = ? WHERE id = ?`,
		state, msg, q.now().UnixMilli(), j.ID)
	if uerr != nil {
		q.log.Error("job queue: finish", "job", j.ID, "err", uerr)
	}
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
