package public

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/kind"
	"newsroom/roles"
	"newsroom/web"
)

// archiveView is the fiscal-year/month filter of a list page. With a year
// chosen the list is the archive: every public item of that period, expired
// ones included, newest first, in stable cursor pages. Without one it is the
// current list: what is live now.
type archiveView struct {
	Active bool
	FY     int
	Month  int
	Years  []int
	Months []int
	Next   string // URL of the next (older) page, "" when none
}

const archivePerPage = 20

// archive reads ?fy=, ?month= and ?after= for a list of k.
func (h *Handler) archive(c *gin.Context, k *kind.Kind) (archiveView, content.Archive, error) {
	years, err := h.content.FiscalYears(c.Request.Context(), k, h.now())
	if err != nil {
		return archiveView{}, content.Archive{}, err
	}
	v := archiveView{Years: years, Months: content.FiscalMonths}
	a := content.Archive{Lang: content.Lang(web.LangOf(c)), After: content.ParseCursor(c.Query("after")), Limit: archivePerPage}
	var ok bool
	if v.FY, ok = rangeParam(c, "fy", minFY, maxFY); !ok {
		return v, a, newsroom.ErrNotFound
	}
	if v.Month, ok = rangeParam(c, "month", 1, 12); !ok {
		return v, a, newsroom.ErrNotFound
	}
	if v.FY == 0 {
		v.Month = 0 // a month alone is no archive: the current list
		return v, a, nil
	}
	v.Active = true
	a.From, a.To = content.FiscalYearRange(v.FY)
	if v.Month != 0 {
		a.From, a.To = content.FiscalMonthRange(v.FY, v.Month)
	}
	return v, a, nil
}

// The fiscal years (B.E.) an archive URL may name: 1957–2157 CE, far wider
// than the site's content, narrow enough for any date arithmetic.
const (
	minFY = 2500
	maxFY = 2700
)

// rangeParam reads an optional whole-number query parameter in lo..hi:
// absent or empty is 0; ok is false for anything else (the page is 404).
func rangeParam(c *gin.Context, name string, lo, hi int) (int, bool) {
	v := c.Query(name)
	if v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

// next fills the older-page link from the cursor a query returned.
func (v *archiveView) next(c *gin.Context, cur content.Cursor, extra url.Values) {
	if cur.ID == 0 {
		return
	}
	q := url.Values{}
	for k, vs := range extra {
		q[k] = vs
	}
	q.Set("fy", strconv.Itoa(v.FY))
	if v.Month != 0 {
		q.Set("month", strconv.Itoa(v.Month))
	}
	q.Set("after", cur.String())
	v.Next = c.Request.URL.Path + "?" + q.Encode()
}

// listing is one page of a public list: the archive page when a fiscal
// year is chosen, else the live items' numbered page.
type listing[T any] struct {
	Items   []T
	Pager   web.Pager
	Archive archiveView
	Unit    *roles.Unit // the ?unit= filter, nil when none
}

// listSource is how a section reads its archive and its live items.
type listSource[T any] struct {
	kind    *kind.Kind
	column  string // the section's filter column (category, programme), or ""
	value   string // … and its value
	perPage int
	archive func(context.Context, content.Archive, time.Time) ([]T, content.Cursor, error)
	live    func(ctx context.Context, lang content.Lang, now time.Time, limit, offset int) ([]T, int, error)
	// liveUnit lists one unit's live items (the ?unit= filter); nil when
	// the section has no unit filter.
	liveUnit func(ctx context.Context, lang content.Lang, unit int64, now time.Time, limit, offset int) ([]T, int, error)
}

// list builds a section's list page: the same for news, videos and notices.
func list[T any](h *Handler, c *gin.Context, src listSource[T]) (listing[T], error) {
	var l listing[T]
	av, a, err := h.archive(c, src.kind)
	if err != nil {
		return l, err
	}
	l.Archive = av
	extra := url.Values{}
	if src.value != "" {
		extra.Set(src.column, src.value)
	}
	if src.liveUnit != nil {
		if l.Unit, err = h.unitFilter(c); err != nil {
			return l, err
		}
	}
	if l.Unit != nil {
		extra.Set("unit", l.Unit.Slug)
		a.UnitID = l.Unit.ID
	}
	if av.Active {
		a.Column, a.Value = src.column, src.value
		var next content.Cursor
		l.Items, next, err = src.archive(c.Request.Context(), a, h.now())
		l.Archive.next(c, next, extra)
		return l, err
	}
	page, ok := pageParam(c)
	if !ok {
		return l, newsroom.ErrNotFound
	}
	var total int
	if l.Unit != nil {
		l.Items, total, err = src.liveUnit(c.Request.Context(), a.Lang, l.Unit.ID, h.now(), src.perPage, (page-1)*src.perPage)
	} else {
		l.Items, total, err = src.live(c.Request.Context(), a.Lang, h.now(), src.perPage, (page-1)*src.perPage)
	}
	l.Pager = web.NewPager(c.Request.URL.Path, extra, page, src.perPage, total)
	return l, err
}
