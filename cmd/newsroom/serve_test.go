package main

import (
	"bytes"
	"context"
	"encoding/json"
	_ "image/jpeg"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"newsroom/db"
	"newsroom/demo"
	"newsroom/roles"
	"newsroom/templates"
)

// Acceptance tests of the server's life cycle: graceful shutdown, a
// production first start and the user enable command.

// admLockedBuffer is the server's stdout: the server goroutine writes while the
// test reads.
type admLockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *admLockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *admLockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// admServer is the real program started by run, as `newsroom` without
// arguments does, on a free local port.
type admServer struct {
	addr, dir string
	out       *admLockedBuffer
	cancel    context.CancelFunc
	done      chan error
}

// admStartServe runs the server with only the data directory and address set
// (no demo flag: a production start) and waits until it answers.
func admStartServe(t *testing.T) *admServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &admServer{addr: ln.Addr().String(), dir: t.TempDir(), out: &admLockedBuffer{}, done: make(chan error, 1)}
	ln.Close()
	env := map[string]string{"NEWSROOM_DATA": s.dir, "NEWSROOM_ADDR": s.addr, "NEWSROOM_LOG_LEVEL": "error"}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go func() {
		s.done <- run(ctx, []string{"newsroom"}, func(k string) string { return env[k] }, s.out, testLog{t})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(30 * time.Second):
		}
	})
	for i := 0; ; i++ {
		res, err := http.Get("http://" + s.addr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		if i == 200 {
			t.Fatalf("server did not start: %v", err)
		}
		select {
		case err := <-s.done:
			t.Fatalf("server stopped at start: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// stop signals shutdown and returns what run returned.
func (s *admServer) stop(t *testing.T) error {
	t.Helper()
	s.cancel()
	return s.wait(t)
}

func (s *admServer) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-s.done:
		s.done <- err // for the cleanup
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop")
		return nil
	}
}

func TestShutdownLetsAnInFlightRequestFinish(t *testing.T) {
	s := admStartServe(t)
	login := adminLine.FindStringSubmatch(s.out.String())
	if login == nil {
		t.Fatalf("no admin login line in %q", s.out.String())
	}
	base := "http://" + s.addr
	jar, _ := cookiejar.New(nil)
	// With Expect: 100-continue the transport holds the body back until the
	// server's "100 Continue", which Go's server sends only when a handler
	// first reads the body. So once the first write below returns, the
	// request is inside the handler chain, mid-body.
	tr := &http.Transport{ExpectContinueTimeout: time.Minute, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Jar: jar, Transport: tr, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(base + "/admin/login")
	if err != nil {
		t.Fatal(err)
	}
	form, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfField.FindStringSubmatch(string(form))
	if m == nil {
		t.Fatalf("no csrf token on the login page (%d)", res.StatusCode)
	}

	body, feed := io.Pipe()
	req, _ := http.NewRequest("POST", base+"/admin/login", body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Expect", "100-continue")
	type answer struct {
		res  *http.Response
		body string
		err  error
	}
	answered := make(chan answer, 1)
	go func() {
		res, err := client.Do(req)
		if err != nil {
			answered <- answer{err: err}
			return
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		answered <- answer{res: res, body: string(b), err: err}
	}()
	write := func(s string) {
		t.Helper()
		wrote := make(chan error, 1)
		go func() { _, err := io.WriteString(feed, s); wrote <- err }()
		select {
		case err := <-wrote:
			if err != nil {
				t.Fatalf("request body: %v", err)
			}
		case a := <-answered:
			t.Fatalf("answered before the body was sent: %v %v", a.err, a.res)
		case <-time.After(30 * time.Second):
			t.Fatal("the server never read the request body")
		}
	}
	write(url.Values{"csrf": {m[1]}, "citizen_id": {login[1]}}.Encode() + "&")

	s.cancel()
	// Shutdown closes the listener first: once a new connection is refused,
	// the server is shutting down with our request still open.
	for i := 0; ; i++ {
		c, err := net.DialTimeout("tcp", s.addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if i == 200 {
			t.Fatal("the server still accepts connections after shutdown was signalled")
		}
		time.Sleep(25 * time.Millisecond)
	}
	select {
	case err := <-s.done:
		s.done <- err
		t.Fatalf("the server stopped with a request in flight: %v", err)
	default:
	}
	write(url.Values{"password": {login[2]}}.Encode())
	feed.Close()

	var a answer
	select {
	case a = <-answered:
	case <-time.After(30 * time.Second):
		t.Fatal("no answer to the in-flight request")
	}
	if a.err != nil {
		t.Fatalf("the in-flight request got no HTTP answer: %v", a.err)
	}
	// A whole answer: the login succeeded, its session was written.
	if a.res.StatusCode != http.StatusSeeOther || a.res.Header.Get("Location") != "/admin/" || len(a.res.Cookies()) == 0 {
		t.Fatalf("in-flight login: status %d location %q cookies %d; body %.300s",
			a.res.StatusCode, a.res.Header.Get("Location"), len(a.res.Cookies()), a.body)
	}
	if err := s.wait(t); err != nil {
		t.Fatalf("serve returned %v", err)
	}
	// The request's database writes landed before the database was closed.
	d, err := db.Open(context.Background(), Config{DataDir: s.dir}.DBPath())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var logins int
	if err := d.R.QueryRow(`SELECT count(*) FROM action_log WHERE action = 'session.login'`).Scan(&logins); err != nil || logins != 1 {
		t.Fatalf("session.login rows after shutdown: %d %v", logins, err)
	}
}

func TestProductionStartCreatesNoDemoContent(t *testing.T) {
	s := admStartServe(t)
	out := s.out.String()
	if strings.Count(out, "admin login:") != 1 || strings.Contains(out, "demo login:") {
		t.Fatalf("first start printed:\n%s", out)
	}
	// The public API agrees: nothing is published.
	res, err := http.Get("http://" + s.addr + "/api/v1/news")
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Total int }
	json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || list.Total != 0 {
		t.Fatalf("/api/v1/news: %d, total %d", res.StatusCode, list.Total)
	}
	if err := s.stop(t); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), Config{DataDir: s.dir}.DBPath())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, tc := range []struct {
		table string
		want  int
	}{
		{"news", 0}, {"photos", 0}, {"videos", 0}, {"banners", 0}, {"notices", 0},
		{"users", 1},
		{"units", len(npuUnits)}, // the first run did run
	} {
		var n int
		if err := d.R.QueryRow(`SELECT count(*) FROM ` + tc.table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != tc.want {
			t.Errorf("%s: %d rows, want %d", tc.table, n, tc.want)
		}
	}
	var role string
	if err := d.R.QueryRow(`SELECT role FROM users`).Scan(&role); err != nil || role != string(roles.Central) {
		t.Errorf("the only user has role %q (%v), want the central admin", role, err)
	}
}

func TestUserEnableCommandRestoresLogin(t *testing.T) {
	ta := newTestApp(t)
	cid := demoID(roles.UnitPR)
	b := ta.browser(t)
	b.mustLogin(cid, demo.Password)

	// The CLI works beside the running server (SQLite WAL).
	if _, _, err := runCmd(t, ta.dataDir, "user", "disable", cid); err != nil {
		t.Fatal(err)
	}
	wantRedirect(t, b.get("/admin/"), "/admin/login", "disabled user's session")
	p := b.login(cid, demo.Password)
	wantStatus(t, p, http.StatusForbidden, "disabled user's login")
	if !strings.Contains(p.body, templates.T("th", "login.disabled")) {
		t.Fatal("the refused login does not say the account is disabled")
	}

	out, _, err := runCmd(t, ta.dataDir, "user", "enable", cid)
	if err != nil || !strings.HasPrefix(out, "enabled ") || !strings.Contains(out, roles.MaskCitizenID(cid)) || strings.Contains(out, cid) {
		t.Fatalf("user enable: %v %q", err, out)
	}
	b.mustLogin(cid, demo.Password)
	wantStatus(t, b.get("/admin/news"), http.StatusOK, "re-enabled user's news list")

	list, _, _ := runCmd(t, ta.dataDir, "user", "list", "--show-ids")
	if !regexp.MustCompile(`(?m)^\d+\s+` + cid + `\s.*\strue$`).MatchString(list) {
		t.Fatalf("re-enabled user not listed as active:\n%s", list)
	}
	var logged int
	ta.db.R.QueryRow(`SELECT count(*) FROM action_log WHERE action = 'user.enable' AND user_name = 'cli'`).Scan(&logged)
	if logged != 1 {
		t.Errorf("action log has %d user.enable rows by cli, want 1", logged)
	}
	// An ID with no account is an error, not a silent success.
	if _, _, err := runCmd(t, ta.dataDir, "user", "enable", "1101700203450"); err == nil || exitCode(err) == 0 {
		t.Fatalf("enable of an unknown citizen ID: %v", err)
	}
}
