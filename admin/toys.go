package admin

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
	"newsroom/web"
)

// Toys, a throwaway kind, under the banner right.
var _ = addSection(content.ToyKind, func(h *Handler, in *gin.RouterGroup) {
	toys := in.Group("/toys", h.web.Require(roles.Banner, roles.Edit))
	r := resource[content.Toy]{kind: content.ToyKind, load: h.content.Toy,
		meta:   func(t content.Toy) content.Meta { return t.Meta },
		target: func(content.Toy) roles.Target { return roles.Target{Kind: roles.Banner} },
		label:  func(t content.Toy) (int64, string) { return t.ID, t.Title }}
	r.routes(h, toys, editor[content.Toy]{h.listToys, h.showNewToy, h.createToy, edit(h.renderToyForm), h.saveToy})
})

func (h *Handler) listToys(c *gin.Context) {
	lq := h.listQuery(c, roles.Banner)
	items, total, err := h.content.ListToys(c.Request.Context(), lq.Filter)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	h.renderPage(c, http.StatusOK, "admin/toy_list", "toys", "toys.title", nil, struct {
		Items []content.Toy
		Query listQuery
		Pager web.Pager
	}{items, lq, lq.pager(content.ToyKind.AdminList(), total)})
}

func (h *Handler) showNewToy(c *gin.Context) {
	h.renderToyForm(c, http.StatusOK, content.Toy{Meta: h.defaultMeta(c, content.VideoDays)}, "", nil)
}

func (h *Handler) renderToyForm(c *gin.Context, status int, t content.Toy, formToken string, errs newsroom.FieldErrors) {
	fp, err := h.formPage(c, roles.Banner, t.Meta, formToken)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	fp.Base = content.ToyKind.AdminList() // the banner right's path is /admin/banners
	if t.ID != 0 {
		fp.Base += "/" + strconv.FormatInt(t.ID, 10)
	}
	h.renderPage(c, status, "admin/toy_form", "toys", formTitle("toys", t.ID), errs, struct {
		formPage
		Toy content.Toy
	}{fp, t})
}

func (h *Handler) createToy(c *gin.Context) { h.saveToy(c, content.Toy{}) }

func (h *Handler) saveToy(c *gin.Context, old content.Toy) {
	u := web.UserOf(c)
	in := content.ToyInput{MetaInput: h.metaInput(c, roles.Banner, old.UnitID), Title: c.PostForm("title"), ImageKey: c.PostForm("image_key")}
	id, err := h.content.SaveToy(c.Request.Context(), old, in, content.Author{UserID: u.ID, Name: u.Name}, h.now())
	if h.formFailed(c, err, func(fe newsroom.FieldErrors) { h.renderToyForm(c, http.StatusUnprocessableEntity, old, in.FormToken, fe) }) {
		return
	}
	h.saved(c, verb(content.ToyKind, old.ID), content.ToyKind.Action, id, in.Title, content.ToyKind.AdminList(), "toys.saved")
}
