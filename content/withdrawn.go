package content

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"newsroom/media"
)

// Withdrawn files: a taken-down or trashed item's photos, the images in its
// body, its poster, banner image and PDF stop being served at once, also to
// anyone who kept their /media/ URL (a link preview on LINE or Facebook
// keeps the main photo's; a complaint is often about one picture). A file
// that another, visible item (or a footer page) also uses stays. Taken-down and
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
	hiddenBodies, err := s.bodyImageKeys(ctx, `SELECT body FROM news WHERE status IN `+hiddenStatuses)
	if err != nil {
		return nil, err
	}
	for k := range hiddenBodies {
		hidden = append(hidden, k)
	}
	out := make(map[string]bool, len(hidden))
	if len(hidden) == 0 {
		return out, nil
	}
	// Images shown by visible bodies and footer pages, in one pass.
	shown, err := s.bodyImageKeys(ctx, `SELECT body FROM news WHERE status NOT IN `+hiddenStatuses+`
		UNION ALL SELECT value FROM settings`)
	if err != nil {
		return nil, err
	}
	for _, k := range hidden {
		if shown[k] {
			continue
		}
		var used int
		// Uses by anything else: visible items, photos not yet saved with
		// a news item and uploads waiting for their form. (A body image
		// counts where a body shows it, above, not by its upload row.)
		err := s.db.R.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM photos p LEFT JOIN news n ON n.id = p.news_id
				WHERE (p.file_key = ?1 OR p.thumb_key = ?1) AND (n.id IS NULL OR n.status NOT IN `+hiddenStatuses+`)) +
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

// bodyImage finds the images of a sanitised body (richtext allows an img
// src only on /media/), also inside a footer page's JSON.
var bodyImage = regexp.MustCompile(`src=\\?"/media/([^"\\]+)\\?"`)

// imagesOf returns the media keys of the images one body shows.
func imagesOf(body string) []string {
	if !strings.Contains(body, "/media/") {
		return nil
	}
	var keys []string
	for _, m := range bodyImage.FindAllStringSubmatch(body, -1) {
		if media.ValidKey(m[1]) {
			keys = append(keys, m[1])
		}
	}
	return keys
}

// bodyImageKeys returns the media keys of the images shown by the bodies
// the query selects (one text column).
func (s *Store) bodyImageKeys(ctx context.Context, query string) (map[string]bool, error) {
	rows, err := s.db.R.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("content: body images: %w", err)
	}
	defer rows.Close()
	keys := map[string]bool{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("content: body images: %w", err)
		}
		for _, k := range imagesOf(body) {
			keys[k] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("content: body images: %w", err)
	}
	return keys, nil
}
