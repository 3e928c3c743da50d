package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/web"
)

type pagesData struct {
	Pages []content.FooterPage
}

// listPages shows the footer pages (privacy notice, cookie policy) in both
// languages for central PR to edit.
func (h *Handler) listPages(c *gin.Context) {
	var d pagesData
	for _, slug := range content.FooterSlugs {
		for _, l := range []content.Lang{content.Thai, content.English} {
			p, err := h.content.FooterPage(c.Request.Context(), slug, l)
			if err != nil {
				h.web.Fail(c, err)
				return
			}
			d.Pages = append(d.Pages, p)
		}
	}
	h.renderPage(c, http.StatusOK, "admin/pages", "pages", "pages.title", nil, d)
}

func (h *Handler) pageParam(c *gin.Context) (content.FooterPage, bool) {
	p, err := h.content.FooterPage(c.Request.Context(), c.Param("slug"), content.Lang(c.Param("lang")))
	if err != nil {
		h.web.Fail(c, err)
		return p, false
	}
	return p, true
}

func (h *Handler) showEditPage(c *gin.Context) {
	if p, ok := h.pageParam(c); ok {
		h.renderPage(c, http.StatusOK, "admin/page_form", "pages", "pages.edit", nil, struct{ Page content.FooterPage }{p})
	}
}

func (h *Handler) savePage(c *gin.Context) {
	p, ok := h.pageParam(c)
	if !ok {
		return
	}
	u := web.UserOf(c)
	err := h.content.SaveFooterPage(c.Request.Context(), p.Slug, p.Lang, c.PostForm("title"), c.PostForm("body"), content.Author{UserID: u.ID, Name: u.Name}, h.now())
	if h.formFailed(c, err, func(fe newsroom.FieldErrors) {
		h.renderPage(c, http.StatusUnprocessableEntity, "admin/page_form", "pages", "pages.edit", fe, struct{ Page content.FooterPage }{p})
	}) {
		return
	}
	h.saved(c, content.PageKind.Action+".update", content.PageKind.Action, 0, p.Slug+"/"+string(p.Lang), "/admin/pages", "pages.saved")
}
