package audit

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"newsroom"
)

// Action is one administrative act: who did what, to which item, from where.
type Action struct {
	ID       int64
	At       time.Time // stored as UTC unix milliseconds
	UserID   int64     // 0 = the system
	UserName string    // display name at the time, kept if the user is renamed
	IP       string
	Action   string // e.g. "user.create", "login", "login.fail", "news.delete"
	Kind     string // e.g. "user", "news"; empty when not about an item
	ItemID   int64  // 0 = not about an item
	Detail   string
}

// ActionLog stores actions in the main database's action_log table, which
// the main migrations create.
type ActionLog struct{ db *sql.DB }

// NewActionLog returns an action log on db.
func NewActionLog(db *sql.DB) *ActionLog { return &ActionLog{db: db} }

// execer is what both *sql.DB and *sql.Tx offer for writing.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Record stores a. A zero At means now; zero user and item ids are stored as
// NULL. Inside a transaction use RecordTx, so the act and its record commit
// (or roll back) together.
func (l *ActionLog) Record(ctx context.Context, a Action) error {
	return recordAction(ctx, l.db, a)
}

// RecordTx is Record inside the caller's transaction.
func (l *ActionLog) RecordTx(ctx context.Context, tx *sql.Tx, a Action) error {
	return recordAction(ctx, tx, a)
}

func recordAction(ctx context.Context, ex execer, a Action) error {
	if a.Action == "" {
		return fmt.Errorf("audit: record action: empty action name: %w", newsroom.ErrInvalid)
	}
	if a.At.IsZero() {
		a.At = time.Now()
	}
	_, err := ex.ExecContext(ctx, `INSERT INTO action_log
		(at, user_id, user_name, ip, action, kind, item_id, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		a.At.UnixMilli(), nullID(a.UserID), a.UserName, a.IP, a.Action, a.Kind,
		nullID(a.ItemID), a.Detail)
	if err != nil {
		return fmt.Errorf("audit: record action %q: %w", a.Action, err)
	}
	return nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// DefaultActionLimit and MaxActionLimit are List's default page size and
// the most one call returns.
const (
	DefaultActionLimit = 50
	MaxActionLimit     = 500
)

// ActionFilter selects actions for List. Zero fields do not filter.
type ActionFilter struct {
	UserID int64
	Action string    // prefix: "login" matches "login" and "login.fail"
	From   time.Time // inclusive
	To     time.Time // exclusive
	Limit  int       // default DefaultActionLimit, at most MaxActionLimit
	Offset int
}

// where builds the WHERE clause and its arguments.
func (f ActionFilter) where() (string, []any) {
	var conds []string
	var args []any
	if f.UserID != 0 {
		conds, args = append(conds, "user_id = ?"), append(args, f.UserID)
	}
	if f.Action != "" {
		conds = append(conds, `action LIKE ? ESCAPE '\'`)
		args = append(args, likeEscaper.Replace(f.Action)+"%")
	}
	if !f.From.IsZero() {
		conds, args = append(conds, "at >= ?"), append(args, f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		conds, args = append(conds, "at < ?"), append(args, f.To.UnixMilli())
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// likeEscaper makes a user's prefix match literally in LIKE ... ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// List returns one page of the actions matching f, newest first, and how
// many match in all.
func (l *ActionLog) List(ctx context.Context, f ActionFilter) ([]Action, int, error) {
	where, args := f.where()
	var total int
	err := l.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM action_log`+where, args...).Scan(&total)
	if err != nil {
		return nil, 0, fmt.Errorf("audit: count actions: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultActionLimit
	}
	limit = min(limit, MaxActionLimit)
	rows, err := l.db.QueryContext(ctx, `SELECT id, at, user_id, user_name, ip, action,
		kind, item_id, detail FROM action_log`+where+`
		ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
		append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("audit: list actions: %w", err)
	}
	defer rows.Close()
	var out []Action
	for rows.Next() {
		a, err := scanAction(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("audit: list actions: %w", err)
	}
	return out, total, nil
}

func scanAction(rows *sql.Rows) (Action, error) {
	var a Action
	var at int64
	var userID, itemID sql.NullInt64
	err := rows.Scan(&a.ID, &at, &userID, &a.UserName, &a.IP, &a.Action, &a.Kind,
		&itemID, &a.Detail)
	if err != nil {
		return a, fmt.Errorf("audit: scan action: %w", err)
	}
	a.At = time.UnixMilli(at).UTC()
	a.UserID, a.ItemID = userID.Int64, itemID.Int64
	return a, nil
}
