package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/audit"
)

// Recover turns a panic into the friendly 500 page and logs it once.
func (w *Web) Recover() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				w.Fail(c, fmt.Errorf("panic: %v\n%s", r, debug.Stack()))
				c.Abort()
			}
		}()
		c.Next()
	}
}

// RequestID gives every request a short random id, echoed in X-Request-ID
// and in error pages so a user's report finds the log line.
func (w *Web) RequestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		b := make([]byte, 8)
		rand.Read(b)
		id := hex.EncodeToString(b)
		c.Set(keyRequestID, id)
		c.Header("X-Request-ID", id)
		c.Next()
	}
}

// TrafficLog records every request in the legal traffic log after it is served.
// Log never blocks, so the log costs a channel send per request.
func (w *Web) TrafficLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		if w.Traffic == nil {
			return
		}
		var uid int64
		if u := UserOf(c); u != nil {
			uid = u.ID
		}
		w.Traffic.Log(audit.Record{
			Time:      start,
			IP:        c.ClientIP(),
			UserID:    uid,
			Method:    c.Request.Method,
			URI:       c.Request.RequestURI,
			Status:    c.Writer.Status(),
			Bytes:     int64(max(c.Writer.Size(), 0)),
			Duration:  time.Since(start),
			UserAgent: c.Request.UserAgent(),
		})
	}
}

// csp allows only our own origin; the YouTube player (privacy-enhanced
// domain) is the one frame source and loads only after a click.
const csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; " +
	"connect-src 'self'; frame-src https://www.youtube-nocookie.com; frame-ancestors 'none'; base-uri 'self'; " +
	"form-action 'self'; object-src 'none'"

// securityHeaders are set on every response. Each value slice is shared by
// all responses: a handler that changes one of these headers replaces the
// slice (Header.Set does), it never writes into it.
var securityHeaders = map[string][]string{
	"Content-Security-Policy":    {csp},
	"X-Content-Type-Options":     {"nosniff"},
	"Referrer-Policy":            {"strict-origin-when-cross-origin"},
	"X-Frame-Options":            {"DENY"},
	"Permissions-Policy":         {"camera=(), microphone=(), geolocation=(), interest-cohort=()"},
	"Cross-Origin-Opener-Policy": {"same-origin"},
}

var hsts = []string{"max-age=31536000"}

// Headers sets the security headers on every response.
func (w *Web) Headers() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		for k, v := range securityHeaders {
			h[k] = v
		}
		if w.Secure {
			h["Strict-Transport-Security"] = hsts
		}
		c.Next()
	}
}

// NoStore keeps admin pages out of shared and browser caches.
func NoStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Next()
}

// MaxFormBody bounds the body of every request except the upload routes,
// which set their own, larger limits (photos, ZIPs, PDFs). Without it a
// multipart post to an ordinary form would spill any size to temp files
// before the handler looks at it; a news body with pasted images is far
// smaller.
const MaxFormBody = 16 << 20

// uploadPaths are the routes whose handlers bound the body themselves.
var uploadPaths = []string{"/admin/news/photos", "/admin/news/images", "/admin/files/"}

// LimitBody caps request bodies at MaxFormBody outside the upload routes;
// a larger body fails to parse, and the handler answers as for a bad form.
func (w *Web) LimitBody() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Body != nil && c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead && !isUploadPath(c.Request.URL.Path) {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxFormBody)
		}
		c.Next()
	}
}

func isUploadPath(p string) bool {
	for _, u := range uploadPaths {
		if p == u || (strings.HasSuffix(u, "/") && strings.HasPrefix(p, u)) {
			return true
		}
	}
	return false
}
