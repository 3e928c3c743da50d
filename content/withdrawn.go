package content

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// Withdrawn files: a taken-down or trashed item's photos, poster, banner
// image and PDF stop being served at once, also to anyone who kept their
// /media/ URL (a link preview on LINE or Facebook keeps the main photo's).
// A file that another, visible item also uses stays. Taken-down and
// trashed items are few, so the set is small; it is recomputed when the
// content version changes, which every status change bumps.

type withdrawnCache struct {
	mu  sync.Mutex // one recomputation at a time
	cur atomic.Pointer[withdrawnSet]
}

type withdrawnSet struct {
	version string
	keys    map[string]bool
}

// hiddenStatuses are the statuses whose files are withdrawn.
const hiddenStatuses = `('takendown', 'trashed')`

// Withdrawn reports whether the stored file key belongs only to items that
// were taken down or trashed. Between changes it is a map lookup.
func (s *Store) Withdrawn(ctx context.Context, key string) (bool, error) {
	v := s.Version(ctx)
	c := &s.withdrawn
	if w := c.cur.Load(); w != nil && w.version == v {
		return w.keys[key], nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if w := c.cur.Load(); w != nil && w.version == v {
		return w.keys[key], nil
	}
	keys, err := s.withdrawnKeys(ctx)
	if err != nil {
		return false, err
	}
	c.cur.Store(&withdrawnSet{version: v, keys: keys})
	return keys[key], nil
}

func (s *Store) withdrawnKeys(ctx context.Context) (map[string]bool, error) {
	hidden, err := queryColumn[string](ctx, s, `
		SELECT p.file_key FROM photos p JOIN news n ON n.id = p.news_id WHERE n.status IN `+hiddenStatuses+`
		UNION SELECT p.thumb_key FROM photos p JOIN news n ON n.id = p.news_id WHERE n.status IN `+hiddenStatuses+`
		UNION SELECT poster_key FROM videos WHERE status IN `+hiddenStatuses+` AND poster_key <> ''
		UNION SELECT image_key FROM banners WHERE status IN `+hiddenStatuses+` AND image_key <> ''
		UNION SELECT file_key FROM notices WHERE status IN `+hiddenStatuses+` AND file_key <> ''`)
	if err != nil {
		return nil, fmt.Errorf("content: withdrawn files: %w", err)
	}
	out := make(map[string]bool, len(hidden))
	for _, k := range hidden {
		var used int
		// Uses by anything else: visible items, photos not yet saved with
		// a news item, body images and uploads waiting for their form.
		err := s.db.R.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM photos p LEFT JOIN news n ON n.id = p.news_id
				WHERE (p.file_key = ?1 OR p.thumb_key = ?1) AND (n.id IS NULL OR n.status NOT IN `+hiddenStatuses+`)) +
			(SELECT count(*) FROM body_images WHERE file_key = ?1) +
			(SELECT count(*) FROM videos WHERE poster_key = ?1 AND status NOT IN `+hiddenStatuses+`) +
			(SELECT count(*) FROM banners WHERE image_key = ?1 AND status NOT IN `+hiddenStatuses+`) +
			(SELECT count(*) FROM notices WHERE file_key = ?1 AND status NOT IN `+hiddenStatuses+`) +
			(SELECT count(*) FROM pending_files WHERE file_key = ?1)`, k).Scan(&used)
		if err != nil {
			return nil, fmt.Errorf("content: uses of %s: %w", k, err)
		}
		if used == 0 {
			out[k] = true
		}
	}
	return out, nil
}
