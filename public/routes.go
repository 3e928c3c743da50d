// Package public serves the visitors' site, in Thai at / and in English
// under /en/: the homepage, the news, video and notice lists with their
// fiscal-year archives, the item pages, notice files, search, the privacy
// and cookie pages, feeds, the sitemap, the JSON API and the stored media
// files (410 for what was taken down). Pages go through web's page cache;
// views are counted around it. Visitors get no cookies.
package public

import (
	"crypto/sha256"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/counter"
	"newsroom/kind"
	"newsroom/media"
	"newsroom/web"
)

// Handler serves the public site.
type Handler struct {
	web     *web.Web
	content *content.Store
	files   media.Storage
	count   *counter.Counter
	cache   *web.PageCache
	log     *slog.Logger
	// FeaturedDays is how many days a featured pick stays in the homepage's
	// featured block (default 2).
	FeaturedDays int
	now          func() time.Time
	footers      footerCache // pages.go
	qaLimit      qaLimiter   // qa.go: questions per address
	small        smallCopies // media.go: the smaller copies of photos
}

// New wires the public handlers.
func New(w *web.Web, store *content.Store, files media.Storage, count *counter.Counter, log *slog.Logger) *Handler {
	h := &Handler{web: w, content: store, files: files, count: count, log: log, now: w.Now,
		cache: web.NewPageCache(store, w.Now, 5000, time.Minute), FeaturedDays: 2}
	w.Footer = h.footer // every public page's footer (pages.go)
	return h
}

// Register lists every public route. English pages live under /en/. Pages
// go through the page cache; views are counted before it, so a cached page
// still counts.
func (h *Handler) Register(r gin.IRouter) {
	cache := h.cache.Middleware()
	// Pages answer HEAD too (monitors, proxies); gin does not add it itself.
	page := func(path string, hs ...gin.HandlerFunc) {
		r.GET(path, hs...)
		r.HEAD(path, hs...)
	}
	for _, l := range []string{"th", "en"} {
		prefix, lang := "", h.lang(l)
		if l == "en" {
			prefix = "/en"
		}
		page(prefix+"/", lang, cache, h.home)
		page(prefix+"/news", lang, cache, h.listNews)
		page(prefix+"/news/:id", lang, h.countView(content.CountNewsView), cache, h.showNews)
		page(prefix+"/videos", lang, cache, h.listVideos)
		page(prefix+"/videos/:id", lang, h.countView(content.CountVideoView), cache, h.showVideo)
		page(prefix+"/notices", lang, cache, h.listNotices)
		page(prefix+"/notices/:id", lang, cache, h.showNotice)
		r.GET(prefix+"/notices/:id/file", lang, h.noticeFile)
		r.HEAD(prefix+"/notices/:id/file", lang, h.noticeFile)
		h.qaRoutes(r, page, prefix, lang) // qa.go
		// Feeds (RSS 2.0 and Atom) of every kind with feeds, and per filter
		// (notice category).
		for _, k := range kind.With(kind.Feeds) {
			page(prefix+"/"+k.Section+"/rss.xml", lang, cache, h.feed(k, "rss"))
			page(prefix+"/"+k.Section+"/atom.xml", lang, cache, h.feed(k, "atom"))
		}
		page(prefix+"/procurement", lang, h.procurementIndex)
		page(prefix+"/procurement/:fy", lang, cache, h.procurementYear)
		page(prefix+"/procurement/:fy/:month", lang, cache, h.procurementMonth)
		page(prefix+"/units", lang, cache, h.listUnits)
		page(prefix+"/units/:slug", lang, cache, h.showUnit)
		page(prefix+"/units/:slug/rss.xml", lang, cache, h.unitFeed("rss"))
		page(prefix+"/units/:slug/atom.xml", lang, cache, h.unitFeed("atom"))
		page(prefix+"/search", lang, h.search)
		h.pageRoutes(r, page, prefix, lang, cache) // institutional pages and the site map (pages.go)
		h.itaRoutes(page, prefix, lang)            // ita.go
	}
	r.GET("/en", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, "/en/") })
	r.GET("/sitemap.xml", cache, h.sitemapIndex)
	r.GET("/sitemap/:name", cache, h.sitemap)
	r.GET("/robots.txt", cache, h.robots)
	h.previewRoutes(r) // no page cache, no view counter

	// The read-only JSON API of live items for other university systems.
	api := r.Group("/api/v1", apiHeaders, cache)
	for _, k := range kind.With(kind.API) {
		src := apiSourceOf(k)
		api.GET("/"+k.Section, h.apiList(src.list))
		api.GET("/"+k.Section+"/:id", h.apiItem(src.one))
	}
	api.GET("/featured", h.apiList(apiFeatured))
	r.GET("/media/*key", h.serveMedia)
	r.HEAD("/media/*key", h.serveMedia)
}

// countView counts a visitor's view of the item in :id (not bots, not the
// same visitor again within half an hour). It runs around the page cache, so
// a cached page still counts, and it counts only once the page answered
// 200: the item exists and the visitor may see it (the cache keeps only
// 200s, made by a handler that loaded the item). Unknown, hidden and
// taken-down ids cost the counter nothing.
func (h *Handler) countView(what string) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
		if id, ok := idParam(c); ok && c.Request.Method == http.MethodGet && c.Writer.Status() == http.StatusOK {
			h.count.Visit(what, id, visitorKey(c), c.Request.UserAgent())
		}
	}
}

// visitorKey is an opaque key for one browser: a hash of its address and user
// agent. It is kept in memory for half an hour and never stored.
func visitorKey(c *gin.Context) string {
	sum := sha256.Sum256([]byte(c.ClientIP() + "\x00" + c.Request.UserAgent()))
	return string(sum[:12])
}

// NotFound is the site-wide 404 page.
func (h *Handler) NotFound(c *gin.Context) {
	if strings.HasPrefix(c.Request.URL.Path, "/en/") {
		web.SetLang(c, "en")
	}
	h.web.Fail(c, newsroom.ErrNotFound)
}

func (h *Handler) lang(l string) gin.HandlerFunc {
	return func(c *gin.Context) {
		web.SetLang(c, l)
		c.Next()
	}
}

// altURL maps a public path to the same page in the other language.
func altURL(path, lang string) string {
	if lang == "en" {
		if p := strings.TrimPrefix(path, "/en"); p != "" {
			return p
		}
		return "/"
	}
	return "/en" + path
}

// langPrefix is "/en" for English pages and "" for Thai ones.
func langPrefix(lang string) string {
	if lang == "en" {
		return "/en"
	}
	return ""
}
