package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/roles"
)

type unitFormData struct {
	Unit   roles.Unit
	Kinds  []string
	Review unitReviewers
}

func (h *Handler) listUnits(c *gin.Context) {
	units, err := h.users.Units(c.Request.Context(), true)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "units.title")
	p.Nav = "units"
	p.Data = struct{ Units []roles.Unit }{units}
	h.web.Render(c, http.StatusOK, "admin/units", p)
}

func (h *Handler) showNewUnit(c *gin.Context) {
	h.renderUnitForm(c, http.StatusOK, roles.Unit{Kind: "faculty"}, nil, nil)
}

func (h *Handler) showEditUnit(c *gin.Context) {
	if u, ok := h.unitParam(c); ok {
		h.renderUnitForm(c, http.StatusOK, u, nil, nil)
	}
}

func (h *Handler) renderUnitForm(c *gin.Context, status int, u roles.Unit, errs newsroom.FieldErrors, form url.Values) {
	title := formTitle("units", u.ID)
	p := h.web.Page(c, title)
	p.Nav, p.Errors, p.Form = "units", errs, form
	rv, err := h.unitReviewData(c, u)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p.Data = unitFormData{Unit: u, Kinds: roles.UnitKinds, Review: rv}
	h.web.Render(c, status, "admin/unit_form", p)
}

func unitInput(c *gin.Context) roles.Unit {
	sort := max(min(formInt(c, "sort", 0), roles.MaxUnitSort+1), notANumber) // empty: first
	return roles.Unit{Code: c.PostForm("code"), NameTH: c.PostForm("name_th"), NameEN: c.PostForm("name_en"),
		Kind: c.PostForm("kind"), Sort: int(sort), Slug: c.PostForm("slug"),
		DescTH: c.PostForm("description_th"), DescEN: c.PostForm("description_en")}
}

func (h *Handler) createUnit(c *gin.Context) {
	u, err := h.users.CreateUnit(c.Request.Context(), unitInput(c), h.now())
	if h.unitFormFailed(c, roles.Unit{}, err) {
		return
	}
	if err := h.saveUnitReview(c, u.ID); err != nil {
		h.web.Fail(c, err)
		return
	}
	h.content.Changed(c.Request.Context()) // the faculty pages and lists
	h.record(c, "unit.create", "unit", u.ID, u.NameTH)
	h.redirectWithFlash(c, "/admin/units", "units.saved")
}

func (h *Handler) updateUnit(c *gin.Context) {
	old, ok := h.unitParam(c)
	if !ok {
		return
	}
	in := unitInput(c)
	in.ID = old.ID
	if h.unitFormFailed(c, old, h.users.UpdateUnit(c.Request.Context(), in)) {
		return
	}
	if err := h.saveUnitReview(c, old.ID); err != nil {
		h.web.Fail(c, err)
		return
	}
	h.content.Changed(c.Request.Context()) // the faculty pages and lists
	h.record(c, "unit.update", "unit", old.ID, old.NameTH+" → "+in.NameTH)
	if in := c.PostForm("review") == "1"; in != old.Review {
		h.record(c, map[bool]string{true: "unit.review_on", false: "unit.review_off"}[in], "unit", old.ID, old.NameTH)
	}
	h.redirectWithFlash(c, "/admin/units", "units.saved")
}

// unitFormFailed answers an invalid form with 422 or another error with
// Fail, and reports whether it did.
func (h *Handler) unitFormFailed(c *gin.Context, u roles.Unit, err error) bool {
	var fe newsroom.FieldErrors
	switch {
	case err == nil:
		return false
	case errors.As(err, &fe):
		h.renderUnitForm(c, http.StatusUnprocessableEntity, u, fe, c.Request.PostForm)
	default:
		h.web.Fail(c, err)
	}
	return true
}

func (h *Handler) retireUnit(c *gin.Context)  { h.setUnitRetired(c, true) }
func (h *Handler) restoreUnit(c *gin.Context) { h.setUnitRetired(c, false) }

func (h *Handler) setUnitRetired(c *gin.Context, retired bool) {
	u, ok := h.unitParam(c)
	if !ok {
		return
	}
	if err := h.users.SetUnitRetired(c.Request.Context(), u.ID, retired, h.now()); err != nil {
		h.web.Fail(c, err)
		return
	}
	h.content.Changed(c.Request.Context())
	action := "unit.restore"
	if retired {
		action = "unit.retire"
	}
	h.record(c, action, "unit", u.ID, u.NameTH)
	h.redirectWithFlash(c, "/admin/units", "units.saved")
}

func (h *Handler) unitParam(c *gin.Context) (roles.Unit, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		h.web.Fail(c, newsroom.ErrNotFound)
		return roles.Unit{}, false
	}
	u, err := h.users.Unit(c.Request.Context(), id)
	if err != nil {
		h.web.Fail(c, err)
		return roles.Unit{}, false
	}
	return u, true
}
