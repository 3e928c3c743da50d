package public_test

import (
	"context"
	"image/jpeg"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"newsroom/content"
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
	srcset := regexp.MustCompile(`^/media/[0-9a-f/]+\.(jpg|png)(\?w=\d+)? \d+w(, /media/[0-9a-f/]+\.(jpg|png)(\?w=\d+)? \d+w)*$`)
	seen, fetched := map[string]bool{}, map[string]bool{}
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
			// Every candidate answers with a JPEG no wider than it claims;
			// the smaller copies (?w=) exactly as wide.
			for _, cand := range strings.Split(img["srcset"], ", ") {
				url, desc, ok := strings.Cut(cand, " ")
				if !ok || fetched[url] {
					continue
				}
				fetched[url] = true
				f := v.get(url)
				cfg, err := jpeg.DecodeConfig(strings.NewReader(f.body))
				claimed, _ := strconv.Atoi(strings.TrimSuffix(desc, "w"))
				switch {
				case f.status != 200 || err != nil:
					t.Errorf("%s: srcset candidate %s: status %d, %v", what, url, f.status, err)
				case cfg.Width > claimed || strings.Contains(url, "?w=") && cfg.Width != claimed:
					t.Errorf("%s: srcset candidate %s is %d wide; it claims %s", what, url, cfg.Width, desc)
				}
			}
		}
		if eager > 2 {
			t.Errorf("%s: %d of %d images load at once; want at most the two at the top, the rest lazily", path, eager, len(imgs))
		}
		if path == "/" && !strings.Contains(p.body, "srcset=") {
			t.Errorf("the homepage offers no srcset: phones would fetch full-size photos")
		}
	}
	if len(fetched) < 10 {
		t.Fatalf("only %d srcset files fetched", len(fetched))
	}
	if len(seen) < 10 {
		t.Fatalf("only %d pages walked: %v", len(seen), seen)
	}
}

// TestSmallCopiesFollowTheirFile: the smaller copies of a photo (?w=) exist
// only at the offered widths, and go with their file when its item is taken
// down, like every other form of it.
func TestSmallCopiesFollowTheirFile(t *testing.T) {
	ta := newDemoApp(t)
	v := ta.browser(t)
	ctx := context.Background()
	list, _, err := ta.content.LiveNews(ctx, content.Thai, ta.clock.Now(), 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	var n content.News
	for _, x := range list {
		if x.MainThumb != "" {
			n = x
			break
		}
	}
	if n.ID == 0 {
		t.Fatal("the demo has no live news with a photo")
	}
	thumb := "/media/" + n.MainThumb
	for _, tc := range []struct {
		url    string
		status int
	}{
		{thumb + "?w=200", 200}, {thumb + "?w=400", 200}, {thumb, 200}, {thumb + "?w=500", 404},
		{thumb + "?w=201", 404}, {thumb + "?w=0", 404}, {thumb + "?w=-200", 404}, {thumb + "?w=2e2", 404},
		{thumb + "?w=99999999999999999999", 404}, {thumb + "?w=", 200},
	} {
		if p := v.get(tc.url); p.status != tc.status {
			t.Errorf("%s: status %d, want %d", tc.url, p.status, tc.status)
		} else if tc.status == 200 && p.header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("%s: type %q", tc.url, p.header.Get("Content-Type"))
		}
	}
	small := v.get(thumb + "?w=200")
	if small.header.Get("ETag") == v.get(thumb).header.Get("ETag") {
		t.Error("the 200-wide copy has the same ETag as the thumbnail")
	}
	if err := ta.content.TakeDown(ctx, content.NewsKind, n.ID, content.TakedownInput{Reason: "คำร้อง"}, ta.clock.Now()); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{thumb, thumb + "?w=200", thumb + "?w=400"} {
		if p := v.get(u); p.status != 410 {
			t.Errorf("after the takedown %s answers %d; want 410", u, p.status)
		}
	}
}

// TestShareLinksCarryHostileHeadlinesSafely: a headline full of URL and
// HTML syntax reaches the share links percent-encoded, never as markup or as
// extra query parameters.
func TestShareLinksCarryHostileHeadlinesSafely(t *testing.T) {
	ta := newTestApp(t)
	headline := `ข่าว "ทดสอบ" <script>alert(1)</script> & via=evil#frag ?u=https://evil.example/ 'x'`
	id := ta.accNews(t, ta.liveItem(headline))
	p := ta.browser(t).get("/news/" + strconv.FormatInt(id, 10))
	wantStatus(t, p, 200, "news page")
	if strings.Contains(p.body, "<script>alert(1)") {
		t.Fatal("the headline reached the page as markup")
	}
	doc, err := html.Parse(strings.NewReader(p.body))
	if err != nil {
		t.Fatal(err)
	}
	var hrefs []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key == "href" && strings.HasPrefix(a.Val, "https://") {
					hrefs = append(hrefs, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(hrefs) != 3 {
		t.Fatalf("share links %q; want Facebook, LINE and X", hrefs)
	}
	for _, h := range hrefs {
		u, err := url.Parse(h)
		if err != nil {
			t.Fatalf("%s: %v", h, err)
		}
		q := u.Query()
		if u.Fragment != "" || q.Has("via") || len(q["u"]) > 1 || len(q["url"]) > 1 {
			t.Errorf("%s: the headline added parameters or a fragment: %v #%s", h, q, u.Fragment)
		}
		if strings.Contains(u.Host, "evil") {
			t.Errorf("%s points at %s", h, u.Host)
		}
		if text := q.Get("text"); text != "" && text != headline {
			t.Errorf("X's text is %q; want the headline unchanged", text)
		}
	}
}
