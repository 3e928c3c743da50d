package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"
)

// maxPending bounds the records kept in memory while writes fail; beyond it
// the batch is dropped (and counted) rather than growing without limit.
const maxPending = 32768

// writer is the only code that appends to traffic_blocks. It runs in one
// goroutine, so the chain head needs no lock.
type writer struct {
	db      wconn      // the SQLite writer pool, or the PostgreSQL lease's connection
	chain   chainScope // the chain it appends to
	lease   *lease     // PostgreSQL: the lock that makes the chain this process's own
	log     *slog.Logger
	now     func() time.Time
	dropped *atomic.Int64

	pending  []byte // queued records not yet stored, as the queue encodes them
	pendingN int
	spare    []byte    // the queue's previous buffer, reused
	insert   *sql.Stmt // insertBlock, prepared once (SQLite)
	block    blockBuilder
	hashBuf  []byte // reused message buffer for the chain hashes
	headSeq  int64
	headHash [32]byte
	lastDay  string // UTC hour (or, before hourly checkpoints, day) of the newest checkpoint
	stale    bool   // a write failed: reload the head before the next one
	failing  bool   // wait for the next tick rather than retry on every record
}

// wconn is what the writer writes through: *sql.DB or *sql.Conn.
type wconn interface {
	querier
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// newWriter migrates the file and loads the chain head and last checkpoint.
func newWriter(db *sql.DB, opt TrafficOptions) (*writer, error) {
	ctx := context.Background()
	if err := migrateTraffic(ctx, db); err != nil {
		return nil, err
	}
	w := &writer{db: db, chain: sqliteChain, log: opt.Logger, now: opt.Now, hashBuf: make([]byte, 0, 6<<10)}
	if err := w.start(ctx); err != nil {
		return nil, err
	}
	var err error
	w.insert, err = db.PrepareContext(ctx, insertBlock)
	if err != nil {
		return nil, fmt.Errorf("audit: prepare traffic insert: %w", err)
	}
	return w, nil
}

// start loads the chain head and the last checkpoint.
func (w *writer) start(ctx context.Context) error {
	if err := w.reload(ctx); err != nil {
		return err
	}
	err := w.db.QueryRowContext(ctx, w.chain.sql.lastCheckpoint, w.chain.args()...).Scan(&w.lastDay)
	if err != nil {
		return fmt.Errorf("audit: load traffic checkpoints: %w", err)
	}
	return nil
}

func (w *writer) reload(ctx context.Context) error {
	if w.lease != nil {
		// After a failed write the connection, and with it the lock, may
		// be gone: take them again, on the instance's next chain should
		// another process hold this one now.
		conn, err := w.lease.ensure(ctx, w.now())
		if err != nil {
			return err
		}
		w.db = conn
		if w.lease.chain != w.chain.chain {
			w.log.Warn("audit: traffic chain taken by another process; going on in a chain of its own",
				"was", w.chain.chain, "now", w.lease.chain)
			w.chain = pgChain(w.lease.chain)
			if err := w.db.QueryRowContext(ctx, w.chain.sql.lastCheckpoint, w.chain.args()...).Scan(&w.lastDay); err != nil {
				return fmt.Errorf("audit: load traffic checkpoints: %w", err)
			}
		}
	}
	seq, hash, err := loadHead(ctx, w.db, w.chain)
	if err != nil {
		return err
	}
	w.headSeq, w.headHash, w.stale = seq, rawDigest(hash), false
	return nil
}

// drainEvery is how often the writer empties the queue. Waking the writer
// for every record would cost each request a futex call and a thread
// switch, more than the rest of the log; records wait at most this long
// before they are hashed, and Flush and Close wake the writer at once.
const drainEvery = 10 * time.Millisecond

// run drains the queue until a stop mark arrives: every drainEvery, and at
// once when poked. It writes a batch whenever batchSize records are pending,
// at every mark and every flush tick.
func (w *writer) run(q *queue, done chan<- struct{}, every time.Duration) {
	defer close(done)
	if w.insert != nil {
		defer w.insert.Close()
	}
	flush := time.NewTicker(every)
	defer flush.Stop()
	drain := time.NewTicker(min(every, drainEvery))
	defer drain.Stop()
	for {
		due := false
		select {
		case <-q.wake:
		case <-drain.C:
		case <-flush.C:
			due = true
		}
		buf, n, marks := q.take(w.spare)
		stopped := w.take(buf, n, marks)
		w.spare = shrink(buf)
		if stopped {
			return
		}
		if due {
			w.write()
		}
	}
}

// take handles n queued records and the marks among them, in order, and
// reports whether a stop mark came (always the last: the queue refuses
// everything after it).
func (w *writer) take(buf []byte, n int, marks []mark) (stopped bool) {
	done := 0
	for _, m := range marks {
		buf = w.add(buf, m.at-done)
		done = m.at
		err := w.write()
		if m.stop {
			if err != nil { // last chance: what is still pending is lost
				w.dropped.Add(int64(w.pendingN))
			}
			m.ack <- err
			return true
		}
		m.ack <- err
	}
	w.add(buf, n-done)
	return false
}

// add moves n records from the front of buf to pending and returns the rest.
func (w *writer) add(buf []byte, n int) []byte {
	for range n {
		_, rest := nextQueued(buf)
		if w.failing && w.pendingN >= maxPending {
			w.dropped.Add(1) // memory stays bounded while the file is stuck
			buf = rest
			continue
		}
		w.pending = append(w.pending, buf[:len(buf)-len(rest)]...)
		w.pendingN++
		buf = rest
		if w.pendingN >= batchSize && !w.failing {
			w.write()
		}
	}
	return buf
}

// write stores the pending records. On failure they stay pending for the
// next attempt, up to maxPending.
func (w *writer) write() error {
	if w.pendingN == 0 {
		return nil
	}
	err := w.store(context.Background())
	if err != nil {
		w.stale, w.failing = true, true
		w.log.Error("audit: write traffic log", "err", err, "pending", w.pendingN)
		if w.pendingN >= maxPending {
			w.dropped.Add(int64(w.pendingN))
			w.pending, w.pendingN = w.pending[:0], 0
		}
		return err
	}
	w.failing = false
	w.pending, w.pendingN = shrink(w.pending), 0
	return nil
}

// keepBytes is the most buffer memory the writer keeps for reuse: a backlog
// from a stuck file (up to maxPending records) is not held for good.
const keepBytes = 4 << 20

// shrink empties b, dropping its storage if a backlog grew it past keepBytes.
func shrink(b []byte) []byte {
	if cap(b) > keepBytes {
		return nil
	}
	return b[:0]
}

// store appends the pending records to the chain in one transaction,
// blockRecords records to a row, and moves the head only once it is
// committed.
func (w *writer) store(ctx context.Context) error {
	if w.stale {
		if err := w.reload(ctx); err != nil {
			return err
		}
	}
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("audit: begin traffic batch: %w", err)
	}
	defer tx.Rollback()
	var insert blockExec = chainExec{tx, w.chain, w.chain.sql.insertBlock}
	if w.insert != nil {
		insert = tx.StmtContext(ctx, w.insert)
	}
	seq, hash := w.headSeq, w.headHash
	var prevHex [64]byte
	w.block.n = 0
	for buf := w.pending; len(buf) > 0; {
		var fields []byte
		fields, buf = nextQueued(buf)
		seq++
		prev := hash
		hex.Encode(prevHex[:], prev[:])
		msg := appendString(w.hashBuf[:0], hashDomain)
		msg = appendString(msg, prevHex[:])
		msg = appendInt(msg, seq)
		msg = hashFields(msg, fields)
		w.hashBuf = msg
		hash = sha256.Sum256(msg)
		w.block.addFields(seq, fields, &prev, &hash)
		if w.block.n == blockRecords || len(buf) == 0 {
			if err := w.block.insert(ctx, insert); err != nil {
				return err
			}
		}
	}
	day, err := w.checkpoint(ctx, tx, seq, hex.EncodeToString(hash[:]))
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("audit: commit traffic batch: %w", err)
	}
	w.headSeq, w.headHash, w.lastDay = seq, hash, day
	return nil
}

// checkpointPeriod names the UTC hour a checkpoint belongs to. Cutting off
// the newest records while the server is stopped leaves no gap in the
// chain; the checkpoint of the hour notices it, so such a cut can hide at
// most the records of the current hour. (Files from before hourly
// checkpoints hold one per UTC day, named by the date alone.)
const checkpointPeriod = "2006-01-02T15"

// checkpoint records the head once per UTC hour. A checkpoint outlives the
// records around it, so cutting off the tail of the log (which leaves no gap
// in the chain) is still noticed by Verify.
func (w *writer) checkpoint(ctx context.Context, tx *sql.Tx, seq int64, hash string) (string, error) {
	day := w.now().UTC().Format(checkpointPeriod)
	if day == w.lastDay {
		return day, nil
	}
	_, err := tx.ExecContext(ctx, w.chain.sql.checkpoint, w.chain.args(day, seq, hash)...)
	if err != nil {
		return "", fmt.Errorf("audit: traffic checkpoint %s: %w", day, err)
	}
	return day, nil
}
