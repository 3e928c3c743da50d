package public_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzNewsTagParam: whatever ?tag= a visitor sends, the news list, its
// feeds and the API answer 200 only for a tag of the list (or none), and
// otherwise 404 (pages, feeds) or 400 (API); never a server error.
func FuzzNewsTagParam(f *testing.F) {
	ta := newTestApp(f)
	known := map[string]bool{"": true, "participation": true, "no-gift": true, "ethics": true}
	for _, s := range []string{"", "ethics", "no-gift", "Ethics", "ethics ", " ethics", "no--gift", "-x", "x-", strings.Repeat("a", 61),
		"ethics\x00", "จริยธรรม", "%", "no-gift&tag=ethics", "ethics/../x", "'; DROP TABLE tags; --"} {
		f.Add(uint8(0), s)
	}
	paths := []string{"/news", "/en/news", "/news/rss.xml", "/news/atom.xml", "/en/news/atom.xml", "/api/v1/news"}
	f.Fuzz(func(t *testing.T, which uint8, tag string) {
		if len(tag) > 1000 {
			return
		}
		p := paths[int(which)%len(paths)]
		req := httptest.NewRequest("GET", p+"?tag="+url.QueryEscape(tag), nil)
		req.Header.Set("User-Agent", browserUA)
		rec := httptest.NewRecorder()
		ta.handler.ServeHTTP(rec, req)
		want := http.StatusNotFound
		switch {
		case known[tag]:
			want = http.StatusOK
		case strings.HasPrefix(p, "/api/"):
			want = http.StatusBadRequest
		}
		if rec.Code != want {
			t.Fatalf("GET %s?tag=%q: %d, want %d: %.300s", p, tag, rec.Code, want, rec.Body.String())
		}
	})
}
