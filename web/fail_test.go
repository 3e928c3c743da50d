package web_test

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/assets"
	"newsroom/roles"
	"newsroom/templates"
	"newsroom/web"
)

// failRouter is a real gin engine with web's renderer and middleware whose
// routes answer with web.Fail(err) for the error registered under the path.
func failRouter(t *testing.T, errs map[string]error, log *bytes.Buffer) http.Handler {
	t.Helper()
	as, err := assets.New()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := templates.New(as)
	if err != nil {
		t.Fatal(err)
	}
	w, err := web.New(web.Web{Tpl: tpl, Log: slog.New(slog.NewTextHandler(log, nil)), BaseURL: "http://localhost"})
	if err != nil {
		t.Fatal(err)
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(w.Recover(), w.RequestID())
	for name, e := range errs {
		fail := func(c *gin.Context) { w.Fail(c, e) }
		r.GET("/admin/fail/"+name, fail)
		r.GET("/fail/"+name, fail)
		r.GET("/en/fail/"+name, func(c *gin.Context) { web.SetLang(c, "en"); w.Fail(c, e) })
	}
	return r
}

// web.Fail maps every error kind to its status, wrapped or not, on the admin
// and the public site alike, with the kind's message, and never shows an
// internal error's text.
func TestFailMapsErrorKinds(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		status int
		want   string // in the English page
	}{
		{"fields", newsroom.FieldErrors{"headline": "err.required"}, http.StatusUnprocessableEntity, templates.T("en", "err.required")},
		{"invalid", fmt.Errorf("content: not a candidate: %w", newsroom.ErrInvalid), http.StatusUnprocessableEntity, templates.T("en", "error.422.body")},
		{"wrapped-fields", fmt.Errorf("save: %w", newsroom.FieldErrors{"title": "err.too_long", "citizen_id": "err.citizen_id"}), http.StatusUnprocessableEntity,
			templates.T("en", "err.citizen_id") + " " + templates.T("en", "err.too_long")},
		{"conflict", fmt.Errorf("content: already picked today: %w", newsroom.ErrConflict), http.StatusConflict, templates.T("en", "error.409.body")},
		{"notfound", fmt.Errorf("content: news 7: %w", newsroom.ErrNotFound), http.StatusNotFound, templates.T("en", "error.404.body")},
		{"forbidden", newsroom.ErrForbidden, http.StatusForbidden, templates.T("en", "error.403.body")},
		{"denied", fmt.Errorf("edit: %w", &roles.Denied{Reason: "deny.central_only", Detail: "banner"}), http.StatusForbidden,
			web.DenialMessage("en", &roles.Denied{Reason: "deny.central_only", Detail: "banner"})},
		{"gone", fmt.Errorf("content: news 7: %w", newsroom.ErrGone), http.StatusGone, templates.T("en", "error.410.body")},
		{"internal", errors.New("disk I/O error: secret detail"), http.StatusInternalServerError, "Sorry, something failed on our side."},
	}
	errs := map[string]error{}
	for _, tc := range cases {
		errs[tc.name] = tc.err
	}
	var log bytes.Buffer
	h := failRouter(t, errs, &log)
	for _, tc := range cases {
		for _, path := range []string{"/admin/fail/", "/fail/", "/en/fail/"} {
			t.Run(path+tc.name, func(t *testing.T) {
				log.Reset()
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path+tc.name, nil))
				body := html.UnescapeString(rec.Body.String())
				if rec.Code != tc.status {
					t.Fatalf("status %d, want %d", rec.Code, tc.status)
				}
				if got := rec.Header().Get("Cache-Control"); got != "no-store" {
					t.Errorf("Cache-Control %q", got)
				}
				if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("Content-Type %q", ct)
				}
				if path == "/en/fail/" && !strings.Contains(body, tc.want) {
					t.Errorf("page lacks %q:\n%s", tc.want, body)
				}
				if strings.Contains(body, "secret detail") {
					t.Error("an internal error's text reached the page")
				}
				if logged := strings.Contains(log.String(), "request failed"); logged != (tc.status == http.StatusInternalServerError) {
					t.Errorf("logged %v for status %d: %s", logged, tc.status, log.String())
				}
			})
		}
	}
}
