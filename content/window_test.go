package content

import (
	"testing"
	"time"

	"newsroom"
)

func bkk(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, newsroom.Bangkok)
}

func TestWindowState(t *testing.T) {
	w := Window{Start: bkk(2026, 11, 23, 9, 0), End: EndOfDay(bkk(2026, 11, 24, 0, 0))}
	tests := []struct {
		name string
		now  time.Time
		want WindowState
	}{
		{"a minute before start", bkk(2026, 11, 23, 8, 59), Scheduled},
		{"at start", bkk(2026, 11, 23, 9, 0), Live},
		{"end date morning", bkk(2026, 11, 24, 8, 0), Live},
		{"end date last second", bkk(2026, 11, 24, 23, 59).Add(59 * time.Second), Live},
		{"midnight after end date", bkk(2026, 11, 25, 0, 0), Expired},
		// 17:00 UTC on the 24th is already the 25th in Bangkok.
		{"UTC clock, Bangkok calendar", time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC), Expired},
		{"UTC clock still the end date", time.Date(2026, 11, 24, 16, 59, 0, 0, time.UTC), Live},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := w.State(tc.now); got != tc.want {
				t.Fatalf("State(%s) = %s, want %s", tc.now, got, tc.want)
			}
		})
	}
}

func TestDefaultEnd(t *testing.T) {
	tests := []struct {
		start time.Time
		days  int
		want  time.Time
	}{
		{bkk(2026, 11, 23, 21, 0), 1, EndOfDay(bkk(2026, 11, 24, 0, 0))},
		{bkk(2026, 11, 30, 0, 5), 3, EndOfDay(bkk(2026, 12, 3, 0, 0))},
		{bkk(2026, 12, 31, 23, 0), 1, EndOfDay(bkk(2027, 1, 1, 0, 0))},
		// 20:00 UTC on the 23rd is 03:00 on the 24th in Bangkok: tomorrow is the 25th.
		{time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC), 1, EndOfDay(bkk(2026, 11, 25, 0, 0))},
	}
	for _, tc := range tests {
		if got := DefaultEnd(tc.start, tc.days); !got.Equal(tc.want) {
			t.Errorf("DefaultEnd(%s, %d) = %s, want %s", tc.start, tc.days, got, tc.want)
		}
	}
}

func TestNextBoundary(t *testing.T) {
	now := bkk(2026, 11, 23, 12, 0)
	a := Window{Start: bkk(2026, 11, 23, 13, 0), End: EndOfDay(bkk(2026, 11, 30, 0, 0))}
	b := Window{Start: bkk(2026, 11, 1, 0, 0), End: EndOfDay(bkk(2026, 11, 23, 0, 0))}
	if got := NextBoundary(now, a, b); !got.Equal(a.Start) {
		t.Fatalf("next boundary %s, want %s", got, a.Start)
	}
	if got := NextBoundary(bkk(2026, 11, 23, 14, 0), a, b); !got.Equal(bkk(2026, 11, 24, 0, 0)) {
		t.Fatalf("next boundary %s, want midnight after b's end date", got)
	}
	if got := NextBoundary(bkk(2027, 1, 1, 0, 0), a, b); !got.IsZero() {
		t.Fatalf("no boundary expected, got %s", got)
	}
}

func TestFiscalYear(t *testing.T) {
	tests := []struct {
		at   time.Time
		want int
	}{
		{bkk(2025, 9, 30, 23, 59), 2568},
		{bkk(2025, 10, 1, 0, 0), 2569},
		{bkk(2026, 9, 30, 12, 0), 2569},
		{time.Date(2026, 9, 30, 17, 30, 0, 0, time.UTC), 2570}, // already 1 Oct in Bangkok
	}
	for _, tc := range tests {
		if got := FiscalYear(tc.at); got != tc.want {
			t.Errorf("FiscalYear(%s) = %d, want %d", tc.at, got, tc.want)
		}
	}
	from, to := FiscalYearRange(2569)
	if !from.Equal(bkk(2025, 10, 1, 0, 0)) || !to.Equal(bkk(2026, 10, 1, 0, 0)) {
		t.Fatalf("FY 2569 = %s .. %s", from, to)
	}
	from, to = FiscalMonthRange(2569, 11)
	if !from.Equal(bkk(2025, 11, 1, 0, 0)) || !to.Equal(bkk(2025, 12, 1, 0, 0)) {
		t.Fatalf("Nov of FY 2569 = %s .. %s", from, to)
	}
	from, _ = FiscalMonthRange(2569, 3)
	if !from.Equal(bkk(2026, 3, 1, 0, 0)) {
		t.Fatalf("Mar of FY 2569 starts %s", from)
	}
	if c := ParseCursor(Cursor{Start: 123, ID: 45}.String()); c != (Cursor{123, 45}) {
		t.Fatalf("cursor round trip %+v", c)
	}
	for _, bad := range []string{"", "x.1", "1.x", "1", "1.0", "1.-3"} {
		if ParseCursor(bad) != (Cursor{}) {
			t.Errorf("ParseCursor(%q) not zero", bad)
		}
	}
}
