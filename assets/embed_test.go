package assets

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

func newAssets(t *testing.T) *Assets {
	t.Helper()
	a, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func get(a *Assets, method, url string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	a.ServeHTTP(w, r)
	return w
}

func decoded(t *testing.T, w *httptest.ResponseRecorder) []byte {
	t.Helper()
	var r io.Reader = w.Body
	switch w.Header().Get("Content-Encoding") {
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
		t.Fatalf("unknown coding %q", w.Header().Get("Content-Encoding"))
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Text assets go out in the coding the client prefers, decode to the very
// file, vary on Accept-Encoding, have an ETag per coding and revalidate
// into a 304 in each coding; HEAD gives the same headers.
func TestAssetsCompressed(t *testing.T) {
	a := newAssets(t)
	for _, name := range []string{"css/site.css", "js/site.js", "vendor/quill/quill.js", "css/fonts.css"} {
		url := a.URL(name)
		plain := get(a, "GET", url)
		if plain.Code != 200 || plain.Header().Get("Content-Encoding") != "" {
			t.Fatalf("%s without Accept-Encoding: %d %q", name, plain.Code, plain.Header().Get("Content-Encoding"))
		}
		tags := map[string]string{}
		for _, tc := range []struct{ accept, want string }{
			{"", ""},
			{"identity", ""},
			{"gzip", "gzip"},
			{"br", "br"},
			{"gzip, deflate, br, zstd", "br"},
			{"br;q=0.5, gzip", "gzip"},
			{"br;q=0, gzip;q=0", ""},
		} {
			w := get(a, "GET", url, "Accept-Encoding", tc.accept)
			h := w.Header()
			if w.Code != 200 || h.Get("Content-Encoding") != tc.want {
				t.Fatalf("%s, Accept-Encoding %q: %d, coding %q, want %q", name, tc.accept, w.Code, h.Get("Content-Encoding"), tc.want)
			}
			if h.Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s: Vary %q", name, h.Get("Vary"))
			}
			if h.Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Errorf("%s: Cache-Control %q", name, h.Get("Cache-Control"))
			}
			if h.Get("Content-Length") != itoa(w.Body.Len()) {
				t.Errorf("%s %q: Content-Length %s for %d bytes", name, tc.accept, h.Get("Content-Length"), w.Body.Len())
			}
			if got := decoded(t, w); !bytes.Equal(got, plain.Body.Bytes()) {
				t.Fatalf("%s in %q decodes to other bytes", name, tc.want)
			}
			if tc.want != "" && w.Body.Len() >= plain.Body.Len() {
				t.Errorf("%s in %s: %d bytes, plain %d", name, tc.want, w.Body.Len(), plain.Body.Len())
			}
			etag := h.Get("ETag")
			if prev, ok := tags[tc.want]; ok && prev != etag {
				t.Errorf("%s: two ETags for %q", name, tc.want)
			}
			tags[tc.want] = etag
			nm := get(a, "GET", url, "Accept-Encoding", tc.accept, "If-None-Match", etag)
			if nm.Code != http.StatusNotModified || nm.Body.Len() != 0 {
				t.Errorf("%s %q: revalidation answered %d", name, tc.accept, nm.Code)
			}
			head := get(a, "HEAD", url, "Accept-Encoding", tc.accept)
			if head.Body.Len() != 0 || head.Header().Get("Content-Length") != h.Get("Content-Length") ||
				head.Header().Get("Content-Encoding") != tc.want || head.Header().Get("ETag") != etag {
				t.Errorf("%s %q: HEAD %v, GET %v", name, tc.accept, head.Header(), h)
			}
		}
		if len(tags) != 3 || tags[""] == tags["gzip"] || tags["gzip"] == tags["br"] || tags[""] == tags["br"] {
			t.Errorf("%s: ETags per coding %v", name, tags)
		}
		// Another coding's ETag is not a match.
		if w := get(a, "GET", url, "Accept-Encoding", "br", "If-None-Match", tags["gzip"]); w.Code != 200 {
			t.Errorf("%s: the gzip ETag revalidated the Brotli copy: %d", name, w.Code)
		}
	}
}

// Fonts and images are never compressed again, and nothing below the
// size worth it is.
func TestAssetsNotRecompressed(t *testing.T) {
	a := newAssets(t)
	for _, name := range []string{"fonts/sarabun-thai-400-normal.woff2", "img/icon.svg", "js/page-form.js"} {
		w := get(a, "GET", a.URL(name), "Accept-Encoding", "br, gzip")
		if w.Code != 200 || w.Header().Get("Content-Encoding") != "" || w.Header().Get("Vary") != "" {
			t.Errorf("%s: %d, coding %q, Vary %q", name, w.Code, w.Header().Get("Content-Encoding"), w.Header().Get("Vary"))
		}
		if w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", name, w.Header().Get("Cache-Control"))
		}
	}
	if w := get(a, "GET", a.URL("fonts/sarabun-thai-400-normal.woff2")); w.Header().Get("Content-Type") != "font/woff2" {
		t.Errorf("woff2 type %q", w.Header().Get("Content-Type"))
	}
}

// A URL without the current hash is cached five minutes only; an unknown
// file is 404.
func TestAssetsCacheControl(t *testing.T) {
	a := newAssets(t)
	for url, want := range map[string]string{
		"/assets/css/site.css":              "public, max-age=300",
		"/assets/css/site.css?v=0123456789": "public, max-age=300",
		a.URL("css/site.css"):               "public, max-age=31536000, immutable",
	} {
		if got := get(a, "GET", url).Header().Get("Cache-Control"); got != want {
			t.Errorf("%s: Cache-Control %q, want %q", url, got, want)
		}
	}
	if w := get(a, "GET", "/assets/css/nope.css"); w.Code != 404 {
		t.Errorf("unknown file: %d", w.Code)
	}
}

// Each coding of a file is made once, however many requests ask at once.
func TestAssetsCompressedOnce(t *testing.T) {
	a := newAssets(t)
	url := a.URL("js/autosave.js")
	before := Compressions()
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			get(a, "GET", url, "Accept-Encoding", "br")
		}()
	}
	wg.Wait()
	get(a, "GET", url, "Accept-Encoding", "br")
	if n := Compressions() - before; n != 1 {
		t.Fatalf("%d Brotli copies made of one file", n)
	}
	get(a, "GET", url, "Accept-Encoding", "gzip")
	get(a, "GET", url, "Accept-Encoding", "gzip")
	if n := Compressions() - before; n != 2 {
		t.Fatalf("%d copies made after gzip too", n)
	}
}

// Every url() in our stylesheets that names one of our files is that file's
// hashed URL, which is served for a year.
func TestStylesheetReferencesHashed(t *testing.T) {
	a := newAssets(t)
	ref := regexp.MustCompile(`url\(\s*['"]?([^'")\s]+)`)
	n := 0
	for name := range a.files {
		if !strings.HasSuffix(name, ".css") {
			continue
		}
		for _, m := range ref.FindAllSubmatch(decoded(t, get(a, "GET", a.URL(name))), -1) {
			u := string(m[1])
			if strings.HasPrefix(u, "data:") {
				continue
			}
			n++
			if !strings.HasPrefix(u, "/assets/") || !strings.Contains(u, "?v=") {
				t.Errorf("%s refers to %s, not a hashed asset URL", name, u)
				continue
			}
			if w := get(a, "GET", u); w.Code != 200 || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Errorf("%s: %s answers %d, %q", name, u, w.Code, w.Header().Get("Cache-Control"))
			}
		}
	}
	if n < 4 {
		t.Fatalf("only %d references found (fonts.css alone has 4)", n)
	}
}

// Templates name assets only through the asset function (hashed URLs),
// never as a literal /assets/ path.
func TestTemplatesUseAssetFunc(t *testing.T) {
	err := filepath.WalkDir("../templates", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if i := bytes.Index(b, []byte("/assets/")); i >= 0 {
			t.Errorf("%s names %q directly; use {{asset \"…\"}}", p, b[max(i-20, 0):min(i+40, len(b))])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
