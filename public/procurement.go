package public

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
	"newsroom/templates"
	"newsroom/web"
)

// Procurement summaries (issue 13): /procurement/{fy} is a fiscal year's
// roll-up (its twelve months, their summaries' state, totals by method);
// /procurement/{fy}/{month} is the month's สขร.1, one table per unit, also
// as CSV (UTF-8 with BOM) and XLSX: /procurement/{fy}/{month}.csv|.xlsx.
// The three are built from the same cells (sor1Cells).

var _ = addSiteSection(siteSection{Path: "/procurement", Label: "proc.public_title", Order: 60, Footer: true})

// sor1Cols are the สขร.1's columns: the catalog keys of their headers.
var sor1Cols = []string{"sor1.n", "sor1.work", "sor1.budget", "sor1.ref_price", "sor1.method", "sor1.bidders", "sor1.winner", "sor1.reason", "sor1.contract", "sor1.egp_no"}

// sor1Money are the columns holding an amount (numbers in the XLSX).
var sor1Money = map[int]bool{2: true, 3: true}

// sor1Cell is one cell: its text, and its amount for money columns.
type sor1Cell struct {
	Text  string
	Money content.Money
	IsNum bool
}

// sor1Cells is row n (from 1) of the สขร.1 for record p in lang.
func sor1Cells(lang string, n int, p content.Procurement) []sor1Cell {
	baht := templates.T(lang, "sor1.baht")
	var bidders []string
	for _, b := range p.Bidders {
		bidders = append(bidders, b.Name+" "+b.Price.String()+" "+baht)
	}
	winner := ""
	if p.Winner != "" {
		winner = p.Winner + " " + templates.T(lang, "sor1.price") + " " + p.AgreedPrice.String() + " " + baht
	}
	contract := p.ContractNo
	if !p.ContractDate.IsZero() {
		contract = strings.TrimSpace(contract + " " + templates.Tf(lang, "sor1.dated", templates.Date(lang, p.ContractDate)))
	}
	return []sor1Cell{
		{Text: strconv.Itoa(n)},
		{Text: p.Title},
		{Text: p.Budget.String(), Money: p.Budget, IsNum: true},
		{Text: p.RefPrice.String(), Money: p.RefPrice, IsNum: true},
		{Text: templates.T(lang, "proc.method."+string(p.Method))},
		{Text: strings.Join(bidders, "\n")},
		{Text: winner},
		{Text: p.Reason},
		{Text: contract},
		{Text: p.EGPNo},
	}
}

// sor1Table is one unit's table of a month.
type sor1Table struct {
	Unit  string
	Rows  [][]sor1Cell
	Total content.Money // of the agreed prices
}

// sor1Month is a month's summary.
type sor1Month struct {
	FY, Month int
	Title     string
	State     string // "published", "none" or "" (not published)
	Headers   []string
	Tables    []sor1Table
	Unit      *roles.Unit // the ?unit= filter
	Base      string      // this page's path, for the download links
	Query     string      // "?unit=…" or ""
}

// buildSor1 reads month m of fiscal year fy for lang (one unit's when unit
// is not nil). An unpublished month has no tables.
func (h *Handler) buildSor1(ctx context.Context, lang string, fy, m int, unit *roles.Unit) (sor1Month, error) {
	out := sor1Month{FY: fy, Month: m, Unit: unit,
		Title: templates.Tf(lang, "sor1.title", templates.MonthName(lang, m), calendarYear(lang, fy, m))}
	for _, k := range sor1Cols {
		out.Headers = append(out.Headers, templates.T(lang, k))
	}
	months, err := h.content.ProcurementMonths(ctx, fy, h.now())
	if err != nil {
		return out, err
	}
	for _, pm := range months {
		if pm.Month == m {
			out.State = pm.State
		}
	}
	if out.State != "published" {
		return out, nil
	}
	var uid int64
	if unit != nil {
		uid = unit.ID
	}
	list, err := h.content.MonthProcurements(ctx, fy, m, uid)
	if err != nil {
		return out, err
	}
	for _, p := range list {
		name := p.UnitName
		if lang == "en" && p.UnitNameEN != "" {
			name = p.UnitNameEN
		}
		if len(out.Tables) == 0 || out.Tables[len(out.Tables)-1].Unit != name {
			out.Tables = append(out.Tables, sor1Table{Unit: name})
		}
		t := &out.Tables[len(out.Tables)-1]
		t.Rows = append(t.Rows, sor1Cells(lang, len(t.Rows)+1, p))
		t.Total += p.AgreedPrice
	}
	return out, nil
}

// calendarYear is the calendar year (B.E. in Thai, CE in English) of month
// m of fiscal year fy.
func calendarYear(lang string, fy, m int) int {
	y := fy
	if m >= 10 {
		y--
	}
	if lang == "en" {
		return y - 543
	}
	return y
}

func (h *Handler) procurementIndex(c *gin.Context) {
	c.Redirect(http.StatusFound, langPrefix(web.LangOf(c))+"/procurement/"+strconv.Itoa(content.FiscalYear(h.now())))
}

// fyParam reads :fy, a B.E. fiscal year.
func fyParam(c *gin.Context) (int, bool) {
	fy, err := strconv.Atoi(c.Param("fy"))
	return fy, err == nil && fy >= minFY && fy <= maxFY
}

type methodTotal struct {
	Method content.ProcMethod
	Count  int
	Agreed content.Money
	Budget content.Money
}

type procYearData struct {
	FY      int
	Months  []content.ProcurementMonth
	Totals  []methodTotal
	All     methodTotal
	Current bool
	Years   []int
}

// procurementYear is a fiscal year's roll-up: the months, totals by method
// of the published months' records.
func (h *Handler) procurementYear(c *gin.Context) {
	fy, ok := fyParam(c)
	if !ok {
		h.NotFound(c)
		return
	}
	ctx, now := c.Request.Context(), h.now()
	months, err := h.content.ProcurementMonths(ctx, fy, now)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d := procYearData{FY: fy, Months: months, Current: fy == content.FiscalYear(now)}
	for y := content.FiscalYear(now); y >= content.FiscalYear(now)-4; y-- {
		d.Years = append(d.Years, y)
	}
	byMethod := map[content.ProcMethod]*methodTotal{}
	for _, m := range content.ProcMethods {
		d.Totals = append(d.Totals, methodTotal{Method: m})
	}
	for i := range d.Totals {
		byMethod[d.Totals[i].Method] = &d.Totals[i]
	}
	for _, pm := range months {
		if pm.State != "published" {
			continue
		}
		list, err := h.content.MonthProcurements(ctx, fy, pm.Month, 0)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		for _, p := range list {
			if t := byMethod[p.Method]; t != nil {
				t.Count++
				t.Agreed += p.AgreedPrice
				t.Budget += p.Budget
				d.All.Count++
				d.All.Agreed += p.AgreedPrice
				d.All.Budget += p.Budget
			}
		}
	}
	p := h.web.Page(c, "")
	p.Title = templates.Tf(p.Lang, "proc.year_title", fy)
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	p.Data = d
	h.web.Render(c, http.StatusOK, "public/procurement_year", p)
}

// procurementMonth is a month's สขร.1 as HTML, CSV or XLSX.
func (h *Handler) procurementMonth(c *gin.Context) {
	fy, ok := fyParam(c)
	raw, format, _ := strings.Cut(c.Param("month"), ".")
	m, err := strconv.Atoi(raw)
	if !ok || err != nil || m < 1 || m > 12 || (format != "" && format != "csv" && format != "xlsx") || raw != strconv.Itoa(m) {
		h.NotFound(c)
		return
	}
	unit, err := h.unitFilter(c)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	lang := web.LangOf(c)
	d, err := h.buildSor1(c.Request.Context(), lang, fy, m, unit)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d.Base = langPrefix(lang) + "/procurement/" + strconv.Itoa(fy) + "/" + strconv.Itoa(m)
	if unit != nil {
		d.Query = "?unit=" + unit.Slug
	}
	name := fmt.Sprintf("sor1-%d-%02d", fy, m)
	if unit != nil {
		name += "-" + unit.Slug
	}
	switch format {
	case "csv":
		c.Header("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		c.Data(http.StatusOK, "text/csv; charset=utf-8", sor1CSV(d, lang))
	case "xlsx":
		b, err := sor1XLSX(d, lang)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		c.Header("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b)
	default:
		p := h.web.Page(c, "")
		p.Title = d.Title
		p.AltURL, p.SelfURL = altURL(c.Request.URL.RequestURI(), p.Lang), c.Request.URL.RequestURI()
		p.Data = d
		h.web.Render(c, http.StatusOK, "public/procurement_month", p)
	}
}

// sor1CSV is the month as CSV: a title line, then per unit its name, the
// header and its rows. UTF-8 with a BOM, so spreadsheets read the Thai.
func sor1CSV(d sor1Month, lang string) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := newsroom.NewCSVWriter(&b)
	w.Write([]string{d.Title})
	if d.State != "published" {
		w.Write([]string{stateText(d, lang)})
	}
	for _, t := range d.Tables {
		w.Write([]string{t.Unit})
		w.Write(d.Headers)
		for _, r := range t.Rows {
			rec := make([]string, len(r))
			for i, cell := range r {
				rec[i] = cell.Text
			}
			w.Write(rec)
		}
	}
	w.Flush()
	return b.Bytes()
}

func stateText(d sor1Month, lang string) string {
	if d.State == "none" {
		return templates.T(lang, "sor1.none")
	}
	return templates.T(lang, "sor1.not_published")
}

// sor1XLSX is the month as a spreadsheet: one sheet, the title row, then
// per unit its name, a bold header and its rows, amounts as numbers with
// two decimals and thousands separators.
func sor1XLSX(d sor1Month, lang string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "สขร.1"
	if lang == "en" {
		sheet = "Summary"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	fmtMoney := "#,##0.00"
	money, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fmtMoney, Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	row := 1
	set := func(col int, v any, style int) error {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, cell, cell, style)
	}
	if err := set(1, d.Title, bold); err != nil {
		return nil, err
	}
	row++
	if d.State != "published" {
		if err := set(1, stateText(d, lang), wrap); err != nil {
			return nil, err
		}
		row++
	}
	for _, t := range d.Tables {
		if err := set(1, t.Unit, bold); err != nil {
			return nil, err
		}
		row++
		for i, hd := range d.Headers {
			if err := set(i+1, hd, bold); err != nil {
				return nil, err
			}
		}
		row++
		for _, r := range t.Rows {
			for i, cell := range r {
				var err error
				switch {
				case cell.IsNum:
					err = set(i+1, cell.Money.Baht(), money)
				case i == 0:
					n, _ := strconv.Atoi(cell.Text)
					err = set(i+1, n, wrap)
				default:
					err = set(i+1, cell.Text, wrap)
				}
				if err != nil {
					return nil, err
				}
			}
			row++
		}
	}
	widths := []float64{8, 40, 16, 16, 14, 36, 32, 30, 26, 14}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func init() {
	// A procurement record's preview: its row of the month's สขร.1.
	previewSources[content.ProcurementKind] = func(h *Handler, ctx context.Context, l content.PreviewLink, now time.Time) (previewed, error) {
		p, err := h.content.Procurement(ctx, l.ItemID())
		if err := previewable(p.Meta, err); err != nil {
			return previewed{}, err
		}
		lang := string(p.Lang)
		d := sor1Month{Title: p.Title, State: "published", Tables: []sor1Table{{Unit: p.UnitName, Rows: [][]sor1Cell{sor1Cells(lang, 1, p)}, Total: p.AgreedPrice}}}
		for _, k := range sor1Cols {
			d.Headers = append(d.Headers, templates.T(lang, k))
		}
		return previewed{page: "public/procurement_month", title: p.Title, lang: p.Lang, data: d}, nil
	}
}
