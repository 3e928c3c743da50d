package roles_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sync"
	"testing"
	"time"

	"newsroom"
	"newsroom/roles"
)

// clock is a movable time source for SessionOptions.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)         { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

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
		s: s, ss: roles.NewSessionStore(d, opt), clk: clk, user: u,
		rows: func() int { return count(t, d, `SELECT count(*) FROM sessions`) },
	}
}

// login stores a fresh session of uid and returns its token.
func login(t *testing.T, ss *roles.SessionStore, uid int64) string {
	t.Helper()
	token, err := ss.Create(context.Background(), roles.Session{UserID: uid}, "test-agent")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// alive reports whether token's session loads, and as whose.
func alive(t *testing.T, ss *roles.SessionStore, token string) (bool, int64) {
	t.Helper()
	sess, err := ss.Load(context.Background(), token)
	if errors.Is(err, newsroom.ErrNotFound) {
		return false, 0
	}
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return true, sess.UserID
}

func TestSessionRoundTrip(t *testing.T) {
	f := newSessionFixture(t, roles.SessionOptions{})
	ctx := context.Background()
	token, err := f.ss.Create(ctx, roles.Session{UserID: f.user.ID, Values: map[string]string{"lang": "en", "flash": "บันทึกแล้ว"}}, "test-agent")
	if err != nil || len(token) < 40 {
		t.Fatalf("Create = %q, %v", token, err)
	}
	// The database keeps only the token's hash.
	sum := sha256.Sum256([]byte(token))
	if n := count(t, f.s.DB(), `SELECT count(*) FROM sessions WHERE id = ? AND user_id = ? AND user_agent = 'test-agent'`, hex.EncodeToString(sum[:]), f.user.ID); n != 1 {
		t.Errorf("no session row keyed by the token's SHA-256")
	}
	if n := count(t, f.s.DB(), `SELECT count(*) FROM sessions WHERE id = ?`, token); n != 0 {
		t.Errorf("the raw token is stored")
	}
	got, err := f.ss.Load(ctx, token)
	if err != nil || got.UserID != f.user.ID || got.Values["lang"] != "en" || got.Values["flash"] != "บันทึกแล้ว" || len(got.Values) != 2 {
		t.Fatalf("Load = %+v, %v", got, err)
	}
	// Updating changes the same row.
	if err := f.ss.Update(ctx, token, roles.Session{UserID: f.user.ID, Values: map[string]string{"lang": "th"}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.ss.Load(ctx, token); got.Values["lang"] != "th" || len(got.Values) != 1 || f.rows() != 1 {
		t.Errorf("after update %+v, %d rows", got, f.rows())
	}
	// An anonymous session (no user) round-trips too.
	anon, err := f.ss.Create(ctx, roles.Session{Values: map[string]string{"lang": "en"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := f.ss.Load(ctx, anon); err != nil || got.UserID != 0 || got.Values["lang"] != "en" {
		t.Errorf("anonymous session %+v, %v", got, err)
	}
	// Deleting ends it; an unknown token is not found.
	if err := f.ss.Delete(ctx, token); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{token, "", "no such token"} {
		if ok, _ := alive(t, f.ss, tok); ok {
			t.Errorf("token %q still loads", tok)
		}
	}
	// An update after the session was ended does not bring it back.
	if err := f.ss.Update(ctx, token, roles.Session{UserID: f.user.ID}); !errors.Is(err, newsroom.ErrNotFound) || f.rows() != 1 {
		t.Errorf("Update of an ended session: %v, %d rows", err, f.rows())
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
			c := login(t, f.ss, f.user.ID)
			for i, st := range tc.steps {
				f.clk.Advance(st.advance)
				ok, uid := alive(t, f.ss, c)
				alive := ok && uid == f.user.ID
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
	c := login(t, f.ss, 0)
	f.clk.Advance(9 * time.Minute)
	if ok, _ := alive(t, f.ss, c); !ok {
		t.Fatal("expired before the custom idle time")
	}
	f.clk.Advance(11 * time.Minute)
	if ok, _ := alive(t, f.ss, c); ok {
		t.Fatal("alive after the custom idle time")
	}
}

func TestSessionRevokeUser(t *testing.T) {
	f := newSessionFixture(t, roles.SessionOptions{})
	a := login(t, f.ss, f.user.ID)
	ac := login(t, f.ss, 0)
	if err := f.ss.RevokeUser(context.Background(), f.user.ID); err != nil {
		t.Fatal(err)
	}
	if ok, _ := alive(t, f.ss, a); ok {
		t.Error("RevokeUser left the user's session")
	}
	if ok, _ := alive(t, f.ss, ac); !ok {
		t.Error("RevokeUser ended an unrelated session")
	}
}

func TestSessionPurge(t *testing.T) {
	f := newSessionFixture(t, roles.SessionOptions{})
	ctx := context.Background()
	mk := func() string { return login(t, f.ss, 0) }
	idle := mk()    // created t0, never used again
	longRun := mk() // created t0, used every 90 min
	f.clk.Set(t0.Add(3 * time.Hour))
	late := mk() // created t0+3h

	f.clk.Set(t0.Add(90 * time.Minute))
	alive(t, f.ss, longRun)
	f.clk.Set(t0.Add(3 * time.Hour))
	alive(t, f.ss, longRun)

	f.clk.Set(t0.Add(4 * time.Hour))
	if err := f.ss.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.rows(); n != 2 {
		t.Errorf("after purge at +4h: %d rows, want 2 (idle one gone)", n)
	}
	for _, at := range []time.Duration{4*time.Hour + 50*time.Minute, 6*time.Hour + 40*time.Minute, 8*time.Hour + 30*time.Minute, 10*time.Hour + 20*time.Minute, 11*time.Hour + 50*time.Minute} {
		f.clk.Set(t0.Add(at))
		if ok, _ := alive(t, f.ss, longRun); !ok {
			t.Fatalf("long-running session died at +%s", at)
		}
		alive(t, f.ss, late)
	}
	f.clk.Set(t0.Add(12*time.Hour + time.Minute))
	if err := f.ss.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.rows(); n != 1 {
		t.Errorf("after purge at +12h01: %d rows, want 1 (past absolute limit gone)", n)
	}
	if ok, _ := alive(t, f.ss, late); !ok {
		t.Error("Purge removed a live session")
	}
	if ok, _ := alive(t, f.ss, idle); ok {
		t.Error("purged sessions still load")
	}
	if ok, _ := alive(t, f.ss, longRun); ok {
		t.Error("purged sessions still load")
	}
}

// An expired session leaves a tombstone naming its user for a day; it
// authenticates nothing. Logout and revocation leave none.
func TestExpiredSessionLeavesTombstone(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		end     func(f sessionFixture, token string)
		wantUID bool
	}{
		{"idle expiry seen at load", func(f sessionFixture, tok string) {
			f.clk.Advance(2*time.Hour + time.Second)
			f.ss.Load(ctx, tok)
		}, true},
		{"idle expiry found by the purge job", func(f sessionFixture, tok string) {
			f.clk.Advance(2*time.Hour + time.Second)
			if err := f.ss.Purge(ctx); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"logout", func(f sessionFixture, tok string) { f.ss.Delete(ctx, tok) }, false},
		{"revoked", func(f sessionFixture, tok string) { f.ss.RevokeUser(ctx, f.user.ID) }, false},
		{"expired, then a new password", func(f sessionFixture, tok string) {
			f.clk.Advance(3 * time.Hour)
			f.ss.Load(ctx, tok)
			f.ss.RevokeUser(ctx, f.user.ID)
		}, false},
		{"expired over a day ago", func(f sessionFixture, tok string) {
			f.clk.Advance(3 * time.Hour)
			f.ss.Load(ctx, tok)
			f.clk.Advance(roles.TombstoneAge + time.Minute)
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newSessionFixture(t, roles.SessionOptions{})
			tok := login(t, f.ss, f.user.ID)
			if _, err := f.ss.ExpiredUser(ctx, tok); !errors.Is(err, newsroom.ErrNotFound) {
				t.Fatalf("a live session is reported expired: %v", err)
			}
			tc.end(f, tok)
			if ok, _ := alive(t, f.ss, tok); ok {
				t.Fatal("the ended session still loads")
			}
			uid, err := f.ss.ExpiredUser(ctx, tok)
			if tc.wantUID && (err != nil || uid != f.user.ID) {
				t.Fatalf("ExpiredUser = %d, %v; want user %d", uid, err, f.user.ID)
			}
			if !tc.wantUID && !errors.Is(err, newsroom.ErrNotFound) {
				t.Fatalf("ExpiredUser = %d, %v; want not found", uid, err)
			}
			if f.rows() != 0 {
				t.Errorf("%d session rows left", f.rows())
			}
		})
	}
}
