package admin

import (
	"github.com/gin-gonic/gin"

	"newsroom/notify"
)

// notify tells the people concerned about ev. A failure is logged, never
// shown: the action it reports has already been done.
func (h *Handler) notify(c *gin.Context, ev notify.Event) {
	if h.Notify == nil {
		return
	}
	if err := h.Notify.Notify(c.Request.Context(), ev); err != nil {
		h.log.Error("notify", "action", ev.Action, "kind", ev.Kind, "ref", ev.Ref, "err", err)
	}
}
