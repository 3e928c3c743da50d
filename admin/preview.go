package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/kind"
	"newsroom/roles"
	"newsroom/web"
)

// Preview links (issue 12): on the editor of every kind with a publishing
// status, whoever may edit the item makes expiring links that show it to
// someone without an account, sees the active ones and revokes them. The
// link's token is kept only as its hash, so the new link is shown once: the
// create answer is the editor itself with the link in its section. Every
// create and revoke goes to the action log.

// previewRoutes registers the item's preview-link routes under g, for a
// kind with a status; show renders the item's editor (the create answer).
func (r resource[T]) previewRoutes(h *Handler, g gin.IRouter, show func(*gin.Context, T)) {
	if !r.kind.Has(kind.Status) {
		return
	}
	g.POST("/:id/preview-links", r.createPreview(h, show))
	g.POST("/:id/preview-links/:lid/revoke", r.revokePreview(h))
}

// previewKey is where a create hands the editor its outcome.
const previewKey = "admin.preview"

// previewOutcome is what a create just did: the new link, or the hours
// field's message with what was typed.
type previewOutcome struct {
	New      content.PreviewLink
	HoursErr string // message key
	Hours    string
}

// previewPanel is the editor's preview-link section (formPage.Preview).
type previewPanel struct {
	Action string // where the section's forms post: {item}/preview-links
	Links  []content.PreviewLink
	// Closed: the item is trashed or taken down; it gets no new link.
	Closed bool
	// New is the link just made and NewURL its full URL, shown this once.
	New      *content.PreviewLink
	NewURL   string
	Hours    string // the hours field's value
	HoursErr string // its message key
	MaxHours int
}

// previewPanel builds the section for the item m of kind k, nil for a new
// item or a kind without status.
func (h *Handler) previewPanel(c *gin.Context, k roles.Kind, m content.Meta) (*previewPanel, error) {
	ck := registryKind(k)
	if m.ID == 0 || !ck.Has(kind.Status) {
		return nil, nil
	}
	links, err := h.content.PreviewLinks(c.Request.Context(), ck, m.ID, h.now())
	if err != nil {
		return nil, err
	}
	p := &previewPanel{Action: fmt.Sprintf("%s/%d/preview-links", ck.AdminList(), m.ID), Links: links,
		Closed: m.Status == content.Trashed || m.Status == content.TakenDown,
		Hours:  strconv.Itoa(content.PreviewDefaultHours), MaxHours: content.PreviewMaxHours}
	if v, ok := c.Get(previewKey); ok {
		o := v.(previewOutcome)
		if o.New.Token != "" {
			p.New, p.NewURL = &o.New, strings.TrimRight(h.web.BaseURL, "/")+o.New.Path()
		}
		if o.HoursErr != "" {
			p.Hours, p.HoursErr = o.Hours, o.HoursErr
		}
	}
	return p, nil
}

// createPreview makes a link for the item at :id and answers with its
// editor showing the new link (422 with the field's message when the
// hours are out of range or the item has too many links).
func (r resource[T]) createPreview(h *Handler, show func(*gin.Context, T)) gin.HandlerFunc {
	return func(c *gin.Context) {
		item, ok := r.param(h, c, roles.Edit)
		if !ok {
			return
		}
		id, title := r.label(item)
		hours := int(max(min(formInt(c, "hours", content.PreviewDefaultHours), content.PreviewMaxHours+1), notANumber))
		u := web.UserOf(c)
		l, err := h.content.CreatePreviewLink(c.Request.Context(), r.kind, id, hours, content.Author{UserID: u.ID, Name: u.Name}, h.now())
		var fe newsroom.FieldErrors
		if errors.As(err, &fe) {
			c.Set(previewKey, previewOutcome{HoursErr: fe["hours"], Hours: c.PostForm("hours")})
			c.Writer = statusWriter{c.Writer, http.StatusUnprocessableEntity}
			show(c, item)
			return
		}
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		h.record(c, r.kind.Action+".preview_link", r.kind.Action, id,
			fmt.Sprintf("%s — #%d, %d h, until %s", title, l.ID, hours, l.ExpiresAt.In(newsroom.Bangkok).Format("2006-01-02 15:04")))
		c.Set(previewKey, previewOutcome{New: l})
		show(c, item)
	}
}

// revokePreview ends the link :lid of the item at :id and goes back to the
// editor's section.
func (r resource[T]) revokePreview(h *Handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		item, ok := r.param(h, c, roles.Edit)
		if !ok {
			return
		}
		lid, err := strconv.ParseInt(c.Param("lid"), 10, 64)
		if err != nil || lid <= 0 {
			h.web.Fail(c, newsroom.ErrNotFound)
			return
		}
		id, title := r.label(item)
		u := web.UserOf(c)
		back := r.editPath(id) + "#preview-links"
		_, err = h.content.RevokePreviewLink(c.Request.Context(), r.kind, id, lid, content.Author{UserID: u.ID, Name: u.Name}, h.now())
		if errors.Is(err, newsroom.ErrConflict) { // a second click, or it expired meanwhile
			h.redirectWithFlash(c, back, "status.unchanged")
			return
		}
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		h.saved(c, r.kind.Action+".preview_revoke", r.kind.Action, id, fmt.Sprintf("%s — #%d", title, lid), back, "preview.revoked")
	}
}

// statusWriter answers with status where the handler it wraps says 200:
// the editor renders itself with 200, the failed create is a 422.
type statusWriter struct {
	gin.ResponseWriter
	status int
}

func (w statusWriter) WriteHeader(code int) {
	if code == http.StatusOK {
		code = w.status
	}
	w.ResponseWriter.WriteHeader(code)
}
