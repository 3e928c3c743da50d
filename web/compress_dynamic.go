package web

import (
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/klauspost/compress/gzip"

	"newsroom/web/compress"
)

// Gzip compresses, per request, the text answers that are not cached: admin
// pages, search, error pages, the Q&A form, CSV exports. It leaves alone
// what is compressed already (cached pages carry their own copies, assets
// theirs), what is not text (media, PDFs, XLSX, ZIPs, fonts), bodies under
// compress.MinSize, partial answers, streams (a handler that flushes) and
// HEAD. Vary: Accept-Encoding goes on every text answer it could compress.
// The writer it installs is removed again before the handlers above it look
// at the response, so the traffic log counts the bytes sent.
func (w *Web) Gzip() gin.HandlerFunc {
	return func(c *gin.Context) {
		r := c.Request
		if r.Method == http.MethodHead || strings.HasPrefix(r.URL.Path, "/media/") || strings.HasPrefix(r.URL.Path, "/assets/") {
			c.Next()
			return
		}
		var accept string
		if v := r.Header["Accept-Encoding"]; len(v) > 0 {
			accept = v[0]
		}
		gw := gzipWriters.Get().(*gzipWriter)
		gw.ResponseWriter, gw.accepts = c.Writer, compress.AcceptsGzip(accept)
		c.Writer = gw
		defer func() {
			// Also on a panic: what was held back is sent (or dropped with
			// the stream) and Recover writes its page on the real writer.
			gw.finish()
			c.Writer = gw.ResponseWriter
			*gw = gzipWriter{}
			gzipWriters.Put(gw)
		}()
		c.Next()
	}
}

var gzipWriters = sync.Pool{New: func() any { return new(gzipWriter) }}

const (
	undecided = iota
	passThrough
	holding     // text to compress, fewer than MinSize bytes so far
	compressing // Content-Encoding: gzip sent
)

// gzipWriter decides at the first byte of the body whether to compress.
type gzipWriter struct {
	gin.ResponseWriter
	accepts bool
	state   int
	held    []byte
	gz      *gzip.Writer
	size    int // body bytes the handler wrote
}

// decide looks at the answer's headers once the handler starts its body.
func (g *gzipWriter) decide() {
	g.state = passThrough
	if g.ResponseWriter.Written() {
		return
	}
	switch st := g.ResponseWriter.Status(); {
	case st < 200, st == http.StatusNoContent, st == http.StatusPartialContent, st == http.StatusNotModified:
		return
	}
	h := g.Header()
	if len(h["Content-Encoding"]) > 0 || len(h["Content-Range"]) > 0 {
		return
	}
	if ct := h["Content-Type"]; len(ct) == 0 || !compress.Compressible(ct[0]) {
		return
	}
	if cl := h["Content-Length"]; len(cl) > 0 {
		// The size is known (a cached page sent plain): nothing to hold.
		// The page cache's own threshold: it keeps no compressed copy of a
		// smaller page, and neither is one made here per request.
		if n, err := strconv.Atoi(cl[0]); err != nil || n < compress.MinSize {
			return
		}
		g.vary()
		if g.accepts {
			g.state = compressing
			g.startGzip()
		}
		return
	}
	// Held until MinSize bytes: a shorter answer goes out plain and without
	// Vary (it would be plain for every client); a longer one is gzipped,
	// or, to a client that does not take gzip, sent plain with Vary.
	g.state = holding
}

// vary adds Vary: Accept-Encoding unless it is there.
func (g *gzipWriter) vary() {
	h := g.Header()
	for _, v := range h["Vary"] {
		if strings.Contains(v, "Accept-Encoding") {
			return
		}
	}
	h.Add("Vary", "Accept-Encoding")
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if g.state == undecided {
		g.decide()
	}
	g.size += len(b)
	switch g.state {
	case holding:
		if len(g.held) == 0 && len(b) >= compress.MinSize {
			// Large enough at once: no copy.
			g.vary()
			if !g.accepts {
				g.state = passThrough
				return g.ResponseWriter.Write(b)
			}
			g.startGzip()
			return g.gz.Write(b)
		}
		g.held = append(g.held, b...)
		if len(g.held) >= compress.MinSize {
			g.vary()
			if !g.accepts {
				g.release()
				return len(b), nil
			}
			if err := g.start(); err != nil {
				return 0, err
			}
		}
		return len(b), nil
	case compressing:
		return g.gz.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) WriteString(s string) (int, error) { return g.Write([]byte(s)) }

// startGzip sets the headers of a gzip answer and readies the writer.
func (g *gzipWriter) startGzip() {
	h := g.Header()
	h.Del("Content-Length")
	h.Set("Content-Encoding", "gzip")
	if tag := h.Get("ETag"); strings.HasSuffix(tag, `"`) {
		h.Set("ETag", tag[:len(tag)-1]+`-gzip"`)
	}
	g.state = compressing
	g.gz = compress.GetGzipWriter()
	g.gz.Reset(g.ResponseWriter)
}

// start begins a gzip answer with what was held back.
func (g *gzipWriter) start() error {
	g.startGzip()
	held := g.held
	g.held = nil
	_, err := g.gz.Write(held)
	return err
}

// release sends what was held back as it is.
func (g *gzipWriter) release() {
	g.state = passThrough
	if len(g.held) > 0 {
		g.ResponseWriter.Write(g.held)
	}
	g.held = nil
}

// finish ends the body: a short one goes out plain, a compressed one is
// closed.
func (g *gzipWriter) finish() {
	switch g.state {
	case holding:
		g.release()
	case compressing:
		g.gz.Close()
		compress.PutGzipWriter(g.gz)
		g.gz = nil
	}
}

// Flush: a handler that flushes streams; what was held goes out plain and
// the rest follows as written.
func (g *gzipWriter) Flush() {
	switch g.state {
	case undecided, holding:
		g.release()
	case compressing:
		g.gz.Flush()
	}
	g.ResponseWriter.Flush()
}

func (g *gzipWriter) WriteHeaderNow() {
	if g.state == undecided {
		g.state = passThrough
	}
	if g.state == passThrough {
		g.ResponseWriter.WriteHeaderNow()
	}
}

func (g *gzipWriter) Written() bool {
	return g.state == holding || g.state == compressing || g.ResponseWriter.Written()
}

func (g *gzipWriter) Size() int {
	if g.state == holding || g.state == compressing {
		return g.size
	}
	return g.ResponseWriter.Size()
}
