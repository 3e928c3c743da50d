package content

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"newsroom"
)

// TallyDay records day's featured picks per unit. Running it again gives the
// same rows (it replaces the day), so the job is idempotent.
func (s *Store) TallyDay(ctx context.Context, day Day, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM featured_tally WHERE day = ?`, string(day)); err != nil {
			return err
		}
		// The unit's name is the one it had at its latest pick that day.
		if _, err := tx.ExecContext(ctx, `INSERT INTO featured_tally (day, unit_id, unit_name, picks)
			SELECT day, unit_id, (SELECT p2.unit_name FROM featured_picks p2 WHERE p2.day = p.day AND p2.unit_id = p.unit_id ORDER BY p2.picked_at DESC LIMIT 1),
				count(*) FROM featured_picks p WHERE day = ? GROUP BY day, unit_id`, string(day)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO tally_days (day, ran_at) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET ran_at = excluded.ran_at`,
			string(day), ms(now))
		return err
	})
}

// CatchUpTally closes every day up to yesterday that the job has not closed:
// after downtime it tallies each missed day. It returns how many it closed.
func (s *Store) CatchUpTally(ctx context.Context, now time.Time) (int, error) {
	yesterday := DayOf(now).Add(-1)
	var last, first sql.NullString
	if err := s.db.R.QueryRowContext(ctx, `SELECT max(day) FROM tally_days`).Scan(&last); err != nil {
		return 0, fmt.Errorf("content: tally: %w", err)
	}
	if err := s.db.R.QueryRowContext(ctx, `SELECT min(day) FROM featured_picks`).Scan(&first); err != nil {
		return 0, fmt.Errorf("content: tally: %w", err)
	}
	var from Day
	switch {
	case last.Valid:
		from = Day(last.String).Add(1)
	case first.Valid:
		from = Day(first.String)
	default:
		return 0, nil // nothing picked yet
	}
	n := 0
	for d := from; d <= yesterday; d = d.Add(1) {
		if err := s.TallyDay(ctx, d, now); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// TallyJob runs CatchUpTally at start and then daily at 00:05 Bangkok.
func (s *Store) TallyJob(now func() time.Time) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		for {
			if _, err := s.CatchUpTally(ctx, now()); err != nil && ctx.Err() == nil {
				s.log.Error("featured tally", "err", err)
			}
			t := now()
			next := StartOfDay(t).AddDate(0, 0, 1).Add(5 * time.Minute)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(next.Sub(t)):
			}
		}
	}
}

// TallyRow is one unit's count in a period.
type TallyRow struct {
	Period   string // the day, "2026-11" or "" for a whole range
	UnitID   int64
	UnitName string
	Picks    int
	Rank     int // 1 = most; equal counts share a rank (1, 1, 3)
}

// Leaderboard ranks units by featured picks in [from, to): the award's
// table. Ties share their rank.
func (s *Store) Leaderboard(ctx context.Context, from, to Day) ([]TallyRow, error) {
	rows, err := s.tallyQuery(ctx, `''`, from, to)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Picks > rows[j].Picks })
	for i := range rows {
		rows[i].Rank = i + 1
		if i > 0 && rows[i].Picks == rows[i-1].Picks {
			rows[i].Rank = rows[i-1].Rank
		}
	}
	return rows, nil
}

// TallyBy returns counts per unit per day ("day") or month ("month") in
// [from, to), ordered by period then count.
func (s *Store) TallyBy(ctx context.Context, period string, from, to Day) ([]TallyRow, error) {
	expr := "t.day"
	if period == "month" {
		expr = "substr(t.day, 1, 7)"
	}
	return s.tallyQuery(ctx, expr, from, to)
}

func (s *Store) tallyQuery(ctx context.Context, periodExpr string, from, to Day) ([]TallyRow, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+periodExpr+` AS period, t.unit_id,
		(SELECT t2.unit_name FROM featured_tally t2 WHERE t2.unit_id = t.unit_id AND t2.day >= ? AND t2.day < ? ORDER BY t2.day DESC LIMIT 1),
		sum(t.picks) FROM featured_tally t WHERE t.day >= ? AND t.day < ? GROUP BY period, t.unit_id ORDER BY period, sum(t.picks) DESC, t.unit_id`,
		string(from), string(to), string(from), string(to))
	if err != nil {
		return nil, fmt.Errorf("content: tally report: %w", err)
	}
	defer rows.Close()
	var out []TallyRow
	for rows.Next() {
		var r TallyRow
		if err := rows.Scan(&r.Period, &r.UnitID, &r.UnitName, &r.Picks); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AwardYearRange is the award year ending on the anniversary in B.E. year
// `year`: from the anniversary a year before (inclusive) to this one
// (exclusive). The default anniversary is 2 September, the university's
// founding day.
func AwardYearRange(year int, month time.Month, day int) (Day, Day) {
	ce := year - 543
	end := time.Date(ce, month, day, 0, 0, 0, 0, newsroom.Bangkok)
	return DayOf(end.AddDate(-1, 0, 0)), DayOf(end)
}

// FiscalYearDays is FiscalYearRange as days.
func FiscalYearDays(fy int) (Day, Day) {
	from, to := FiscalYearRange(fy)
	return DayOf(from), DayOf(to)
}
