package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"newsroom"
	"newsroom/kind"
)

// fileRef is the file a form names: the item's current one, or one the user
// uploaded and we checked (a pending file of kind).
type fileRef struct {
	kind    string // pending kind: banner, poster, notice
	key     string // what the form sent; "" for none
	current PendingFile
	field   string // the form field to blame, with errKey
	errKey  string
}

// saveSpec describes one content save for Store.save.
type saveSpec struct {
	table   string
	id      int64 // 0 creates
	in      MetaInput
	file    fileRef
	columns func(f PendingFile) ([]string, []any) // the type's own columns
	created func() ([]string, []any)              // set only when created (may be nil)
}

// save creates or updates a row of any content type in one transaction:
// resolves the form's file (refusing a key the user did not upload), writes
// the shared and own columns, forgets the pending upload, and afterwards
// deletes the replaced file when nothing else uses it.
func (s *Store) save(ctx context.Context, sp saveSpec, by Author, now time.Time) (int64, error) {
	if sp.in.By == (Author{}) {
		sp.in.By = by
	}
	id, err := s.saveItem(ctx, kind.ByTable(sp.table), sp.id, sp.in, now, func(tx *sql.Tx) (int64, error) {
		id := sp.id
		f, err := resolveFile(ctx, tx, sp.file, by)
		if err != nil {
			return 0, err
		}
		cols, vals := sp.columns(f)
		if id == 0 {
			if sp.created != nil {
				c, v := sp.created()
				cols, vals = append(cols, c...), append(vals, v...)
			}
			id, err = insertRow(ctx, tx, sp.table, cols, vals, sp.in, by, now)
		} else {
			err = updateRow(ctx, tx, sp.table, id, cols, vals, sp.in, now)
		}
		if err != nil {
			return 0, err
		}
		if err := s.indexRow(ctx, tx, sp.table, id); err != nil {
			return 0, err
		}
		if f.Key == "" {
			return id, nil
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM pending_files WHERE file_key = ? AND kind = ?`, f.Key, sp.file.kind)
		return id, err
	})
	if err != nil {
		return 0, fmt.Errorf("content: save %s: %w", sp.table, err)
	}
	if old := sp.file.current.Key; old != "" && old != sp.file.key {
		s.deleteUnreferenced(ctx, []string{old}) // still the live file while a change waits for review
	}
	return id, nil
}

func resolveFile(ctx context.Context, tx *sql.Tx, r fileRef, by Author) (PendingFile, error) {
	switch {
	case r.key == "":
		return PendingFile{}, nil
	case r.key == r.current.Key:
		return r.current, nil
	}
	f, ok, err := pending(ctx, tx, r.kind, by.UserID, r.key)
	if err != nil {
		return f, err
	}
	if !ok {
		return f, newsroom.FieldErrors{r.field: r.errKey}
	}
	return f, nil
}

// validate runs an input's own checks and adds the unit's: the unit an item
// is saved for must exist and not be retired, unless the item (id in table,
// 0 for a new one) already belongs to it, so an item of a unit retired since
// can still be edited. A bad unit is a field error on unit_id, never a
// foreign-key failure.
func (s *Store) validate(ctx context.Context, table string, id, unitID int64, own func() error) error {
	fe := newsroom.FieldErrors{}
	if err := own(); err != nil {
		var own newsroom.FieldErrors
		if !errors.As(err, &own) {
			return err
		}
		for k, v := range own {
			fe.Add(k, v)
		}
	}
	if unitID != 0 {
		var usable bool
		err := s.db.R.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM units WHERE id = ? AND retired_at IS NULL)
			OR EXISTS (SELECT 1 FROM `+table+` WHERE id = ? AND unit_id = ?)`, unitID, id, unitID).Scan(&usable)
		if err != nil {
			return fmt.Errorf("content: check unit %d: %w", unitID, err)
		}
		if !usable {
			fe.Add("unit_id", "err.unit")
		}
	}
	return fe.Err()
}
