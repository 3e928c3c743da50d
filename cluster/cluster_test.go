// Package cluster tests several instances of the server as an operator
// runs them: real processes on one PostgreSQL database and one S3 bucket
// (a SeaweedFS server), behind nginx as the load balancer.
package cluster

import (
	"archive/zip"
	"bytes"
	"database/sql"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"newsroom/app/apptest"
	"newsroom/db/dbtest"
	"newsroom/media/s3test"
)

// instance is one running server process.
type instance struct {
	name string
	cmd  *exec.Cmd
	url  string
	out  *syncBuffer
	dir  string
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// cluster is two instances on one database and bucket, and nginx.
type cluster struct {
	t        *testing.T
	bin      string
	env      []string
	pg       string
	a, b     *instance
	nginxURL string
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func nginxPath(t *testing.T) string {
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but nginx is missing (apt-get install nginx-light)")
	}
	t.Skip("the cluster test needs nginx (nginx-light)")
	return ""
}

// buildServer builds cmd/newsroom once per test binary.
var buildOnce struct {
	sync.Once
	path string
	err  error
}

func buildServer(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "newsroom-cluster-bin-")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.path = filepath.Join(dir, "newsroom")
		out, err := exec.Command("go", "build", "-o", buildOnce.path, "newsroom/cmd/newsroom").CombinedOutput()
		if err != nil {
			buildOnce.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildOnce.err != nil {
		t.Fatal(buildOnce.err)
	}
	return buildOnce.path
}

func startCluster(t *testing.T) *cluster {
	t.Helper()
	pg := dbtest.NewDatabase(t, "")
	mediaURL := s3test.Start(t)
	nginx := nginxPath(t)
	c := &cluster{t: t, bin: buildServer(t), pg: pg}
	nport := freePort(t)
	c.nginxURL = fmt.Sprintf("http://127.0.0.1:%d", nport)
	c.env = append(os.Environ(),
		"NEWSROOM_DATABASE_URL="+pg, "NEWSROOM_MEDIA_URL="+mediaURL,
		"NEWSROOM_BASE_URL="+c.nginxURL, "NEWSROOM_TRUSTED_PROXIES=127.0.0.1",
		"NEWSROOM_LOG_LEVEL=warn", "NEWSROOM_SHUTDOWN_TIMEOUT=2s")
	c.a = c.start("a")
	c.b = c.start("b")
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "logs"), 0o755)
	conf := fmt.Sprintf(`worker_processes 1;
daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 256; }
http {
	access_log off;
	client_max_body_size 200m;
	upstream newsroom { server %[2]s max_fails=1 fail_timeout=2s; server %[3]s max_fails=1 fail_timeout=2s; }
	server {
		listen 127.0.0.1:%[4]d;
		location / {
			proxy_pass http://newsroom;
			proxy_set_header Host $http_host;
			proxy_set_header X-Forwarded-For $remote_addr;
			proxy_next_upstream error timeout;
		}
	}
}
`, dir, strings.TrimPrefix(c.a.url, "http://"), strings.TrimPrefix(c.b.url, "http://"), nport)
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nginx, "-c", filepath.Join(dir, "nginx.conf"), "-p", dir)
	var nlog syncBuffer
	cmd.Stdout, cmd.Stderr = &nlog, &nlog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGQUIT)
		cmd.Wait()
		if t.Failed() {
			errs, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("nginx: %s%s", nlog.String(), errs)
		}
	})
	waitHTTP(t, c.nginxURL+"/healthz")
	return c
}

// start runs an instance with its own data directory (the traffic log's
// spool, nothing shared) on a free port.
func (c *cluster) start(name string) *instance {
	c.t.Helper()
	port := freePort(c.t)
	in := &instance{name: name, url: fmt.Sprintf("http://127.0.0.1:%d", port), out: &syncBuffer{}, dir: c.t.TempDir()}
	in.cmd = exec.Command(c.bin, "serve")
	in.cmd.Env = append(append([]string{}, c.env...), "NEWSROOM_DATA="+in.dir, fmt.Sprintf("NEWSROOM_ADDR=127.0.0.1:%d", port), "NEWSROOM_INSTANCE="+name)
	in.cmd.Stdout, in.cmd.Stderr = in.out, in.out
	if err := in.cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() {
		if in.cmd.ProcessState == nil {
			in.cmd.Process.Signal(syscall.SIGTERM)
			in.cmd.Wait()
		}
		if c.t.Failed() {
			c.t.Logf("instance %s output:\n%s", name, in.out.String())
		}
	})
	waitHTTP(c.t, in.url+"/healthz")
	return in
}

func waitHTTP(t *testing.T, u string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		res, err := http.Get(u)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no answer from %s", u)
}

var adminLine = regexp.MustCompile(`(?m)^admin login: (\d{13}) (\S+)$`)

// admin logs in through instance in (the session lives in the database, so
// the same cookie works through every instance).
func (c *cluster) admin(in *instance) *apptest.Browser {
	c.t.Helper()
	var m []string
	for _, x := range []*instance{c.a, c.b} {
		if m = adminLine.FindStringSubmatch(x.out.String()); m != nil {
			break
		}
	}
	if m == nil {
		c.t.Fatalf("no instance printed the admin login:\nA: %s\nB: %s", c.a.out.String(), c.b.out.String())
	}
	jar, _ := cookiejar.New(nil)
	b := &apptest.Browser{T: c.t, Base: in.url, C: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	b.MustLogin(m[1], m[2])
	return b
}

func testJPEG(w, h, seed int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x*seed + y), uint8(y * 3), uint8(seed * 40), 255})
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
	return b.Bytes()
}

func zipOf(t *testing.T, n, w, h, seed int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := range n {
		f, err := zw.Create(fmt.Sprintf("ภาพ-%02d.jpg", i+1))
		if err != nil {
			t.Fatal(err)
		}
		f.Write(testJPEG(w, h, seed+i))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var newsLocation = regexp.MustCompile(`/admin/news/(\d+)/edit`)

// createNews publishes a news item through b and returns its id.
func createNews(t *testing.T, b *apptest.Browser, headline string) string {
	t.Helper()
	form := apptest.NewsForm(headline)
	p := b.Post("/admin/news/new", "/admin/news", form)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("create news: %d %s", p.Status, p.Body)
	}
	list := b.Get("/admin/news")
	for _, m := range newsLocation.FindAllStringSubmatch(list.Body, -1) {
		if strings.Contains(b.Get("/admin/news/"+m[1]+"/edit").Body, headline) {
			return m[1]
		}
	}
	t.Fatalf("the new news item %q is not listed", headline)
	return ""
}

var galleryImage = regexp.MustCompile(`/media/[0-9a-f/]+\.jpg`)

// shown is how many of news item id's photos (rows in the database) the
// public page at base shows, and how many it has.
func shown(t *testing.T, dbc *sql.DB, base, id string) (int, int) {
	t.Helper()
	rows, err := dbc.Query(`SELECT file_key FROM photos WHERE news_id = $1`, id)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for rows.Next() {
		var k string
		rows.Scan(&k)
		keys = append(keys, k)
	}
	rows.Close()
	res, err := http.Get(base + "/news/" + id)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	n := 0
	for _, k := range keys {
		if bytes.Contains(body, []byte("/media/"+k)) {
			n++
		}
	}
	return n, len(keys)
}

func eventually(t *testing.T, limit time.Duration, what string, ok func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		if ok() {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("%s: not within %s", what, limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func status(t *testing.T, u string) int {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// TestTwoInstancesBehindNginx: a ZIP uploaded through A is processed and
// its gallery seen through B and nginx; a takedown on A answers 410 on B
// within 1 s, photos included; A killed with SIGKILL in the middle of a
// batch leaves B to finish it; the daily jobs ran once; the traffic log of
// both verifies.
func TestTwoInstancesBehindNginx(t *testing.T) {
	c := startCluster(t)
	adminA := c.admin(c.a)
	dbc, err := sql.Open("pgx", c.pg)
	if err != nil {
		t.Fatal(err)
	}
	defer dbc.Close()

	// 1. A ZIP through A, the gallery through B.
	id := createNews(t, adminA, "ข่าวคลัสเตอร์ทดสอบ")
	status1, res := adminA.UploadFiles("news_id="+id, map[string][]byte{"ชุดภาพ.zip": zipOf(t, 6, 900, 600, 1)})
	if status1 != http.StatusAccepted {
		t.Fatalf("upload through A: %d %v", status1, res)
	}
	took := eventually(t, 2*time.Minute, "the gallery of 6 seen through B", func() bool {
		n, total := shown(t, dbc, c.b.url, id)
		return n == 6 && total == 6
	})
	t.Logf("the ZIP's 6 photos showed through B %s after the upload", took.Round(time.Millisecond))
	if n, _ := shown(t, dbc, c.nginxURL, id); n != 6 {
		t.Errorf("through nginx the gallery shows %d photos of 6", n)
	}
	res2, _ := http.Get(c.b.url + "/news/" + id)
	body, _ := io.ReadAll(res2.Body)
	res2.Body.Close()
	photo := galleryImage.FindString(string(body))
	if st := status(t, c.b.url+photo); st != 200 {
		t.Fatalf("photo %s through B: %d", photo, st)
	}

	// 2. A takedown on A: B answers 410 within 1 s (its cached page too).
	for range 3 {
		status(t, c.b.url+"/news/"+id) // cached on B
	}
	p := adminA.Post("/admin/news/"+id+"/takedown", "/admin/news/"+id+"/takedown", url.Values{"reason": {"ร้องเรียน"}, "reference": {"C-1"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("takedown on A: %d %s", p.Status, p.Body)
	}
	took = eventually(t, time.Second, "410 on B after a takedown on A", func() bool {
		return status(t, c.b.url+"/news/"+id) == http.StatusGone
	})
	t.Logf("B answered 410 %s after the takedown on A", took.Round(time.Millisecond))
	eventually(t, time.Second, "the photo 410 on B", func() bool { return status(t, c.b.url+photo) == http.StatusGone })

	// 3. SIGKILL of A in the middle of a batch: B finishes it.
	id2 := createNews(t, adminA, "ข่าวงานใหญ่หลายภาพ")
	status2, res := adminA.UploadFiles("news_id="+id2, map[string][]byte{"งานใหญ่.zip": zipOf(t, 24, 2400, 1600, 7)})
	if status2 != http.StatusAccepted {
		t.Fatalf("big upload through A: %d %v", status2, res)
	}
	eventually(t, time.Minute, "a photo job running", func() bool {
		var n int
		dbc.QueryRow(`SELECT count(*) FROM jobs WHERE state = 'running'`).Scan(&n)
		return n > 0
	})
	if err := c.a.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	c.a.cmd.Wait()
	var left int
	dbc.QueryRow(`SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')`).Scan(&left)
	t.Logf("A killed with %d photo jobs left", left)
	// B takes the queued jobs at once and the ones A held once their lease
	// (30 s) runs out; the batch ends done, every photo in the gallery.
	took = eventually(t, 3*time.Minute, "B finishes the batch A was processing", func() bool {
		var open, notDone int
		dbc.QueryRow(`SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')`).Scan(&open)
		dbc.QueryRow(`SELECT count(*) FROM upload_batches WHERE state <> 'done'`).Scan(&notDone)
		return open == 0 && notDone == 0
	})
	t.Logf("B finished the batch %s after A was killed", took.Round(time.Millisecond))
	if n, total := shown(t, dbc, c.b.url, id2); n != 24 || total != 24 {
		t.Errorf("B's page shows %d of the %d photos after B finished; want 24 of 24", n, total)
	}
	var failed int
	dbc.QueryRow(`SELECT count(*) FROM jobs WHERE state = 'failed'`).Scan(&failed)
	if failed != 0 {
		t.Errorf("%d photo jobs failed", failed)
	}
	// nginx still answers (A is gone; B takes the requests).
	if n, _ := shown(t, dbc, c.nginxURL, id2); n != 24 {
		t.Errorf("through nginx after A died: %d photos of 24", n)
	}

	// 4. The daily jobs ran once across the cluster: both instances started
	// them, one took each lease.
	for _, name := range []string{"featured-tally", "trash-purge", "media-sweep", "qa-purge"} {
		var runs int
		if err := dbc.QueryRow(`SELECT runs FROM job_leases WHERE name = $1`, name).Scan(&runs); err != nil || runs != 1 {
			t.Errorf("%s ran %d times across the two instances (%v); want once", name, runs, err)
		}
	}

	// 5. The traffic log verifies for both instances.
	c.b.cmd.Process.Signal(syscall.SIGTERM)
	c.b.cmd.Wait()
	cmd := exec.Command(c.bin, "traffic", "verify")
	cmd.Env = append(append([]string{}, c.env...), "NEWSROOM_DATA="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("traffic verify: %v\n%s", err, out)
	}
	t.Logf("traffic verify:\n%s", out)
	for _, name := range []string{"a", "b"} {
		if !regexp.MustCompile(`(?m)^.*\b` + name + `\b.*ok`).Match(out) {
			t.Errorf("traffic verify does not report instance %s's chain as ok", name)
		}
	}
}
