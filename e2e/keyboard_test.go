package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Keyboard-only journeys: every step is a real key event sent to the page
// (Input.dispatchKeyEvent); nothing is clicked. At each Tab the test checks
// that the focused element shows it (an outline or a box shadow) and that
// focus keeps moving (no keyboard trap).

// focusInfo describes document.activeElement.
type focusInfo struct {
	Tag     string `json:"tag"`
	ID      string `json:"id"`
	Class   string `json:"cls"`
	Href    string `json:"href"`
	Label   string `json:"label"`
	Outline string `json:"outline"`
	Shadow  string `json:"shadow"`
	Shown   bool   `json:"shown"` // an outline or a box shadow is drawn
	Box     bool   `json:"box"`   // it has a size on screen
}

func (f focusInfo) String() string {
	s := strings.ToLower(f.Tag)
	if f.ID != "" {
		s += "#" + f.ID
	}
	if f.Class != "" {
		s += "." + strings.ReplaceAll(strings.TrimSpace(f.Class), " ", ".")
	}
	if f.Href != "" {
		s += fmt.Sprintf("[href=%q]", f.Href)
	}
	if f.Label != "" {
		s += fmt.Sprintf(" %q", f.Label)
	}
	return s
}

const focusJS = `(() => {
	const e = document.activeElement;
	if (!e || e === document.body || e === document.documentElement) return {tag: "BODY"};
	const s = getComputedStyle(e), r = e.getBoundingClientRect();
	const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
	const shadow = s.boxShadow && s.boxShadow !== "none";
	return {
		tag: e.tagName, id: e.id || "", cls: typeof e.className === "string" ? e.className : "",
		href: e.getAttribute("href") || "",
		label: (e.getAttribute("aria-label") || e.innerText || e.value || "").trim().replace(/\s+/g, " ").slice(0, 40),
		outline: s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor, shadow: s.boxShadow,
		shown: !!(outline || shadow), box: r.width > 0 && r.height > 0,
	};
})()`

// press sends one key (kb.Tab, kb.Enter, …) with optional modifiers.
func press(t *testing.T, ctx context.Context, key string, mods ...chromedp.Modifier) {
	t.Helper()
	var opts []chromedp.KeyOption
	if len(mods) > 0 {
		opts = append(opts, chromedp.KeyModifiers(mods...))
	}
	do(t, ctx, "press "+keyName(key), chromedp.KeyEvent(key, opts...))
}

func keyName(k string) string {
	switch k {
	case kb.Tab:
		return "Tab"
	case kb.Enter:
		return "Enter"
	case kb.Escape:
		return "Escape"
	case kb.ArrowRight:
		return "ArrowRight"
	case kb.ArrowLeft:
		return "ArrowLeft"
	case " ":
		return "Space"
	}
	return fmt.Sprintf("%q", k)
}

// focused returns the focused element.
func focused(t *testing.T, ctx context.Context) focusInfo {
	t.Helper()
	return get(t, ctx, "read the focus", chromedp.Evaluate[focusInfo](focusJS))
}

// checkFocusShown fails when the focused element draws no focus indicator.
func checkFocusShown(t *testing.T, f focusInfo, where string) {
	t.Helper()
	if f.Tag != "BODY" && !f.Shown {
		t.Errorf("%s: the focused %s shows no focus (outline %q, box-shadow %q)", where, f, f.Outline, f.Shadow)
	}
}

// tabTo presses Tab until match says yes, checking at each step that the
// focus is visible and moves. It fails after max presses with the path.
func tabTo(t *testing.T, ctx context.Context, what string, max int, match func(focusInfo) bool) focusInfo {
	t.Helper()
	var path []string
	for range max {
		press(t, ctx, kb.Tab)
		f := focused(t, ctx)
		checkFocusShown(t, f, what)
		path = append(path, f.String())
		if match(f) {
			return f
		}
		if n := len(path); n >= 4 && path[n-1] == path[n-2] && path[n-2] == path[n-3] {
			t.Fatalf("%s: the focus is stuck on %s (a keyboard trap); path: %s", what, f, strings.Join(path, " → "))
		}
	}
	t.Fatalf("%s: not reached after %d Tabs; path: %s", what, max, strings.Join(path, "\n  → "))
	return focusInfo{}
}

// tabRound tabs from the current focus through the whole page until the
// first element (from) comes round again: the focus can leave every part of
// the page. It returns how many stops there were.
func tabRound(t *testing.T, ctx context.Context, what string, max int, start func(focusInfo) bool) int {
	t.Helper()
	n := 0
	tabTo(t, ctx, what+": round the whole page", max, func(f focusInfo) bool {
		n++
		return n > 1 && start(f)
	})
	return n
}

func isSkip(f focusInfo) bool { return f.Href == "#main" }

// TestKeyboardVisitorJourney: a visitor without a mouse reads the site.
func TestKeyboardVisitorJourney(t *testing.T) {
	t.Parallel()
	ctx := newBrowserFor(t, 3*time.Minute)
	blockOtherSites(t, ctx)

	// The skip link comes first and moves the focus to the content.
	open(t, ctx, "/")
	settle(t, ctx)
	press(t, ctx, kb.Tab)
	if f := focused(t, ctx); !isSkip(f) {
		t.Fatalf("the first Tab focuses %s; want the skip link to #main", f)
	} else {
		checkFocusShown(t, f, "skip link")
	}
	press(t, ctx, kb.Enter)
	waitFor(t, ctx, "the skip link moves the focus to main", `document.activeElement && document.activeElement.id === "main"`, stepTimeout)

	// The menu: every link of the site's navigation is reachable.
	open(t, ctx, "/")
	navLinks := get(t, ctx, "list the menu", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("header nav a[href]")].map(a => a.getAttribute("href"))`))
	if len(navLinks) < 3 {
		t.Fatalf("the menu has %d links: %q", len(navLinks), navLinks)
	}
	seen := map[string]bool{}
	tabTo(t, ctx, "the menu", 60, func(f focusInfo) bool {
		seen[f.Href] = true
		for _, h := range navLinks {
			if !seen[h] {
				return false
			}
		}
		return true
	})

	// The banner carousel: its pause button stops the rotation, by Enter.
	if exists(t, ctx, "[data-carousel] .c-toggle") {
		tabTo(t, ctx, "the carousel's pause button", 80, func(f focusInfo) bool { return strings.Contains(f.Class, "c-toggle") })
		press(t, ctx, kb.Enter)
		label := get(t, ctx, "read the button", chromedp.Evaluate[string](`document.querySelector("[data-carousel] .c-toggle").getAttribute("aria-label")`))
		want := get(t, ctx, "read the play label", chromedp.Evaluate[string](`document.querySelector("[data-carousel]").getAttribute("data-t-play")`))
		if label != want {
			t.Errorf("after Enter on the pause button it reads %q; want %q (paused)", label, want)
		}
		const visible = `[...document.querySelectorAll("[data-carousel] .slide")].findIndex(s => !s.hidden)`
		slide := get(t, ctx, "read the slide", chromedp.Evaluate[int](visible))
		// Focus out of the carousel (focus inside pauses it anyway), then
		// let the 6-second rotation come round once.
		tabTo(t, ctx, "out of the carousel", 40, func(f focusInfo) bool {
			return !get(t, ctx, "is focus in the carousel", chromedp.Evaluate[bool](`!!document.activeElement.closest("[data-carousel]")`))
		})
		do(t, ctx, "wait past one rotation", chromedp.Sleep(7*time.Second))
		if now := get(t, ctx, "read the slide", chromedp.Evaluate[int](visible)); now != slide {
			t.Errorf("the carousel moved from slide %d to %d after being paused by keyboard", slide, now)
		}
	} else {
		t.Errorf("the homepage has no banner carousel with a pause button ([data-carousel] .c-toggle)")
	}

	// The whole homepage can be tabbed through and left: no trap.
	open(t, ctx, "/")
	n := tabRound(t, ctx, "homepage", 400, isSkip)
	t.Logf("homepage: %d Tab stops", n)

	// A news page's gallery: Enter opens the lightbox, arrows move, Escape
	// closes and the focus goes back to the thumbnail.
	news := discoverPath(t, "/news", `/news/`, `class="gallery`)
	open(t, ctx, news)
	first := get(t, ctx, "the first photo link", chromedp.Evaluate[string](`document.querySelector("[data-lightbox] a").getAttribute("href")`))
	tabTo(t, ctx, "the first photo of the gallery", 120, func(f focusInfo) bool { return f.Href == first })
	press(t, ctx, kb.Enter)
	waitFor(t, ctx, "the lightbox opens", `(() => { const b = document.querySelector(".lightbox"); return b && !b.hidden && b.contains(document.activeElement); })()`, stepTimeout)
	cap1 := text(t, ctx, ".lightbox .lb-caption")
	press(t, ctx, kb.ArrowRight)
	waitFor(t, ctx, "ArrowRight shows the next photo", `document.querySelector(".lightbox .lb-caption").textContent !== `+jsString(cap1), stepTimeout)
	press(t, ctx, kb.ArrowLeft)
	waitFor(t, ctx, "ArrowLeft goes back", `document.querySelector(".lightbox .lb-caption").textContent === `+jsString(cap1), stepTimeout)
	// Tab stays inside the open dialog (aria-modal) and shows where it is.
	for range 5 {
		press(t, ctx, kb.Tab)
		f := focused(t, ctx)
		checkFocusShown(t, f, "lightbox")
		if !get(t, ctx, "focus in the lightbox", chromedp.Evaluate[bool](`document.querySelector(".lightbox").contains(document.activeElement)`)) {
			t.Errorf("Tab left the open lightbox for %s", f)
		}
	}
	press(t, ctx, kb.Escape)
	waitFor(t, ctx, "Escape closes the lightbox", `document.querySelector(".lightbox").hidden`, stepTimeout)
	if f := focused(t, ctx); f.Href != first {
		t.Errorf("after Escape the focus is on %s; want the thumbnail %s", f, first)
	}

	// A video page: Enter on the facade starts the player (its request to
	// YouTube is blocked: the test loads nothing from outside the site).
	video := discoverPath(t, "/videos", `/videos/`, `data-yt`)
	open(t, ctx, video)
	tabTo(t, ctx, "the video's play link", 80, func(focusInfo) bool {
		return get(t, ctx, "focus on the facade", chromedp.Evaluate[bool](`!!document.activeElement.closest(".yt[data-yt]")`))
	})
	press(t, ctx, kb.Enter)
	waitFor(t, ctx, "Enter starts the player", `!!document.querySelector(".yt iframe")`, stepTimeout)
	if loc := pagePath(t, ctx); loc != video {
		t.Errorf("Enter on the facade left the page for %s", loc)
	}
	if f := focused(t, ctx); f.Tag != "IFRAME" {
		t.Errorf("after starting the player the focus is on %s; want the player, not the top of the page", f)
	}

	// The search box: reached by Tab, typed into, sent with Enter.
	open(t, ctx, "/")
	tabTo(t, ctx, "the search box", 40, func(f focusInfo) bool { return f.ID == "nav-q" })
	do(t, ctx, "type a search", typeText("คณะ"))
	load(t, ctx, "send the search with Enter", chromedp.KeyEvent(kb.Enter))
	u, err := url.Parse(get(t, ctx, "read location", chromedp.Location()))
	if err != nil || u.Path != "/search" || u.Query().Get("q") != "คณะ" {
		t.Fatalf("after Enter in the search box the tab is at %v; want /search?q=คณะ", u)
	}
	if n := get(t, ctx, "count results", chromedp.Evaluate[int](`document.querySelectorAll("main a[href*='/news/']").length`)); n == 0 {
		t.Errorf("the search by keyboard found nothing%s", pageState(ctx))
	}
}

// discoverPath returns the first link to prefix… on the public page list
// whose page contains need.
func discoverPath(t *testing.T, list, prefix, need string) string {
	t.Helper()
	body := httpBody(t, list)
	for _, part := range strings.Split(body, `href="`+prefix)[1:] {
		id := part[:strings.IndexByte(part, '"')]
		if strings.ContainsAny(id, "/?#") {
			continue
		}
		if strings.Contains(httpBody(t, prefix+id), need) {
			return prefix + id
		}
	}
	t.Fatalf("no %s… on %s with %q", prefix, list, need)
	return ""
}

// TestKeyboardNewsEditor: a PR officer without a mouse logs in, writes a
// news item and saves it.
func TestKeyboardNewsEditor(t *testing.T) {
	t.Parallel()
	ctx := newBrowserFor(t, 3*time.Minute)
	user := freshUnitUser(t, ctx)
	s := newSession(t, ctx)

	// Log in: the ID field has the focus when the page opens.
	open(t, s, "/admin/login")
	if f := focused(t, s); f.ID != "citizen_id" {
		press(t, s, kb.Tab)
		tabTo(t, s, "the citizen ID field", 20, func(f focusInfo) bool { return f.ID == "citizen_id" })
	}
	do(t, s, "type the ID", typeText(user.ID))
	tabTo(t, s, "the password field", 5, func(f focusInfo) bool { return f.ID == "password" })
	do(t, s, "type the password", typeText(user.Password))
	load(t, s, "log in with Enter", chromedp.KeyEvent(kb.Enter))
	if p := pagePath(t, s); p != "/admin/" {
		t.Fatalf("after logging in by keyboard the tab is at %s%s", p, pageState(s))
	}

	// The dashboard's "new news" link.
	tabTo(t, s, "the new-news link", 80, func(f focusInfo) bool { return f.Href == "/admin/news/new" })
	load(t, s, "open the new-news form with Enter", chromedp.KeyEvent(kb.Enter))
	waitFor(t, s, "the editor is ready", `!!document.querySelector("#editor .ql-editor")`, stepTimeout)

	headline := "ข่าวทดสอบแป้นพิมพ์ " + fmt.Sprint(time.Now().UnixNano()%1e6)
	tabTo(t, s, "the headline", 60, func(f focusInfo) bool { return f.ID == "headline" })
	do(t, s, "type the headline", typeText(headline))
	tabTo(t, s, "the body editor", 30, func(f focusInfo) bool { return strings.Contains(f.Class, "ql-editor") })
	do(t, s, "type the body", typeText("คณะวิทยาศาสตร์จัดกิจกรรมเปิดบ้าน"))
	// Tab leaves the editor (Quill would otherwise insert a tab character).
	press(t, s, kb.Tab)
	if f := focused(t, s); strings.Contains(f.Class, "ql-editor") {
		t.Fatalf("Tab does not leave the body editor: a keyboard trap")
	}
	body := get(t, s, "read the body", chromedp.Evaluate[string](`document.querySelector("#editor .ql-editor").innerText`))
	if strings.Contains(body, "\t") {
		t.Errorf("Tab in the editor typed a tab character into the body: %q", body)
	}
	press(t, s, kb.Tab, chromedp.ModifierShift)
	if f := focused(t, s); !strings.Contains(f.Class, "ql-editor") {
		t.Errorf("Shift+Tab after the editor focuses %s; want the editor back", f)
	}
	// On through the date fields and the publish button to the save-draft
	// button (a draft: the item stays off the shared demo's public pages).
	var stops []string
	tabTo(t, s, "the date fields and the save buttons", 80, func(f focusInfo) bool {
		stops = append(stops, f.ID)
		return f.Tag == "BUTTON" && get(t, s, "which button", chromedp.Evaluate[string](`document.activeElement.value`)) == "draft"
	})
	for _, id := range []string{"start", "end"} {
		if !strings.Contains(" "+strings.Join(stops, " ")+" ", " "+id+" ") {
			t.Errorf("Tab skipped the date field #%s; stops: %q", id, stops)
		}
	}
	load(t, s, "save with Enter", chromedp.KeyEvent(kb.Enter))
	if f := text(t, s, ".flash"); f == "" {
		t.Errorf("no message after saving%s", pageState(s))
	}
	if p := pagePath(t, s); strings.HasSuffix(p, "/new") {
		t.Fatalf("after saving, the tab is still at %s%s", p, pageState(s))
	}
	if got := get(t, s, "read the saved headline", chromedp.Value(chromedp.CSS("#headline"))); got != headline {
		t.Errorf("the saved headline reads %q; typed %q", got, headline)
	}
	if st := newsStatuses(t, headline); len(st) != 1 || st[0] != "draft" {
		t.Errorf("saving by keyboard made %d items (%q); want 1 draft%s", len(st), st, pageState(s))
	}

	// The whole saved form can be tabbed round: no trap anywhere.
	open(t, s, "/admin/news/new")
	waitFor(t, s, "the editor is ready", `!!document.querySelector("#editor .ql-editor")`, stepTimeout)
	n := tabRound(t, s, "news form", 400, func(f focusInfo) bool { return f.Href == "#main" })
	t.Logf("news form: %d Tab stops", n)
}
