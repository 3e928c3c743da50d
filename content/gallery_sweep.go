package content

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
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
		s.RemoveBatch(id)
	}
	return len(ids), nil
}

// SweepStaging removes what lies in the staging directory that no live
// upload batch (queued or running) refers to and that nothing has written
// for longer than age: the files of an upload cut off by a crash, before or
// after its batch was recorded. A young directory may be an upload still
// streaming in, and stays. It returns how many entries it removed.
func (s *Store) SweepStaging(ctx context.Context, now time.Time, age time.Duration) (int, error) {
	entries, err := os.ReadDir(s.Staging)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("content: sweep staging: %w", err)
	}
	live, err := queryColumn[string](ctx, s, `SELECT id FROM upload_batches WHERE state IN ('queued','running')`)
	if err != nil {
		return 0, fmt.Errorf("content: sweep staging: %w", err)
	}
	keep := map[string]bool{}
	for _, id := range live {
		keep[id] = true
	}
	n := 0
	for _, e := range entries {
		if ctx.Err() != nil {
			return n, ctx.Err()
		}
		if keep[e.Name()] {
			continue
		}
		p := filepath.Join(s.Staging, e.Name())
		if now.Sub(lastWrite(p)) <= age {
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			return n, fmt.Errorf("content: sweep staging: %w", err)
		}
		n++
	}
	return n, nil
}

// lastWrite is the newest modification time of p and everything under it.
func lastWrite(p string) time.Time {
	var newest time.Time
	filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if info, err := d.Info(); err == nil && info.ModTime().After(newest) {
			newest = info.ModTime()
		}
		return nil
	})
	return newest
}
