package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// Record is one request.
type Record struct {
	Seq       int64         // assigned by the log
	Time      time.Time     // stored as UTC unix milliseconds
	IP        string        // at most 64 bytes are kept
	UserID    int64         // 0 = anonymous
	Method    string        // at most 32 bytes are kept
	URI       string        // at most 4096 bytes are kept
	Status    int           // HTTP status
	Bytes     int64         // response body size
	Duration  time.Duration // stored as microseconds
	UserAgent string        // at most 1024 bytes are kept
}

// MinRetentionDays is the shortest retention the law allows.
const MinRetentionDays = 90

// ErrRetentionTooShort is returned (wrapped) when the configured retention is
// below MinRetentionDays.
var ErrRetentionTooShort = errors.New(
	"traffic log retention must be at least 90 days (Computer Crime Act B.E. 2550 s.26)")

// ErrClosed is returned by Flush after Close.
var ErrClosed = errors.New("audit: traffic log closed")

const (
	defaultBuffer     = 65536
	defaultFlushEvery = time.Second
	// batchSize pending records trigger a write before the next tick. A
	// commit rewrites the table's and the index's last pages whatever it
	// adds, so bigger batches cost less per record (2048 rather than 512:
	// a fifth less CPU per record in BenchmarkWrite).
	batchSize = 2048
)

// TrafficOptions configures OpenTraffic. Zero values take the defaults.
type TrafficOptions struct {
	// RetentionDays is how long records are kept; 0 means MinRetentionDays.
	RetentionDays int
	// Buffer is the queue size; Log drops records when it is full. Default 65536.
	Buffer int
	// FlushEvery is the longest a record waits in memory. Default 1s.
	FlushEvery time.Duration
	// Logger receives write errors and drop warnings. Default slog.Default().
	Logger *slog.Logger
	// Now is the clock that dates the hourly checkpoints and records logged
	// without a time. Default time.Now.
	Now func() time.Time
}

// TrafficLog is the writable traffic log. Log may be called from any
// goroutine; a single writer goroutine owns the file's chain head.
type TrafficLog struct {
	db        *sql.DB        // writer pool: immediate transactions (PostgreSQL: the shared pool)
	reader    *TrafficReader // read-only pool for Verify and Export
	lease     *lease         // PostgreSQL: this process's chain (postgres.go); nil on SQLite
	retention int
	log       *slog.Logger
	now       func() time.Time

	queue       *queue
	done        chan struct{} // closed when the writer goroutine returns
	closed      atomic.Bool
	dropped     atomic.Int64
	lastDropLog atomic.Int64 // unix ns of the last drop warning
	closeOnce   sync.Once
	closeErr    error
}

// OpenTraffic validates the retention, opens (creating and migrating) the log
// file at path and starts its writer goroutine. Call Close when done.
func OpenTraffic(path string, opt TrafficOptions) (*TrafficLog, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("audit: open traffic log: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("audit: create traffic log dir: %w", err)
	}
	db, err := sql.Open(driverName, trafficDSN(path, false))
	if err != nil {
		return nil, fmt.Errorf("audit: open traffic log %s: %w", path, err)
	}
	w, err := newWriter(db, opt)
	if err != nil {
		db.Close()
		return nil, err
	}
	reader, err := OpenTrafficReadOnly(path)
	if err != nil {
		db.Close()
		return nil, err
	}
	t := &TrafficLog{
		db: db, reader: reader, retention: opt.RetentionDays, log: opt.Logger, now: opt.Now,
		queue: newQueue(opt.Buffer), done: make(chan struct{}),
	}
	w.dropped = &t.dropped
	go w.run(t.queue, t.done, opt.FlushEvery)
	return t, nil
}

func (o TrafficOptions) withDefaults() (TrafficOptions, error) {
	if o.RetentionDays == 0 {
		o.RetentionDays = MinRetentionDays
	}
	if o.RetentionDays < MinRetentionDays {
		return o, fmt.Errorf("%w: got %d", ErrRetentionTooShort, o.RetentionDays)
	}
	if o.Buffer <= 0 {
		o.Buffer = defaultBuffer
	}
	if o.FlushEvery <= 0 {
		o.FlushEvery = defaultFlushEvery
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}

// Log queues r for writing. It never blocks: when the queue is full (or the
// log is closed) the record is counted in Dropped and an error is logged at
// most once a minute. A zero Time is replaced by the current time.
func (t *TrafficLog) Log(r Record) {
	if r.Time.IsZero() {
		r.Time = t.now()
	}
	s := toStored(r)
	if !t.queue.push(&s) {
		t.drop()
	}
}

func (t *TrafficLog) drop() {
	n := t.dropped.Add(1)
	now := time.Now().UnixNano()
	last := t.lastDropLog.Load()
	if (last == 0 || now-last >= int64(time.Minute)) && t.lastDropLog.CompareAndSwap(last, now) {
		t.log.Error("audit: traffic log queue full or closed, records dropped",
			"dropped_total", n)
	}
}

// Dropped is how many records Log could not queue, or the writer gave up on,
// since the log was opened.
func (t *TrafficLog) Dropped() int64 { return t.dropped.Load() }

// Flush waits until every record logged before the call is written.
func (t *TrafficLog) Flush(ctx context.Context) error {
	if t.closed.Load() {
		return ErrClosed
	}
	if err := t.sync(ctx, false); err != nil {
		return fmt.Errorf("audit: flush traffic log: %w", err)
	}
	return nil
}

// sync puts a marker in the queue and waits for the writer to reach it.
func (t *TrafficLog) sync(ctx context.Context, stop bool) error {
	ack := make(chan error, 1)
	if !t.queue.mark(ack, stop) {
		return ErrClosed
	}
	select {
	case err := <-ack:
		return err
	case <-t.done:
		select {
		case err := <-ack:
			return err
		default:
			return ErrClosed
		}
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops accepting records, writes everything queued and closes the
// file. It is safe to call more than once.
func (t *TrafficLog) Close() error {
	t.closeOnce.Do(func() {
		t.closed.Store(true)
		err := t.sync(context.Background(), true)
		<-t.done
		if t.lease != nil { // the pool is the application's
			t.closeErr = errors.Join(err, t.lease.release())
		} else {
			t.closeErr = errors.Join(err, t.reader.Close(), t.db.Close())
		}
		if t.closeErr != nil {
			t.closeErr = fmt.Errorf("audit: close traffic log: %w", t.closeErr)
		}
	})
	return t.closeErr
}

// DB is the writer's database handle, for tests and tools.
func (t *TrafficLog) DB() *sql.DB { return t.db }

// Verify checks the hash chain; see TrafficReader.Verify.
func (t *TrafficLog) Verify(ctx context.Context) (VerifyResult, error) {
	return t.reader.Verify(ctx)
}

// Export writes records in [from, to) as CSV; see TrafficReader.Export.
func (t *TrafficLog) Export(ctx context.Context, w io.Writer, from, to time.Time) (int, error) {
	return t.reader.Export(ctx, w, from, to)
}
