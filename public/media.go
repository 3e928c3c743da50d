package public

import (
	"bytes"
	"html/template"
	"io"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	etag := strings.NewReplacer("/", "", ".", "-").Replace(key)
	var body io.ReadSeeker
	if ws := c.Query("w"); ws != "" {
		// A smaller copy for srcset: only of JPEGs and only at the offered
		// widths, made once and kept in memory (bounded).
		w, err := strconv.Atoi(ws)
		if err != nil || path.Ext(key) != ".jpg" || !slices.Contains(media.SmallWidths, w) {
			h.NotFound(c)
			return
		}
		b, err := h.smallCopy(key, w)
		if err != nil {
			h.NotFound(c)
			return
		}
		body, etag = bytes.NewReader(b), etag+"-w"+ws
	} else {
		f, _, err := h.files.Open(key)
		if err != nil {
			h.NotFound(c)
			return
		}
		defer f.Close()
		body = f
	}
	c.Header("Content-Type", contentTypes[path.Ext(key)])
	c.Header("Cache-Control", mediaCacheControl)
	c.Header("ETag", `"`+etag+`"`)
	c.Header("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, body)
}

// smallCopies keeps the smaller copies of stored photos in memory: a few
// kilobytes each, made on the first request in about a millisecond. When
// the bytes held pass smallCopiesMax, the map starts over; a copy is cheap
// to make again. Files are content-addressed, so a copy never goes stale.
type smallCopies struct {
	mu    sync.Mutex
	m     map[string][]byte
	bytes int
}

const smallCopiesMax = 32 << 20

func (h *Handler) smallCopy(key string, w int) ([]byte, error) {
	id := key + "?" + strconv.Itoa(w)
	h.small.mu.Lock()
	b, ok := h.small.m[id]
	h.small.mu.Unlock()
	if ok {
		return b, nil
	}
	f, size, err := h.files.Open(key)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if size > 16<<20 {
		return nil, content.ErrNotFound
	}
	data, err := io.ReadAll(io.LimitReader(f, 16<<20))
	if err != nil {
		return nil, err
	}
	if b, err = media.Downscale(data, w); err != nil {
		return nil, err
	}
	h.small.mu.Lock()
	defer h.small.mu.Unlock()
	if h.small.m == nil || h.small.bytes+len(b) > smallCopiesMax {
		h.small.m, h.small.bytes = map[string][]byte{}, 0
	}
	h.small.m[id] = b
	h.small.bytes += len(b)
	return b, nil
}
