package public

import (
	"html/template"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/media"
)

// trustedHTML marks a body as safe for the template. Only bodies that went
// through richtext.Sanitize on save reach here (DESIGN rule 11).
func trustedHTML(sanitised string) template.HTML { return template.HTML(sanitised) }

// mediaSharedAge is how long a shared cache may serve a file unchecked.
const mediaSharedAge = 5 * time.Minute

var mediaCacheControl = "public, max-age=31536000, s-maxage=" +
	strconv.Itoa(int(mediaSharedAge/time.Second)) + ", immutable"

// contentTypes maps our own stored extensions to types; the type never comes
// from anything a user chose.
var contentTypes = map[string]string{".jpg": "image/jpeg", ".png": "image/png", ".pdf": "application/pdf"}

// serveMedia serves a stored file. Keys are content hashes, so a file never
// changes under its URL: a browser keeps it for a year. A shared cache in
// front of the site (a proxy, a CDN) revalidates it every mediaSharedAge,
// so a takedown reaches everyone who did not download the file themselves
// within minutes; the ETag makes that revalidation a 304.
func (h *Handler) serveMedia(c *gin.Context) {
	key := strings.TrimPrefix(c.Param("key"), "/")
	if !media.ValidKey(key) {
		h.NotFound(c)
		return
	}
	// A taken-down or trashed item's files go with it.
	gone, err := h.content.Withdrawn(c.Request.Context(), key)
	if err == nil && gone {
		err = content.ErrGone
	}
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	f, _, err := h.files.Open(key)
	if err != nil {
		h.NotFound(c)
		return
	}
	defer f.Close()
	c.Header("Content-Type", contentTypes[path.Ext(key)])
	c.Header("Cache-Control", mediaCacheControl)
	c.Header("ETag", `"`+strings.NewReplacer("/", "", ".", "-").Replace(key)+`"`)
	c.Header("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, f)
}
