package admin

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
	"newsroom/templates"
	"newsroom/web"
)

// Procurement records and their monthly summaries (สขร.1), for procurement
// staff and central PR (roles.Procurements).
var _ = addSection(content.ProcurementKind, func(h *Handler, in *gin.RouterGroup) {
	g := in.Group("/procurement", h.web.Require(roles.Procurements, roles.View))
	g.GET("/months/:fy", h.showProcurementMonths)
	g.POST("/months/:fy/:month", h.publishProcurementMonth)
	h.procurementResource().routes(h, g, editor[content.Procurement]{h.listProcurements, h.showNewProcurement, h.createProcurement,
		edit(h.renderProcurementForm), h.saveProcurement})
})

func (h *Handler) procurementResource() resource[content.Procurement] {
	return resource[content.Procurement]{kind: content.ProcurementKind, load: h.content.Procurement,
		meta: func(p content.Procurement) content.Meta { return p.Meta },
		target: func(p content.Procurement) roles.Target {
			return roles.Target{Kind: roles.Procurements, UnitID: p.UnitID}
		},
		label: func(p content.Procurement) (int64, string) { return p.ID, p.Title }}
}

type procListData struct {
	Items   []content.Procurement
	Query   listQuery
	Pager   web.Pager
	Methods []content.ProcMethod
	Months  []int // fiscal-year order, for the month filter
	FY      int
}

func (h *Handler) listProcurements(c *gin.Context) {
	lq := h.listQuery(c, roles.Procurements, "fy", "month", "method", "q")
	f := content.ProcurementFilter{ListFilter: lq.Filter, FY: int(queryInt(c, "fy", 2500, 2700, 0)), Month: int(queryInt(c, "month", 1, 12, 0)),
		Method: content.ProcMethod(c.Query("method")), Q: c.Query("q")}
	if f.Month != 0 && f.FY == 0 { // a month alone is a month of the current fiscal year
		f.FY = content.FiscalYear(h.now())
	}
	items, total, err := h.content.ListProcurements(c.Request.Context(), f)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	h.renderPage(c, http.StatusOK, "admin/procurement_list", "procurement", "procurement.title", nil, procListData{Items: items, Query: lq,
		Pager: lq.pager("/admin/procurement", total), Methods: content.ProcMethods, Months: content.FiscalMonths, FY: content.FiscalYear(h.now())})
}

type procFormData struct {
	formPage
	P       content.Procurement
	Methods []content.ProcMethod
	Kinds   []string
	States  []string
	Notices []content.Notice // procurement notices to link
	Bidders []content.Bidder // the rows shown: the record's, what was typed, and blanks
	Dates   map[string]string
}

// Linked reports whether notice id is linked on the form.
func (d procFormData) Linked(id int64) bool {
	for _, n := range d.P.NoticeIDs {
		if n == id {
			return true
		}
	}
	return false
}

func (h *Handler) showNewProcurement(c *gin.Context) {
	p := content.Procurement{Meta: h.defaultMeta(c, 3650), Method: "specific", ProcKind: "buy", State: "planned"}
	h.renderProcurementForm(c, http.StatusOK, p, "", nil)
}

// blankBidders is how many empty bidder rows the form offers beyond the
// record's (more come with the "add" button, or after a save).
const blankBidders = 3

func (h *Handler) renderProcurementForm(c *gin.Context, status int, p content.Procurement, formToken string, errs newsroom.FieldErrors) {
	fp, err := h.formPage(c, roles.Procurements, p.Meta, formToken)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	notices, _, err := h.content.ListNotices(c.Request.Context(), content.NoticeFilter{ListFilter: content.ListFilter{Limit: 200, Now: h.now()},
		Categories: []roles.Category{roles.Procure}})
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	lang := web.LangOf(c)
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return inputDate(lang, t)
	}
	d := procFormData{formPage: fp, P: p, Methods: content.ProcMethods, Kinds: content.ProcKinds, States: content.ProcStates, Notices: notices,
		Bidders: append(append([]content.Bidder{}, p.Bidders...), make([]content.Bidder, blankBidders)...),
		Dates:   map[string]string{"ref_price_date": day(p.RefPriceDate), "tor_date": day(p.TORDate), "contract_date": day(p.ContractDate)}}
	if c.Request.Method == http.MethodPost { // a failed form shows exactly what was typed
		d.Bidders = nil
		names, taxes, prices := c.PostFormArray("bidder_name"), c.PostFormArray("bidder_tax_id"), c.PostFormArray("bidder_price")
		for i := range min(len(names), content.MaxBidders+blankBidders) {
			b := content.Bidder{Name: names[i]}
			if i < len(taxes) {
				b.TaxID = taxes[i]
			}
			d.Bidders = append(d.Bidders, b)
		}
		d.Bidders = append(d.Bidders, make([]content.Bidder, blankBidders)...)
		_ = prices // typed prices come back through .Form (bidder_price, by position)
		for k := range d.Dates {
			d.Dates[k] = c.PostForm(k)
		}
	}
	h.renderPage(c, status, "admin/procurement_form", "procurement", formTitle("procurement", p.ID), errs, d)
}

func (h *Handler) createProcurement(c *gin.Context) { h.saveProcurement(c, content.Procurement{}) }

// procurementInput reads the form. Amounts that cannot be read are field
// errors; rows of bidders left empty are dropped.
func (h *Handler) procurementInput(c *gin.Context, old content.Procurement) (content.ProcurementInput, newsroom.FieldErrors) {
	in := content.ProcurementInput{MetaInput: h.metaInput(c, roles.Procurements, old.UnitID), DateErrs: map[string]string{}}
	// A record shows from its saving on, without end: its window is not
	// on the form.
	now := h.now()
	in.Start, in.End, in.StartErr, in.EndErr = now, content.DefaultEnd(now, 3650), "", ""
	in.Lang, in.Sort = content.Thai, 1 // the สขร.1 is one table for both languages
	if old.ID != 0 {
		in.Start, in.End = old.Window.Start, old.Window.End
	}
	bad := newsroom.FieldErrors{}
	money := func(field string) content.Money {
		m, ok := content.ParseBaht(c.PostForm(field))
		if !ok {
			bad.Add(field, "err.money")
		}
		return m
	}
	lang := web.LangOf(c)
	date := func(field string) time.Time {
		t, p := parseFormDate(c.PostForm(field), now)
		if msg := dateMessage(lang, p, false, now); msg != "" {
			in.DateErrs[field] = msg
		}
		return t
	}
	p := &in.Procurement
	p.EGPNo, p.Title, p.Method, p.ProcKind = c.PostForm("egp_no"), c.PostForm("title"), content.ProcMethod(c.PostForm("method")), c.PostForm("proc_kind")
	p.Budget, p.RefPrice, p.AgreedPrice, p.ContractAmount = money("budget"), money("ref_price"), money("agreed_price"), money("contract_amount")
	p.RefPriceDate, p.TORDate, p.ContractDate = date("ref_price_date"), date("tor_date"), date("contract_date")
	p.Winner, p.WinnerTaxID, p.Reason = c.PostForm("winner"), c.PostForm("winner_tax_id"), c.PostForm("reason")
	p.EGPContractNo, p.ContractNo, p.State = c.PostForm("egp_contract_no"), c.PostForm("contract_no"), c.PostForm("proc_status")
	names, taxes, prices := c.PostFormArray("bidder_name"), c.PostFormArray("bidder_tax_id"), c.PostFormArray("bidder_price")
	for i := range min(len(names), content.MaxBidders+1) {
		var tax, price string
		if i < len(taxes) {
			tax = taxes[i]
		}
		if i < len(prices) {
			price = prices[i]
		}
		if names[i] == "" && tax == "" && price == "" {
			continue
		}
		m, ok := content.ParseBaht(price)
		if !ok {
			bad.Add("bidders", "err.money")
		}
		p.Bidders = append(p.Bidders, content.Bidder{Name: names[i], TaxID: tax, Price: m})
	}
	for _, v := range c.PostFormArray("notices") {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && len(p.NoticeIDs) <= content.MaxProcNotices {
			p.NoticeIDs = append(p.NoticeIDs, id)
		}
	}
	return in, bad
}

func (h *Handler) saveProcurement(c *gin.Context, old content.Procurement) {
	u := web.UserOf(c)
	in, bad := h.procurementInput(c, old)
	if !h.allow(c, roles.Create, roles.Target{Kind: roles.Procurements, UnitID: in.UnitID}) {
		return
	}
	var err error
	var id int64
	if len(bad) > 0 {
		// Unreadable amounts: report them with the other fields' errors.
		var fe newsroom.FieldErrors
		if verr := in.Validate(); !errors.As(verr, &fe) {
			fe = newsroom.FieldErrors{}
		}
		for k, v := range bad {
			fe[k] = v
		}
		err = fe
	} else {
		id, err = h.content.SaveProcurement(c.Request.Context(), old.ID, in, content.Author{UserID: u.ID, Name: u.Name}, h.now())
	}
	failed := h.formFailed(c, err, func(fe newsroom.FieldErrors) {
		p := in.Procurement
		p.Meta = old.Meta
		p.UnitID = in.UnitID
		h.renderProcurementForm(c, http.StatusUnprocessableEntity, p, in.FormToken, fe)
	})
	if !failed {
		h.saved(c, verb(content.ProcurementKind, old.ID), content.ProcurementKind.Action, id, in.Title, "/admin/procurement", "procurement.saved")
	}
}

type procMonthsData struct {
	FY      int
	Months  []content.ProcurementMonth
	Current bool
	Years   []int
	Err     string
	ErrAt   int
}

func (h *Handler) showProcurementMonths(c *gin.Context) {
	fy := int(queryIntParam(c.Param("fy"), 2500, 2700))
	if fy == 0 {
		h.web.Fail(c, newsroom.ErrNotFound)
		return
	}
	h.renderProcurementMonths(c, http.StatusOK, fy, "", 0)
}

func (h *Handler) renderProcurementMonths(c *gin.Context, status, fy int, errKey string, errAt int) {
	now := h.now()
	months, err := h.content.ProcurementMonths(c.Request.Context(), fy, now)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d := procMonthsData{FY: fy, Months: months, Current: fy == content.FiscalYear(now), Err: errKey, ErrAt: errAt}
	for y := content.FiscalYear(now); y >= content.FiscalYear(now)-3; y-- {
		d.Years = append(d.Years, y)
	}
	p := h.web.Page(c, "")
	p.Title = templates.Tf(p.Lang, "proc.months_title", fy)
	p.Nav = "procurement"
	p.Data = d
	h.web.Render(c, status, "admin/procurement_months", p)
}

// publishProcurementMonth publishes a month's สขร.1 (state=published), "no
// procurement this month" (state=none) or withdraws it (state=withdraw).
func (h *Handler) publishProcurementMonth(c *gin.Context) {
	fy := int(queryIntParam(c.Param("fy"), 2500, 2700))
	m := int(queryIntParam(c.Param("month"), 1, 12))
	if fy == 0 || m == 0 {
		h.web.Fail(c, newsroom.ErrNotFound)
		return
	}
	if !h.allow(c, roles.Edit, roles.Target{Kind: roles.Procurements}) {
		return
	}
	state := c.PostForm("state")
	if state == "withdraw" {
		state = ""
	} else if state != "published" && state != "none" {
		h.renderProcurementMonths(c, http.StatusUnprocessableEntity, fy, "err.choose", m)
		return
	}
	u := web.UserOf(c)
	err := h.content.PublishProcurementMonth(c.Request.Context(), fy, m, state, content.Author{UserID: u.ID, Name: u.Name}, h.now())
	var fe newsroom.FieldErrors
	switch {
	case errors.As(err, &fe):
		h.renderProcurementMonths(c, http.StatusUnprocessableEntity, fy, fe["state"], m)
		return
	case err != nil:
		h.web.Fail(c, err)
		return
	}
	action := "procurement.month_" + map[string]string{"published": "publish", "none": "none", "": "withdraw"}[state]
	h.record(c, action, "procurement", 0, strconv.Itoa(m)+"/"+strconv.Itoa(fy))
	h.redirectWithFlash(c, "/admin/procurement/months/"+strconv.Itoa(fy), "proc.month_saved")
}

// queryIntParam reads a path parameter as a whole number in lo..hi; 0 when
// it is not one.
func queryIntParam(s string, lo, hi int64) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0
	}
	return n
}
