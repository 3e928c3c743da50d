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
	// Slug is the unit's public address, /units/{slug}, and its value in
	// the lists' and API's ?unit= filter; a new unit's is its code.
	Slug string
	// DescTH and DescEN are the short description of its faculty page.
	DescTH, DescEN string
}

// Description returns the unit's description in lang, falling back to Thai.
func (u Unit) Description(lang string) string {
	if lang == "en" && u.DescEN != "" {
		return u.DescEN
	}
	return u.DescTH
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

// unitSlug is a unit's public address: lowercase letters, digits and
// hyphens, as a code, up to 60 characters.
var unitSlug = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,59}$`)

// ValidUnitSlug reports whether s can be a unit's slug (a ?unit= value).
func ValidUnitSlug(s string) bool { return unitSlug.MatchString(s) }

// MaxUnitDescription is the longest description of a unit, in characters.
const MaxUnitDescription = 1000

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
	if u.Slug != "" && !unitSlug.MatchString(u.Slug) {
		fe.Add("slug", "err.unit_slug")
	}
	if utf8.RuneCountInString(u.DescTH) > MaxUnitDescription {
		fe.Add("description_th", "err.too_long")
	}
	if utf8.RuneCountInString(u.DescEN) > MaxUnitDescription {
		fe.Add("description_en", "err.too_long")
	}
	return fe.Err()
}

// MaxUnitSort is the largest display order of a unit (0 shows first).
const MaxUnitSort = 9999

const unitCols = `id, code, name_th, name_en, kind, sort, retired_at, review, slug, description_th, description_en`

func scanUnit(r interface{ Scan(...any) error }) (Unit, error) {
	var u Unit
	var retired sql.NullInt64
	err := r.Scan(&u.ID, &u.Code, &u.NameTH, &u.NameEN, &u.Kind, &u.Sort, &retired, &u.Review, &u.Slug, &u.DescTH, &u.DescEN)
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

// CreateUnit adds a unit. A duplicate code or slug is a field error; an
// empty slug is the code.
func (s *Store) CreateUnit(ctx context.Context, u Unit, now time.Time) (Unit, error) {
	u.Slug, u.DescTH, u.DescEN = strings.TrimSpace(u.Slug), strings.TrimSpace(u.DescTH), strings.TrimSpace(u.DescEN)
	if u.Slug == "" {
		u.Slug = u.Code
	}
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
	if err := s.slugFree(ctx, u); err != nil {
		return u, err
	}
	err := s.db.W.QueryRowContext(ctx,
		`INSERT INTO units (code, name_th, name_en, kind, sort, slug, description_th, description_en, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Code, strings.TrimSpace(u.NameTH), strings.TrimSpace(u.NameEN), u.Kind, u.Sort, u.Slug, u.DescTH, u.DescEN, ms(now)).Scan(&u.ID)
	if err != nil {
		return u, fmt.Errorf("roles: create unit %s: %w", u.Code, err)
	}
	return u, nil
}

// slugFree refuses a slug another unit has.
func (s *Store) slugFree(ctx context.Context, u Unit) error {
	var n int
	if err := s.db.W.QueryRowContext(ctx, `SELECT count(*) FROM units WHERE slug = ? AND id <> ?`, u.Slug, u.ID).Scan(&n); err != nil {
		return fmt.Errorf("roles: unit slug: %w", err)
	}
	if n > 0 {
		return newsroom.FieldErrors{"slug": "err.unit_slug_taken"}
	}
	return nil
}

// UnitBySlug returns the unit whose public address is slug (retired ones
// too: the caller decides what a retired unit shows).
func (s *Store) UnitBySlug(ctx context.Context, slug string) (Unit, error) {
	if !unitSlug.MatchString(slug) {
		return Unit{}, fmt.Errorf("roles: unit %q: %w", slug, newsroom.ErrNotFound)
	}
	u, err := scanUnit(s.db.R.QueryRowContext(ctx, `SELECT `+unitCols+` FROM units WHERE slug = ?`, slug))
	if err != nil {
		return Unit{}, notFound(fmt.Sprintf("unit %q", slug), err)
	}
	return u, nil
}

// UpdateUnit renames a unit, changes its kind, order, slug or description;
// its code stays. An empty slug is the code.
func (s *Store) UpdateUnit(ctx context.Context, u Unit) error {
	old, err := s.Unit(ctx, u.ID)
	if err != nil {
		return err
	}
	u.Code = old.Code
	u.Slug, u.DescTH, u.DescEN = strings.TrimSpace(u.Slug), strings.TrimSpace(u.DescTH), strings.TrimSpace(u.DescEN)
	if u.Slug == "" {
		u.Slug = u.Code
	}
	if err := ValidateUnit(u); err != nil {
		return err
	}
	if err := s.slugFree(ctx, u); err != nil {
		return err
	}
	_, err = s.db.W.ExecContext(ctx, `UPDATE units SET name_th = ?, name_en = ?, kind = ?, sort = ?, slug = ?, description_th = ?, description_en = ? WHERE id = ?`,
		strings.TrimSpace(u.NameTH), strings.TrimSpace(u.NameEN), u.Kind, u.Sort, u.Slug, u.DescTH, u.DescEN, u.ID)
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
