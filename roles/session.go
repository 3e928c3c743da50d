package roles

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"newsroom/db"
)

// SessionUserKey is the session value holding the logged-in user's id (int64).
const SessionUserKey = "uid"

// SessionOptions configure the server-side session store.
type SessionOptions struct {
	Secure   bool          // cookies only over https (set when the base URL is https)
	Idle     time.Duration // end a session unused this long (default 2 h)
	Absolute time.Duration // end any session this old (default 12 h)
	Now      func() time.Time
}

// SessionStore is a gorilla/sessions Store that keeps sessions in the
// database. The cookie carries a signed random token; the row is keyed by the
// token's SHA-256. Deleting rows (logout, disabling a user, a new password)
// ends sessions at once: a replayed cookie finds nothing.
type SessionStore struct {
	db     *db.DB
	codecs []securecookie.Codec
	opt    SessionOptions
	name   string
}

// NewSessionStore returns a store; hashKey signs cookies (32+ random bytes kept
// in the database settings so every server and restart agrees).
func NewSessionStore(d *db.DB, hashKey []byte, opt SessionOptions) *SessionStore {
	if opt.Idle == 0 {
		opt.Idle = 2 * time.Hour
	}
	if opt.Absolute == 0 {
		opt.Absolute = 12 * time.Hour
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	name := "nr_session"
	if opt.Secure {
		name = "__Host-nr_session" // the prefix forbids Domain and requires Secure and Path=/
	}
	codecs := securecookie.CodecsFromPairs(hashKey)
	for _, c := range codecs {
		if sc, ok := c.(*securecookie.SecureCookie); ok {
			sc.MaxAge(int(opt.Absolute / time.Second))
		}
	}
	return &SessionStore{db: d, codecs: codecs, opt: opt, name: name}
}

// CookieName is the session cookie's name.
func (s *SessionStore) CookieName() string { return s.name }

// Get returns the request's session, cached for the request by the registry.
func (s *SessionStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

func (s *SessionStore) options() *sessions.Options {
	return &sessions.Options{Path: "/", HttpOnly: true, Secure: s.opt.Secure, SameSite: http.SameSiteLaxMode}
}

// New loads the session named by the request's cookie, or returns a new empty
// one when there is none, it is forged, or it has expired or been revoked.
func (s *SessionStore) New(r *http.Request, name string) (*sessions.Session, error) {
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
	if err := s.load(r.Context(), token, sess); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return sess, nil
		}
		return sess, err
	}
	sess.ID = token
	sess.IsNew = false
	return sess, nil
}

func tokenKey(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func (s *SessionStore) load(ctx context.Context, token string, sess *sessions.Session) error {
	var uid sql.NullInt64
	var data string
	var created, seen int64
	key := tokenKey(token)
	err := s.db.R.QueryRowContext(ctx, `SELECT user_id, data, created_at, last_seen FROM sessions WHERE id = ?`, key).
		Scan(&uid, &data, &created, &seen)
	if err != nil {
		return err
	}
	now := s.opt.Now()
	if now.Sub(fromMS(seen)) > s.opt.Idle || now.Sub(fromMS(created)) > s.opt.Absolute {
		if _, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, key); err != nil {
			return fmt.Errorf("roles: expire session: %w", err)
		}
		return sql.ErrNoRows
	}
	var vals map[string]string
	if err := json.Unmarshal([]byte(data), &vals); err != nil {
		return fmt.Errorf("roles: session data: %w", err)
	}
	for k, v := range vals {
		sess.Values[k] = v
	}
	if uid.Valid {
		sess.Values[SessionUserKey] = uid.Int64
	}
	// Touch at most once a minute: idle expiry needs no finer grain, and it
	// saves a write per request.
	if now.Sub(fromMS(seen)) > time.Minute {
		if _, err := s.db.W.ExecContext(ctx, `UPDATE sessions SET last_seen = ? WHERE id = ?`, ms(now), key); err != nil {
			return fmt.Errorf("roles: touch session: %w", err)
		}
	}
	return nil
}

// Save writes the session row and the cookie. MaxAge < 0 deletes both.
func (s *SessionStore) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	ctx := r.Context()
	if sess.Options != nil && sess.Options.MaxAge < 0 {
		if sess.ID != "" {
			if _, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, tokenKey(sess.ID)); err != nil {
				return fmt.Errorf("roles: delete session: %w", err)
			}
		}
		http.SetCookie(w, s.cookie("", -1))
		return nil
	}
	vals := map[string]string{}
	var uid any
	for k, v := range sess.Values {
		ks, ok := k.(string)
		if !ok {
			continue
		}
		if ks == SessionUserKey {
			uid = v
			continue
		}
		if vs, ok := v.(string); ok {
			vals[ks] = vs
		}
	}
	data, _ := json.Marshal(vals)
	now := ms(s.opt.Now())
	if sess.ID == "" {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		sess.ID = base64.RawURLEncoding.EncodeToString(b)
		_, err := s.db.W.ExecContext(ctx, `INSERT INTO sessions (id, user_id, data, created_at, last_seen, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			tokenKey(sess.ID), uid, string(data), now, now, "", truncate(r.UserAgent(), 200))
		if err != nil {
			return fmt.Errorf("roles: create session: %w", err)
		}
	} else {
		res, err := s.db.W.ExecContext(ctx, `UPDATE sessions SET user_id = ?, data = ? WHERE id = ?`, uid, string(data), tokenKey(sess.ID))
		if err != nil {
			return fmt.Errorf("roles: save session: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			// Revoked while this request ran: do not resurrect it.
			http.SetCookie(w, s.cookie("", -1))
			return nil
		}
	}
	enc, err := securecookie.EncodeMulti(s.name, sess.ID, s.codecs...)
	if err != nil {
		return fmt.Errorf("roles: encode session cookie: %w", err)
	}
	http.SetCookie(w, s.cookie(enc, 0))
	return nil
}

// Renew gives the session a fresh ID (at login), deleting the old row so a
// token planted before login is worthless afterwards.
func (s *SessionStore) Renew(ctx context.Context, sess *sessions.Session) error {
	if sess.ID != "" {
		if _, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, tokenKey(sess.ID)); err != nil {
			return fmt.Errorf("roles: renew session: %w", err)
		}
	}
	sess.ID = ""
	sess.IsNew = true
	return nil
}

func (s *SessionStore) cookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: s.name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.opt.Secure, SameSite: http.SameSiteLaxMode}
}

// Purge deletes expired sessions; a background job calls it.
func (s *SessionStore) Purge(ctx context.Context) error {
	now := s.opt.Now()
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE last_seen < ? OR created_at < ?`,
		ms(now.Add(-s.opt.Idle)), ms(now.Add(-s.opt.Absolute)))
	return err
}

// RevokeUser ends every session of a user.
func (s *SessionStore) RevokeUser(ctx context.Context, userID int64) error {
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return err
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
