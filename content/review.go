package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
	"newsroom/kind"
)

// Review (the legacy manual's flow: write → the head of PR checks →
// publish, or return for correction and check again). In a unit under
// review an author's "publish" submits the item (status pending); a
// reviewer approves it (published, live within its window) or returns it
// with a comment (status returned). An edit of a live item waits as a
// pending revision (revision.go) while the live version stays public.
// Submitted, returned and pending content is never public: every public
// query asks for status 'published', and a pending revision is not in the
// item's row.

// MaxComment bounds a reviewer's comment.
const MaxComment = 1000

// Decision outcomes, for messages and notifications.
const (
	Approved      = "approved"        // a submitted item is published
	ChangeApplied = "change_approved" // a pending edit is now live
	SentBack      = "returned"        // a submitted item went back to its author
	ChangeBack    = "change_returned" // a pending edit went back to its author
)

// Approve publishes an item submitted for review, or applies its pending
// change. Nothing to approve is ErrConflict.
func (s *Store) Approve(ctx context.Context, k *kind.Kind, id int64, by Author, now time.Time) (string, error) {
	if err := statusKind(k, 0); err != nil {
		return "", err
	}
	var outcome string
	var replaced []string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		cur, err := itemStatus(ctx, tx, k, id)
		if err != nil {
			return err
		}
		if cur == Pending {
			outcome = Approved
			if _, err := tx.ExecContext(ctx, `UPDATE `+k.Table+` SET status = 'published', status_note = '', status_at = ? WHERE id = ?`, ms(now), id); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE revisions SET decided_by = ?, decided_at = ? WHERE id = (SELECT max(id) FROM revisions WHERE kind = ? AND ref = ? AND state = ?)`,
				by.Name, ms(now), k.Name, ref(id), RevSaved)
			if err != nil {
				return err
			}
			return s.indexRow(ctx, tx, k.Table, id)
		}
		rv, ok, err := pendingTx(ctx, tx, k, id, RevPending)
		if err != nil {
			return err
		}
		if !ok || cur == Trashed || cur == TakenDown {
			return newsroom.ErrConflict
		}
		outcome = ChangeApplied
		if replaced, err = s.applySnapshot(ctx, tx, k, id, rv.Data, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE revisions SET state = ?, decided_by = ?, decided_at = ? WHERE id = ?`,
			RevApproved, by.Name, ms(now), rv.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM revision_files WHERE revision_id = ?`, rv.ID)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("content: approve %s %d: %w", k.Name, id, err)
	}
	s.deleteUnreferenced(ctx, replaced)
	return outcome, nil
}

// ReturnInput is the reviewer's return form.
type ReturnInput struct {
	Comment string
}

// Validate requires a comment, bounded.
func (in *ReturnInput) Validate() error {
	in.Comment = strings.TrimSpace(in.Comment)
	switch n := utf8.RuneCountInString(in.Comment); {
	case n == 0:
		return newsroom.FieldErrors{"comment": "err.required"}
	case n > MaxComment:
		return newsroom.FieldErrors{"comment": "err.too_long"}
	}
	return nil
}

// Return sends a submitted item, or a pending change, back to its author
// with the reviewer's comment. Nothing to return is ErrConflict.
func (s *Store) Return(ctx context.Context, k *kind.Kind, id int64, in ReturnInput, by Author, now time.Time) (string, error) {
	if err := statusKind(k, 0); err != nil {
		return "", err
	}
	if err := in.Validate(); err != nil {
		return "", err
	}
	var outcome string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		cur, err := itemStatus(ctx, tx, k, id)
		if err != nil {
			return err
		}
		if cur == Pending {
			outcome = SentBack
			if _, err := tx.ExecContext(ctx, `UPDATE `+k.Table+` SET status = 'returned', status_note = ?, status_at = ? WHERE id = ?`,
				in.Comment, ms(now), id); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE revisions SET comment = ?, decided_by = ?, decided_at = ? WHERE id = (SELECT max(id) FROM revisions WHERE kind = ? AND ref = ? AND state = ?)`,
				in.Comment, by.Name, ms(now), k.Name, ref(id), RevSaved)
			return err
		}
		rv, ok, err := pendingTx(ctx, tx, k, id, RevPending)
		if err != nil {
			return err
		}
		if !ok {
			return newsroom.ErrConflict
		}
		outcome = ChangeBack
		_, err = tx.ExecContext(ctx, `UPDATE revisions SET state = ?, comment = ?, decided_by = ?, decided_at = ? WHERE id = ?`,
			RevReturned, in.Comment, by.Name, ms(now), rv.ID)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("content: return %s %d: %w", k.Name, id, err)
	}
	return outcome, nil
}

// RestoreRevision makes an earlier revision's content the item's again, as
// a new revision. Where review applies (in.Review) to a live item, the
// restored content waits for review like any edit.
func (s *Store) RestoreRevision(ctx context.Context, k *kind.Kind, id, revID int64, in MetaInput, now time.Time) (pending bool, err error) {
	rv, err := s.Revision(ctx, k, ref(id), revID)
	if err != nil {
		return false, err
	}
	var replaced []string
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var cur Status = Published
		if k.Has(kind.Status) {
			if cur, err = itemStatus(ctx, tx, k, id); err != nil {
				return err
			}
			if cur == Trashed {
				return ErrNotFound
			}
		}
		if in.Review && cur == Published {
			pending = true
			return s.keepPending(ctx, tx, k, id, rv.Data, in, now)
		}
		if replaced, err = s.applySnapshot(ctx, tx, k, id, rv.Data, now); err != nil {
			return err
		}
		snap, err := snapshot(ctx, tx, k, id)
		if err != nil {
			return err
		}
		_, err = insertRevision(ctx, tx, k, ref(id), RevSaved, "restore", snap, in, revID, now)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("content: restore %s %d to revision %d: %w", k.Name, id, revID, err)
	}
	s.deleteUnreferenced(ctx, replaced)
	return pending, nil
}

func itemStatus(ctx context.Context, tx *sql.Tx, k *kind.Kind, id int64) (Status, error) {
	var cur Status
	err := tx.QueryRowContext(ctx, `SELECT status FROM `+k.Table+` WHERE id = ?`, id).Scan(&cur)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return cur, err
}

func pendingTx(ctx context.Context, tx *sql.Tx, k *kind.Kind, id int64, state string) (Revision, bool, error) {
	var rid int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM revisions WHERE kind = ? AND ref = ? AND state = ? ORDER BY id DESC LIMIT 1`,
		k.Name, ref(id), state).Scan(&rid)
	if errors.Is(err, sql.ErrNoRows) {
		return Revision{}, false, nil
	}
	if err != nil {
		return Revision{}, false, err
	}
	rv, err := revisionTx(ctx, tx, rid)
	return rv, err == nil, err
}

// ReviewItem is one entry of a reviewer's inbox, or of an author's lists.
type ReviewItem struct {
	Kind       *kind.Kind
	ID         int64
	Title      string
	UnitID     int64
	UnitName   string
	AuthorName string
	State      string    // draft, returned, pending, live; change (a pending edit), change_returned
	Since      time.Time // when it was submitted, returned or saved
	Comment    string    // the reviewer's comment of a returned item or change
}

// Edit is the item's admin editor.
func (r ReviewItem) Edit() string { return r.Kind.EditPath(ref(r.ID)) }

// MaxInbox bounds each list of the inbox and the dashboards.
const MaxInbox = 100

// ReviewInbox lists what waits for review in the given units (nil: every
// unit), oldest first: submitted items and pending changes of live items.
func (s *Store) ReviewInbox(ctx context.Context, units []int64) ([]ReviewItem, error) {
	var out []ReviewItem
	for _, k := range kind.With(kind.Status) {
		unitCond, unitArgs := inUnits("x.unit_id", units)
		q := `SELECT x.id, x.` + k.Title + `, x.unit_id, u.name_th, x.author_name, x.updated_at, 'pending', '' FROM ` + k.Table + ` x
			JOIN units u ON u.id = x.unit_id WHERE x.status = 'pending' AND ` + unitCond + `
			UNION ALL
			SELECT x.id, x.` + k.Title + `, x.unit_id, u.name_th, r.user_name, r.created_at, 'change', '' FROM revisions r
			JOIN ` + k.Table + ` x ON r.kind = ? AND x.id = CAST(r.ref AS BIGINT) JOIN units u ON u.id = x.unit_id
			WHERE r.state = 'pending' AND x.status = 'published' AND ` + unitCond + `
			ORDER BY 6 LIMIT ?`
		args := append(append(append(unitArgs, k.Name), unitArgs...), MaxInbox)
		items, err := s.reviewItems(ctx, k, q, args...)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Since.Before(out[j].Since) })
	return out[:min(len(out), MaxInbox)], nil
}

// MyItems returns an author's items by state: draft, returned (items and
// changes), pending (items and changes waiting for review) and live.
func (s *Store) MyItems(ctx context.Context, userID int64, now time.Time) (map[string][]ReviewItem, error) {
	out := map[string][]ReviewItem{}
	for _, k := range kind.With(kind.Status) {
		q := `SELECT * FROM (SELECT x.id, x.` + k.Title + ` AS title, x.unit_id, u.name_th, x.author_name, x.updated_at AS at,
				CASE WHEN x.status = 'published' THEN 'live' ELSE x.status END AS state, x.status_note
			FROM ` + k.Table + ` x JOIN units u ON u.id = x.unit_id
			WHERE x.author_id = ? AND (x.status IN ('draft', 'pending', 'returned')
				OR (x.status = 'published' AND x.start_at <= ? AND x.end_at >= ?))
			UNION ALL
			SELECT x.id, x.` + k.Title + `, x.unit_id, u.name_th, r.user_name, r.created_at,
				CASE r.state WHEN 'pending' THEN 'change' ELSE 'change_returned' END, r.comment
			FROM revisions r JOIN ` + k.Table + ` x ON r.kind = ? AND x.id = CAST(r.ref AS BIGINT) JOIN units u ON u.id = x.unit_id
			WHERE r.user_id = ? AND r.state IN ('pending', 'returned') AND x.status <> 'trashed') t
			ORDER BY at DESC LIMIT ?`
		items, err := s.reviewItems(ctx, k, q, userID, ms(now), ms(now), k.Name, userID, 4*MaxInbox)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			list := it.State
			switch list {
			case "change":
				list = "pending"
			case "change_returned":
				list = "returned"
			}
			if len(out[list]) < MaxInbox {
				out[list] = append(out[list], it)
			}
		}
	}
	for _, l := range out {
		sort.SliceStable(l, func(i, j int) bool { return l[i].Since.After(l[j].Since) })
	}
	return out, nil
}

func (s *Store) reviewItems(ctx context.Context, k *kind.Kind, q string, args ...any) ([]ReviewItem, error) {
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("content: review list of %s: %w", k.Name, err)
	}
	defer rows.Close()
	var out []ReviewItem
	for rows.Next() {
		it := ReviewItem{Kind: k}
		var since int64
		if err := rows.Scan(&it.ID, &it.Title, &it.UnitID, &it.UnitName, &it.AuthorName, &since, &it.State, &it.Comment); err != nil {
			return nil, err
		}
		it.Since = fromMS(since)
		out = append(out, it)
	}
	return out, rows.Err()
}

// inUnits is a condition on col for a unit list (nil: any unit; empty: none).
func inUnits(col string, units []int64) (string, []any) {
	if units == nil {
		return "1 = 1", nil
	}
	if len(units) == 0 {
		return "1 = 0", nil
	}
	args := make([]any, len(units))
	for i, u := range units {
		args[i] = u
	}
	return col + " IN (?" + strings.Repeat(", ?", len(units)-1) + ")", args
}

// UnitReview says whether a unit's items go through review.
func (s *Store) UnitReview(ctx context.Context, unitID int64) (bool, error) {
	var on bool
	err := s.db.R.QueryRowContext(ctx, `SELECT review FROM units WHERE id = ?`, unitID).Scan(&on)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return on, err
}
