package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/roles"
	"newsroom/web"
)

func (h *Handler) showPasswordForm(c *gin.Context) {
	h.renderPasswordForm(c, http.StatusOK, nil)
}

func (h *Handler) renderPasswordForm(c *gin.Context, status int, errs newsroom.FieldErrors) {
	p := h.web.Page(c, "pw.title")
	p.Nav, p.Errors = "password", errs
	h.web.Render(c, status, "admin/password", p)
}

// changePassword sets the user's own password. Every session of the user,
// this one included, ends: they log in again with the new password.
func (h *Handler) changePassword(c *gin.Context) {
	u := web.UserOf(c)
	ctx := c.Request.Context()
	fe := newsroom.FieldErrors{}
	if _, err := h.users.Authenticate(ctx, u.CitizenID, c.PostForm("current"), c.ClientIP(), h.now()); err != nil {
		fe.Add("current", "err.password_wrong")
	}
	pw := c.PostForm("password")
	if k := roles.CheckPasswordPolicy(pw); k != "" {
		fe.Add("password", k)
	} else if pw != c.PostForm("confirm") {
		fe.Add("confirm", "err.password_mismatch")
	}
	if len(fe) > 0 {
		h.renderPasswordForm(c, http.StatusUnprocessableEntity, fe)
		return
	}
	if err := h.users.SetPassword(ctx, u.ID, pw, h.now()); err != nil {
		h.web.Fail(c, err)
		return
	}
	h.record(c, "user.password_change", "user", u.ID, "")
	c.Redirect(http.StatusSeeOther, "/admin/login?msg=pw_changed")
}
