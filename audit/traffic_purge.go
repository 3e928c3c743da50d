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
	cutoff := now.Add(-time.Duration(t.retention) * 24 * time.Hour).UnixMilli()
	var total int64
	for {
		n, more, err := purgeOnce(ctx, t.db, cutoff)
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
func purgeOnce(ctx context.Context, db *sql.DB, cutoff int64) (n int64, more bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, false, err
	}
	defer tx.Rollback()
	whole, partial, err := oldBlocks(ctx, tx, cutoff)
	if err != nil || (len(whole) == 0 && partial == 0) {
		return 0, false, err
	}
	var anchor storedRecord
	if len(whole) > 0 {
		last := whole[len(whole)-1]
		if anchor, err = lastRecord(ctx, tx, last); err != nil {
			return 0, false, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM traffic_blocks WHERE first_seq <= ?`, last); err != nil {
			return 0, false, fmt.Errorf("delete through block %d: %w", last, err)
		}
		n = anchor.seq - whole[0] + 1 // seqs are contiguous

	}
	if partial != 0 {
		gone, last, err := trimBlock(ctx, tx, partial, cutoff)
		if err != nil {
			return 0, false, err
		}
		if gone > 0 {
			n, anchor = n+gone, last
		}
	}
	if n == 0 {
		return 0, false, nil
	}
	if err := setAnchor(ctx, tx, anchor.seq, anchor.hash); err != nil {
		return 0, false, err
	}
	if err := tx.Commit(); err != nil {
		return 0, false, err
	}
	return n, partial == 0 && len(whole) == purgeChunk, nil
}

// oldBlocks walks the oldest blocks in seq order: whole lists the first seq
// of those whose records are all older than cutoff, and partial is the block
// after them when it holds some old records (0 when none).
func oldBlocks(ctx context.Context, tx *sql.Tx, cutoff int64) (whole []int64, partial int64, err error) {
	rows, err := tx.QueryContext(ctx,
		`SELECT first_seq, min_at, max_at FROM traffic_blocks ORDER BY first_seq LIMIT ?`, purgeChunk)
	if err != nil {
		return nil, 0, fmt.Errorf("find old records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var first, lo, hi int64
		if err := rows.Scan(&first, &lo, &hi); err != nil {
			return nil, 0, fmt.Errorf("find old records: %w", err)
		}
		if hi >= cutoff {
			if lo < cutoff {
				partial = first
			}
			break
		}
		whole = append(whole, first)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find old records: %w", err)
	}
	return whole, partial, nil
}

func blockData(ctx context.Context, tx *sql.Tx, first int64) ([]byte, error) {
	var data []byte
	err := tx.QueryRowContext(ctx, `SELECT data FROM traffic_blocks WHERE first_seq = ?`, first).Scan(&data)
	if err != nil {
		return nil, fmt.Errorf("read block %d: %w", first, err)
	}
	return data, nil
}

// lastRecord decodes a block's last record, the purge's new anchor. A
// damaged block stops the purge: the anchor must be a record that is there.
func lastRecord(ctx context.Context, tx *sql.Tx, first int64) (storedRecord, error) {
	data, err := blockData(ctx, tx, first)
	if err != nil {
		return storedRecord{}, err
	}
	recs, err := decodeBlock(data)
	if err != nil || len(recs) == 0 {
		return storedRecord{}, fmt.Errorf("block %d cannot be purged: %v; run traffic verify", first, err)
	}
	return recs[len(recs)-1], nil
}

// trimBlock deletes the old records at the start of a block and stores the
// rest as a block of their own, every value and hash as it was. It returns
// how many it deleted and the last of them.
func trimBlock(ctx context.Context, tx *sql.Tx, first, cutoff int64) (int64, storedRecord, error) {
	data, err := blockData(ctx, tx, first)
	if err != nil {
		return 0, storedRecord{}, err
	}
	recs, err := decodeBlock(data)
	if err != nil || len(recs) == 0 {
		return 0, storedRecord{}, fmt.Errorf("block %d cannot be purged: %v; run traffic verify", first, err)
	}
	gone := 0
	for gone < len(recs) && recs[gone].at < cutoff {
		gone++
	}
	if gone == 0 {
		return 0, storedRecord{}, nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM traffic_blocks WHERE first_seq = ?`, first); err != nil {
		return 0, storedRecord{}, fmt.Errorf("trim block %d: %w", first, err)
	}
	if gone < len(recs) {
		var b blockBuilder
		for i := range recs[gone:] {
			s := &recs[gone+i]
			prev, hash := rawDigest(s.prev), rawDigest(s.hash)
			b.add(s, &prev, &hash)
		}
		_, err := tx.ExecContext(ctx, insertBlock, b.first, b.last, b.minAt, b.maxAt, b.data)
		if err != nil {
			return 0, storedRecord{}, fmt.Errorf("trim block %d: %w", first, err)
		}
	}
	return int64(gone), recs[gone-1], nil
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
