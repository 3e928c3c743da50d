package public

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// apiList lists live items of a kind as JSON (stub: built next).
func (h *Handler) apiList(kind string) gin.HandlerFunc {
	return func(c *gin.Context) { c.JSON(http.StatusNotImplemented, gin.H{"error": "coming"}) }
}

// apiItem returns one live item as JSON (stub: built next).
func (h *Handler) apiItem(kind string) gin.HandlerFunc {
	return func(c *gin.Context) { c.JSON(http.StatusNotImplemented, gin.H{"error": "coming"}) }
}
