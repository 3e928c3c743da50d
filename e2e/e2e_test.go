package e2e

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestCentralAdminAddsUnitUser: Khun Ploy logs in with the printed login,
// opens the users list (masked IDs only), adds a faculty PR user after a typo
// in the citizen ID, and logs out.
func TestCentralAdminAddsUnitUser(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	admin := site.Admin

	logInOK(t, ctx, admin.ID, admin.Password)

	load(t, ctx, "open ผู้ใช้ from the menu",
		chromedp.Click(chromedp.CSS(`nav#sidenav a[href="/admin/users"]`), chromedp.NodeVisible))
	if p := pagePath(t, ctx); p != "/admin/users" {
		t.Fatalf("the users menu item led to %s", p)
	}
	html := get(t, ctx, "read the users list", chromedp.OuterHTML(chromedp.CSS("html")))
	if !strings.Contains(html, masked(admin.ID)) {
		t.Errorf("the users list does not show the admin's masked ID %s", masked(admin.ID))
	}
	checkNoFullIDs(t, html, knownIDs()...)

	// A typo in the citizen ID: the form comes back with the error under the
	// field and everything typed still there.
	load(t, ctx, "open the new user form",
		chromedp.Click(chromedp.CSS(`main a[href="/admin/users/new"]`), chromedp.NodeVisible))
	u := newUnitUser()
	typo := u
	typo.CitizenID = withWrongCheckDigit(u.CitizenID)
	fillUserForm(t, ctx, typo)
	if resp := load(t, ctx, "save with a wrong check digit", chromedp.Click(chromedp.CSS(saveButton))); resp.Status != 422 {
		t.Errorf("save with a wrong check digit: status %d, want 422", resp.Status)
	}
	msg := get(t, ctx, "read the citizen ID's error", chromedp.Evaluate[string](`(() => {
		const err = document.querySelector("#citizen_id").closest(".field").querySelector(".err");
		return err ? err.textContent.trim() : "";
	})()`))
	if msg != citizenIDError {
		t.Errorf("error under the citizen ID field = %q, want %q%s", msg, citizenIDError, pageState(ctx))
	}
	for _, f := range []struct{ sel, want string }{
		{"#citizen_id", typo.CitizenID},
		{"#name", typo.Name},
		{"#role", typo.Role},
		{"#password", typo.Password},
		{"#unit_id option:checked", typo.Unit},
	} {
		got := get(t, ctx, "read "+f.sel, chromedp.Evaluate[string](`(() => {
			const e = document.querySelector(`+jsString(f.sel)+`);
			return e ? (e.tagName === "OPTION" ? e.textContent.trim() : e.value) : "(missing)";
		})()`))
		if got != f.want {
			t.Errorf("after the error, %s = %q; want what was typed, %q", f.sel, got, f.want)
		}
	}

	// Correct the ID and save.
	do(t, ctx, "correct the citizen ID", fill("#citizen_id", u.CitizenID))
	if resp := load(t, ctx, "save the new user", chromedp.Click(chromedp.CSS(saveButton))); resp.Status != 200 {
		t.Fatalf("save the new user: status %d%s", resp.Status, pageState(ctx))
	}
	if p := pagePath(t, ctx); p != "/admin/users" {
		t.Errorf("after saving, the browser is at %s; want /admin/users", p)
	}
	if f := text(t, ctx, `.flash[role=status]`); !strings.Contains(f, userAddedFlash) {
		t.Errorf("flash %q; want %q", f, userAddedFlash)
	}
	html = get(t, ctx, "read the users list", chromedp.OuterHTML(chromedp.CSS("html")))
	if !strings.Contains(html, u.Name) || !strings.Contains(html, masked(u.CitizenID)) {
		t.Errorf("the users list does not show %q with %s", u.Name, masked(u.CitizenID))
	}
	checkNoFullIDs(t, html, append(knownIDs(), u.CitizenID)...)

	// Log out: back at the login page, and the admin is closed again.
	load(t, ctx, "log out",
		chromedp.Click(chromedp.CSS(`form[action="/admin/logout"] button[type=submit]`), chromedp.NodeVisible))
	if p := pagePath(t, ctx); p != "/admin/login" {
		t.Errorf("after logging out, the browser is at %s; want /admin/login", p)
	}
	if !exists(t, ctx, `form[action="/admin/login"] #citizen_id`) {
		t.Errorf("no login form after logging out%s", pageState(ctx))
	}
	open(t, ctx, "/admin/users")
	if p := pagePath(t, ctx); p != "/admin/login" {
		t.Errorf("after logging out, /admin/users ended at %s; want /admin/login", p)
	}
}

// TestDisabledUnitUserIsLoggedOut: a faculty PR user may not manage users,
// and once central PR disables the account, the user's next page is the
// login page.
func TestDisabledUnitUserIsLoggedOut(t *testing.T) {
	t.Parallel()
	browser := newBrowser(t)
	adminTab := newSession(t, browser)
	unitTab := newSession(t, browser) // own cookies: another person at another PC

	logInOK(t, adminTab, site.Admin.ID, site.Admin.Password)
	u := newUnitUser()
	editPath := addUser(t, adminTab, u)
	if !regexp.MustCompile(`^/admin/users/\d+/edit$`).MatchString(editPath) {
		t.Fatalf("the users list links %q to %q; want /admin/users/{id}/edit", u.Name, editPath)
	}

	logInOK(t, unitTab, u.CitizenID, u.Password)
	if !exists(t, unitTab, "nav#sidenav") {
		t.Fatalf("the dashboard has no nav#sidenav%s", pageState(unitTab))
	}
	if exists(t, unitTab, `nav#sidenav a[href="/admin/users"]`) {
		t.Errorf("the menu of a unit PR user links to /admin/users")
	}
	if resp := open(t, unitTab, "/admin/users"); resp.Status != 403 {
		t.Errorf("a unit PR user at /admin/users: status %d, want 403", resp.Status)
	}
	if h1 := text(t, unitTab, "main h1"); h1 != forbiddenTitle {
		t.Errorf("a unit PR user at /admin/users sees %q, want %q", h1, forbiddenTitle)
	}

	// Central PR disables the account and confirms the dialog.
	open(t, adminTab, editPath)
	dialogs := acceptDialogs(t, adminTab)
	load(t, adminTab, "click "+disableButton,
		chromedp.Click(`//form[contains(@action, "/disable")]//button[normalize-space() = "`+disableButton+`"]`, chromedp.NodeVisible))
	if got := dialogs(); !slices.Equal(got, []string{"confirm: " + confirmText}) {
		t.Errorf("dialogs = %q; want one confirm %q", got, confirmText)
	}
	if f := text(t, adminTab, `.flash[role=status]`); !strings.Contains(f, disabledFlash) {
		t.Errorf("flash after disabling %q; want %q", f, disabledFlash)
	}

	// The unit user's next page load ends at the login page...
	open(t, unitTab, "/admin/")
	if p := pagePath(t, unitTab); p != "/admin/login" {
		t.Errorf("the disabled user's next page is %s; want /admin/login%s", p, pageState(unitTab))
	}
	// ...and the account no longer logs in.
	if resp := logIn(t, unitTab, u.CitizenID, u.Password); resp.Status != 403 {
		t.Errorf("log in to a disabled account: status %d, want 403", resp.Status)
	}
	if p := pagePath(t, unitTab); p != "/admin/login" {
		t.Errorf("log in to a disabled account ended at %s; want /admin/login", p)
	}
	if msg := text(t, unitTab, `.flash.error`); !strings.Contains(msg, disabledLogin) {
		t.Errorf("log in to a disabled account says %q; want %q", msg, disabledLogin)
	}
}

// TestPagesLoadNothingFromOtherSites: the pages fetch only from our own
// host, so they work on a closed network and leak no visitor to a third party.
func TestPagesLoadNothingFromOtherSites(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	var (
		mu       sync.Mutex
		requests []string
		failed   []string
	)
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, ev.Request.URL)
		case *network.EventResponseReceived:
			// Chromium asks for /favicon.ico by itself; the pages do not link it.
			if ev.Response.Status >= 400 && !strings.HasSuffix(ev.Response.URL, "/favicon.ico") {
				failed = append(failed, ev.Response.URL)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("enable network events: %v", err)
	}

	open(t, ctx, "/")
	settle(t, ctx)
	load(t, ctx, "follow the link to English", chromedp.Click(chromedp.CSS(`a[href="/en/"]`), chromedp.NodeVisible))
	settle(t, ctx)
	if p := pagePath(t, ctx); p != "/en/" {
		t.Errorf("the English link led to %s", p)
	}
	open(t, ctx, "/admin/login")
	settle(t, ctx)

	mu.Lock()
	defer mu.Unlock()
	var sawCSS bool
	for _, raw := range requests {
		u, err := url.Parse(raw)
		switch {
		case err != nil:
			t.Errorf("request to an unreadable URL %q", raw)
		case u.Scheme == "data":
		case u.Scheme != "http" || u.Host != site.Host:
			t.Errorf("the page requested %s; only %s may be asked", raw, site.Host)
		case u.Path == "/assets/css/fonts.css":
			sawCSS = true
		}
	}
	if !sawCSS {
		t.Errorf("no request for /assets/css/fonts.css among %q: are network events arriving?", requests)
	}
	for _, f := range failed {
		t.Errorf("request failed with a 4xx/5xx status: %s", f)
	}
	t.Logf("%d requests, all to %s", len(requests), site.Host)
}

// TestThaiRendersWithSarabun: the machines here, like many visitors' PCs,
// have no Thai system font, so Thai must come from our vendored Sarabun.
func TestThaiRendersWithSarabun(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	var (
		mu    sync.Mutex
		fonts []*network.Response
	)
	err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventResponseReceived); ok && strings.Contains(ev.Response.URL, ".woff2") {
			mu.Lock()
			fonts = append(fonts, ev.Response)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("enable network events: %v", err)
	}

	for _, tc := range []struct{ name, path, css string }{
		{"admin login", "/admin/login", "main h1"},
		{"homepage", "/", "main h1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			open(t, ctx, tc.path)
			ok := get(t, ctx, "check the font", chromedp.Evaluate[bool](
				`document.fonts.ready.then(() => document.fonts.check("16px Sarabun", "ทดสอบ"))`, chromedp.EvalAwaitPromise))
			if !ok {
				t.Errorf(`document.fonts.check("16px Sarabun", "ทดสอบ") = false after document.fonts.ready`)
			}
			loaded := get(t, ctx, "list loaded fonts", chromedp.Evaluate[[]string](
				`[...document.fonts].filter(f => f.status === "loaded").map(f => f.family.replace(/["']/g, "") + " " + f.weight + " " + f.unicodeRange)`))
			if !slices.ContainsFunc(loaded, func(f string) bool {
				return strings.HasPrefix(f, "Sarabun ") && strings.Contains(f, "E01")
			}) {
				t.Errorf("no Thai Sarabun face loaded; loaded: %q", loaded)
			}
			// What Chromium drew the heading with: every glyph from our font.
			used := platformFonts(t, ctx, tc.css)
			for _, f := range used {
				t.Logf("%s drawn with %s (%s), %v glyphs", tc.css, f.FamilyName, f.PostScriptName, f.GlyphCount)
			}
			for _, f := range used {
				if f.FamilyName != "Sarabun" || !f.IsCustomFont {
					t.Errorf("%s on %s drew %v glyphs with %q (custom font: %v); want all from the web font Sarabun",
						tc.css, tc.path, f.GlyphCount, f.FamilyName, f.IsCustomFont)
				}
			}
			if len(used) == 0 {
				t.Errorf("Chromium reports no font for %s on %s", tc.css, tc.path)
			}
			t.Logf("screenshot: %s", screenshot(t, ctx, strings.ReplaceAll(tc.name, " ", "-")))
		})
	}

	mu.Lock()
	defer mu.Unlock()
	var thai bool
	for _, r := range fonts {
		u, err := url.Parse(r.URL)
		if err != nil || u.Host != site.Host || !strings.HasPrefix(u.Path, "/assets/fonts/sarabun-thai-") {
			continue
		}
		thai = true
		if r.Status != 200 || r.MimeType != "font/woff2" {
			t.Errorf("%s: status %d, type %q; want 200 font/woff2", r.URL, r.Status, r.MimeType)
		}
	}
	if !thai {
		t.Errorf("no Sarabun Thai woff2 was fetched from /assets/fonts/; fonts fetched: %d", len(fonts))
	}
}

// settle waits for the page's fonts and a short quiet time, so that late
// requests (fonts, images, scripts) are seen before the page changes.
func settle(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "wait for the page to settle",
		chromedp.Evaluate[chromedp.Void](`document.fonts.ready`, chromedp.EvalAwaitPromise),
		chromedp.Sleep(300*time.Millisecond),
	)
}

// platformFonts asks Chromium which fonts drew the text of the first element
// that matches sel.
func platformFonts(t *testing.T, ctx context.Context, sel string) []*css.PlatformFontUsage {
	t.Helper()
	do(t, ctx, "enable the CSS agent", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, dom.Enable, dom.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, css.Enable, cdp.Empty{})
		return err
	}))
	ids := get(t, ctx, "find "+sel, chromedp.QueryNodeIDs(chromedp.CSS(sel), chromedp.NodeVisible))
	res, err := chromedp.Call(ctx, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: ids[0]})
	if err != nil {
		t.Fatalf("fonts of %s: %v", sel, err)
	}
	return res.Fonts
}
