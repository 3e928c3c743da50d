package public

import (
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"newsroom/content"
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

// archive reads ?fy=, ?month= and ?after= for a list of table.
func (h *Handler) archive(c *gin.Context, table string) (archiveView, content.Archive, error) {
	years, err := h.content.FiscalYears(c.Request.Context(), table, h.now())
	if err != nil {
		return archiveView{}, content.Archive{}, err
	}
	v := archiveView{Years: years, Months: content.FiscalMonths}
	v.FY, _ = strconv.Atoi(c.Query("fy"))
	v.Month, _ = strconv.Atoi(c.Query("month"))
	a := content.Archive{Lang: content.Lang(web.LangOf(c)), After: content.ParseCursor(c.Query("after")), Limit: archivePerPage}
	if v.FY < 2500 || v.FY > 2700 {
		v.FY = 0
		return v, a, nil
	}
	v.Active = true
	a.From, a.To = content.FiscalYearRange(v.FY)
	if v.Month >= 1 && v.Month <= 12 {
		a.From, a.To = content.FiscalMonthRange(v.FY, v.Month)
	} else {
		v.Month = 0
	}
	return v, a, nil
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
