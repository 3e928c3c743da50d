package public_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestFontPreloadsMatchTheStylesheet: each public page preloads the faces
// its language draws with, at exactly the URL fonts.css asks for (a
// different URL would fetch the face twice), in CORS mode (a font preload
// without crossorigin is not reused), and only faces fonts.css declares.
// The preloads start the fonts with the HTML rather than after the CSS, so
// the text does not reflow when they arrive (the page-weight test measures
// the layout shift itself).
func TestFontPreloadsMatchTheStylesheet(t *testing.T) {
	ta := newTestApp(t)
	v := ta.browser(t)
	preload := regexp.MustCompile(`<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>`)
	sheet := regexp.MustCompile(`<link rel="stylesheet" href="([^"]*fonts\.css[^"]*)">`)
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/", []string{"sarabun-thai-400", "sarabun-thai-700", "sarabun-latin-400"}},
		{"/news", []string{"sarabun-thai-400", "sarabun-thai-700", "sarabun-latin-400"}},
		{"/en/", []string{"sarabun-latin-400", "sarabun-latin-700"}},
	} {
		p := v.get(tc.path)
		wantStatus(t, p, 200, tc.path)
		s := sheet.FindStringSubmatch(p.body)
		if s == nil {
			t.Fatalf("%s: no fonts.css stylesheet", tc.path)
		}
		css := v.get(s[1])
		wantStatus(t, css, 200, s[1])
		var got []string
		for _, m := range preload.FindAllStringSubmatch(p.body, -1) {
			href := m[1]
			if !strings.Contains(css.body, "url("+href+")") {
				t.Errorf("%s preloads %s, which fonts.css does not name:\n%s", tc.path, href, css.body)
			}
			if f := v.get(href); f.status != 200 || f.header.Get("Content-Type") != "font/woff2" {
				t.Errorf("%s: preload %s answers %d %q", tc.path, href, f.status, f.header.Get("Content-Type"))
			}
			got = append(got, href)
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s preloads %q; want the faces %q", tc.path, got, tc.want)
			continue
		}
		for i, w := range tc.want {
			if !strings.Contains(got[i], "/"+w+"-normal.woff2?v=") {
				t.Errorf("%s preload %d = %s; want %s", tc.path, i, got[i], w)
			}
		}
		if strings.Index(p.body, `rel="preload"`) > strings.Index(p.body, `rel="stylesheet"`) {
			t.Errorf("%s: the font preloads come after a stylesheet", tc.path)
		}
	}
}
