package admin

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
	"newsroom/templates"
	"newsroom/web"
)

// The ITA/OIT hub (central PR only): the opened fiscal years, each year's
// items with their flags (missing evidence, evidence outside its window,
// procurement months without a summary), the item editor, and the URL list
// for the assessment system. Items are a content kind: trash and revisions
// come from the shared resource routes under /admin/ita/:id; a year's pages
// are /admin/ita/{fy}, which no item id can be mistaken for on GET (an
// item's page is its /edit).
var _ = addSection(content.ITAKind, func(h *Handler, in *gin.RouterGroup) {
	g := in.Group("/ita", h.web.Require(roles.ITA, roles.Edit))
	g.POST("/years", h.openITAYear)
	g.GET("/:id", h.showITAYear)
	g.GET("/:id/urls", h.itaURLs)
	g.GET("/:id/urls.csv", h.itaURLsCSV)
	// The editor, trash, review and revisions of the shared resource routes;
	// no takedown routes: the kind has no takedown (see content.ITAKind).
	r := h.itaResource()
	g.GET("", h.listITAYears)
	g.GET("/new", h.showNewITAItem)
	g.POST("", h.createITAItem)
	g.GET("/:id/edit", r.with(h, roles.Edit, edit(h.renderITAForm)))
	g.POST("/:id", r.with(h, roles.Edit, h.saveITAItem))
	// Trash goes back to the item's year (the shared one to the years).
	g.POST("/:id/delete", r.change(h, roles.Delete, "trash", "status.trashed",
		func(_ *gin.Context, it content.ITAItem) string { return fmt.Sprintf("/admin/ita/%d", it.FY) },
		func(c *gin.Context, id int64) error {
			return h.content.Trash(c.Request.Context(), content.ITAKind, id, h.now())
		}))
	g.POST("/:id/restore", r.restore(h))
	r.reviewRoutes(h, g)
	r.previewRoutes(h, g, edit(h.renderITAForm))
})

// The item's columns compared on its revisions page (evidence_text is its
// evidence list, one row a line).
func init() {
	diffFields = append(diffFields, "code", "title_th", "title_en", "requirement_th", "requirement_en", "span",
		"nothing_th", "nothing_en", "evidence_text")
}

func (h *Handler) itaResource() resource[content.ITAItem] {
	return resource[content.ITAItem]{kind: content.ITAKind, load: h.content.ITAItem,
		meta:   func(it content.ITAItem) content.Meta { return it.Meta },
		target: func(content.ITAItem) roles.Target { return roles.Target{Kind: roles.ITA} },
		label:  func(it content.ITAItem) (int64, string) { return it.ID, it.Code + " " + it.TitleTH }}
}

// itaYearParam reads the fiscal year in :id; a year out of range or never
// opened is 404.
func (h *Handler) itaYearParam(c *gin.Context) (int, bool) {
	fy, err := strconv.Atoi(c.Param("id"))
	if err == nil && fy >= 2500 && fy <= 2700 {
		open, err := h.content.ITAYearOpen(c.Request.Context(), fy)
		if err != nil {
			h.web.Fail(c, err)
			return 0, false
		}
		if open {
			return fy, true
		}
	}
	h.web.Fail(c, newsroom.ErrNotFound)
	return 0, false
}

type itaYearRow struct {
	content.ITAYear
	Flagged int
	Current bool
}

type itaYearsData struct {
	Years   []itaYearRow
	Current int
	FY      string // the open-year form's values
	From    string
}

func (h *Handler) listITAYears(c *gin.Context) {
	h.renderITAYears(c, http.StatusOK, "", "", nil)
}

func (h *Handler) renderITAYears(c *gin.Context, status int, fy, from string, errs newsroom.FieldErrors) {
	ctx := c.Request.Context()
	now := h.now()
	years, err := h.content.ITAYears(ctx)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d := itaYearsData{Current: content.FiscalYear(now), FY: fy, From: from}
	for _, y := range years {
		rows, err := h.itaRows(c, y.FY, false)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		r := itaYearRow{ITAYear: y, Current: y.FY == d.Current}
		for _, row := range rows {
			if row.Check.State != content.ITAOK {
				r.Flagged++
			}
		}
		d.Years = append(d.Years, r)
	}
	if d.FY == "" {
		next := d.Current
		if len(years) > 0 {
			next = max(next, years[0].FY+1)
		}
		d.FY = strconv.Itoa(next)
		if len(years) > 0 {
			d.From = strconv.Itoa(years[0].FY)
		}
	}
	h.renderPage(c, status, "admin/ita_years", "ita", "ita.title", errs, d)
}

// openITAYear opens a fiscal year, empty or as a copy of another.
func (h *Handler) openITAYear(c *gin.Context) {
	fyText, fromText := strings.TrimSpace(c.PostForm("fy")), strings.TrimSpace(c.PostForm("from"))
	fy, err := strconv.Atoi(fyText)
	if err != nil || fy < 2500 || fy > 2700 {
		h.renderITAYears(c, http.StatusUnprocessableEntity, fyText, fromText, newsroom.FieldErrors{"fy": "err.ita_fy"})
		return
	}
	from := 0
	if fromText != "" {
		if from, err = strconv.Atoi(fromText); err != nil || from < 2500 || from > 2700 {
			h.renderITAYears(c, http.StatusUnprocessableEntity, fyText, fromText, newsroom.FieldErrors{"from": "err.ita_from"})
			return
		}
	}
	u := web.UserOf(c)
	err = h.content.OpenITAYear(c.Request.Context(), fy, from, content.Author{UserID: u.ID, Name: u.Name}, h.now())
	if errors.Is(err, newsroom.ErrConflict) {
		err = newsroom.FieldErrors{"fy": "err.ita_year_exists"}
	}
	var fe newsroom.FieldErrors
	switch {
	case errors.As(err, &fe):
		h.renderITAYears(c, http.StatusUnprocessableEntity, fyText, fromText, fe)
		return
	case err != nil:
		h.web.Fail(c, err)
		return
	}
	h.record(c, "ita.open_year", content.ITAKind.Action, int64(fy), strconv.Itoa(fy))
	h.redirectWithFlash(c, fmt.Sprintf("/admin/ita/%d", fy), "ita.year_opened")
}

type itaRow struct {
	Item  content.ITAItem
	Check content.ITACheck
}

// itaRows are a year's items (or those in its trash) with their checks.
func (h *Handler) itaRows(c *gin.Context, fy int, trashed bool) ([]itaRow, error) {
	ctx := c.Request.Context()
	items, err := h.content.ITAItems(ctx, fy, false, trashed)
	if err != nil {
		return nil, err
	}
	now, lang := h.now(), web.LangOf(c)
	rows := make([]itaRow, 0, len(items))
	for _, it := range items {
		chk, err := h.content.CheckITA(ctx, it, lang, now)
		if err != nil {
			return nil, err
		}
		rows = append(rows, itaRow{Item: it, Check: chk})
	}
	return rows, nil
}

type itaYearData struct {
	FY       int
	Rows     []itaRow
	Trashed  bool
	Counts   map[string]int
	Current  int
	Now      time.Time
	SpanFrom time.Time
	SpanTo   time.Time
}

// showITAYear is a year's items with their flags and the way to fix each.
func (h *Handler) showITAYear(c *gin.Context) {
	fy, ok := h.itaYearParam(c)
	if !ok {
		return
	}
	trashed := c.Query("state") == "trashed"
	rows, err := h.itaRows(c, fy, trashed)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d := itaYearData{FY: fy, Rows: rows, Trashed: trashed, Counts: map[string]int{}, Current: content.FiscalYear(h.now()), Now: h.now()}
	d.SpanFrom, d.SpanTo = content.FiscalYearRange(fy)
	d.SpanTo = d.SpanTo.Add(-time.Millisecond)
	for _, r := range rows {
		d.Counts[r.Check.State]++
	}
	p := h.web.Page(c, "ita.year_title")
	p.Title = fmt.Sprintf(p.Title, fy)
	p.Nav, p.Data = "ita", d
	h.web.Render(c, http.StatusOK, "admin/ita_year", p)
}

// The item editor.

type itaEvRow struct {
	N int
	content.ITAEvidence
}

type itaFormData struct {
	formPage
	Item    content.ITAItem
	Rows    []itaEvRow
	Spans   []string
	Sources []string
	Choices content.ITAChoices
	Check   *content.ITACheck // the saved item's flags
}

// blankEvidenceRows are the empty rows the form offers for new evidence.
const blankEvidenceRows = 3

func (h *Handler) showNewITAItem(c *gin.Context) {
	fy, err := strconv.Atoi(c.Query("fy"))
	if err != nil {
		fy = content.FiscalYear(h.now())
	}
	open, err := h.content.ITAYearOpen(c.Request.Context(), fy)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	if !open {
		h.web.Fail(c, newsroom.ErrNotFound)
		return
	}
	items, err := h.content.ITAItems(c.Request.Context(), fy, false, false)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	it := content.ITAItem{Meta: h.defaultMeta(c, 0), FY: fy, Span: content.SpanCurrent}
	it.Sort = min(len(items)+1, content.MaxSort)
	h.renderITAForm(c, http.StatusOK, it, "", nil)
}

func (h *Handler) renderITAForm(c *gin.Context, status int, it content.ITAItem, formToken string, errs newsroom.FieldErrors) {
	ctx := c.Request.Context()
	fp, err := h.formPage(c, roles.ITA, it.Meta, formToken)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	choices, err := h.content.ITAChoices(ctx)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	fp.CanTakeDown = false // the kind has no takedown
	d := itaFormData{formPage: fp, Item: it, Spans: content.ITASpans, Sources: content.ITASources, Choices: choices}
	for i, e := range it.Evidence {
		d.Rows = append(d.Rows, itaEvRow{N: i, ITAEvidence: e})
	}
	for i := 0; i < blankEvidenceRows && len(d.Rows) < content.MaxITAEvidence; i++ {
		d.Rows = append(d.Rows, itaEvRow{N: len(d.Rows)})
	}
	if it.ID != 0 && errs == nil {
		chk, err := h.content.CheckITA(ctx, it, web.LangOf(c), h.now())
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		d.Check = &chk
	}
	h.renderPage(c, status, "admin/ita_form", "ita", formTitle("ita", it.ID), errs, d)
}

func (h *Handler) createITAItem(c *gin.Context) { h.saveITAItem(c, content.ITAItem{}) }

func (h *Handler) saveITAItem(c *gin.Context, old content.ITAItem) {
	u := web.UserOf(c)
	in := content.ITAItemInput{MetaInput: h.metaInput(c, roles.ITA, old.UnitID),
		FY:   int(max(min(formInt(c, "fy", 0), 9999), 0)),
		Code: c.PostForm("code"), TitleTH: c.PostForm("title_th"), TitleEN: c.PostForm("title_en"),
		RequirementTH: c.PostForm("requirement_th"), RequirementEN: c.PostForm("requirement_en"), Span: c.PostForm("span"),
		NothingTH: c.PostForm("nothing_th"), NothingEN: c.PostForm("nothing_en"), Evidence: readEvidence(c)}
	if old.ID == 0 && !h.allow(c, roles.Create, roles.Target{Kind: roles.ITA}) {
		return
	}
	id, err := h.content.SaveITAItem(c.Request.Context(), old, in, content.Author{UserID: u.ID, Name: u.Name}, h.now())
	failed := h.formFailed(c, err, func(fe newsroom.FieldErrors) {
		it := old
		if it.ID == 0 {
			it.FY, it.Sort, it.UnitID = in.FY, in.Sort, in.UnitID
		}
		it.Code, it.TitleTH, it.TitleEN, it.Span = in.Code, in.TitleTH, in.TitleEN, in.Span
		it.RequirementTH, it.RequirementEN, it.NothingTH, it.NothingEN = in.RequirementTH, in.RequirementEN, in.NothingTH, in.NothingEN
		it.Evidence = in.Evidence
		h.renderITAForm(c, http.StatusUnprocessableEntity, it, in.FormToken, fe)
	})
	if !failed {
		fy := cmp.Or(old.FY, in.FY)
		h.saved(c, verb(content.ITAKind, old.ID), content.ITAKind.Action, id, in.Code+" "+in.TitleTH, fmt.Sprintf("/admin/ita/%d", fy), "ita.saved")
	}
}

// readEvidence reads the form's evidence rows: ev_source[i], ev_ref[i],
// ev_url[i], ev_label_th[i], ev_label_en[i] and ev_order[i], skipping
// blank rows and those whose index is in ev_remove, in ev_order's order
// (ties keep the form's order). At most twice the limit is read; more is
// refused by validation.
func readEvidence(c *gin.Context) []content.ITAEvidence {
	f := c.Request.PostForm
	at := func(name string, i int) string {
		if v := f[name]; i < len(v) {
			return v[i]
		}
		return ""
	}
	removed := map[string]bool{}
	for _, v := range f["ev_remove"] {
		removed[v] = true
	}
	type row struct {
		order int
		e     content.ITAEvidence
	}
	var rows []row
	n := min(len(f["ev_source"]), 2*content.MaxITAEvidence)
	for i := 0; i < n; i++ {
		src := strings.TrimSpace(at("ev_source", i))
		if src == "" || removed[strconv.Itoa(i)] {
			continue
		}
		order, err := strconv.Atoi(strings.TrimSpace(at("ev_order", i)))
		if err != nil || order < 0 || order > 1000 {
			order = i + 1
		}
		rows = append(rows, row{order, content.ITAEvidence{Source: src, Ref: at("ev_ref", i), URL: at("ev_url", i),
			LabelTH: at("ev_label_th", i), LabelEN: at("ev_label_en", i)}})
	}
	slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(a.order, b.order) })
	out := make([]content.ITAEvidence, len(rows))
	for i, r := range rows {
		out[i] = r.e
	}
	return out
}

// The URL list for the assessment system: one absolute URL per code.

type itaURL struct {
	Code, Title, URL string
}

func (h *Handler) itaURLList(c *gin.Context) (int, []itaURL, bool) {
	fy, ok := h.itaYearParam(c)
	if !ok {
		return 0, nil, false
	}
	items, err := h.content.ITAItems(c.Request.Context(), fy, true, false)
	if err != nil {
		h.web.Fail(c, err)
		return 0, nil, false
	}
	base := strings.TrimRight(h.web.BaseURL, "/")
	lang := web.LangOf(c)
	out := make([]itaURL, 0, len(items))
	for _, it := range items {
		out = append(out, itaURL{Code: it.Code, Title: it.Title(lang), URL: base + it.Path("th")})
	}
	return fy, out, true
}

// itaURLs is a page to copy the URL list from.
func (h *Handler) itaURLs(c *gin.Context) {
	fy, urls, ok := h.itaURLList(c)
	if !ok {
		return
	}
	var all strings.Builder
	for _, u := range urls {
		all.WriteString(u.Code + "\t" + u.URL + "\n")
	}
	p := h.web.Page(c, "ita.urls_title")
	p.Title = fmt.Sprintf(p.Title, fy)
	p.Nav = "ita"
	p.Data = struct {
		FY   int
		URLs []itaURL
		All  string
	}{fy, urls, all.String()}
	h.web.Render(c, http.StatusOK, "admin/ita_urls", p)
}

// itaURLsCSV is the URL list as CSV (UTF-8 with BOM, for Excel): code,
// title, URL.
func (h *Handler) itaURLsCSV(c *gin.Context) {
	fy, urls, ok := h.itaURLList(c)
	if !ok {
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="ita-%d-urls.csv"`, fy))
	c.Header("Cache-Control", "no-store")
	c.Status(http.StatusOK)
	c.Writer.WriteString("\ufeff")
	w := newsroom.NewCSVWriter(c.Writer)
	lang := web.LangOf(c)
	w.Write([]string{templates.T(lang, "ita.code"), templates.T(lang, "ita.item_title"), "URL"})
	for _, u := range urls {
		w.Write([]string{u.Code, u.Title, u.URL})
	}
	w.Flush()
}
