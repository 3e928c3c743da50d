package admin

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/kind"
	"newsroom/notify"
	"newsroom/roles"
	"newsroom/web"
)

// The trash and takedown, for every content type through its resource.
// Deleting moves an item to the trash (whoever may delete it may restore
// it for content.TrashDays); a central admin takes any item down with a
// reason and the complaint's reference (Computer Crime Act s.15) and may
// lift the takedown. Every step goes to the action log.

// statusRoutes registers an item's trash and takedown routes under g.
func (r resource[T]) statusRoutes(h *Handler, g gin.IRouter) {
	g.POST("/:id/delete", r.trash(h))
	g.POST("/:id/restore", r.restore(h))
	g.GET("/:id/takedown", r.showTakedown(h))
	g.POST("/:id/takedown", r.takedown(h))
	g.POST("/:id/reinstate", r.reinstate(h))
}

// change runs one status change on the item at :id after checking act, logs
// it and sends the user to `to` with flash.
func (r resource[T]) change(h *Handler, act roles.Action, verb, flash string, to func(*gin.Context, T) string,
	do func(c *gin.Context, id int64) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		item, ok := r.param(h, c, act)
		if !ok {
			return
		}
		id, title := r.label(item)
		if err := do(c, id); err != nil {
			if errors.Is(err, newsroom.ErrConflict) { // a second click, or another admin was first
				h.redirectWithFlash(c, to(c, item), "status.unchanged")
				return
			}
			h.web.Fail(c, err)
			return
		}
		h.saved(c, r.kind.Action+"."+verb, r.kind.Action, id, title, to(c, item), flash)
	}
}

func (r resource[T]) editPath(id int64) string        { return r.kind.EditPath(strconv.FormatInt(id, 10)) }
func (r resource[T]) listPath(*gin.Context, T) string { return r.kind.AdminList() }

// back is where a status change returns to: the item's editor, or the
// takedown register for a central admin who may take an item down but not
// edit it (a procurement notice).
func (r resource[T]) back(c *gin.Context, item T) string {
	id, _ := r.label(item)
	if roles.Can(web.UserOf(c).Actor(), roles.Edit, r.target(item)) {
		return r.editPath(id)
	}
	return "/admin/takedowns"
}

func (r resource[T]) trash(h *Handler) gin.HandlerFunc {
	return r.change(h, roles.Delete, "trash", "status.trashed", r.listPath, func(c *gin.Context, id int64) error {
		return h.content.Trash(c.Request.Context(), r.kind, id, h.now())
	})
}

func (r resource[T]) restore(h *Handler) gin.HandlerFunc {
	return r.change(h, roles.Delete, "restore", "status.restored", r.back, func(c *gin.Context, id int64) error {
		return h.content.Restore(c.Request.Context(), r.kind, id, h.now())
	})
}

func (r resource[T]) reinstate(h *Handler) gin.HandlerFunc {
	return r.change(h, roles.TakeDown, "reinstate", "status.reinstated", r.back, func(c *gin.Context, id int64) error {
		return h.content.Reinstate(c.Request.Context(), r.kind, id, h.now())
	})
}

// takedownPage is the takedown form's data.
type takedownPage struct {
	Kind   string // the kind's name
	Label  string // the i18n key of the kind's name
	Title  string
	Meta   content.Meta
	Edit   string // the item's edit page
	Action string // the form's action
	Public string // the item's public URL, "" when it has none
	// Files are the item's files with every other item, page or upload
	// using them: a takedown withdraws them there too.
	Files []content.ItemFile
}

func (r resource[T]) page(c *gin.Context, item T) takedownPage {
	id, title := r.label(item)
	return takedownPage{Kind: r.kind.Name, Label: r.kind.Label, Title: title, Meta: r.meta(item), Edit: r.back(c, item),
		Action: fmt.Sprintf("%s/%d/takedown", r.kind.AdminList(), id), Public: r.kind.Path("th", strconv.FormatInt(id, 10))}
}

func (r resource[T]) showTakedown(h *Handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		if item, ok := r.param(h, c, roles.TakeDown); ok {
			r.renderTakedown(h, c, http.StatusOK, item, nil)
		}
	}
}

func (r resource[T]) renderTakedown(h *Handler, c *gin.Context, status int, item T, errs newsroom.FieldErrors) {
	p := r.page(c, item)
	id, _ := r.label(item)
	files, err := h.content.FileUses(c.Request.Context(), r.kind, id)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p.Files = files
	h.renderPage(c, status, "admin/takedown", r.kind.Section, "takedown.title", errs, p)
}

func (r resource[T]) takedown(h *Handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		item, ok := r.param(h, c, roles.TakeDown)
		if !ok {
			return
		}
		in := content.TakedownInput{Reason: c.PostForm("reason"), Reference: c.PostForm("reference")}
		id, title := r.label(item)
		err := h.content.TakeDown(c.Request.Context(), r.kind, id, in, h.now())
		if errors.Is(err, newsroom.ErrConflict) { // already down: a second click, or another admin
			h.redirectWithFlash(c, r.back(c, item), "status.unchanged")
			return
		}
		if h.formFailed(c, err, func(fe newsroom.FieldErrors) { r.renderTakedown(h, c, http.StatusUnprocessableEntity, item, fe) }) {
			return
		}
		m, u := r.meta(item), web.UserOf(c)
		ref := strconv.FormatInt(id, 10)
		h.notify(c, notify.Event{Action: notify.TakenDown, Kind: r.kind.Name, Ref: ref, Title: title, Link: r.kind.EditPath(ref),
			UnitID: m.UnitID, AuthorID: m.AuthorID, ActorID: u.ID, ActorName: u.Name, Comment: in.Reason})
		detail := title + " — " + in.Reason
		if in.Reference != "" {
			detail += " (" + in.Reference + ")"
		}
		h.saved(c, r.kind.Action+".takedown", r.kind.Action, id, detail, r.back(c, item), "status.takendown")
	}
}

// The takedown register (/admin/takedowns): a complaint usually arrives as
// a link, so a central admin pastes the public URL and lands on the item's
// takedown form, whatever its category; below, every item down now.

// itemURL matches the public path of an item of any kind that can be taken
// down and has pages (news, videos, notices), with an optional /en prefix,
// slug or /file suffix.
func itemURL(k *kind.Kind) *regexp.Regexp {
	before, after, _ := strings.Cut(k.Public, "{ref}")
	return regexp.MustCompile(`^(?:/en)?` + regexp.QuoteMeta(before) + `(\d+)` + regexp.QuoteMeta(after) + `(?:[-/][^?#]*)?$`)
}

type takedownsPage struct {
	Items []takedownRow
}

// takedownRow is one line of the register: the item and the other items,
// pages and uploads its takedown withdraws files from.
type takedownRow struct {
	content.TakenDownItem
	Others []content.FileUse
}

// registerUses is how many of the register's most recent lines list the
// other uses of their files (each costs a few queries); the takedown page
// of any item lists them all.
const registerUses = 50

func (h *Handler) showTakedowns(c *gin.Context) {
	h.renderTakedowns(c, http.StatusOK, nil)
}

func (h *Handler) renderTakedowns(c *gin.Context, status int, errs newsroom.FieldErrors) {
	items, err := h.content.TakenDown(c.Request.Context(), 500)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	rows := make([]takedownRow, len(items))
	for i, it := range items {
		rows[i].TakenDownItem = it
		if i >= registerUses {
			continue
		}
		files, err := h.content.FileUses(c.Request.Context(), it.KindOf(), it.ID)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		rows[i].Others = content.OtherUses(files)
	}
	h.renderPage(c, status, "admin/takedowns", "takedowns", "takedowns.title", errs, takedownsPage{Items: rows})
}

// findTakedown resolves a pasted public URL to the item's takedown form.
func (h *Handler) findTakedown(c *gin.Context) {
	path, ok := h.itemAdminPath(c, strings.TrimSpace(c.PostForm("url")))
	if !ok {
		h.renderTakedowns(c, http.StatusUnprocessableEntity, newsroom.FieldErrors{"url": "takedown.url_unknown"})
		return
	}
	c.Redirect(http.StatusSeeOther, path+"/takedown")
}

// itemAdminPath returns /admin/{section}/{id} for the public URL of an
// existing item.
func (h *Handler) itemAdminPath(c *gin.Context, raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return "", false
	}
	if p, ok := h.pageAdminPath(c, u.Path); ok { // pages.go: /pages/{slug}
		return p, true
	}
	for _, k := range kind.With(kind.Takedown) {
		if k.Public == "" {
			continue
		}
		m := itemURL(k).FindStringSubmatch(u.Path)
		if m == nil {
			continue
		}
		id, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || h.content.Exists(c.Request.Context(), k, id) != nil {
			return "", false
		}
		return fmt.Sprintf("%s/%d", k.AdminList(), id), true
	}
	return "", false
}
