package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// screen is a window size the admin must fit without sideways scrolling.
type screen struct {
	name          string
	width, height int64
	phone         bool
}

var adminScreens = []screen{{"desktop", 1366, 900, false}, {"phone", 390, 844, true}}

// adminStatic are the admin pages to open without an item (those the user
// may not open are left out by their status).
var adminStatic = []string{
	"/admin/", "/admin/news", "/admin/news/new", "/admin/videos", "/admin/videos/new", "/admin/banners", "/admin/banners/new",
	"/admin/notices", "/admin/notices/new", "/admin/featured", "/admin/reports", "/admin/reports?kind=fy", "/admin/review",
	"/admin/takedowns", "/admin/notifications", "/admin/users", "/admin/users/new", "/admin/units", "/admin/units/new",
	"/admin/ita", "/admin/procurement", "/admin/procurement/new", "/admin/qa", "/admin/tags", "/admin/tags/new",
	"/admin/pages", "/admin/calendar", "/admin/password", "/admin/actions",
}

// adminLists are the lists whose first item's editor (and for content, its
// history and takedown form) the test opens too.
var adminLists = []string{"/admin/news", "/admin/videos", "/admin/banners", "/admin/notices", "/admin/pages", "/admin/procurement",
	"/admin/qa", "/admin/users", "/admin/units", "/admin/tags"}

// sideScrollJS measures the page: the document's scroll width against the
// viewport, and when it is wider, the innermost elements whose right edge
// passes the viewport, widest first (an element inside a scrolling box of
// its own does not count, unless it is placed absolutely: then it escapes).
const sideScrollJS = `(() => {
	const de = document.documentElement, vw = de.clientWidth;
	const out = {sw: de.scrollWidth, cw: vw, over: []};
	if (de.scrollWidth <= vw) return out;
	const scrolls = e => { if (/absolute|fixed/.test(getComputedStyle(e).position)) return false;
		for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
			const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true; } return false; };
	const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") +
		(e.name ? "[name=" + e.name + "]" : "") + (e.type ? "[type=" + e.type + "]" : "");
	const found = [];
	for (const e of document.body.querySelectorAll("*")) {
		const r = e.getBoundingClientRect();
		if (r.right > vw + 1 && r.width > 0 && !scrolls(e)) found.push({e, right: r.right, width: r.width});
	}
	const set = new Set(found.map(f => f.e));
	const leaves = found.filter(f => ![...f.e.children].some(c => set.has(c)));
	leaves.sort((a, b) => b.right - a.right);
	out.over = leaves.slice(0, 6).map(f => {
		const chain = []; for (let p = f.e.parentElement; p && p !== document.body && chain.length < 3; p = p.parentElement) chain.unshift(name(p));
		return chain.join(">") + ">" + name(f.e) + " right=" + Math.round(f.right) + " width=" + Math.round(f.width) +
			" text=" + JSON.stringify((f.e.textContent || "").trim().slice(0, 40));
	});
	return out;
})()`

type scrollReport struct {
	SW   int      `json:"sw"`
	CW   int      `json:"cw"`
	Over []string `json:"over"`
}

// TestAdminPagesFitTheScreen opens every admin page as central PR and as a
// unit's PR officer at 1,366×900 and at 390×844 (a phone) and fails when
// the document is wider than the window: it would scroll sideways (a wide
// table scrolls inside its own box instead).
func TestAdminPagesFitTheScreen(t *testing.T) {
	t.Parallel()
	unit := demoLogin(t, "unit")
	for _, who := range []struct {
		name string
		acct account
	}{{"central", site.Admin}, {"unit", unit}} {
		client, session := httpLogin(t, who.acct)
		pages := discoverAdminPages(t, client)
		t.Logf("%s: %d pages: %s", who.name, len(pages), strings.Join(pages, " "))
		if len(pages) < 6 {
			t.Fatalf("%s: found only %d admin pages", who.name, len(pages))
		}
		// A browser lives testTimeout: one per handful of pages.
		const per = 4
		for i := 0; i < len(pages); i += per {
			chunk := pages[i:min(i+per, len(pages))]
			t.Run(fmt.Sprintf("%s/%d", who.name, i/per), func(t *testing.T) {
				ctx := newBrowser(t)
				for _, ck := range session {
					if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: ck.Name, Value: ck.Value, URL: site.URL + "/admin/"}); err != nil {
						t.Fatalf("give the browser the session: %v", err)
					}
				}
				for _, p := range chunk {
					for _, sc := range adminScreens {
						checkFits(t, ctx, p, sc)
					}
				}
				if i == 0 {
					// The narrowest phone: the language switch stays on one line.
					checkFits(t, ctx, "/admin/", screen{"small phone", 320, 640, true})
					if n := get(t, ctx, "count the language link's lines", chromedp.Evaluate[int](
						`document.querySelector(".topbar .lang").getClientRects().length`)); n != 1 {
						t.Errorf("at 320 px the admin header's language switch wraps onto %d lines", n)
					}
				}
			})
		}
	}
}

// checkFits opens path in a window of sc and fails when the page scrolls
// sideways, naming the elements that stick out.
func checkFits(t *testing.T, ctx context.Context, path string, sc screen) {
	t.Helper()
	var opts []chromedp.EmulateViewportOption
	if sc.phone {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	do(t, ctx, "size the window", chromedp.EmulateViewport(sc.width, sc.height, opts...))
	if resp := open(t, ctx, path); resp.Status != 200 {
		t.Errorf("%s: status %d", path, resp.Status)
		return
	}
	r := get(t, ctx, "measure "+path, chromedp.Evaluate[scrollReport](sideScrollJS))
	if r.SW > r.CW {
		t.Errorf("%s at %d px (%s): the page is %d px wide in a %d px window and scrolls sideways; sticking out:\n  %s",
			path, sc.width, sc.name, r.SW, r.CW, strings.Join(r.Over, "\n  "))
	}
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// httpLogin logs a in with Go's client and returns the client and its
// cookies (the session), for browsers to share.
func httpLogin(t *testing.T, a account) (*http.Client, []*http.Cookie) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	body := clientBody(t, c, "/admin/login")
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the login page has no CSRF token")
	}
	resp, err := c.PostForm(site.URL+"/admin/login", url.Values{"csrf": {m[1]}, "citizen_id": {a.ID}, "password": {a.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.Contains(clientBody(t, c, "/admin/"), helloText) {
		t.Fatalf("log in as %s: no dashboard after the login (status %d)", a.ID, resp.StatusCode)
	}
	u, _ := url.Parse(site.URL + "/admin/")
	return c, jar.Cookies(u)
}

func clientBody(t *testing.T, c *http.Client, path string) string {
	t.Helper()
	resp, err := c.Get(site.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return ""
	}
	return string(b)
}

// discoverAdminPages lists the admin pages the client's user can open: the
// static ones, and for each list its first item's editor, history and
// takedown form, the first review page, the ITA year with its URL list and
// first item, and the procurement months.
func discoverAdminPages(t *testing.T, c *http.Client) []string {
	t.Helper()
	var pages []string
	seen := map[string]bool{}
	add := func(p string) {
		if p != "" && !seen[p] && clientBody(t, c, p) != "" {
			seen[p] = true
			pages = append(pages, p)
		}
	}
	first := func(page, re string) string {
		m := regexp.MustCompile(`href="(` + re + `)"`).FindStringSubmatch(clientBody(t, c, page))
		if m == nil {
			return ""
		}
		return m[1]
	}
	for _, p := range adminStatic {
		add(p)
	}
	for _, list := range adminLists {
		if !seen[list] {
			continue
		}
		edit := first(list, `/admin/[a-z]+/\d+/edit`)
		if edit == "" {
			continue
		}
		add(edit)
		item := strings.TrimSuffix(edit, "/edit")
		add(item + "/revisions")
		if list == "/admin/news" {
			add(item + "/takedown")
		}
	}
	add(first("/admin/review", `/admin/[a-z]+/\d+/review`))
	if y := first("/admin/ita", `/admin/ita/\d{4}`); y != "" {
		add(y)
		add(y + "/urls")
		add(first(y, `/admin/ita/\d+/edit`))
	}
	add(first("/admin/procurement", `/admin/procurement/months/\d{4}`))
	return pages
}
