package e2e

import (
	"context"
	"fmt"
	"mime"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// What the visitor's journey of issue 5 looks for in the demo content.
const (
	// scholarshipHeadline is the demo scholarship notice; searchWord sits
	// in the middle of it, with no spaces around it, as Thai is written.
	scholarshipHeadline = "ทุนการศึกษาสำหรับนักศึกษาที่มีผลการเรียนดี ประจำปีการศึกษา 2569"
	searchWord          = "ผลการเรียน"
	// summaryPrefix starts the headline of every monthly procurement summary.
	summaryPrefix = "สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน"
	// phoneW, phoneH is the screen of the visitor's phone, in CSS pixels.
	phoneW, phoneH = 390, 844
)

// carouselClockJS runs before every page's own scripts: it keeps the long
// interval timers (the carousel's 6-second auto-advance) for the test to
// fire with window.__e2eTick() instead of letting them run on the wall
// clock, so that the test sees every step of the carousel and waits for none.
const carouselClockJS = `(() => {
	const real = window.setInterval;
	window.__e2eTicks = [];
	window.setInterval = function (fn, ms) {
		if (typeof fn === "function" && ms >= 3000) { window.__e2eTicks.push(fn); return 0; }
		return real.apply(this, arguments);
	};
	window.__e2eTick = () => { window.__e2eTicks.forEach(f => f()); return window.__e2eTicks.length; };
})()`

// carouselState is what the banner carousel shows.
type carouselState struct {
	Slides      int    `json:"slides"`
	Shown       int    `json:"shown"` // slides on screen; one at a time
	Index       int    `json:"index"` // the slide on screen
	Dots        int    `json:"dots"`
	Current     int    `json:"current"` // the dot marked aria-current
	Prev        bool   `json:"prev"`
	Next        bool   `json:"next"`
	Toggle      string `json:"toggle"` // the pause/play button's label
	PauseLabel  string `json:"pauseLabel"`
	PlayLabel   string `json:"playLabel"`
	Ticks       int    `json:"ticks"` // auto-advance timers the page started
	FocusInside bool   `json:"focusInside"`
}

func readCarousel(t *testing.T, ctx context.Context) carouselState {
	t.Helper()
	return get(t, ctx, "read the carousel", chromedp.Evaluate[carouselState](`(() => {
		const r = document.querySelector("[data-carousel]");
		const s = [...r.querySelectorAll(".slide")];
		const dots = [...r.querySelectorAll(".carousel-controls .c-dot")];
		const tg = r.querySelector(".carousel-controls .c-toggle");
		return {slides: s.length, shown: s.filter(x => !x.hidden && x.getClientRects().length > 0).length,
			index: s.findIndex(x => !x.hidden), dots: dots.length,
			current: dots.findIndex(d => d.getAttribute("aria-current") === "true"),
			prev: !!r.querySelector(".carousel-controls .c-prev"), next: !!r.querySelector(".carousel-controls .c-next"),
			toggle: tg ? tg.getAttribute("aria-label") : "", pauseLabel: r.dataset.tPause || "", playLabel: r.dataset.tPlay || "",
			ticks: (window.__e2eTicks || []).length, focusInside: r.contains(document.activeElement)};
	})()`))
}

// tick fires the carousel's auto-advance timer once, as 6 seconds passing.
func tick(t *testing.T, ctx context.Context) {
	t.Helper()
	get(t, ctx, "let 6 seconds pass", chromedp.Evaluate[int](`window.__e2eTick()`))
}

// mouseAt moves the mouse to the middle of the element, or, with css "",
// to the top-left corner of the window, off the carousel.
func mouseAt(t *testing.T, ctx context.Context, css string) {
	t.Helper()
	x, y := 3.0, 3.0
	if css != "" {
		do(t, ctx, "scroll to "+css, centre(css))
		p := get(t, ctx, "find "+css, chromedp.Evaluate[[]float64](`(() => {
			const r = document.querySelector(`+jsString(css)+`).getBoundingClientRect();
			return [r.left + r.width / 2, r.top + r.height / 2];
		})()`))
		x, y = p[0], p[1]
	}
	do(t, ctx, fmt.Sprintf("move the mouse to %s (%.0f, %.0f)", css, x, y), chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
}

// swipe drags a finger across the middle of the element by dx pixels.
func swipe(t *testing.T, ctx context.Context, css string, dx float64) {
	t.Helper()
	do(t, ctx, "scroll to "+css, centre(css))
	p := get(t, ctx, "find "+css, chromedp.Evaluate[[]float64](`(() => {
		const r = document.querySelector(`+jsString(css)+`).getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2];
	})()`))
	x, y := p[0]-dx/2, p[1]
	do(t, ctx, fmt.Sprintf("swipe %+.0f px across %s", dx, css), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		touch := func(typ input.DispatchTouchEventType, x float64) error {
			p := input.DispatchTouchEventParams{Type: typ, TouchPoints: []*input.TouchPoint{}}
			if typ != input.DispatchTouchEventTypeTouchEnd {
				p.TouchPoints = []*input.TouchPoint{{X: x, Y: y}}
			}
			_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, p)
			return err
		}
		if err := touch(input.DispatchTouchEventTypeTouchStart, x); err != nil {
			return err
		}
		for i := 1; i <= 5; i++ {
			if err := touch(input.DispatchTouchEventTypeTouchMove, x+dx*float64(i)/5); err != nil {
				return err
			}
		}
		return touch(input.DispatchTouchEventTypeTouchEnd, 0)
	}))
}

// homeCard is a story card of the homepage.
type homeCard struct {
	Href  string `json:"href"`
	Title string `json:"title"`
	Img   string `json:"img"`
	Meta  string `json:"meta"`
}

// homePage is what the homepage shows below the carousel.
type homePage struct {
	Lang     string     `json:"lang"`
	Featured []homeCard `json:"featured"`
	Latest   []homeCard `json:"latest"`
	Shelves  []string   `json:"shelves"`
	Posters  int        `json:"posters"`
	Plays    int        `json:"plays"`
	Iframes  int        `json:"iframes"`
	Badges   int        `json:"badges"`
	Notices  []string   `json:"notices"` // the meta line of each notice in the tabs
	Footer   []string   `json:"footer"`  // the footer's links
}

func readHome(t *testing.T, ctx context.Context) homePage {
	t.Helper()
	return get(t, ctx, "read the homepage", chromedp.Evaluate[homePage](`(() => {
		const cards = css => [...document.querySelectorAll(css)].map(li => {
			const a = li.querySelector("a"), img = li.querySelector("img"), m = li.querySelector(".card-meta, .story-meta");
			const title = li.querySelector(".card-title, .story-title");
			return {href: a ? a.getAttribute("href") : "", title: title ? title.textContent.trim() : "",
				img: img ? img.getAttribute("src") : "", meta: m ? m.textContent.trim() : ""};
		});
		const ch = document.querySelector("section[aria-labelledby=channel-h]");
		const tabs = document.querySelector("[data-tabs]");
		return {
			lang: document.documentElement.lang,
			featured: cards("section.featured :is(.lead-story, .row-story)"),
			latest: cards("section[aria-labelledby=latest-h] .row-story"),
			shelves: ch ? [...ch.querySelectorAll(".shelf-title")].map(h => h.textContent.trim()) : [],
			posters: ch ? ch.querySelectorAll(".poster").length : 0,
			plays: ch ? ch.querySelectorAll(".poster .play").length : 0,
			iframes: document.querySelectorAll("iframe").length,
			badges: tabs ? tabs.querySelectorAll(".badge-new").length : 0,
			notices: tabs ? [...tabs.querySelectorAll("[role=tabpanel] ol.notices > li:not(.empty) .meta")].map(m => m.textContent.trim()) : [],
			footer: [...document.querySelectorAll("footer a[href]")].map(a => a.getAttribute("href")),
		};
	})()`))
}

// tabState is one tab of the notices.
type tabState struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Selected bool   `json:"selected"`
	Focused  bool   `json:"focused"`
	Panel    bool   `json:"panel"` // its panel is on screen
}

func readTabs(t *testing.T, ctx context.Context) []tabState {
	t.Helper()
	return get(t, ctx, "read the notice tabs", chromedp.Evaluate[[]tabState](`[...document.querySelectorAll("[data-tabs] [role=tablist] [role=tab]")].map(tb => {
		const p = document.getElementById(tb.getAttribute("aria-controls"));
		return {id: tb.id, label: tb.textContent.trim(), selected: tb.getAttribute("aria-selected") === "true",
			focused: document.activeElement === tb, panel: !!p && p.getAttribute("role") === "tabpanel" && !p.hidden && p.getClientRects().length > 0};
	})`))
}

// checkOnlyTab fails unless tab k is the selected one, with the focus when
// focused is set, and its panel is the only one on screen.
func checkOnlyTab(t *testing.T, tabs []tabState, k int, focused bool, after string) {
	t.Helper()
	for j, tb := range tabs {
		if want := j == k; tb.Selected != want || tb.Panel != want || (focused && tb.Focused != want) {
			t.Errorf("after %s: tab %d %q selected=%v, panel shown=%v, focused=%v; want tab %d %q alone selected and shown",
				after, j, tb.Label, tb.Selected, tb.Panel, tb.Focused, k, tabs[k].Label)
		}
	}
}

// checkNoSideScroll fails when the page is wider than the phone's screen,
// and names the elements that stick out.
func checkNoSideScroll(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	type widths struct {
		Scroll int      `json:"scroll"`
		Inner  int      `json:"inner"`
		Client int      `json:"client"`
		Wide   []string `json:"wide"`
	}
	w := get(t, ctx, "measure "+where, chromedp.Evaluate[widths](`document.fonts.ready.then(() => {
		const de = document.documentElement, cw = de.clientWidth;
		const wide = [...document.body.querySelectorAll("*")].filter(e => e.getBoundingClientRect().right > cw + 1)
			.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().replace(/\s+/g, ".") : "") +
				" right=" + Math.round(e.getBoundingClientRect().right));
		return {scroll: de.scrollWidth, inner: window.innerWidth, client: cw, wide: wide};
	})`, chromedp.EvalAwaitPromise))
	if w.Scroll > phoneW || w.Scroll > w.Inner {
		t.Errorf("%s scrolls sideways on a %d px phone: scrollWidth %d, innerWidth %d, clientWidth %d; sticking out: %q",
			where, phoneW, w.Scroll, w.Inner, w.Client, w.Wide)
	}
}

// thaiFiscalYear is the Thai government's fiscal year (1 October – 30
// September) of the Bangkok day of now, in the Buddhist Era.
func thaiFiscalYear(now time.Time) int {
	b := now.In(bangkok)
	fy := b.Year() + 543
	if b.Month() >= time.October {
		fy++
	}
	return fy
}

// thaiDayRE reads a Thai date as the pages print it: "5 ตุลาคม 2569".
var thaiDayRE = regexp.MustCompile(`(\d{1,2}) (\S+) (\d{4})`)

// fiscalYearOfThaiDate returns the fiscal year of a printed Thai date, or 0.
func fiscalYearOfThaiDate(s string) int {
	m := thaiDayRE.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	month := slices.Index(thaiMonthNames[:], m[2]) + 1
	be, _ := strconv.Atoi(m[3])
	if month == 0 {
		return 0
	}
	if month >= 10 {
		return be + 1
	}
	return be
}

// noticeItem is one notice of a public notice list.
type noticeItem struct {
	Href  string `json:"href"`
	Title string `json:"title"`
	Date  string `json:"date"`
}

func readNoticeList(t *testing.T, ctx context.Context) []noticeItem {
	t.Helper()
	return get(t, ctx, "read the notice list", chromedp.Evaluate[[]noticeItem](`[...document.querySelectorAll("main ol.notices > li")].map(li => {
		const a = li.querySelector("a"), tm = li.querySelector("time");
		return {href: a ? a.getAttribute("href") : "", title: a ? a.textContent.trim() : "", date: tm ? tm.textContent.trim() : ""};
	})`))
}

// lightboxState is what the gallery's lightbox shows.
type lightboxState struct {
	Exists  bool   `json:"exists"`
	Visible bool   `json:"visible"`
	Src     string `json:"src"`
	Loaded  bool   `json:"loaded"`
	Caption string `json:"caption"`
	Focus   string `json:"focus"` // the focused element: "in" the box, "opener" (the first photo's link) or "other"
}

func readLightbox(t *testing.T, ctx context.Context) lightboxState {
	t.Helper()
	return get(t, ctx, "read the lightbox", chromedp.Evaluate[lightboxState](`(() => {
		const b = document.querySelector(".lightbox");
		const opener = document.querySelector("ul.gallery a");
		const focus = b && b.contains(document.activeElement) ? "in" : document.activeElement === opener ? "opener" : "other";
		if (!b) return {exists: false, focus: focus};
		const i = b.querySelector("img"), c = b.querySelector(".lb-caption");
		return {exists: true, visible: !b.hidden && b.getClientRects().length > 0, src: i ? i.src : "",
			loaded: !!i && i.complete && i.naturalWidth > 0, caption: c ? c.textContent.trim() : "", focus: focus};
	})()`))
}

// TestVisitorJourney is the acceptance journey of issue 5: a visitor looks
// at the homepage (banners, featured, latest news, NPU Channel, notices in
// tabs), on a phone for most of it; switches to English and back; opens a
// news item and its photos in the lightbox; searches a Thai word from the
// middle of a headline and opens the notice's PDF; finds a fiscal year of
// expired procurement summaries in the archive; reads the footer pages; and
// last plays a video. Until that click, no page asked another host for
// anything.
func TestVisitorJourney(t *testing.T) {
	t.Parallel()
	began := time.Now()
	ctx := newBrowser(t)
	reqs := watchRequests(t, ctx)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: carouselClockJS}); err != nil {
		t.Fatalf("install the carousel clock: %v", err)
	}

	// 1. The banner carousel, on a desktop screen with a mouse.
	if resp := open(t, ctx, "/"); resp.Status != 200 {
		t.Fatalf("/: status %d%s", resp.Status, pageState(ctx))
	}
	waitFor(t, ctx, "the carousel has its controls", `!!document.querySelector("[data-carousel] .carousel-controls")`, 5*time.Second)
	c := readCarousel(t, ctx)
	t.Logf("carousel: %+v", c)
	if c.Slides < 2 {
		t.Fatalf("the carousel has %d slides; the demo has 3 banners", c.Slides)
	}
	if c.Shown != 1 || c.Index != 0 {
		t.Errorf("the carousel shows %d slides, the first on screen is %d; want one, the first", c.Shown, c.Index)
	}
	if !c.Prev || !c.Next || c.Toggle == "" || c.Dots != c.Slides || c.Current != 0 {
		t.Errorf("carousel controls: prev %v, next %v, toggle %q, %d dots for %d slides, dot %d current; want all, a dot per slide, the first current",
			c.Prev, c.Next, c.Toggle, c.Dots, c.Slides, c.Current)
	}
	if c.Ticks != 1 {
		t.Fatalf("the homepage started %d long interval timers; want the carousel's one", c.Ticks)
	}
	n := c.Slides
	step := func(what string, want int) {
		t.Helper()
		if c := readCarousel(t, ctx); c.Index != want%n || c.Shown != 1 || c.Current != want%n {
			t.Errorf("after %s the carousel shows slide %d (%d on screen, dot %d current); want slide %d alone",
				what, c.Index, c.Shown, c.Current, want%n)
		}
	}
	mouseAt(t, ctx, "")
	tick(t, ctx)
	step("6 seconds", 1)
	mouseAt(t, ctx, "[data-carousel]")
	tick(t, ctx)
	step("6 seconds with the mouse over it (it pauses on hover)", 1)
	mouseAt(t, ctx, "")
	tick(t, ctx)
	step("6 more seconds with the mouse away", 2)
	do(t, ctx, "click the previous button", chromedp.Click(chromedp.CSS("[data-carousel] .c-prev"), chromedp.NodeVisible))
	step("the previous button", 1)
	do(t, ctx, "click the next button", chromedp.Click(chromedp.CSS("[data-carousel] .c-next"), chromedp.NodeVisible))
	step("the next button", 2)
	do(t, ctx, "click the first dot", chromedp.Click(chromedp.CSS("[data-carousel] .c-dot"), chromedp.NodeVisible))
	step("the first dot", 0)
	// A keyboard user tabs to the first dot: the arrow keys move the slides,
	// and the carousel stays still while it has the focus.
	mouseAt(t, ctx, "")
	do(t, ctx, "tab to the first dot", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`),
		chromedp.Focus(chromedp.CSS("[data-carousel] .c-dot")))
	if c := readCarousel(t, ctx); !c.FocusInside {
		t.Errorf("the focus is not in the carousel after focusing its first dot")
	}
	do(t, ctx, "press ArrowRight in the carousel", chromedp.KeyEvent(kb.ArrowRight))
	step("ArrowRight", 1)
	do(t, ctx, "press ArrowLeft twice", chromedp.KeyEvent(kb.ArrowLeft+kb.ArrowLeft))
	step("ArrowLeft twice (it wraps round)", n-1)
	tick(t, ctx)
	step("6 seconds with the focus in it (it pauses on focus)", n-1)
	// The pause button stops it for good, focus or not.
	do(t, ctx, "click pause", chromedp.Click(chromedp.CSS("[data-carousel] .c-toggle"), chromedp.NodeVisible))
	if c := readCarousel(t, ctx); c.Toggle != c.PlayLabel {
		t.Errorf("after pause, the toggle is labelled %q; want %q", c.Toggle, c.PlayLabel)
	}
	do(t, ctx, "take the focus and the mouse away", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))
	mouseAt(t, ctx, "")
	tick(t, ctx)
	step("6 seconds paused", n-1)
	do(t, ctx, "click play", chromedp.Click(chromedp.CSS("[data-carousel] .c-toggle"), chromedp.NodeVisible),
		chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`))
	if c := readCarousel(t, ctx); c.Toggle != c.PauseLabel {
		t.Errorf("after play, the toggle is labelled %q; want %q", c.Toggle, c.PauseLabel)
	}
	mouseAt(t, ctx, "")
	tick(t, ctx)
	step("6 seconds after play", n)

	// 2. The homepage on a phone.
	do(t, ctx, "turn into a phone", chromedp.EmulateViewport(phoneW, phoneH, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait))
	open(t, ctx, "/")
	waitFor(t, ctx, "the carousel has its controls", `!!document.querySelector("[data-carousel] .carousel-controls")`, 5*time.Second)
	swipe(t, ctx, "[data-carousel]", -160)
	step("a swipe to the left", 1)
	swipe(t, ctx, "[data-carousel]", 160)
	step("a swipe to the right", 0)

	home := readHome(t, ctx)
	if home.Lang != "th" {
		t.Errorf("the homepage's html lang is %q; want th", home.Lang)
	}
	if len(home.Featured) == 0 {
		t.Fatalf("the homepage has no featured cards (section.featured .lead-story)%s", pageState(ctx))
	}
	for i, cs := range [][]homeCard{home.Featured, home.Latest} {
		name := []string{"featured", "latest"}[i]
		if len(cs) == 0 {
			t.Errorf("the homepage has no %s cards", name)
		}
		for _, cd := range cs {
			if !regexp.MustCompile(`^/news/\d+$`).MatchString(cd.Href) || cd.Title == "" || !strings.HasPrefix(cd.Img, "/media/") {
				t.Errorf("%s card %+v: want a link to /news/{id}, a headline and a photo from /media/", name, cd)
			}
			if !regexp.MustCompile(`\d{1,2} \S+ 25\d\d`).MatchString(cd.Meta) {
				t.Errorf("%s card %q: meta %q has no Thai date in the Buddhist Era", name, cd.Title, cd.Meta)
			}
		}
	}
	if img := loadedImage(t, ctx, "section.featured .lead-story img"); !img.Visible || img.Width == 0 {
		t.Errorf("the first featured photo did not show: %+v", img)
	}
	if len(home.Shelves) == 0 || home.Posters == 0 || home.Plays != home.Posters || home.Iframes != 0 {
		t.Errorf("NPU Channel: %d shelves %q, %d posters, %d play buttons, %d iframes; want shelves of posters with play buttons and no player",
			len(home.Shelves), home.Shelves, home.Posters, home.Plays, home.Iframes)
	}
	if home.Badges == 0 {
		t.Errorf("no NEW badge (.badge-new) among the notices in tabs")
	}
	if len(home.Notices) == 0 {
		t.Errorf("no notices in the tabs")
	}
	for _, m := range home.Notices {
		if readCount(m) < 0 {
			t.Errorf("notice meta %q has no read count (อ่าน N ครั้ง)", m)
		}
	}
	for _, p := range []string{"/pages/privacy", "/pages/cookies", "/pages/contact", "/qa", "/ita", "/sitemap"} {
		if !slices.Contains(home.Footer, p) {
			t.Errorf("the footer does not link %s; it links %q", p, home.Footer)
		}
	}
	t.Logf("homepage: %d featured, %d latest, %d shelves, %d posters, %d notices, %d NEW",
		len(home.Featured), len(home.Latest), len(home.Shelves), home.Posters, len(home.Notices), home.Badges)

	tabs := readTabs(t, ctx)
	if len(tabs) < 2 {
		t.Fatalf("the notices have %d tabs; want one per category%s", len(tabs), pageState(ctx))
	}
	checkOnlyTab(t, tabs, 0, false, "loading")
	do(t, ctx, "tap the first tab", chromedp.Click(chromedp.CSS("[data-tabs] [role=tab]"), chromedp.NodeVisible))
	do(t, ctx, "press ArrowRight on the tabs", chromedp.KeyEvent(kb.ArrowRight))
	checkOnlyTab(t, readTabs(t, ctx), 1, true, "ArrowRight")
	do(t, ctx, "press ArrowLeft twice on the tabs", chromedp.KeyEvent(kb.ArrowLeft+kb.ArrowLeft))
	checkOnlyTab(t, readTabs(t, ctx), len(tabs)-1, true, "ArrowLeft twice (it wraps round)")
	do(t, ctx, "press Home on the tabs", chromedp.KeyEvent(kb.Home))
	checkOnlyTab(t, readTabs(t, ctx), 0, true, "Home")
	checkNoSideScroll(t, ctx, "the homepage")
	t.Logf("phone homepage: %s", saveFullScreenshot(t, ctx, "visitor-home-phone"))

	// 3. English and back.
	load(t, ctx, "follow the header's English link", chromedp.Click(chromedp.CSS("header a.lang"), chromedp.NodeVisible))
	if p := pagePath(t, ctx); p != "/en/" {
		t.Errorf("the English link led to %s; want /en/", p)
	}
	type langPage struct {
		Lang, H1, Nav, Placeholder, Back string
	}
	en := get(t, ctx, "read the English homepage", chromedp.Evaluate[langPage](`({
		Lang: document.documentElement.lang,
		H1: (document.querySelector("main h1") || {}).textContent || "",
		Nav: (document.querySelector("header nav") || {}).textContent || "",
		Placeholder: (document.querySelector("#nav-q") || {}).placeholder || "",
		Back: (document.querySelector("header a.lang") || {}).textContent || "",
	})`))
	if en.Lang != "en" {
		t.Errorf("/en/ has html lang %q; want en", en.Lang)
	}
	for _, s := range []struct{ what, got, want string }{
		{"heading", en.H1, "Nakhon Phanom University"},
		{"menu", en.Nav, "Activity news"},
		{"menu", en.Nav, "Notices"},
		{"search box", en.Placeholder, "Search"},
		{"language link", en.Back, "ภาษาไทย"},
	} {
		if !strings.Contains(s.got, s.want) {
			t.Errorf("/en/: the %s reads %q; want it to hold %q", s.what, strings.Join(strings.Fields(s.got), " "), s.want)
		}
	}
	// The English homepage shows the English items: stories with photos
	// linking to /en/news/{id}, videos and notices (the demo posts some).
	enHome := readHome(t, ctx)
	enStories := append(enHome.Featured, enHome.Latest...)
	if len(enStories) == 0 || enHome.Posters == 0 || len(enHome.Notices) == 0 {
		t.Errorf("/en/ shows %d stories, %d videos and %d notices; want English items of each", len(enStories), enHome.Posters, len(enHome.Notices))
	}
	for _, cd := range enStories {
		if !regexp.MustCompile(`^/en/news/\d+$`).MatchString(cd.Href) || regexp.MustCompile(`[\p{Thai}]`).MatchString(cd.Title) || !strings.HasPrefix(cd.Img, "/media/") {
			t.Errorf("English story card %+v: want an English headline linking to /en/news/{id} with a photo", cd)
		}
	}
	checkNoSideScroll(t, ctx, "/en/")
	load(t, ctx, "follow the header's Thai link", chromedp.Click(chromedp.CSS("header a.lang"), chromedp.NodeVisible))
	if p := pagePath(t, ctx); p != "/" {
		t.Errorf("the Thai link led to %s; want /", p)
	}
	if l := get(t, ctx, "read html lang", chromedp.Evaluate[string](`document.documentElement.lang`)); l != "th" {
		t.Errorf("back in Thai, html lang is %q", l)
	}

	// 4. A news item from the featured block, and its photos.
	load(t, ctx, "open the first featured story",
		chromedp.Click(chromedp.CSS("section.featured .lead-story a"), chromedp.NodeVisible))
	candidates := []string{}
	for _, cd := range slices.Concat(home.Featured, home.Latest) {
		candidates = append(candidates, cd.Href)
	}
	var gallery []galleryLink
	for i := 0; ; i++ {
		if p := pagePath(t, ctx); !regexp.MustCompile(`^/news/\d+$`).MatchString(p) {
			t.Fatalf("the story card led to %s; want /news/{id}", p)
		}
		if gallery = readGallery(t, ctx); len(gallery) >= 2 || i >= len(candidates) {
			break
		}
		t.Logf("%s has %d photos; trying %s", pagePath(t, ctx), len(gallery), candidates[i])
		open(t, ctx, candidates[i])
	}
	story := pagePath(t, ctx)
	if len(gallery) < 2 {
		t.Fatalf("no story on the homepage has a gallery of 2 or more photos (ul.gallery a)%s", pageState(ctx))
	}
	if h1 := text(t, ctx, "main h1"); h1 == "" {
		t.Errorf("%s has no heading", story)
	}
	checkNoSideScroll(t, ctx, story)
	do(t, ctx, "tap the first photo", chromedp.Click(chromedp.CSS("ul.gallery a"), chromedp.NodeVisible))
	waitFor(t, ctx, "the lightbox shows the photo",
		`(() => { const b = document.querySelector(".lightbox"), i = b && b.querySelector("img");
			return b && !b.hidden && i && i.complete && i.naturalWidth > 0; })()`, 5*time.Second)
	lb := readLightbox(t, ctx)
	if want := fmt.Sprintf("ภาพที่ 1 จาก %d", len(gallery)); !lb.Visible || !strings.HasPrefix(lb.Caption, want) || lb.Focus != "in" {
		t.Errorf("the lightbox after a tap on the first photo: %+v; want it shown, caption %q…, the focus inside", lb, want)
	}
	if !strings.HasSuffix(lb.Src, gallery[0].Href) {
		t.Errorf("the lightbox shows %s; want the first photo's %s", lb.Src, gallery[0].Href)
	}
	do(t, ctx, "press ArrowRight in the lightbox", chromedp.KeyEvent(kb.ArrowRight))
	waitFor(t, ctx, "the caption changes", `document.querySelector(".lb-caption").textContent.trim() !== `+jsString(lb.Caption), 3*time.Second)
	lb2 := readLightbox(t, ctx)
	if want := fmt.Sprintf("ภาพที่ 2 จาก %d", len(gallery)); !strings.HasPrefix(lb2.Caption, want) || !strings.HasSuffix(lb2.Src, gallery[1].Href) {
		t.Errorf("after ArrowRight the lightbox shows %s with %q; want %s with %q…", lb2.Src, lb2.Caption, gallery[1].Href, want)
	}
	t.Logf("lightbox: %s", screenshot(t, ctx, "visitor-lightbox"))
	do(t, ctx, "press Escape", chromedp.KeyEvent(kb.Escape))
	waitFor(t, ctx, "the lightbox closes", `document.querySelector(".lightbox").hidden`, 3*time.Second)
	if lb := readLightbox(t, ctx); lb.Focus != "opener" {
		t.Errorf("after Escape the focus is %q; want back on the photo that opened the lightbox", lb.Focus)
	}

	// 5. Search a Thai word from the middle of a headline.
	do(t, ctx, "tap the search box", centre("#nav-q"), chromedp.Click(chromedp.CSS("#nav-q"), chromedp.NodeVisible))
	load(t, ctx, "search "+searchWord, typeText(searchWord), chromedp.KeyEvent(kb.Enter))
	loc, err := url.Parse(get(t, ctx, "read location", chromedp.Location()))
	if err != nil || loc.Path != "/search" || loc.Query().Get("q") != searchWord {
		t.Errorf("the search led to %v; want /search?q=%s", loc, searchWord)
	}
	type result struct {
		Href string `json:"href"`
		Text string `json:"text"`
		HTML string `json:"html"`
	}
	results := get(t, ctx, "read the results", chromedp.Evaluate[[]result](`[...document.querySelectorAll("main ol.results > li")].map(li => {
		const a = li.querySelector("a.result-title") || li.querySelector("a");
		return {href: a ? a.getAttribute("href") : "", text: a ? a.textContent.trim() : "", html: a ? a.innerHTML : ""};
	})`))
	i := slices.IndexFunc(results, func(r result) bool { return r.Text == scholarshipHeadline })
	if i < 0 {
		t.Fatalf("searching %q did not find %q; results: %+v%s", searchWord, scholarshipHeadline, results, pageState(ctx))
	}
	hit := results[i]
	before, after, ok := strings.Cut(hit.HTML, "<mark>"+searchWord+"</mark>")
	if !ok || strings.TrimSpace(before) == "" || strings.TrimSpace(after) == "" {
		t.Errorf("the result's headline is %q; want <mark>%s</mark> in the middle of it", hit.HTML, searchWord)
	}
	if !regexp.MustCompile(`^/notices/\d+$`).MatchString(hit.Href) {
		t.Fatalf("the scholarship result links %q; want /notices/{id}", hit.Href)
	}
	checkNoSideScroll(t, ctx, "/search")
	load(t, ctx, "open the scholarship notice", chromedp.Click(chromedp.CSS(`main ol.results a[href="`+hit.Href+`"]`), chromedp.NodeVisible))
	if p := pagePath(t, ctx); p != hit.Href {
		t.Errorf("the result led to %s; want %s", p, hit.Href)
	}
	if h1 := text(t, ctx, "main h1"); !strings.HasPrefix(h1, scholarshipHeadline) {
		t.Errorf("the notice's heading is %q; want %q", h1, scholarshipHeadline)
	}
	type fileLink struct {
		Href string `json:"href"`
		Text string `json:"text"`
	}
	file := get(t, ctx, "find the PDF link", chromedp.Evaluate[fileLink](`(() => {
		const a = document.querySelector("main a.button[href$='/file']");
		return a ? {href: a.getAttribute("href"), text: a.textContent.trim()} : {href: "", text: ""};
	})()`))
	if file.Href != hit.Href+"/file" {
		t.Fatalf("the notice's PDF link (a.button) is %q; want %s/file%s", file.Href, hit.Href, pageState(ctx))
	}
	pdfName := "ทุนการศึกษา 2569.pdf" // the demo's file name, unless the link names it
	if m := regexp.MustCompile(`\(([^()]+\.pdf)\)`).FindStringSubmatch(file.Text); m != nil {
		pdfName = m[1]
	} else {
		t.Errorf("the PDF link reads %q; want it to name the file", file.Text)
	}
	checkNoSideScroll(t, ctx, hit.Href)
	resp, body := httpGetAs(t, file.Href, phoneUserAgent)
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	cd := resp.Header.Get("Content-Disposition")
	if resp.StatusCode != 200 || ct != "application/pdf" || !strings.HasPrefix(string(body), "%PDF-") {
		t.Errorf("GET %s from an iPhone: status %d, Content-Type %q, starts %q; want 200 application/pdf %%PDF-",
			file.Href, resp.StatusCode, resp.Header.Get("Content-Type"), body[:min(len(body), 8)])
	}
	if want := "filename*=UTF-8''" + rfc5987(pdfName); !strings.Contains(cd, want) {
		t.Errorf("GET %s from an iPhone: Content-Disposition %q; want %s (%s)", file.Href, cd, want, pdfName)
	}
	t.Logf("PDF: %d bytes, Content-Disposition %s", len(body), cd)

	// 6. The archive: a fiscal year of procurement summaries, expired ones too.
	live := map[string]bool{}
	open(t, ctx, "/notices?category=procurement")
	for _, it := range readNoticeList(t, ctx) {
		live[it.Href] = true
	}
	fy := thaiFiscalYear(time.Now())
	expired := map[int][]noticeItem{}
	for _, y := range []int{fy, fy - 1} {
		path := fmt.Sprintf("/notices?category=procurement&fy=%d", y)
		if resp := open(t, ctx, path); resp.Status != 200 {
			t.Fatalf("%s: status %d", path, resp.Status)
		}
		if sel := get(t, ctx, "read the fiscal-year filter", chromedp.Evaluate[string](
			`(document.querySelector("select#fy option:checked") || {}).value || ""`)); sel != strconv.Itoa(y) {
			t.Errorf("%s: the fiscal-year filter shows %q; want %d", path, sel, y)
		}
		for _, it := range readNoticeList(t, ctx) {
			if !strings.HasPrefix(it.Title, summaryPrefix) {
				continue
			}
			if got := fiscalYearOfThaiDate(it.Date); got != y {
				t.Errorf("%s lists %q dated %q, of fiscal year %d", path, it.Title, it.Date, got)
			}
			if !live[it.Href] {
				expired[y] = append(expired[y], it)
			}
		}
		if y == fy {
			checkNoSideScroll(t, ctx, path)
		}
	}
	t.Logf("expired procurement summaries: fiscal year %d: %d, %d: %d", fy, len(expired[fy]), fy-1, len(expired[fy-1]))
	if len(expired[fy]) < 2 {
		// The demo's year of summaries, one on the 5th of each past month,
		// gives the running fiscal year only as many as months have passed
		// since October.
		t.Logf("the running fiscal year %d has %d expired summaries (its months so far)", fy, len(expired[fy]))
	}
	all := slices.Concat(expired[fy], expired[fy-1])
	if len(all) < 10 {
		t.Errorf("the archives of fiscal years %d and %d list %d expired procurement summaries; the demo has a year of them (12)", fy, fy-1, len(all))
	}
	if len(all) > 0 {
		// An expired item stays at its URL.
		old := all[len(all)-1]
		if resp := open(t, ctx, old.Href); resp.Status != 200 {
			t.Errorf("the expired summary %s: status %d; want 200", old.Href, resp.Status)
		} else if h1 := text(t, ctx, "main h1"); !strings.HasPrefix(h1, old.Title) {
			t.Errorf("the expired summary %s is headed %q; want %q", old.Href, h1, old.Title)
		}
	}

	// 7. The footer's institutional pages and the site map.
	for _, p := range []string{"/pages/privacy", "/pages/cookies", "/sitemap"} {
		resp := load(t, ctx, "follow the footer's "+p, centre(`footer a[href="`+p+`"]`),
			chromedp.Click(chromedp.CSS(`footer a[href="`+p+`"]`), chromedp.NodeVisible))
		if resp.Status != 200 || pagePath(t, ctx) != p {
			t.Errorf("the footer's %s link: status %d at %s", p, resp.Status, pagePath(t, ctx))
		}
		if h1 := text(t, ctx, "main h1"); h1 == "" {
			t.Errorf("%s has no heading", p)
		}
	}

	// 8. NPU Channel, last: after the play click the page talks to YouTube.
	load(t, ctx, "open NPU Channel from the menu", chromedp.Click(chromedp.CSS(`header nav a[href="/videos"]`), chromedp.NodeVisible))
	if !exists(t, ctx, ".cards.videos a .poster .play") {
		t.Errorf("/videos shows no poster with a play button%s", pageState(ctx))
	}
	checkNoSideScroll(t, ctx, "/videos")
	load(t, ctx, "open the first video", chromedp.Click(chromedp.CSS(`.cards.videos a`), chromedp.NodeVisible))
	video := pagePath(t, ctx)
	if !regexp.MustCompile(`^/videos/\d+$`).MatchString(video) {
		t.Errorf("the video card led to %s; want /videos/{id}", video)
	}
	checkNoSideScroll(t, ctx, video)
	settle(t, ctx)
	if exists(t, ctx, "iframe") {
		t.Fatalf("%s has a player before any click", video)
	}
	if n := reqs.checkLocal(t, "before the play click"); n == 0 {
		t.Fatal("no requests recorded: are network events arriving?")
	} else {
		t.Logf("%d requests before the play click, all to %s", n, site.Host)
	}
	do(t, ctx, "tap play", centre(".yt[data-yt] a"), chromedp.Click(chromedp.CSS(".yt[data-yt] a"), chromedp.NodeVisible),
		chromedp.WaitReady(chromedp.CSS(".yt iframe")))
	src := get(t, ctx, "read the player's src", chromedp.Evaluate[string](`document.querySelector(".yt iframe").src`))
	if !strings.HasPrefix(src, "https://www.youtube-nocookie.com/embed/") {
		t.Errorf("the player's src is %q; want https://www.youtube-nocookie.com/embed/…", src)
	}
	t.Logf("journey done in %v", time.Since(began).Round(time.Millisecond))
}
