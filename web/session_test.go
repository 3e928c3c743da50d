package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/sessions"

	"newsroom/db"
	"newsroom/db/dbtest"
	"newsroom/roles"
	"newsroom/web"
)

// The session cookie: web.Sessions signs the token into the cookie and
// keeps the session in roles.SessionStore.

var sessKey = []byte("0123456789abcdef0123456789abcdef")

// t0 is the fixed instant the session tests start at.
var t0 = time.Date(2025, 6, 12, 9, 0, 0, 0, time.UTC)

// sessClock is a movable time source for SessionOptions.Now.
type sessClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *sessClock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *sessClock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// sessLoad asks the store for the session of a request carrying c.
func sessLoad(t *testing.T, ss *web.Sessions, c *http.Cookie) *sessions.Session {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	if c != nil {
		r.AddCookie(c)
	}
	sess, err := ss.New(r, "s")
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return sess
}

// sessSave writes sess and returns the cookie the response set (nil if none).
func sessSave(t *testing.T, ss *web.Sessions, sess *sessions.Session) *http.Cookie {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/", nil)
	r.Header.Set("User-Agent", "test-agent")
	w := httptest.NewRecorder()
	if err := ss.Save(r, w, sess); err != nil {
		t.Fatalf("Save: %v", err)
	}
	for _, c := range w.Result().Cookies() {
		if c.Name == ss.CookieName() {
			return c
		}
	}
	return nil
}

func sessCount(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.R.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

type sessionFixture struct {
	s    *roles.Store
	ss   *web.Sessions
	clk  *sessClock
	user roles.User
	rows func() int
}

func newSessionFixture(t *testing.T, secure bool) sessionFixture {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dbtest.Target(t, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	s := roles.NewStore(d, roles.TestHashParams)
	unit, err := s.CreateUnit(ctx, roles.Unit{Code: "sci", NameTH: "หน่วย sci", NameEN: "Unit sci", Kind: "faculty"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.CreateUser(ctx, roles.UserInput{CitizenID: validCitizenID("310000000000"), Name: "ผู้ใช้", UnitID: unit.ID,
		Role: roles.UnitPR, Password: "correct horse battery"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	clk := &sessClock{t: t0}
	return sessionFixture{
		s: s, ss: web.NewSessions(roles.NewSessionStore(d, roles.SessionOptions{Now: clk.Now}), sessKey, secure), clk: clk, user: u,
		rows: func() int { return sessCount(t, d, `SELECT count(*) FROM sessions`) },
	}
}

// validCitizenID completes a 12-digit prefix with its check digit.
func validCitizenID(first12 string) string {
	sum := 0
	for i := 1; i <= 12; i++ {
		sum += int(first12[i-1]-'0') * (14 - i)
	}
	return fmt.Sprintf("%s%d", first12, (11-sum%11)%10)
}

func TestSessionRoundTrip(t *testing.T) {
	f := newSessionFixture(t, false)
	sess := sessLoad(t, f.ss, nil)
	if !sess.IsNew || len(sess.Values) != 0 {
		t.Fatalf("no cookie: %+v", sess)
	}
	sess.Values[roles.SessionUserKey] = f.user.ID
	sess.Values["lang"] = "en"
	sess.Values["flash"] = "บันทึกแล้ว"
	c := sessSave(t, f.ss, sess)
	if c == nil || c.Value == "" {
		t.Fatal("Save set no cookie")
	}
	if c.Name != "nr_session" || !c.HttpOnly || c.Secure || c.Path != "/" || c.Domain != "" || c.SameSite != http.SameSiteLaxMode || c.MaxAge != 0 {
		t.Errorf("cookie attributes %+v", c)
	}
	// The database keeps only the token's hash.
	sum := sha256.Sum256([]byte(sess.ID))
	if n := sessCount(t, f.s.DB(), `SELECT count(*) FROM sessions WHERE id = ? AND user_id = ? AND user_agent = 'test-agent'`, hex.EncodeToString(sum[:]), f.user.ID); n != 1 {
		t.Errorf("no session row keyed by the token's SHA-256")
	}
	if n := sessCount(t, f.s.DB(), `SELECT count(*) FROM sessions WHERE id = ?`, sess.ID); n != 0 {
		t.Errorf("the raw token is stored")
	}
	if strings.Contains(c.Value, sess.ID) {
		t.Errorf("cookie carries the raw token unsigned")
	}

	got := sessLoad(t, f.ss, c)
	if got.IsNew || got.ID != sess.ID {
		t.Fatalf("loaded IsNew=%v ID=%q, want the saved session", got.IsNew, got.ID)
	}
	if got.Values[roles.SessionUserKey] != f.user.ID || got.Values["lang"] != "en" || got.Values["flash"] != "บันทึกแล้ว" || len(got.Values) != 3 {
		t.Errorf("values %#v", got.Values)
	}

	// Saving an existing session updates the same row and keeps the cookie working.
	delete(got.Values, "flash")
	got.Values["lang"] = "th"
	c2 := sessSave(t, f.ss, got)
	if f.rows() != 1 {
		t.Errorf("%d rows after re-save, want 1", f.rows())
	}
	again := sessLoad(t, f.ss, c2)
	if again.Values["lang"] != "th" || again.Values["flash"] != nil || again.Values[roles.SessionUserKey] != f.user.ID {
		t.Errorf("after update %#v", again.Values)
	}

	// An anonymous session (no user) round-trips too.
	anon := sessLoad(t, f.ss, nil)
	anon.Values["lang"] = "en"
	ac := sessSave(t, f.ss, anon)
	if v := sessLoad(t, f.ss, ac).Values; v["lang"] != "en" || v[roles.SessionUserKey] != nil {
		t.Errorf("anonymous session %#v", v)
	}
}

func TestSessionForgedCookies(t *testing.T) {
	f := newSessionFixture(t, false)
	sess := sessLoad(t, f.ss, nil)
	sess.Values[roles.SessionUserKey] = f.user.ID
	good := sessSave(t, f.ss, sess)

	other := web.NewSessions(roles.NewSessionStore(f.s.DB(), roles.SessionOptions{Now: f.clk.Now}), []byte("another key, another key, 32 by"), false)
	otherSess := sessLoad(t, other, nil)
	otherSess.Values[roles.SessionUserKey] = f.user.ID
	foreign := sessSave(t, other, otherSess)

	flip := []byte(good.Value)
	i := len(flip) / 2
	if flip[i] == 'A' {
		flip[i] = 'B'
	} else {
		flip[i] = 'A'
	}
	tests := map[string]*http.Cookie{
		"garbage":              {Name: "nr_session", Value: "garbage"},
		"empty":                {Name: "nr_session", Value: ""},
		"tampered":             {Name: "nr_session", Value: string(flip)},
		"truncated":            {Name: "nr_session", Value: good.Value[:len(good.Value)-4]},
		"signed by other key":  foreign,
		"raw token as cookie":  {Name: "nr_session", Value: sess.ID},
		"right value, renamed": {Name: "other", Value: good.Value},
	}
	for name, c := range tests {
		t.Run(name, func(t *testing.T) {
			got := sessLoad(t, f.ss, c)
			if !got.IsNew || got.ID != "" || len(got.Values) != 0 {
				t.Errorf("forged cookie gave a session: IsNew=%v ID=%q %v", got.IsNew, got.ID, got.Values)
			}
		})
	}
	if got := sessLoad(t, f.ss, good); got.IsNew {
		t.Error("the genuine cookie stopped working")
	}
}

func TestSessionRenew(t *testing.T) {
	f := newSessionFixture(t, false)
	// A token planted before login (session fixation).
	pre := sessLoad(t, f.ss, nil)
	pre.Values["lang"] = "en"
	planted := sessSave(t, f.ss, pre)
	oldID := pre.ID

	sess := sessLoad(t, f.ss, planted)
	if err := f.ss.Renew(context.Background(), sess); err != nil {
		t.Fatal(err)
	}
	if sess.ID != "" || !sess.IsNew {
		t.Errorf("after Renew ID=%q IsNew=%v", sess.ID, sess.IsNew)
	}
	if f.rows() != 0 {
		t.Errorf("Renew kept the old row")
	}
	sess.Values[roles.SessionUserKey] = f.user.ID
	fresh := sessSave(t, f.ss, sess)
	if sess.ID == oldID || fresh.Value == planted.Value {
		t.Fatal("Renew kept the same token")
	}
	if got := sessLoad(t, f.ss, planted); !got.IsNew || got.Values[roles.SessionUserKey] != nil {
		t.Errorf("the planted cookie still works: %v", got.Values)
	}
	if got := sessLoad(t, f.ss, fresh); got.IsNew || got.Values[roles.SessionUserKey] != f.user.ID || got.Values["lang"] != "en" {
		t.Errorf("renewed session %v", got.Values)
	}
	if f.rows() != 1 {
		t.Errorf("%d rows, want 1", f.rows())
	}
	// Renewing a session that was never saved is harmless.
	if err := f.ss.Renew(context.Background(), sessLoad(t, f.ss, nil)); err != nil {
		t.Errorf("Renew of a new session: %v", err)
	}
}

func TestSessionLogoutDeletesRow(t *testing.T) {
	f := newSessionFixture(t, false)
	sess := sessLoad(t, f.ss, nil)
	sess.Values[roles.SessionUserKey] = f.user.ID
	c := sessSave(t, f.ss, sess)

	out := sessLoad(t, f.ss, c)
	out.Options.MaxAge = -1
	clear := sessSave(t, f.ss, out)
	if clear == nil || clear.MaxAge >= 0 || clear.Value != "" {
		t.Errorf("logout cookie %+v, want an expired empty cookie", clear)
	}
	if f.rows() != 0 {
		t.Errorf("logout kept the session row")
	}
	if got := sessLoad(t, f.ss, c); !got.IsNew || len(got.Values) != 0 {
		t.Errorf("replayed cookie after logout gives %v", got.Values)
	}
}

// TestSessionSaveAfterRevokeDoesNotResurrect: a request that loaded the
// session before the user was disabled must not write it back.
func TestSessionSaveAfterRevokeDoesNotResurrect(t *testing.T) {
	f := newSessionFixture(t, false)
	sess := sessLoad(t, f.ss, nil)
	sess.Values[roles.SessionUserKey] = f.user.ID
	c := sessSave(t, f.ss, sess)
	inflight := sessLoad(t, f.ss, c)
	if err := f.s.SetActive(context.Background(), f.user.ID, false, t0); err != nil {
		t.Fatal(err)
	}
	inflight.Values["lang"] = "en"
	if cc := sessSave(t, f.ss, inflight); cc == nil || cc.MaxAge >= 0 {
		t.Errorf("save of a revoked session set cookie %+v, want it cleared", cc)
	}
	if f.rows() != 0 {
		t.Error("a revoked session was written back")
	}
	if !sessLoad(t, f.ss, c).IsNew {
		t.Error("revoked cookie works again")
	}
}

func TestSessionSecureCookie(t *testing.T) {
	tests := []struct {
		secure bool
		name   string
	}{{true, "__Host-nr_session"}, {false, "nr_session"}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newSessionFixture(t, tc.secure)
			if f.ss.CookieName() != tc.name {
				t.Errorf("CookieName = %q, want %q", f.ss.CookieName(), tc.name)
			}
			sess := sessLoad(t, f.ss, nil)
			sess.Values[roles.SessionUserKey] = f.user.ID
			c := sessSave(t, f.ss, sess)
			if c.Name != tc.name || c.Secure != tc.secure || c.Path != "/" || c.Domain != "" || !c.HttpOnly {
				t.Errorf("cookie %+v", c)
			}
			if sess.Options.Secure != tc.secure {
				t.Errorf("session options Secure = %v", sess.Options.Secure)
			}
			if sessLoad(t, f.ss, c).IsNew {
				t.Error("cookie does not round-trip")
			}
			// The cookie is read by its own name only.
			wrong := &http.Cookie{Name: map[bool]string{true: "nr_session", false: "__Host-nr_session"}[tc.secure], Value: c.Value}
			if !sessLoad(t, f.ss, wrong).IsNew {
				t.Error("a cookie under the other name was accepted")
			}
		})
	}
}
