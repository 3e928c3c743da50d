package admin

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/roles"
	"newsroom/templates"
	"newsroom/web"
)

type loginData struct {
	Next    string
	Message string
	Resume  string // the id of a form kept from an expired session
}

// loginMessages are the only ?msg= values the login page shows.
var loginMessages = map[string]string{"expired": "login.expired", "logged_out": "login.logged_out", "pw_changed": "pw.changed"}

func (h *Handler) showLogin(c *gin.Context) {
	p := h.web.Page(c, "login.title")
	p.Flash = loginMessages[c.Query("msg")]
	resume := resumeID(c.Query("resume"))
	if resume != "" {
		p.Flash = "drafts.login_kept"
	}
	p.Data = loginData{Next: safeNext(c.Query("next")), Resume: resume}
	h.web.Render(c, http.StatusOK, "admin/login", p)
}

func (h *Handler) login(c *gin.Context) {
	cid, pw := c.PostForm("citizen_id"), c.PostForm("password")
	next := safeNext(c.PostForm("next"))
	u, err := h.users.Authenticate(c.Request.Context(), cid, pw, c.ClientIP(), h.now())
	if err != nil {
		h.loginFailed(c, cid, next, err)
		return
	}
	sess := web.SessionOf(c)
	if err := h.sessions.Renew(c.Request.Context(), sess); err != nil {
		h.web.Fail(c, err)
		return
	}
	for k := range sess.Values {
		delete(sess.Values, k)
	}
	sess.Values[roles.SessionUserKey] = u.ID
	if err := sess.Save(c.Request, c.Writer); err != nil {
		h.web.Fail(c, err)
		return
	}
	h.recordAs(c, u, "session.login", "")
	// A form posted into this user's expired session goes back into its
	// page as their draft; another user's resume id gives nothing.
	if id := resumeID(c.PostForm("resume")); id != "" && h.web.Drafts != nil {
		form, err := h.web.Drafts.Resume(c.Request.Context(), u.ID, id)
		switch {
		case err == nil:
			next = form
		case !errors.Is(err, newsroom.ErrNotFound):
			h.log.Error("resume stashed form", "err", err, "req", web.RequestIDOf(c))
		}
	}
	c.Redirect(http.StatusSeeOther, next)
}

// resumeID bounds a resume id: up to 64 URL-safe base64 characters.
func resumeID(s string) string {
	if len(s) > 64 {
		return ""
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return ""
		}
	}
	return s
}

func (h *Handler) loginFailed(c *gin.Context, cid, next string, err error) {
	lang := web.LangOf(c)
	var th *roles.Throttled
	status, msg := http.StatusUnauthorized, templates.T(lang, "login.failed")
	switch {
	case errors.As(err, &th):
		status, msg = http.StatusTooManyRequests, templates.Tf(lang, "login.throttled", waitText(lang, th.RetryAfter))
		c.Header("Retry-After", fmt.Sprint(int(th.RetryAfter.Seconds())))
	case errors.Is(err, roles.ErrBusy):
		// Too many password checks at once: refused, not queued, not counted.
		status, msg = http.StatusTooManyRequests, templates.T(lang, "login.busy")
		c.Header("Retry-After", fmt.Sprint(int(roles.BusyRetryAfter.Seconds())))
	case errors.Is(err, roles.ErrDisabled):
		status, msg = http.StatusForbidden, templates.T(lang, "login.disabled")
	case errors.Is(err, roles.ErrBadCredentials):
	default:
		h.web.Fail(c, err)
		return
	}
	// The citizen ID is personal data: the action log keeps only its mask.
	h.record(c, "session.login_failed", "user", 0, maskTyped(cid))
	p := h.web.Page(c, "login.title")
	p.Data = loginData{Next: next, Message: msg, Resume: resumeID(c.PostForm("resume"))}
	p.Form = map[string][]string{"citizen_id": {cid}}
	h.web.Render(c, status, "admin/login", p)
}

// maskTyped masks a typed citizen ID for the log: the valid form's mask, or
// x's for at most 32 bytes of anything else.
func maskTyped(cid string) string {
	if id, ok := roles.NormalizeCitizenID(cid); ok {
		return roles.MaskCitizenID(id)
	}
	if len(cid) > 32 {
		cid = cid[:32]
	}
	return roles.MaskCitizenID(cid)
}

func waitText(lang string, d time.Duration) string {
	d = d.Round(time.Second)
	if d < time.Minute {
		if lang == "en" {
			return fmt.Sprintf("%d seconds", int(d.Seconds()))
		}
		return fmt.Sprintf("%d วินาที", int(d.Seconds()))
	}
	m := int((d + time.Minute - 1) / time.Minute)
	if lang == "en" {
		return fmt.Sprintf("%d minutes", m)
	}
	return fmt.Sprintf("%d นาที", m)
}

// safeNext keeps redirects inside the admin: no other hosts, no "//x".
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/admin") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") ||
		strings.HasPrefix(next, "/admin/login") || strings.HasPrefix(next, "/admin/logout") {
		return "/admin/"
	}
	return next
}

func (h *Handler) recordAs(c *gin.Context, u roles.User, action, detail string) {
	web.SetUser(c, &u) // so the action and traffic logs name who logged in
	h.record(c, action, "user", u.ID, detail)
}

func (h *Handler) logout(c *gin.Context) {
	h.record(c, "session.logout", "user", web.UserOf(c).ID, "")
	sess := web.SessionOf(c)
	sess.Options.MaxAge = -1
	if err := sess.Save(c.Request, c.Writer); err != nil {
		h.web.Fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/login?msg=logged_out")
}

// setLang stores the admin UI language in a plain preference cookie.
func (h *Handler) setLang(c *gin.Context) {
	lang := templates.NormLang(c.Param("lang"))
	http.SetCookie(c.Writer, &http.Cookie{Name: "lang", Value: lang, Path: "/admin", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: h.web.Secure, SameSite: http.SameSiteLaxMode})
	next := c.Query("next")
	if next == "" {
		next = "/admin/"
	}
	if next != "/admin/login" {
		next = safeNext(next)
	}
	c.Redirect(http.StatusSeeOther, next)
}
