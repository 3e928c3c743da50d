package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom/demo"
	"newsroom/roles"
)

func TestFirstRunPrintsOneAdminLoginOnce(t *testing.T) {
	ta := newTestApp(t)
	if n := strings.Count(ta.out.String(), "admin login:"); n != 1 {
		t.Fatalf("admin login printed %d times", n)
	}
	if !roles.ValidCitizenID(ta.adminID) || len(ta.adminPW) < roles.MinPasswordLength {
		t.Fatalf("bad generated login %q %q", ta.adminID, ta.adminPW)
	}
	units, _ := ta.users.Units(context.Background(), false)
	if len(units) != len(npuUnits) {
		t.Fatalf("units: got %d, want %d", len(units), len(npuUnits))
	}
	// A restart on the same data prints nothing and creates no second admin.
	ta.srv.Close()
	ta.app.Close()
	var out strings.Builder
	a, err := newApp(context.Background(), ta.cfg, ta.log, &out, appOptions{hash: roles.TestHashParams})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if out.Len() != 0 {
		t.Fatalf("second start printed %q", out.String())
	}
}

func TestProductionStartHasNoDemoUsers(t *testing.T) {
	ta := newTestApp(t, func(c *Config) { c.Demo = false })
	n, _ := ta.users.CountUsers(context.Background())
	if n != 1 {
		t.Fatalf("users without demo: %d, want only the admin", n)
	}
}

func TestLoginReachesDashboard(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	wantRedirect(t, b.get("/admin/"), "/admin/login", "anonymous dashboard")
	b.mustLogin(ta.adminID, ta.adminPW)
	p := b.get("/admin/")
	wantStatus(t, p, 200, "dashboard")
	for _, want := range []string{"สวัสดี", "ข่าวกิจกรรม", "วิดีโอ", "Banner ข่าว", "ข่าวประชาสัมพันธ์", "ข่าวเด่น", "รายงาน", "ผู้ใช้"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	// Every menu item answers without a server error.
	for _, path := range []string{"/admin/news", "/admin/videos", "/admin/banners", "/admin/notices", "/admin/featured",
		"/admin/reports", "/admin/users", "/admin/units", "/admin/actions", "/admin/password", "/admin/users/new", "/admin/units/new"} {
		wantStatus(t, b.get(path), 200, path)
	}
}

func TestLoginFailureDoesNotRevealAccounts(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	known := b.login(ta.adminID, "wrong password!")
	unknown := b.login("1101700203451", "wrong password!")
	wantStatus(t, known, http.StatusUnauthorized, "wrong password")
	wantStatus(t, unknown, http.StatusUnauthorized, "unknown id")
	msg := "เลขประจำตัวประชาชนหรือรหัสผ่านไม่ถูกต้อง"
	if !strings.Contains(known.body, msg) || !strings.Contains(unknown.body, msg) {
		t.Fatal("both failures must show the same message")
	}
	if !strings.Contains(known.body, `value="`+ta.adminID+`"`) {
		t.Error("the typed citizen ID is not kept in the form")
	}
}

func TestRepeatedWrongPasswordsAreThrottled(t *testing.T) {
	for _, tc := range []struct{ name, id string }{{"known", ""}, {"unknown", "1101700203451"}} {
		t.Run(tc.name, func(t *testing.T) {
			ta := newTestApp(t)
			id := tc.id
			if id == "" {
				id = ta.adminID
			}
			b := ta.browser(t)
			free := roles.DefaultThrottlePolicy.Account.Free
			for i := 0; i < free; i++ {
				wantStatus(t, b.login(id, "wrong password!"), http.StatusUnauthorized, "early failure")
			}
			wantStatus(t, b.login(id, "wrong password!"), http.StatusUnauthorized, "failure that sets the lock")
			p := b.login(id, ta.adminPW)
			wantStatus(t, p, http.StatusTooManyRequests, "locked login, even with the right password")
			if !strings.Contains(p.body, "กรุณารอ") || p.header.Get("Retry-After") == "" {
				t.Fatalf("throttle message/Retry-After missing: %.300s", p.body)
			}
			// The lock passes by itself: a real user is never locked out for good.
			ta.clock.Add(roles.DefaultThrottlePolicy.Account.Max + time.Second)
			if tc.id == "" {
				b.mustLogin(ta.adminID, ta.adminPW)
			}
		})
	}
}

func TestDisabledUsersSessionIsRefusedAtOnce(t *testing.T) {
	ta := newTestApp(t)
	unit := ta.browser(t)
	unit.mustLogin(demoID(roles.UnitPR), demo.Password)
	wantStatus(t, unit.get("/admin/"), 200, "unit dashboard")

	u, _ := ta.users.UserByCitizenID(context.Background(), demoID(roles.UnitPR))
	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	edit := "/admin/users/" + itoa(u.ID) + "/edit"
	wantRedirect(t, admin.post(edit, "/admin/users/"+itoa(u.ID)+"/disable", nil), edit, "disable")

	wantRedirect(t, unit.get("/admin/"), "/admin/login", "disabled user's next request")
	p := unit.login(demoID(roles.UnitPR), demo.Password)
	wantStatus(t, p, http.StatusForbidden, "disabled user's login")
	if !strings.Contains(p.body, "ถูกระงับ") {
		t.Error("disabled login should say the account is disabled")
	}
	// Re-enabled, the user can log in again.
	wantRedirect(t, admin.post(edit, "/admin/users/"+itoa(u.ID)+"/enable", nil), edit, "enable")
	unit.mustLogin(demoID(roles.UnitPR), demo.Password)
}

func TestReplayedCookieAfterLogoutIsRefused(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	stolen := *b.cookie(ta.sessions.CookieName())
	wantRedirect(t, b.post("/admin/", "/admin/logout", nil), "/admin/login", "logout")

	replay, _ := http.NewRequest("GET", ta.srv.URL+"/admin/", nil)
	replay.AddCookie(&stolen)
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(replay)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/login") {
		t.Fatalf("replayed cookie: status %d location %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestLoginIssuesNewSessionID(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	c := b.cookie(ta.sessions.CookieName())
	if c == nil {
		t.Fatal("no session cookie after login")
	}
	first := c.Value
	b.mustLogin(ta.adminID, ta.adminPW)
	if b.cookie(ta.sessions.CookieName()).Value == first {
		t.Fatal("logging in again kept the session id")
	}
}

func TestSessionTimeouts(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	// Activity every 100 minutes keeps the session alive past 2 h of age…
	for i := 0; i < 6; i++ {
		ta.clock.Add(100 * time.Minute)
		wantStatus(t, b.get("/admin/"), 200, "active session")
	}
	// …but never past 12 h in all.
	ta.clock.Add(100 * time.Minute)
	ta.clock.Add(100 * time.Minute)
	wantRedirect(t, b.get("/admin/"), "/admin/login", "session older than 12 h")

	b.mustLogin(ta.adminID, ta.adminPW)
	ta.clock.Add(2*time.Hour + time.Minute)
	idle := b.get("/admin/")
	wantRedirect(t, idle, "/admin/login", "idle session")
	if !strings.Contains(idle.header.Get("Location"), "msg=expired") {
		t.Error("an expired session should say so on the login page")
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	ta := newTestApp(t)
	pc, phone := ta.browser(t), ta.browser(t)
	pc.mustLogin(ta.adminID, ta.adminPW)
	phone.mustLogin(ta.adminID, ta.adminPW)
	bad := pc.post("/admin/password", "/admin/password", url.Values{"current": {"nope"}, "password": {"short"}, "confirm": {"x"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity, "invalid change")
	if !strings.Contains(bad.body, "รหัสผ่านปัจจุบันไม่ถูกต้อง") || !strings.Contains(bad.body, "อย่างน้อย 10") {
		t.Fatal("field errors missing")
	}
	newPW := "a much better password"
	ok := pc.post("/admin/password", "/admin/password", url.Values{"current": {ta.adminPW}, "password": {newPW}, "confirm": {newPW}})
	wantRedirect(t, ok, "/admin/login?msg=pw_changed", "password change")
	wantRedirect(t, phone.get("/admin/"), "/admin/login", "other session after password change")
	wantStatus(t, pc.login(ta.adminID, ta.adminPW), http.StatusUnauthorized, "old password")
	pc.mustLogin(ta.adminID, newPW)
}

func TestLoginRedirectStaysInAdmin(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	for next, want := range map[string]string{"/admin/users": "/admin/users", "//evil.example/": "/admin/", "https://evil.example": "/admin/", "/admin/logout": "/admin/"} {
		p := b.post("/admin/login", "/admin/login", url.Values{"citizen_id": {ta.adminID}, "password": {ta.adminPW}, "next": {next}})
		if got := p.header.Get("Location"); got != want {
			t.Errorf("next=%q: redirected to %q, want %q", next, got, want)
		}
	}
}
