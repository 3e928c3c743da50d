package e2e

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	_ "github.com/mattn/go-sqlite3" // to age this test's session in the server's database

	"newsroom/templates"
)

// Issue 12, "never lose work": a session that expires while the news form
// is open loses nothing, autosave brings a closed tab's text back, and
// leaving a changed form asks first.

// uniqueAgent is a browser user agent that names one test's sessions in
// the server's database (sessions keep the user agent).
func uniqueAgent(tag string) string {
	return fmt.Sprintf("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 e2e-%s-%06d",
		tag, rand.IntN(1e6))
}

// dataDir is the server's data directory.
func dataDir(t *testing.T) string {
	t.Helper()
	for _, e := range site.cmd.Env {
		if v, ok := strings.CutPrefix(e, "NEWSROOM_DATA="); ok {
			return v
		}
	}
	t.Fatal("the server has no NEWSROOM_DATA")
	return ""
}

// ageSessions moves the sessions of user agent ua back by d in the server's
// database, as if the user had been away that long.
func ageSessions(t *testing.T, ua string, d time.Duration) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dataDir(t), "newsroom.db")+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(`UPDATE sessions SET last_seen = last_seen - ?, created_at = created_at - ? WHERE user_agent = ?`,
		d.Milliseconds(), d.Milliseconds(), ua)
	if err != nil {
		t.Fatalf("age the session: %v", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("aged %d sessions of this browser, want 1", n)
	}
}

// itemByHeadline reads the id and photo count of the news with headline.
func itemByHeadline(t *testing.T, headline string) (id int64, photos int) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dataDir(t), "newsroom.db")+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.QueryRow(`SELECT id FROM news WHERE headline = ?`, headline).Scan(&id); err != nil {
		t.Fatalf("the news %q is not in the database: %v", headline, err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM photos WHERE news_id = ?`, id).Scan(&photos); err != nil {
		t.Fatalf("count its photos: %v", err)
	}
	return id, photos
}

func writePhotos(t *testing.T, n int) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i := 1; i <= n; i++ {
		b, err := cameraJPEG(i)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, fmt.Sprintf("ภาพ %d.jpg", i))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// freshUnitUser has the central admin add a unit PR user for this test
// alone (in a browser context of its own): drafts are per user and form, so
// tests that run in parallel on the same form must not share a user.
func freshUnitUser(t *testing.T, browser context.Context) account {
	t.Helper()
	admin := newSession(t, browser)
	logInOK(t, admin, site.Admin.ID, site.Admin.Password)
	u := newUnitUser()
	addUser(t, admin, u)
	return account{ID: u.CitizenID, Password: u.Password, Role: "unit"}
}

const gridCountJS = `document.querySelectorAll("#photo-grid li.photo").length`

func TestExpiredSessionKeepsTheNewsForm(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	unit := freshUnitUser(t, ctx)
	ua := uniqueAgent("lostwork")
	do(t, ctx, "set this browser's user agent", userAgent(ua))
	dialogs := acceptDialogs(t, ctx)
	logInOK(t, ctx, unit.ID, unit.Password)

	// Type a headline and a body, and upload two photos to the gallery.
	open(t, ctx, "/admin/news/new")
	do(t, ctx, "wait for the news form and its editor", chromedp.WaitVisible(chromedp.CSS("#editor .ql-editor")))
	headline := fmt.Sprintf("ข่าวที่ไม่หายแม้หมดเวลา %06d", rand.IntN(1e6))
	body := "ย่อหน้าที่พิมพ์ไว้นานสองชั่วโมง"
	do(t, ctx, "type the headline and body",
		chromedp.Click(chromedp.CSS("input#headline"), chromedp.NodeVisible), typeText(headline),
		centre("#editor .ql-editor"),
		chromedp.Click(chromedp.CSS("#editor .ql-editor"), chromedp.NodeVisible), typeText(body))
	do(t, ctx, "choose two photos",
		chromedp.SetUploadFiles(chromedp.CSS("#photo-files"), writePhotos(t, 2), chromedp.NodeReady))
	waitFor(t, ctx, "the two photos are in the grid", gridCountJS+` === 2`, 30*time.Second)
	saved := templates.T("th", "drafts.saved_at")[:len(templates.T("th", "drafts.saved_at"))-2]
	waitFor(t, ctx, "the form says its draft is saved",
		`document.querySelector(".autosave-state").textContent.includes(`+jsString(saved)+`)`, 20*time.Second)

	// Two hours and more pass; the user presses publish.
	ageSessions(t, ua, 2*time.Hour+5*time.Minute)
	load(t, ctx, "press publish into the expired session",
		centre(`button[name=action][value=publish]`),
		chromedp.Click(chromedp.CSS(`button[name=action][value=publish]`), chromedp.NodeVisible))
	loc, _ := url.Parse(get(t, ctx, "read location", chromedp.Location()))
	if loc.Path != "/admin/login" || loc.Query().Get("msg") != "expired" || loc.Query().Get("resume") == "" {
		t.Fatalf("after publishing into an expired session the browser is at %s; want the login page with msg=expired and a resume id", loc)
	}
	if msg := text(t, ctx, ".login-card .flash"); msg != templates.T("th", "drafts.login_kept") {
		t.Errorf("the login page says %q; want %q", msg, templates.T("th", "drafts.login_kept"))
	}
	for _, d := range dialogs() {
		if strings.HasPrefix(d, "beforeunload") {
			t.Errorf("submitting the form asked about leaving: %s", d)
		}
	}

	// Log in again: back on the form with the text and the photos.
	do(t, ctx, "fill in the login form", fill("#citizen_id", unit.ID), fill("#password", unit.Password))
	load(t, ctx, "log in again", chromedp.Click(chromedp.CSS(`form[action="/admin/login"] button[type=submit]`), chromedp.NodeVisible))
	if p := pagePath(t, ctx); p != "/admin/news/new" {
		t.Fatalf("after logging in again the browser is at %s; want the form /admin/news/new%s", p, pageState(ctx))
	}
	waitFor(t, ctx, "the headline is back", `document.querySelector("#headline").value === `+jsString(headline), 10*time.Second)
	waitFor(t, ctx, "the body is back in the editor",
		`document.querySelector("#editor .ql-editor").innerText.includes(`+jsString(body)+`)`, 10*time.Second)
	waitFor(t, ctx, "the two photos are back in the grid", gridCountJS+` === 2`, 10*time.Second)
	if !exists(t, ctx, ".autosave-notice") {
		t.Errorf("no notice says the form was restored%s", pageState(ctx))
	}

	// Saving now works, with the photos.
	load(t, ctx, "publish again",
		centre(`button[name=action][value=publish]`),
		chromedp.Click(chromedp.CSS(`button[name=action][value=publish]`), chromedp.NodeVisible))
	if p := pagePath(t, ctx); !strings.HasPrefix(p, "/admin/news/") || !strings.HasSuffix(p, "/edit") {
		t.Fatalf("after publishing the browser is at %s; want the item's edit page%s", p, pageState(ctx))
	}
	id, photos := itemByHeadline(t, headline)
	if photos != 2 {
		t.Errorf("news %d has %d photos; want the 2 uploaded before the session expired", id, photos)
	}

	// The saved item's page is clean: leaving asks nothing. A change makes
	// leaving ask.
	before := len(dialogs())
	open(t, ctx, "/admin/news/"+fmt.Sprint(id)+"/edit")
	do(t, ctx, "wait for the edit form", chromedp.WaitVisible(chromedp.CSS("#editor .ql-editor")))
	open(t, ctx, "/admin/")
	if n := len(dialogs()); n != before {
		t.Errorf("leaving an unchanged form asked: %v", dialogs()[before:])
	}
	open(t, ctx, "/admin/news/"+fmt.Sprint(id)+"/edit")
	do(t, ctx, "change the headline",
		chromedp.Click(chromedp.CSS("input#headline"), chromedp.NodeVisible), typeText(" แก้ไข"))
	open(t, ctx, "/admin/")
	var asked bool
	for _, d := range dialogs()[before:] {
		asked = asked || strings.HasPrefix(d, "beforeunload")
	}
	if !asked {
		t.Errorf("leaving a changed form did not ask (dialogs: %v)", dialogs())
	}
}

func TestAutosaveRestoresAClosedTab(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	unit := freshUnitUser(t, ctx)
	acceptDialogs(t, ctx)
	logInOK(t, ctx, unit.ID, unit.Password)

	open(t, ctx, "/admin/news/new")
	do(t, ctx, "wait for the news form", chromedp.WaitVisible(chromedp.CSS("#editor .ql-editor")))
	headline := fmt.Sprintf("ร่างที่บันทึกอัตโนมัติ %06d", rand.IntN(1e6))
	do(t, ctx, "type a headline, choose English",
		chromedp.Click(chromedp.CSS("input#headline"), chromedp.NodeVisible), typeText(headline),
		chromedp.Click(chromedp.CSS(`input[name=lang][value=en]`), chromedp.NodeVisible))
	waitFor(t, ctx, "the draft is saved", `document.querySelector("#news-form").getAttribute("data-draft-saved")`, 20*time.Second)

	// The tab goes; the same form opened again brings the text back.
	open(t, ctx, "/admin/")
	open(t, ctx, "/admin/news/new")
	waitFor(t, ctx, "the headline is restored", `document.querySelector("#headline").value === `+jsString(headline), 10*time.Second)
	if !get(t, ctx, "read the language", chromedp.Evaluate[bool](`document.querySelector("input[name=lang][value=en]").checked`)) {
		t.Error("the chosen language (a radio) was not restored")
	}
	if !exists(t, ctx, ".autosave-notice [data-discard-draft]") {
		t.Fatalf("no discard button on the restore notice%s", pageState(ctx))
	}
	do(t, ctx, "discard the draft", chromedp.Click(chromedp.CSS(".autosave-notice [data-discard-draft]"), chromedp.NodeVisible))
	if v := get(t, ctx, "read the headline", chromedp.Value(chromedp.CSS("#headline"))); v != "" {
		t.Errorf("after discarding, the headline is %q; want empty", v)
	}
	waitFor(t, ctx, "the discard reached the server", `performance.getEntriesByType("resource").some(e => e.name.includes("/admin/drafts/delete"))`, 5*time.Second)
	open(t, ctx, "/admin/news/new")
	do(t, ctx, "wait for the news form", chromedp.WaitVisible(chromedp.CSS("#editor .ql-editor")))
	waitFor(t, ctx, "the draft lookup is done", `document.querySelector("#news-form").hasAttribute("data-draft-checked")`, 5*time.Second)
	if v := get(t, ctx, "read the headline", chromedp.Value(chromedp.CSS("#headline"))); v != "" || exists(t, ctx, ".autosave-notice") {
		t.Errorf("a discarded draft came back: headline %q", v)
	}
}

// newsStatuses lists the statuses of the news items with headline.
func newsStatuses(t *testing.T, headline string) []string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dataDir(t), "newsroom.db")+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT status FROM news WHERE headline = ?`, headline)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

// A double click on "save as draft" sends one request, and it is a draft.
func TestDoubleClickSubmitsOnce(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	unit := freshUnitUser(t, ctx)
	acceptDialogs(t, ctx)
	logInOK(t, ctx, unit.ID, unit.Password)
	open(t, ctx, "/admin/news/new")
	do(t, ctx, "wait for the news form", chromedp.WaitVisible(chromedp.CSS("#editor .ql-editor")))
	headline := fmt.Sprintf("กดบันทึกสองครั้ง %06d", rand.IntN(1e6))
	do(t, ctx, "type a headline", chromedp.Click(chromedp.CSS("input#headline"), chromedp.NodeVisible), typeText(headline))
	// Count the submissions that go out (not cancelled), across the page load.
	load(t, ctx, "double-click save as draft", chromedp.Evaluate[chromedp.Void](`(() => {
		sessionStorage.setItem("sent", "0");
		window.addEventListener("submit", e => { if (!e.defaultPrevented) sessionStorage.setItem("sent", String(+sessionStorage.getItem("sent") + 1)); });
		const b = document.querySelector("#news-form button[type=submit][value=draft]");
		b.click(); b.click();
	})()`))
	if sent := get(t, ctx, "count the submissions", chromedp.Evaluate[string](`sessionStorage.getItem("sent")`)); sent != "1" {
		t.Errorf("a double click sent %s submissions; want 1", sent)
	}
	if p := pagePath(t, ctx); !strings.HasSuffix(p, "/edit") {
		t.Fatalf("after saving, the browser is at %s; want the item's edit page%s", p, pageState(ctx))
	}
	if st := newsStatuses(t, headline); len(st) != 1 || st[0] != "draft" {
		t.Errorf("after a double click on save as draft, the items are %q; want one draft%s", st, pageState(ctx))
	}
}

// A photo upload that meets an expired session keeps the chosen photo,
// asks to log in again (in another tab), and sends it when the user is back.
func TestUploadIntoExpiredSessionRetriesAfterLogin(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	unit := freshUnitUser(t, ctx)
	ua := uniqueAgent("upload")
	do(t, ctx, "set this browser's user agent", userAgent(ua))
	acceptDialogs(t, ctx)
	logInOK(t, ctx, unit.ID, unit.Password)
	open(t, ctx, "/admin/news/new")
	do(t, ctx, "wait for the news form", chromedp.WaitVisible(chromedp.CSS("#editor .ql-editor")))

	ageSessions(t, ua, 2*time.Hour+5*time.Minute)
	do(t, ctx, "choose a photo", chromedp.SetUploadFiles(chromedp.CSS("#photo-files"), writePhotos(t, 1), chromedp.NodeReady))
	waitFor(t, ctx, "the page asks to log in again",
		`(b => b && !b.hidden && b.querySelector("a[target=_blank]"))(document.querySelector(".session-banner"))`, 10*time.Second)
	if href := get(t, ctx, "read the login link", chromedp.Evaluate[string](`document.querySelector(".session-banner a").getAttribute("href")`)); !strings.HasPrefix(href, "/admin/login") {
		t.Errorf("the log-in-again link goes to %q", href)
	}

	// Log in again elsewhere in the same browser (as the link's new tab
	// does: the login page's form, posted with the browser's cookies), then
	// come back to the form's tab.
	do(t, ctx, "log in again in the background", chromedp.Evaluate[chromedp.Void](`fetch("/admin/login", {method: "POST",
		credentials: "same-origin", redirect: "manual", headers: {"X-CSRF-Token": document.querySelector("#news-form").dataset.csrf},
		body: new URLSearchParams({citizen_id: `+jsString(unit.ID)+`, password: `+jsString(unit.Password)+`})})
		.then(r => { window.__loggedIn = true; })`))
	waitFor(t, ctx, "the login answered", `window.__loggedIn === true`, 10*time.Second)
	do(t, ctx, "come back to the form's tab", chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("focus"))`))
	waitFor(t, ctx, "the photo is uploaded after all", gridCountJS+` === 1`, 20*time.Second)
	if exists(t, ctx, ".session-banner:not([hidden])") {
		t.Error("the log-in-again banner stays after the upload went through")
	}
}
