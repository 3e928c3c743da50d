package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"newsroom"
)

// Meta is what every content type shares (SPEC §2): language, display
// order, display window, publishing state, owning unit, poster and times.
type Meta struct {
	ID         int64
	Lang       Lang
	Sort       int
	Window     Window
	Status     Status
	StatusNote string    // takedown reason (or review comment)
	StatusRef  string    // takedown complaint reference
	StatusAt   time.Time // when the status last changed by takedown, trash or restore
	UnitID     int64
	UnitName   string
	UnitNameEN string
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// State is the admin list badge at now.
func (m Meta) State(now time.Time) string { return Badge(m.Status, m.Window, now) }

// UnitLabel is the unit's name in lang.
func (m Meta) UnitLabel(lang string) string {
	if lang == "en" && m.UnitNameEN != "" {
		return m.UnitNameEN
	}
	return m.UnitName
}

// MetaInput is the shared part of every content form.
type MetaInput struct {
	Lang      Lang
	Sort      int
	Start     time.Time
	End       time.Time // any instant on the end date; stored as its last millisecond
	UnitID    int64
	FormToken string // idempotency key of the form submission
	Publish   bool   // false saves a draft

	// StartErr and EndErr are message keys set by the form reader when
	// the typed date could not be read (an impossible year, a bad format);
	// they are reported instead of the generic err.date.
	StartErr, EndErr string

	// Review is set when the item's unit is under review and the saver is
	// not one of its reviewers: publishing submits the item for review, and
	// an edit of a live item waits as a pending revision.
	Review bool
	// Base is the revision the form was opened on (0: none yet); when
	// CheckBase is set (a form carries it), a save on a different latest
	// revision is an edit conflict.
	Base      int64
	CheckBase bool
	// Form is the posted form, kept with a pending revision so its author
	// can go on editing it.
	Form url.Values
	// By is who saves.
	By Author
}

// validate checks the shared fields into fe and normalises End.
func (in *MetaInput) validate(fe newsroom.FieldErrors) {
	if !in.Lang.Valid() {
		fe.Add("lang", "err.choose")
	}
	if in.Sort < 1 || in.Sort > MaxSort {
		fe.Add("sort", "err.sort")
	}
	switch {
	case in.StartErr != "":
		fe.Add("start", in.StartErr)
	case in.Start.IsZero():
		fe.Add("start", "err.date")
	}
	switch {
	case in.EndErr != "":
		fe.Add("end", in.EndErr)
	case in.End.IsZero():
		fe.Add("end", "err.date")
	default:
		in.End = EndOfDay(in.End)
		if !in.Start.IsZero() && in.End.Before(in.Start) {
			fe.Add("end", "err.end_before_start")
		}
	}
	if in.UnitID == 0 {
		fe.Add("unit_id", "err.choose")
	}
}

func (in MetaInput) status() Status {
	switch {
	case !in.Publish:
		return Draft
	case in.Review:
		return Pending // submitted for review
	}
	return Published
}

// metaCols selects Meta from a table aliased x joined to units u.
const metaCols = `x.id, x.lang, x.sort, x.start_at, x.end_at, x.status, x.status_note, x.status_ref, x.status_at, x.unit_id, u.name_th, u.name_en,
	coalesce(x.author_id, 0), x.author_name, x.created_at, x.updated_at`

// metaScan holds Meta's raw columns while a row is scanned.
type metaScan struct {
	m                            *Meta
	lang, status                 string
	start, end, created, updated int64
	statusAt                     int64
}

func (s *metaScan) dest() []any {
	m := s.m
	return []any{&m.ID, &s.lang, bounded{&m.Sort, 1, MaxSort}, &s.start, &s.end, &s.status, &m.StatusNote, &m.StatusRef, &s.statusAt, &m.UnitID, &m.UnitName, &m.UnitNameEN,
		&m.AuthorID, &m.AuthorName, &s.created, &s.updated}
}

func (s *metaScan) finish() {
	s.m.Lang, s.m.Status = Lang(s.lang), Status(s.status)
	s.m.Window = Window{Start: fromMS(s.start), End: fromMS(s.end)}
	s.m.CreatedAt, s.m.UpdatedAt = fromMS(s.created), fromMS(s.updated)
	if s.statusAt != 0 {
		s.m.StatusAt = fromMS(s.statusAt)
	}
}

// scanWith scans Meta's columns first, then the type's own columns.
func scanWith(r interface{ Scan(...any) error }, m *Meta, own ...any) error {
	ms := metaScan{m: m}
	if err := r.Scan(append(ms.dest(), own...)...); err != nil {
		return err
	}
	ms.finish()
	return nil
}

// metaInsert returns the shared columns and values of a new row.
func metaInsert(in MetaInput, by Author, now time.Time) ([]string, []any) {
	return []string{"lang", "sort", "start_at", "end_at", "status", "unit_id", "author_id", "author_name", "form_token", "created_at", "updated_at"},
		[]any{string(in.Lang), in.Sort, ms(in.Start), ms(in.End), string(in.status()), in.UnitID, nullInt(by.UserID), by.Name,
			nullString(in.FormToken), ms(now), ms(now)}
}

// metaUpdate returns the shared assignments of an edit.
func metaUpdate(in MetaInput, now time.Time) ([]string, []any) {
	return []string{"lang", "sort", "start_at", "end_at", "status", "unit_id", "updated_at"},
		[]any{string(in.Lang), in.Sort, ms(in.Start), ms(in.End), string(in.status()), in.UnitID, ms(now)}
}

// insertRow adds a row of table with the type's own columns and the shared
// ones. A form submitted twice (same token) returns the first row's id.
func insertRow(ctx context.Context, tx *sql.Tx, table string, cols []string, vals []any, in MetaInput, by Author, now time.Time) (int64, error) {
	if in.FormToken != "" {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE form_token = ?`, in.FormToken).Scan(&id)
		if err == nil {
			return id, nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
	}
	mc, mv := metaInsert(in, by, now)
	cols, vals = append(cols, mc...), append(vals, mv...)
	q := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES (?` + strings.Repeat(", ?", len(cols)-1) + `) RETURNING id`
	var id int64
	err := tx.QueryRowContext(ctx, q, vals...).Scan(&id)
	return id, err
}

// updateRow edits a row's own and shared columns; a trashed or missing row
// is ErrNotFound. Editing never lifts a takedown: only Reinstate does, so a
// taken-down item stays down, its draft/publish choice kept for later.
func updateRow(ctx context.Context, tx *sql.Tx, table string, id int64, cols []string, vals []any, in MetaInput, now time.Time) error {
	mc, mv := metaUpdate(in, now)
	cols, vals = append(cols, mc...), append(vals, mv...)
	set := make([]string, len(cols))
	var args []any
	for i, c := range cols {
		set[i] = c + " = ?"
		args = append(args, vals[i])
		if c == "status" { // the right-hand sides see the row before the update
			set[i] = "status = CASE status WHEN 'takendown' THEN status ELSE ? END, " +
				"prev_status = CASE status WHEN 'takendown' THEN ? ELSE prev_status END"
			args = append(args, vals[i])
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET `+strings.Join(set, ", ")+` WHERE id = ? AND status <> 'trashed'`,
		append(args, id)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// ListFilter is the shared part of the admin lists' filters.
type ListFilter struct {
	ScopeUnit int64 // 0: every unit; else only this unit (unit PR)
	Unit      int64
	Lang      Lang
	State     string // live, scheduled, expired, or a Status; "" = all but trashed
	Limit     int
	Offset    int
	Now       time.Time
}

// where returns the shared conditions on alias x.
func (f ListFilter) where() ([]string, []any) {
	var conds []string
	var args []any
	add := func(c string, a ...any) { conds = append(conds, c); args = append(args, a...) }
	if f.ScopeUnit != 0 {
		add("x.unit_id = ?", f.ScopeUnit)
	}
	if f.Unit != 0 {
		add("x.unit_id = ?", f.Unit)
	}
	if f.Lang != "" {
		add("x.lang = ?", string(f.Lang))
	}
	now := ms(f.Now)
	switch f.State {
	case "":
		add("x.status <> 'trashed'")
	case string(Live):
		add("x.status = 'published' AND x.start_at <= ? AND x.end_at >= ?", now, now)
	case string(Scheduled):
		add("x.status = 'published' AND x.start_at > ?", now)
	case string(Expired):
		add("x.status = 'published' AND x.end_at < ?", now)
	default:
		add("x.status = ?", f.State)
	}
	return conds, args
}

func (f ListFilter) limit() int {
	if f.Limit <= 0 {
		return 20
	}
	return f.Limit
}

// liveWhere selects published rows of alias x inside their window at now.
func liveWhere(lang Lang, now time.Time) (string, []any) {
	return `x.status = 'published' AND x.lang = ? AND x.start_at <= ? AND x.end_at >= ?`, []any{string(lang), ms(now), ms(now)}
}

// likeArg makes a LIKE pattern that matches q literally anywhere.
func likeArg(q string) string { return "%" + likeEscaper.Replace(strings.TrimSpace(q)) + "%" }

// queryList runs a count and a page of a list query and scans the rows.
func queryList[T any](ctx context.Context, s *Store, what, cols, from string, conds []string, args []any, order string, limit, offset int,
	scan func(interface{ Scan(...any) error }) (T, error)) ([]T, int, error) {
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) `+from+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("content: count %s: %w", what, err)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+cols+` `+from+where+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("content: list %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("content: list %s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}

// meta lets shared helpers reach the Meta of any content type.
func (m Meta) meta() Meta { return m }

type hasMeta interface{ meta() Meta }

// visibleAt passes an item through when a visitor may open it at now:
// published and started. Expired items stay reachable at their URL
// (transparency law); a taken-down item is ErrGone, anything else is
// ErrNotFound.
func visibleAt[T hasMeta](now time.Time) func(T, error) (T, error) {
	return func(item T, err error) (T, error) {
		var zero T
		if err != nil {
			return zero, err
		}
		m := item.meta()
		if m.Status == TakenDown {
			return zero, fmt.Errorf("content: item %d: %w", m.ID, ErrGone)
		}
		if m.Status != Published || m.Window.State(now) == Scheduled {
			return zero, fmt.Errorf("content: item %d not public: %w", m.ID, ErrNotFound)
		}
		return item, nil
	}
}

// liveQuery lists live items of a table in lang at now, optionally where
// column = value, by display order then newest.
func liveQuery[T any](ctx context.Context, s *Store, table, cols, from string, scan func(interface{ Scan(...any) error }) (T, error),
	lang Lang, now time.Time, column, value string, limit, offset int) ([]T, int, error) {
	cond, args := liveWhere(lang, now)
	conds := []string{cond}
	if value != "" {
		conds, args = append(conds, "x."+column+" = ?"), append(args, value)
	}
	return queryList(ctx, s, "live "+table, cols, from, conds, args, "x.sort, x.start_at DESC, x.id DESC", limit, offset, scan)
}
