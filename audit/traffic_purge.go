package audit

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// purgeChunk is how many records one purge transaction deletes at most, so
// the writer never waits long for the lock.
const purgeChunk = 5000

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
		n, full, err := purgeOnce(ctx, t.db, cutoff)
		total += n
		if err != nil {
			return total, fmt.Errorf("audit: purge traffic log: %w", err)
		}
		if !full {
			return total, nil
		}
	}
}

// purgeOnce deletes up to purgeChunk old records; full reports that the
// chunk was full, so there may be more.
func purgeOnce(ctx context.Context, db *sql.DB, cutoff int64) (n int64, full bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, false, err
	}
	defer tx.Rollback()
	last, hash, count, err := oldPrefix(ctx, tx, cutoff)
	if err != nil || count == 0 {
		return 0, false, err
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM traffic WHERE seq <= ?`, last)
	if err != nil {
		return 0, false, fmt.Errorf("delete through seq %d: %w", last, err)
	}
	if err := setAnchor(ctx, tx, last, hash); err != nil {
		return 0, false, err
	}
	if err := tx.Commit(); err != nil {
		return 0, false, err
	}
	n, _ = res.RowsAffected()
	return n, count == purgeChunk, nil
}

// oldPrefix walks the oldest records in seq order and returns the last one
// of the run older than cutoff, with the run's length.
func oldPrefix(ctx context.Context, tx *sql.Tx, cutoff int64) (last int64, hash string, count int, err error) {
	rows, err := tx.QueryContext(ctx,
		`SELECT seq, at, hash FROM traffic ORDER BY seq LIMIT ?`, purgeChunk)
	if err != nil {
		return 0, "", 0, fmt.Errorf("find old records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq, at int64
		var h string
		if err := rows.Scan(&seq, &at, &h); err != nil {
			return 0, "", 0, fmt.Errorf("find old records: %w", err)
		}
		if at >= cutoff {
			break
		}
		last, hash, count = seq, h, count+1
	}
	if err := rows.Err(); err != nil {
		return 0, "", 0, fmt.Errorf("find old records: %w", err)
	}
	return last, hash, count, nil
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
