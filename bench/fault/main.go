// Command fault is the load-and-fault test of issue 10: a real newsroom
// server on a fresh data directory, visitors reading the public pages, admins
// uploading ZIPs of photos and saving news with them, and one kill -9 and
// restart in the middle. Afterwards it checks what a crash must not break:
// every accepted upload finished, the traffic log verifies, the database is
// intact and no file or row is left orphaned. run.sh builds and runs it.
//
//	go run ./bench/fault -bin /tmp/newsroom -dur 10m
package main

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"io/fs"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

type config struct {
	bin      string
	data     string
	dur      time.Duration
	visitors int
	admins   int
	photos   int
	killAt   float64
	think    time.Duration
	grace    time.Duration
	pause    time.Duration
}

func main() {
	var c config
	flag.StringVar(&c.bin, "bin", "", "newsroom binary (required)")
	flag.StringVar(&c.data, "data", "", "data directory (default: a new temp dir)")
	flag.DurationVar(&c.dur, "dur", 10*time.Minute, "length of the load")
	flag.IntVar(&c.visitors, "visitors", 200, "concurrent visitors")
	flag.IntVar(&c.admins, "admins", 5, "concurrent admins uploading ZIPs")
	flag.IntVar(&c.photos, "photos", 8, "photos per ZIP")
	flag.Float64Var(&c.killAt, "kill-at", 0.5, "when to kill -9 the server, as a fraction of -dur (0: never)")
	flag.DurationVar(&c.think, "think", 100*time.Millisecond, "a visitor's mean pause between pages")
	flag.DurationVar(&c.grace, "grace", 2*time.Second, "after the restarted server first answers, how long still counts as the restart window")
	flag.DurationVar(&c.pause, "admin-pause", 10*time.Second, "an admin's pause between saving one news item and opening the next form")
	flag.Parse()
	if c.bin == "" {
		flag.Usage()
		os.Exit(2)
	}
	if c.data == "" {
		d, err := os.MkdirTemp("", "fault-*")
		must(err)
		c.data = filepath.Join(d, "data")
	}
	ok := run(c)
	if !ok {
		os.Exit(1)
	}
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "fault:", err)
		os.Exit(1)
	}
}

// server is one run of the binary on the data directory.
type server struct {
	cmd  *exec.Cmd
	out  *bytes.Buffer
	done chan error
}

func start(c config, addr string) *server {
	cmd := exec.Command(c.bin, "serve")
	cmd.Env = append(os.Environ(), "NEWSROOM_DEMO=1", "NEWSROOM_DATA="+c.data, "NEWSROOM_ADDR="+addr,
		"NEWSROOM_LOG_LEVEL=warn", "NEWSROOM_BASE_URL=http://"+addr)
	out := &bytes.Buffer{}
	cmd.Stdout = &lockedWriter{w: out}
	logf, err := os.OpenFile(filepath.Join(filepath.Dir(c.data), "server.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	must(err)
	cmd.Stderr = logf
	must(cmd.Start())
	s := &server{cmd: cmd, out: out, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait(); logf.Close() }()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		res, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	must(errors.New("server did not answer /healthz within 2 minutes"))
	return nil
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// rss reads a process's current and peak resident set in KiB.
func rss(pid int) (cur, peak int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			cur = v
		case "VmHWM:":
			peak = v
		}
	}
	return cur, peak
}

// sample is one visitor request.
type sample struct {
	at      time.Time
	latency time.Duration
	status  int // 0: no answer
	url     string
	err     string
}

// upload is one admin upload.
type upload struct {
	accepted  bool // the server answered 202 with a progress URL
	total     int
	processed int
	state     string
	saved     bool // the news item with these photos was saved
	problems  int
	err       string
}

type window struct{ from, to time.Time }

func (w window) has(t time.Time) bool { return !t.Before(w.from) && !t.After(w.to) }

func run(c config) bool {
	port := 20000 + rand.IntN(20000)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	base := "http://" + addr
	fmt.Printf("data %s, %d visitors (think %s), %d admins × %d-photo ZIPs (pause %s), %s, kill -9 at %.0f%%\n",
		c.data, c.visitors, c.think, c.admins, c.photos, c.pause, c.dur, c.killAt*100)

	srv := start(c, addr)
	m := regexp.MustCompile(`(?m)^admin login: (\d{13}) (\S+)$`).FindStringSubmatch(srv.out.String())
	if m == nil {
		must(errors.New("no admin login line (is the data directory empty?)"))
	}
	adminID, adminPW := m[1], m[2]

	var pidNow atomic.Int64
	pidNow.Store(int64(srv.cmd.Process.Pid))
	var peakKiB atomic.Int64
	stopSampler := make(chan struct{})
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stopSampler:
				return
			case <-t.C:
				_, peak := rss(int(pidNow.Load()))
				if peak > peakKiB.Load() {
					peakKiB.Store(peak)
				}
			}
		}
	}()

	urls := discover(base)
	fmt.Printf("visitors read %d public URLs\n", len(urls))

	// Each admin's ZIPs are made before the load, so making them takes no
	// CPU from the server during it; each upload sends its own bytes (a
	// comment segment differs), which decode to the same pictures.
	zips := make([][]byte, c.admins)
	for i := range zips {
		zips[i] = makeZip(i, 0, c.photos)
	}
	loadStart := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), c.dur)
	defer cancel()
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: c.visitors + c.admins}}

	var mu sync.Mutex
	var samples []sample
	var wg sync.WaitGroup
	for i := 0; i < c.visitors; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 7))
			var mine []sample
			for ctx.Err() == nil {
				u := urls[r.IntN(len(urls))]
				t0 := time.Now()
				st, msg := 0, ""
				req, _ := http.NewRequestWithContext(context.Background(), "GET", base+u, nil)
				req.Header.Set("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1")
				res, err := client.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					st = res.StatusCode
				}
				if err != nil {
					st, msg = 0, err.Error()
				}
				mine = append(mine, sample{at: t0, latency: time.Since(t0), status: st, url: u, err: msg})
				if c.think > 0 {
					sleepCtx(ctx, time.Duration(r.Int64N(int64(2*c.think))))
				}
			}
			mu.Lock()
			samples = append(samples, mine...)
			mu.Unlock()
		}(i)
	}

	var umu sync.Mutex
	var uploads []*upload
	var uwg sync.WaitGroup
	for i := 0; i < c.admins; i++ {
		uwg.Add(1)
		go func(i int) {
			defer uwg.Done()
			a := newAdmin(base, adminID, adminPW)
			for round := 0; ctx.Err() == nil; round++ {
				up := &upload{}
				umu.Lock()
				uploads = append(uploads, up)
				umu.Unlock()
				a.uploadAndSave(ctx, up, restamp(zips[i], round))
				sleepCtx(ctx, c.pause)
			}
		}(i)
	}

	// The fault: kill -9 in the middle, then start again at once.
	var restart window
	if c.killAt > 0 {
		sleepCtx(ctx, time.Duration(float64(c.dur)*c.killAt))
		if ctx.Err() == nil {
			_, peak := rss(srv.cmd.Process.Pid)
			if peak > peakKiB.Load() {
				peakKiB.Store(peak)
			}
			restart.from = time.Now()
			must(srv.cmd.Process.Signal(syscall.SIGKILL))
			<-srv.done
			srv = start(c, addr)
			pidNow.Store(int64(srv.cmd.Process.Pid))
			up := time.Now()
			restart.to = up.Add(c.grace)
			fmt.Printf("killed -9 and restarted: no answer for %.2f s (the restart window adds %s)\n", up.Sub(restart.from).Seconds(), c.grace)
		}
	}
	<-ctx.Done()
	wg.Wait()
	// Uploads in flight at the end finish on their own (each waits for its batch).
	uwg.Wait()
	close(stopSampler)
	_, peak := rss(srv.cmd.Process.Pid)
	if peak > peakKiB.Load() {
		peakKiB.Store(peak)
	}
	must(srv.cmd.Process.Signal(syscall.SIGTERM))
	if err := <-srv.done; err != nil {
		fmt.Println("server exit after SIGTERM:", err)
	}

	ok := report(c, loadStart, samples, uploads, restart, peakKiB.Load())
	if !check(c) {
		// What an interrupted write or upload left behind is young; the
		// sweep takes such files after an hour. Age them and start once more.
		fmt.Println("\nleft-over files aged by 2 hours; one more start, to see the startup sweep take them:")
		age(c.data, 2*time.Hour)
		s := start(c, addr)
		time.Sleep(3 * time.Second)
		must(s.cmd.Process.Signal(syscall.SIGTERM))
		<-s.done
		return verdict(check(c) && ok)
	}
	return verdict(ok)
}

func verdict(ok bool) bool {
	if ok {
		fmt.Println("PASS")
	} else {
		fmt.Println("FAIL")
	}
	return ok
}

// age sets back the modification time of temp and staging files.
func age(data string, by time.Duration) {
	t := time.Now().Add(-by)
	filepath.WalkDir(data, func(p string, e fs.DirEntry, err error) error {
		if err == nil && (strings.HasPrefix(e.Name(), ".tmp-") || strings.Contains(p, string(filepath.Separator)+"staging"+string(filepath.Separator))) {
			os.Chtimes(p, t, t)
		}
		return nil
	})
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

var hrefRE = regexp.MustCompile(`(?:href|src)="(/[^"#]*)"`)

// discover collects the public pages and files a visitor reaches from the
// homepage, the section lists and their English versions.
func discover(base string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range []string{"/", "/news", "/notices", "/videos", "/en/", "/en/news", "/search?q=%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7", "/feed.xml", "/sitemap.xml"} {
		res, err := http.Get(base + p)
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == 200 && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
		for _, m := range hrefRE.FindAllStringSubmatch(string(b), -1) {
			u := strings.ReplaceAll(m[1], "&amp;", "&")
			if seen[u] || strings.HasPrefix(u, "/admin") || strings.HasPrefix(u, "//") || strings.Contains(u, "/lang/") {
				continue
			}
			seen[u] = true
			out = append(out, u)
		}
	}
	// Only what answers 200 now: the visitors' errors must come from the load.
	var ok []string
	for _, u := range out {
		res, err := http.Get(base + u)
		if err != nil {
			continue
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode == 200 {
			ok = append(ok, u)
		}
	}
	return ok
}

// restamp rewrites a ZIP made by makeZip so that every photo carries a JPEG
// comment naming the round: other bytes, the same pictures.
func restamp(z []byte, round int) []byte {
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	must(err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		must(err)
		data, err := io.ReadAll(rc)
		must(err)
		rc.Close()
		com := []byte(fmt.Sprintf("round %d", round))
		seg := append([]byte{0xFF, 0xFE, byte((len(com) + 2) >> 8), byte(len(com) + 2)}, com...)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Store})
		must(err)
		w.Write(data[:2]) // SOI
		w.Write(seg)
		w.Write(data[2:])
	}
	must(zw.Close())
	return buf.Bytes()
}

// makeZip makes a ZIP of n distinct 2048×1536 JPEG photos.
func makeZip(admin, round, n int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for k := 0; k < n; k++ {
		img := image.NewRGBA(image.Rect(0, 0, 2048, 1536))
		r := rand.New(rand.NewPCG(uint64(admin*1_000_003+round), uint64(k)))
		c0 := color.RGBA{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)), 255}
		for y := 0; y < 1536; y++ {
			for x := 0; x < 2048; x++ {
				i := img.PixOffset(x, y)
				img.Pix[i] = c0.R + uint8(x/8)
				img.Pix[i+1] = c0.G + uint8(y/6)
				img.Pix[i+2] = c0.B + uint8((x+y)/16) + uint8(r.IntN(8))
				img.Pix[i+3] = 255
			}
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("กิจกรรม/ภาพ_%02d.jpg", k), Method: zip.Store})
		must(err)
		must(jpeg.Encode(w, img, &jpeg.Options{Quality: 85}))
	}
	must(zw.Close())
	return buf.Bytes()
}

// admin is one logged-in browser session.
type admin struct {
	base   string
	c      *http.Client
	id, pw string
}

func newAdmin(base, id, pw string) *admin {
	jar, _ := cookiejar.New(nil)
	a := &admin{base: base, id: id, pw: pw, c: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	return a
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]*)"`)

func (a *admin) get(p string) (int, string, error) {
	res, err := a.c.Get(a.base + p)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

func (a *admin) login() error {
	_, page, err := a.get("/admin/login")
	if err != nil {
		return err
	}
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		return errors.New("login page without a csrf token")
	}
	res, err := a.c.PostForm(a.base+"/admin/login", url.Values{"csrf": {m[1]}, "citizen_id": {a.id}, "password": {a.pw}})
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("login answered %d", res.StatusCode)
	}
	return nil
}

var inputRE = regexp.MustCompile(`<input[^>]*>`)
var selectRE = regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`)
var optionRE = regexp.MustCompile(`<option value="([^"]*)"( selected)?`)
var attrRE = regexp.MustCompile(`(\w[\w-]*)="([^"]*)"`)

// form reads the new-news form: its hidden and prefilled fields.
func (a *admin) form() (url.Values, error) {
	st, page, err := a.get("/admin/news/new")
	if err != nil {
		return nil, err
	}
	if st == http.StatusSeeOther || st == http.StatusFound {
		if err := a.login(); err != nil {
			return nil, err
		}
		if st, page, err = a.get("/admin/news/new"); err != nil {
			return nil, err
		}
	}
	if st != 200 {
		return nil, fmt.Errorf("news form answered %d", st)
	}
	v := url.Values{}
	for _, in := range inputRE.FindAllString(page, -1) {
		attrs := map[string]string{}
		for _, m := range attrRE.FindAllStringSubmatch(in, -1) {
			attrs[m[1]] = m[2]
		}
		name := attrs["name"]
		if name == "" || attrs["type"] == "file" || attrs["type"] == "submit" {
			continue
		}
		if (attrs["type"] == "radio" || attrs["type"] == "checkbox") && !strings.Contains(in, " checked") {
			continue
		}
		v.Set(name, htmlUnescape(attrs["value"]))
	}
	for _, sel := range selectRE.FindAllStringSubmatch(page, -1) {
		opts := optionRE.FindAllStringSubmatch(sel[2], -1)
		if len(opts) == 0 {
			continue
		}
		pick := opts[0][1]
		for _, o := range opts {
			if o[2] != "" {
				pick = o[1]
				break
			}
		}
		v.Set(sel[1], htmlUnescape(pick))
	}
	if v.Get("csrf") == "" {
		if m := csrfRE.FindStringSubmatch(page); m != nil {
			v.Set("csrf", m[1])
		}
	}
	return v, nil
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}

// uploadAndSave uploads a ZIP into a new news form, waits until every photo
// is processed, and saves the news item.
func (a *admin) uploadAndSave(ctx context.Context, up *upload, zipData []byte) {
	v, err := a.form()
	if err != nil {
		up.err = "form: " + err.Error()
		sleepCtx(ctx, time.Second)
		return
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("files", "ภาพกิจกรรม.zip")
	fw.Write(zipData)
	mw.Close()
	req, _ := http.NewRequest("POST", a.base+"/admin/news/photos?draft="+url.QueryEscape(v.Get("draft")), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-CSRF-Token", v.Get("csrf"))
	req.Header.Set("Origin", a.base)
	res, err := a.c.Do(req)
	if err != nil {
		up.err = "upload: " + err.Error() // the server was down: never accepted
		sleepCtx(ctx, 500*time.Millisecond)
		return
	}
	var acc struct {
		Progress string `json:"progress"`
		Error    string `json:"error"`
	}
	json.NewDecoder(res.Body).Decode(&acc)
	res.Body.Close()
	if res.StatusCode != http.StatusAccepted || acc.Progress == "" {
		up.err = fmt.Sprintf("upload answered %d %s", res.StatusCode, acc.Error)
		return
	}
	up.accepted = true
	// Wait for the batch, through a restart if need be (no ctx: an accepted
	// upload must finish).
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		var p struct {
			State     string            `json:"state"`
			Total     int               `json:"total"`
			Processed int               `json:"processed"`
			Problems  []json.RawMessage `json:"problems"`
		}
		res, err := a.c.Get(a.base + acc.Progress)
		if err == nil {
			if res.StatusCode == 200 {
				json.NewDecoder(res.Body).Decode(&p)
				up.state, up.total, up.processed, up.problems = p.State, p.Total, p.Processed, len(p.Problems)
			}
			res.Body.Close()
			if p.State == "done" || p.State == "failed" {
				break
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	if up.state != "done" {
		up.err = "batch did not finish: " + up.state
		return
	}
	v.Set("headline", fmt.Sprintf("ข่าวทดสอบโหลด %d", time.Now().UnixNano()))
	v.Set("body", "<p>ภาพกิจกรรมจากการทดสอบโหลดและการหยุดเครื่องกะทันหัน</p>")
	if v.Get("end") == "" {
		v.Set("end", time.Now().AddDate(0, 1, 0).Format("2006-01-02"))
	}
	v.Set("action", "publish")
	for attempt := 0; attempt < 50; attempt++ {
		req, _ := http.NewRequest("POST", a.base+"/admin/news", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", a.base)
		res, err := a.c.Do(req)
		if err != nil {
			time.Sleep(200 * time.Millisecond)
			continue
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusSeeOther && strings.Contains(res.Header.Get("Location"), "/admin/news/") {
			up.saved = true
			return
		}
		up.err = fmt.Sprintf("save answered %d: %.200s", res.StatusCode, firstError(string(b)))
		return
	}
	up.err = "save: server unreachable"
}

var errRE = regexp.MustCompile(`class="[^"]*(?:error|invalid)[^"]*"[^>]*>([^<]{1,200})`)

func firstError(page string) string {
	if m := errRE.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

func pct(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[min(len(d)-1, int(float64(len(d))*p))]
}

func report(c config, start time.Time, samples []sample, uploads []*upload, restart window, peakKiB int64) bool {
	ok := true
	var lat []time.Duration
	bad, inWindow, badInWindow := 0, 0, 0
	badURLs := map[string]int{}
	for _, s := range samples {
		// A request in flight when the server was killed is part of the restart.
		if !restart.from.IsZero() && (restart.has(s.at) || restart.has(s.at.Add(s.latency)) || (s.at.Before(restart.from) && s.at.Add(s.latency).After(restart.to))) {
			inWindow++
			if s.status < 200 || s.status > 299 {
				badInWindow++
			}
			continue
		}
		lat = append(lat, s.latency)
		if s.status < 200 || s.status > 299 {
			bad++
			key := fmt.Sprintf("%d %s", s.status, s.url)
			if s.err != "" {
				key = fmt.Sprintf("no answer at +%.1fs: %s", s.at.Sub(start).Seconds(), s.err)
				if len(badURLs) > 20 {
					key = "no answer (more)"
				}
			}
			badURLs[key]++
		}
	}
	slices.Sort(lat)
	fmt.Printf("\nvisitors: %d requests outside the restart window (%.0f req/s), %d inside it (%d not 2xx)\n",
		len(lat), float64(len(lat))/c.dur.Seconds(), inWindow, badInWindow)
	fmt.Printf("  latency outside the window: p50 %s  p90 %s  p99 %s  max %s\n",
		pct(lat, .5).Round(time.Microsecond), pct(lat, .9).Round(time.Microsecond), pct(lat, .99).Round(time.Microsecond), pct(lat, 1).Round(time.Microsecond))
	fmt.Printf("  non-2xx outside the window: %d\n", bad)
	for u, n := range badURLs {
		fmt.Printf("    %d × %s\n", n, u)
	}
	if bad > 0 {
		ok = false
	}
	if p99 := pct(lat, .99); p99 >= 200*time.Millisecond {
		fmt.Println("  FAIL: p99 is not under 200 ms")
		ok = false
	}
	accepted, done, saved, photos := 0, 0, 0, 0
	for _, u := range uploads {
		if !u.accepted {
			continue
		}
		accepted++
		if u.state == "done" && u.processed == u.total && u.total == c.photos && u.problems == 0 {
			done++
			photos += u.processed
		} else {
			fmt.Printf("  upload not complete: state %q %d/%d, %d problems, %s\n", u.state, u.processed, u.total, u.problems, u.err)
		}
		if u.saved {
			saved++
		} else if u.err != "" {
			fmt.Println("  not saved:", u.err)
		}
	}
	fmt.Printf("uploads: %d accepted, %d complete (%d photos), %d news saved; %d tries refused while the server was down\n",
		accepted, done, photos, saved, len(uploads)-accepted)
	if done != accepted || saved != accepted {
		ok = false
	}
	fmt.Printf("server peak RSS: %.0f MB\n", float64(peakKiB)/1024)
	return ok
}

// check runs the checks after the server has stopped: the traffic log, the
// database, and orphaned files or rows.
func check(c config) bool {
	ok := true
	out, err := exec.Command(c.bin, "traffic", "verify", "--data", c.data).CombinedOutput()
	fmt.Printf("traffic verify: %s", out)
	if err != nil {
		fmt.Println("  FAIL:", err)
		ok = false
	}
	d, err := sql.Open("sqlite3", "file:"+filepath.Join(c.data, "newsroom.db")+"?mode=ro")
	must(err)
	defer d.Close()
	var integrity string
	must(d.QueryRow(`PRAGMA integrity_check`).Scan(&integrity))
	fmt.Println("PRAGMA integrity_check:", integrity)
	if integrity != "ok" {
		ok = false
	}
	rowChecks := []struct{ what, q string }{
		{"jobs not finished", `SELECT count(*) FROM jobs WHERE state IN ('queued','running')`},
		{"jobs failed", `SELECT count(*) FROM jobs WHERE state = 'failed'`},
		{"upload batches not finished", `SELECT count(*) FROM upload_batches WHERE state IN ('queued','running')`},
		{"draft photos of unsaved forms", `SELECT count(*) FROM photos WHERE news_id IS NULL`},
	}
	for _, rc := range rowChecks {
		var n int
		if err := d.QueryRow(rc.q).Scan(&n); err != nil {
			fmt.Printf("%s: %v\n", rc.what, err)
			ok = false
			continue
		}
		fmt.Printf("%s: %d\n", rc.what, n)
		if n != 0 {
			ok = false
		}
	}
	// Every stored file is referenced by a row, and every referenced file exists.
	refs := map[string]bool{}
	for _, q := range []string{
		`SELECT file_key FROM photos UNION SELECT thumb_key FROM photos`,
		`SELECT file_key FROM body_images`, `SELECT poster_key FROM videos WHERE poster_key <> ''`,
		`SELECT image_key FROM banners WHERE image_key <> ''`, `SELECT file_key FROM notices WHERE file_key <> ''`,
		`SELECT file_key FROM pending_files`,
	} {
		rows, err := d.Query(q)
		must(err)
		for rows.Next() {
			var k string
			must(rows.Scan(&k))
			refs[k] = true
		}
		rows.Close()
	}
	mediaDir := filepath.Join(c.data, "media")
	stored := map[string]bool{}
	var temps, staged []string
	filepath.WalkDir(c.data, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(c.data, p)
		switch {
		case strings.HasPrefix(e.Name(), ".tmp-"):
			temps = append(temps, rel)
		case strings.HasPrefix(rel, "staging"+string(filepath.Separator)):
			staged = append(staged, rel)
		case strings.HasPrefix(p, mediaDir+string(filepath.Separator)):
			k, _ := filepath.Rel(mediaDir, p)
			stored[filepath.ToSlash(k)] = true
		}
		return nil
	})
	orphans, missing := 0, 0
	for k := range stored {
		if !refs[k] {
			orphans++
		}
	}
	for k := range refs {
		if !stored[k] {
			missing++
		}
	}
	fmt.Printf("media files: %d stored, %d referenced; %d orphaned, %d missing; %d temp files, %d staging files\n",
		len(stored), len(refs), orphans, missing, len(temps), len(staged))
	if orphans+missing+len(temps)+len(staged) > 0 {
		ok = false
		for _, t := range append(temps, staged...) {
			fmt.Println("  left over:", t)
		}
	}
	return ok
}
