// Package apptest starts the real newsroom application (package app) on a
// temporary data directory behind httptest, for the HTTP tests of app,
// admin, public, web and cmd/newsroom: a cookie-keeping client that fills in
// CSRF tokens, multipart upload helpers, a movable clock and the demo
// fixture. Only tests import it (it imports testing); app's
// TestNoProductionCodeImportsApptest keeps it so.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"newsroom"
	"newsroom/app"
	"newsroom/db/dbtest"
	"newsroom/demo"
	"newsroom/media"
	"newsroom/media/s3test"
	"newsroom/roles"
)

// App is the real application on a temp data directory behind httptest.
type App struct {
	*app.App
	Srv     *httptest.Server
	Out     *bytes.Buffer // what the first run printed
	AdminID string
	AdminPW string
	Clock   *Clock
	DataDir string
}

// Clock is a movable time source for session expiry tests.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock is a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

func (c *Clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *Clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Config is the tests' configuration on data directory dir: demo on, logs
// at error level.
func Config(t testing.TB, dir string) app.Config {
	t.Helper()
	env := map[string]string{"NEWSROOM_DATA": dir, "NEWSROOM_DEMO": "1", "NEWSROOM_LOG_LEVEL": "error"}
	cfg, _, err := app.ParseConfig("test", nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// engines remembers, by data directory, the database and media settings of
// each app a test started (EnvFor).
var engines sync.Map

// EnvFor is the database and media settings of the app started on data
// directory dir (empty values on SQLite and local media), for tests that
// run the CLI on that app's data as an operator would.
func EnvFor(dir string) map[string]string {
	if v, ok := engines.Load(dir); ok {
		return v.(map[string]string)
	}
	return map[string]string{}
}

// S3 reports whether this run keeps the apps' media in S3 buckets
// (NEWSROOM_TEST_BACKENDS names s3), as the backend run of .ci/run does.
func S3() bool {
	return slices.Contains(strings.FieldsFunc(os.Getenv("NEWSROOM_TEST_BACKENDS"), func(r rune) bool { return r == ',' || r == ' ' }), "s3")
}

// copyMediaDir puts every stored file of dataDir/media into the bucket at
// mediaURL and removes the directory, so that the app finds its files only
// in the bucket.
func copyMediaDir(dataDir, mediaURL string) error {
	ctx := context.Background()
	store, err := media.OpenStorage(ctx, mediaURL, dataDir)
	if err != nil {
		return err
	}
	root := filepath.Join(dataDir, "media")
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || !media.ValidKey(filepath.ToSlash(rel)) {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return store.Put(ctx, filepath.ToSlash(rel), data)
	})
	if err != nil {
		return err
	}
	return os.RemoveAll(root)
}

// AdminLine is the first run's "admin login:" line.
var AdminLine = regexp.MustCompile(`(?m)^admin login: (\d{13}) (\S+)$`)

// Start starts the app with the demo users (not the demo content) on a
// fresh data directory.
func Start(t testing.TB, mutate ...func(*app.Config)) *App {
	t.Helper()
	return start(t, false, mutate...)
}

// StartDemo starts the app exactly as the README's start command does.
func StartDemo(t testing.TB) *App {
	t.Helper()
	return start(t, true)
}

func start(t testing.TB, demoContent bool, mutate ...func(*app.Config)) *App {
	t.Helper()
	dir := t.TempDir()
	cfg := Config(t, dir)
	out := &bytes.Buffer{}
	if demoContent && !fuzzWorker() {
		// Seeding the demo content takes seconds (its photos are resized):
		// it is done once per test binary and copied. (A fuzzing worker is
		// killed rather than returning from Main: it seeds its own.)
		tpl, err := demoTemplate()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(cfg.DataDir, os.DirFS(tpl.dir)); err != nil {
			t.Fatal(err)
		}
		out.WriteString(tpl.out)
		if tpl.pg != "" {
			cfg.DatabaseURL = dbtest.NewDatabase(t, tpl.pg)
		}
	} else if dbtest.Postgres() {
		cfg.DatabaseURL = dbtest.NewDatabase(t, "")
	}
	if S3() {
		// A bucket of its own, holding what the data directory's media/
		// holds (the demo content's files).
		cfg.MediaURL = s3test.Start(t)
		if err := copyMediaDir(cfg.DataDir, cfg.MediaURL); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range mutate {
		m(&cfg)
	}
	// After the template: the demo content was made before now.
	clk := NewClock(time.Now())
	// Server errors show in the test's log: a friendly 500 page hides them.
	log := slog.New(slog.NewTextHandler(TestLog{t}, &slog.HandlerOptions{Level: slog.LevelError}))
	a, err := app.New(context.Background(), cfg, log, out, app.Options{Hash: roles.TestHashParams, Now: clk.Now, DemoUsersOnly: !demoContent})
	if err != nil {
		t.Fatal(err)
	}
	ta := &App{App: a, Srv: httptest.NewServer(a.Handler), Out: out, Clock: clk, DataDir: dir}
	engines.Store(cfg.DataDir, map[string]string{"NEWSROOM_DATABASE_URL": cfg.DatabaseURL, "NEWSROOM_MEDIA_URL": cfg.MediaURL})
	t.Cleanup(func() {
		ta.Srv.Close()
		a.Close()
	})
	m := AdminLine.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no admin login line in %q", out.String())
	}
	ta.AdminID, ta.AdminPW = m[1], m[2]
	return ta
}

// template is a data directory after a first run, and what the run printed.
type template struct {
	once     sync.Once
	dir, out string
	pg       string // on PostgreSQL: the database the first run filled
	err      error
}

var demoTpl template

// demoTemplate is the data directory after a demo first run, made on first
// use; Main removes it.
func demoTemplate() (*template, error) {
	demoTpl.once.Do(func() {
		demoTpl.dir, demoTpl.err = os.MkdirTemp("", "newsroom-apptest-")
		if demoTpl.err != nil {
			return
		}
		env := map[string]string{"NEWSROOM_DATA": demoTpl.dir, "NEWSROOM_DEMO": "1", "NEWSROOM_LOG_LEVEL": "error"}
		cfg, _, err := app.ParseConfig("test", nil, func(k string) string { return env[k] }, io.Discard)
		if err != nil {
			demoTpl.err = err
			return
		}
		if dbtest.Postgres() {
			cfg.DatabaseURL, demoTpl.pg, err = dbtest.Create("")
			if err != nil {
				demoTpl.err = err
				return
			}
		}
		var out bytes.Buffer
		a, err := app.New(context.Background(), cfg, slog.New(slog.DiscardHandler), &out, app.Options{Hash: roles.TestHashParams})
		if err != nil {
			demoTpl.err = fmt.Errorf("demo template: %w", err)
			return
		}
		if err := a.Close(); err != nil {
			demoTpl.err = fmt.Errorf("demo template: %w", err)
			return
		}
		demoTpl.out = out.String()
	})
	return &demoTpl, demoTpl.err
}

// fuzzWorker reports whether this process is a worker of go test -fuzz.
func fuzzWorker() bool {
	f := flag.Lookup("test.fuzzworker")
	return f != nil && f.Value.String() == "true"
}

// Main runs a package's tests (call it from TestMain) and then removes the
// data directory templates they made.
func Main(m *testing.M) int {
	code := m.Run()
	if demoTpl.dir != "" {
		os.RemoveAll(demoTpl.dir)
	}
	if demoTpl.pg != "" {
		_ = dbtest.Drop(dbtest.Server(), demoTpl.pg)
	}
	return code
}

// DemoID returns the citizen ID of the demo user with role r.
func DemoID(r roles.Role) string {
	for _, u := range demo.Users {
		if u.Role == r {
			return demo.CitizenID(u.First12)
		}
	}
	panic("no demo user for " + r)
}

// Browser is an HTTP client with cookies that does not follow redirects.
type Browser struct {
	T    testing.TB
	C    *http.Client
	Base string
}

// Browser is a new client of the app's server with an empty cookie jar.
func (ta *App) Browser(t testing.TB) *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{T: t, Base: ta.Srv.URL, C: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Admin is a new client logged in as the first run's central admin.
func (ta *App) Admin(t testing.TB) *Browser {
	t.Helper()
	b := ta.Browser(t)
	b.MustLogin(ta.AdminID, ta.AdminPW)
	return b
}

// As is a new client logged in as the demo user with role r.
func (ta *App) As(t testing.TB, r roles.Role) *Browser {
	t.Helper()
	b := ta.Browser(t)
	b.MustLogin(DemoID(r), demo.Password)
	return b
}

// Page is a response read whole.
type Page struct {
	Status int
	Body   string
	Header http.Header
}

// BrowserUA is a phone browser's user agent: tools' agents are not counted
// as readers.
const BrowserUA = "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"

// Do sends req (with a browser's user agent unless it has one).
func (b *Browser) Do(req *http.Request) Page {
	b.T.Helper()
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", BrowserUA)
	}
	res, err := b.C.Do(req)
	if err != nil {
		b.T.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return Page{Status: res.StatusCode, Body: string(body), Header: res.Header}
}

func (b *Browser) Get(path string) Page {
	b.T.Helper()
	req, _ := http.NewRequest("GET", b.Base+path, nil)
	return b.Do(req)
}

// CSRFField is a form's CSRF token field.
var CSRFField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// CSRF fetches a page and returns the token its forms carry.
func (b *Browser) CSRF(path string) string {
	b.T.Helper()
	p := b.Get(path)
	m := CSRFField.FindStringSubmatch(p.Body)
	if m == nil {
		b.T.Fatalf("no csrf token on %s (status %d)", path, p.Status)
	}
	return m[1]
}

// PostFile posts one file as field of a multipart form to path, the way the
// admin's scripts upload; the CSRF token (from formPage) goes in the
// X-CSRF-Token header unless formPage is "".
func (b *Browser) PostFile(formPage, path, field, name string, data []byte) Page {
	b.T.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", b.Base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if formPage != "" {
		req.Header.Set("X-CSRF-Token", b.CSRF(formPage))
	}
	return b.Do(req)
}

// Post submits a form with the CSRF token taken from formPage.
func (b *Browser) Post(formPage, path string, form url.Values) Page {
	b.T.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", b.CSRF(formPage))
	return b.PostRaw(path, form, nil)
}

// PostRaw submits a form as it is, with the extra headers hdr.
func (b *Browser) PostRaw(path string, form url.Values, hdr map[string]string) Page {
	b.T.Helper()
	req, _ := http.NewRequest("POST", b.Base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return b.Do(req)
}

func (b *Browser) Login(id, pw string) Page {
	b.T.Helper()
	return b.Post("/admin/login", "/admin/login", url.Values{"citizen_id": {id}, "password": {pw}})
}

// MustLogin logs in and fails the test unless it lands on the dashboard.
func (b *Browser) MustLogin(id, pw string) {
	b.T.Helper()
	p := b.Login(id, pw)
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/admin/" {
		b.T.Fatalf("login %s: status %d location %q body %s", roles.MaskCitizenID(id), p.Status, p.Header.Get("Location"), p.Body)
	}
}

// Cookie is the cookie name the browser holds for the server, or nil.
func (b *Browser) Cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.Base)
	for _, c := range b.C.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func WantStatus(t testing.TB, p Page, want int, what string) {
	t.Helper()
	if p.Status != want {
		t.Fatalf("%s: status %d, want %d; body:\n%.600s", what, p.Status, want, p.Body)
	}
}

func WantRedirect(t testing.TB, p Page, prefix, what string) {
	t.Helper()
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Header.Get("Location"), prefix) {
		t.Fatalf("%s: status %d location %q, want 303 to %s", what, p.Status, p.Header.Get("Location"), prefix)
	}
}

// TestLog writes log lines into the test's output.
type TestLog struct{ T testing.TB }

func (l TestLog) Write(p []byte) (int, error) {
	l.T.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// JPEG is a w×h gradient photo.
func JPEG(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, nil)
	return b.Bytes()
}

// PDF is the smallest valid PDF.
func PDF() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n")
	off := b.Len()
	b.WriteString("xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n")
	fmt.Fprintf(&b, "trailer << /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", off)
	return b.Bytes()
}

// NewsForm is a valid news form.
func NewsForm(headline string) url.Values {
	// Ten minutes back: the test app's clock stands still from its start, and
	// a start after it (a minute passing meanwhile) would be scheduled.
	now := time.Now().Add(-10 * time.Minute).In(newsroom.Bangkok)
	return url.Values{"lang": {"th"}, "news_type": {"mou"}, "headline": {headline}, "body": {"<p>เนื้อหาข่าว</p>"},
		"sort": {"1"}, "photos_per_row": {"4"}, "start": {now.Format("2006-01-02T15:04")},
		"end": {now.AddDate(0, 0, 1).Format("2006-01-02")}, "draft": {"draft-0123456789abcdef"}, "form_token": {"form-" + headline},
		"action": {"publish"}}
}

// WindowForm is a published display window (start, end, order) plus extra.
func WindowForm(extra url.Values) url.Values {
	// Ten minutes back: the test app's clock stands still from its start, and
	// a start after it (a minute passing meanwhile) would be scheduled.
	now := time.Now().Add(-10 * time.Minute).In(newsroom.Bangkok)
	f := url.Values{"lang": {"th"}, "sort": {"1"}, "start": {now.Format("2006-01-02T15:04")},
		"end": {now.AddDate(0, 0, 3).Format("2006-01-02")}, "action": {"publish"}}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

func Itoa(n int64) string { return strconv.FormatInt(n, 10) }

// UnitID is the id of the unit with the given code.
func (ta *App) UnitID(t testing.TB, code string) int64 {
	units, _ := ta.Users.Units(context.Background(), true)
	for _, u := range units {
		if u.Code == code {
			return u.ID
		}
	}
	t.Fatalf("no unit %s", code)
	return 0
}

// UploadFiles posts files like the news form's script does and waits for
// the batch.
func (b *Browser) UploadFiles(gallery string, files map[string][]byte) (int, map[string]any) {
	b.T.Helper()
	token := b.CSRF("/admin/news/new")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names) // the browser sends files in the order chosen
	for _, name := range names {
		fw, _ := mw.CreateFormFile("files", name)
		fw.Write(files[name])
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.Base+"/admin/news/photos?"+gallery, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-CSRF-Token", token)
	p := b.Do(req)
	var out map[string]any
	json.Unmarshal([]byte(p.Body), &out)
	return p.Status, out
}

// UploadFormFile uploads one file of a form (kind: notice, banner, video…).
func (b *Browser) UploadFormFile(kind, name string, data []byte) (int, map[string]any) {
	b.T.Helper()
	p := b.PostFile("/admin/", "/admin/files/"+kind, "file", name, data)
	var out map[string]any
	json.Unmarshal([]byte(p.Body), &out)
	return p.Status, out
}

// LoginOtherUnitPR makes a unit PR account for another unit than the demo
// unit PR's and logs it in.
func (b *Browser) LoginOtherUnitPR(ta *App) error {
	ctx := context.Background()
	unit := ta.UnitID(b.T, "education")
	cid := demo.CitizenID("110170000123")
	pw := "another-unit-password"
	if _, err := ta.Users.CreateUser(ctx, roles.UserInput{CitizenID: cid, Name: "PR ครุศาสตร์", UnitID: unit, Role: roles.UnitPR, Password: pw}, ta.Clock.Now()); err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	b.MustLogin(cid, pw)
	return nil
}

// NoticeID is the id of the notice with the headline.
func NoticeID(t *testing.T, ta *App, headline string) int64 {
	t.Helper()
	var id int64
	if err := ta.DB.R.QueryRow(`SELECT id FROM notices WHERE headline = ?`, headline).Scan(&id); err != nil {
		t.Fatalf("notice %q: %v", headline, err)
	}
	return id
}
