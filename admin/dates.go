package admin

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/templates"
	"newsroom/web"
)

// Dates of the admin forms: how a typed date is read and how a stored one
// is shown in a form field.
//
// A field shows the date in the user's calendar: day/month/year with the
// Buddhist-Era year in the Thai UI ("20/12/2569 10:30"), the Gregorian year
// in English ("20/12/2026 10:30"). Either calendar is read in either
// language, and so is ISO (2026-12-20, 2026-12-20T10:30), which scripts and
// older forms post: a year from 2400 is Buddhist Era (543 is taken off),
// a smaller one Gregorian. What is then not between minYear and this year
// + maxYearsAhead is refused as an impossible year, so a B.E. year typed
// into a Gregorian field (2569 read as A.D. 2569 + 543 = 3112) never keeps
// an item live for centuries.

const (
	// beOffset is the Buddhist Era's lead over the Gregorian year.
	beOffset = 543
	// beFrom is the first year read as Buddhist Era (A.D. 1857).
	beFrom = 2400
	// minYear is the earliest Gregorian year a form accepts: nothing of the
	// university's web site is older.
	minYear = 1990
	// maxYearsAhead is how far past this year a date may lie.
	maxYearsAhead = 20
	// maxDateBytes bounds what is parsed at all (a Thai digit is 3 bytes).
	maxDateBytes = 120
)

// dateProblem is why a typed date was refused.
type dateProblem int

const (
	dateOK     dateProblem = iota
	dateFormat             // not a date in a known form
	dateYear               // an impossible year
	dateDay                // no such day (31/02)
	dateTime               // no such time of day (25:00)
)

var (
	// day/month/year (4 digits), separated by / . or -, then optionally
	// the time HH:MM (or HH.MM, with seconds), and the Thai "น.".
	dmyRE = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:(?:\s+|\s*,\s*|T)(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s*น\.?)?)?$`)
	// ISO: year-month-day, then optionally T or a space and HH:MM(:SS).
	isoRE = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$`)
	// spaces collapses runs of white space.
	spaces = regexp.MustCompile(`\s+`)
)

// thaiDigits turns Thai digits into ASCII ones.
var thaiDigits = strings.NewReplacer("๐", "0", "๑", "1", "๒", "2", "๓", "3", "๔", "4", "๕", "5", "๖", "6", "๗", "7", "๘", "8", "๙", "9")

// parseFormDate reads a typed date (and time of day, when given) in
// Bangkok. now fixes "this year" for the year check. An empty field is the
// zero time with dateOK; anything else unreadable is the zero time with why.
func parseFormDate(s string, now time.Time) (time.Time, dateProblem) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, dateOK
	}
	if len(s) > maxDateBytes {
		return time.Time{}, dateFormat
	}
	s = spaces.ReplaceAllString(thaiDigits.Replace(s), " ")
	var y, mo, d, hh, mm, ss string
	if m := isoRE.FindStringSubmatch(s); m != nil {
		y, mo, d, hh, mm, ss = m[1], m[2], m[3], m[4], m[5], m[6]
	} else if m := dmyRE.FindStringSubmatch(s); m != nil {
		d, mo, y, hh, mm, ss = m[1], m[2], m[3], m[4], m[5], m[6]
	} else {
		return time.Time{}, dateFormat
	}
	num := func(v string) int { n, _ := strconv.Atoi(v); return n } // the patterns allow digits only
	year := num(y)
	if year >= beFrom {
		year -= beOffset
	}
	if this := now.In(newsroom.Bangkok).Year(); year < minYear || year > this+maxYearsAhead {
		return time.Time{}, dateYear
	}
	month, day := num(mo), num(d)
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, time.Month(month)) {
		return time.Time{}, dateDay
	}
	hour, minute, sec := num(hh), num(mm), num(ss)
	if hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, dateTime
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, newsroom.Bangkok), dateOK
}

// daysIn is the number of days of month in year.
func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// readDates reads the form's start (date and time) and end (date) into in;
// a date that cannot be read leaves the field zero with its message in
// StartErr or EndErr.
func (h *Handler) readDates(c *gin.Context, in *content.MetaInput) {
	lang, now := web.LangOf(c), h.now()
	var p dateProblem
	in.Start, p = parseFormDate(c.PostForm("start"), now)
	in.StartErr = dateMessage(lang, p, true, now)
	in.End, p = parseFormDate(c.PostForm("end"), now)
	if !in.End.IsZero() { // the end is a day: any time typed is dropped
		in.End = content.StartOfDay(in.End)
	}
	in.EndErr = dateMessage(lang, p, false, now)
}

// dateMessage explains problem p in lang, naming the calendar expected and
// an example in this year (the field error; "" for dateOK). The message is
// translated here rather than left as a key because its example depends on
// the day: fieldErr shows a string that is not a catalog key as it is.
func dateMessage(lang string, p dateProblem, withTime bool, now time.Time) string {
	ex := exampleDate(lang, withTime, now)
	switch p {
	case dateYear:
		return templates.Tf(lang, "date.err_year", displayYear(lang, now))
	case dateDay:
		return templates.Tf(lang, "date.err_day", ex)
	case dateTime:
		return templates.Tf(lang, "date.err_time", ex)
	case dateFormat:
		if withTime {
			return templates.Tf(lang, "date.err_format_time", ex)
		}
		return templates.Tf(lang, "date.err_format", ex)
	}
	return ""
}

// displayYear is now's year in the calendar of lang.
func displayYear(lang string, now time.Time) int {
	y := now.In(newsroom.Bangkok).Year()
	if lang != "en" {
		y += beOffset
	}
	return y
}

// exampleDate is 20 December of this year as the field writes it.
func exampleDate(lang string, withTime bool, now time.Time) string {
	ex := time.Date(now.In(newsroom.Bangkok).Year(), time.December, 20, 10, 30, 0, 0, newsroom.Bangkok)
	if withTime {
		return inputDateTime(lang, ex)
	}
	return inputDate(lang, ex)
}

// inputDateTime writes t's day and time in Bangkok for a start field:
// "20/12/2569 10:30" in Thai, "20/12/2026 10:30" in English.
func inputDateTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return inputDate(lang, t) + " " + t.In(newsroom.Bangkok).Format("15:04")
}

// inputDate writes t's day in Bangkok for an end field: "20/12/2569" in
// Thai, "20/12/2026" in English.
func inputDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(newsroom.Bangkok)
	y := t.Year()
	if lang != "en" {
		y += beOffset
	}
	return fmt.Sprintf("%02d/%02d/%04d", t.Day(), int(t.Month()), y)
}

// typedDay reads a day typed in the featured desk's day field (ISO, or the
// user's calendar as in the forms); ok is false when it cannot be read.
func typedDay(s string, now time.Time) (content.Day, bool) {
	t, p := parseFormDate(s, now)
	if t.IsZero() || p != dateOK {
		return "", false
	}
	return content.DayOf(t), true
}
