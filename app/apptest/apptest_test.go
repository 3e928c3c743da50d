package apptest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsroom/app/apptest"
	"newsroom/roles"
)

// The harness starts the real router: sessions, roles and CSRF apply.
func TestStart(t *testing.T) {
	ta := apptest.Start(t)
	for _, tc := range []struct {
		name string
		b    *apptest.Browser
		want int
	}{
		{"central admin", ta.Admin(t), http.StatusOK},
		{"unit PR", ta.As(t, roles.UnitPR), http.StatusForbidden},
		{"anonymous", ta.Browser(t), http.StatusSeeOther},
	} {
		if p := tc.b.Get("/admin/users"); p.Status != tc.want {
			t.Errorf("%s: /admin/users answered %d, want %d", tc.name, p.Status, tc.want)
		}
	}
	b := ta.Admin(t)
	p := b.PostRaw("/admin/logout", url.Values{}, nil)
	apptest.WantStatus(t, p, http.StatusForbidden, "a post without a CSRF token")
	apptest.WantRedirect(t, b.Post("/admin/", "/admin/logout", nil), "/", "logout with the token")
	if p := b.Get("/admin/"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Header.Get("Location"), "/admin/login") {
		t.Errorf("after logout /admin/ answered %d %q, want a redirect to the login", p.Status, p.Header.Get("Location"))
	}
}
