package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/roles"
)

// LoadUser reads the admin session and, when it names an active user, puts
// the user in the context. A session of a disabled user is ended at once.
func (w *Web) LoadUser() gin.HandlerFunc {
	return func(c *gin.Context) {
		sess, err := w.Sessions.Get(c.Request, SessionName)
		if err != nil {
			w.Fail(c, err)
			c.Abort()
			return
		}
		c.Set(keySession, sess)
		uid, _ := sess.Values[roles.SessionUserKey].(int64)
		if uid == 0 {
			c.Next()
			return
		}
		u, err := w.Users.User(c.Request.Context(), uid)
		if err != nil && !errors.Is(err, newsroom.ErrNotFound) {
			w.Fail(c, err)
			c.Abort()
			return
		}
		if err != nil || !u.Active {
			sess.Options.MaxAge = -1
			sess.Save(c.Request, c.Writer)
			c.Next()
			return
		}
		c.Set(keyUser, &u)
		c.Next()
	}
}

// RequireLogin sends visitors without a valid session to the login page,
// remembering where they were going.
func (w *Web) RequireLogin() gin.HandlerFunc {
	return func(c *gin.Context) {
		if UserOf(c) != nil {
			c.Next()
			return
		}
		// A session that expired (not one that was ended) leaves a
		// tombstone naming its user: what they posted is kept for them.
		uid := w.expiredUser(c)
		if isScript(c) {
			w.answerLoggedOut(c, uid != 0)
			return
		}
		q := url.Values{}
		if c.Request.Method == http.MethodGet {
			q.Set("next", c.Request.URL.RequestURI())
		}
		if _, err := c.Cookie(w.Sessions.CookieName()); err == nil {
			q.Set("msg", "expired")
		}
		if uid != 0 {
			if id := w.stashExpired(c, uid); id != "" {
				q.Set("resume", id)
			}
		}
		c.Redirect(http.StatusSeeOther, "/admin/login?"+q.Encode())
		c.Abort()
	}
}

// Require gates a route group: the user must be allowed act on kind at all.
// Objects are checked again in the handler (unit, category).
func (w *Web) Require(kind roles.Kind, act roles.Action) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := UserOf(c)
		if u == nil {
			w.Fail(c, newsroom.ErrForbidden)
			c.Abort()
			return
		}
		if err := roles.Check(u.Actor(), act, roles.Target{Kind: kind}); err != nil {
			w.Fail(c, err)
			c.Abort()
			return
		}
		c.Next()
	}
}

// Flash stores a message key to show on the next page.
func Flash(c *gin.Context, key string) {
	if s := SessionOf(c); s != nil {
		s.Values["flash"] = key
	}
}

// SaveSession writes the session (call before redirecting).
func SaveSession(c *gin.Context) error {
	if s := SessionOf(c); s != nil {
		return s.Save(c.Request, c.Writer)
	}
	return nil
}
