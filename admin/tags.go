package admin

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
)

// The tag list of news (issue 13), kept by central PR: /admin/tags.
func (h *Handler) tagRoutes(in *gin.RouterGroup) {
	tags := in.Group("/tags", h.web.Require(roles.Tags, roles.Edit))
	tags.GET("", h.listTags)
	tags.GET("/new", h.showNewTag)
	tags.POST("", h.createTag)
	tags.GET("/:id/edit", h.showEditTag)
	tags.POST("/:id", h.updateTag)
	tags.POST("/:id/delete", h.deleteTag)
}

func (h *Handler) listTags(c *gin.Context) {
	tags, err := h.content.Tags(c.Request.Context())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	h.renderPage(c, http.StatusOK, "admin/tags", "tags", "tags.title", nil, struct{ Tags []content.Tag }{tags})
}

func (h *Handler) tagParam(c *gin.Context) (content.Tag, bool) {
	id, ok := h.idParam(c)
	if !ok {
		return content.Tag{}, false
	}
	t, err := h.content.Tag(c.Request.Context(), id)
	if err != nil {
		h.web.Fail(c, err)
		return t, false
	}
	return t, true
}

func (h *Handler) renderTagForm(c *gin.Context, status int, t content.Tag, errs newsroom.FieldErrors, form url.Values) {
	p := h.web.Page(c, formTitle("tags", t.ID))
	p.Nav, p.Errors, p.Form = "tags", errs, form
	p.Data = struct{ Tag content.Tag }{t}
	h.web.Render(c, status, "admin/tag_form", p)
}

func (h *Handler) showNewTag(c *gin.Context) {
	h.renderTagForm(c, http.StatusOK, content.Tag{}, nil, nil)
}

func (h *Handler) showEditTag(c *gin.Context) {
	if t, ok := h.tagParam(c); ok {
		h.renderTagForm(c, http.StatusOK, t, nil, nil)
	}
}

func tagInput(c *gin.Context) content.TagInput {
	sort := max(min(formInt(c, "sort", 0), content.MaxTagSort+1), notANumber)
	return content.TagInput{Slug: c.PostForm("slug"), NameTH: c.PostForm("name_th"), NameEN: c.PostForm("name_en"), Sort: int(sort)}
}

func (h *Handler) createTag(c *gin.Context) { h.saveTag(c, content.Tag{}) }

func (h *Handler) updateTag(c *gin.Context) {
	if t, ok := h.tagParam(c); ok {
		h.saveTag(c, t)
	}
}

func (h *Handler) saveTag(c *gin.Context, old content.Tag) {
	in := tagInput(c)
	id, err := h.content.SaveTag(c.Request.Context(), old.ID, in, h.now())
	var fe newsroom.FieldErrors
	switch {
	case errors.As(err, &fe):
		h.renderTagForm(c, http.StatusUnprocessableEntity, old, fe, c.Request.PostForm)
		return
	case err != nil:
		h.web.Fail(c, err)
		return
	}
	action := "tag.create"
	if old.ID != 0 {
		action = "tag.update"
	}
	h.record(c, action, "tag", id, in.Slug+" "+in.NameTH)
	h.redirectWithFlash(c, "/admin/tags", "tags.saved")
}

func (h *Handler) deleteTag(c *gin.Context) {
	t, ok := h.tagParam(c)
	if !ok {
		return
	}
	if err := h.content.DeleteTag(c.Request.Context(), t.ID); err != nil {
		h.web.Fail(c, err)
		return
	}
	h.record(c, "tag.delete", "tag", t.ID, t.Slug+" "+t.NameTH)
	h.redirectWithFlash(c, "/admin/tags", "tags.deleted")
}
