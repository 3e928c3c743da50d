package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

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
