package content

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"newsroom/kind"
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
// selects in every kind with a status (the registry's file columns). cond
// uses the columns status and prev_status only.
func filesWhere(cond string) string {
	var parts []string
	for _, k := range kind.With(kind.Status) {
		for _, f := range k.Files {
			if f.Item != "" {
				parts = append(parts, `SELECT `+f.Column+` FROM `+f.Table+` WHERE `+f.Item+` IN (SELECT id FROM `+k.Table+` WHERE `+cond+`)`)
			} else {
				parts = append(parts, `SELECT `+f.Column+` FROM `+f.Table+` WHERE `+cond+` AND `+f.Column+` <> ''`)
			}
		}
	}
	return strings.Join(parts, "\n\t\tUNION ")
}

// bodiesWhere is the query of the rich-text bodies (one text column) of
// the rows that cond selects in every kind with a status.
func bodiesWhere(cond string) string {
	var parts []string
	for _, k := range kind.With(kind.Status) {
		for _, b := range k.Bodies {
			parts = append(parts, `SELECT `+b+` FROM `+k.Table+` WHERE `+cond)
		}
	}
	if len(parts) == 0 {
		return `SELECT '' WHERE 1 = 0`
	}
	return strings.Join(parts, " UNION ALL ")
}

// shownBodies is the query of the bodies visitors may see: those of items
// not hidden, and the footer pages (kinds without a status).
func shownBodies() string {
	parts := []string{bodiesWhere(`status NOT IN ` + hiddenStatuses)}
	for _, k := range kind.All() {
		if k.Has(kind.Status) {
			continue
		}
		for _, b := range k.Bodies {
			parts = append(parts, `SELECT `+b+` FROM `+k.Table+rowsWhere(k, " WHERE "))
		}
	}
	return strings.Join(parts, " UNION ALL ")
}

// rowsWhere is k's row condition after lead (" WHERE ", " AND "), or "".
func rowsWhere(k *kind.Kind, lead string) string {
	if k.Rows == "" {
		return ""
	}
	return lead + k.Rows
}

// usesQuery is the query counting the uses of one key (each ? takes it)
// by anything not hidden: items of every kind with a status that are not
// taken down or trashed, files not yet saved with an item, and the
// non-kind tables that keep a file (uploads waiting for their form). A
// body image counts where a body shows it, not by its upload row.
func usesQuery() (string, int) {
	var parts []string
	n := 0
	for _, k := range kind.With(kind.Status) {
		own, linked := map[string][]string{}, map[string][]string{}
		var order []string
		for _, f := range k.Files {
			m := own
			if f.Item != "" {
				m = linked
			}
			key := f.Table + "\x00" + f.Item
			if own[key] == nil && linked[key] == nil {
				order = append(order, key)
			}
			m[key] = append(m[key], f.Column+" = ?")
			n++
		}
		for _, key := range order {
			table, item, _ := strings.Cut(key, "\x00")
			if cols := linked[key]; cols != nil {
				parts = append(parts, `(SELECT count(*) FROM `+table+` f LEFT JOIN `+k.Table+` i ON i.id = f.`+item+`
				WHERE (f.`+strings.Join(cols, " OR f.")+`) AND (i.id IS NULL OR i.status NOT IN `+hiddenStatuses+`))`)
				continue
			}
			parts = append(parts, `(SELECT count(*) FROM `+table+` WHERE (`+strings.Join(own[key], " OR ")+`) AND status NOT IN `+hiddenStatuses+`)`)
		}
	}
	for _, t := range kind.FileTables() {
		if t.Keeps {
			parts = append(parts, `(SELECT count(*) FROM `+t.Table+` WHERE `+t.Column+` = ?)`)
			n++
		}
	}
	return `SELECT ` + strings.Join(parts, " +\n\t\t\t"), n
}

// repeat is n copies of v: the arguments of a query that names it n times.
func repeat(v any, n int) []any {
	args := make([]any, n)
	for i := range args {
		args[i] = v
	}
	return args
}

// itemFilesQuery is the query of the files of one item of k (each ? takes
// its id): its file columns and its bodies (whose images itemFiles finds).
func itemFilesQuery(k *kind.Kind) (string, int) {
	var parts []string
	for _, f := range k.Files {
		if f.Item != "" {
			parts = append(parts, `SELECT `+f.Column+` FROM `+f.Table+` WHERE `+f.Item+` = ?`)
		} else {
			parts = append(parts, `SELECT `+f.Column+` FROM `+f.Table+` WHERE id = ? AND `+f.Column+` <> ''`)
		}
	}
	for _, b := range k.Bodies {
		parts = append(parts, `SELECT `+b+` FROM `+k.Table+` WHERE id = ?`)
	}
	if len(parts) == 0 {
		return `SELECT '' WHERE 1 = 0`, 0
	}
	return strings.Join(parts, " UNION "), len(parts)
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
	downBodies, err := s.bodyImageKeys(ctx, bodiesWhere(heldDown))
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
	hiddenBodies, err := s.bodyImageKeys(ctx, bodiesWhere(trashed))
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
	shown, err := s.bodyImageKeys(ctx, shownBodies())
	if err != nil {
		return nil, err
	}
	uses, nargs := usesQuery()
	for _, k := range hidden {
		if shown[k] || out[k] {
			continue
		}
		var used int
		// Uses by anything else: visible items, photos not yet saved with
		// a news item and uploads waiting for their form. (A body image
		// counts where a body shows it, above, not by its upload row.)
		err := s.db.R.QueryRowContext(ctx, uses, repeat(k, nargs)...).Scan(&used)
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

// itemFiles returns the stored files of one item of k, body images
// included, in a stable order.
func itemFiles(ctx context.Context, q querier, k *kind.Kind, id int64) ([]string, error) {
	if err := statusKind(k, 0); err != nil {
		return nil, err
	}
	query, n := itemFilesQuery(k)
	rows, err := q.QueryContext(ctx, query, repeat(id, n)...)
	if err != nil {
		return nil, fmt.Errorf("content: files of %s %d: %w", k.Name, id, err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	var keys []string
	add := func(key string) {
		if !seen[key] {
			seen[key] = true
			keys = append(keys, key)
		}
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("content: files of %s %d: %w", k.Name, id, err)
		}
		if media.ValidKey(v) {
			add(v)
			continue
		}
		for _, key := range imagesOf(v) { // a body
			add(key)
		}
	}
	return keys, rows.Err()
}

// recordTakedownFiles keeps the files item has now as withdrawn by its
// takedown, in the takedown's transaction.
func recordTakedownFiles(ctx context.Context, tx *sql.Tx, k *kind.Kind, id int64) error {
	keys, err := itemFiles(ctx, tx, k, id)
	if err != nil {
		return err
	}
	for _, key := range keys {
		if _, err := tx.ExecContext(ctx, `INSERT INTO takedown_files (item_table, item_id, file_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, k.Table, id, key); err != nil {
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
	k := kind.ByName(u.Kind)
	switch {
	case k == nil:
		return ""
	}
	return k.EditPath(strconv.FormatInt(u.ID, 10))
}

// Label is the i18n key naming the use's kind ("use.video", "use.upload").
func (u FileUse) Label() string {
	if k := kind.ByName(u.Kind); k != nil {
		return k.Use
	}
	return "use." + u.Kind
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
func (s *Store) FileUses(ctx context.Context, k *kind.Kind, id int64) ([]ItemFile, error) {
	if err := statusKind(k, kind.Takedown); err != nil {
		return nil, err
	}
	keys, err := queryColumn[string](ctx, s, `SELECT file_key FROM takedown_files WHERE item_table = ? AND item_id = ? ORDER BY file_key`, k.Table, id)
	if err != nil {
		return nil, fmt.Errorf("content: takedown files: %w", err)
	}
	now, err := itemFiles(ctx, s.db.R, k, id)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []ItemFile
	for _, key := range append(keys, now...) {
		if seen[key] {
			continue
		}
		seen[key] = true
		uses, err := s.usesOf(ctx, key, k, id)
		if err != nil {
			return nil, err
		}
		out = append(out, ItemFile{Key: key, Others: uses})
	}
	return out, nil
}

// usesOf lists what refers to key, except the item id of self itself:
// items of every kind (through their file columns and bodies), footer
// pages, and uploads not saved with an item yet.
func (s *Store) usesOf(ctx context.Context, key string, self *kind.Kind, id int64) ([]FileUse, error) {
	q, args := usesOfQuery(key, self, id)
	rows, err := s.db.R.QueryContext(ctx, q, args...)
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

// usesOfQuery is usesOf's query and its arguments.
func usesOfQuery(key string, self *kind.Kind, id int64) (string, []any) {
	var parts []string
	var args []any
	shows := func(body string) string { return contains(body, `'/media/' || ?`) }
	var bodies []string // NOT EXISTS of the item bodies showing the key
	for _, k := range kind.All() {
		var conds []string
		var condArgs []any
		linked := map[string][]string{}
		var order []string
		for _, f := range k.Files {
			if f.Item == "" {
				conds, condArgs = append(conds, f.Column+` = ?`), append(condArgs, key)
				continue
			}
			t := f.Table + "\x00" + f.Item
			if linked[t] == nil {
				order = append(order, t)
			}
			linked[t] = append(linked[t], f.Column+` = ?`)
		}
		for _, t := range order {
			table, item, _ := strings.Cut(t, "\x00")
			conds = append(conds, `id IN (SELECT `+item+` FROM `+table+` WHERE `+item+` IS NOT NULL AND (`+strings.Join(linked[t], " OR ")+`))`)
			condArgs = append(condArgs, repeat(key, len(linked[t]))...)
		}
		for _, b := range k.Bodies {
			conds, condArgs = append(conds, shows(b)), append(condArgs, key)
			if k.Has(kind.Status) {
				bodies = append(bodies, `NOT EXISTS (SELECT 1 FROM `+k.Table+` WHERE `+shows(b)+`)`)
			}
		}
		if len(conds) == 0 {
			continue
		}
		where := `(` + strings.Join(conds, " OR ") + `)`
		if !k.Has(kind.Status) { // footer pages: no id or status
			parts = append(parts, `SELECT ?, 0, `+k.Title+`, '', 0 FROM `+k.Table+` WHERE `+joinAnd(k.Rows, where))
			args = append(append(args, k.Name), condArgs...)
			continue
		}
		var not int64
		if k == self {
			not = id
		}
		parts = append(parts, `SELECT ?, id, `+k.Title+`, status, 0 FROM `+k.Table+` WHERE id <> ? AND `+where)
		args = append(append(args, k.Name, not), condArgs...)
	}
	// Uploads: gallery photos not saved with a news item, body images no
	// item body shows, files waiting for their form.
	parts = append(parts, `SELECT 'upload', 0, u.name_th, '', p.created_at FROM photos p JOIN units u ON u.id = p.unit_id
			WHERE p.news_id IS NULL AND (p.file_key = ? OR p.thumb_key = ?)`)
	args = append(args, key, key)
	bodyUpload := `SELECT 'upload', 0, u.name_th, '', b.created_at FROM body_images b JOIN units u ON u.id = b.unit_id WHERE b.file_key = ?`
	args = append(args, key)
	for _, b := range bodies {
		bodyUpload += ` AND ` + b
		args = append(args, key)
	}
	parts = append(parts, bodyUpload, `SELECT 'upload', 0, u.name_th, '', f.created_at FROM pending_files f JOIN users s ON s.id = f.user_id JOIN units u ON u.id = s.unit_id
			WHERE f.file_key = ?`)
	args = append(args, key)
	return strings.Join(parts, "\n\t\tUNION ALL ") + ` ORDER BY 1, 2`, args
}

// joinAnd joins two conditions with AND, either may be "".
func joinAnd(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + ` AND ` + b
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
