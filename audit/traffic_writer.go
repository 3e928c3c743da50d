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
const maxPending = 64 * batchSize

// writer is the only code that appends to the traffic table. It runs in one
// goroutine, so the chain head needs no lock.
type writer struct {
	db      *sql.DB
	log     *slog.Logger
	now     func() time.Time
	dropped *atomic.Int64

	pending  []Record
	insert   *sql.Stmt // insertBlock, prepared once
	block    blockBuilder
	hashBuf  []byte // reused message buffer for the chain hashes
	headSeq  int64
	headHash [32]byte
	lastDay  string // UTC day of the newest checkpoint
	stale    bool   // a write failed: reload the head before the next one
	failing  bool   // wait for the next tick rather than retry on every record
}

// newWriter migrates the file and loads the chain head and last checkpoint.
func newWriter(db *sql.DB, opt TrafficOptions) (*writer, error) {
	ctx := context.Background()
	if err := migrateTraffic(ctx, db); err != nil {
		return nil, err
	}
	w := &writer{db: db, log: opt.Logger, now: opt.Now, pending: make([]Record, 0, batchSize), hashBuf: make([]byte, 0, 6<<10)}
	if err := w.reload(ctx); err != nil {
		return nil, err
	}
	err := db.QueryRowContext(ctx,
		`SELECT COALESCE(MAX(day), '') FROM anchors`).Scan(&w.lastDay)
	if err != nil {
		return nil, fmt.Errorf("audit: load traffic checkpoints: %w", err)
	}
	w.insert, err = db.PrepareContext(ctx, insertBlock)
	if err != nil {
		return nil, fmt.Errorf("audit: prepare traffic insert: %w", err)
	}
	return w, nil
}

func (w *writer) reload(ctx context.Context) error {
	seq, hash, err := loadHead(ctx, w.db)
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

// run drains the queue until a stop marker arrives: every drainEvery, and at
// once when poked. It writes a batch whenever batchSize records are pending,
// at every marker and every flush tick.
func (w *writer) run(queue <-chan entry, wake <-chan struct{}, done chan<- struct{}, every time.Duration) {
	defer close(done)
	defer w.insert.Close()
	flush := time.NewTicker(every)
	defer flush.Stop()
	drain := time.NewTicker(min(every, drainEvery))
	defer drain.Stop()
	for {
		due := false
		select {
		case <-wake:
		case <-drain.C:
		case <-flush.C:
			due = true
		}
		if w.take(queue) {
			return
		}
		if due {
			w.write()
		}
	}
}

// take handles what is queued now, in order, and reports whether a stop
// marker came.
func (w *writer) take(queue <-chan entry) (stopped bool) {
	for {
		var e entry
		select {
		case e = <-queue:
		default:
			return false
		}
		if e.ack == nil {
			w.add(e.rec)
			continue
		}
		if !e.stop {
			e.ack <- w.write()
			continue
		}
		acks := append(w.drain(queue), e.ack)
		err := w.write()
		if err != nil { // last chance: what is still pending is lost
			w.dropped.Add(int64(len(w.pending)))
		}
		for _, ack := range acks {
			ack <- err
		}
		return true
	}
}

func (w *writer) add(r Record) {
	w.pending = append(w.pending, r)
	if len(w.pending) >= batchSize && !w.failing {
		w.write()
	}
}

// drain takes what is already queued, so a Log racing with Close is kept,
// and returns the markers found, to be answered once the records are written.
func (w *writer) drain(queue <-chan entry) []chan error {
	var acks []chan error
	for {
		select {
		case e := <-queue:
			if e.ack != nil {
				acks = append(acks, e.ack)
				continue
			}
			w.pending = append(w.pending, e.rec)
		default:
			return acks
		}
	}
}

// write stores the pending records. On failure they stay pending for the
// next attempt, up to maxPending.
func (w *writer) write() error {
	if len(w.pending) == 0 {
		return nil
	}
	err := w.store(context.Background(), w.pending)
	if err != nil {
		w.stale, w.failing = true, true
		w.log.Error("audit: write traffic log", "err", err, "pending", len(w.pending))
		if len(w.pending) >= maxPending {
			w.dropped.Add(int64(len(w.pending)))
			w.pending = w.pending[:0]
		}
		return err
	}
	w.failing = false
	clear(w.pending) // release the strings
	w.pending = w.pending[:0]
	return nil
}

// store appends batch to the chain in one transaction, blockRecords records
// to a row, and moves the head only once it is committed.
func (w *writer) store(ctx context.Context, batch []Record) error {
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
	insert := tx.StmtContext(ctx, w.insert)
	seq, hash := w.headSeq, w.headHash
	var prevHex [64]byte
	for i := range batch {
		s := toStored(batch[i])
		seq++
		s.seq = seq
		prev := hash
		hex.Encode(prevHex[:], prev[:])
		w.hashBuf = hashMessage(w.hashBuf[:0], &s, prevHex[:])
		hash = sha256.Sum256(w.hashBuf)
		w.block.add(&s, &prev, &hash)
		if w.block.n == blockRecords || i == len(batch)-1 {
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

// checkpoint records the head once per UTC day. A checkpoint outlives the
// records around it, so cutting off the tail of the log (which leaves no gap
// in the chain) is still noticed by Verify.
func (w *writer) checkpoint(ctx context.Context, tx *sql.Tx, seq int64, hash string) (string, error) {
	day := w.now().UTC().Format(time.DateOnly)
	if day == w.lastDay {
		return day, nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO anchors (day, seq, hash) VALUES (?, ?, ?)
		ON CONFLICT (day) DO NOTHING`, day, seq, hash)
	if err != nil {
		return "", fmt.Errorf("audit: traffic checkpoint %s: %w", day, err)
	}
	return day, nil
}
