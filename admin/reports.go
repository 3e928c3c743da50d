package admin

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/templates"
	"newsroom/web"
)

// reportQuery is a parsed report request: which kind of period and which one.
type reportQuery struct {
	Kind  string // fy, award, month (months of a fiscal year), day (days of a month)
	Year  int    // B.E.: the fiscal or award year
	Month int    // for kind=day
	From  content.Day
	To    content.Day
}

func (h *Handler) reportQuery(c *gin.Context) reportQuery {
	now := h.now()
	q := reportQuery{Kind: c.Query("kind")}
	q.Year, _ = strconv.Atoi(c.Query("year"))
	q.Month, _ = strconv.Atoi(c.Query("month"))
	switch q.Kind {
	case "fy", "award", "month", "day":
	default:
		q.Kind = "award"
	}
	if q.Year < 2500 || q.Year > 2700 {
		q.Year = content.FiscalYear(now)
		if q.Kind == "award" {
			q.Year = h.currentAwardYear(now)
		}
	}
	switch q.Kind {
	case "award":
		q.From, q.To = content.AwardYearRange(q.Year, h.AwardStart.Month, h.AwardStart.Day)
	case "day":
		if q.Month < 1 || q.Month > 12 {
			q.Month = int(now.In(newsroom.Bangkok).Month())
		}
		from, to := content.FiscalMonthRange(q.Year, q.Month)
		q.From, q.To = content.DayOf(from), content.DayOf(to)
	default:
		q.From, q.To = content.FiscalYearDays(q.Year)
	}
	return q
}

// currentAwardYear is the award year (B.E., named by its anniversary) that
// contains now.
func (h *Handler) currentAwardYear(now time.Time) int {
	y := content.BE(now.In(newsroom.Bangkok).Year())
	if from, _ := content.AwardYearRange(y+1, h.AwardStart.Month, h.AwardStart.Day); content.DayOf(now) >= from {
		return y + 1
	}
	return y
}

// AwardStart is the day the award year starts (the university's founding
// anniversary, 2 September, by default).
type AwardStart struct {
	Month time.Month
	Day   int
}

type bar struct {
	Label string
	Value int
	Y     int
	Width int
	Rank  int
}

type reportData struct {
	Q       reportQuery
	Rows    []content.TallyRow
	Bars    []bar
	ChartH  int
	Periods bool // rows are per month or day
	Years   []int
	Months  []int
	CSV     string
}

// showReport is the tally report: a leaderboard (ties share a rank) with a
// bar chart drawn on the server, or counts per month or day.
func (h *Handler) showReport(c *gin.Context) {
	q := h.reportQuery(c)
	rows, err := h.reportRows(c, q)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d := reportData{Q: q, Rows: rows, Periods: q.Kind == "month" || q.Kind == "day", Months: content.FiscalMonths,
		CSV: "/admin/reports.csv?" + c.Request.URL.RawQuery}
	for y := content.FiscalYear(h.now()) + 1; y >= content.FiscalYear(h.now())-5; y-- {
		d.Years = append(d.Years, y)
	}
	if !d.Periods {
		d.Bars, d.ChartH = chartBars(rows)
	}
	h.renderPage(c, http.StatusOK, "admin/reports", "reports", "reports.title", nil, d)
}

func (h *Handler) reportRows(c *gin.Context, q reportQuery) ([]content.TallyRow, error) {
	switch q.Kind {
	case "month":
		return h.content.TallyBy(c.Request.Context(), "month", q.From, q.To)
	case "day":
		return h.content.TallyBy(c.Request.Context(), "day", q.From, q.To)
	}
	return h.content.Leaderboard(c.Request.Context(), q.From, q.To)
}

// chartBars lays out a horizontal bar chart, 28 px a unit, longest bar 500 px.
func chartBars(rows []content.TallyRow) ([]bar, int) {
	most := 1
	for _, r := range rows {
		most = max(most, r.Picks)
	}
	bars := make([]bar, 0, len(rows))
	for i, r := range rows {
		bars = append(bars, bar{Label: r.UnitName, Value: r.Picks, Y: 10 + i*28, Width: max(2, r.Picks*500/most), Rank: r.Rank})
	}
	return bars, 20 + len(rows)*28
}

// reportCSV downloads the report as CSV that Excel opens with Thai intact:
// UTF-8 with a byte-order mark. Text cells that a spreadsheet would run as a
// formula are neutralised (newsroom.CSVCell).
func (h *Handler) reportCSV(c *gin.Context) {
	q := h.reportQuery(c)
	rows, err := h.reportRows(c, q)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	lang := web.LangOf(c)
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := newsroom.NewCSVWriter(&b) // unit names are typed by admins: no formulas
	w.Write([]string{templates.T(lang, "reports.period"), templates.T(lang, "reports.rank"), templates.T(lang, "reports.unit"), templates.T(lang, "reports.picks")})
	for _, r := range rows {
		period := r.Period
		if period == "" {
			period = fmt.Sprintf("%s..%s", q.From, q.To.Add(-1))
		}
		rank := ""
		if r.Rank > 0 {
			rank = strconv.Itoa(r.Rank)
		}
		w.Write([]string{period, rank, r.UnitName, strconv.Itoa(r.Picks)})
	}
	w.Flush()
	name := fmt.Sprintf("featured-%s-%d.csv", q.Kind, q.Year)
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
}
