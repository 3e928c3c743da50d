package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"newsroom/demo"
	"newsroom/roles"
)

// testApp is the real application on a temp data directory behind httptest.
type testApp struct {
	*app
	srv     *httptest.Server
	out     *bytes.Buffer
	adminID string
	adminPW string
	clock   *clock
	dataDir string
}

// clock is a movable time source for session expiry tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func testConfig(t testing.TB, dir string) Config {
	t.Helper()
	env := map[string]string{"NEWSROOM_DATA": dir, "NEWSROOM_DEMO": "1", "NEWSROOM_LOG_LEVEL": "error"}
	cfg, _, err := parseConfig("test", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

var adminLine = regexp.MustCompile(`(?m)^admin login: (\d{13}) (\S+)$`)

// newTestApp starts the app with the demo users (not the demo content) on a
// fresh data directory.
func newTestApp(t testing.TB, mutate ...func(*Config)) *testApp {
	t.Helper()
	return startTestApp(t, false, mutate...)
}

// newDemoApp starts the app exactly as the README's start command does.
func newDemoApp(t testing.TB) *testApp {
	t.Helper()
	return startTestApp(t, true)
}

func startTestApp(t testing.TB, demoContent bool, mutate ...func(*Config)) *testApp {
	t.Helper()
	dir := t.TempDir()
	cfg := testConfig(t, dir)
	for _, m := range mutate {
		m(&cfg)
	}
	clk := &clock{t: time.Now()}
	out := &bytes.Buffer{}
	// Server errors show in the test's log: a friendly 500 page hides them.
	log := slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError}))
	a, err := newApp(context.Background(), cfg, log, out, appOptions{hash: roles.TestHashParams, now: clk.Now, demoUsersOnly: !demoContent})
	if err != nil {
		t.Fatal(err)
	}
	ta := &testApp{app: a, srv: httptest.NewServer(a.handler), out: out, clock: clk, dataDir: dir}
	t.Cleanup(func() {
		ta.srv.Close()
		a.Close()
	})
	m := adminLine.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no admin login line in %q", out.String())
	}
	ta.adminID, ta.adminPW = m[1], m[2]
	return ta
}

// demoID returns the citizen ID of the demo user with role r.
func demoID(r roles.Role) string {
	for _, u := range demo.Users {
		if u.Role == r {
			return demo.CitizenID(u.First12)
		}
	}
	panic("no demo user for " + r)
}

// browser is an HTTP client with cookies that does not follow redirects.
type browser struct {
	t    testing.TB
	c    *http.Client
	base string
}

func (ta *testApp) browser(t testing.TB) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: ta.srv.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	status int
	body   string
	header http.Header
}

// browserUA is a phone browser's user agent: tools' agents are not counted
// as readers.
const browserUA = "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", browserUA)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return page{status: res.StatusCode, body: string(body), header: res.Header}
}

func (b *browser) get(path string) page {
	req, _ := http.NewRequest("GET", b.base+path, nil)
	return b.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf fetches a page and returns the token its forms carry.
func (b *browser) csrf(path string) string {
	b.t.Helper()
	p := b.get(path)
	m := csrfField.FindStringSubmatch(p.body)
	if m == nil {
		b.t.Fatalf("no csrf token on %s (status %d)", path, p.status)
	}
	return m[1]
}

// postFile posts one file as field of a multipart form to path, the way the
// admin's scripts upload; the CSRF token (from formPage) goes in the
// X-CSRF-Token header unless formPage is "".
func (b *browser) postFile(formPage, path, field, name string, data []byte) page {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", b.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if formPage != "" {
		req.Header.Set("X-CSRF-Token", b.csrf(formPage))
	}
	return b.do(req)
}

// post submits a form with the CSRF token taken from formPage.
func (b *browser) post(formPage, path string, form url.Values) page {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", b.csrf(formPage))
	return b.postRaw(path, form, nil)
}

func (b *browser) postRaw(path string, form url.Values, hdr map[string]string) page {
	req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return b.do(req)
}

func (b *browser) login(id, pw string) page {
	b.t.Helper()
	return b.post("/admin/login", "/admin/login", url.Values{"citizen_id": {id}, "password": {pw}})
}

// mustLogin logs in and fails the test unless it lands on the dashboard.
func (b *browser) mustLogin(id, pw string) {
	b.t.Helper()
	p := b.login(id, pw)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/admin/" {
		b.t.Fatalf("login %s: status %d location %q body %s", roles.MaskCitizenID(id), p.status, p.header.Get("Location"), p.body)
	}
}

func (b *browser) cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.base)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func wantStatus(t testing.TB, p page, want int, what string) {
	t.Helper()
	if p.status != want {
		t.Fatalf("%s: status %d, want %d; body:\n%.600s", what, p.status, want, p.body)
	}
}

func wantRedirect(t testing.TB, p page, prefix, what string) {
	t.Helper()
	if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), prefix) {
		t.Fatalf("%s: status %d location %q, want 303 to %s", what, p.status, p.header.Get("Location"), prefix)
	}
}

// testLog writes log lines into the test's output.
type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
