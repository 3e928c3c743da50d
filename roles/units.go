package roles

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
)

// Unit is a faculty, college, institute or office.
type Unit struct {
	ID        int64
	Code      string
	NameTH    string
	NameEN    string
	Kind      string
	Sort      int
	RetiredAt time.Time // zero while active
	// Review: its authors submit items for review instead of publishing.
	Review bool
}

// Retired reports whether the unit no longer posts (its history stays).
func (u Unit) Retired() bool { return !u.RetiredAt.IsZero() }

// Name returns the unit's name in lang, falling back to Thai.
func (u Unit) Name(lang string) string {
	if lang == "en" && u.NameEN != "" {
		return u.NameEN
	}
	return u.NameTH
}

// UnitKinds are the kinds of unit, in display order.
var UnitKinds = []string{"faculty", "college", "institute", "office"}

var unitCode = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// ValidateUnit checks a unit's fields.
func ValidateUnit(u Unit) error {
	fe := newsroom.FieldErrors{}
	if !unitCode.MatchString(u.Code) {
		fe.Add("code", "err.unit_code")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(u.NameTH)); n == 0 || n > 200 {
		fe.Add("name_th", "err.required")
	}
	if utf8.RuneCountInString(u.NameEN) > 200 {
		fe.Add("name_en", "err.too_long")
	}
	ok := false
	for _, k := range UnitKinds {
		ok = ok || k == u.Kind
	}
	if !ok {
		fe.Add("kind", "err.choose")
	}
	if u.Sort < 0 || u.Sort > MaxUnitSort {
		fe.Add("sort", "err.unit_sort")
	}
	return fe.Err()
}

// MaxUnitSort is the largest display order of a unit (0 shows first).
const MaxUnitSort = 9999

const unitCols = `id, code, name_th, name_en, kind, sort, retired_at, review`

func scanUnit(r interface{ Scan(...any) error }) (Unit, error) {
	var u Unit
	var retired sql.NullInt64
	err := r.Scan(&u.ID, &u.Code, &u.NameTH, &u.NameEN, &u.Kind, &u.Sort, &retired, &u.Review)
	u.RetiredAt = nullMS(retired)
	return u, err
}

// Units lists units by sort order; retired ones only when includeRetired.
func (s *Store) Units(ctx context.Context, includeRetired bool) ([]Unit, error) {
	q := `SELECT ` + unitCols + ` FROM units`
	if !includeRetired {
		q += ` WHERE retired_at IS NULL`
	}
	rows, err := s.db.R.QueryContext(ctx, q+` ORDER BY sort, id`)
	if err != nil {
		return nil, fmt.Errorf("roles: list units: %w", err)
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, fmt.Errorf("roles: list units: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Unit returns one unit.
func (s *Store) Unit(ctx context.Context, id int64) (Unit, error) {
	u, err := scanUnit(s.db.R.QueryRowContext(ctx, `SELECT `+unitCols+` FROM units WHERE id = ?`, id))
	if err != nil {
		return Unit{}, notFound(fmt.Sprintf("unit %d", id), err)
	}
	return u, nil
}

// CreateUnit adds a unit. A duplicate code is a field error.
func (s *Store) CreateUnit(ctx context.Context, u Unit, now time.Time) (Unit, error) {
	if err := ValidateUnit(u); err != nil {
		return u, err
	}
	var exists int
	if err := s.db.W.QueryRowContext(ctx, `SELECT count(*) FROM units WHERE code = ?`, u.Code).Scan(&exists); err != nil {
		return u, fmt.Errorf("roles: create unit: %w", err)
	}
	if exists > 0 {
		return u, newsroom.FieldErrors{"code": "err.unit_code_taken"}
	}
	err := s.db.W.QueryRowContext(ctx,
		`INSERT INTO units (code, name_th, name_en, kind, sort, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Code, strings.TrimSpace(u.NameTH), strings.TrimSpace(u.NameEN), u.Kind, u.Sort, ms(now)).Scan(&u.ID)
	if err != nil {
		return u, fmt.Errorf("roles: create unit %s: %w", u.Code, err)
	}
	return u, nil
}

// UpdateUnit renames a unit or changes its kind and order; its code stays.
func (s *Store) UpdateUnit(ctx context.Context, u Unit) error {
	old, err := s.Unit(ctx, u.ID)
	if err != nil {
		return err
	}
	u.Code = old.Code
	if err := ValidateUnit(u); err != nil {
		return err
	}
	_, err = s.db.W.ExecContext(ctx, `UPDATE units SET name_th = ?, name_en = ?, kind = ?, sort = ? WHERE id = ?`,
		strings.TrimSpace(u.NameTH), strings.TrimSpace(u.NameEN), u.Kind, u.Sort, u.ID)
	if err != nil {
		return fmt.Errorf("roles: update unit %d: %w", u.ID, err)
	}
	return nil
}

// SetUnitRetired retires (at now) or reinstates a unit.
func (s *Store) SetUnitRetired(ctx context.Context, id int64, retired bool, now time.Time) error {
	var v any
	if retired {
		v = ms(now)
	}
	res, err := s.db.W.ExecContext(ctx, `UPDATE units SET retired_at = ? WHERE id = ?`, v, id)
	if err != nil {
		return fmt.Errorf("roles: retire unit %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("roles: retire unit %d: %w", id, newsroom.ErrNotFound)
	}
	return nil
}
