package public_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"newsroom/content"
)

// startChromium opens a headless Chromium tab for a layout test. Without
// Chromium the test skips, or fails under CI=true (browser tests must run
// in CI).
func startChromium(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but Chromium is missing: %v", err)
		}
		t.Skipf("Chromium is missing: %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()))
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc(); cancel() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return bctx
}

// featuredBox is what the featured block looks like in the browser.
type featuredBox struct {
	Stories int     `json:"stories"`
	Layout  string  `json:"layout"`
	Bottom  float64 `json:"bottom"` // the grid's bottom edge
	// Blank is the tallest empty band at the foot of a cell of the grid:
	// the cell's bottom minus the bottom of its last text or image.
	Blank       float64 `json:"blank"`
	RowStory    float64 `json:"rowStory"` // height of the shortest row story (a "slot")
	ScrollWidth int     `json:"scrollWidth"`
	ClientWidth int     `json:"clientWidth"`
	Hidden      int     `json:"hidden"` // stories that are not on screen
}

const readFeatured = `(() => {
	const s = document.querySelector("section.featured");
	if (!s) return {stories: 0, layout: "", bottom: 0, blank: 0, rowStory: 0, scrollWidth: 0, clientWidth: 0, hidden: 0};
	const grid = s.querySelector(".featured-grid").getBoundingClientRect();
	const stories = [...s.querySelectorAll(".lead-story, .row-story")];
	const textBottom = el => Math.max(...[...el.querySelectorAll(".story-title, .story-meta, .lead-excerpt, img, .noimg")]
		.filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().bottom));
	let blank = 0;
	const lead = s.querySelector(".lead-story"), list = s.querySelector(".story-list");
	// Each grid cell (the lead, the list beside or under it) is measured from
	// its last text to its own bottom edge: a stretched cell shows blank there.
	if (lead) blank = Math.max(blank, lead.getBoundingClientRect().bottom - textBottom(lead));
	if (list) blank = Math.max(blank, list.getBoundingClientRect().bottom - textBottom(list.lastElementChild));
	const rows = [...s.querySelectorAll(".row-story")].map(r => r.getBoundingClientRect().height);
	return {stories: stories.length, layout: s.className, bottom: grid.bottom, blank,
		rowStory: rows.length ? Math.min(...rows) : 0,
		scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
		hidden: stories.filter(e => !e.getClientRects().length).length};
})()`

// TestFeaturedBlockFillsItsGrid picks 0 to 6 stories and looks at the
// homepage in Chromium on a computer and on a phone: every story shows, the
// page never scrolls sideways, and no column of the block ends in a blank
// band as tall as a story slot.
func TestFeaturedBlockFillsItsGrid(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	by := ta.accAuthor(t)
	now := ta.clock.Now()
	headlines := []string{
		"มหาวิทยาลัยนครพนมจัดพิธีพระราชทานปริญญาบัตร ประจำปีการศึกษา 2568 ณ หอประชุมใหญ่",
		"คณะวิทยาศาสตร์ลงนามความร่วมมือกับเทศบาลเมืองนครพนม",
		"นักศึกษาวิทยาลัยการบินคว้ารางวัลชนะเลิศการแข่งขันนวัตกรรมระดับภาคตะวันออกเฉียงเหนือ ประจำปี 2569",
		"ปลูกต้นไม้ริมโขง",
		"คณะครุศาสตร์จัดอบรมครูพี่เลี้ยงเพื่อพัฒนาการฝึกประสบการณ์วิชาชีพ",
		"สำนักวิทยบริการเปิดบริการห้องสมุด 24 ชั่วโมงช่วงสอบปลายภาค",
		"ข่าวล่าสุดที่ไม่ได้เลือก หนึ่ง", "ข่าวล่าสุดที่ไม่ได้เลือก สอง",
	}
	var ids []int64
	for i, h := range headlines {
		ids = append(ids, ta.accNews(t, accItem{title: h, start: now.Add(-time.Duration(i+1) * time.Hour), end: now.Add(72 * time.Hour)}))
	}
	today := content.DayOf(now)
	browser := startChromium(t)
	for n := 0; n <= content.MaxPicks; n++ {
		for _, id := range ids {
			if err := ta.content.Unpick(ctx, today, id); err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range ids[:n] {
			if _, err := ta.content.PickNews(ctx, today, id, by, now); err != nil {
				t.Fatalf("pick %d: %v", id, err)
			}
		}
		want := n
		if n == 0 {
			want = 5 // the newest live news stand in
		}
		for _, width := range []int{1366, 1024, 768, 390} {
			t.Run(fmt.Sprintf("%d picks at %d px", n, width), func(t *testing.T) {
				err := chromedp.Do(browser, chromedp.EmulateViewport(int64(width), 900),
					chromedp.Navigate(ta.srv.URL+"/"), chromedp.WaitReady("section.featured"))
				var box featuredBox
				if err == nil {
					box, err = chromedp.Run(browser, chromedp.Evaluate[featuredBox](readFeatured))
				}
				if err != nil {
					t.Fatal(err)
				}
				if box.Stories != want || box.Hidden != 0 || !strings.Contains(box.Layout, fmt.Sprintf("featured-n%d", want)) {
					t.Errorf("featured block %+v: want %d stories on screen with layout featured-n%d", box, want, want)
				}
				if box.ScrollWidth > box.ClientWidth {
					t.Errorf("the homepage is %d px wide in a %d px window: it scrolls sideways", box.ScrollWidth, box.ClientWidth)
				}
				slot := max(box.RowStory, 90)
				if box.Blank >= slot {
					t.Errorf("a column of the featured block ends in %.0f px of blank space (a story slot is %.0f px): %+v", box.Blank, slot, box)
				}
			})
		}
	}
}

// TestNewsPagePrintsTheStoryOnly prints a news page (print media in
// Chromium): the story, its photos and its address remain; the menus, the
// search, the share buttons, related news and the footer's links go. On
// screen the share links are plain links that load nothing from other sites.
func TestNewsPagePrintsTheStoryOnly(t *testing.T) {
	ta := newDemoApp(t)
	list, _, err := ta.content.LiveNews(context.Background(), content.Thai, ta.clock.Now(), 1, 0)
	if err != nil || len(list) == 0 {
		t.Fatalf("no live news: %v", err)
	}
	browser := startChromium(t)
	type view struct {
		Shown    []string `json:"shown"`
		Hidden   []string `json:"hidden"`
		ShareURL string   `json:"shareURL"`
		Foreign  []string `json:"foreign"` // resources loaded from other hosts
	}
	const look = `(() => {
		const parts = {"h1": "article.story h1", "body": ".body", "photo": ".main-photo img", "address": ".print-url",
			"header": ".site-header", "share": ".share", "related": ".related", "crumbs": ".breadcrumbs", "footer links": ".footer-nav"};
		const shown = [], hidden = [];
		for (const [name, css] of Object.entries(parts)) {
			const el = document.querySelector(css);
			(el && el.getClientRects().length ? shown : hidden).push(name);
		}
		const fb = document.querySelector(".share a.s-fb");
		return {shown, hidden, shareURL: fb ? fb.href : "",
			foreign: performance.getEntriesByType("resource").map(r => r.name).filter(u => new URL(u).host !== location.host)};
	})()`
	url := fmt.Sprintf("%s/news/%d", ta.srv.URL, list[0].ID)
	read := func(media string) view {
		t.Helper()
		err := chromedp.Do(browser, chromedp.EmulateViewport(1366, 900), chromedp.Navigate(url), chromedp.WaitReady("article.story"),
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
				return err
			}))
		if err != nil {
			t.Fatal(err)
		}
		v, err := chromedp.Run(browser, chromedp.Evaluate[view](look))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	screen := read("screen")
	if !slices.Contains(screen.Shown, "share") || !slices.Contains(screen.Shown, "crumbs") || slices.Contains(screen.Shown, "address") {
		t.Errorf("on screen: shown %v, hidden %v; want the share links and breadcrumbs, not the printed address", screen.Shown, screen.Hidden)
	}
	if !strings.HasPrefix(screen.ShareURL, "https://www.facebook.com/sharer/sharer.php?u=http") {
		t.Errorf("the Facebook link is %q; want the sharer with the story's address", screen.ShareURL)
	}
	if len(screen.Foreign) > 0 {
		t.Errorf("the news page loaded from other sites: %v", screen.Foreign)
	}
	printed := read("print")
	for _, part := range []string{"h1", "body", "photo", "address"} {
		if !slices.Contains(printed.Shown, part) {
			t.Errorf("printed: %s is missing (shown %v)", part, printed.Shown)
		}
	}
	for _, part := range []string{"header", "share", "related", "crumbs", "footer links"} {
		if slices.Contains(printed.Shown, part) {
			t.Errorf("printed: %s is still on the page (shown %v)", part, printed.Shown)
		}
	}
}

// TestPublicPagesNeverScrollSideways opens every kind of public page of the
// demo site at a computer's, a phone's and a small phone's width: the page
// is never wider than the window (tables scroll inside their own box).
func TestPublicPagesNeverScrollSideways(t *testing.T) {
	ta := newDemoApp(t)
	v := ta.browser(t)
	home := v.get("/")
	paths := []string{"/", "/en/", "/news", "/news?fy=2569", "/videos", "/notices", "/search?q=" + "นครพนม", "/search?q=zzzz",
		"/units", "/sitemap", "/en/sitemap", "/ita", "/qa", "/pages/contact", "/pages/executives", "/no-such-page"}
	for _, re := range []string{`href="(/news/\d+)"`, `href="(/videos/\d+)"`, `href="(/notices/\d+)"`, `href="(/units/[a-z0-9-]+)"`, `href="(/procurement/\d+)"`} {
		if m := regexp.MustCompile(re).FindStringSubmatch(home.body + v.get("/sitemap").body); m != nil {
			paths = append(paths, m[1])
		}
	}
	if m := regexp.MustCompile(`href="(/procurement/\d+/\d+)"`).FindStringSubmatch(v.get("/ita").body + v.get("/sitemap").body); m != nil {
		paths = append(paths, m[1])
	}
	browser := startChromium(t)
	type width struct {
		Scroll int    `json:"scroll"`
		Client int    `json:"client"`
		Widest string `json:"widest"`
	}
	const measure = `(() => {
		const de = document.documentElement;
		let widest = "";
		for (const el of document.body.querySelectorAll("*")) {
			const r = el.getBoundingClientRect();
			if (r.right > de.clientWidth + 1 && !widest) widest = el.tagName.toLowerCase() + "." + el.className + " (" + Math.round(r.right) + " px)";
		}
		return {scroll: de.scrollWidth, client: de.clientWidth, widest};
	})()`
	for _, w := range []int{1366, 390, 320} {
		for _, path := range paths {
			err := chromedp.Do(browser, chromedp.EmulateViewport(int64(w), 800), chromedp.Navigate(ta.srv.URL+path), chromedp.WaitReady("main"))
			var got width
			if err == nil {
				got, err = chromedp.Run(browser, chromedp.Evaluate[width](measure))
			}
			if err != nil {
				t.Fatalf("%s at %d px: %v", path, w, err)
			}
			if got.Scroll > got.Client {
				t.Errorf("%s at %d px is %d px wide: it scrolls sideways (first element past the edge: %s)", path, w, got.Scroll, got.Widest)
			}
		}
	}
	t.Logf("%d pages at 3 widths", len(paths))
}
