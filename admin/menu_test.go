package admin_test

import (
	"regexp"
	"strings"
	"testing"

	"newsroom/demo"
	"newsroom/roles"
)

// The admin menu links every section once, whether it comes from the
// content-kind registry or is written in the layout, and each answers.
func TestAdminMenuListsEachSectionOnce(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.Central), demo.Password)
	p := b.get("/admin/")
	nav := p.body[strings.Index(p.body, "<nav"):]
	nav = nav[:strings.Index(nav, "</nav>")]
	seen := map[string]int{}
	for _, m := range regexp.MustCompile(`href="(/admin/[^"]*)"`).FindAllStringSubmatch(nav, -1) {
		seen[m[1]]++
	}
	for _, want := range []string{"/admin/news", "/admin/pages", "/admin/tags", "/admin/procurement", "/admin/ita", "/admin/qa", "/admin/units"} {
		if seen[want] != 1 {
			t.Errorf("the menu links %s %d times, want once", want, seen[want])
		}
	}
	for href, n := range seen {
		if n > 1 {
			t.Errorf("the menu links %s %d times", href, n)
		}
		if href == "/admin/logout" || strings.HasPrefix(href, "/admin/lang/") {
			continue
		}
		if s := b.get(href).status; s != 200 {
			t.Errorf("menu link %s answers %d", href, s)
		}
	}
}
