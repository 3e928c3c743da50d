package content

import (
	"errors"
	"testing"
	"time"
)

// A banner shows only while published and inside its window; taken down it
// is gone; expired, scheduled or not published it is not found.
func TestBannerVisibleAt(t *testing.T) {
	now := time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC)
	live := Window{Start: now.Add(-time.Hour), End: now.Add(time.Hour)}
	for _, tc := range []struct {
		name   string
		status Status
		window Window
		want   error // nil: shows
	}{
		{"published live", Published, live, nil},
		{"starts now", Published, Window{Start: now, End: now.Add(time.Hour)}, nil},
		{"ends now", Published, Window{Start: now.Add(-time.Hour), End: now}, nil},
		{"published scheduled", Published, Window{Start: now.Add(time.Minute), End: now.Add(time.Hour)}, ErrNotFound},
		{"published expired", Published, Window{Start: now.Add(-2 * time.Hour), End: now.Add(-time.Millisecond)}, ErrNotFound},
		{"draft", Draft, live, ErrNotFound},
		{"pending review", Pending, live, ErrNotFound},
		{"returned", Returned, live, ErrNotFound},
		{"trashed", Trashed, live, ErrNotFound},
		{"taken down", TakenDown, live, ErrGone},
		{"taken down and expired", TakenDown, Window{Start: now.Add(-2 * time.Hour), End: now.Add(-time.Hour)}, ErrGone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := Banner{Meta: Meta{ID: 3, Status: tc.status, Window: tc.window}}
			err := b.VisibleAt(now)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("VisibleAt = %v, want %v", err, tc.want)
			}
			if tc.want == ErrNotFound && errors.Is(err, ErrGone) {
				t.Fatalf("VisibleAt = %v: gone, want only not found", err)
			}
		})
	}
}
