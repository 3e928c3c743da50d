package public

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/assets"
	"newsroom/content"
	"newsroom/counter"
	"newsroom/db"
	"newsroom/db/dbtest"
	"newsroom/media"
	"newsroom/templates"
	"newsroom/web"
)

// sitePages is the public site on a fresh database with the units and the
// default institutional pages of a new installation.
func sitePages(t *testing.T) (func(path string) *httptest.ResponseRecorder, *content.Store) {
	t.Helper()
	dir := t.TempDir()
	d, err := db.Open(context.Background(), dbtest.Target(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.W.Exec(`INSERT INTO units (code, name_th, name_en, kind, sort, created_at) VALUES
		('pr', 'งานประชาสัมพันธ์', 'Public Relations', 'office', 10, 0),
		('science', 'คณะวิทยาศาสตร์', 'Faculty of Science', 'faculty', 20, 0)`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.W.Exec(`UPDATE units SET slug = code`); err != nil {
		t.Fatal(err)
	}
	files, err := media.NewLocalStorage(filepath.Join(dir, "media"), filepath.Join(dir, "staging"))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	store := content.NewStore(d, files, nil, log)
	if err := store.EnsureDefaults(context.Background(), time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	as, err := assets.New()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := templates.New(as)
	if err != nil {
		t.Fatal(err)
	}
	w, err := web.New(web.Web{Tpl: tpl, Log: log, BaseURL: "https://news.example", Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	h := New(w, store, files, counter.New(d, content.Counted(), time.Now), log)
	gin.SetMode(gin.TestMode)
	r := gin.New()
	h.Register(r)
	return func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}, store
}

// The human-readable site map lists every public section any handler file
// declares (addSiteSection), the institutional pages and the faculty pages,
// in Thai and in English; the XML sitemap beside it keeps working.
func TestSitemapPageListsEverySection(t *testing.T) {
	get, store := sitePages(t)
	if len(sectionsInOrder()) < 5 {
		t.Fatalf("only %d sections declared", len(sectionsInOrder()))
	}
	for _, lang := range []string{"th", "en"} {
		prefix := langPrefix(lang)
		rec := get(prefix + "/sitemap")
		if rec.Code != http.StatusOK {
			t.Fatalf("%s/sitemap: %d", prefix, rec.Code)
		}
		body := rec.Body.String()
		if !strings.Contains(body, `<html lang="`+lang+`">`) || !strings.Contains(body, templates.T(lang, "sitemap.title")) {
			t.Errorf("%s/sitemap is not the %s site map", prefix, lang)
		}
		for _, s := range sectionsInOrder() {
			link := `<a href="` + sectionPath(prefix, s.Path) + `">` + html.EscapeString(templates.T(lang, s.Label)) + `</a>`
			if !strings.Contains(body, link) {
				t.Errorf("%s/sitemap lacks the section %s: %s", prefix, s.Path, link)
			}
		}
		pages, err := store.LivePages(context.Background(), content.Lang(lang), time.Now(), false)
		if err != nil || len(pages) < 10 {
			t.Fatalf("live pages %d %v", len(pages), err)
		}
		for _, p := range pages {
			if !strings.Contains(body, `href="`+prefix+`/pages/`+p.Slug+`">`+html.EscapeString(p.Title)+`<`) {
				t.Errorf("%s/sitemap lacks the page %s", prefix, p.Slug)
			}
		}
		for _, u := range []string{"pr", "science"} {
			if !strings.Contains(body, `href="`+prefix+`/units/`+u+`"`) {
				t.Errorf("%s/sitemap lacks the unit %s", prefix, u)
			}
		}
		// Every page's footer links the site map.
		if home := get(prefix + "/pages/about").Body.String(); !strings.Contains(home, `href="`+prefix+`/sitemap"`) {
			t.Errorf("%s: the footer has no site-map link", prefix)
		}
	}
	// The XML sitemap and its files still answer beside /sitemap.
	if rec := get("/sitemap.xml"); rec.Code != 200 || !strings.Contains(rec.Body.String(), "/sitemap/pages.xml") {
		t.Errorf("/sitemap.xml: %d", rec.Code)
	}
	pagesXML := get("/sitemap/pages.xml").Body.String()
	for _, want := range []string{"https://news.example/sitemap<", "https://news.example/en/sitemap<", "https://news.example/pages<"} {
		if !strings.Contains(pagesXML, want) {
			t.Errorf("pages.xml lacks %s", want)
		}
	}
	items := get("/sitemap/pages-1.xml")
	if items.Code != 200 || !strings.Contains(items.Body.String(), "https://news.example/pages/about<") ||
		!strings.Contains(items.Body.String(), "https://news.example/en/pages/e-service<") {
		t.Errorf("pages-1.xml does not list the pages at their permalinks: %d %.500s", items.Code, items.Body.String())
	}
	if rec := get("/sitemap/nope.xml"); rec.Code != http.StatusNotFound {
		t.Errorf("/sitemap/nope.xml: %d", rec.Code)
	}
}

// The old footer addresses answer with a permanent redirect to the pages.
func TestOldFooterAddressesRedirect(t *testing.T) {
	get, _ := sitePages(t)
	for from, to := range map[string]string{"/privacy": "/pages/privacy", "/cookies": "/pages/cookies",
		"/en/privacy": "/en/pages/privacy", "/en/cookies": "/en/pages/cookies"} {
		rec := get(from)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != to {
			t.Errorf("%s: %d to %q, want 301 to %s", from, rec.Code, rec.Header().Get("Location"), to)
		}
		if got := get(to); got.Code != 200 {
			t.Errorf("%s: %d", to, got.Code)
		}
	}
}

// Every page shows when it was last updated, in Buddhist Era in Thai.
func TestPagesShowLastUpdated(t *testing.T) {
	get, store := sitePages(t)
	p, err := store.PageBySlug(context.Background(), "about", content.Thai)
	if err != nil {
		t.Fatal(err)
	}
	th := get("/pages/about").Body.String()
	if want := "ปรับปรุงล่าสุด: <time datetime=\"" + p.UpdatedAt.In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02") + "\">" + templates.Date("th", p.UpdatedAt); !strings.Contains(th, want) {
		t.Errorf("Thai page lacks %q", want)
	}
	if be := p.UpdatedAt.Year() + 543; !strings.Contains(th, strconv.Itoa(be)) {
		t.Errorf("no B.E. year %d", be)
	}
	if en := get("/en/pages/about").Body.String(); !strings.Contains(en, "Last updated: <time") {
		t.Error("English page lacks its last update")
	}
	for _, path := range []string{"/pages/nope", "/en/pages/nope", "/pages/Bad_Slug", "/pages/999999"} {
		if rec := get(path); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, rec.Code)
		}
	}
}
