package main

// The short names the HTTP tests use, over the shared harness in
// newsroom/app/apptest. The same file sits in app, admin, public, web and
// cmd/newsroom (but for its package clause, and Config, which main declares):
// keep the copies equal.

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"
	"time"

	"newsroom/app"
	"newsroom/app/apptest"
	"newsroom/audit"
	"newsroom/content"
	"newsroom/counter"
	"newsroom/db"
	"newsroom/jobs"
	"newsroom/media"
	"newsroom/roles"
	"newsroom/web"
)

func TestMain(m *testing.M) { os.Exit(apptest.Main(m)) }

// testApp is the real application on a temp data directory behind httptest.
type testApp struct {
	h        *apptest.App
	app      *app.App
	srv      *httptest.Server
	out      *bytes.Buffer
	adminID  string
	adminPW  string
	clock    *apptest.Clock
	dataDir  string
	cfg      Config
	log      *slog.Logger
	db       *db.DB
	users    *roles.Store
	sessions *web.Sessions
	traffic  *audit.TrafficLog
	actions  *audit.ActionLog
	files    media.Store
	queue    *jobs.Queue
	content  *content.Store
	counter  *counter.Counter
	handler  http.Handler
}

func wrapApp(h *apptest.App) *testApp {
	a := h.App
	return &testApp{h: h, app: a, srv: h.Srv, out: h.Out, adminID: h.AdminID, adminPW: h.AdminPW, clock: h.Clock, dataDir: h.DataDir,
		cfg: a.Cfg, log: a.Log, db: a.DB, users: a.Users, sessions: a.Sessions, traffic: a.Traffic, actions: a.Actions,
		files: a.Files, queue: a.Queue, content: a.Content, counter: a.Counter, handler: a.Handler}
}

// newTestApp starts the app with the demo users (not the demo content) on a
// fresh data directory.
func newTestApp(t testing.TB, mutate ...func(*Config)) *testApp {
	t.Helper()
	return wrapApp(apptest.Start(t, mutate...))
}

// newDemoApp starts the app exactly as the README's start command does.
func newDemoApp(t testing.TB) *testApp {
	t.Helper()
	return wrapApp(apptest.StartDemo(t))
}

func testConfig(t testing.TB, dir string) Config { t.Helper(); return apptest.Config(t, dir) }

// appOptions and newApp start an app by hand (app.Options, app.New).
type appOptions struct {
	hash          roles.HashParams
	now           func() time.Time
	noTraffic     bool
	demoUsersOnly bool
}

func newApp(ctx context.Context, cfg Config, log *slog.Logger, out io.Writer, o appOptions) (*app.App, error) {
	return app.New(ctx, cfg, log, out, app.Options{Hash: o.hash, Now: o.now, NoTraffic: o.noTraffic, DemoUsersOnly: o.demoUsersOnly})
}

// job is one of the app's background jobs.
type job struct {
	name string
	fn   func(ctx context.Context) error
}

func (ta *testApp) jobs() []job {
	var js []job
	for _, j := range ta.app.Jobs() {
		js = append(js, job{j.Name, j.Fn})
	}
	return js
}

var (
	npuUnits  = app.NPUUnits
	adminLine = apptest.AdminLine
	csrfField = apptest.CSRFField
)

const browserUA = apptest.BrowserUA

// testLog writes log lines into the test's output.
type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) { return apptest.TestLog{T: l.t}.Write(p) }

func demoID(r roles.Role) string { return apptest.DemoID(r) }

// browser is an HTTP client with cookies that does not follow redirects.
type browser struct {
	t    testing.TB
	c    *http.Client
	base string
}

func (ta *testApp) browser(t testing.TB) *browser {
	b := ta.h.Browser(t)
	return &browser{t: t, c: b.C, base: b.Base}
}

func (b *browser) h() *apptest.Browser { return &apptest.Browser{T: b.t, C: b.c, Base: b.base} }

type page struct {
	status int
	body   string
	header http.Header
}

func pageOf(p apptest.Page) page { return page{status: p.Status, body: p.Body, header: p.Header} }
func (p page) h() apptest.Page   { return apptest.Page{Status: p.status, Body: p.body, Header: p.header} }

func (b *browser) do(req *http.Request) page { b.t.Helper(); return pageOf(b.h().Do(req)) }
func (b *browser) get(path string) page      { b.t.Helper(); return pageOf(b.h().Get(path)) }
func (b *browser) csrf(path string) string   { b.t.Helper(); return b.h().CSRF(path) }
func (b *browser) postFile(formPage, path, field, name string, data []byte) page {
	b.t.Helper()
	return pageOf(b.h().PostFile(formPage, path, field, name, data))
}
func (b *browser) post(formPage, path string, form url.Values) page {
	b.t.Helper()
	return pageOf(b.h().Post(formPage, path, form))
}
func (b *browser) postRaw(path string, form url.Values, hdr map[string]string) page {
	b.t.Helper()
	return pageOf(b.h().PostRaw(path, form, hdr))
}
func (b *browser) login(id, pw string) page        { b.t.Helper(); return pageOf(b.h().Login(id, pw)) }
func (b *browser) mustLogin(id, pw string)         { b.t.Helper(); b.h().MustLogin(id, pw) }
func (b *browser) cookie(name string) *http.Cookie { return b.h().Cookie(name) }
func (b *browser) uploadFiles(gallery string, files map[string][]byte) (int, map[string]any) {
	b.t.Helper()
	return b.h().UploadFiles(gallery, files)
}
func (b *browser) uploadFormFile(kind, name string, data []byte) (int, map[string]any) {
	b.t.Helper()
	return b.h().UploadFormFile(kind, name, data)
}
func (b *browser) loginOtherUnitPR(ta *testApp) error {
	b.t.Helper()
	return b.h().LoginOtherUnitPR(ta.h)
}

func wantStatus(t testing.TB, p page, want int, what string) {
	t.Helper()
	apptest.WantStatus(t, p.h(), want, what)
}

func wantRedirect(t testing.TB, p page, prefix, what string) {
	t.Helper()
	apptest.WantRedirect(t, p.h(), prefix, what)
}

func (ta *testApp) unitID(t testing.TB, code string) int64 { t.Helper(); return ta.h.UnitID(t, code) }

func noticeID(t *testing.T, ta *testApp, headline string) int64 {
	t.Helper()
	return apptest.NoticeID(t, ta.h, headline)
}

func testJPEG(t testing.TB, w, h int) []byte { return apptest.JPEG(t, w, h) }
func testPDF() []byte                        { return apptest.PDF() }
func newsForm(headline string) url.Values    { return apptest.NewsForm(headline) }
func windowForm(extra url.Values) url.Values { return apptest.WindowForm(extra) }
func itoa(n int64) string                    { return apptest.Itoa(n) }

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
