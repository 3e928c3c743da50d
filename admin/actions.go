package admin

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"newsroom/audit"
	"newsroom/templates"
	"newsroom/web"
)

const actionsPerPage = 50

// actionRow is a line of the action log with its codes as people read them.
type actionRow struct {
	audit.Action
	Label string // "news.takedown": "นำข่าวลง" / "Took news down"
	Area  string // the kind column: "news": "ข่าวกิจกรรม" / "News"
}

// actionChoice is an option of the log's filter: a prefix and its name.
type actionChoice struct {
	Value, Label string
}

func (h *Handler) listActions(c *gin.Context) {
	filter := c.Query("action")
	page := int(queryInt(c, "page", 1, maxListPage, 1))
	f := audit.ActionFilter{Action: filter, Limit: actionsPerPage, Offset: max(page-1, 0) * actionsPerPage}
	list, total, err := h.actions.List(c.Request.Context(), f)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	lang := web.LangOf(c)
	rows := make([]actionRow, len(list))
	for i, a := range list {
		rows[i] = actionRow{Action: a, Label: templates.ActionLabel(lang, a.Action)}
		if a.Kind != "" {
			rows[i].Area = templates.ActionAreaLabel(lang, a.Kind)
		}
	}
	// The filter offers each area ("news." …); a code from a link (the
	// prefix filter takes any) stays chosen under its own name.
	choices := []actionChoice{}
	known := false
	for _, a := range templates.ActionAreas() {
		choices = append(choices, actionChoice{a + ".", templates.ActionAreaLabel(lang, a)})
		known = known || filter == a+"."
	}
	if filter != "" && !known {
		choices = append(choices, actionChoice{filter, templates.ActionLabel(lang, strings.TrimSuffix(filter, "."))})
	}
	q := url.Values{}
	if filter != "" {
		q.Set("action", filter)
	}
	p := h.web.Page(c, "actions.title")
	p.Nav = "actions"
	p.Data = struct {
		Actions []actionRow
		Filter  string
		Choices []actionChoice
		Pager   web.Pager
	}{rows, filter, choices, web.NewPager("/admin/actions", q, page, actionsPerPage, total)}
	h.web.Render(c, http.StatusOK, "admin/actions", p)
}
