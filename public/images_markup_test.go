package public_test

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// imgTag is one <img> of a page, by its attributes.
type imgTag map[string]string

func pageImages(t *testing.T, body string) []imgTag {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out []imgTag
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "img" {
			a := imgTag{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			out = append(out, a)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// TestPublicImagesAreSizedAndLazy walks the demo site's public pages: every
// image carries its width and height (no layout shift while it loads) and
// alt text (empty for decoration), at most two images per page load at
// once (the hero), the rest lazily, and a srcset names only our own media
// with width descriptors, so that a phone fetches the 400-wide file.
func TestPublicImagesAreSizedAndLazy(t *testing.T) {
	ta := newDemoApp(t)
	v := ta.browser(t)
	home := v.get("/")
	wantStatus(t, home, 200, "/")
	paths := []string{"/", "/en/", "/news", "/videos", "/notices", "/units"}
	for _, m := range regexp.MustCompile(`href="(/news/\d+|/videos/\d+|/units/[a-z0-9-]+)"`).FindAllStringSubmatch(home.body, -1) {
		paths = append(paths, m[1])
	}
	srcset := regexp.MustCompile(`^/media/[0-9a-f/]+\.(jpg|png|webp) \d+w(, /media/[0-9a-f/]+\.(jpg|png|webp) \d+w)*$`)
	seen := map[string]bool{}
	for _, path := range paths {
		if seen[path] {
			continue
		}
		seen[path] = true
		p := v.get(path)
		wantStatus(t, p, 200, path)
		eager := 0
		imgs := pageImages(t, p.body)
		for _, img := range imgs {
			what := path + ": <img src=" + img["src"] + ">"
			if img["width"] == "" || img["height"] == "" {
				t.Errorf("%s has no width and height", what)
			}
			if _, ok := img["alt"]; !ok {
				t.Errorf("%s has no alt attribute", what)
			}
			if img["loading"] != "lazy" {
				eager++
			}
			if s, ok := img["srcset"]; ok && !srcset.MatchString(s) {
				t.Errorf("%s: srcset %q is not a list of our media files with widths", what, s)
			}
			if s, ok := img["srcset"]; ok && img["sizes"] == "" {
				t.Errorf("%s: srcset %q without sizes", what, s)
			}
		}
		if eager > 2 {
			t.Errorf("%s: %d of %d images load at once; want at most the two at the top, the rest lazily", path, eager, len(imgs))
		}
		if path == "/" && !strings.Contains(p.body, "srcset=") {
			t.Errorf("the homepage offers no srcset: phones would fetch full-size photos")
		}
	}
	if len(seen) < 10 {
		t.Fatalf("only %d pages walked: %v", len(seen), seen)
	}
}
