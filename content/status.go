package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
	"newsroom/kind"
)

// Takedown and the trash, shared by every content type.
//
// A central admin takes any item down at once with a reason and, when there
// is one, the complaint's reference (notice-and-takedown, Computer Crime Act
// s.15); the item leaves every public page, list, feed and search, and its
// URL answers 410 Gone. Lifting the takedown puts back the status it had.
// Deleting an item moves it to the trash, from which it can be restored for
// TrashDays; after that a daily job deletes it and its files for good.

// TrashDays is how long a trashed item can be restored.
const TrashDays = 30

// Limits of the takedown form.
const (
	MaxReason    = 500
	MaxReference = 100
)

// statusKind checks that k is a registered kind with feature f (its rows
// carry a publishing status).
func statusKind(k *kind.Kind, f kind.Feature) error {
	if !kind.Registered(k) || !k.Has(kind.Status|f) {
		return fmt.Errorf("content: %v has no %v", k, kind.Status|f)
	}
	return nil
}

// TakedownInput is the takedown form.
type TakedownInput struct {
	Reason    string
	Reference string // complaint reference; optional
}

// Validate returns field errors: a reason is required.
func (in *TakedownInput) Validate() error {
	in.Reason, in.Reference = strings.TrimSpace(in.Reason), strings.TrimSpace(in.Reference)
	fe := newsroom.FieldErrors{}
	switch n := utf8.RuneCountInString(in.Reason); {
	case n == 0:
		fe.Add("reason", "err.required")
	case n > MaxReason:
		fe.Add("reason", "err.too_long")
	}
	if utf8.RuneCountInString(in.Reference) > MaxReference {
		fe.Add("reference", "err.too_long")
	}
	return fe.Err()
}

// TakeDown takes the item down. A trashed or missing item is ErrNotFound;
// one already down is ErrConflict. The files the item has now are recorded
// as withdrawn by this takedown: they answer 410 whatever else uses them
// until it is lifted (see withdrawn.go).
func (s *Store) TakeDown(ctx context.Context, k *kind.Kind, id int64, in TakedownInput, now time.Time) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return s.setStatus(ctx, k, kind.Takedown, id, "take down", func(cur Status) (string, []any, error) {
		if cur == TakenDown {
			return "", nil, newsroom.ErrConflict
		}
		return `status = 'takendown', prev_status = status, status_note = ?, status_ref = ?`, []any{in.Reason, in.Reference}, nil
	}, now, func(tx *sql.Tx) error { return recordTakedownFiles(ctx, tx, k, id) })
}

// Reinstate lifts a takedown: the item gets back the status it had, and
// the files its takedown withdrew are served again (unless another
// takedown also withdrew them).
func (s *Store) Reinstate(ctx context.Context, k *kind.Kind, id int64, now time.Time) error {
	return s.setStatus(ctx, k, kind.Takedown, id, "reinstate", func(cur Status) (string, []any, error) {
		if cur != TakenDown {
			return "", nil, newsroom.ErrConflict
		}
		return `status = coalesce(nullif(prev_status, ''), 'published'), prev_status = '', status_note = '', status_ref = ''`, nil, nil
	}, now, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM takedown_files WHERE item_table = ? AND item_id = ?`, k.Table, id)
		return err
	})
}

// Trash moves the item to the trash. A taken-down item keeps its reason and
// comes back down when restored.
func (s *Store) Trash(ctx context.Context, k *kind.Kind, id int64, now time.Time) error {
	return s.setStatus(ctx, k, kind.Trash, id, "trash", func(cur Status) (string, []any, error) {
		if cur == Trashed {
			return "", nil, newsroom.ErrNotFound
		}
		if cur == TakenDown { // remember the takedown, not what was before it
			return `status = 'trashed', prev_status = 'takendown:' || prev_status`, nil, nil
		}
		return `status = 'trashed', prev_status = status`, nil, nil
	}, now)
}

// Restore takes the item out of the trash with the status it had.
func (s *Store) Restore(ctx context.Context, k *kind.Kind, id int64, now time.Time) error {
	return s.setStatus(ctx, k, kind.Trash, id, "restore", func(cur Status) (string, []any, error) {
		if cur != Trashed {
			return "", nil, newsroom.ErrConflict
		}
		return `status = CASE WHEN prev_status LIKE 'takendown:%' THEN 'takendown' ELSE coalesce(nullif(prev_status, ''), 'published') END,
			prev_status = CASE WHEN prev_status LIKE 'takendown:%' THEN substr(prev_status, 11) ELSE '' END`, nil, nil
	}, now)
}

// setStatus reads the row's status, lets change decide the assignments and
// applies them with status_at = now, then runs after (if any), in one
// transaction. k must take part in feature f.
func (s *Store) setStatus(ctx context.Context, k *kind.Kind, f kind.Feature, id int64, what string,
	change func(Status) (string, []any, error), now time.Time, after ...func(*sql.Tx) error) error {
	if err := statusKind(k, f); err != nil {
		return err
	}
	table := k.Table
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var cur string
		err := tx.QueryRowContext(ctx, `SELECT status FROM `+table+` WHERE id = ?`, id).Scan(&cur)
		if errors.Is(err, sql.ErrNoRows) {
			return newsroom.ErrNotFound
		}
		if err != nil {
			return err
		}
		set, args, err := change(Status(cur))
		if err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `UPDATE `+table+` SET `+set+`, status_at = ? WHERE id = ?`, append(args, ms(now), id)...); err != nil {
			return err
		}
		for _, fn := range after {
			if err := fn(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("content: %s %s %d: %w", what, k.Name, id, err)
	}
	return nil
}

// PurgeTrash deletes for good, with their files, the items trashed more
// than TrashDays before now. It returns how many went. An item trashed
// while taken down is kept: deleting it would end its takedown with no one
// deciding so (its files would come back wherever else they are used). It
// waits in the trash until it is restored and the takedown lifted.
func (s *Store) PurgeTrash(ctx context.Context, now time.Time) (int, error) {
	cut := ms(now.AddDate(0, 0, -TrashDays))
	n := 0
	for _, k := range kind.With(kind.Trash) {
		ids, err := queryColumn[int64](ctx, s, `SELECT id FROM `+k.Table+` WHERE status = 'trashed' AND prev_status NOT LIKE 'takendown:%' AND status_at < ?`, cut)
		if err != nil {
			return n, fmt.Errorf("content: purge trash of %s: %w", k.Table, err)
		}
		for _, id := range ids {
			if err := s.purge(ctx, k, id); err != nil && !errors.Is(err, newsroom.ErrNotFound) {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// purge deletes one item of k for good, with the files it owns: through
// the kind's purger when it has one (news: its gallery and body images),
// else its row and the files of its own columns.
func (s *Store) purge(ctx context.Context, k *kind.Kind, id int64) error {
	if err := statusKind(k, kind.Trash); err != nil {
		return err
	}
	if p := purgers[k]; p != nil {
		return p(s, ctx, id)
	}
	keys, err := itemFiles(ctx, s.db.R, k, id)
	if err != nil {
		return err
	}
	return s.deleteRow(ctx, k.Table, id, keys...)
}

// TakenDownItem is one line of the takedown register.
type TakenDownItem struct {
	Kind      string // the kind's name: news, video, banner, notice
	ID        int64
	Title     string
	Reason    string
	Reference string
	At        time.Time
}

// KindOf is the item's kind.
func (it TakenDownItem) KindOf() *kind.Kind { return kind.ByName(it.Kind) }

// AdminPath is the item's place in the admin: /admin/videos/12.
func (it TakenDownItem) AdminPath() string {
	return it.KindOf().AdminList() + "/" + strconv.FormatInt(it.ID, 10)
}

// TakenDown lists the items down now, most recent takedown first: the
// register central admins answer complaints from.
func (s *Store) TakenDown(ctx context.Context, limit int) ([]TakenDownItem, error) {
	var parts []string
	var args []any
	for _, k := range kind.With(kind.Takedown) {
		parts = append(parts, `SELECT ?, id, `+k.Title+`, status_note, status_ref, status_at FROM `+k.Table+` WHERE status = 'takendown'`)
		args = append(args, k.Name)
	}
	rows, err := s.db.R.QueryContext(ctx, strings.Join(parts, " UNION ALL ")+` ORDER BY 6 DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("content: takedown register: %w", err)
	}
	defer rows.Close()
	var out []TakenDownItem
	for rows.Next() {
		var it TakenDownItem
		var at int64
		if err := rows.Scan(&it.Kind, &it.ID, &it.Title, &it.Reason, &it.Reference, &at); err != nil {
			return nil, err
		}
		it.At = fromMS(at)
		out = append(out, it)
	}
	return out, rows.Err()
}

// Exists reports ErrNotFound when k has no item id (in any status).
func (s *Store) Exists(ctx context.Context, k *kind.Kind, id int64) error {
	if !kind.Registered(k) || k.Rows != "" {
		return fmt.Errorf("content: %v has no items by id: %w", k, ErrNotFound)
	}
	var one int
	err := s.db.R.QueryRowContext(ctx, `SELECT 1 FROM `+k.Table+` WHERE id = ?`, id).Scan(&one)
	if err != nil {
		return notFound(fmt.Sprintf("%s %d", k.Name, id), err)
	}
	return nil
}
