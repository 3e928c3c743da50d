package content

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsroom/kind"
	"newsroom/roles"
)

// The editorial calendar: what starts and stops showing in a month, for
// every kind with a publishing status (news, videos, banners, notices).

// MaxCalendarRows bounds the items one calendar month lists.
const MaxCalendarRows = 2000

// CalendarScope says which items of one kind a calendar shows.
type CalendarScope struct {
	Kind *kind.Kind
	// Unit, when not 0, keeps to that unit's items (unit PR).
	Unit int64
	// Categories keeps notices to these categories (those the user may
	// post; none: no notices). Other kinds ignore it.
	Categories []roles.Category
}

// CalendarEntry is an item whose display window starts or ends in the
// calendar's range. Trashed items are never listed.
type CalendarEntry struct {
	Kind       *kind.Kind
	ID         int64
	Title      string
	Lang       Lang
	Status     Status
	Window     Window
	UnitID     int64
	UnitName   string
	UnitNameEN string
}

// State is the item's admin badge at now (live, scheduled, draft, …).
func (e CalendarEntry) State(now time.Time) string { return Badge(e.Status, e.Window, now) }

// EditPath is the item's editor.
func (e CalendarEntry) EditPath() string { return e.Kind.EditPath(strconv.FormatInt(e.ID, 10)) }

// Calendar lists the items of scopes whose start or end lies in [from, to),
// by start then kind, at most MaxCalendarRows; more is true when some were
// left off.
func (s *Store) Calendar(ctx context.Context, scopes []CalendarScope, from, to time.Time) (entries []CalendarEntry, more bool, err error) {
	return s.calendar(ctx, scopes, from, to, MaxCalendarRows)
}

// calendar is Calendar with at most max entries.
func (s *Store) calendar(ctx context.Context, scopes []CalendarScope, from, to time.Time, max int) (entries []CalendarEntry, more bool, err error) {
	left := max
	for _, sc := range scopes {
		if err := statusKind(sc.Kind, 0); err != nil {
			return nil, false, err
		}
		if sc.Kind.Title == "" {
			return nil, false, fmt.Errorf("content: calendar: %v has no title column", sc.Kind)
		}
		if more {
			break
		}
		got, err := s.calendarOf(ctx, sc, from, to, left+1) // one more tells whether any are left off
		if err != nil {
			return nil, false, err
		}
		if len(got) > left {
			got, more = got[:left], true
		}
		entries = append(entries, got...)
		left -= len(got)
	}
	sortEntries(entries)
	return entries, more, nil
}

// calendarOf lists one kind's items of the range, at most limit.
func (s *Store) calendarOf(ctx context.Context, sc CalendarScope, from, to time.Time, limit int) ([]CalendarEntry, error) {
	k := sc.Kind
	conds := []string{"x.status <> 'trashed'", "((x.start_at >= ? AND x.start_at < ?) OR (x.end_at >= ? AND x.end_at < ?))"}
	args := []any{ms(from), ms(to), ms(from), ms(to)}
	if sc.Unit != 0 {
		conds, args = append(conds, "x.unit_id = ?"), append(args, sc.Unit)
	}
	if k == NoticeKind {
		marks := []string{"NULL"} // no category: nothing
		for _, c := range sc.Categories {
			marks, args = append(marks, "?"), append(args, string(c))
		}
		conds = append(conds, "x.category IN ("+strings.Join(marks, ",")+")")
	}
	q := `SELECT x.id, x.` + k.Title + `, x.lang, x.status, x.start_at, x.end_at, x.unit_id, u.name_th, u.name_en
		FROM ` + k.Table + ` x JOIN units u ON u.id = x.unit_id WHERE ` + strings.Join(conds, " AND ") + `
		ORDER BY x.start_at, x.id LIMIT ?`
	rows, err := s.db.R.QueryContext(ctx, q, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("content: calendar of %s: %w", k.Name, err)
	}
	defer rows.Close()
	var out []CalendarEntry
	for rows.Next() {
		e := CalendarEntry{Kind: k}
		var lang, status string
		var start, end int64
		if err := rows.Scan(&e.ID, &e.Title, &lang, &status, &start, &end, &e.UnitID, &e.UnitName, &e.UnitNameEN); err != nil {
			return nil, fmt.Errorf("content: calendar of %s: %w", k.Name, err)
		}
		e.Lang, e.Status = Lang(lang), Status(status)
		e.Window = Window{Start: fromMS(start), End: fromMS(end)}
		out = append(out, e)
	}
	return out, rows.Err()
}

// sortEntries orders entries by start, then kind name, then id.
func sortEntries(es []CalendarEntry) {
	slices.SortStableFunc(es, func(a, b CalendarEntry) int {
		return cmp.Or(a.Window.Start.Compare(b.Window.Start), cmp.Compare(a.Kind.Name, b.Kind.Name), cmp.Compare(a.ID, b.ID))
	})
}
