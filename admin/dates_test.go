package admin

import (
	"strings"
	"testing"
	"time"

	"newsroom"
)

// december2026 is "now" of the parsing tests: this year is 2026 (B.E. 2569),
// so years from 1990 to 2046 are possible.
var december2026 = time.Date(2026, time.December, 4, 16, 0, 0, 0, newsroom.Bangkok)

func TestParseFormDate(t *testing.T) {
	at := func(y int, m time.Month, d, hh, mm int) time.Time {
		return time.Date(y, m, d, hh, mm, 0, 0, newsroom.Bangkok)
	}
	for _, tc := range []struct {
		in   string
		want time.Time
		p    dateProblem
	}{
		{"", time.Time{}, dateOK},
		{"   ", time.Time{}, dateOK},
		// Buddhist Era, as the Thai UI writes it
		{"20/12/2569", at(2026, 12, 20, 0, 0), dateOK},
		{"20/12/2569 10:30", at(2026, 12, 20, 10, 30), dateOK},
		{"1/2/2570 9:05", at(2027, 2, 1, 9, 5), dateOK},
		{"20/12/2569 10.30 น.", at(2026, 12, 20, 10, 30), dateOK},
		{"20.12.2569", at(2026, 12, 20, 0, 0), dateOK},
		{"20-12-2569", at(2026, 12, 20, 0, 0), dateOK},
		{"๒๐/๑๒/๒๕๖๙ ๑๐:๓๐", at(2026, 12, 20, 10, 30), dateOK},
		{" 20/12/2569  10:30 ", at(2026, 12, 20, 10, 30), dateOK},
		{"29/02/2567", at(2024, 2, 29, 0, 0), dateOK}, // B.E. 2567 = 2024, a leap year
		// Gregorian, as the English UI writes it
		{"20/12/2026", at(2026, 12, 20, 0, 0), dateOK},
		{"20/12/2026 23:59", at(2026, 12, 20, 23, 59), dateOK},
		{"01/01/1990", at(1990, 1, 1, 0, 0), dateOK},
		// ISO, as scripts, tests and the old fields post
		{"2026-12-20", at(2026, 12, 20, 0, 0), dateOK},
		{"2026-12-20T10:30", at(2026, 12, 20, 10, 30), dateOK},
		{"2026-12-20T10:30:45", time.Date(2026, 12, 20, 10, 30, 45, 0, newsroom.Bangkok), dateOK},
		{"2026-12-20 10:30", at(2026, 12, 20, 10, 30), dateOK},
		{"2569-12-20", at(2026, 12, 20, 0, 0), dateOK}, // a B.E. year in ISO is B.E.
		{"2569-12-20T08:00", at(2026, 12, 20, 8, 0), dateOK},
		{"2046-12-31", at(2046, 12, 31, 0, 0), dateOK}, // this year + 20
		// impossible years
		{"20/12/3112", time.Time{}, dateYear}, // 3112 − 543 = 2569: still impossible
		{"3112-12-20", time.Time{}, dateYear},
		{"20/12/1483", time.Time{}, dateYear}, // a B.E. year taken off twice
		{"1483-12-20", time.Time{}, dateYear},
		{"20/12/0026", time.Time{}, dateYear},
		{"0026-12-20", time.Time{}, dateYear},
		{"0000-01-01", time.Time{}, dateYear},
		{"9999-12-31T23:59", time.Time{}, dateYear},
		{"2047-01-01", time.Time{}, dateYear},
		{"31/12/1989", time.Time{}, dateYear},
		{"20/12/2399", time.Time{}, dateYear},
		{"20/12/2532", time.Time{}, dateYear}, // B.E. 2532 = 1989
		// no such day
		{"31/02/2569", time.Time{}, dateDay},
		{"29/02/2569", time.Time{}, dateDay}, // 2026 is not a leap year
		{"2026-02-30", time.Time{}, dateDay},
		{"0/12/2569", time.Time{}, dateDay},
		{"20/13/2569", time.Time{}, dateDay},
		{"20/00/2569", time.Time{}, dateDay},
		// no such time
		{"20/12/2569 24:00", time.Time{}, dateTime},
		{"2026-01-02T24:00", time.Time{}, dateTime},
		{"20/12/2569 10:60", time.Time{}, dateTime},
		// not a date
		{"20/12/69", time.Time{}, dateFormat},
		{"2026-1-2x", time.Time{}, dateFormat},
		{"20 ธันวาคม 2569", time.Time{}, dateFormat},
		{"tomorrow", time.Time{}, dateFormat},
		{"-001-01-01", time.Time{}, dateFormat},
		{"20/12/2569 10", time.Time{}, dateFormat},
		{"20/12/2569 10:3", time.Time{}, dateFormat},
		{"2026/12/20", time.Time{}, dateFormat},
		{strings.Repeat("1", 200), time.Time{}, dateFormat},
	} {
		got, p := parseFormDate(tc.in, december2026)
		if !got.Equal(tc.want) || p != tc.p {
			t.Errorf("parseFormDate(%q) = %v, %d; want %v, %d", tc.in, got, p, tc.want, tc.p)
		}
		if !got.IsZero() && got.Location() != newsroom.Bangkok {
			t.Errorf("parseFormDate(%q) in %v, want Bangkok", tc.in, got.Location())
		}
	}
}

func TestInputDates(t *testing.T) {
	at := time.Date(2026, time.December, 20, 3, 30, 0, 0, time.UTC) // 10:30 in Bangkok
	for _, tc := range []struct{ lang, dateTime, date string }{
		{"th", "20/12/2569 10:30", "20/12/2569"},
		{"en", "20/12/2026 10:30", "20/12/2026"},
	} {
		if got := inputDateTime(tc.lang, at); got != tc.dateTime {
			t.Errorf("inputDateTime(%s) = %q, want %q", tc.lang, got, tc.dateTime)
		}
		if got := inputDate(tc.lang, at); got != tc.date {
			t.Errorf("inputDate(%s) = %q, want %q", tc.lang, got, tc.date)
		}
		if inputDateTime(tc.lang, time.Time{}) != "" || inputDate(tc.lang, time.Time{}) != "" {
			t.Errorf("%s: a zero time must write an empty field", tc.lang)
		}
	}
}

func TestDateMessages(t *testing.T) {
	for _, tc := range []struct {
		lang     string
		p        dateProblem
		withTime bool
		want     string
	}{
		{"th", dateYear, false, "ปีไม่ถูกต้อง ใช้ปี พ.ศ. เช่น 2569"},
		{"en", dateYear, true, "Gregorian (A.D.) year, e.g. 2026"},
		{"th", dateDay, false, "20/12/2569"},
		{"en", dateDay, false, "20/12/2026"},
		{"th", dateFormat, true, "20/12/2569 10:30"},
		{"en", dateTime, true, "20/12/2026 10:30"},
	} {
		if got := dateMessage(tc.lang, tc.p, tc.withTime, december2026); !strings.Contains(got, tc.want) || strings.Contains(got, "%") {
			t.Errorf("dateMessage(%s, %d) = %q, want it to contain %q", tc.lang, tc.p, got, tc.want)
		}
	}
	if got := dateMessage("th", dateOK, true, december2026); got != "" {
		t.Errorf("no problem, message %q", got)
	}
}

func TestTypedDay(t *testing.T) {
	for in, want := range map[string]string{"2026-12-20": "2026-12-20", "20/12/2569": "2026-12-20", "2569-12-20": "2026-12-20",
		"20/12/2026": "2026-12-20", "2569-02-30": "", "3112-12-20": "", "": "", "x": ""} {
		d, ok := typedDay(in, december2026)
		if string(d) != want || ok != (want != "") {
			t.Errorf("typedDay(%q) = %q, %v; want %q", in, d, ok, want)
		}
	}
}

func TestCalendarMonth(t *testing.T) {
	this := time.Date(2026, time.December, 1, 0, 0, 0, 0, newsroom.Bangkok)
	for in, want := range map[string]time.Time{
		"":        this,
		"2026-11": time.Date(2026, time.November, 1, 0, 0, 0, 0, newsroom.Bangkok),
		"2569-11": time.Date(2026, time.November, 1, 0, 0, 0, 0, newsroom.Bangkok), // B.E.
		"2027-1":  time.Date(2027, time.January, 1, 0, 0, 0, 0, newsroom.Bangkok),
		"3112-01": this, "0026-01": this, "2026-13": this, "2026-00": this, "26-01": this, "x": this, "2026-12-01": this,
	} {
		if got := calendarMonth(in, december2026); !got.Equal(want) {
			t.Errorf("calendarMonth(%q) = %v, want %v", in, got, want)
		}
	}
}
