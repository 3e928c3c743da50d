package roles_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/sessions"

	"newsroom/roles"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

// clock is a movable time source for SessionOptions.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)         { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// sessionCookie returns the session cookie a response set.
func sessionCookie(t *testing.T, ss *roles.SessionStore, w *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	for _, c := range w.Result().Cookies() {
		if c.Name == ss.CookieName() {
			return c
		}
	}
	t.Fatalf("no %s cookie in %v", ss.CookieName(), w.Result().Header["Set-Cookie"])
	return nil
}

// load asks the store for the session of a request carrying c.
func load(t *testing.T, ss *roles.SessionStore, c *http.Cookie) *sessions.Session {
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

// save writes sess and returns the cookie the response set (nil if none).
func save(t *testing.T, ss *roles.SessionStore, sess *sessions.Session) *http.Cookie {
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

type sessionFixture struct {
	s    *roles.Store
	ss   *roles.SessionStore
	clk  *clock
	user roles.User
	rows func() int
}

func newSessionFixture(t *testing.T, opt roles.SessionOptions) sessionFixture {
	t.Helper()
	s, d := newStore(t)
	unit := mustUnit(t, s, "sci")
	u := mustUser(t, s, 1, unit.ID, roles.UnitPR)
	clk := &clock{t: t0}
	opt.Now = clk.Now
	return sessionFixture{
		s: s, ss: roles.NewSessionStore(d, testKey, opt), clk: clk, user: u,
		rows: func() int { return count(t, d, `SELECT count(*) FROM sessions`) },
	}
}

func TestSessionRoundTrip(t *testing.T) {
	f := newSessionFixture(t, roles.SessionOptions{})
	sess := load(t, f.ss, nil)
	if !sess.IsNew || len(sess.Values) != 0 {
		t.Fatalf("no cookie: %+v", sess)
	}
	sess.Values[roles.SessionUserKey] = f.user.ID
	sess.Values["lang"] = "en"
	sess.Values["flash"] = "บันทึกแล้ว"
	c := save(t, f.ss, sess)
	if c == nil || c.Value == "" {
		t.Fatal("Save set no cookie")
	}
	if c.Name != "nr_session" || !c.HttpOnly || c.Secure || c.Path != "/" || c.Domain != "" || c.SameSite != http.SameSiteLaxMode || c.MaxAge != 0 {
		t.Errorf("cookie attributes %+v", c)
	}
	// The database keeps only the token's hash.
	sum := sha256.Sum256([]byte(sess.ID))
	if n := count(t, f.s.DB(), `SELECT count(*) FROM sessions WHERE id = ? AND user_id = ? AND user_agent = 'test-agent'`, hex.EncodeToString(sum[:]), f.user.ID); n != 1 {
		t.Errorf("no session row keyed by the token's SHA-256")
	}
	if n := count(t, f.s.DB(), `SELECT count(*) FROM sessions WHERE id = ?`, sess.ID); n != 0 {
		t.Errorf("the raw token is stored")
	}
	if strings.Contains(c.Value, sess.ID) {
		t.Errorf("cookie carries the raw token unsigned")
	}

	got := load(t, f.ss, c)
	if got.IsNew || got.ID != sess.ID {
		t.Fatalf("loaded IsNew=%v ID=%q, want the saved session", got.IsNew, got.ID)
	}
	if got.Values[roles.SessionUserKey] != f.user.ID || got.Values["lang"] != "en" || got.Values["flash"] != "บันทึกแล้ว" || len(got.Values) != 3 {
		t.Errorf("values %#v", got.Values)
	}

	// Saving an existing session updates the same row and keeps the cookie working.
	delete(got.Values, "flash")
	got.Values["lang"] = "th"
	c2 := save(t, f.ss, got)
	if f.rows() != 1 {
		t.Errorf("%d rows after re-save, want 1", f.rows())
	}
	again := load(t, f.ss, c2)
	if again.Values["lang"] != "th" || again.Values["flash"] != nil || again.Values[roles.SessionUserKey] != f.user.ID {
		t.Errorf("after update %#v", again.Values)
	}

	// An anonymous session (no user) round-trips too.
	anon := load(t, f.ss, nil)
	anon.Values["lang"] = "en"
	ac := save(t, f.ss, anon)
	if v := load(t, f.ss, ac).Values; v["lang"] != "en" || v[roles.SessionUserKey] != nil {
		t.Errorf("anonymous session %#v", v)
	}
}

func TestSessionForgedCookies(t *testing.T) {
	f := newSessionFixture(t, roles.SessionOptions{})
	sess := load(t, f.ss, nil)
	sess.Values[roles.SessionUserKey] = f.user.ID
	good := save(t, f.ss, sess)

	other := roles.NewSessionStore(f.s.DB(), []byte("another key, another key, 32 by"), roles.SessionOptions{Now: f.clk.Now})
	otherSess := load(t, other, nil)
	otherSess.Values[roles.SessionUserKey] = f.user.ID
	foreign := save(t, other, otherSess)

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
			got := load(t, f.ss, c)
			if !got.IsNew || got.ID != "" || len(got.Values) != 0 {
				t.Errorf("forged cookie gave a session: IsNew=%v ID=%q %v", got.IsNew, got.ID, got.Values)
			}
		})
	}
	if got := load(t, f.ss, good); got.IsNew {
		t.Error("the genuine cookie stopped working")
	}
}

func TestSessionExpiry(t *testing.T) {
	type step struct {
		advance time.Duration
		alive   bool
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"used within idle", []step{{time.Hour + 59*time.Minute, true}}},
		{"idle 2h exceeded", []step{{2*time.Hour + time.Minute, false}}},
		{"use extends idle", []step{{90 * time.Minute, true}, {90 * time.Minute, true}, {90 * time.Minute, true}}},
		{"idle after use", []step{{90 * time.Minute, true}, {2*time.Hour + time.Minute, false}}},
		{"absolute 12h though busy", []step{
			{110 * time.Minute, true}, {110 * time.Minute, true}, {110 * time.Minute, true},
			{110 * time.Minute, true}, {110 * time.Minute, true}, {110 * time.Minute, true}, // 11h
			{50 * time.Minute, true},  // 11h50
			{11 * time.Minute, false}, // 12h01, idle only 11 min
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newSessionFixture(t, roles.SessionOptions{})
			sess := load(t, f.ss, nil)
			sess.Values[roles.SessionUserKey] = f.user.ID
			c := save(t, f.ss, sess)
			for i, st := range tc.steps {
				f.clk.Advance(st.advance)
				got := load(t, f.ss, c)
				alive := !got.IsNew && got.Values[roles.SessionUserKey] == f.user.ID
				if alive != st.alive {
					t.Fatalf("step %d (+%s, at %s): alive=%v, want %v", i, st.advance, f.clk.Now().Sub(t0), alive, st.alive)
				}
				if !st.alive && f.rows() != 0 {
					t.Errorf("expired session row kept")
				}
			}
		})
	}
}

func TestSessionCustomTimeouts(t *testing.T) {
	f := newSessionFixture(t, roles.SessionOptions{Idle: 10 * time.Minute, Absolute: time.Hour})
	sess := load(t, f.ss, nil)
	sess.Values["k"] = "v"
	c := save(t, f.ss, sess)
	f.clk.Advance(9 * time.Minute)
	if load(t, f.ss, c).IsNew {
		t.Fatal("expired before the custom idle time")
	}
	f.clk.Advance(11 * time.Minute)
	if !load(t, f.ss, c).IsNew {
		t.Fatal("alive after the custom idle time")
	}
}

func TestSessionRenew(t *testing.T) {
	f := newSessionFixture(t, roles.SessionOptions{})
	// A token planted before login (session fixation).
	pre := load(t, f.ss, nil)
	pre.Values["lang"] = "en"
	planted := save(t, f.ss, pre)
	oldID := pre.ID

	sess := load(t, f.ss, planted)
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
	fresh := save(t, f.ss, sess)
	if sess.ID == oldID || fresh.Value == planted.Value {
		t.Fatal("Renew kept the same token")
	}
	if got := load(t, f.ss, planted); !got.IsNew || got.Values[roles.SessionUserKey] != nil {
		t.Errorf("the planted cookie still works: %v", got.Values)
	}
	if got := load(t, f.ss, fresh); got.IsNew || got.Values[roles.SessionUserKey] != f.user.ID || got.Values["lang"] != "en" {
		t.Errorf("renewed session %v", got.Values)
	}
	if f.rows() != 1 {
		t.Errorf("%d rows, want 1", f.rows())
	}
	// Renewing a session that was never saved is harmless.
	if err := f.ss.Renew(context.Background(), load(t, f.ss, nil)); err != nil {
		t.Errorf("Renew of a new session: %v", err)
	}
}

func TestSessionLogoutDeletesRow(t *testing.T) {
	f := newSessionFixture(t, roles.SessionOptions{})
	sess := load(t, f.ss, nil)
	sess.Values[roles.SessionUserKey] = f.user.ID
	c := save(t, f.ss, sess)

	out := load(t, f.ss, c)
	out.Options.MaxAge = -1
	clear := save(t, f.ss, out)
	if clear == nil || clear.MaxAge >= 0 || clear.Value != "" {
		t.Errorf("logout cookie %+v, want an expired empty cookie", clear)
	}
	if f.rows() != 0 {
		t.Errorf("logout kept the session row")
	}
	if got := load(t, f.ss, c); !got.IsNew || len(got.Values) != 0 {
		t.Errorf("replayed cookie after logout gives %v", got.Values)
	}
}

// TestSessionSaveAfterRevokeDoesNotResurrect: a request that loaded the
// session before the user was disabled must not write it back.
func TestSessionSaveAfterRevokeDoesNotResurrect(t *testing.T) {
	f := newSessionFixture(t, roles.SessionOptions{})
	sess := load(t, f.ss, nil)
	sess.Values[roles.SessionUserKey] = f.user.ID
	c := save(t, f.ss, sess)
	inflight := load(t, f.ss, c)
	if err := f.s.SetActive(context.Background(), f.user.ID, false, t0); err != nil {
		t.Fatal(err)
	}
	inflight.Values["lang"] = "en"
	if cc := save(t, f.ss, inflight); cc == nil || cc.MaxAge >= 0 {
		t.Errorf("save of a revoked session set cookie %+v, want it cleared", cc)
	}
	if f.rows() != 0 {
		t.Error("a revoked session was written back")
	}
	if !load(t, f.ss, c).IsNew {
		t.Error("revoked cookie works again")
	}
}

func TestSessionRevokeUser(t *testing.T) {
	f := newSessionFixture(t, roles.SessionOptions{})
	a := login(t, f.ss, f.user.ID)
	anon := load(t, f.ss, nil)
	anon.Values["lang"] = "en"
	ac := save(t, f.ss, anon)
	if err := f.ss.RevokeUser(context.Background(), f.user.ID); err != nil {
		t.Fatal(err)
	}
	if !load(t, f.ss, a).IsNew {
		t.Error("RevokeUser left the user's session")
	}
	if load(t, f.ss, ac).IsNew {
		t.Error("RevokeUser ended an unrelated session")
	}
}

func TestSessionSecureCookie(t *testing.T) {
	tests := []struct {
		secure bool
		name   string
	}{{true, "__Host-nr_session"}, {false, "nr_session"}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newSessionFixture(t, roles.SessionOptions{Secure: tc.secure})
			if f.ss.CookieName() != tc.name {
				t.Errorf("CookieName = %q, want %q", f.ss.CookieName(), tc.name)
			}
			sess := load(t, f.ss, nil)
			sess.Values[roles.SessionUserKey] = f.user.ID
			c := save(t, f.ss, sess)
			if c.Name != tc.name || c.Secure != tc.secure || c.Path != "/" || c.Domain != "" || !c.HttpOnly {
				t.Errorf("cookie %+v", c)
			}
			if sess.Options.Secure != tc.secure {
				t.Errorf("session options Secure = %v", sess.Options.Secure)
			}
			if load(t, f.ss, c).IsNew {
				t.Error("cookie does not round-trip")
			}
			// The cookie is read by its own name only.
			wrong := &http.Cookie{Name: map[bool]string{true: "nr_session", false: "__Host-nr_session"}[tc.secure], Value: c.Value}
			if !load(t, f.ss, wrong).IsNew {
				t.Error("a cookie under the other name was accepted")
			}
		})
	}
}

func TestSessionPurge(t *testing.T) {
	f := newSessionFixture(t, roles.SessionOptions{})
	ctx := context.Background()
	mk := func() *http.Cookie {
		s := load(t, f.ss, nil)
		s.Values["k"] = "v"
		return save(t, f.ss, s)
	}
	idle := mk()    // created t0, never used again
	longRun := mk() // created t0, used every 90 min
	f.clk.Set(t0.Add(3 * time.Hour))
	late := mk() // created t0+3h

	f.clk.Set(t0.Add(90 * time.Minute))
	load(t, f.ss, longRun)
	f.clk.Set(t0.Add(3 * time.Hour))
	load(t, f.ss, longRun)

	f.clk.Set(t0.Add(4 * time.Hour))
	if err := f.ss.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.rows(); n != 2 {
		t.Errorf("after purge at +4h: %d rows, want 2 (idle one gone)", n)
	}
	for _, at := range []time.Duration{4*time.Hour + 50*time.Minute, 6*time.Hour + 40*time.Minute, 8*time.Hour + 30*time.Minute, 10*time.Hour + 20*time.Minute, 11*time.Hour + 50*time.Minute} {
		f.clk.Set(t0.Add(at))
		if load(t, f.ss, longRun).IsNew {
			t.Fatalf("long-running session died at +%s", at)
		}
		load(t, f.ss, late)
	}
	f.clk.Set(t0.Add(12*time.Hour + time.Minute))
	if err := f.ss.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.rows(); n != 1 {
		t.Errorf("after purge at +12h01: %d rows, want 1 (past absolute limit gone)", n)
	}
	if load(t, f.ss, late).IsNew {
		t.Error("Purge removed a live session")
	}
	if !load(t, f.ss, idle).IsNew || !load(t, f.ss, longRun).IsNew {
		t.Error("purged sessions still load")
	}
}
