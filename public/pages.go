package public

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/web"
)

// footerPage shows the privacy notice or the cookie policy.
func (h *Handler) footerPage(slug string) gin.HandlerFunc {
	return func(c *gin.Context) {
		pg, err := h.content.FooterPage(c.Request.Context(), slug, content.Lang(web.LangOf(c)))
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		p := h.web.Page(c, "")
		p.Title = pg.Title
		p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
		p.Data = struct {
			Page content.FooterPage
			Body any
		}{pg, trustedHTML(pg.Body)} // sanitised when saved
		h.web.Render(c, http.StatusOK, "public/footer_page", p)
	}
}
