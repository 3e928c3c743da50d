package admin

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"newsroom/audit"
	"newsroom/web"
)

const actionsPerPage = 50

func (h *Handler) listActions(c *gin.Context) {
	filter := c.Query("action")
	page := int(queryInt(c, "page", 1, maxListPage, 1))
	f := audit.ActionFilter{Action: filter, Limit: actionsPerPage, Offset: max(page-1, 0) * actionsPerPage}
	list, total, err := h.actions.List(c.Request.Context(), f)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	q := url.Values{}
	if filter != "" {
		q.Set("action", filter)
	}
	p := h.web.Page(c, "actions.title")
	p.Nav = "actions"
	p.Data = struct {
		Actions []audit.Action
		Filter  string
		Pager   web.Pager
	}{list, filter, web.NewPager("/admin/actions", q, page, actionsPerPage, total)}
	h.web.Render(c, http.StatusOK, "admin/actions", p)
}
