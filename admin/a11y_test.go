package admin_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"newsroom/demo"
	"newsroom/roles"
	"newsroom/templates"
)

// captionWarning is the photo manager's warning element, as the news form
// renders it for news-form.js to fill in.
var captionWarning = regexp.MustCompile(`<p class="caption-warning" id="caption-warning" role="status" hidden data-t-badge="([^"]*)"\s+data-t-one="([^"]*)" data-t-many="([^"]*)"></p>`)

// TestNewsFormCarriesTheCaptionWarning: the new news form (Thai
// and English) carries the warning that news-form.js shows on each photo
// without a caption and above the photos, in the user's language.
func TestNewsFormCarriesTheCaptionWarning(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password)
	for _, tc := range []struct{ lang, badge string }{
		{"th", "ไม่มีคำบรรยายภาพ"},
		{"en", "No caption (screen readers need one)"},
	} {
		b.get("/admin/lang/" + tc.lang)
		p := b.get("/admin/news/new")
		wantStatus(t, p, 200, "the new news form")
		m := captionWarning.FindStringSubmatch(p.body)
		if m == nil {
			t.Fatalf("%s: the news form has no caption warning element", tc.lang)
		}
		badge, one, many := html.UnescapeString(m[1]), html.UnescapeString(m[2]), html.UnescapeString(m[3])
		if !strings.Contains(badge, tc.badge) {
			t.Errorf("%s: badge %q; want it to say %q", tc.lang, badge, tc.badge)
		}
		if one != templates.T(tc.lang, "news.no_caption_one") || !strings.Contains(many, "%d") {
			t.Errorf("%s: count messages %q / %q", tc.lang, one, many)
		}
		for _, s := range []string{badge, one, many} {
			if strings.HasPrefix(s, "news.") {
				t.Errorf("%s: a raw catalog key %q", tc.lang, s)
			}
		}
	}
}
