package admin

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"newsroom"
	"newsroom/bench/fuzz/tally"
)

// FuzzFormDates: the date fields of every content form (start: date and
// time, end: date) either read as nothing or as a time in Bangkok that the
// form writes back as text reading to the same time, so an item saved again
// unchanged keeps its dates.
func FuzzFormDates(f *testing.F) {
	for _, s := range []string{"2026-01-02T15:04", "2026-01-02T15:04:05", "2026-01-02", "2569-01-02", "0000-01-01",
		"9999-12-31T23:59", "2026-02-30", "2026-1-2", " 2026-01-02", "2026-01-02T24:00", "๒๕๖๙-๐๑-๐๒", "-001-01-01", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tally.Count()
		if dt := parseDateTime(s); !dt.IsZero() {
			if dt.Location() != newsroom.Bangkok {
				t.Fatalf("parseDateTime(%q) in %v", s, dt.Location())
			}
			back := inputDateTime(dt)
			if got, want := parseDateTime(back), dt.Add(-time.Duration(dt.Second())*time.Second); !got.Equal(want) {
				t.Fatalf("parseDateTime(%q) = %v, written %q, read back %v", s, dt, back, got)
			}
		}
		if d := parseDate(s); !d.IsZero() {
			back := inputDate(d)
			if got := parseDate(back); !got.Equal(d) || back != s {
				t.Fatalf("parseDate(%q) = %v, written %q, read back %v", s, d, back, got)
			}
			if d.Hour() != 0 || d.Minute() != 0 {
				t.Fatalf("parseDate(%q) = %v: not midnight", s, d)
			}
		}
		if utf8.ValidString(s) && strings.ContainsAny(inputDateTime(parseDateTime(s)), "<>\"'&") {
			t.Fatalf("form value for %q needs escaping", s)
		}
	})
}
