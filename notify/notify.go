// Package notify tells staff what happened to items they care about: in-app
// notifications (a count in the admin header) and, when an SMTP server is
// configured, e-mail of the same, sent by a background job that retries.
package notify

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom/db"
	"newsroom/jobs"
)

// Action is what happened to an item.
type Action string

// The events staff are told about.
const (
	Submitted Action = "submitted" // an author submitted an item (or a change) for review
	Returned  Action = "returned"  // a reviewer returned it with a comment
	Approved  Action = "approved"  // a reviewer approved it (or the change)
	Published Action = "published" // it went live without review
	TakenDown Action = "takendown" // central PR took it down
)

// Actions is every action, in the order of the editorial loop.
var Actions = []Action{Submitted, Returned, Approved, Published, TakenDown}

// Valid reports whether a is one of Actions.
func (a Action) Valid() bool {
	for _, x := range Actions {
		if a == x {
			return true
		}
	}
	return false
}

// Event is one thing that happened to one item.
type Event struct {
	Action    Action
	Kind      string // registry name of the item's kind (kind.Kind.Name)
	Ref       string // the item's id (or a page's slug)
	Title     string // the item's title, as its kind names it
	Link      string // where staff open it: its admin edit path
	UnitID    int64  // the item's unit
	AuthorID  int64  // who wrote it (0: unknown)
	ActorID   int64  // who did this; never notified of their own act
	ActorName string
	Comment   string // the reviewer's comment or the takedown reason
}

// The bounds of what a notification keeps (the table's checks agree).
const (
	maxKind    = 40
	maxRef     = 100
	maxTitle   = 300
	maxLink    = 500
	maxActor   = 100
	maxComment = 2000
)

// MailJob is the job kind of one e-mail to one recipient.
const MailJob = "notify-mail"

// Options configure a Notifier; the zero value records in-app notifications
// only.
type Options struct {
	// SMTP, when set, e-mails every recipient who has an address.
	SMTP *SMTPConfig
	// BaseURL is the site's public URL: e-mailed links are absolute.
	BaseURL string
	// KindLabel names a kind in a language ("th", "en"); nil: its registry name.
	KindLabel func(kind, lang string) string
	Now       func() time.Time
	Log       *slog.Logger
	// Attempts and Backoff are the mail job's retry policy (0/nil: 8 tries
	// over about nine hours).
	Attempts int
	Backoff  func(attempt int) time.Duration
}

// Notifier records notifications and queues their e-mail.
type Notifier struct {
	db    *db.DB
	queue *jobs.Queue
	opt   Options
}

// New returns a Notifier writing to d and queueing e-mail jobs on q (which
// may be nil when opt.SMTP is nil).
func New(d *db.DB, q *jobs.Queue, opt Options) *Notifier {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.KindLabel == nil {
		opt.KindLabel = func(kind, _ string) string { return kind }
	}
	if opt.Attempts == 0 {
		opt.Attempts = 8
	}
	if opt.Backoff == nil {
		opt.Backoff = DefaultBackoff
	}
	opt.BaseURL = strings.TrimRight(opt.BaseURL, "/")
	return &Notifier{db: d, queue: q, opt: opt}
}

// DefaultBackoff is how long a mail waits after its n-th failed try: 1, 5,
// 15 and 30 minutes, then 1, 2 and 4 hours.
func DefaultBackoff(attempt int) time.Duration {
	steps := []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour}
	if attempt >= 1 && attempt <= len(steps) {
		return steps[attempt-1]
	}
	return 4 * time.Hour
}

// Mails reports whether e-mail is on.
func (n *Notifier) Mails() bool { return n.opt.SMTP != nil }

// recipient is one user to notify.
type recipient struct {
	ID    int64
	Name  string
	Email string
}

// Notify records ev for everyone who should know (never the actor), and
// queues an e-mail to each of them who has an address when e-mail is on.
// Disabled users get nothing.
func (n *Notifier) Notify(ctx context.Context, ev Event) error {
	if !ev.Action.Valid() {
		return fmt.Errorf("notify: unknown action %q", ev.Action)
	}
	ev = ev.bounded()
	rs, err := n.recipients(ctx, ev)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		return nil
	}
	now := n.opt.Now()
	queued := false
	err = n.db.Tx(ctx, func(tx *sql.Tx) error {
		queued = false
		for _, r := range rs {
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO notifications (user_id, action, kind, ref, title, link, actor_name, comment, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				r.ID, string(ev.Action), ev.Kind, ev.Ref, ev.Title, ev.Link, ev.ActorName, ev.Comment, now.UnixMilli()).Scan(&id)
			if err != nil {
				return fmt.Errorf("notify: record for user %d: %w", r.ID, err)
			}
			if n.opt.SMTP == nil || r.Email == "" || n.queue == nil {
				continue
			}
			m := n.mail(ev, r, id, now)
			if err := n.queue.EnqueueTx(ctx, tx, MailJob, "", m); err != nil {
				return err
			}
			queued = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	if queued {
		n.queue.Wake()
	}
	return nil
}

// recipients are the active users who should hear of ev, the actor left out.
func (n *Notifier) recipients(ctx context.Context, ev Event) ([]recipient, error) {
	var out []recipient
	seen := map[int64]bool{ev.ActorID: true}
	add := func(q string, args ...any) (int, error) {
		rows, err := n.db.R.QueryContext(ctx, q, args...)
		if err != nil {
			return 0, fmt.Errorf("notify: recipients of %s: %w", ev.Action, err)
		}
		defer rows.Close()
		found := 0
		for rows.Next() {
			var r recipient
			if err := rows.Scan(&r.ID, &r.Name, &r.Email); err != nil {
				return 0, fmt.Errorf("notify: recipients of %s: %w", ev.Action, err)
			}
			found++
			if !seen[r.ID] {
				seen[r.ID] = true
				out = append(out, r)
			}
		}
		return found, rows.Err()
	}
	author := func() error {
		if ev.AuthorID == 0 {
			return nil
		}
		_, err := add(`SELECT id, name, email FROM users WHERE id = ? AND active = 1`, ev.AuthorID)
		return err
	}
	reviewers := func() (int, error) {
		return add(`SELECT u.id, u.name, u.email FROM unit_reviewers r JOIN users u ON u.id = r.user_id
			WHERE r.unit_id = ? AND u.active = 1 ORDER BY u.id`, ev.UnitID)
	}
	switch ev.Action {
	case Submitted:
		// The unit's reviewers; a unit without any is reviewed by central PR.
		found, err := reviewers()
		if err != nil {
			return nil, err
		}
		if found == 0 {
			if _, err := add(`SELECT id, name, email FROM users WHERE role = 'central' AND active = 1 ORDER BY id`); err != nil {
				return nil, err
			}
		}
	case Returned, Approved:
		if err := author(); err != nil {
			return nil, err
		}
	case Published, TakenDown:
		if err := author(); err != nil {
			return nil, err
		}
		if _, err := reviewers(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// bounded cuts ev's texts to what a notification keeps, and keeps only a
// link within the site.
func (ev Event) bounded() Event {
	ev.Kind = cut(ev.Kind, maxKind)
	ev.Ref = cut(ev.Ref, maxRef)
	ev.Title = cut(strings.TrimSpace(ev.Title), maxTitle)
	ev.ActorName = cut(strings.TrimSpace(ev.ActorName), maxActor)
	ev.Comment = cut(strings.TrimSpace(ev.Comment), maxComment)
	if !LocalPath(ev.Link) || len(ev.Link) > maxLink {
		ev.Link = ""
	}
	return ev
}

// LocalPath reports whether p is a path on this site ("/admin/…"), not a
// link elsewhere ("//host", "https://…", "/\host").
func LocalPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "/\\") &&
		!strings.ContainsAny(p, "\r\n\t ")
}

// cut shortens s to at most n characters (runes), keeping it valid UTF-8.
func cut(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
