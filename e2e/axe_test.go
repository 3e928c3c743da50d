package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The accessibility sweep: axe-core (vendored in testdata/axe for the tests
// only; never served by the site) checks every public page template and every
// admin page and form for the WCAG 2.1 A and AA rules, in Thai and English, on
// a desktop and a phone. The table below names, for each page, the template
// files it renders; TestAxeTableCoversEveryTemplate fails when a template
// file is added without a page here, so no page escapes the sweep silently.

// axeTags are the axe-core rule tags of WCAG 2.0 and 2.1, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeViewport is a window size the pages are checked at.
type axeViewport struct {
	name   string
	w, h   int64
	mobile bool
}

var axeViewports = []axeViewport{
	{"desktop 1366x900", 1366, 900, false},
	{"phone 390x844", 390, 844, true},
}

// axePage is one page of the sweep.
type axePage struct {
	name string
	tmpl []string // the template files it renders, as "public/home"
	// path is the Thai page; {key} parts are filled in from what the sweep
	// finds on the demo site (see discoverAxe). Public English pages are
	// "/en"+path unless en is set; admin pages are the same path with the
	// admin language switched.
	path, en string
	admin    bool
	oneLang  bool // the same page whatever the language (a preview link)
	status   int  // the expected HTTP status; 0 means 200
	// then changes the page after it loads (a click), before axe runs.
	then func(t *testing.T, ctx context.Context)
}

// clickFacade starts a video's player: the state after a visitor's click.
func clickFacade(t *testing.T, ctx context.Context) {
	do(t, ctx, "start the player", chromedp.Click(chromedp.CSS(`.yt[data-yt] a`), chromedp.NodeVisible),
		chromedp.WaitReady(chromedp.CSS(`.yt iframe`)))
}

var axePages = []axePage{
	// The public site.
	{name: "home", tmpl: []string{"public/home"}, path: "/"},
	{name: "news list", tmpl: []string{"public/news_list"}, path: "/news"},
	{name: "news archive", tmpl: []string{"public/news_list"}, path: "/news?fy={lastfy}"},
	{name: "news page with gallery", tmpl: []string{"public/news_detail"}, path: "{news}"},
	{name: "videos list", tmpl: []string{"public/video_list"}, path: "/videos"},
	{name: "video page", tmpl: []string{"public/video_detail"}, path: "{video}"},
	{name: "video page, player started", tmpl: []string{"public/video_detail"}, path: "{video}", then: clickFacade},
	{name: "notices list", tmpl: []string{"public/notice_list"}, path: "/notices"},
	{name: "notice page", tmpl: []string{"public/notice_detail"}, path: "{notice}"},
	{name: "search with results", tmpl: []string{"public/search"}, path: "/search?q=%E0%B8%84%E0%B8%93%E0%B8%B0", en: "/en/search?q=faculty"},
	{name: "search without results", tmpl: []string{"public/search"}, path: "/search?q=zqxjvkw"},
	{name: "units list", tmpl: []string{"public/units"}, path: "/units"},
	{name: "unit page", tmpl: []string{"public/unit"}, path: "/units/science"},
	// The institutional pages, one of each shape: text (about; the policies
	// are the same), people, contact details, links, and the statement.
	{name: "page: about", tmpl: []string{"public/page"}, path: "/pages/about"},
	{name: "page: executives", tmpl: []string{"public/page"}, path: "/pages/executives"},
	{name: "page: contact", tmpl: []string{"public/page"}, path: "/pages/contact"},
	{name: "page: privacy", tmpl: []string{"public/page"}, path: "/pages/privacy"},
	{name: "page: accessibility", tmpl: []string{"public/page"}, path: "/pages/accessibility"},
	{name: "page: e-service", tmpl: []string{"public/page"}, path: "/pages/e-service"},
	{name: "site map", tmpl: []string{"public/sitemap"}, path: "/sitemap"},
	{name: "ITA year", tmpl: []string{"public/ita_year"}, path: "/ita/{fy}"},
	{name: "ITA item", tmpl: []string{"public/ita_item"}, path: "{itaitem}"},
	{name: "procurement year", tmpl: []string{"public/procurement_year"}, path: "/procurement/{fy}"},
	{name: "procurement month", tmpl: []string{"public/procurement_month"}, path: "{procmonth}"},
	{name: "Q&A", tmpl: []string{"public/qa"}, path: "/qa"},
	{name: "Q&A answer", tmpl: []string{"public/qa_detail"}, path: "{qa}"},
	{name: "Q&A thank-you", tmpl: []string{"public/qa_thanks"}, path: "{qathanks}"},
	{name: "404", tmpl: []string{"public/error"}, path: "/no-such-page-a11y", status: http.StatusNotFound},
	{name: "news preview", tmpl: []string{"public/news_detail"}, path: "{preview-news}", oneLang: true},
	{name: "banner preview", tmpl: []string{"public/preview_banner"}, path: "{preview-banners}", oneLang: true},
	{name: "notice preview", tmpl: []string{"public/preview_notice"}, path: "{preview-notices}", oneLang: true},

	// The admin.
	{name: "login", tmpl: []string{"admin/login"}, path: "/admin/login", admin: true},
	{name: "dashboard", tmpl: []string{"admin/dashboard"}, path: "/admin/", admin: true},
	{name: "news list", tmpl: []string{"admin/news_list"}, path: "/admin/news", admin: true},
	{name: "new news", tmpl: []string{"admin/news_form"}, path: "/admin/news/new", admin: true},
	{name: "edit news", tmpl: []string{"admin/news_form"}, path: "{edit-news}", admin: true},
	{name: "videos list", tmpl: []string{"admin/video_list"}, path: "/admin/videos", admin: true},
	{name: "new video", tmpl: []string{"admin/video_form"}, path: "/admin/videos/new", admin: true},
	{name: "edit video", tmpl: []string{"admin/video_form"}, path: "{edit-videos}", admin: true},
	{name: "banners list", tmpl: []string{"admin/banner_list"}, path: "/admin/banners", admin: true},
	{name: "new banner", tmpl: []string{"admin/banner_form"}, path: "/admin/banners/new", admin: true},
	{name: "edit banner", tmpl: []string{"admin/banner_form"}, path: "{edit-banners}", admin: true},
	{name: "notices list", tmpl: []string{"admin/notice_list"}, path: "/admin/notices", admin: true},
	{name: "new notice", tmpl: []string{"admin/notice_form"}, path: "/admin/notices/new", admin: true},
	{name: "edit notice", tmpl: []string{"admin/notice_form"}, path: "{edit-notices}", admin: true},
	{name: "pages list", tmpl: []string{"admin/pages"}, path: "/admin/pages", admin: true},
	{name: "new page", tmpl: []string{"admin/page_form"}, path: "/admin/pages/new", admin: true},
	{name: "edit page", tmpl: []string{"admin/page_form"}, path: "{edit-pages}", admin: true},
	{name: "procurement list", tmpl: []string{"admin/procurement_list"}, path: "/admin/procurement", admin: true},
	{name: "procurement months", tmpl: []string{"admin/procurement_months"}, path: "/admin/procurement/months/{fy}", admin: true},
	{name: "new procurement", tmpl: []string{"admin/procurement_form"}, path: "/admin/procurement/new", admin: true},
	{name: "edit procurement", tmpl: []string{"admin/procurement_form"}, path: "{edit-procurement}", admin: true},
	{name: "ITA years", tmpl: []string{"admin/ita_years"}, path: "/admin/ita", admin: true},
	{name: "ITA year", tmpl: []string{"admin/ita_year"}, path: "/admin/ita/{fy}", admin: true},
	{name: "ITA links", tmpl: []string{"admin/ita_urls"}, path: "/admin/ita/{fy}/urls", admin: true},
	{name: "new ITA item", tmpl: []string{"admin/ita_form"}, path: "/admin/ita/new", admin: true},
	{name: "edit ITA item", tmpl: []string{"admin/ita_form"}, path: "{edit-ita}", admin: true},
	{name: "Q&A list", tmpl: []string{"admin/qa_list"}, path: "/admin/qa", admin: true},
	{name: "new Q&A", tmpl: []string{"admin/qa_form"}, path: "/admin/qa/new", admin: true},
	{name: "edit Q&A", tmpl: []string{"admin/qa_form"}, path: "{edit-qa}", admin: true},
	{name: "tags list", tmpl: []string{"admin/tags"}, path: "/admin/tags", admin: true},
	{name: "new tag", tmpl: []string{"admin/tag_form"}, path: "/admin/tags/new", admin: true},
	{name: "edit tag", tmpl: []string{"admin/tag_form"}, path: "{edit-tags}", admin: true},
	{name: "users list", tmpl: []string{"admin/users"}, path: "/admin/users", admin: true},
	{name: "new user", tmpl: []string{"admin/user_form"}, path: "/admin/users/new", admin: true},
	{name: "edit user", tmpl: []string{"admin/user_form"}, path: "{edit-users}", admin: true},
	{name: "units list", tmpl: []string{"admin/units"}, path: "/admin/units", admin: true},
	{name: "new unit", tmpl: []string{"admin/unit_form"}, path: "/admin/units/new", admin: true},
	{name: "edit unit", tmpl: []string{"admin/unit_form"}, path: "{edit-units}", admin: true},
	{name: "featured desk", tmpl: []string{"admin/featured"}, path: "/admin/featured", admin: true},
	{name: "reports", tmpl: []string{"admin/reports"}, path: "/admin/reports", admin: true},
	{name: "review inbox", tmpl: []string{"admin/review_inbox"}, path: "/admin/review", admin: true},
	{name: "review of an item", tmpl: []string{"admin/review"}, path: "{item}/review", admin: true},
	{name: "revisions compared", tmpl: []string{"admin/revisions"}, path: "{item}/revisions", admin: true},
	{name: "takedown form", tmpl: []string{"admin/takedown"}, path: "{item}/takedown", admin: true},
	{name: "takedown register", tmpl: []string{"admin/takedowns"}, path: "/admin/takedowns", admin: true},
	{name: "action log", tmpl: []string{"admin/actions"}, path: "/admin/actions", admin: true},
	{name: "notifications", tmpl: []string{"admin/notifications"}, path: "/admin/notifications", admin: true},
	{name: "password form", tmpl: []string{"admin/password"}, path: "/admin/password", admin: true},
	{name: "calendar", tmpl: []string{"admin/calendar"}, path: "/admin/calendar", admin: true},
	{name: "admin 404", tmpl: []string{"admin/error"}, path: "/admin/news/987654321/edit", admin: true, status: http.StatusNotFound},
}

// TestAxeTableCoversEveryTemplate: every page template file is rendered by
// at least one page of the sweep.
func TestAxeTableCoversEveryTemplate(t *testing.T) {
	covered := map[string]bool{}
	for _, p := range axePages {
		for _, n := range p.tmpl {
			covered[n] = true
		}
	}
	var files []string
	for _, dir := range []string{"public", "admin"} {
		names, err := filepath.Glob(filepath.Join("..", "templates", dir, "*.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			files = append(files, dir+"/"+strings.TrimSuffix(filepath.Base(n), ".html"))
		}
	}
	if len(files) < 40 {
		t.Fatalf("found only %d template files under ../templates: %q", len(files), files)
	}
	for _, f := range files {
		if !covered[f] {
			t.Errorf("templates/%s.html is not visited by the accessibility sweep: add a page that renders it to axePages", f)
		}
		delete(covered, f)
	}
	for n := range covered {
		t.Errorf("axePages names the template %s, which does not exist", n)
	}
}

// axeViolation is one rule that failed on a page, as axe reports it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// axeRunJS runs the WCAG A/AA rules on the document and returns the
// violations. Frames are not entered: the only frame is YouTube's player,
// which the tests never load (its own title is checked on our page).
var axeRunJS = `axe.run(document, {
	runOnly: {type: "tag", values: ` + mustJSON(axeTags) + `},
	resultTypes: ["violations"],
	iframes: false,
}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || "", help: v.help,
	nodes: v.nodes.map(n => ({target: n.target.map(String).join(" "), summary: n.failureSummary || ""})),
})))`

func mustJSON(v []string) string {
	q := make([]string, len(v))
	for i, s := range v {
		q[i] = jsString(s)
	}
	return "[" + strings.Join(q, ",") + "]"
}

// TestAxeWCAG21AA runs axe on every page of axePages, in both languages and
// at both sizes, and fails with every violation found. The two languages run
// side by side, each in a tab with its own cookies (the admin's language is a
// cookie), so that both cores work.
func TestAxeWCAG21AA(t *testing.T) {
	t.Parallel()
	started := time.Now()
	axeJS, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	browser := newBrowserFor(t, 12*time.Minute)
	var sw axeSweep
	sw.js = string(axeJS)
	login := axePages[slices.IndexFunc(axePages, func(p axePage) bool { return p.path == "/admin/login" })]

	// The Thai tab: the login page logged out, then the items to visit.
	th := browser
	sw.prepareTab(t, th)
	open(t, th, "/admin/lang/th?next=/admin/login")
	sw.check(t, th, login, "th", login.path)
	logInOK(t, th, site.Admin.ID, site.Admin.Password)
	found := map[string]map[string]string{"th": discoverAxe(t, th, ""), "en": discoverAxe(t, th, "/en")}
	for k, v := range found["th"] { // the admin's items and the preview links
		if _, ok := found["en"][k]; !ok {
			found["en"][k] = v
		}
	}

	t.Run("sweep", func(t *testing.T) {
		for _, lang := range []string{"th", "en"} {
			t.Run(lang, func(t *testing.T) {
				t.Parallel()
				ctx := th
				if lang == "en" {
					ctx = newSession(t, browser)
					sw.prepareTab(t, ctx)
					open(t, ctx, "/admin/lang/en?next=/admin/login")
					sw.check(t, ctx, login, lang, login.path)
					if resp := logIn(t, ctx, site.Admin.ID, site.Admin.Password); resp.Status != 200 || pagePath(t, ctx) != "/admin/" {
						t.Fatalf("log in in English: status %d at %s", resp.Status, pagePath(t, ctx))
					}
				}
				for _, p := range axePages {
					if p.path == login.path || (p.oneLang && lang == "en") {
						continue
					}
					path := p.path
					if lang == "en" && !p.admin && !p.oneLang {
						path = "/en" + path
						if p.en != "" {
							path = p.en
						}
					}
					sw.check(t, ctx, p, lang, fillAxePath(t, path, found[lang]))
				}
			})
		}
	})
	open(t, th, "/admin/lang/th")
	sw.mu.Lock()
	defer sw.mu.Unlock()
	t.Logf("axe-core checked %d page views (pages × viewports × languages) in %v: %v loading pages and axe-core, %v inside axe.run (summed over the two tabs)",
		sw.checked, time.Since(started).Round(time.Second), sw.loadTime.Round(time.Second), sw.axeTime.Round(time.Second))
	if len(sw.report) > 0 {
		sort.Strings(sw.report)
		t.Errorf("%d WCAG 2.1 A/AA violations (axe-core):\n%s", len(sw.report), strings.Join(sw.report, "\n"))
	}
}

// axeSweep gathers what the tabs of the sweep find.
type axeSweep struct {
	js string // axe.min.js

	mu                sync.Mutex
	report            []string // the violations, readable
	checked           int      // page views checked
	axeTime, loadTime time.Duration
}

// prepareTab makes a tab of the sweep refuse other sites, prefer reduced
// motion (no carousel moving under axe) and answer "leave this changed
// form?" dialogs.
func (sw *axeSweep) prepareTab(t *testing.T, ctx context.Context) {
	t.Helper()
	blockOtherSites(t, ctx)
	acceptDialogs(t, ctx)
	do(t, ctx, "prefer reduced motion", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
		return err
	}))
}

// check runs axe on one page and records what it finds.
func (sw *axeSweep) check(t *testing.T, ctx context.Context, p axePage, lang, path string) {
	t.Helper()
	found, n, load, run := axeCheck(t, ctx, sw.js, p, lang, path)
	sw.mu.Lock()
	defer sw.mu.Unlock()
	sw.report = append(sw.report, found...)
	sw.checked += n
	sw.loadTime += load
	sw.axeTime += run
}

var axeKey = regexp.MustCompile(`\{[a-z-]+\}`)

// fillAxePath replaces the {key} parts of path with what discoverAxe found.
func fillAxePath(t *testing.T, path string, found map[string]string) string {
	t.Helper()
	out := axeKey.ReplaceAllStringFunc(path, func(k string) string {
		v, ok := found[strings.Trim(k, "{}")]
		if !ok {
			t.Fatalf("the sweep found no %s on the demo site (for %s)", k, path)
		}
		return v
	})
	return strings.TrimPrefix(out, "/en/en") // a found path already carries its language
}

// axeCheck opens path and runs axe at each viewport, returning the readable
// violations, the number of checks made, and the time spent loading the
// page and axe-core, and inside axe.run.
func axeCheck(t *testing.T, ctx context.Context, axeJS string, p axePage, lang, path string) (out []string, checks int, loadTime, axeTime time.Duration) {
	t.Helper()
	vp := axeViewports[0]
	t0 := time.Now()
	do(t, ctx, "set the "+vp.name+" viewport", chromedp.EmulateViewport(vp.w, vp.h))
	resp := open(t, ctx, path)
	want := p.status
	if want == 0 {
		want = http.StatusOK
	}
	if int(resp.Status) != want {
		t.Fatalf("%s (%s, %s): status %d; want %d%s", p.name, path, lang, resp.Status, want, pageState(ctx))
	}
	if got := pagePath(t, ctx); p.admin && p.path != "/admin/login" && got == "/admin/login" {
		t.Fatalf("%s (%s): sent to the login page", p.name, path)
	}
	if p.then != nil {
		p.then(t, ctx)
	}
	do(t, ctx, "load axe-core into "+path,
		chromedp.Evaluate[chromedp.Void](`document.fonts.ready`, chromedp.EvalAwaitPromise),
		chromedp.Evaluate[chromedp.Void](axeJS+"\n;undefined"))
	loadTime += time.Since(t0)
	for i, vp := range axeViewports {
		if i > 0 {
			opts := []chromedp.EmulateViewportOption{}
			if vp.mobile {
				opts = append(opts, chromedp.EmulateMobile)
			}
			do(t, ctx, "set the "+vp.name+" viewport", chromedp.EmulateViewport(vp.w, vp.h, opts...),
				chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))`, chromedp.EvalAwaitPromise))
		}
		sctx, cancel := context.WithTimeout(ctx, 45*time.Second)
		t0 := time.Now()
		vs, err := chromedp.Run(sctx, chromedp.Evaluate[[]axeViolation](axeRunJS, chromedp.EvalAwaitPromise))
		axeTime += time.Since(t0)
		cancel()
		if err != nil {
			t.Fatalf("run axe on %s (%s, %s): %v", path, vp.name, lang, err)
		}
		for _, v := range vs {
			var b strings.Builder
			fmt.Fprintf(&b, "- %s %s [%s, %s]: %s (%s) %s", p.name, path, vp.name, lang, v.ID, v.Impact, v.Help)
			for i, n := range v.Nodes {
				if i == 5 {
					fmt.Fprintf(&b, "\n    … and %d more", len(v.Nodes)-5)
					break
				}
				fmt.Fprintf(&b, "\n    %s\n      %s", n.Target, strings.ReplaceAll(strings.TrimSpace(n.Summary), "\n", "\n      "))
			}
			out = append(out, b.String())
		}
	}
	return out, len(axeViewports), loadTime, axeTime
}

// blockOtherSites makes the tab refuse every request to another host (the
// YouTube player after the facade's click), so the sweep runs offline.
func blockOtherSites(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "block other sites", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{
			{URLPattern: "http://" + site.Host + "/*", Block: false},
			{URLPattern: "*://*:*/*", Block: true},
		}})
		return err
	}))
}

// discoverAxe finds, on the demo site in one language (prefix "" or "/en"),
// the items the sweep visits: a news item with a gallery, a video, a notice,
// fiscal years, an ITA item, a procurement month, a Q&A answer, and (once,
// through the admin) an item to edit per kind and preview links.
func discoverAxe(t *testing.T, ctx context.Context, prefix string) map[string]string {
	t.Helper()
	f := map[string]string{}
	first := func(key, page, re string, need string) {
		t.Helper()
		body := httpBody(t, page)
		for _, m := range regexp.MustCompile(re).FindAllString(body, -1) {
			href := strings.TrimSuffix(strings.TrimPrefix(m, `href="`), `"`)
			if need == "" || strings.Contains(httpBody(t, href), need) {
				f[key] = href
				return
			}
		}
		t.Fatalf("no link %s on %s (with %q) for {%s}", re, page, need, key)
	}
	first("news", prefix+"/news", `href="`+prefix+`/news/\d+"`, `class="gallery`)
	first("video", prefix+"/videos", `href="`+prefix+`/videos/\d+"`, `data-yt`)
	first("notice", prefix+"/notices", `href="`+prefix+`/notices/\d+"`, "")
	first("qa", prefix+"/qa", `href="`+prefix+`/qa/\d+"`, "")
	first("itaitem", prefix+"/ita", `href="`+prefix+`/ita/\d+/[A-Za-z0-9]+"`, "")
	fy := regexp.MustCompile(`/ita/(\d+)/`).FindStringSubmatch(f["itaitem"])[1]
	f["fy"] = fy
	f["lastfy"] = fmt.Sprint(atoi(t, fy) - 1)
	first("procmonth", prefix+"/procurement/"+f["lastfy"], `href="`+prefix+`/procurement/\d+/\d+"`, "")

	// The Q&A thank-you page, reached by asking a question.
	open(t, ctx, prefix+"/qa")
	do(t, ctx, "ask a question", chromedp.SendKeys(chromedp.CSS("#qa-question"), "คำถามทดสอบการเข้าถึง a11y"),
		centre(`input[name=consent]`), chromedp.Click(chromedp.CSS(`input[name=consent]`), chromedp.NodeVisible))
	load(t, ctx, "send the question", centre(`.qa-form button[type=submit]`),
		chromedp.Click(chromedp.CSS(`.qa-form button[type=submit]`), chromedp.NodeVisible))
	f["qathanks"] = pagePath(t, ctx)

	// Admin items, and preview links of a news item, a banner and a notice.
	if prefix != "" {
		return f
	}
	for _, kind := range []string{"news", "videos", "banners", "notices", "pages", "procurement", "ita", "qa", "tags", "users", "units"} {
		list := "/admin/" + kind
		if kind == "ita" {
			list = "/admin/ita/" + fy
		}
		open(t, ctx, list)
		href := get(t, ctx, "find an item to edit on "+list, chromedp.Evaluate[string](
			`(document.querySelector('main a[href^="/admin/`+kind+`/"][href$="/edit"]') || {}).getAttribute?.("href") || ""`))
		if href == "" {
			t.Fatalf("no edit link on %s%s", list, pageState(ctx))
		}
		f["edit-"+kind] = href
	}
	f["item"] = strings.TrimSuffix(f["edit-news"], "/edit")
	for _, kind := range []string{"news", "banners", "notices"} {
		open(t, ctx, f["edit-"+kind])
		do(t, ctx, "open the preview-link section of "+kind, chromedp.Click(chromedp.CSS(`#preview-links summary`), chromedp.NodeVisible),
			fill("#preview-hours", "48"))
		load(t, ctx, "make a preview link of "+kind, chromedp.Click(chromedp.CSS(`#preview-links form button[type=submit]`), chromedp.NodeVisible))
		link := get(t, ctx, "read the preview link", chromedp.Value(chromedp.CSS("#preview-url")))
		if !strings.HasPrefix(link, site.URL+"/preview/") {
			t.Fatalf("the preview link of %s reads %q", kind, link)
		}
		f["preview-"+kind] = strings.TrimPrefix(link, site.URL)
	}
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k+"="+f[k])
	}
	sort.Strings(keys)
	t.Logf("sweep items (%q): %s", prefix, strings.Join(keys, " "))
	return f
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}

// httpBody fetches a public page without a browser.
func httpBody(t *testing.T, path string) string {
	t.Helper()
	resp, err := http.Get(site.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", path, resp.StatusCode, err)
	}
	return string(b)
}
