package web

import (
	"bytes"
	"errors"
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/roles"
	"newsroom/templates"
)

// ErrorData is the Data of an error page.
type ErrorData struct{ Message string }

func tr(lang, key string) string { return templates.T(lang, key) }

// Page returns the common page data for this request with a translated title.
// A pending flash message is taken out of the session.
func (w *Web) Page(c *gin.Context, titleKey string) templates.Page {
	lang := LangOf(c)
	p := templates.Page{
		Lang:      lang,
		Title:     templates.T(lang, titleKey),
		User:      UserOf(c),
		CSRF:      CSRFToken(c),
		Path:      c.Request.URL.Path,
		RequestID: RequestIDOf(c),
		BaseURL:   w.BaseURL,
	}
	// The admin header's count of unread notifications: one indexed query
	// per admin page, none on the public site.
	if p.User != nil && w.Unread != nil && strings.HasPrefix(p.Path, "/admin/") {
		if n, err := w.Unread(c.Request.Context(), p.User.ID); err != nil {
			w.Log.Error("unread notifications", "err", err, "req", p.RequestID)
		} else {
			p.Unread = n
		}
	}
	if w.Footer != nil && !strings.HasPrefix(p.Path, "/admin/") {
		p.Footer = w.Footer(c)
	}
	if s := SessionOf(c); s != nil && p.User != nil {
		if f, ok := s.Values["flash"].(string); ok && f != "" {
			p.Flash = f
			delete(s.Values, "flash")
			if err := s.Save(c.Request, c.Writer); err != nil {
				w.Log.Error("save session", "err", err, "req", p.RequestID)
			}
		}
	}
	return p
}

// Render writes page with status.
func (w *Web) Render(c *gin.Context, status int, page string, p templates.Page) {
	w.render(c, status, page, p)
}

func (w *Web) render(c *gin.Context, status int, page string, p templates.Page) {
	var buf bytes.Buffer
	if err := w.Tpl.Render(&buf, page, p); err != nil {
		w.Log.Error("render", "page", page, "err", err, "req", RequestIDOf(c))
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("internal error "+RequestIDOf(c)))
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

func (w *Web) errorPage(c *gin.Context) string {
	if strings.HasPrefix(c.Request.URL.Path, "/admin") {
		return "admin/error"
	}
	return "public/error"
}

// Fail is the one place where an error becomes a response: a denial or
// newsroom.ErrForbidden is 403, ErrGone 410, ErrNotFound 404, ErrConflict
// 409, ErrInvalid (FieldErrors among them) 422 and anything else 500. Users
// see a friendly page; internal errors are logged once with the request id
// and their text never reaches the page. Forms that show their fields'
// messages beside the fields answer 422 themselves and call Fail for the
// rest.
func (w *Web) Fail(c *gin.Context, err error) {
	var denied *roles.Denied
	status, title, msg := http.StatusInternalServerError, "error.500.title", ""
	lang := LangOf(c)
	switch {
	case errors.As(err, &denied):
		status, title = http.StatusForbidden, "error.403.title"
		msg = DenialMessage(lang, denied)
	case errors.Is(err, newsroom.ErrForbidden):
		status, title = http.StatusForbidden, "error.403.title"
		msg = tr(lang, "error.403.body")
	case errors.Is(err, newsroom.ErrGone):
		status, title, msg = http.StatusGone, "error.410.title", tr(lang, "error.410.body")
	case errors.Is(err, newsroom.ErrNotFound):
		status, title, msg = http.StatusNotFound, "error.404.title", tr(lang, "error.404.body")
	case errors.Is(err, newsroom.ErrConflict):
		status, title, msg = http.StatusConflict, "error.409.title", tr(lang, "error.409.body")
	case errors.Is(err, newsroom.ErrInvalid):
		status, title, msg = http.StatusUnprocessableEntity, "error.422.title", invalidMessage(lang, err)
	default:
		w.Log.Error("request failed", "err", err, "req", RequestIDOf(c), "method", c.Request.Method, "path", c.Request.URL.Path)
		msg = templates.Tf(lang, "error.500.body", RequestIDOf(c))
	}
	// An error is about this moment (a takedown lifted, an item published
	// a minute later): never keep it.
	c.Header("Cache-Control", "no-store")
	p := w.Page(c, title)
	p.Data = ErrorData{Message: msg}
	w.render(c, status, w.errorPage(c), p)
	c.Abort()
}

// invalidMessage is the body of a 422 page: the fields' messages when err
// says which, in field order, else a general one.
func invalidMessage(lang string, err error) string {
	var fe newsroom.FieldErrors
	if !errors.As(err, &fe) || len(fe) == 0 {
		return tr(lang, "error.422.body")
	}
	fields := make([]string, 0, len(fe))
	for f := range fe {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	msgs := make([]string, len(fields))
	for i, f := range fields {
		msgs[i] = tr(lang, fe[f])
	}
	return strings.Join(msgs, " ")
}

// DenialMessage says in the user's language what right is missing.
func DenialMessage(lang string, d *roles.Denied) string {
	switch d.Reason {
	case "deny.central_only", "deny.kind":
		return templates.Tf(lang, d.Reason, tr(lang, "kind."+d.Detail))
	case "deny.category":
		return templates.Tf(lang, d.Reason, tr(lang, "cat."+d.Detail))
	}
	return tr(lang, d.Reason)
}
