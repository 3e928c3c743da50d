package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"newsroom/kind"
)

// MaxRecent bounds the dashboard's list of the user's recent items.
const MaxRecent = 20

// RecentItems lists the items of any kind with a status that the user saved
// last (by their revisions), newest first, at most limit (1..MaxRecent),
// each with its list badge at now (State: live, scheduled, draft, trashed…).
// Items deleted for good are left out.
func (s *Store) RecentItems(ctx context.Context, userID int64, limit int, now time.Time) ([]ReviewItem, error) {
	limit = min(max(limit, 1), MaxRecent)
	rows, err := s.db.R.QueryContext(ctx, `SELECT kind, ref, max(created_at) AS at FROM revisions
		WHERE user_id = ? GROUP BY kind, ref ORDER BY at DESC LIMIT ?`, userID, 3*limit)
	if err != nil {
		return nil, fmt.Errorf("content: recent items: %w", err)
	}
	type rev struct {
		kind, ref string
		at        int64
	}
	var revs []rev
	for rows.Next() {
		var r rev
		if err := rows.Scan(&r.kind, &r.ref, &r.at); err != nil {
			rows.Close()
			return nil, err
		}
		revs = append(revs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []ReviewItem
	for _, r := range revs {
		k := kind.ByName(r.kind)
		id, err := strconv.ParseInt(r.ref, 10, 64)
		if k == nil || !k.Has(kind.Status) || err != nil {
			continue
		}
		it := ReviewItem{Kind: k, ID: id, Since: fromMS(r.at)}
		var status string
		var start, end int64
		err = s.db.R.QueryRowContext(ctx, `SELECT x.`+k.Title+`, u.name_th, x.author_name, x.status, x.start_at, x.end_at
			FROM `+k.Table+` x JOIN units u ON u.id = x.unit_id WHERE x.id = ?`, id).Scan(&it.Title, &it.UnitName, &it.AuthorName, &status, &start, &end)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("content: recent %s %d: %w", k.Name, id, err)
		}
		it.State = Badge(Status(status), Window{Start: fromMS(start), End: fromMS(end)}, now)
		if out = append(out, it); len(out) == limit {
			break
		}
	}
	return out, nil
}
