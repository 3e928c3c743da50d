package content

import (
	"time"

	"newsroom"
)

// Error kinds, re-exported so callers of content need not import the root.
var (
	ErrNotFound  = newsroom.ErrNotFound
	ErrForbidden = newsroom.ErrForbidden
	ErrConflict  = newsroom.ErrConflict
	ErrGone      = newsroom.ErrGone
	ErrInvalid   = newsroom.ErrInvalid
)

// WindowState is where an item stands relative to its display window.
type WindowState string

// Window states (SPEC §2).
const (
	Scheduled WindowState = "scheduled" // before start
	Live      WindowState = "live"      // inside the window
	Expired   WindowState = "expired"   // after end; still reachable at its URL and in archives
)

// Window is an item's display window: Start is an instant, End is the last
// instant of the end date (23:59:59.999 in Asia/Bangkok), so "ends on the
// 15th" shows all of the 15th.
type Window struct {
	Start time.Time
	End   time.Time
}

// State reports the window's state at now.
func (w Window) State(now time.Time) WindowState {
	switch {
	case now.Before(w.Start):
		return Scheduled
	case now.After(w.End):
		return Expired
	}
	return Live
}

// EndOfDay returns the last millisecond of t's calendar day in Bangkok.
func EndOfDay(t time.Time) time.Time {
	y, m, d := t.In(newsroom.Bangkok).Date()
	return time.Date(y, m, d, 23, 59, 59, int(999*time.Millisecond), newsroom.Bangkok)
}

// StartOfDay returns midnight of t's calendar day in Bangkok.
func StartOfDay(t time.Time) time.Time {
	y, m, d := t.In(newsroom.Bangkok).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, newsroom.Bangkok)
}

// DefaultEnd is the default end of a window starting at start: the end of
// the day `days` calendar days later in Bangkok (news: 1, videos: 3).
func DefaultEnd(start time.Time, days int) time.Time {
	return EndOfDay(StartOfDay(start).AddDate(0, 0, days))
}

// NextBoundary returns the earliest start or end after now among windows, or
// the zero time; caches expire then so an item appears or leaves on its minute.
func NextBoundary(now time.Time, ws ...Window) time.Time {
	var next time.Time
	consider := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, w := range ws {
		consider(w.Start)
		consider(w.End.Add(time.Millisecond))
	}
	return next
}

// Status is an item's publishing state.
type Status string

// Publishing states (SPEC §2). Review is off by default: saving publishes.
const (
	Draft     Status = "draft"
	Pending   Status = "pending"
	Returned  Status = "returned"
	Published Status = "published"
	TakenDown Status = "takendown"
	Trashed   Status = "trashed"
)

// Lang is the language an item is written in.
type Lang string

// Languages.
const (
	Thai    Lang = "th"
	English Lang = "en"
)

// Valid reports whether l is th or en.
func (l Lang) Valid() bool { return l == Thai || l == English }

// Badge is what admin lists show for an item: its publishing state unless
// published, else its window state.
func Badge(s Status, w Window, now time.Time) string {
	if s != Published {
		return string(s)
	}
	return string(w.State(now))
}

// fieldErr is a one-field validation error.
func fieldErr(field, key string) error { return newsroom.FieldErrors{field: key} }
