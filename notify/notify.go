// Package notify tells staff what happened to items they care about: in-app
// notifications (a count in the admin header) and, when an SMTP server is
// configured, e-mail of the same, sent by a background job that retries.
package notify

import "context"

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

// Notifier records notifications and queues their e-mail.
type Notifier struct{}

// Notify records ev for everyone who should know. (Stub: filled in by the
// notifications work.)
func (n *Notifier) Notify(ctx context.Context, ev Event) error { return nil }
