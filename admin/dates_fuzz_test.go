package admin

import (
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/bench/fuzz/tally"
)

// FuzzFormDates: whatever is typed into a date field of a content form
// either is refused with a reason, or is read as a time in Bangkok in a
// possible year that the form writes back, in either UI language, as text
// reading to the same minute, so an item saved again unchanged keeps its
// dates. Nothing read lies outside 1990 … this year + 20, and the written
// field never needs escaping.
func FuzzFormDates(f *testing.F) {
	for _, s := range []string{"2026-01-02T15:04", "2026-01-02T15:04:05", "2026-01-02", "2569-01-02", "0000-01-01",
		"9999-12-31T23:59", "2026-02-30", "2026-1-2", " 2026-01-02", "2026-01-02T24:00", "๒๕๖๙-๐๑-๐๒", "-001-01-01", "",
		"20/12/2569 10:30", "20/12/2026", "31/02/2569", "20/12/3112", "1/1/0026", "20.12.2569 10.30 น.", "29/02/2567"} {
		f.Add(s)
	}
	now := time.Date(2026, time.December, 4, 16, 0, 0, 0, newsroom.Bangkok)
	f.Fuzz(func(t *testing.T, s string) {
		tally.Count()
		got, p := parseFormDate(s, now)
		if p != dateOK {
			if !got.IsZero() {
				t.Fatalf("parseFormDate(%q): problem %d with a time %v", s, p, got)
			}
			return
		}
		if got.IsZero() {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("parseFormDate(%q): nothing read and no problem", s)
			}
			return
		}
		if got.Location() != newsroom.Bangkok {
			t.Fatalf("parseFormDate(%q) in %v", s, got.Location())
		}
		if y := got.Year(); y < minYear || y > now.Year()+maxYearsAhead {
			t.Fatalf("parseFormDate(%q) = %v: an impossible year", s, got)
		}
		minute := got.Truncate(time.Minute)
		for _, lang := range []string{"th", "en"} {
			back := inputDateTime(lang, got)
			if again, p := parseFormDate(back, now); p != dateOK || !again.Equal(minute) {
				t.Fatalf("parseFormDate(%q) = %v, written %q (%s), read back %v, %d", s, got, back, lang, again, p)
			}
			day := inputDate(lang, got)
			y, m, d := got.Date()
			if again, p := parseFormDate(day, now); p != dateOK || !again.Equal(time.Date(y, m, d, 0, 0, 0, 0, newsroom.Bangkok)) {
				t.Fatalf("parseFormDate(%q) = %v, day written %q (%s), read back %v, %d", s, got, day, lang, again, p)
			}
			if strings.ContainsAny(back, "<>\"'&") {
				t.Fatalf("form value %q for %q needs escaping", back, s)
			}
		}
	})
}

// FuzzCalendarMonth: whatever ?month= the calendar is given, it shows the
// first instant of a month in Bangkok in a possible year, and a month it
// names itself (its prev/next links) is that month.
func FuzzCalendarMonth(f *testing.F) {
	for _, s := range []string{"2026-12", "2569-12", "2026-1", "2026-13", "3112-01", "0026-01", "", "x", "2026-", "-12", "๒๕๖๙-๑๒", "2026-12-01"} {
		f.Add(s)
	}
	now := time.Date(2026, time.December, 4, 16, 0, 0, 0, newsroom.Bangkok)
	f.Fuzz(func(t *testing.T, s string) {
		tally.Count()
		m := calendarMonth(s, now)
		if m.Location() != newsroom.Bangkok || m.Day() != 1 || m.Hour() != 0 || m.Minute() != 0 || m.Second() != 0 || m.Nanosecond() != 0 {
			t.Fatalf("calendarMonth(%q) = %v: not a month's start in Bangkok", s, m)
		}
		if m.Year() < minYear || m.Year() > now.Year()+maxYearsAhead {
			t.Fatalf("calendarMonth(%q) = %v: an impossible year", s, m)
		}
		if again := calendarMonth(m.Format("2006-01"), now); !again.Equal(m) {
			t.Fatalf("calendarMonth(%q) = %v, its link reads %v", s, m, again)
		}
	})
}
