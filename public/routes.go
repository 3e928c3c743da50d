// Package public serves the visitors' site: the homepage (Thai at /, English
// at /en/), and later the news, video and notice pages, feeds and the JSON API.
package public

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/media"
	"newsroom/web"
)

// Handler serves the public site.
type Handler struct {
	web     *web.Web
	content *content.Store
	files   media.Storage
	count   *content.Counter
	log     *slog.Logger
	now     func() time.Time
}

// New wires the public handlers.
func New(w *web.Web, store *content.Store, files media.Storage, count *content.Counter, log *slog.Logger) *Handler {
	return &Handler{web: w, content: store, files: files, count: count, log: log, now: w.Now}
}

// Register lists every public route. English pages live under /en/.
func (h *Handler) Register(r gin.IRouter) {
	r.GET("/", h.lang("th"), h.home)
	r.GET("/en/", h.lang("en"), h.home)
	r.GET("/en", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, "/en/") })
	for _, l := range []string{"th", "en"} {
		prefix := ""
		if l == "en" {
			prefix = "/en"
		}
		r.GET(prefix+"/news", h.lang(l), h.listNews)
		r.GET(prefix+"/news/:id", h.lang(l), h.showNews)
		r.GET(prefix+"/videos", h.lang(l), h.listVideos)
		r.GET(prefix+"/videos/:id", h.lang(l), h.showVideo)
		r.GET(prefix+"/notices", h.lang(l), h.listNotices)
		r.GET(prefix+"/notices/:id", h.lang(l), h.showNotice)
		r.GET(prefix+"/notices/:id/file", h.lang(l), h.noticeFile)
		r.HEAD(prefix+"/notices/:id/file", h.lang(l), h.noticeFile)
	}
	r.GET("/media/*key", h.serveMedia)
	r.HEAD("/media/*key", h.serveMedia)
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

func (h *Handler) home(c *gin.Context) {
	p := h.web.Page(c, "")
	p.AltURL = altURL(c.Request.URL.Path, p.Lang)
	p.Data = struct{ Now time.Time }{h.now()}
	h.web.Render(c, http.StatusOK, "public/home", p)
}
