package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"newsroom"
	"newsroom/roles"
)

// Sessions is the gorilla/sessions Store of the admin session: the cookie
// carries a signed random token, and the session itself lives in the
// database (roles.SessionStore, whose methods it also has), so ending a
// session there ends it at once.
type Sessions struct {
	*roles.SessionStore
	codecs []securecookie.Codec
	secure bool
	name   string
}

// NewSessions returns the cookie side of st; hashKey signs cookies (32+
// random bytes kept in the database settings so every server and restart
// agrees); secure (an https base URL) makes the cookie Secure and
// __Host- prefixed.
func NewSessions(st *roles.SessionStore, hashKey []byte, secure bool) *Sessions {
	name := "nr_session"
	if secure {
		name = "__Host-nr_session" // the prefix forbids Domain and requires Secure and Path=/
	}
	codecs := securecookie.CodecsFromPairs(hashKey)
	for _, c := range codecs {
		if sc, ok := c.(*securecookie.SecureCookie); ok {
			sc.MaxAge(int(st.Absolute() / time.Second))
		}
	}
	return &Sessions{SessionStore: st, codecs: codecs, secure: secure, name: name}
}

// CookieName is the session cookie's name.
func (s *Sessions) CookieName() string { return s.name }

// Get returns the request's session, cached for the request by the registry.
func (s *Sessions) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

func (s *Sessions) options() *sessions.Options {
	return &sessions.Options{Path: "/", HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode}
}

// New loads the session named by the request's cookie, or returns a new empty
// one when there is none, it is forged, or it has expired or been revoked.
func (s *Sessions) New(r *http.Request, name string) (*sessions.Session, error) {
	sess := sessions.NewSession(s, name)
	sess.Options = s.options()
	sess.IsNew = true
	c, err := r.Cookie(s.name)
	if err != nil {
		return sess, nil
	}
	var token string
	if err := securecookie.DecodeMulti(s.name, c.Value, &token, s.codecs...); err != nil {
		return sess, nil // a forged or stale cookie is just no session
	}
	stored, err := s.Load(r.Context(), token)
	if errors.Is(err, newsroom.ErrNotFound) {
		return sess, nil
	}
	if err != nil {
		return sess, err
	}
	for k, v := range stored.Values {
		sess.Values[k] = v
	}
	if stored.UserID != 0 {
		sess.Values[roles.SessionUserKey] = stored.UserID
	}
	sess.ID = token
	sess.IsNew = false
	return sess, nil
}

// Save writes the session row and the cookie. MaxAge < 0 deletes both.
// Only string values are kept, beside the user's id.
func (s *Sessions) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	ctx := r.Context()
	if sess.Options != nil && sess.Options.MaxAge < 0 {
		if sess.ID != "" {
			if err := s.Delete(ctx, sess.ID); err != nil {
				return err
			}
		}
		http.SetCookie(w, s.cookie("", -1))
		return nil
	}
	stored := roles.Session{Values: map[string]string{}}
	for k, v := range sess.Values {
		ks, ok := k.(string)
		if !ok {
			continue
		}
		if ks == roles.SessionUserKey {
			stored.UserID, _ = v.(int64)
			continue
		}
		if vs, ok := v.(string); ok {
			stored.Values[ks] = vs
		}
	}
	if sess.ID == "" {
		token, err := s.Create(ctx, stored, r.UserAgent())
		if err != nil {
			return err
		}
		sess.ID = token
	} else if err := s.Update(ctx, sess.ID, stored); errors.Is(err, newsroom.ErrNotFound) {
		// Revoked while this request ran: do not resurrect it.
		http.SetCookie(w, s.cookie("", -1))
		return nil
	} else if err != nil {
		return err
	}
	enc, err := securecookie.EncodeMulti(s.name, sess.ID, s.codecs...)
	if err != nil {
		return fmt.Errorf("web: encode session cookie: %w", err)
	}
	http.SetCookie(w, s.cookie(enc, 0))
	return nil
}

// Renew gives the session a fresh ID (at login), deleting the old row so a
// token planted before login is worthless afterwards.
func (s *Sessions) Renew(ctx context.Context, sess *sessions.Session) error {
	if sess.ID != "" {
		if err := s.Delete(ctx, sess.ID); err != nil {
			return err
		}
	}
	sess.ID = ""
	sess.IsNew = true
	return nil
}

func (s *Sessions) cookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: s.name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode}
}
