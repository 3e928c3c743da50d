package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/web/compress"
)

// Versioner tells the page cache when content changed: Version changes with
// every edit; NextChange is the next instant a display window opens or
// closes (zero: none).
type Versioner interface {
	Version(ctx context.Context) string
	NextChange(ctx context.Context, now time.Time) (time.Time, error)
}

// PageCache keeps rendered public pages in memory. An entry is served until
// the content version changes or the next display-window boundary passes, so
// a scheduled item appears, and an expired one leaves, at its minute without
// a restart. Public pages carry no user data and set no cookies, so one copy
// serves every visitor. It is an accelerator only: an empty cache is correct.
type PageCache struct {
	src     Versioner
	now     func() time.Time
	max     int
	maxAge  time.Duration
	mu      sync.RWMutex
	entries map[string]*cached
	hits    int64
	// compressions counts the compressed copies made (tests, metrics).
	compressions atomic.Int64
}

type cached struct {
	version string
	created time.Time
	expires time.Time // the next window boundary; zero: none
	// Header values made once, shared read-only by every answer.
	contentType, lastModified []string
	// plain is the page as rendered; gz and br are its compressed copies,
	// each made once, by the first request that accepts that coding
	// (concurrent ones wait for it). A page under compress.MinSize, or not
	// text, has none and is always sent plain.
	plain  variant
	gz, br *lazyVariant
}

// variant is one coding of a cached page with its header values.
type variant struct {
	body                   []byte
	etag, length, encoding []string
}

type lazyVariant struct {
	once sync.Once
	variant
}

// varyEncoding is the Vary value of pages that have compressed copies.
var varyEncoding = []string{"Accept-Encoding"}

// pick returns the copy of e to send for an Accept-Encoding value, making it
// first if it is the first request for that coding.
func (pc *PageCache) pick(e *cached, accept []string) *variant {
	if e.gz == nil {
		return &e.plain
	}
	var lv *lazyVariant
	var enc compress.Encoding
	if len(accept) > 0 {
		enc = compress.Negotiate(accept[0])
	}
	switch enc {
	case compress.Brotli:
		lv = e.br
	case compress.Gzip:
		lv = e.gz
	default:
		return &e.plain
	}
	lv.once.Do(func() {
		body := compress.Encode(enc, e.plain.body)
		pc.compressions.Add(1)
		// The coding's own ETag: the plain one with a suffix, so a cache
		// holding the gzip copy never revalidates into the Brotli one.
		tag := e.plain.etag[0]
		lv.variant = variant{body: body, etag: []string{tag[:len(tag)-1] + "-" + enc.String() + `"`},
			length: []string{strconv.Itoa(len(body))}, encoding: []string{enc.String()}}
	})
	return &lv.variant
}

// Compressions reports how many compressed copies of pages were made.
func (pc *PageCache) Compressions() int64 { return pc.compressions.Load() }

// NewPageCache caches up to max pages; browsers and proxies may keep a page
// up to maxAge (never past the next boundary).
func NewPageCache(src Versioner, now func() time.Time, max int, maxAge time.Duration) *PageCache {
	return &PageCache{src: src, now: now, max: max, maxAge: maxAge, entries: map[string]*cached{}}
}

// Middleware serves GET/HEAD requests from the cache, or renders, stores and
// serves them. Only 200 answers are kept.
func (pc *PageCache) Middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
			c.Next()
			return
		}
		ctx := c.Request.Context()
		key := c.Request.URL.RequestURI()
		version := pc.src.Version(ctx)
		now := pc.now()
		pc.mu.RLock()
		e := pc.entries[key]
		pc.mu.RUnlock()
		if e != nil && e.version == version && (e.expires.IsZero() || now.Before(e.expires)) {
			pc.serve(c, e, now)
			c.Abort()
			return
		}
		rec := &recorder{ResponseWriter: c.Writer}
		c.Writer = rec
		c.Next()
		c.Writer = rec.ResponseWriter
		if rec.status != http.StatusOK || rec.Header().Get("Set-Cookie") != "" {
			rec.flush()
			return
		}
		next, err := pc.src.NextChange(ctx, now)
		if err != nil {
			rec.flush()
			return
		}
		sum := sha256.Sum256(rec.buf.Bytes())
		body := rec.buf.Bytes()
		ct := rec.Header().Get("Content-Type")
		e = &cached{version: version, created: now, expires: next,
			contentType:  []string{ct},
			lastModified: []string{now.UTC().Format(http.TimeFormat)},
			plain: variant{body: body, etag: []string{`"` + hex.EncodeToString(sum[:12]) + `"`},
				length: []string{strconv.Itoa(len(body))}}}
		if len(body) >= compress.MinSize && compress.Compressible(ct) && rec.Header().Get("Content-Encoding") == "" {
			e.gz, e.br = &lazyVariant{}, &lazyVariant{}
		}
		pc.store(key, e)
		pc.serve(c, e, now)
	}
}

func (pc *PageCache) store(key string, e *cached) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if len(pc.entries) >= pc.max {
		// Full: drop entries of old versions first, else everything; pages
		// are cheap to render again.
		for k, old := range pc.entries {
			if old.version != e.version {
				delete(pc.entries, k)
			}
		}
		if len(pc.entries) >= pc.max {
			clear(pc.entries)
		}
	}
	pc.entries[key] = e
}

// serve writes a cached page with validators for browsers and proxies.
func (pc *PageCache) serve(c *gin.Context, e *cached, now time.Time) {
	// Canonical keys assigned directly: no per-answer canonicalisation or
	// value slices on the hottest path of the site.
	h := c.Writer.Header()
	h["Last-Modified"] = e.lastModified
	age := pc.maxAge
	if !e.expires.IsZero() {
		age = min(age, e.expires.Sub(now))
	}
	// Browsers revalidate every time (a cheap 304 with the ETag), so a
	// takedown or an edit shows on the next view; a shared cache in front
	// may keep the page until the next window boundary, at most maxAge.
	h["Cache-Control"] = []string{"public, max-age=0, s-maxage=" + strconv.Itoa(max(int(age/time.Second), 0)) + ", must-revalidate"}
	h["Content-Type"] = e.contentType
	v := &e.plain
	if e.gz != nil {
		h["Vary"] = varyEncoding
		v = pc.pick(e, c.Request.Header["Accept-Encoding"])
		if v.encoding != nil {
			h["Content-Encoding"] = v.encoding
		}
	}
	h["Etag"] = v.etag
	if match := c.Request.Header["If-None-Match"]; len(match) > 0 && compress.ETagMatch(match[0], v.etag[0]) {
		c.Status(http.StatusNotModified)
		c.Writer.WriteHeaderNow()
		return
	}
	h["Content-Length"] = v.length
	c.Status(http.StatusOK)
	if c.Request.Method == http.MethodHead {
		c.Writer.WriteHeaderNow()
		return
	}
	c.Writer.Write(v.body)
}

// Len reports how many pages are cached (tests, metrics).
func (pc *PageCache) Len() int {
	pc.mu.RLock()
	defer pc.mu.RUnlock()
	return len(pc.entries)
}

// recorder holds a response back so it can be cached before it is sent.
type recorder struct {
	gin.ResponseWriter
	buf    bytes.Buffer
	status int
}

func (r *recorder) WriteHeader(code int) { r.status = code }
func (r *recorder) WriteHeaderNow()      {}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.buf.Write(b)
}
func (r *recorder) WriteString(s string) (int, error) { return r.Write([]byte(s)) }
func (r *recorder) Status() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}
func (r *recorder) Written() bool { return r.status != 0 }
func (r *recorder) Size() int     { return r.buf.Len() }

// flush sends a response that is not cached as it was made.
func (r *recorder) flush() {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.ResponseWriter.WriteHeader(r.status)
	r.ResponseWriter.Write(r.buf.Bytes())
}
