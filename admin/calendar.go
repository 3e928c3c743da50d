package admin

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/kind"
	"newsroom/roles"
	"newsroom/templates"
	"newsroom/web"
)

// The editorial calendar (/admin/calendar?month=2026-12): what starts (▶)
// and stops (■) showing on each day of a month, of every kind with a
// publishing status, each linked to its editor. Unit PR see their unit's
// items, notice officers their categories, central PR everything.

// calItem is one item on a day.
type calItem struct {
	Title   string
	Path    string // the item's editor
	Section string // nav.<section> names its kind
	State   string // state.<state> names its badge
	Unit    string
	Lang    content.Lang
}

// calDay is one cell of the month's grid.
type calDay struct {
	Date    time.Time
	InMonth bool
	Today   bool
	Starts  []calItem
	Stops   []calItem
}

// Busy reports whether anything starts or stops that day.
func (d calDay) Busy() bool { return len(d.Starts)+len(d.Stops) > 0 }

type calendarData struct {
	MonthName string // "ธันวาคม" / "December"
	Year      int    // B.E. in Thai
	Prev      string // ?month= of the month before
	Next      string
	This      string // this month, when another is shown
	Weeks     [][]calDay
	Weekdays  []string // message keys, Sunday first
	Count     int
	More      bool // some items were left off (MaxCalendarRows)
	Max       int
	UnitOnly  bool // the user sees one unit's items
}

// calendarMonth reads ?month= (yyyy-mm, a B.E. year read as such) as the
// first instant of that month in Bangkok; anything else, or a month
// outside the years the forms accept, is this month.
func calendarMonth(q string, now time.Time) time.Time {
	now = now.In(newsroom.Bangkok)
	this := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, newsroom.Bangkok)
	y, m, ok := strings.Cut(strings.TrimSpace(q), "-")
	if !ok || len(y) != 4 || len(m) < 1 || len(m) > 2 {
		return this
	}
	year, err1 := strconv.Atoi(y)
	month, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || month < 1 || month > 12 {
		return this
	}
	if year >= beFrom {
		year -= beOffset
	}
	if year < minYear || year > now.Year()+maxYearsAhead {
		return this
	}
	return time.Date(year, time.Month(month), 1, 0, 0, 0, 0, newsroom.Bangkok)
}

// calendarScopes are the kinds the user may see, each scoped as its admin
// list is: OwnUnit to the user's unit, notices to the user's categories.
func calendarScopes(u *roles.User) (scopes []content.CalendarScope, unitOnly bool) {
	a := u.Actor()
	for _, k := range kind.With(kind.Status) {
		if k.Edit == "" || k.Title == "" {
			continue
		}
		sc := content.CalendarScope{Kind: k}
		switch roles.ScopeOf(a, roles.Kind(k.Name)) {
		case roles.None:
			continue
		case roles.OwnUnit:
			sc.Unit, unitOnly = u.UnitID, true
		}
		if roles.Kind(k.Name) == roles.Notice {
			sc.Categories = roles.NoticeCategories(a)
		}
		scopes = append(scopes, sc)
	}
	return scopes, unitOnly
}

func (h *Handler) showCalendar(c *gin.Context) {
	u := web.UserOf(c)
	scopes, unitOnly := calendarScopes(u)
	if len(scopes) == 0 {
		h.web.Fail(c, newsroom.ErrForbidden)
		return
	}
	lang, now := web.LangOf(c), h.now()
	first := calendarMonth(c.Query("month"), now)
	next := first.AddDate(0, 1, 0)
	entries, more, err := h.content.Calendar(c.Request.Context(), scopes, first, next)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d := calendarData{MonthName: templates.MonthName(lang, int(first.Month())), Year: displayYear(lang, first),
		Prev: first.AddDate(0, -1, 0).Format("2006-01"), Next: next.Format("2006-01"),
		Count: len(entries), More: more, Max: content.MaxCalendarRows, UnitOnly: unitOnly,
		Weekdays: []string{"calendar.weekday.0", "calendar.weekday.1", "calendar.weekday.2", "calendar.weekday.3",
			"calendar.weekday.4", "calendar.weekday.5", "calendar.weekday.6"}}
	if month := now.In(newsroom.Bangkok).Format("2006-01"); month != first.Format("2006-01") {
		d.This = month
	}
	// The grid: whole weeks, Sunday first, around the month's days.
	gridStart := first.AddDate(0, 0, -int(first.Weekday()))
	var days []calDay
	today := content.StartOfDay(now)
	for day := gridStart; day.Before(next) || day.Weekday() != time.Sunday; day = day.AddDate(0, 0, 1) {
		days = append(days, calDay{Date: day, InMonth: !day.Before(first) && day.Before(next), Today: day.Equal(today)})
	}
	index := func(t time.Time) int { return int(content.StartOfDay(t).Sub(gridStart).Hours()+12) / 24 } // Bangkok has no DST
	for _, e := range entries {
		it := calItem{Title: e.Title, Path: e.EditPath(), Section: e.Kind.Section, State: e.State(now), Lang: e.Lang,
			Unit: e.UnitName}
		if lang == "en" && e.UnitNameEN != "" {
			it.Unit = e.UnitNameEN
		}
		if s := e.Window.Start; !s.Before(first) && s.Before(next) {
			days[index(s)].Starts = append(days[index(s)].Starts, it)
		}
		if s := e.Window.End; !s.Before(first) && s.Before(next) {
			days[index(s)].Stops = append(days[index(s)].Stops, it)
		}
	}
	for i := 0; i < len(days); i += 7 {
		d.Weeks = append(d.Weeks, days[i:i+7])
	}
	h.renderPage(c, http.StatusOK, "admin/calendar", "calendar", "calendar.title", nil, d)
}
