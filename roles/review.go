package roles

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Review per unit: central PR turns it on for a unit and names its
// reviewers (users who approve or return the unit's items besides central
// PR). The decisions are CanReview and ReviewUnits in matrix.go.

// MaxReviewers bounds a unit's reviewers.
const MaxReviewers = 50

// SetUnitReview turns review on or off for a unit and sets its reviewers
// (ids of active users; others are ignored).
func (s *Store) SetUnitReview(ctx context.Context, unitID int64, on bool, reviewers []int64, now time.Time) error {
	if len(reviewers) > MaxReviewers {
		reviewers = reviewers[:MaxReviewers]
	}
	tx, err := s.db.W.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE units SET review = ? WHERE id = ?`, on, unitID)
	if err != nil {
		return fmt.Errorf("roles: unit review: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(fmt.Sprintf("unit %d", unitID), sql.ErrNoRows)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM unit_reviewers WHERE unit_id = ?`, unitID); err != nil {
		return err
	}
	for _, uid := range reviewers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO unit_reviewers (unit_id, user_id, created_at)
			SELECT ?, id, ? FROM users WHERE id = ? AND active = 1 ON CONFLICT DO NOTHING`, unitID, ms(now), uid); err != nil {
			return fmt.Errorf("roles: unit reviewers: %w", err)
		}
	}
	return tx.Commit()
}

// UnitReviewers lists the ids of a unit's reviewers.
func (s *Store) UnitReviewers(ctx context.Context, unitID int64) ([]int64, error) {
	return s.ids(ctx, `SELECT user_id FROM unit_reviewers WHERE unit_id = ? ORDER BY user_id`, unitID)
}

// ReviewedUnits lists the units a user reviews.
func (s *Store) ReviewedUnits(ctx context.Context, userID int64) ([]int64, error) {
	return s.ids(ctx, `SELECT unit_id FROM unit_reviewers WHERE user_id = ? ORDER BY unit_id`, userID)
}

func (s *Store) ids(ctx context.Context, q string, arg int64) ([]int64, error) {
	rows, err := s.db.R.QueryContext(ctx, q, arg)
	if err != nil {
		return nil, fmt.Errorf("roles: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
