package content

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"newsroom/media"
)

// Withdrawn files: a taken-down or trashed item's photos, the images in its
// body, its poster, banner image and PDF stop being served at once, also to
// anyone who kept their /media/ URL (a link preview on LINE or Facebook
// keeps the main photo's). Two rules, one per reason:
//
//   - A takedown answers a complaint, and a complaint is about the picture
//     or the document, not about one row that shows it. The files an item
//     has when it is taken down (recorded in takedown_files, so removing a
//     photo from the item afterwards changes nothing) and the files it has
//     while it stays down answer 410 everywhere: whatever other item,
//     draft, body, footer page or fresh upload refers to the same bytes
//     (keys are content hashes, so an upload of the same original photo
//     gets the same keys). Only lifting the takedown gives them back. An
//     item trashed while taken down stays under its takedown.
//   - Trashing is the owner's own tidying: a trashed item's file that
//     another item that is not hidden (a draft included), a footer page or
//     an upload waiting for its form also uses stays.
//
// Hidden items are few, so the set is small; it is recomputed when the
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

// heldDown selects the rows under a takedown: taken down, or trashed while
// taken down (restoring such an item brings the takedown back).
const heldDown = `(status = 'takendown' OR (status = 'trashed' AND prev_status LIKE 'takendown:%'))`

// Withdrawn reports whether the stored file key may not be served: it
// belongs to an item under a takedown, or only to trashed items. Between
// changes it is a map lookup.
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

// filesWhere is the query of the stored files (photos and thumbnails,
// posters, banner images, PDFs; not body images) of the rows that cond
// selects in every content table. cond uses the columns status and
// prev_status only.
func filesWhere(cond string) string {
	return `SELECT file_key FROM photos WHERE news_id IN (SELECT id FROM news WHERE ` + cond + `)
		UNION SELECT thumb_key FROM photos WHERE news_id IN (SELECT id FROM news WHERE ` + cond + `)
		UNION SELECT poster_key FROM videos WHERE ` + cond + ` AND poster_key <> ''
		UNION SELECT image_key FROM banners WHERE ` + cond + ` AND image_key <> ''
		UNION SELECT file_key FROM notices WHERE ` + cond + ` AND file_key <> ''`
}

func (s *Store) withdrawnKeys(ctx context.Context) (map[string]bool, error) {
	out := map[string]bool{}
	// Takedowns win over every other use.
	down, err := queryColumn[string](ctx, s, `SELECT file_key FROM takedown_files UNION `+filesWhere(heldDown))
	if err != nil {
		return nil, fmt.Errorf("content: files taken down: %w", err)
	}
	for _, k := range down {
		out[k] = true
	}
	downBodies, err := s.bodyImageKeys(ctx, `SELECT body FROM news WHERE `+heldDown)
	if err != nil {
		return nil, err
	}
	for k := range downBodies {
		out[k] = true
	}

	// The trash: withdrawn unless something not hidden uses the file.
	trashed := `(status = 'trashed' AND prev_status NOT LIKE 'takendown:%')`
	hidden, err := queryColumn[string](ctx, s, filesWhere(trashed))
	if err != nil {
		return nil, fmt.Errorf("content: trashed files: %w", err)
	}
	hiddenBodies, err := s.bodyImageKeys(ctx, `SELECT body FROM news WHERE `+trashed)
	if err != nil {
		return nil, err
	}
	for k := range hiddenBodies {
		hidden = append(hidden, k)
	}
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
		if shown[k] || out[k] {
			continue
		}
		var used int
		// Uses by anything else: visible items, photos not yet saved with
		// a news item and uploads waiting for their form. (A body image
		// counts where a body shows it, above, not by its upload row.)
		err := s.db.R.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM photos p LEFT JOIN news n ON n.id = p.news_id
				WHERE (p.file_key = ? OR p.thumb_key = ?) AND (n.id IS NULL OR n.status NOT IN `+hiddenStatuses+`)) +
			(SELECT count(*) FROM videos WHERE poster_key = ? AND status NOT IN `+hiddenStatuses+`) +
			(SELECT count(*) FROM banners WHERE image_key = ? AND status NOT IN `+hiddenStatuses+`) +
			(SELECT count(*) FROM notices WHERE file_key = ? AND status NOT IN `+hiddenStatuses+`) +
			(SELECT count(*) FROM pending_files WHERE file_key = ?)`, k, k, k, k, k, k).Scan(&used)
		if err != nil {
			return nil, fmt.Errorf("content: uses of %s: %w", k, err)
		}
		if used == 0 {
			out[k] = true
		}
	}
	return out, nil
}

// querier is what a transaction and the read pool share.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// itemFiles returns the stored files of one item of table, body images
// included, in a stable order.
func itemFiles(ctx context.Context, q querier, table string, id int64) ([]string, error) {
	if err := statusTable(table); err != nil {
		return nil, err
	}
	query := map[string]string{
		"news": `SELECT file_key FROM photos WHERE news_id = ? UNION SELECT thumb_key FROM photos WHERE news_id = ?
			UNION SELECT value FROM (SELECT body AS value FROM news WHERE id = ?) b`,
		"videos":  `SELECT poster_key FROM videos WHERE id = ? AND poster_key <> ''`,
		"banners": `SELECT image_key FROM banners WHERE id = ? AND image_key <> ''`,
		"notices": `SELECT file_key FROM notices WHERE id = ? AND file_key <> ''`,
	}[table]
	rows, err := q.QueryContext(ctx, query, slices.Repeat([]any{id}, strings.Count(query, "?"))...)
	if err != nil {
		return nil, fmt.Errorf("content: files of %s %d: %w", table, id, err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	var keys []string
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("content: files of %s %d: %w", table, id, err)
		}
		if media.ValidKey(v) {
			add(v)
			continue
		}
		for _, k := range imagesOf(v) { // the news body
			add(k)
		}
	}
	return keys, rows.Err()
}

// recordTakedownFiles keeps the files item has now as withdrawn by its
// takedown, in the takedown's transaction.
func recordTakedownFiles(ctx context.Context, tx *sql.Tx, table string, id int64) error {
	keys, err := itemFiles(ctx, tx, table, id)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `INSERT INTO takedown_files (item_table, item_id, file_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, table, id, k); err != nil {
			return fmt.Errorf("content: record takedown file: %w", err)
		}
	}
	return nil
}

// FileUse is one other place a file is shown or kept: an item of any kind
// and status, a footer page, or an upload not saved with an item yet.
type FileUse struct {
	Kind   string    // news, video, banner, notice, page, upload
	ID     int64     // the item's id; 0 for a page or an upload
	Title  string    // the item's title; the page's key; the uploading unit
	Status Status    // the item's status; "" for a page or an upload
	At     time.Time // when an upload was made; zero for an item
}

// AdminPath is where central opens the use in the admin, "" for an upload
// not saved with an item.
func (u FileUse) AdminPath() string {
	switch u.Kind {
	case "news":
		return fmt.Sprintf("/admin/news/%d/edit", u.ID)
	case "video", "banner", "notice":
		return fmt.Sprintf("/admin/%ss/%d/edit", u.Kind, u.ID)
	case "page": // settings key page.<slug>.<lang>
		if slug, lang, ok := strings.Cut(strings.TrimPrefix(u.Title, "page."), "."); ok {
			return "/admin/pages/" + slug + "/" + lang
		}
	}
	return ""
}

// OtherUses merges the other uses of an item's files, each once.
func OtherUses(files []ItemFile) []FileUse {
	seen := map[FileUse]bool{}
	var out []FileUse
	for _, f := range files {
		for _, u := range f.Others {
			if !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	return out
}

// ItemFile is one file of an item with the other places that use it.
type ItemFile struct {
	Key    string
	Others []FileUse
}

// FileUses lists the files of an item (those its takedown withdrew and
// those it has now) and, for each, every other item, footer page or upload
// that refers to the same file: what a takedown of the item withdraws too.
func (s *Store) FileUses(ctx context.Context, table string, id int64) ([]ItemFile, error) {
	keys, err := queryColumn[string](ctx, s, `SELECT file_key FROM takedown_files WHERE item_table = ? AND item_id = ? ORDER BY file_key`, table, id)
	if err != nil {
		return nil, fmt.Errorf("content: takedown files: %w", err)
	}
	now, err := itemFiles(ctx, s.db.R, table, id)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []ItemFile
	for _, k := range append(keys, now...) {
		if seen[k] {
			continue
		}
		seen[k] = true
		uses, err := s.usesOf(ctx, k, table, id)
		if err != nil {
			return nil, err
		}
		out = append(out, ItemFile{Key: k, Others: uses})
	}
	return out, nil
}

// usesOf lists what refers to key, except the item table/id itself.
func (s *Store) usesOf(ctx context.Context, key, table string, id int64) ([]FileUse, error) {
	self := func(t string) int64 {
		if t == table {
			return id
		}
		return 0
	}
	shown := "/media/" + key
	rows, err := s.db.R.QueryContext(ctx, `
		SELECT 'news', id, headline, status, 0 FROM news
			WHERE id <> ? AND (id IN (SELECT news_id FROM photos WHERE news_id IS NOT NULL AND (file_key = ? OR thumb_key = ?))
				OR `+hasSubstring("body", "?")+`)
		UNION ALL SELECT 'video', id, title, status, 0 FROM videos WHERE id <> ? AND poster_key = ?
		UNION ALL SELECT 'banner', id, title, status, 0 FROM banners WHERE id <> ? AND image_key = ?
		UNION ALL SELECT 'notice', id, headline, status, 0 FROM notices WHERE id <> ? AND file_key = ?
		UNION ALL SELECT 'page', 0, key, '', 0 FROM settings WHERE key LIKE 'page.%' AND `+hasSubstring("value", "?")+`
		UNION ALL SELECT 'upload', 0, u.name_th, '', p.created_at FROM photos p JOIN units u ON u.id = p.unit_id
			WHERE p.news_id IS NULL AND (p.file_key = ? OR p.thumb_key = ?)
		UNION ALL SELECT 'upload', 0, u.name_th, '', b.created_at FROM body_images b JOIN units u ON u.id = b.unit_id
			WHERE b.file_key = ? AND NOT EXISTS (SELECT 1 FROM news WHERE `+hasSubstring("body", "?")+`)
		UNION ALL SELECT 'upload', 0, u.name_th, '', f.created_at FROM pending_files f JOIN users s ON s.id = f.user_id JOIN units u ON u.id = s.unit_id
			WHERE f.file_key = ?
		ORDER BY 1, 2`, self("news"), key, key, shown, self("videos"), key, self("banners"), key, self("notices"), key,
		shown, key, key, key, shown, key)
	if err != nil {
		return nil, fmt.Errorf("content: uses of %s: %w", key, err)
	}
	defer rows.Close()
	var out []FileUse
	for rows.Next() {
		var u FileUse
		var at int64
		if err := rows.Scan(&u.Kind, &u.ID, &u.Title, &u.Status, &at); err != nil {
			return nil, fmt.Errorf("content: uses of %s: %w", key, err)
		}
		if at != 0 {
			u.At = fromMS(at)
		}
		out = append(out, u)
	}
	return out, rows.Err()
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
