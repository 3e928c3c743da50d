package content

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsroom"
	"newsroom/kind"
)

// Revisions: every save of an item of any kind keeps a revision — who,
// when, every column of the item and, for news, its photos' order and
// captions — so that any two can be compared and an earlier one restored.
//
// A revision is a snapshot of the item's row as the save left it, taken in
// the save's transaction, so it needs no code per kind: the registry names
// the table. An edit of a live item in a unit under review is run the same
// way and then rolled back: its snapshot is kept as a *pending* revision
// while the live row stays as it was, and approving the revision writes the
// snapshot's columns back (applySnapshot).
//
// The latest revision of an item is also its version: a form carries the
// revision it was opened on, and a save on another one is an edit conflict
// (ConflictError) instead of a silent overwrite.

// Revision states.
const (
	RevSaved      = "saved"      // the item was saved with this content
	RevPending    = "pending"    // an edit of a live item waiting for review
	RevApproved   = "approved"   // a pending edit a reviewer approved
	RevReturned   = "returned"   // a pending edit a reviewer returned
	RevSuperseded = "superseded" // a pending edit replaced by a later one
)

// Snapshot is an item's content at one revision.
type Snapshot struct {
	Fields map[string]any `json:"fields"`
	Photos []PhotoState   `json:"photos,omitempty"`
}

// PhotoState is a photo's place and caption in a gallery at one revision.
type PhotoState struct {
	ID       int64  `json:"id"`
	Position int    `json:"position"`
	Caption  string `json:"caption"`
	Thumb    string `json:"thumb"`
}

// Revision is one saved state of an item.
type Revision struct {
	ID           int64
	Kind         string
	Ref          string
	State        string
	Reason       string // save, create, submit, restore, approve, migrate
	UserID       int64
	UserName     string
	Comment      string // a reviewer's comment when returned
	DecidedBy    string
	DecidedAt    time.Time
	RestoredFrom int64
	CreatedAt    time.Time
	Data         Snapshot   // filled by Revision, not by lists
	Form         url.Values // the posted form of a pending or returned edit
}

// ConflictError is a save made on a form opened before someone else's save:
// Theirs is the latest revision, Mine what the save would have stored.
type ConflictError struct {
	Theirs Revision
	Mine   Snapshot
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("content: edit conflict with revision %d by %s", e.Theirs.ID, e.Theirs.UserName)
}

// Is makes errors.Is(err, newsroom.ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == newsroom.ErrConflict }

// errRollback ends a transaction whose writes were only run to see their
// result (a pending revision, the other side of a conflict).
var errRollback = errors.New("content: rolled back on purpose")

// notRestored are the columns a revision never writes back: identity,
// ownership, status and counters are the item's, not its content's.
var notRestored = []string{"id", "status", "status_note", "status_ref", "status_at", "prev_status",
	"unit_id", "author_id", "author_name", "form_token", "created_at", "updated_at"}

// Outcome says what a save of in does to an item whose status is cur (""
// for a new item): "change" keeps the live item and waits for review,
// "submitted" sends it for review, else "published" or "draft".
func Outcome(cur Status, in MetaInput) string {
	switch {
	case in.Review && in.Publish && cur == Published:
		return "change"
	case !in.Publish:
		return "draft"
	case in.Review && cur != TakenDown:
		return "submitted"
	}
	return "published"
}

// saveItem runs one save of an item of kind k (id 0 creates it) and keeps
// its revision. write does the kind's own writes in tx and returns the
// item's id. It is where every kind's save gets, from MetaInput:
//   - idempotency: a form already saved (same FormToken) is not saved again;
//   - the version check: a form opened on another revision than the latest
//     is a *ConflictError, nothing written;
//   - review: the edit of a live item by an author of a unit under review
//     is rolled back and kept as a pending revision.
//
// It returns the item's id. after, when set, runs once the save committed.
func (s *Store) saveItem(ctx context.Context, k *kind.Kind, id int64, in MetaInput, now time.Time,
	write func(tx *sql.Tx) (int64, error)) (int64, error) {
	var cur Status
	if id != 0 {
		if err := s.db.R.QueryRowContext(ctx, `SELECT status FROM `+k.Table+` WHERE id = ?`, id).Scan(&cur); err != nil {
			return 0, notFound(fmt.Sprintf("%s %d", k.Name, id), err)
		}
	}
	outcome := Outcome(cur, in)
	var (
		mine     Snapshot
		conflict *ConflictError
		done     bool
	)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if id != 0 {
			var err error
			if done, err = savedBefore(ctx, tx, k, id, in.FormToken, "reason <> 'create'"); done || err != nil {
				return err // a retried request or a second click: already saved
			}
		}
		if id != 0 && in.CheckBase {
			latest, err := latestRevision(ctx, tx, k, id)
			if err != nil {
				return err
			}
			if latest != in.Base {
				conflict = &ConflictError{}
				if conflict.Theirs, err = revisionTx(ctx, tx, latest); err != nil && latest != 0 {
					return err
				}
			}
		}
		newID, err := write(tx)
		if err != nil {
			return err
		}
		if id == 0 { // a create sent twice finds the first one's item
			if done, err = savedBefore(ctx, tx, k, newID, in.FormToken, "reason = 'create'"); done || err != nil {
				id = newID
				return err
			}
		}
		id = newID
		if mine, err = snapshot(ctx, tx, k, id); err != nil {
			return err
		}
		if conflict != nil || outcome == "change" {
			return errRollback
		}
		reason := "save"
		switch {
		case cur == "":
			reason = "create"
		case outcome == "submitted":
			reason = "submit"
		}
		_, err = insertRevision(ctx, tx, k, ref(id), RevSaved, reason, mine, in, 0, now)
		return err
	})
	switch {
	case errors.Is(err, errRollback) && conflict != nil:
		conflict.Mine = mine
		return id, conflict
	case errors.Is(err, errRollback): // a pending change of a live item
		err = s.db.Tx(ctx, func(tx *sql.Tx) error { return s.keepPending(ctx, tx, k, id, mine, in, now) })
		if err != nil {
			return 0, fmt.Errorf("content: keep pending %s %d: %w", k.Name, id, err)
		}
		return id, nil
	case err != nil:
		return 0, err
	}
	if !done {
		s.changed(ctx)
	}
	return id, nil
}

// savedBefore reports whether the form of token was already saved on the
// item (by a create, or by an edit: which is cond): a retried request or a
// double click.
func savedBefore(ctx context.Context, tx *sql.Tx, k *kind.Kind, id int64, token, cond string) (bool, error) {
	if token == "" {
		return false, nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM revisions WHERE kind = ? AND ref = ? AND form_token = ? AND `+cond, k.Name, ref(id), token).Scan(&n)
	return n > 0, err
}

// keepPending stores mine as the pending revision of a live item, replacing
// an earlier pending one, and keeps the new files it names.
func (s *Store) keepPending(ctx context.Context, tx *sql.Tx, k *kind.Kind, id int64, mine Snapshot, in MetaInput, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE revisions SET state = ? WHERE kind = ? AND ref = ? AND state IN (?, ?)`,
		RevSuperseded, k.Name, ref(id), RevPending, RevReturned); err != nil {
		return err
	}
	rid, err := insertRevision(ctx, tx, k, ref(id), RevPending, "submit", mine, in, 0, now)
	if err != nil {
		return err
	}
	live, err := snapshot(ctx, tx, k, id)
	if err != nil {
		return err
	}
	for _, col := range ownFileColumns(k) {
		key, _ := mine.Fields[col].(string)
		if old, _ := live.Fields[col].(string); key == "" || key == old {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO revision_files (revision_id, file_key) VALUES (?, ?) ON CONFLICT DO NOTHING`, rid, key); err != nil {
			return err
		}
		// The upload now waits in the revision, not for its form.
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_files WHERE file_key = ?`, key); err != nil {
			return err
		}
	}
	return nil
}

// ownFileColumns are the kind's file columns in its own table.
func ownFileColumns(k *kind.Kind) []string {
	var cols []string
	for _, f := range k.Files {
		if f.Table == k.Table && f.Item == "" {
			cols = append(cols, f.Column)
		}
	}
	return cols
}

func ref(id int64) string { return strconv.FormatInt(id, 10) }

// latestRevision is the id of the item's latest revision (0: none yet),
// superseded ones aside.
func latestRevision(ctx context.Context, q rowQuerier, k *kind.Kind, id int64) (int64, error) {
	var latest sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT max(id) FROM revisions WHERE kind = ? AND ref = ? AND state <> ?`,
		k.Name, ref(id), RevSuperseded).Scan(&latest)
	return latest.Int64, err
}

// LatestRevision is the version a form of the item is opened on.
func (s *Store) LatestRevision(ctx context.Context, k *kind.Kind, id int64) (int64, error) {
	return latestRevision(ctx, s.db.R, k, id)
}

// rowQuerier is what a transaction and the read pool share.
type rowQuerier interface {
	querier
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// formValues are the posted fields a pending revision keeps so its author
// can go on editing it: not the request's tokens.
func formValues(v url.Values) string {
	if len(v) == 0 {
		return ""
	}
	kept := url.Values{}
	for name, vals := range v {
		switch name {
		case "csrf", "form_token", "revision", "action":
			continue
		}
		kept[name] = vals
	}
	b, _ := json.Marshal(kept)
	return string(b)
}

func insertRevision(ctx context.Context, tx *sql.Tx, k *kind.Kind, itemRef string, state, reason string, snap Snapshot, in MetaInput, from int64, now time.Time) (int64, error) {
	data, err := json.Marshal(snap)
	if err != nil {
		return 0, err
	}
	form := ""
	if state == RevPending {
		form = formValues(in.Form)
	}
	var rid int64
	err = tx.QueryRowContext(ctx, `INSERT INTO revisions (kind, ref, state, reason, data, form, user_id, user_name, form_token, restored_from, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		k.Name, itemRef, state, reason, string(data), form, nullInt(in.By.UserID), in.By.Name, nullString(in.FormToken), nullInt(from), ms(now)).Scan(&rid)
	return rid, err
}

// snapshot reads the item's row (every column) and, for news, its photos.
func snapshot(ctx context.Context, q rowQuerier, k *kind.Kind, id int64) (Snapshot, error) {
	rows, err := q.QueryContext(ctx, `SELECT * FROM `+k.Table+` WHERE id = ?`, id)
	if err != nil {
		return Snapshot{}, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return Snapshot{}, err
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return Snapshot{}, err
		}
		return Snapshot{}, ErrNotFound
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return Snapshot{}, err
	}
	rows.Close()
	snap := Snapshot{Fields: make(map[string]any, len(cols))}
	for i, c := range cols {
		switch v := vals[i].(type) {
		case []byte:
			snap.Fields[c] = string(v)
		case time.Time:
			snap.Fields[c] = v.UnixMilli()
		default:
			snap.Fields[c] = v
		}
	}
	for _, c := range privateColumns[k] { // personal data (qa.go)
		delete(snap.Fields, c)
	}
	if k == NewsKind {
		prows, err := q.QueryContext(ctx, `SELECT id, position, caption, thumb_key FROM photos WHERE news_id = ? ORDER BY position, id`, id)
		if err != nil {
			return Snapshot{}, err
		}
		defer prows.Close()
		for prows.Next() {
			var p PhotoState
			if err := prows.Scan(&p.ID, &p.Position, &p.Caption, &p.Thumb); err != nil {
				return Snapshot{}, err
			}
			snap.Photos = append(snap.Photos, p)
		}
		if err := prows.Err(); err != nil {
			return Snapshot{}, err
		}
	}
	return snap, nil
}

const revisionCols = `id, kind, ref, state, reason, coalesce(user_id, 0), user_name, comment, decided_by, decided_at,
	coalesce(restored_from, 0), created_at`

func scanRevision(r interface{ Scan(...any) error }, extra ...any) (Revision, error) {
	var rv Revision
	var decided, created int64
	err := r.Scan(append([]any{&rv.ID, &rv.Kind, &rv.Ref, &rv.State, &rv.Reason, &rv.UserID, &rv.UserName, &rv.Comment,
		&rv.DecidedBy, &decided, &rv.RestoredFrom, &created}, extra...)...)
	rv.CreatedAt = fromMS(created)
	if decided != 0 {
		rv.DecidedAt = fromMS(decided)
	}
	return rv, err
}

func revisionTx(ctx context.Context, q rowQuerier, id int64) (Revision, error) {
	var data, form string
	rv, err := scanRevision(q.QueryRowContext(ctx, `SELECT `+revisionCols+`, data, form FROM revisions WHERE id = ?`, id), &data, &form)
	if err != nil {
		return Revision{}, notFound(fmt.Sprintf("revision %d", id), err)
	}
	if rv.Data, err = decodeSnapshot(data); err != nil {
		return Revision{}, fmt.Errorf("content: revision %d: %w", id, err)
	}
	if form != "" {
		if err := json.Unmarshal([]byte(form), &rv.Form); err != nil {
			return Revision{}, fmt.Errorf("content: revision %d form: %w", id, err)
		}
	}
	return rv, nil
}

func decodeSnapshot(data string) (Snapshot, error) {
	var snap Snapshot
	d := json.NewDecoder(bytes.NewReader([]byte(data)))
	d.UseNumber() // ms timestamps and ids stay exact
	err := d.Decode(&snap)
	return snap, err
}

// Revision returns one revision of an item of kind k with its content.
func (s *Store) Revision(ctx context.Context, k *kind.Kind, ref string, id int64) (Revision, error) {
	rv, err := revisionTx(ctx, s.db.R, id)
	if err != nil {
		return Revision{}, err
	}
	if rv.Kind != k.Name || rv.Ref != ref {
		return Revision{}, fmt.Errorf("content: revision %d of %s %s: %w", id, k.Name, ref, ErrNotFound)
	}
	return rv, nil
}

// MaxRevisionList bounds the revision history shown at once.
const MaxRevisionList = 200

// Revisions lists an item's revisions, newest first, without their content.
func (s *Store) Revisions(ctx context.Context, k *kind.Kind, ref string) ([]Revision, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+revisionCols+` FROM revisions WHERE kind = ? AND ref = ? ORDER BY id DESC LIMIT ?`,
		k.Name, ref, MaxRevisionList)
	if err != nil {
		return nil, fmt.Errorf("content: revisions of %s %s: %w", k.Name, ref, err)
	}
	defer rows.Close()
	var out []Revision
	for rows.Next() {
		rv, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rv)
	}
	return out, rows.Err()
}

// PendingRevision returns the item's edit waiting for review or returned
// to its author, if there is one.
func (s *Store) PendingRevision(ctx context.Context, k *kind.Kind, id int64) (Revision, bool, error) {
	var rid int64
	err := s.db.R.QueryRowContext(ctx, `SELECT id FROM revisions WHERE kind = ? AND ref = ? AND state IN (?, ?) ORDER BY id DESC LIMIT 1`,
		k.Name, ref(id), RevPending, RevReturned).Scan(&rid)
	if errors.Is(err, sql.ErrNoRows) {
		return Revision{}, false, nil
	}
	if err != nil {
		return Revision{}, false, err
	}
	rv, err := revisionTx(ctx, s.db.R, rid)
	return rv, err == nil, err
}

// Current returns the item's content now, as a snapshot (for comparing a
// revision with the live item).
func (s *Store) Current(ctx context.Context, k *kind.Kind, id int64) (Snapshot, error) {
	snap, err := snapshot(ctx, s.db.R, k, id)
	if err != nil {
		return Snapshot{}, notFound(fmt.Sprintf("%s %d", k.Name, id), err)
	}
	return snap, nil
}

// applySnapshot writes a snapshot's content columns back onto the item and
// reindexes it. A file column whose file is gone (swept since) keeps the
// item's current file; photos still in the gallery get back their order and
// caption (deleted photos do not come back).
func (s *Store) applySnapshot(ctx context.Context, tx *sql.Tx, k *kind.Kind, id int64, snap Snapshot, now time.Time) (replaced []string, err error) {
	live, err := snapshot(ctx, tx, k, id)
	if err != nil {
		return nil, err
	}
	var set []string
	var args []any
	cols := make([]string, 0, len(snap.Fields))
	for c := range snap.Fields {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	files := ownFileColumns(k)
	for _, c := range cols {
		if _, ok := live.Fields[c]; !ok || slices.Contains(notRestored, c) || c == k.Counter {
			continue // a column dropped since, or not content
		}
		v := snap.Fields[c]
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				v = i
			} else if f, err := n.Float64(); err == nil {
				v = f
			}
		}
		if slices.Contains(files, c) {
			key, _ := v.(string)
			old, _ := live.Fields[c].(string)
			if key == old {
				continue
			}
			if key != "" {
				if ok, err := s.fileExists(ctx, key); err != nil {
					return nil, err
				} else if !ok {
					continue
				}
			}
			if old != "" {
				replaced = append(replaced, old)
			}
		}
		if c == "main_photo_id" {
			if pid, ok := v.(int64); ok {
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM photos WHERE id = ? AND news_id = ?`, pid, id).Scan(&n); err != nil {
					return nil, err
				}
				if n == 0 {
					continue
				}
			}
		}
		set = append(set, c+" = ?")
		args = append(args, v)
	}
	set = append(set, "updated_at = ?")
	args = append(args, ms(now))
	if _, err := tx.ExecContext(ctx, `UPDATE `+k.Table+` SET `+strings.Join(set, ", ")+` WHERE id = ?`, append(args, id)...); err != nil {
		return nil, err
	}
	for _, p := range snap.Photos {
		if _, err := tx.ExecContext(ctx, `UPDATE photos SET position = ?, caption = ? WHERE id = ? AND news_id = ?`,
			p.Position, p.Caption, p.ID, id); err != nil {
			return nil, err
		}
	}
	if k == NewsKind { // its tags follow the restored tags_text
		if err := syncNewsTags(ctx, tx, id); err != nil {
			return nil, err
		}
	}
	if k == ITAKind { // its evidence rows follow the restored evidence_text
		if err := syncITAEvidence(ctx, tx, id); err != nil {
			return nil, err
		}
	}
	if k == ProcurementKind { // its bidders and notice links follow bidders_json and notices_text
		if err := syncProcurementRows(ctx, tx, id); err != nil {
			return nil, err
		}
	}
	return replaced, s.indexRow(ctx, tx, k.Table, id)
}

// fileExists reports whether the media store still holds key.
func (s *Store) fileExists(ctx context.Context, key string) (bool, error) {
	f, _, err := s.files.Open(key)
	if err != nil {
		return false, nil
	}
	f.Close()
	return true, nil
}

// forgetRevisions deletes an item's revisions when the item itself is
// deleted for good: ids can be reused, and a new item must not inherit them.
func forgetRevisions(ctx context.Context, tx *sql.Tx, k *kind.Kind, id int64) error {
	if err := forgetPreviewLinks(ctx, tx, k, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM revision_files WHERE revision_id IN (SELECT id FROM revisions WHERE kind = ? AND ref = ?)`,
		k.Name, ref(id)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM revisions WHERE kind = ? AND ref = ?`, k.Name, ref(id))
	return err
}

// Text is a text column of the snapshot ("" when absent or not text).
func (s Snapshot) Text(col string) (string, bool) {
	v, ok := s.Fields[col].(string)
	return v, ok
}

// PendingChange returns the content of the item's change waiting for
// review, if a live item has one: what a preview link shows the reviewer's
// dean before it is approved.
func (s *Store) PendingChange(ctx context.Context, k *kind.Kind, id int64) (Snapshot, bool, error) {
	rv, ok, err := s.PendingRevision(ctx, k, id)
	if err != nil || !ok || rv.State != RevPending {
		return Snapshot{}, false, err
	}
	return rv.Data, true, nil
}
