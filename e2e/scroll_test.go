package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// screen is a window size the admin must fit without sideways scrolling.
type screen struct {
	name          string
	width, height int64
	phone         bool
}

var adminScreens = []screen{{"desktop", 1366, 900, false}, {"phone", 390, 844, true}}

// adminStatic are the admin pages central PR can open without an item.
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

// sideScroll measures the page: the document's scroll width against the
// viewport, and when it is wider, the elements whose right edge passes the
// viewport (outside any scrolling box of their own), widest first.
const sideScrollJS = `(() => {
	const de = document.documentElement, vw = de.clientWidth;
	const out = {sw: de.scrollWidth, cw: vw, over: []};
	if (de.scrollWidth <= vw) return out;
	const scrolls = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
		const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true; } return false; };
	const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") +
		(e.name ? "[name=" + e.name + "]" : "") + (e.type ? "[type=" + e.type + "]" : "");
	const found = [];
	for (const e of document.body.querySelectorAll("*")) {
		const r = e.getBoundingClientRect();
		if (r.right > vw + 1 && r.width > 0 && !scrolls(e)) found.push({e, right: r.right, width: r.width});
	}
	// The innermost culprits: drop an element whose child is also listed.
	const set = new Set(found.map(f => f.e));
	const leaves = found.filter(f => ![...f.e.children].some(c => set.has(c)));
	leaves.sort((a, b) => b.right - a.right);
	out.over = leaves.slice(0, 6).map(f => name(f.e) + " right=" + Math.round(f.right) + " width=" + Math.round(f.width) +
		" text=" + JSON.stringify((f.e.textContent || "").trim().slice(0, 40)));
	return out;
})()`

type scrollReport struct {
	SW   int      `json:"sw"`
	CW   int      `json:"cw"`
	Over []string `json:"over"`
}

// TestAdminPagesFitTheScreen opens every admin page as central PR and as a
// unit's PR officer at 1,366×900 and 390×844 and fails when the document
// is wider than the window (a table scrolls inside its own box instead).
func TestAdminPagesFitTheScreen(t *testing.T) {
	t.Parallel()
	unit := demoLogin(t, "unit")
	central := discoverAdminPages(t, site.Admin)
	mine := discoverAdminPages(t, unit)
	t.Logf("central PR: %d pages, unit PR: %d pages", len(central), len(mine))
	for _, who := range []struct {
		name  string
		acct  account
		pages []string
	}{{"central", site.Admin, central}, {"unit", unit, mine}} {
		// One browser per dozen pages and size: a browser lives testTimeout.
		for _, sc := range adminScreens {
			for i := 0; i < len(who.pages); i += 12 {
				chunk := who.pages[i:min(i+12, len(who.pages))]
				t.Run(fmt.Sprintf("%s/%s/%d", who.name, sc.name, i/12), func(t *testing.T) {
					ctx := newBrowser(t)
					logInOK(t, ctx, who.acct.ID, who.acct.Password)
					opts := []chromedp.EmulateViewportOption{}
					if sc.phone {
						opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
					}
					do(t, ctx, "size the window", chromedp.EmulateViewport(sc.width, sc.height, opts...))
					for _, p := range chunk {
						checkFits(t, ctx, p, sc)
					}
				})
			}
		}
	}
}

// checkFits opens path and fails when the page scrolls sideways.
func checkFits(t *testing.T, ctx context.Context, path string, sc screen) {
	t.Helper()
	resp := open(t, ctx, path)
	if resp.Status != 200 {
		t.Errorf("%s: status %d", path, resp.Status)
		return
	}
	r := get(t, ctx, "measure "+path, chromedp.Evaluate[scrollReport](sideScrollJS))
	if r.SW > r.CW {
		t.Errorf("%s at %d px: the page is %d px wide in a %d px window (scrolls sideways); too wide:\n  %s",
			path, sc.width, r.SW, r.CW, strings.Join(r.Over, "\n  "))
	}
}

var editLink = regexp.MustCompile(`^/admin/[a-z]+/\d+/edit$`)

// discoverAdminPages logs in as a and lists the admin pages a can open: the
// static ones in the menu's reach, and for each list its first item's
// editor, history and takedown form, the ITA year, its URL list and the
// procurement months.
func discoverAdminPages(t *testing.T, a account) []string {
	t.Helper()
	ctx := newBrowser(t)
	logInOK(t, ctx, a.ID, a.Password)
	menu := get(t, ctx, "read the menu", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("nav#sidenav a, header a")].map(a => a.getAttribute("href"))`))
	reach := map[string]bool{}
	for _, h := range menu {
		reach[h] = true
	}
	allowed := func(p string) bool {
		if p == "/admin/" || p == "/admin/password" || p == "/admin/notifications" {
			return true
		}
		base := strings.SplitN(strings.SplitN(p, "?", 2)[0], "/", 4)
		return len(base) >= 3 && reach["/admin/"+base[2]]
	}
	var pages []string
	seen := map[string]bool{}
	add := func(p string) {
		if p != "" && !seen[p] && allowed(p) {
			seen[p] = true
			pages = append(pages, p)
		}
	}
	for _, p := range adminStatic {
		add(p)
	}
	firstHref := func(list, re string) string {
		return get(t, ctx, "read "+list, chromedp.Evaluate[string](`(() => {
			const re = new RegExp(`+jsString(re)+`);
			const a = [...document.querySelectorAll("main a[href]")].map(a => a.getAttribute("href")).find(h => re.test(h));
			return a || "";
		})()`))
	}
	for _, list := range adminLists {
		if !allowed(list) {
			continue
		}
		open(t, ctx, list)
		edit := firstHref(list, `^/admin/[a-z]+/\d+/edit$`)
		if !editLink.MatchString(edit) {
			t.Logf("%s: no item to edit", list)
			continue
		}
		add(edit)
		switch list {
		case "/admin/users", "/admin/units", "/admin/tags":
		default:
			add(strings.TrimSuffix(edit, "/edit") + "/revisions")
		}
		if list == "/admin/news" && reach["/admin/takedowns"] {
			add(strings.TrimSuffix(edit, "/edit") + "/takedown")
		}
	}
	if allowed("/admin/review") {
		open(t, ctx, "/admin/review")
		add(firstHref("/admin/review", `^/admin/[a-z]+/\d+/review$`))
	}
	if allowed("/admin/ita") {
		open(t, ctx, "/admin/ita")
		if y := firstHref("/admin/ita", `^/admin/ita/\d{4}$`); y != "" {
			add(y)
			add(y + "/urls")
			open(t, ctx, y)
			add(firstHref(y, `^/admin/ita/\d+/edit$`))
		}
	}
	if allowed("/admin/procurement") {
		open(t, ctx, "/admin/procurement")
		add(firstHref("/admin/procurement", `^/admin/procurement/months/\d{4}$`))
	}
	return pages
}
