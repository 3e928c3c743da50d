package public

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/counter"
	"newsroom/db"
	"newsroom/db/dbtest"
	"newsroom/kind"
	"newsroom/media"
	"newsroom/web"
)

// The public site serves every feature each kind declares: feeds, the
// JSON API, the sitemap (through the real router, on a real database).
func TestRegistryPublic(t *testing.T) {
	for _, k := range kind.With(kind.Feeds) {
		if _, ok := feedSources[k]; !ok {
			t.Fatalf("%s declares feeds but has no feed source (addFeed in its handler file)", k.Name)
		}
	}
	for _, k := range kind.With(kind.API) {
		if _, ok := apiSources[k]; !ok {
			t.Fatalf("%s declares the API but has no API source (addAPI in its handler file)", k.Name)
		}
	}
	dir := t.TempDir()
	d, err := db.Open(context.Background(), dbtest.Target(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	files, err := media.NewLocalStorage(filepath.Join(dir, "media"), filepath.Join(dir, "staging"))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	store := content.NewStore(d, files, nil, log)
	w, err := web.New(web.Web{Log: log, BaseURL: "https://news.example", Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	h := New(w, store, files, counter.New(d, content.Counted(), time.Now), log)
	gin.SetMode(gin.TestMode)
	r := gin.New()
	h.Register(r)
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Code, rec.Body.String()
	}

	_, pages := get("/sitemap/pages.xml")
	for _, k := range kind.All() {
		t.Run(k.Name, func(t *testing.T) {
			if k.Has(kind.Feeds) {
				for _, p := range []string{"/" + k.Section + "/rss.xml", "/en/" + k.Section + "/atom.xml"} {
					if code, body := get(p); code != http.StatusOK || !strings.Contains(body, "/"+k.Section) {
						t.Errorf("declares feeds: GET %s = %d %.200s", p, code, body)
					}
				}
			}
			if k.Has(kind.API) {
				if code, body := get("/api/v1/" + k.Section); code != http.StatusOK || !strings.Contains(body, `"items"`) {
					t.Errorf("declares the API: GET /api/v1/%s = %d %s", k.Section, code, body)
				}
				if code, _ := get("/api/v1/" + k.Section + "/1"); code != http.StatusNotFound {
					t.Errorf("declares the API: GET /api/v1/%s/1 of an empty site = %d, want 404", k.Section, code)
				}
			}
			if k.Has(kind.Sitemap) {
				if !strings.Contains(pages, "https://news.example/"+k.Section+"<") {
					t.Errorf("declares a sitemap: its list is not in pages.xml")
				}
				if got, n, ok := parseSitemapName(k.Section + "-3.xml"); got != k || n != 3 || !ok {
					t.Errorf("declares a sitemap: %s-3.xml reads as %v %d %v", k.Section, got, n, ok)
				}
			} else if _, _, ok := parseSitemapName(k.Section + "-1.xml"); ok {
				t.Errorf("has no sitemap, but %s-1.xml is one", k.Section)
			}
		})
	}
}
