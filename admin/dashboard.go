package admin

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/roles"
	"newsroom/web"
)

type dashboardData struct {
	Desk        *content.Desk // central PR's morning numbers
	PrevLogin   time.Time     // the login before this session's (zero: this is the first)
	Categories  []roles.Category
	ActiveUsers int
	Units       int
	// The editorial loop: what waits for the user's review, and the
	// user's own items by state (draft, returned, pending, live).
	Reviewer bool
	Inbox    []content.ReviewItem
	Mine     map[string][]content.ReviewItem
	// Recent are the items the user saved last, of any kind and state.
	Recent []content.ReviewItem
	Now    time.Time
}

// recentItems is how many of the user's last saved items the dashboard lists.
const recentItems = 5

func (h *Handler) dashboard(c *gin.Context) {
	u := web.UserOf(c)
	d := dashboardData{PrevLogin: u.PrevLoginAt, Categories: roles.NoticeCategories(u.Actor()), Now: h.now()}
	if d.Reviewer = roles.CanReview(u.Actor(), 0); d.Reviewer {
		inbox, err := h.content.ReviewInbox(c.Request.Context(), roles.ReviewUnits(u.Actor()))
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		d.Inbox = inbox
	}
	mine, err := h.content.MyItems(c.Request.Context(), u.ID, h.now())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d.Mine = mine
	if d.Recent, err = h.content.RecentItems(c.Request.Context(), u.ID, recentItems, h.now()); err != nil {
		h.web.Fail(c, err)
		return
	}
	if roles.Can(u.Actor(), roles.View, roles.Target{Kind: roles.Users}) {
		ctx := c.Request.Context()
		users, err := h.users.Users(ctx)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		for _, x := range users {
			if x.Active {
				d.ActiveUsers++
			}
		}
		units, err := h.users.Units(ctx, false)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		d.Units = len(units)
	}
	if roles.Can(u.Actor(), roles.Edit, roles.Target{Kind: roles.Featured}) {
		desk, err := h.content.DeskNumbers(c.Request.Context(), h.now())
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		d.Desk = &desk
	}
	p := h.web.Page(c, "dash.title")
	p.Nav = "dashboard"
	p.Data = d
	h.web.Render(c, http.StatusOK, "admin/dashboard", p)
}
