package content

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"newsroom/media"
)

// RepairBatches closes the upload batches left "running" with no job of
// theirs queued or running (a batch whose last two photos finished at the
// same moment could stay so before completion was transactional) and
// removes their staging files. It runs at start and daily; it returns how
// many batches it closed.
func (s *Store) RepairBatches(ctx context.Context, now time.Time) (int, error) {
	ids, err := func() ([]string, error) {
		rows, err := s.db.W.QueryContext(ctx, `UPDATE upload_batches SET state = 'done', updated_at = ?
			WHERE state IN ('queued','running')
			AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.batch_id = upload_batches.id AND jobs.state IN ('queued','running'))
			RETURNING id`, ms(now))
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		return ids, rows.Err()
	}()
	if err != nil {
		return 0, fmt.Errorf("content: repair upload batches: %w", err)
	}
	for _, id := range ids {
		s.RemoveBatch(ctx, id)
	}
	return len(ids), nil
}

// SweepStaging removes the staged files of every batch that is not live
// (queued or running) and that nothing has written for longer than age:
// the files of an upload cut off by a crash, before or after its batch was
// recorded. A young batch may be an upload still streaming in, and stays.
// It works through the storage's staging area and returns how many batches
// it removed.
func (s *Store) SweepStaging(ctx context.Context, now time.Time, age time.Duration) (int, error) {
	live, err := queryColumn[string](ctx, s, `SELECT id FROM upload_batches WHERE state IN ('queued','running')`)
	if err != nil {
		return 0, fmt.Errorf("content: sweep staging: %w", err)
	}
	keep := map[string]bool{}
	for _, id := range live {
		keep[id] = true
	}
	newest := map[string]time.Time{} // last write of each batch not live
	err = s.files.WalkStaged(ctx, func(o media.StagedInfo) error {
		if t, seen := newest[o.Batch]; !keep[o.Batch] && (!seen || o.Modified.After(t)) {
			newest[o.Batch] = o.Modified
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("content: sweep staging: %w", err)
	}
	n := 0
	for _, batch := range slices.Sorted(maps.Keys(newest)) {
		if ctx.Err() != nil {
			return n, ctx.Err()
		}
		if now.Sub(newest[batch]) <= age {
			continue
		}
		if err := s.files.DeleteStaged(ctx, batch); err != nil {
			return n, fmt.Errorf("content: sweep staging: %w", err)
		}
		n++
	}
	return n, nil
}
