package notify

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Notification is one event as one user was told of it.
type Notification struct {
	ID        int64
	Action    Action
	Kind      string
	Ref       string
	Title     string
	Link      string
	ActorName string
	Comment   string
	At        time.Time
	Read      bool
}

// UnreadCap bounds the header's count: past it the header says "99+", and
// counting stops there, so the count costs the same however many pile up.
const UnreadCap = 100

const unreadSQL = `SELECT count(*) FROM (SELECT 1 FROM notifications WHERE user_id = ? AND read_at IS NULL LIMIT ?) x`

// Unread is how many of user's notifications are unread, at most UnreadCap.
// It is one range of the partial index notifications_unread.
func (n *Notifier) Unread(ctx context.Context, userID int64) (int, error) {
	var c int
	err := n.db.R.QueryRowContext(ctx, unreadSQL, userID, UnreadCap).Scan(&c)
	if err != nil {
		return 0, fmt.Errorf("notify: unread of user %d: %w", userID, err)
	}
	return c, nil
}

// List returns a page of user's notifications, newest first, and how many
// the user has in all.
func (n *Notifier) List(ctx context.Context, userID int64, limit, offset int) ([]Notification, int, error) {
	var total int
	if err := n.db.R.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = ?`, userID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("notify: count of user %d: %w", userID, err)
	}
	rows, err := n.db.R.QueryContext(ctx, `SELECT id, action, kind, ref, title, link, actor_name, comment, created_at, read_at
		FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`, userID, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("notify: list of user %d: %w", userID, err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var x Notification
		var action string
		var at int64
		var read sql.NullInt64
		if err := rows.Scan(&x.ID, &action, &x.Kind, &x.Ref, &x.Title, &x.Link, &x.ActorName, &x.Comment, &at, &read); err != nil {
			return nil, 0, fmt.Errorf("notify: list of user %d: %w", userID, err)
		}
		x.Action, x.At, x.Read = Action(action), time.UnixMilli(at), read.Valid
		out = append(out, x)
	}
	return out, total, rows.Err()
}

// MarkRead marks user's unread notifications with ids in ids read; ids of
// other users' notifications are left alone.
func (n *Notifier) MarkRead(ctx context.Context, userID int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return n.db.Tx(ctx, func(tx *sql.Tx) error {
		now := n.opt.Now().UnixMilli()
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL`,
				now, id, userID); err != nil {
				return fmt.Errorf("notify: mark read: %w", err)
			}
		}
		return nil
	})
}

// MarkAllRead marks every unread notification of user read.
func (n *Notifier) MarkAllRead(ctx context.Context, userID int64) error {
	_, err := n.db.W.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`,
		n.opt.Now().UnixMilli(), userID)
	if err != nil {
		return fmt.Errorf("notify: mark all read: %w", err)
	}
	return nil
}

// Purge deletes notifications older than age (read or not).
func (n *Notifier) Purge(ctx context.Context, age time.Duration) (int64, error) {
	res, err := n.db.W.ExecContext(ctx, `DELETE FROM notifications WHERE created_at < ?`, n.opt.Now().Add(-age).UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("notify: purge: %w", err)
	}
	return res.RowsAffected()
}
