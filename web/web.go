// Package web is the HTTP plumbing shared by the admin and the public site:
// the middleware chain (recover → request id → traffic log → security
// headers → body limit → CSRF; then session → user on the admin), the
// signed session cookie (Sessions, over roles' stored sessions), the
// permission gates of routes, page rendering, the page cache, pagers, and
// Fail, the one place where error kinds become status codes. Handlers live
// in admin and public.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/sessions"

	"newsroom/audit"
	"newsroom/roles"
	"newsroom/templates"
)

// SessionName is the gorilla/sessions name of the admin session.
const SessionName = "s"

// Context keys set by the middleware.
const (
	keyRequestID = "nr.reqid"
	keyUser      = "nr.user"
	keySession   = "nr.session"
	keyCSRF      = "nr.csrf"
	keyLang      = "nr.lang"
)

// Web holds what the middleware and renderers need.
type Web struct {
	Tpl      *templates.Engine
	Sessions *Sessions
	Users    *roles.Store
	Traffic  *audit.TrafficLog // nil turns the traffic log off (benchmarks)
	Log      *slog.Logger
	CSRFKey  []byte
	Secure   bool // the base URL is https: Secure cookies, HSTS
	BaseURL  string
	Now      func() time.Time
	// Unread, when set, counts a user's unread notifications for the admin
	// header (nil: no count).
	Unread func(ctx context.Context, userID int64) (int, error)
	Drafts *FormDrafts // autosaved drafts and stashed forms; nil turns them off
	// Footer, when set, gives a public page its footer's links (package
	// public sets it); admin pages get none.
	Footer func(c *gin.Context) *templates.Footer

	cop        *http.CrossOriginProtection
	cookieless map[string]func(*gin.Context) bool // csrf.go: public forms with their own token
}

// New returns a Web; trustedOrigins are extra origins allowed to POST (e.g.
// the public base URL when a proxy rewrites Host).
func New(w Web, trustedOrigins ...string) (*Web, error) {
	if w.Now == nil {
		w.Now = time.Now
	}
	w.cop = http.NewCrossOriginProtection()
	for _, o := range trustedOrigins {
		if err := w.cop.AddTrustedOrigin(o); err != nil {
			return nil, err
		}
	}
	return &w, nil
}

// RequestIDOf returns the request id set by the middleware.
func RequestIDOf(c *gin.Context) string { return c.GetString(keyRequestID) }

// UserOf returns the logged-in user, or nil.
func UserOf(c *gin.Context) *roles.User {
	if u, ok := c.Get(keyUser); ok {
		return u.(*roles.User)
	}
	return nil
}

// SessionOf returns the request's session (nil outside the admin).
func SessionOf(c *gin.Context) *sessions.Session {
	if s, ok := c.Get(keySession); ok {
		return s.(*sessions.Session)
	}
	return nil
}

// SetLang fixes the page language for this request (the public site sets it
// from the /en/ prefix).
func SetLang(c *gin.Context, lang string) { c.Set(keyLang, templates.NormLang(lang)) }

// LangOf returns the request's UI language: the one set for the request, else
// the admin's "lang" cookie, else Thai.
func LangOf(c *gin.Context) string {
	if l := c.GetString(keyLang); l != "" {
		return l
	}
	if ck, err := c.Cookie("lang"); err == nil {
		return templates.NormLang(ck)
	}
	return "th"
}

// SetUser records who the request acts for (at login, before the session
// round-trips), so the traffic log and later middleware see them.
func SetUser(c *gin.Context, u *roles.User) { c.Set(keyUser, u) }
