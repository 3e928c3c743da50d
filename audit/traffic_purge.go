package audit

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// purgeChunk is how many blocks one purge transaction deletes at most, so
// the writer never waits long for the lock.
const purgeChunk = 100

// Purge deletes the records older than now minus the retention and returns
// how many it deleted. It deletes from the oldest seq forward and stops at
// the first record still within retention, so the chain stays contiguous
// (a record logged with an odd clock may outlive the retention a little,
// never the other way round). Each chunk is deleted in a transaction that
// also stores the last deleted record as the chain's new anchor, so the log
// still verifies.
func (t *TrafficLog) Purge(ctx context.Context, now time.Time) (int64, error) {
	if t.lease != nil {
		return PurgePostgres(ctx, t.db, t.retention, now)
	}
	cutoff := now.Add(-time.Duration(t.retention) * 24 * time.Hour).UnixMilli()
	var total int64
	for {
		n, more, err := purgeOnce(ctx, t.db, sqliteChain, cutoff)
		total += n
		if err != nil {
			return total, fmt.Errorf("audit: purge traffic log: %w", err)
		}
		if !more {
			return total, nil
		}
	}
}

// purgeOnce deletes up to purgeChunk blocks of old records, and the old
// records at the start of the block after them; more reports that there may
// be more to delete.
//
// It reads every block it deletes: a record is old by its own time, not by
// the block's (editable) time columns, and the count is of records read. A
// block too damaged to read goes when its max_at says it is old; the
// chain's new anchor then comes from the prev_hash of the first record
// kept, and when that cannot be read either the purge stops before the
// damage, so it never makes an anchor up.
func purgeOnce(ctx context.Context, db *sql.DB, c chainScope, cutoff int64) (n int64, more bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, false, err
	}
	defer tx.Rollback()
	if c.pg {
		// One purge at a time across the cluster: another instance's
		// purge of the same chain would read the blocks this one deletes.
		if ok, err := pgPurgeLock(ctx, tx); err != nil || !ok {
			return 0, false, err
		}
	}
	plan, err := planPurge(ctx, tx, c, cutoff)
	if err != nil {
		return 0, false, err
	}
	anchor, ok := plan.anchor(ctx, tx, c)
	if !ok {
		return 0, false, plan.err
	}
	for _, b := range plan.whole {
		if _, err := tx.ExecContext(ctx, c.sql.deleteBlock, c.args(b.first)...); err != nil {
			return 0, false, fmt.Errorf("delete block %d: %w", b.first, err)
		}
		n += int64(len(b.recs))
	}
	if t := plan.trim; t != nil {
		if err := trimBlock(ctx, tx, c, t); err != nil {
			return 0, false, err
		}
		n += int64(t.gone)
	}
	if err := setAnchor(ctx, tx, c, anchor.seq, anchor.hash); err != nil {
		return 0, false, err
	}
	if err := tx.Commit(); err != nil {
		return 0, false, err
	}
	return n, plan.more, plan.err
}

// oldBlock is a block the purge reads: its records, and whether it could
// read them all.
type oldBlock struct {
	first   int64
	recs    []storedRecord
	damaged bool
	gone    int // for a trimmed block: how many of its first records are old
}

// purgePlan is what one purge transaction deletes.
type purgePlan struct {
	whole []oldBlock // deleted whole, in seq order
	trim  *oldBlock  // loses its first records, or nil
	more  bool       // stopped at purgeChunk blocks: there may be more
	err   error      // why the purge stopped early, if it did
}

func planPurge(ctx context.Context, tx *sql.Tx, c chainScope, cutoff int64) (purgePlan, error) {
	var p purgePlan
	rows, err := tx.QueryContext(ctx, c.sql.purgeBlocks, c.args(purgeChunk)...)
	if err != nil {
		return p, fmt.Errorf("find old records: %w", err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		seen++
		var b oldBlock
		var hi any
		var data []byte
		if err := rows.Scan(&b.first, &hi, &data); err != nil {
			return p, fmt.Errorf("find old records: %w", err)
		}
		var derr error
		b.recs, derr = decodeBlock(data)
		if derr != nil || len(b.recs) == 0 {
			if h, ok := hi.(int64); !ok || h >= cutoff {
				p.err = fmt.Errorf("block %d cannot be read and may be recent: purged up to it; run traffic verify", b.first)
				return p, nil
			}
			b.damaged = true
			p.whole = append(p.whole, b)
			continue
		}
		for b.gone < len(b.recs) && b.recs[b.gone].at < cutoff {
			b.gone++
		}
		if b.gone < len(b.recs) {
			if b.gone > 0 {
				p.trim = &b
			}
			return p, nil
		}
		p.whole = append(p.whole, b)
	}
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("find old records: %w", err)
	}
	p.more = seen == purgeChunk
	return p, nil
}

// anchor is the chain's new genesis after the plan: the last record it
// deletes, or, when that is in a damaged block, the record before the first
// one kept as that record's prev_hash names it. Without either, the plan
// shrinks to what ends in a record it read; ok is false when nothing is
// left to do.
func (p *purgePlan) anchor(ctx context.Context, tx *sql.Tx, c chainScope) (storedRecord, bool) {
	if p.trim != nil {
		return p.trim.recs[p.trim.gone-1], true
	}
	if len(p.whole) == 0 {
		return storedRecord{}, false
	}
	last := p.whole[len(p.whole)-1]
	if !last.damaged {
		return last.recs[len(last.recs)-1], true
	}
	var data []byte
	err := tx.QueryRowContext(ctx, c.sql.nextBlock, c.args(last.first)...).Scan(&data)
	if err == nil {
		if recs, _ := decodeBlock(data); len(recs) > 0 {
			return storedRecord{seq: recs[0].seq - 1, hash: recs[0].prev}, true
		}
	}
	for len(p.whole) > 0 && p.whole[len(p.whole)-1].damaged {
		p.whole = p.whole[:len(p.whole)-1]
	}
	p.more = false
	p.err = fmt.Errorf("block %d cannot be read, nor the one after it: purged up to it; run traffic verify", last.first)
	if len(p.whole) == 0 {
		return storedRecord{}, false
	}
	w := p.whole[len(p.whole)-1]
	return w.recs[len(w.recs)-1], true
}

// trimBlock deletes the old records at the start of a block and stores the
// rest as a block of their own, every value and hash as it was.
func trimBlock(ctx context.Context, tx *sql.Tx, c chainScope, t *oldBlock) error {
	if _, err := tx.ExecContext(ctx, c.sql.deleteBlock, c.args(t.first)...); err != nil {
		return fmt.Errorf("trim block %d: %w", t.first, err)
	}
	var b blockBuilder
	for i := range t.recs[t.gone:] {
		s := &t.recs[t.gone+i]
		prev, hash := rawDigest(s.prev), rawDigest(s.hash)
		b.add(s, &prev, &hash)
	}
	if _, err := tx.ExecContext(ctx, c.sql.insertBlock, c.args(b.first, b.last, b.minAt, b.maxAt, b.data)...); err != nil {
		return fmt.Errorf("trim block %d: %w", t.first, err)
	}
	return nil
}

// PurgeJob returns a background job that purges once at start and then once
// a day, until ctx is done. Errors are logged, not returned, so one failed
// purge does not stop the next; the job returns nil on shutdown.
func (t *TrafficLog) PurgeJob(now func() time.Time) func(ctx context.Context) error {
	if now == nil {
		now = time.Now
	}
	return func(ctx context.Context) error {
		tick := time.NewTicker(24 * time.Hour)
		defer tick.Stop()
		for {
			n, err := t.Purge(ctx, now())
			switch {
			case err != nil && ctx.Err() == nil:
				t.log.Error("audit: purge traffic log", "err", err, "deleted", n)
			case n > 0:
				t.log.Info("audit: purged old traffic records", "deleted", n,
					"retention_days", t.retention)
			}
			select {
			case <-ctx.Done():
				return nil
			case <-tick.C:
			}
		}
	}
}
