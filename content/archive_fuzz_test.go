package content

import (
	"testing"
	"time"

	"newsroom"
	"newsroom/bench/fuzz/tally"
)

// FuzzParseCursor: ?after= reads as the zero cursor or as one whose own
// text reads back to it; the text written is what was read.
func FuzzParseCursor(f *testing.F) {
	for _, s := range []string{"1767225600000.42", "", ".", "1.0", "-5.3", "1.-3", "01.2", "9223372036854775807.9223372036854775807",
		"1.2.3", "１.２", " 1.2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tally.Count()
		c := ParseCursor(s)
		if c.ID < 0 || (c.ID == 0 && c != Cursor{}) {
			t.Fatalf("ParseCursor(%q) = %+v", s, c)
		}
		if again := ParseCursor(c.String()); again != c {
			t.Fatalf("ParseCursor(%q) = %+v, its text %q reads %+v", s, c, c.String(), again)
		}
	})
}

// FuzzFiscalYear: every instant falls in the fiscal year (B.E.) FiscalYear
// names, and in one of its twelve months; ranges are a year and a month
// long, in Bangkok.
func FuzzFiscalYear(f *testing.F) {
	for _, ms := range []int64{0, 1759251600000, 1759251599999, 1790787600000, -62135596800000, 253402300799000} {
		f.Add(ms)
	}
	f.Fuzz(func(t *testing.T, ms int64) {
		tally.Count()
		// The years people and the archive links use (the archive refuses
		// fy outside 2500–2700).
		if ms < -2_000_000_000_000 || ms > 8_000_000_000_000 {
			return
		}
		at := time.UnixMilli(ms)
		fy := FiscalYear(at)
		from, to := FiscalYearRange(fy)
		if at.Before(from) || !at.Before(to) {
			t.Fatalf("%v: fiscal year %d is [%v, %v)", at, fy, from, to)
		}
		if from.Location() != newsroom.Bangkok || from.AddDate(1, 0, 0) != to {
			t.Fatalf("fiscal year %d: [%v, %v)", fy, from, to)
		}
		n := 0
		for _, m := range FiscalMonths {
			mf, mt := FiscalMonthRange(fy, m)
			if mf.Before(from) || mt.After(to) {
				t.Fatalf("month %d of %d: [%v, %v) outside [%v, %v)", m, fy, mf, mt, from, to)
			}
			if !at.Before(mf) && at.Before(mt) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%v is in %d months of fiscal year %d", at, n, fy)
		}
	})
}
