package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"newsroom"
	"newsroom/db"
)

// MaxPicks is how many featured news central PR may pick a day (SPEC §3).
const MaxPicks = 6

// Day is a calendar day in Asia/Bangkok, "2026-11-23".
type Day string

// DayOf returns t's Bangkok day.
func DayOf(t time.Time) Day { return Day(t.In(newsroom.Bangkok).Format("2006-01-02")) }

// Start is the day's midnight in Bangkok.
func (d Day) Start() time.Time {
	t, _ := time.ParseInLocation("2006-01-02", string(d), newsroom.Bangkok)
	return t
}

// Add moves n days.
func (d Day) Add(n int) Day { return DayOf(d.Start().AddDate(0, 0, n).Add(time.Hour)) }

// Valid reports whether d is a real date.
func (d Day) Valid() bool {
	_, err := time.ParseInLocation("2006-01-02", string(d), newsroom.Bangkok)
	return err == nil
}

// Pick is one featured news item of a day.
type Pick struct {
	ID       int64
	Day      Day
	Slot     int
	NewsID   int64 // 0 once the news item is deleted
	UnitID   int64
	UnitName string // at the time of the pick
	Headline string // at the time of the pick
	PickedAt time.Time
}

// Pick errors the desk shows as messages.
var (
	ErrDayFull      = fmt.Errorf("content: %d featured news already picked today: %w", MaxPicks, ErrConflict)
	ErrAlreadyPick  = fmt.Errorf("content: already picked today: %w", ErrConflict)
	ErrNotCandidate = fmt.Errorf("content: not a candidate for today's pick: %w", ErrInvalid)
)

// heldPick is the condition on featured_picks rows (no alias) that still
// hold their slot: a pick whose news was since trashed, taken down or
// deleted frees it. It no longer counts toward MaxPicks, is not listed on
// the desk and is not on the homepage.
const heldPick = `news_id IN (SELECT n.id FROM news n WHERE n.status NOT IN ('trashed', 'takendown'))`

// Candidates are the news the desk may pick on day: published news posted
// the Bangkok day before or on the day so far, live at now, not taken down.
func (s *Store) Candidates(ctx context.Context, day Day, now time.Time) ([]News, error) {
	from, to := day.Add(-1).Start(), day.Add(1).Start()
	conds := []string{"x.status = 'published'", "x.created_at >= ?", "x.created_at < ?", "x.start_at <= ?", "x.end_at >= ?"}
	list, _, err := queryList(ctx, s, "candidates", newsCols, newsFrom, conds, []any{ms(from), ms(to), ms(now), ms(now)},
		"x.created_at DESC, x.id DESC", 500, 0, scanNews)
	return list, err
}

func (s *Store) isCandidate(ctx context.Context, day Day, newsID int64, now time.Time) (News, bool, error) {
	n, err := s.News(ctx, newsID)
	if errors.Is(err, ErrNotFound) {
		return n, false, nil
	} else if err != nil {
		return n, false, err
	}
	created := DayOf(n.CreatedAt)
	ok := n.Status == Published && n.Window.State(now) == Live && (created == day || created == day.Add(-1))
	return n, ok, nil
}

// PickNews adds a news item to day's picks in the first free slot. The
// database refuses a seventh pick, so two admins picking the sixth slot at
// the same moment cannot both win: the loser gets ErrDayFull.
func (s *Store) PickNews(ctx context.Context, day Day, newsID int64, by Author, now time.Time) (Pick, error) {
	n, ok, err := s.isCandidate(ctx, day, newsID, now)
	if err != nil {
		return Pick{}, err
	}
	if !ok {
		return Pick{}, ErrNotCandidate
	}
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var dup int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM featured_picks WHERE day = ? AND news_id = ?`, string(day), newsID).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return ErrAlreadyPick
		}
		// Freed slots go first: the rest move up and the new pick ends the list.
		res, err := tx.ExecContext(ctx, `DELETE FROM featured_picks WHERE day = ? AND (news_id IS NULL OR NOT (`+heldPick+`))`, string(day))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := renumber(ctx, tx, day, nil); err != nil {
				return err
			}
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO featured_picks (day, slot, news_id, unit_id, unit_name, headline, picked_by, picked_at)
			SELECT ?, s.slot, ?, ?, ?, ?, ?, ? FROM (SELECT 1 AS slot UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
				UNION ALL SELECT 5 UNION ALL SELECT 6) s
			WHERE s.slot NOT IN (SELECT slot FROM featured_picks WHERE day = ?) ORDER BY s.slot LIMIT 1 RETURNING id`,
			string(day), newsID, n.UnitID, n.UnitName, n.Headline, nullInt(by.UserID), ms(now), string(day)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) || isUniqueViolation(err) {
			return ErrDayFull
		}
		return err
	})
	if err != nil {
		if errors.Is(err, ErrConflict) {
			return Pick{}, err
		}
		return Pick{}, fmt.Errorf("content: pick news %d: %w", newsID, err)
	}
	return s.pick(ctx, id)
}

func isUniqueViolation(err error) bool {
	return db.IsUniqueViolation(err)
}

const pickCols = `id, day, slot, coalesce(news_id, 0), unit_id, unit_name, headline, picked_at`

func scanPick(r interface{ Scan(...any) error }) (Pick, error) {
	var p Pick
	var day string
	var at int64
	err := r.Scan(&p.ID, &day, &p.Slot, &p.NewsID, &p.UnitID, &p.UnitName, &p.Headline, &at)
	p.Day, p.PickedAt = Day(day), fromMS(at)
	return p, err
}

func (s *Store) pick(ctx context.Context, id int64) (Pick, error) {
	p, err := scanPick(s.db.R.QueryRowContext(ctx, `SELECT `+pickCols+` FROM featured_picks WHERE id = ?`, id))
	if err != nil {
		return p, notFound(fmt.Sprintf("pick %d", id), err)
	}
	return p, nil
}

// Picks lists a day's picks in slot order, but for those whose news was
// since trashed, taken down or deleted (their slots are free).
func (s *Store) Picks(ctx context.Context, day Day) ([]Pick, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+pickCols+` FROM featured_picks WHERE day = ? AND `+heldPick+` ORDER BY slot`, string(day))
	if err != nil {
		return nil, fmt.Errorf("content: picks of %s: %w", day, err)
	}
	defer rows.Close()
	var out []Pick
	for rows.Next() {
		p, err := scanPick(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Unpick removes a news item from day's picks; later slots move up.
func (s *Store) Unpick(ctx context.Context, day Day, newsID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM featured_picks WHERE day = ? AND news_id = ?`, string(day), newsID); err != nil {
			return err
		}
		return renumber(ctx, tx, day, nil)
	})
}

// ReorderPicks sets day's order to newsIDs (ids not picked are ignored;
// picks not listed keep their order after the listed ones).
func (s *Store) ReorderPicks(ctx context.Context, day Day, newsIDs []int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return renumber(ctx, tx, day, newsIDs) })
}

// renumber rewrites a day's slots 1..n in the wanted order. Rows are moved
// out of the 1–6 range first would break the CHECK, so they are re-inserted.
func renumber(ctx context.Context, tx *sql.Tx, day Day, first []int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+pickCols+`, coalesce(picked_by, 0) FROM featured_picks WHERE day = ? ORDER BY slot`, string(day))
	if err != nil {
		return err
	}
	type row struct {
		p  Pick
		by int64
	}
	var all []row
	for rows.Next() {
		var r row
		var d string
		var at int64
		if err := rows.Scan(&r.p.ID, &d, &r.p.Slot, &r.p.NewsID, &r.p.UnitID, &r.p.UnitName, &r.p.Headline, &at, &r.by); err != nil {
			rows.Close()
			return err
		}
		r.p.PickedAt = fromMS(at)
		all = append(all, r)
	}
	rows.Close()
	var ordered []row
	used := map[int64]bool{}
	for _, id := range first {
		for _, r := range all {
			if r.p.NewsID == id && !used[r.p.ID] {
				ordered, used[r.p.ID] = append(ordered, r), true
			}
		}
	}
	for _, r := range all {
		if !used[r.p.ID] {
			ordered = append(ordered, r)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM featured_picks WHERE day = ?`, string(day)); err != nil {
		return err
	}
	for i, r := range ordered {
		_, err := tx.ExecContext(ctx, `INSERT INTO featured_picks (id, day, slot, news_id, unit_id, unit_name, headline, picked_by, picked_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.p.ID, string(day), i+1, nullInt(r.p.NewsID), r.p.UnitID, r.p.UnitName, r.p.Headline,
			nullInt(r.by), ms(r.p.PickedAt))
		if err != nil {
			return err
		}
	}
	return nil
}

// FeaturedNews is the homepage's featured block at now: the live picks of
// the last `days` days (today included), newest day first, in slot order.
func (s *Store) FeaturedNews(ctx context.Context, lang Lang, now time.Time, days int) ([]News, error) {
	today := DayOf(now)
	cond, args := liveWhere(lang, now)
	from := ` FROM featured_picks f JOIN news x ON x.id = f.news_id JOIN units u ON u.id = x.unit_id LEFT JOIN photos mp ON mp.id = x.main_photo_id`
	conds := []string{cond, "f.day > ?", "f.day <= ?"}
	args = append(args, string(today.Add(-max(days, 1))), string(today))
	list, _, err := queryList(ctx, s, "featured", newsCols, from, conds, args, "f.day DESC, f.slot", MaxPicks*max(days, 1), 0, scanNews)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{} // a story picked on two days shows once
	out := list[:0]
	for _, n := range list {
		if !seen[n.ID] {
			seen[n.ID] = true
			out = append(out, n)
		}
	}
	return out, nil
}

// Desk is the morning's numbers for central PR's dashboard.
type Desk struct {
	PostedYesterday int
	UnitsYesterday  int
	PicksToday      int
	BannersEndToday int
	NoticesEndToday int
}

// DeskNumbers counts yesterday's news and today's picks and expiries.
func (s *Store) DeskNumbers(ctx context.Context, now time.Time) (Desk, error) {
	var d Desk
	today := DayOf(now)
	y0, t0, t1 := ms(today.Add(-1).Start()), ms(today.Start()), ms(today.Add(1).Start())
	err := s.db.R.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM news WHERE status = 'published' AND created_at >= ? AND created_at < ?),
		(SELECT count(DISTINCT unit_id) FROM news WHERE status = 'published' AND created_at >= ? AND created_at < ?),
		(SELECT count(*) FROM featured_picks WHERE day = ? AND `+heldPick+`),
		(SELECT count(*) FROM banners WHERE status = 'published' AND end_at >= ? AND end_at < ?),
		(SELECT count(*) FROM notices WHERE status = 'published' AND end_at >= ? AND end_at < ?)`,
		y0, t0, y0, t0, string(today), t0, t1, t0, t1).Scan(&d.PostedYesterday, &d.UnitsYesterday, &d.PicksToday, &d.BannersEndToday, &d.NoticesEndToday)
	if err != nil {
		return d, fmt.Errorf("content: desk numbers: %w", err)
	}
	return d, nil
}

// RecordPick stores a pick as given, without the desk's candidate rules:
// for importing the legacy office's tally history and for demo data.
func (s *Store) RecordPick(ctx context.Context, day Day, slot int, n News, at time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO featured_picks (day, slot, news_id, unit_id, unit_name, headline, picked_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, string(day), slot, nullInt(n.ID), n.UnitID, n.UnitName, n.Headline, ms(at))
		return err
	})
}
