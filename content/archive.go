package content

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"newsroom"
	"newsroom/kind"
)

// The Thai government fiscal year runs from 1 October to 30 September and is
// named by the Buddhist-Era year it ends in: FY 2569 is 1 Oct 2568 – 30 Sep
// 2569 B.E. (1 Oct 2025 – 30 Sep 2026). Transparency assessors look notices
// up by it.

// BE converts a Common Era year to the Buddhist Era.
func BE(ce int) int { return ce + 543 }

// FiscalYear returns the fiscal year (B.E.) that t falls in, in Bangkok.
func FiscalYear(t time.Time) int {
	t = t.In(newsroom.Bangkok)
	y := t.Year()
	if t.Month() >= time.October {
		y++
	}
	return BE(y)
}

// FiscalYearRange returns [start, end) of fiscal year fy (B.E.).
func FiscalYearRange(fy int) (time.Time, time.Time) {
	ce := fy - 543
	start := time.Date(ce-1, time.October, 1, 0, 0, 0, 0, newsroom.Bangkok)
	return start, start.AddDate(1, 0, 0)
}

// FiscalMonthRange returns [start, end) of calendar month m (1–12) within
// fiscal year fy: October–December belong to the previous calendar year.
func FiscalMonthRange(fy, m int) (time.Time, time.Time) {
	ce := fy - 543
	if m >= 10 {
		ce--
	}
	start := time.Date(ce, time.Month(m), 1, 0, 0, 0, 0, newsroom.Bangkok)
	return start, start.AddDate(0, 1, 0)
}

// FiscalMonths lists the months of a fiscal year in order: 10, 11, 12, 1 … 9.
var FiscalMonths = []int{10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9}

// Cursor marks where an archive page ends: the last item's start and id.
// Pages built from a cursor stay the same however many items are added
// later, and are as fast at the 5,000th page as at the first.
type Cursor struct {
	Start int64 // unix ms
	ID    int64
}

// String encodes a cursor for a URL ("1767225600000.42"); zero is "".
func (c Cursor) String() string {
	if c.ID == 0 {
		return ""
	}
	return strconv.FormatInt(c.Start, 10) + "." + strconv.FormatInt(c.ID, 10)
}

// ParseCursor reads String's form; anything else is the zero cursor.
func ParseCursor(s string) Cursor {
	a, b, ok := strings.Cut(s, ".")
	if !ok {
		return Cursor{}
	}
	start, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || id <= 0 {
		return Cursor{}
	}
	return Cursor{Start: start, ID: id}
}

// Archive selects public items (published and started, expired included)
// for an archive page.
type Archive struct {
	Lang   Lang
	From   time.Time // zero: from the beginning
	To     time.Time // zero: until now
	Column string    // optional filter column (category, programme) …
	Value  string    // … and its value
	UnitID int64     // optional: one unit's items only
	After  Cursor    // the previous page's last item
	Limit  int
}

// archiveQuery returns one page of an archive, newest first, and the cursor
// of the next page (zero when this is the last).
func archiveQuery[T hasMeta](ctx context.Context, s *Store, table, cols, from string, scan func(interface{ Scan(...any) error }) (T, error),
	a Archive, now time.Time) ([]T, Cursor, error) {
	conds := []string{"x.status = 'published'", "x.lang = ?", "x.start_at <= ?"}
	args := []any{string(a.Lang), ms(now)}
	if !a.From.IsZero() {
		conds, args = append(conds, "x.start_at >= ?"), append(args, ms(a.From))
	}
	if !a.To.IsZero() {
		conds, args = append(conds, "x.start_at < ?"), append(args, ms(a.To))
	}
	if a.Value != "" {
		conds, args = append(conds, "x."+a.Column+" = ?"), append(args, a.Value)
	}
	if a.UnitID != 0 {
		conds, args = append(conds, "x.unit_id = ?"), append(args, a.UnitID)
	}
	if a.After.ID != 0 {
		conds, args = append(conds, "(x.start_at, x.id) < (?, ?)"), append(args, a.After.Start, a.After.ID)
	}
	limit := max(a.Limit, 1)
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+cols+from+` WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY x.start_at DESC, x.id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, Cursor{}, fmt.Errorf("content: archive of %s: %w", table, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, Cursor{}, fmt.Errorf("content: archive of %s: %w", table, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, Cursor{}, err
	}
	var next Cursor
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1].meta()
		next = Cursor{Start: ms(last.Window.Start), ID: last.ID}
	}
	return out, next, nil
}

// ArchiveNews is a page of the news archive.
func (s *Store) ArchiveNews(ctx context.Context, a Archive, now time.Time) ([]News, Cursor, error) {
	return archiveQuery(ctx, s, "news", newsCols, newsFrom, scanNews, a, now)
}

// ArchiveVideos is a page of the NPU Channel archive (Column "programme").
func (s *Store) ArchiveVideos(ctx context.Context, a Archive, now time.Time) ([]Video, Cursor, error) {
	return archiveQuery(ctx, s, "videos", videoCols, videoFrom, scanVideo, a, now)
}

// ArchiveNotices is a page of the notice archive (Column "category").
func (s *Store) ArchiveNotices(ctx context.Context, a Archive, now time.Time) ([]Notice, Cursor, error) {
	return archiveQuery(ctx, s, "notices", noticeCols, noticeFrom, scanNotice, a, now)
}

// FiscalYears lists the fiscal years (B.E.) that have public items of k,
// newest first, always including the current one.
func (s *Store) FiscalYears(ctx context.Context, k *kind.Kind, now time.Time) ([]int, error) {
	if !kind.Registered(k) || !k.Has(kind.Archive) {
		return nil, fmt.Errorf("content: no archive for %v", k)
	}
	table := k.Table
	var first int64
	err := s.db.R.QueryRowContext(ctx, `SELECT coalesce(min(start_at), 0) FROM `+table+` WHERE status = 'published' AND start_at <= ?`, ms(now)).Scan(&first)
	if err != nil {
		return nil, fmt.Errorf("content: fiscal years of %s: %w", table, err)
	}
	cur := FiscalYear(now)
	oldest := cur
	if first > 0 {
		oldest = FiscalYear(fromMS(first))
	}
	var out []int
	for y := cur; y >= oldest && y > cur-30; y-- {
		out = append(out, y)
	}
	return out, nil
}
