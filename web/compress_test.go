package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/gin-gonic/gin"
	"github.com/klauspost/compress/gzip"

	"newsroom/web"
)

// oneVersion is content that never changes.
type oneVersion struct{}

func (oneVersion) Version(context.Context) string { return "v1" }
func (oneVersion) NextChange(context.Context, time.Time) (time.Time, error) {
	return time.Time{}, nil
}

// cacheRouter serves body at /page through the page cache behind the
// dynamic gzip middleware, as the app does, and counts renders.
func cacheRouter(body, contentType string) (*web.PageCache, http.Handler, *atomic.Int64) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use((&web.Web{}).Gzip())
	pc := web.NewPageCache(oneVersion{}, time.Now, 100, time.Minute)
	renders := new(atomic.Int64)
	h := func(c *gin.Context) { renders.Add(1); c.Data(200, contentType, []byte(body)) }
	r.GET("/page", pc.Middleware(), h)
	r.HEAD("/page", pc.Middleware(), h)
	return pc, r, renders
}

func serve(h http.Handler, method, path string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func decodeBody(t testing.TB, coding string, b []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch coding {
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(r)
	case "":
	default:
		t.Fatalf("unknown coding %q", coding)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var samplePage = "<!doctype html><title>ข่าว</title>" + strings.Repeat("<article><h3>ข่าวกิจกรรมคณะวิทยาศาสตร์ มหาวิทยาลัยนครพนม</h3><p>news</p></article>\n", 80)

// A cached page goes out in the coding the client prefers, decodes to the
// rendered page, varies on Accept-Encoding, has an ETag per coding that
// revalidates into a 304 in that coding only, and answers HEAD alike.
func TestCachedPageNegotiation(t *testing.T) {
	_, h, renders := cacheRouter(samplePage, "text/html; charset=utf-8")
	tags := map[string]string{}
	for _, tc := range []struct{ accept, want string }{
		{"", ""},
		{"identity", ""},
		{"gzip", "gzip"},
		{"br", "br"},
		{"gzip, deflate, br, zstd", "br"},
		{"br;q=0.4, gzip;q=0.9", "gzip"},
		{"br;q=0.9, gzip;q=0.4", "br"},
		{"br;q=0, gzip", "gzip"},
		{"gzip;q=0, br;q=0", ""},
		{"*", "br"},
		{"*;q=0", ""},
		{"deflate", ""},
	} {
		w := serve(h, "GET", "/page", "Accept-Encoding", tc.accept)
		hd := w.Header()
		if w.Code != 200 || hd.Get("Content-Encoding") != tc.want {
			t.Fatalf("Accept-Encoding %q: %d, coding %q, want %q", tc.accept, w.Code, hd.Get("Content-Encoding"), tc.want)
		}
		if hd.Get("Vary") != "Accept-Encoding" || len(hd.Values("Vary")) != 1 {
			t.Errorf("Accept-Encoding %q: Vary %q", tc.accept, hd.Values("Vary"))
		}
		if hd.Get("Content-Length") != strconv.Itoa(w.Body.Len()) {
			t.Errorf("Accept-Encoding %q: Content-Length %s for %d bytes", tc.accept, hd.Get("Content-Length"), w.Body.Len())
		}
		if got := decodeBody(t, tc.want, w.Body.Bytes()); string(got) != samplePage {
			t.Fatalf("Accept-Encoding %q: the decoded body differs from the page", tc.accept)
		}
		if tc.want != "" && w.Body.Len() > len(samplePage)/5 {
			t.Errorf("%s: %d bytes of %d", tc.want, w.Body.Len(), len(samplePage))
		}
		etag := hd.Get("ETag")
		if prev, ok := tags[tc.want]; ok && prev != etag {
			t.Errorf("coding %q has two ETags: %s, %s", tc.want, prev, etag)
		}
		tags[tc.want] = etag
		nm := serve(h, "GET", "/page", "Accept-Encoding", tc.accept, "If-None-Match", etag)
		if nm.Code != http.StatusNotModified || nm.Body.Len() != 0 || nm.Header().Get("ETag") != etag {
			t.Errorf("Accept-Encoding %q: revalidation with %s answered %d, ETag %s", tc.accept, etag, nm.Code, nm.Header().Get("ETag"))
		}
		head := serve(h, "HEAD", "/page", "Accept-Encoding", tc.accept)
		if head.Code != 200 || head.Body.Len() != 0 || head.Header().Get("Content-Encoding") != tc.want ||
			head.Header().Get("Content-Length") != hd.Get("Content-Length") || head.Header().Get("ETag") != etag {
			t.Errorf("Accept-Encoding %q: HEAD %d %v; GET %v", tc.accept, head.Code, head.Header(), hd)
		}
	}
	if len(tags) != 3 || tags[""] == tags["gzip"] || tags[""] == tags["br"] || tags["gzip"] == tags["br"] {
		t.Fatalf("ETags per coding: %v", tags)
	}
	// One coding's ETag does not revalidate another coding's copy.
	if w := serve(h, "GET", "/page", "Accept-Encoding", "br", "If-None-Match", tags["gzip"]); w.Code != 200 {
		t.Errorf("the gzip ETag revalidated the Brotli copy: %d", w.Code)
	}
	if w := serve(h, "GET", "/page", "If-None-Match", `"x", `+tags[""]); w.Code != http.StatusNotModified {
		t.Errorf("an ETag in a list: %d", w.Code)
	}
	if n := renders.Load(); n != 1 {
		t.Errorf("rendered %d times", n)
	}
}

// Each coding of a cached page is made once, by the first request that
// wants it, however many ask at once; never per request.
func TestCachedPageCompressedOnce(t *testing.T) {
	pc, h, _ := cacheRouter(samplePage, "text/html; charset=utf-8")
	serve(h, "GET", "/page")
	if n := pc.Compressions(); n != 0 {
		t.Fatalf("%d copies made before any client asked for one", n)
	}
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			accept := "br"
			if i%2 == 0 {
				accept = "gzip"
			}
			serve(h, "GET", "/page", "Accept-Encoding", accept)
		}()
	}
	wg.Wait()
	for range 10 {
		serve(h, "GET", "/page", "Accept-Encoding", "gzip, deflate, br")
		serve(h, "GET", "/page", "Accept-Encoding", "gzip")
		serve(h, "HEAD", "/page", "Accept-Encoding", "br")
	}
	if n := pc.Compressions(); n != 2 {
		t.Fatalf("%d compressed copies made of one page, want 2 (gzip and Brotli)", n)
	}
}

// Small pages and non-text answers stay plain, without Vary.
func TestCachedPageNotCompressed(t *testing.T) {
	for _, tc := range []struct{ name, body, ct string }{
		{"tiny page", "<p>short</p>", "text/html; charset=utf-8"},
		{"not text", samplePage, "image/png"},
	} {
		pc, h, _ := cacheRouter(tc.body, tc.ct)
		w := serve(h, "GET", "/page", "Accept-Encoding", "br, gzip")
		if w.Header().Get("Content-Encoding") != "" || w.Header().Get("Vary") != "" || w.Body.String() != tc.body {
			t.Errorf("%s: coding %q, Vary %q", tc.name, w.Header().Get("Content-Encoding"), w.Header().Get("Vary"))
		}
		if pc.Compressions() != 0 {
			t.Errorf("%s: compressed", tc.name)
		}
	}
}

// dynamicRouter answers /x with what handler writes, through the dynamic
// gzip middleware.
func dynamicRouter(handler gin.HandlerFunc) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use((&web.Web{}).Gzip())
	r.GET("/x", handler)
	r.HEAD("/x", handler)
	r.GET("/media/x", handler)
	return r
}

// Answers made per request are gzipped when text, large enough and asked
// for; everything else passes untouched.
func TestDynamicGzip(t *testing.T) {
	big := strings.Repeat("ข่าว,news,1234\n", 200)
	for _, tc := range []struct {
		name    string
		method  string
		path    string
		accept  string
		handler gin.HandlerFunc
		want    string // Content-Encoding
		vary    bool
	}{
		{"html asked", "GET", "/x", "gzip", func(c *gin.Context) { c.Data(200, "text/html; charset=utf-8", []byte(samplePage)) }, "gzip", true},
		{"html, Brotli only", "GET", "/x", "br", func(c *gin.Context) { c.Data(200, "text/html; charset=utf-8", []byte(samplePage)) }, "", true},
		{"html not asked", "GET", "/x", "", func(c *gin.Context) { c.Data(200, "text/html; charset=utf-8", []byte(samplePage)) }, "", true},
		{"gzip q=0", "GET", "/x", "gzip;q=0, br", func(c *gin.Context) { c.Data(200, "text/html", []byte(samplePage)) }, "", true},
		{"csv in pieces", "GET", "/x", "gzip, br", func(c *gin.Context) {
			c.Header("Content-Type", "text/csv; charset=utf-8")
			c.Status(200)
			for _, line := range strings.SplitAfter(big, "\n") {
				c.Writer.WriteString(line)
			}
		}, "gzip", true},
		{"json error page", "GET", "/x", "gzip", func(c *gin.Context) { c.Data(404, "application/json", []byte(big)) }, "gzip", true},
		{"with Content-Length", "GET", "/x", "gzip", func(c *gin.Context) {
			c.Header("Content-Length", strconv.Itoa(len(big)))
			c.Data(200, "text/plain", []byte(big))
		}, "gzip", true},
		{"small", "GET", "/x", "gzip", func(c *gin.Context) { c.Data(200, "text/html", []byte("<p>ok</p>")) }, "", false},
		{"jpeg", "GET", "/x", "gzip", func(c *gin.Context) { c.Data(200, "image/jpeg", []byte(big)) }, "", false},
		{"pdf", "GET", "/x", "gzip", func(c *gin.Context) { c.Data(200, "application/pdf", []byte(big)) }, "", false},
		{"xlsx", "GET", "/x", "gzip", func(c *gin.Context) {
			c.Data(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []byte(big))
		}, "", false},
		{"zip", "GET", "/x", "gzip", func(c *gin.Context) { c.Data(200, "application/zip", []byte(big)) }, "", false},
		{"media path", "GET", "/media/x", "gzip", func(c *gin.Context) { c.Data(200, "image/svg+xml", []byte(big)) }, "", false},
		{"already encoded", "GET", "/x", "gzip", func(c *gin.Context) {
			c.Header("Content-Encoding", "br")
			c.Data(200, "text/html", []byte(big))
		}, "br", false},
		{"partial", "GET", "/x", "gzip", func(c *gin.Context) {
			c.Header("Content-Range", "bytes 0-9/100")
			c.Data(206, "text/plain", []byte(big))
		}, "", false},
		{"not modified", "GET", "/x", "gzip", func(c *gin.Context) { c.Status(304); c.Writer.WriteHeaderNow() }, "", false},
		{"stream", "GET", "/x", "gzip", func(c *gin.Context) {
			c.Header("Content-Type", "text/plain")
			c.Status(200)
			c.Writer.WriteString("progress 1\n")
			c.Writer.Flush()
			c.Writer.WriteString(big)
		}, "", false},
		{"event stream", "GET", "/x", "gzip", func(c *gin.Context) { c.Data(200, "text/event-stream", []byte(big)) }, "", false},
		{"HEAD", "HEAD", "/x", "gzip", func(c *gin.Context) { c.Data(200, "text/html", []byte(samplePage)) }, "", false},
	} {
		var want []byte
		h := dynamicRouter(func(c *gin.Context) {
			tc.handler(c)
		})
		// The body as the handler makes it, with no compression asked.
		plain := serve(dynamicRouter(tc.handler), tc.method, tc.path)
		want = plain.Body.Bytes()
		w := serve(h, tc.method, tc.path, "Accept-Encoding", tc.accept)
		hd := w.Header()
		if hd.Get("Content-Encoding") != tc.want {
			t.Errorf("%s: coding %q, want %q", tc.name, hd.Get("Content-Encoding"), tc.want)
			continue
		}
		if got := strings.Contains(hd.Get("Vary"), "Accept-Encoding"); got != tc.vary {
			t.Errorf("%s: Vary %q", tc.name, hd.Get("Vary"))
		}
		if w.Code != plain.Code {
			t.Errorf("%s: status %d, plain %d", tc.name, w.Code, plain.Code)
		}
		if tc.want == "gzip" {
			if hd.Get("Content-Length") != "" {
				t.Errorf("%s: Content-Length %s on a gzipped answer", tc.name, hd.Get("Content-Length"))
			}
			if got := decodeBody(t, "gzip", w.Body.Bytes()); !bytes.Equal(got, want) {
				t.Errorf("%s: decoded body differs", tc.name)
			}
			if w.Body.Len() >= len(want)/2 {
				t.Errorf("%s: %d bytes from %d", tc.name, w.Body.Len(), len(want))
			}
		} else if !bytes.Equal(w.Body.Bytes(), want) {
			t.Errorf("%s: body changed", tc.name)
		}
	}
}

// Through the whole app: the homepage (cached) in Brotli and gzip, admin
// pages and search (made per request) gzipped when asked and not when not,
// media never, and the traffic log counts the bytes sent.
func TestAppCompression(t *testing.T) {
	ta := newDemoApp(t)
	c := ta.srv.Client()
	fetch := func(method, path, accept string, cookies ...*http.Cookie) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, ta.srv.URL+path, nil)
		req.Header.Set("User-Agent", "Mozilla/5.0 test")
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept) // set: the client leaves the body as sent
		} else {
			req.Header.Set("Accept-Encoding", "identity")
		}
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		res, err := c.Transport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}
	_, home := fetch("GET", "/", "")
	for _, enc := range []string{"br", "gzip"} {
		res, b := fetch("GET", "/", enc)
		if res.Header.Get("Content-Encoding") != enc || res.Header.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("homepage with %s: coding %q, Vary %q", enc, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
		}
		if !bytes.Equal(decodeBody(t, enc, b), home) {
			t.Fatalf("homepage in %s decodes to other bytes", enc)
		}
		t.Logf("homepage: %d bytes, %s %d", len(home), enc, len(b))
	}
	for _, p := range []string{"/news/rss.xml", "/api/v1/news"} {
		if res, _ := fetch("GET", p, "br"); res.Header.Get("Content-Encoding") != "br" {
			t.Errorf("%s: coding %q", p, res.Header.Get("Content-Encoding"))
		}
	}
	// Search is made per request: gzip only.
	if res, b := fetch("GET", "/search?q=ข่าว", "gzip, br"); res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(string(decodeBody(t, "gzip", b)), "</html>") {
		t.Errorf("search: coding %q", res.Header.Get("Content-Encoding"))
	}
	// Media is never compressed.
	m := regexp.MustCompile(`/media/[^"' ?]+`).Find(home)
	if m == nil {
		t.Fatal("no media on the demo homepage")
	}
	if res, _ := fetch("GET", string(m), "gzip, br"); res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "" {
		t.Errorf("%s: %d, coding %q", m, res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	// Admin pages: gzip when asked, not when not.
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	session := b.c.Jar.Cookies(mustURL(ta.srv.URL))
	res, plain := fetch("GET", "/admin/users", "", session...)
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "" || !strings.Contains(string(plain), "</html>") {
		t.Fatalf("admin page without Accept-Encoding: %d, coding %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	res, gz := fetch("GET", "/admin/users", "gzip", session...)
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("admin page with gzip: %d, coding %q, Vary %q", res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
	}
	if !strings.Contains(string(decodeBody(t, "gzip", gz)), "</html>") {
		t.Fatal("admin page: gzip body does not decode to a page")
	}
	// The traffic log counts what was sent: the compressed size.
	row := regexp.MustCompile(`(?m),GET,/admin/users,200,` + strconv.Itoa(len(gz)) + `,`)
	var out string
	for i := 0; i < 200 && !row.MatchString(out); i++ {
		ta.traffic.Flush(context.Background())
		var csv bytes.Buffer
		ta.traffic.Export(context.Background(), &csv, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
		out = csv.String()
		time.Sleep(10 * time.Millisecond)
	}
	if !row.MatchString(out) {
		t.Fatalf("no traffic row for /admin/users with %d bytes:\n%s", len(gz), out)
	}
}

// Admin pages are gzipped and echo what requests send, so the CSRF token
// in them must not repeat byte for byte (BREACH): each answer masks it
// afresh, and every masked form is accepted.
func TestCSRFTokenMaskedPerAnswer(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	t1, t2 := b.csrf("/admin/units/new"), b.csrf("/admin/units/new")
	if t1 == "" || t1 == t2 {
		t.Fatalf("the same token in two answers: %q", t1)
	}
	for i, tok := range []string{t1, t2} {
		form := mustValues("code", "mask"+strconv.Itoa(i), "name_th", "หน่วยทดสอบ", "kind", "office", "csrf", tok)
		p := b.postRaw("/admin/units", form, nil)
		if p.status == http.StatusForbidden || strings.Contains(p.body, "csrf") && p.status >= 400 {
			t.Fatalf("masked token %d refused: %d", i, p.status)
		}
	}
	// A token altered in one byte is refused.
	bad := []byte(t1)
	i := len(bad) - 10
	if bad[i] == 'A' {
		bad[i] = 'B'
	} else {
		bad[i] = 'A'
	}
	p := b.postRaw("/admin/units", mustValues("code", "mask9", "name_th", "x", "kind", "office", "csrf", string(bad)), nil)
	if p.status != http.StatusForbidden {
		t.Fatalf("an altered token answered %d", p.status)
	}
}

func mustValues(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}
