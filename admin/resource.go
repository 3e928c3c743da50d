package admin

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/kind"
	"newsroom/roles"
)

// resource is what the shared item plumbing needs to know of one content
// type: its kind (where it lives, its public page, its name in the action
// log: see package kind), how to load an item and which permission target
// it is.
type resource[T any] struct {
	kind   *kind.Kind
	load   func(context.Context, int64) (T, error)
	target func(T) roles.Target
	meta   func(T) content.Meta
	label  func(T) (int64, string)
}

// section is one content kind's part of the admin: install registers its
// routes (its editor, trash and takedown) under the logged-in group. Each
// kind's handler file declares its own with addSection; Register installs
// them all.
type section struct {
	kind    *kind.Kind
	install func(h *Handler, in *gin.RouterGroup)
}

var sections []section

// addSection declares k's admin routes; it returns k so a handler file can
// declare it as a package-level variable.
func addSection(k *kind.Kind, install func(h *Handler, in *gin.RouterGroup)) *kind.Kind {
	sections = append(sections, section{kind: k, install: install})
	return k
}

// sectionOf is the admin section of k, nil when k has none.
func sectionOf(k *kind.Kind) *section {
	for i := range sections {
		if sections[i].kind == k {
			return &sections[i]
		}
	}
	return nil
}

// param loads :id and checks the user may do act on it (its unit or
// category); it answers 404/403 itself.
func (r resource[T]) param(h *Handler, c *gin.Context, act roles.Action) (T, bool) {
	item, ok := r.loadParam(h, c)
	return item, ok && h.allow(c, act, r.target(item))
}

// loadParam loads :id, answering 404 itself; the caller checks rights.
func (r resource[T]) loadParam(h *Handler, c *gin.Context) (T, bool) {
	var zero T
	id, ok := h.idParam(c)
	if !ok {
		return zero, false
	}
	item, err := r.load(c.Request.Context(), id)
	if err != nil {
		h.web.Fail(c, err)
		return zero, false
	}
	return item, true
}

// with is the handler of one item at :id: it loads the item, checks the
// user may do act on it (403/404 otherwise) and hands it to fn. The editors'
// GET …/:id/edit and POST …/:id are made with it.
func (r resource[T]) with(h *Handler, act roles.Action, fn func(*gin.Context, T)) gin.HandlerFunc {
	return func(c *gin.Context) {
		if item, ok := r.param(h, c, act); ok {
			fn(c, item)
		}
	}
}

// editor is a content type's editor: its list, new form, create, filled
// form and update.
type editor[T any] struct {
	list, showNew, create gin.HandlerFunc
	edit, update          func(*gin.Context, T)
}

// routes registers the editor's routes and the item's trash and takedown
// routes on g; every route that names an item checks the user's right to it.
func (r resource[T]) routes(h *Handler, g gin.IRouter, e editor[T]) {
	g.GET("", e.list)
	g.GET("/new", e.showNew)
	g.POST("", e.create)
	g.GET("/:id/edit", r.with(h, roles.Edit, e.edit))
	g.POST("/:id", r.with(h, roles.Edit, e.update))
	r.statusRoutes(h, g)
	r.reviewRoutes(h, g)
	r.previewRoutes(h, g, e.edit)
}

// edit shows an item's filled form through render (status 200, no errors).
func edit[T any](render func(*gin.Context, int, T, string, newsroom.FieldErrors)) func(*gin.Context, T) {
	return func(c *gin.Context, item T) { render(c, http.StatusOK, item, "", nil) }
}

func (h *Handler) newsResource() resource[content.News] {
	return resource[content.News]{kind: content.NewsKind, load: h.content.News,
		target: func(n content.News) roles.Target { return roles.Target{Kind: roles.News, UnitID: n.UnitID} },
		meta:   func(n content.News) content.Meta { return n.Meta },
		label:  func(n content.News) (int64, string) { return n.ID, n.Headline }}
}

func (h *Handler) videoResource() resource[content.Video] {
	return resource[content.Video]{kind: content.VideoKind, load: h.content.Video,
		meta:   func(v content.Video) content.Meta { return v.Meta },
		target: func(content.Video) roles.Target { return roles.Target{Kind: roles.Video} },
		label:  func(v content.Video) (int64, string) { return v.ID, v.Title }}
}

func (h *Handler) bannerResource() resource[content.Banner] {
	return resource[content.Banner]{kind: content.BannerKind, load: h.content.Banner,
		meta:   func(b content.Banner) content.Meta { return b.Meta },
		target: func(content.Banner) roles.Target { return roles.Target{Kind: roles.Banner} },
		label:  func(b content.Banner) (int64, string) { return b.ID, b.Title }}
}

func (h *Handler) noticeResource() resource[content.Notice] {
	return resource[content.Notice]{kind: content.NoticeKind, load: h.content.Notice,
		meta:   func(n content.Notice) content.Meta { return n.Meta },
		target: func(n content.Notice) roles.Target { return roles.Target{Kind: roles.Notice, Category: n.Category} },
		label:  func(n content.Notice) (int64, string) { return n.ID, n.Headline }}
}
