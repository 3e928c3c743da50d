package public

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/templates"
	"newsroom/web"
)

// The human-readable site map (/sitemap, /en/sitemap; the government
// website standard asks for one beside the XML sitemap): every public
// section the handler files declared (addSiteSection), the institutional
// pages in central PR's menu order, and the faculty pages of the active
// units.

// sitemapData is the site map's data, and the institutional pages' index
// (PagesOnly).
type sitemapData struct {
	Sections  []templates.FooterLink
	Pages     []content.Page
	Units     []content.SiteUnit
	PagesOnly bool
}

func (h *Handler) sitemapPage(c *gin.Context) {
	ctx, lang := c.Request.Context(), web.LangOf(c)
	prefix := langPrefix(lang)
	var d sitemapData
	for _, s := range sectionsInOrder() {
		d.Sections = append(d.Sections, templates.FooterLink{Path: sectionPath(prefix, s.Path), Label: templates.T(lang, s.Label)})
	}
	var err error
	if d.Pages, err = h.content.LivePages(ctx, content.Lang(lang), h.now(), false); err != nil {
		h.web.Fail(c, err)
		return
	}
	if d.Units, err = h.content.SiteUnits(ctx); err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "sitemap.title")
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	p.Data = d
	h.web.Render(c, http.StatusOK, "public/sitemap", p)
}
