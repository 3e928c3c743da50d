package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsroom/audit"
	"newsroom/demo"
	"newsroom/roles"
)

func TestUnitPRIsRefusedUserManagement(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password)
	dash := b.get("/admin/")
	if strings.Contains(dash.body, `href="/admin/users"`) {
		t.Error("unit PR sees the users menu")
	}
	for _, path := range []string{"/admin/users", "/admin/users/new", "/admin/units", "/admin/actions", "/admin/videos", "/admin/featured"} {
		p := b.get(path)
		wantStatus(t, p, http.StatusForbidden, path)
		if !strings.Contains(p.body, "ไม่มีสิทธิ์เข้าถึง") || !strings.Contains(p.body, "ประชาสัมพันธ์ส่วนกลาง") {
			t.Errorf("%s: the 403 page must say what is missing: %.400s", path, p.body)
		}
	}
	before, _ := ta.users.CountUsers(context.Background())
	admin, _ := ta.users.UserByCitizenID(context.Background(), ta.adminID)
	forged := []struct {
		path string
		form url.Values
	}{
		{"/admin/users", url.Values{"citizen_id": {"1101700203450"}, "name": {"x"}, "unit_id": {"1"}, "role": {"central"}, "password": {"long enough pw"}}},
		{"/admin/users/" + itoa(admin.ID) + "/disable", nil},
		{"/admin/users/" + itoa(admin.ID) + "/password", url.Values{"new_password": {"attacker password"}}},
		{"/admin/users/" + itoa(admin.ID), url.Values{"name": {"pwned"}, "unit_id": {"1"}, "role": {"unit"}}},
		{"/admin/units", url.Values{"code": {"x"}, "name_th": {"x"}, "kind": {"office"}}},
	}
	for _, f := range forged {
		wantStatus(t, b.post("/admin/", f.path, f.form), http.StatusForbidden, "forged POST "+f.path)
	}
	after, _ := ta.users.CountUsers(context.Background())
	again, _ := ta.users.User(context.Background(), admin.ID)
	if after != before || !again.Active || again.Name != admin.Name || again.Role != roles.Central {
		t.Fatal("a forged POST changed something")
	}
	// The HR officer may post job notices only: the notices menu is open, the rest is not.
	hr := ta.browser(t)
	hr.mustLogin(demoID(roles.HR), demo.Password)
	wantStatus(t, hr.get("/admin/notices"), 200, "HR notices")
	wantStatus(t, hr.get("/admin/news"), http.StatusForbidden, "HR news")
}

func TestCSRFProtection(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	form := url.Values{"code": {"csrf-test"}, "name_th": {"ทดสอบ"}, "kind": {"office"}}
	token := b.csrf("/admin/units/new")
	cases := []struct {
		name  string
		token string
		hdr   map[string]string
	}{
		{"no token", "", nil},
		{"wrong token", "AAAA" + token[4:], nil},
		{"token from another browser", ta.browser(t).csrf("/admin/login"), nil},
		{"cross-site request with a valid token", token, map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"foreign origin with a valid token", token, map[string]string{"Origin": "https://evil.example"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			if tc.token != "" {
				f.Set("csrf", tc.token)
			}
			p := b.postRaw("/admin/units", f, tc.hdr)
			wantStatus(t, p, http.StatusForbidden, tc.name)
			if !strings.Contains(p.body, "แบบฟอร์มหมดอายุ") {
				t.Errorf("CSRF refusal should explain itself: %.300s", p.body)
			}
		})
	}
	units, _ := ta.users.Units(context.Background(), true)
	for _, u := range units {
		if u.Code == "csrf-test" {
			t.Fatal("a refused request created a unit")
		}
	}
	form.Set("csrf", token)
	wantRedirect(t, b.postRaw("/admin/units", form, nil), "/admin/units", "valid token")
	// Logging in needs the token too (login CSRF).
	wantStatus(t, ta.browser(t).postRaw("/admin/login", url.Values{"citizen_id": {ta.adminID}, "password": {ta.adminPW}}, nil), http.StatusForbidden, "login without token")
}

func TestUserManagement(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	ctx := context.Background()
	units, _ := ta.users.Units(ctx, false)
	unitID := itoa(units[5].ID)

	bad := b.post("/admin/users/new", "/admin/users", url.Values{"citizen_id": {"1234567890123"}, "name": {"นก ใจดี"},
		"unit_id": {unitID}, "role": {"unit"}, "password": {"short"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity, "invalid user")
	for _, want := range []string{"เลขตรวจสอบ", "อย่างน้อย 10", `value="นก ใจดี"`, `value="1234567890123"`} {
		if !strings.Contains(bad.body, want) {
			t.Errorf("invalid form lacks %q", want)
		}
	}

	cid := "1101700203450"
	ok := b.post("/admin/users/new", "/admin/users", url.Values{"citizen_id": {"1-1017-00203-45-0"}, "name": {"นก ใจดี"},
		"unit_id": {unitID}, "role": {"hr"}, "grants": {"scholarship"}, "password": {"first password"}})
	wantRedirect(t, ok, "/admin/users", "create user")
	list := b.get("/admin/users")
	if !strings.Contains(list.body, "เพิ่มผู้ใช้แล้ว") {
		t.Error("no flash after create")
	}
	if strings.Contains(list.body, cid) || strings.Contains(list.body, ta.adminID) {
		t.Fatal("the users list shows a full citizen ID")
	}
	if !strings.Contains(list.body, "x-xxxx-xxxxx-45-0") {
		t.Fatal("the users list lacks the masked ID")
	}
	u, err := ta.users.UserByCitizenID(ctx, cid)
	if err != nil || u.Role != roles.HR || len(u.Grants) != 1 || u.Grants[0] != roles.Scholarship {
		t.Fatalf("created user: %+v %v", u, err)
	}
	dup := b.post("/admin/users/new", "/admin/users", url.Values{"citizen_id": {cid}, "name": {"x"}, "unit_id": {unitID}, "role": {"unit"}, "password": {"first password"}})
	wantStatus(t, dup, http.StatusUnprocessableEntity, "duplicate")

	edit := "/admin/users/" + itoa(u.ID) + "/edit"
	wantRedirect(t, b.post(edit, "/admin/users/"+itoa(u.ID), url.Values{"name": {"นก ใจดีมาก"}, "unit_id": {unitID}, "role": {"unit"}}), "/admin/users", "update")
	wantRedirect(t, b.post(edit, "/admin/users/"+itoa(u.ID)+"/password", url.Values{"new_password": {"second password"}}), edit, "reset")
	wantStatus(t, b.post(edit, "/admin/users/"+itoa(u.ID)+"/password", url.Values{"new_password": {"short"}}), http.StatusUnprocessableEntity, "short reset")
	nb := ta.browser(t)
	nb.mustLogin(cid, "second password")

	self, _ := ta.users.UserByCitizenID(ctx, ta.adminID)
	selfEdit := "/admin/users/" + itoa(self.ID) + "/edit"
	wantStatus(t, b.post(selfEdit, "/admin/users/"+itoa(self.ID)+"/disable", nil), http.StatusUnprocessableEntity, "self-disable")
	wantStatus(t, b.get("/admin/users/999999/edit"), http.StatusNotFound, "missing user")

	acts, _, err := ta.actions.List(ctx, audit.ActionFilter{Action: "user."})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, a := range acts {
		got[a.Action] = true
		if strings.Contains(a.Detail, cid) {
			t.Error("action log holds a full citizen ID")
		}
	}
	for _, want := range []string{"user.create", "user.update", "user.password_reset"} {
		if !got[want] {
			t.Errorf("action log lacks %s", want)
		}
	}
	if p := b.get("/admin/actions?action=user."); !strings.Contains(p.body, "user.create") {
		t.Error("action log page lacks user.create")
	}
}

func TestUnitManagement(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	bad := b.post("/admin/units/new", "/admin/units", url.Values{"code": {"Bad Code"}, "name_th": {"คณะใหม่"}, "kind": {"faculty"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity, "bad unit")
	if !strings.Contains(bad.body, `value="คณะใหม่"`) {
		t.Error("typed name lost")
	}
	wantRedirect(t, b.post("/admin/units/new", "/admin/units", url.Values{"code": {"new-faculty"}, "name_th": {"คณะใหม่"}, "kind": {"faculty"}}), "/admin/units", "create unit")
	var id int64
	units, _ := ta.users.Units(context.Background(), true)
	for _, u := range units {
		if u.Code == "new-faculty" {
			id = u.ID
		}
	}
	path := "/admin/units/" + itoa(id)
	wantRedirect(t, b.post(path+"/edit", path, url.Values{"name_th": {"คณะใหม่กว่า"}, "kind": {"faculty"}}), "/admin/units", "rename")
	wantRedirect(t, b.post("/admin/units", path+"/retire", nil), "/admin/units", "retire")
	u, _ := ta.users.Unit(context.Background(), id)
	if u.NameTH != "คณะใหม่กว่า" || !u.Retired() {
		t.Fatalf("unit after rename+retire: %+v", u)
	}
	// A retired unit cannot be given to a new user.
	p := b.post("/admin/users/new", "/admin/users", url.Values{"citizen_id": {"1101700203451"}, "name": {"x"}, "unit_id": {itoa(id)}, "role": {"unit"}, "password": {"first password"}})
	wantStatus(t, p, http.StatusUnprocessableEntity, "user in retired unit")
}

func TestSecurityHeaders(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	for _, path := range []string{"/", "/admin/login", "/nope"} {
		p := b.get(path)
		csp := p.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if p.header.Get("X-Content-Type-Options") != "nosniff" || p.header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: missing nosniff/Referrer-Policy", path)
		}
		if strings.Contains(p.body, "<script>") || strings.Contains(p.body, " onclick=") {
			t.Errorf("%s: inline script in page", path)
		}
	}
	if p := b.get("/nope"); p.status != 404 || !strings.Contains(p.body, "ไม่พบหน้าที่ต้องการ") {
		t.Errorf("404 page: %d", p.status)
	}
	if p := b.get("/en/nope"); p.status != 404 || !strings.Contains(p.body, "Page not found") {
		t.Errorf("English 404 page: %d", p.status)
	}
	login := b.login(ta.adminID, ta.adminPW)
	if cc := b.get("/admin/").header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("admin Cache-Control %q", cc)
	}
	// The session cookie as the server set it: HttpOnly, SameSite=Lax, and
	// not Secure under an http base URL (it would never come back).
	c := setCookie(login.header, ta.sessions.CookieName())
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" {
		t.Errorf("session cookie %+v; want HttpOnly, SameSite=Lax, not Secure, Path=/", c)
	}
}

// setCookie finds the cookie named name among a response's Set-Cookie lines.
func setCookie(h http.Header, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestSecureCookiesWithHTTPSBaseURL(t *testing.T) {
	ta := newTestApp(t, func(c *Config) { c.BaseURL = "https://news.example.ac.th" })
	res, err := http.Get(ta.srv.URL + "/admin/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var found bool
	for _, c := range res.Cookies() {
		if c.Name == "__Host-nr_csrf" {
			found = c.Secure && c.HttpOnly && c.SameSite == http.SameSiteStrictMode
		}
	}
	if !found {
		t.Fatal("https base URL must give __Host- Secure cookies")
	}
	if res.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS with an https base URL")
	}
	// Log in by hand (a cookie jar keeps Secure cookies off http): the
	// session cookie is Secure too.
	var csrf *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "__Host-nr_csrf" {
			csrf = c
		}
	}
	page, err := http.Get(ta.srv.URL + "/admin/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	for _, c := range page.Cookies() {
		if c.Name == csrf.Name {
			csrf = c
		}
	}
	m := csrfField.FindSubmatch(body)
	if m == nil {
		t.Fatal("no csrf token on the login page")
	}
	form := url.Values{"citizen_id": {ta.adminID}, "password": {ta.adminPW}, "csrf": {string(m[1])}}
	req, _ := http.NewRequest(http.MethodPost, ta.srv.URL+"/admin/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: csrf.Name, Value: csrf.Value})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	login, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	login.Body.Close()
	if s := setCookie(login.Header, ta.sessions.CookieName()); login.StatusCode != http.StatusSeeOther || s == nil || !s.Secure || !s.HttpOnly {
		t.Errorf("login under an https base URL: status %d, session cookie %+v; want 303 and a Secure HttpOnly cookie", login.StatusCode, s)
	}
}

func TestEnglishAdmin(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	wantRedirect(t, b.get("/admin/lang/en?next=/admin/login"), "/admin/login", "switch to English")
	if p := b.get("/admin/login"); !strings.Contains(p.body, "13-digit citizen ID") || !strings.Contains(p.body, `lang="en"`) {
		t.Fatal("login page not in English")
	}
	b.mustLogin(ta.adminID, ta.adminPW)
	if p := b.get("/admin/"); !strings.Contains(p.body, "Activity news") || !strings.Contains(p.body, "Hello") {
		t.Fatal("dashboard not in English")
	}
}

func TestPublicPagesSetNoCookies(t *testing.T) {
	ta := newTestApp(t)
	for _, path := range []string{"/", "/en/", "/nope"} {
		res, err := http.Get(ta.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if len(res.Cookies()) != 0 {
			t.Errorf("%s sets cookies %v; visitors get none (PDPA)", path, res.Cookies())
		}
	}
}

// TestLastCentralAdminCannotBeRemoved: the admin UI refuses to demote the
// last active central admin (with a field message, keeping what was typed)
// and the CLI refuses to disable them; with two central admins either may go.
func TestLastCentralAdminCannotBeRemoved(t *testing.T) {
	dir := t.TempDir()
	ta := newTestAppIn(t, dir)
	ctx := context.Background()
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	self, _ := ta.users.UserByCitizenID(ctx, ta.adminID)
	other, _ := ta.users.UserByCitizenID(ctx, demoID(roles.Central))
	otherEdit := "/admin/users/" + itoa(other.ID) + "/edit"
	// Two central admins: disabling the other one is allowed.
	wantRedirect(t, b.post(otherEdit, "/admin/users/"+itoa(other.ID)+"/disable", nil), otherEdit, "disable the other central admin")

	selfEdit := "/admin/users/" + itoa(self.ID) + "/edit"
	p := b.post(selfEdit, "/admin/users/"+itoa(self.ID), url.Values{"name": {"ชื่อที่พิมพ์ไว้"}, "unit_id": {itoa(self.UnitID)}, "role": {"unit"}})
	wantStatus(t, p, http.StatusUnprocessableEntity, "demote the last central admin")
	if !strings.Contains(p.body, "ผู้ดูแลส่วนกลางที่ใช้งานอยู่คนสุดท้าย") || !strings.Contains(p.body, "ชื่อที่พิมพ์ไว้") {
		t.Errorf("the form must say why and keep what was typed:\n%.3000s", p.body)
	}
	b.c.Jar.SetCookies(mustURL(ta.srv.URL), []*http.Cookie{{Name: "lang", Value: "en", Path: "/"}})
	if p := b.post(selfEdit, "/admin/users/"+itoa(self.ID), url.Values{"name": {self.Name}, "unit_id": {itoa(self.UnitID)}, "role": {"hr"}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "last active central admin") {
		t.Errorf("demote (en): status %d:\n%.3000s", p.status, p.body)
	}
	if got, _ := ta.users.User(ctx, self.ID); got.Role != roles.Central || !got.Active || got.Name != self.Name {
		t.Fatalf("a refused demotion changed the admin: %+v", got)
	}
	ta.srv.Close()
	ta.app.Close()

	_, _, err := runCmd(t, dir, "user", "disable", ta.adminID)
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "last active central admin") {
		t.Fatalf("CLI disable of the last central admin: %v", err)
	}
	// Re-enable the other central admin: now the CLI may disable the first.
	if _, _, err := runCmd(t, dir, "user", "enable", demoID(roles.Central)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, dir, "user", "disable", ta.adminID); err != nil {
		t.Fatalf("CLI disable of one of two central admins: %v", err)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
