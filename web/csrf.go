package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// CSRF defends every state-changing request twice:
//  1. Go's CrossOriginProtection refuses cross-origin browser requests
//     (Sec-Fetch-Site / Origin), and
//  2. a token: a random value in an HttpOnly SameSite=Strict cookie, and in
//     each form its HMAC under the server key. A forged form cannot read the
//     cookie, so it cannot compute the token; a request without both fails.
//
// Safe methods only make sure the cookie exists so the page can embed a token,
// and only under /admin: visitors of the public site get no cookie at all
// (PDPA: no cookies that are not needed; and shared caches can keep the pages).
func (w *Web) CSRF() gin.HandlerFunc {
	return func(c *gin.Context) {
		safe := c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead || c.Request.Method == http.MethodOptions
		if safe && !strings.HasPrefix(c.Request.URL.Path, "/admin") {
			c.Next()
			return
		}
		if valid, ok := w.cookieless[c.Request.URL.Path]; ok && !safe {
			if err := w.cop.Check(c.Request); err != nil || !valid(c) {
				w.refuseCSRF(c)
				return
			}
			c.Next()
			return
		}
		seed := ""
		if ck, err := c.Cookie(w.csrfCookie()); err == nil && len(ck) >= 32 {
			seed = ck
		}
		switch {
		case safe:
			if seed == "" {
				b := make([]byte, 24)
				rand.Read(b)
				seed = base64.RawURLEncoding.EncodeToString(b)
				http.SetCookie(c.Writer, &http.Cookie{Name: w.csrfCookie(), Value: seed, Path: "/",
					HttpOnly: true, Secure: w.Secure, SameSite: http.SameSiteStrictMode})
			}
		default:
			if err := w.cop.Check(c.Request); err != nil || seed == "" || !w.validToken(seed, formToken(c)) {
				w.refuseCSRF(c)
				return
			}
		}
		c.Set(keyCSRF, w.tokenFor(seed))
		c.Next()
	}
}

// CookielessForm lets visitors post the public form at path without the
// CSRF cookie (they get no cookies): the form carries its own signed token,
// which valid checks (a forged or missing one gets the CSRF refusal); the
// cross-origin check still applies. Call it while registering routes.
func (w *Web) CookielessForm(path string, valid func(*gin.Context) bool) {
	if w.cookieless == nil {
		w.cookieless = map[string]func(*gin.Context) bool{}
	}
	w.cookieless[path] = valid
}

// formToken reads the token from the X-CSRF-Token header (the admin's
// upload script) or the form. Multipart bodies must use the header: parsing a
// large upload just to find the token would spool it to disk first.
func formToken(c *gin.Context) string {
	if t := c.GetHeader("X-CSRF-Token"); t != "" {
		return t
	}
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		return ""
	}
	return c.PostForm("csrf")
}

func (w *Web) csrfCookie() string {
	if w.Secure {
		return "__Host-nr_csrf"
	}
	return "nr_csrf"
}

func (w *Web) tokenFor(seed string) string {
	m := hmac.New(sha256.New, w.CSRFKey)
	m.Write([]byte(seed))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (w *Web) validToken(seed, token string) bool {
	if token == "" {
		return false
	}
	want := w.tokenFor(seed)
	if hmac.Equal([]byte(want), []byte(token)) {
		return true
	}
	return hmac.Equal([]byte(want), []byte(unmaskToken(token)))
}

// CSRFToken is the token to embed in this request's forms, masked with a
// fresh random pad on every call: admin pages are gzipped
// (compress_dynamic.go), and a secret repeated unchanged in compressed
// answers that also echo what a request sent can be guessed from their
// lengths (BREACH).
func CSRFToken(c *gin.Context) string { return maskToken(c.GetString(keyCSRF)) }

// maskToken returns base64(pad || token XOR pad) for a random pad.
func maskToken(token string) string {
	if token == "" {
		return ""
	}
	b := make([]byte, 2*len(token))
	rand.Read(b[:len(token)])
	for i := range len(token) {
		b[len(token)+i] = token[i] ^ b[i]
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// unmaskToken undoes maskToken ("" for anything else).
func unmaskToken(masked string) string {
	b, err := base64.RawURLEncoding.DecodeString(masked)
	if err != nil || len(b) == 0 || len(b)%2 != 0 || len(b) > 256 {
		return ""
	}
	n := len(b) / 2
	out := make([]byte, n)
	for i := range n {
		out[i] = b[i] ^ b[n+i]
	}
	return string(out)
}

func (w *Web) refuseCSRF(c *gin.Context) {
	p := w.Page(c, "error.csrf.title")
	p.Data = ErrorData{Message: tr(p.Lang, "error.csrf.body")}
	w.render(c, http.StatusForbidden, w.errorPage(c), p)
	c.Abort()
}
