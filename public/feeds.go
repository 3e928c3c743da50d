package public

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// feed serves a section's RSS 2.0 or Atom feed (stub: built next).
func (h *Handler) feed(section, format string) gin.HandlerFunc {
	return func(c *gin.Context) { c.String(http.StatusNotImplemented, "coming") }
}

func (h *Handler) sitemapIndex(c *gin.Context) { c.String(http.StatusNotImplemented, "coming") }
func (h *Handler) sitemap(c *gin.Context)      { c.String(http.StatusNotImplemented, "coming") }
func (h *Handler) robots(c *gin.Context)       { c.String(http.StatusNotImplemented, "coming") }
