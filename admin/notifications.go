package admin

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/kind"
	"newsroom/notify"
	"newsroom/web"
)

// The notifications page (/admin/notifications): the logged-in user's own
// notifications, newest first. Opening a page marks what it shows read
// (shown as new this once); "mark all read" marks the rest.

const notificationsPerPage = 20

// notificationRow is one line of the page.
type notificationRow struct {
	notify.Notification
	KindLabel string // i18n key of the item's kind, "" when unknown
}

type notificationsPage struct {
	Items []notificationRow
	Pager web.Pager
}

func (h *Handler) listNotifications(c *gin.Context) {
	if h.Notify == nil {
		h.web.Fail(c, newsroom.ErrNotFound)
		return
	}
	ctx := c.Request.Context()
	u := web.UserOf(c)
	page := int(queryInt(c, "page", 1, maxListPage, 1))
	list, total, err := h.Notify.List(ctx, u.ID, notificationsPerPage, (page-1)*notificationsPerPage)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	rows := make([]notificationRow, len(list))
	var unread []int64
	for i, n := range list {
		rows[i] = notificationRow{Notification: n}
		if k := kind.ByName(n.Kind); k != nil {
			rows[i].KindLabel = k.Label
		}
		if !n.Read {
			unread = append(unread, n.ID)
		}
	}
	// Marked before the page is made, so the header counts what is left.
	if err := h.Notify.MarkRead(ctx, u.ID, unread); err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "notify.title")
	p.Nav = "notifications"
	p.Data = notificationsPage{Items: rows, Pager: web.NewPager("/admin/notifications", url.Values{}, page, notificationsPerPage, total)}
	h.web.Render(c, http.StatusOK, "admin/notifications", p)
}

func (h *Handler) markNotificationsRead(c *gin.Context) {
	if h.Notify == nil {
		h.web.Fail(c, newsroom.ErrNotFound)
		return
	}
	if err := h.Notify.MarkAllRead(c.Request.Context(), web.UserOf(c).ID); err != nil {
		h.web.Fail(c, err)
		return
	}
	h.redirectWithFlash(c, "/admin/notifications", "notify.marked")
}
