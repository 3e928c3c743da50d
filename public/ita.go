package public

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/templates"
	"newsroom/web"
)

// The ITA/OIT hub: /ita (the current fiscal year), /ita/{fy} (its items with
// their status) and /ita/{fy}/{code} (an item's page: the URL entered in the
// assessment system). English under /en. The pages are not kept in the page
// cache: an item's status follows the calendar (a month without a
// procurement summary is flagged once it is over), not only saves.
var _ = addSiteSection(siteSection{Path: "/ita", Label: "ita.section", Order: 60, Footer: true})

// itaRoutes registers the hub's pages under prefix ("" or "/en").
func (h *Handler) itaRoutes(page func(string, ...gin.HandlerFunc), prefix string, lang gin.HandlerFunc) {
	page(prefix+"/ita", lang, h.itaCurrent)
	page(prefix+"/ita/:fy", lang, h.itaYear)
	page(prefix+"/ita/:fy/:code", lang, h.itaItem)
}

// itaFY reads :fy: a B.E. fiscal year in range, else 0.
func itaFY(c *gin.Context) int {
	fy, err := strconv.Atoi(c.Param("fy"))
	if err != nil || fy < 2500 || fy > 2700 || strconv.Itoa(fy) != c.Param("fy") {
		return 0
	}
	return fy
}

type itaRow struct {
	Item  content.ITAItem
	Check content.ITACheck
}

type itaYearData struct {
	FY       int
	Rows     []itaRow
	Years    []content.ITAYear
	SpanFrom time.Time
	SpanTo   time.Time
}

// itaCurrent is the current fiscal year's hub, or the latest opened before
// it when it is not open (yet).
func (h *Handler) itaCurrent(c *gin.Context) {
	years, err := h.content.ITAYears(c.Request.Context())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	cur := content.FiscalYear(h.now())
	for _, y := range years { // newest first
		if y.FY <= cur {
			h.renderITAYear(c, y.FY, years)
			return
		}
	}
	h.NotFound(c)
}

func (h *Handler) itaYear(c *gin.Context) {
	fy := itaFY(c)
	if fy == 0 {
		h.NotFound(c)
		return
	}
	years, err := h.content.ITAYears(c.Request.Context())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	for _, y := range years {
		if y.FY == fy {
			h.renderITAYear(c, fy, years)
			return
		}
	}
	h.NotFound(c)
}

func (h *Handler) renderITAYear(c *gin.Context, fy int, years []content.ITAYear) {
	ctx := c.Request.Context()
	items, err := h.content.ITAItems(ctx, fy, true, false)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	lang, now := web.LangOf(c), h.now()
	d := itaYearData{FY: fy, Years: years}
	d.SpanFrom, d.SpanTo = content.FiscalYearRange(fy)
	d.SpanTo = d.SpanTo.Add(-time.Millisecond)
	for _, it := range items {
		chk, err := h.content.CheckITA(ctx, it, lang, now)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		d.Rows = append(d.Rows, itaRow{Item: it, Check: chk})
	}
	p := h.web.Page(c, "ita.public_year")
	p.Title = templates.Tf(p.Lang, "ita.public_year", fy)
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	p.Data = d
	h.web.Render(c, http.StatusOK, "public/ita_year", p)
}

// itaItem is an item's page: what must be shown, the span as dates, the
// responsible unit and every piece of evidence as a link with its date, or
// the "nothing to report" statement.
func (h *Handler) itaItem(c *gin.Context) {
	fy, code := itaFY(c), c.Param("code")
	if fy == 0 || !content.ValidITACode(code) {
		h.NotFound(c)
		return
	}
	ctx := c.Request.Context()
	it, err := h.content.PublicITAItem(ctx, fy, code, h.now())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	lang := web.LangOf(c)
	chk, err := h.content.CheckITA(ctx, it, lang, h.now())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "")
	p.Title = it.Code + " " + it.Title(lang)
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	p.Data = struct {
		Item  content.ITAItem
		Check content.ITACheck
	}{it, chk}
	h.web.Render(c, http.StatusOK, "public/ita_item", p)
}

// The preview page of an item (any status): its public page, with the
// change waiting for review when there is one.
func init() {
	previewSources[content.ITAKind] = func(h *Handler, ctx context.Context, l content.PreviewLink, now time.Time) (previewed, error) {
		it, err := h.content.ITAItem(ctx, l.ItemID())
		if err := previewable(it.Meta, err); err != nil {
			return previewed{}, err
		}
		if snap, ok, err := h.content.PendingChange(ctx, content.ITAKind, it.ID); err != nil {
			return previewed{}, err
		} else if ok {
			overlay(snap, map[string]*string{"title_th": &it.TitleTH, "title_en": &it.TitleEN,
				"requirement_th": &it.RequirementTH, "requirement_en": &it.RequirementEN, "nothing_th": &it.NothingTH, "nothing_en": &it.NothingEN})
		}
		chk, err := h.content.CheckITA(ctx, it, string(it.Lang), now)
		if err != nil {
			return previewed{}, err
		}
		return previewed{page: "public/ita_item", title: it.Code + " " + it.TitleTH, lang: it.Lang, data: struct {
			Item  content.ITAItem
			Check content.ITACheck
		}{it, chk}}, nil
	}
}
