package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/roles"
	"newsroom/web"
)

type userFormData struct {
	User              roles.User
	Units             []roles.Unit
	Roles             []roles.Role
	Categories        []roles.Category
	Grants            []roles.Category
	SuggestedPassword string
}

func (h *Handler) listUsers(c *gin.Context) {
	users, err := h.users.Users(c.Request.Context())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "users.title")
	p.Nav = "users"
	p.Data = struct{ Users []roles.User }{users}
	h.web.Render(c, http.StatusOK, "admin/users", p)
}

func (h *Handler) showNewUser(c *gin.Context) {
	h.renderUserForm(c, http.StatusOK, roles.User{}, nil, nil)
}

func (h *Handler) showEditUser(c *gin.Context) {
	u, ok := h.userParam(c)
	if !ok {
		return
	}
	h.renderUserForm(c, http.StatusOK, u, nil, nil)
}

// renderUserForm shows the form; on a 422 errs and form keep what was typed.
func (h *Handler) renderUserForm(c *gin.Context, status int, u roles.User, errs newsroom.FieldErrors, form url.Values) {
	units, err := h.users.Units(c.Request.Context(), false)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	title := formTitle("users", u.ID)
	p := h.web.Page(c, title)
	p.Nav, p.Errors, p.Form = "users", errs, form
	d := userFormData{User: u, Units: units, Roles: roles.AllRoles, Categories: roles.AllCategories,
		Grants: u.Grants, SuggestedPassword: roles.GeneratePassword(12)}
	if form != nil {
		d.Grants = nil
		for _, g := range form["grants"] {
			d.Grants = append(d.Grants, roles.Category(g))
		}
	}
	p.Data = d
	h.web.Render(c, status, "admin/user_form", p)
}

func userInput(c *gin.Context) roles.UserInput {
	unitID, _ := strconv.ParseInt(c.PostForm("unit_id"), 10, 64)
	in := roles.UserInput{
		CitizenID: c.PostForm("citizen_id"),
		Name:      c.PostForm("name"),
		Email:     c.PostForm("email"),
		UnitID:    unitID,
		Role:      roles.Role(c.PostForm("role")),
		Password:  c.PostForm("password"),
	}
	for _, g := range c.PostFormArray("grants") {
		in.Grants = append(in.Grants, roles.Category(g))
	}
	return in
}

func (h *Handler) createUser(c *gin.Context) {
	u, err := h.users.CreateUser(c.Request.Context(), userInput(c), h.now())
	if errors.Is(err, newsroom.ErrInvalid) {
		var fe newsroom.FieldErrors
		errors.As(err, &fe)
		h.renderUserForm(c, http.StatusUnprocessableEntity, roles.User{}, fe, c.Request.PostForm)
		return
	} else if err != nil {
		h.web.Fail(c, err)
		return
	}
	h.record(c, "user.create", "user", u.ID, u.Name+" ("+string(u.Role)+")")
	h.redirectWithFlash(c, "/admin/users", "users.created")
}

func (h *Handler) updateUser(c *gin.Context) {
	u, ok := h.userParam(c)
	if !ok {
		return
	}
	err := h.users.UpdateUser(c.Request.Context(), u.ID, userInput(c), h.now())
	if errors.Is(err, newsroom.ErrInvalid) {
		var fe newsroom.FieldErrors
		errors.As(err, &fe)
		h.renderUserForm(c, http.StatusUnprocessableEntity, u, fe, c.Request.PostForm)
		return
	} else if err != nil {
		h.web.Fail(c, err)
		return
	}
	h.record(c, "user.update", "user", u.ID, c.PostForm("name")+" ("+c.PostForm("role")+")")
	h.redirectWithFlash(c, "/admin/users", "users.saved")
}

func (h *Handler) resetPassword(c *gin.Context) {
	u, ok := h.userParam(c)
	if !ok {
		return
	}
	err := h.users.SetPassword(c.Request.Context(), u.ID, c.PostForm("new_password"), h.now())
	if errors.Is(err, newsroom.ErrInvalid) {
		h.renderUserForm(c, http.StatusUnprocessableEntity, u, newsroom.FieldErrors{"new_password": "err.password_short"}, nil)
		return
	} else if err != nil {
		h.web.Fail(c, err)
		return
	}
	h.record(c, "user.password_reset", "user", u.ID, u.Name)
	h.redirectWithFlash(c, "/admin/users/"+strconv.FormatInt(u.ID, 10)+"/edit", "users.reset_ok")
}

func (h *Handler) disableUser(c *gin.Context) { h.setActive(c, false) }
func (h *Handler) enableUser(c *gin.Context)  { h.setActive(c, true) }

func (h *Handler) setActive(c *gin.Context, active bool) {
	u, ok := h.userParam(c)
	if !ok {
		return
	}
	if !active && u.ID == web.UserOf(c).ID {
		h.renderUserForm(c, http.StatusUnprocessableEntity, u, newsroom.FieldErrors{"active": "err.self_disable"}, nil)
		return
	}
	err := h.users.SetActive(c.Request.Context(), u.ID, active, h.now())
	if fe := (newsroom.FieldErrors{}); errors.As(err, &fe) {
		h.renderUserForm(c, http.StatusUnprocessableEntity, u, fe, nil)
		return
	} else if err != nil {
		h.web.Fail(c, err)
		return
	}
	action, flash := "user.enable", "users.enabled_ok"
	if !active {
		action, flash = "user.disable", "users.disabled_ok"
	}
	h.record(c, action, "user", u.ID, u.Name)
	h.redirectWithFlash(c, "/admin/users/"+strconv.FormatInt(u.ID, 10)+"/edit", flash)
}

// userParam loads the :id user or answers 404.
func (h *Handler) userParam(c *gin.Context) (roles.User, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		h.web.Fail(c, newsroom.ErrNotFound)
		return roles.User{}, false
	}
	u, err := h.users.User(c.Request.Context(), id)
	if err != nil {
		h.web.Fail(c, err)
		return roles.User{}, false
	}
	return u, true
}

// redirectWithFlash answers a successful POST: 303 to where the user goes next.
func (h *Handler) redirectWithFlash(c *gin.Context, to, flash string) {
	web.Flash(c, flash)
	if err := web.SaveSession(c); err != nil {
		h.web.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, to)
}
