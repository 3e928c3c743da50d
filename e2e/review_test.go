package e2e

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Texts of the editorial loop (issue 12).
const (
	submittedFlash   = "ส่งตรวจแล้ว"
	submitButtonText = "ส่งตรวจ"
	returnedTitle    = "ส่งกลับให้แก้ไข"
	approvedFlash    = "อนุมัติแล้ว"
)

// TestReviewLoop walks the legacy manual's publishing flow in browsers: a
// faculty author in a unit under review submits a news item with a 30-photo
// ZIP, central PR returns it with a comment, the author sees the comment,
// edits and resubmits, central PR approves it, and only then do visitors
// find it on the homepage, the list, the feed, the API and search. It also
// measures the staff effort of the README's journey (login → news with a
// 30-photo ZIP → submitted): interactions and wall time.
func TestReviewLoop(t *testing.T) {
	t.Parallel()
	const nPhotos = 30
	tag := fmt.Sprintf("%06d", rand.IntN(1e6))
	unitName := "คณะทดสอบการตรวจข่าว " + tag
	zipDir := t.TempDir()
	z, err := makeThaiPhotoZip(zipDir, nPhotos)
	if err != nil {
		t.Fatalf("make the ZIP: %v", err)
	}

	browser := newBrowser(t)
	central := browser
	acceptDialogs(t, central)
	admin := demoLogin(t, "central")
	logInOK(t, central, admin.ID, admin.Password)

	// 1. Central PR makes a unit under review, and its author.
	open(t, central, "/admin/units/new")
	do(t, central, "fill in the new unit",
		fill("#code", "review-"+tag),
		chromedp.Click(chromedp.CSS("#name_th"), chromedp.NodeVisible), typeText(unitName), // SendKeys drops ข
		chromedp.Click(chromedp.CSS(`input[name=review]`), chromedp.NodeVisible))
	if resp := load(t, central, "save the unit", chromedp.Click(chromedp.CSS(saveButton))); resp.Status != 200 {
		t.Fatalf("save the unit: status %d%s", resp.Status, pageState(central))
	}
	if p := pagePath(t, central); p != "/admin/units" {
		t.Fatalf("after saving the unit the browser is at %s%s", p, pageState(central))
	}
	author := newUnitUser()
	author.Unit = unitName
	addUser(t, central, author)

	// 2. The author: login → "new news" → headline, body, ZIP → submit.
	pr := newSession(t, browser)
	acceptDialogs(t, pr)
	interactions := 0
	act := func() { interactions++ }
	began := time.Now()
	open(t, pr, "/admin/login")
	act() // open the admin
	do(t, pr, "type the login", fill("#citizen_id", author.CitizenID), fill("#password", author.Password))
	interactions += 2
	load(t, pr, "log in", chromedp.Click(chromedp.CSS(`form[action="/admin/login"] button[type=submit]`), chromedp.NodeVisible))
	act()
	load(t, pr, "click new news on the dashboard", chromedp.Click(chromedp.CSS(`main a.btn[href="/admin/news/new"]`), chromedp.NodeVisible))
	act()
	do(t, pr, "wait for the news form", chromedp.WaitVisible(chromedp.CSS("#editor .ql-editor")))
	if b := text(t, pr, `form#news-form button[type=submit][value=publish]`); !strings.Contains(b, submitButtonText) {
		t.Fatalf("the author of a unit under review is offered %q, not %q", b, submitButtonText)
	}
	headline := "ข่าวรอตรวจ " + tag + " คณะจัดกิจกรรมวันเด็กแห่งชาติ"
	do(t, pr, "type the headline", chromedp.Click(chromedp.CSS("input#headline"), chromedp.NodeVisible), typeText(headline))
	act()
	do(t, pr, "type the body", centre("#editor .ql-editor"),
		chromedp.Click(chromedp.CSS("#editor .ql-editor"), chromedp.NodeVisible), typeText("นักศึกษาร่วมกิจกรรมกว่า 300 คน"))
	act()
	get(t, pr, "install the fetch probe", chromedp.Evaluate[bool](fetchProbeJS))
	uploadStarted := time.Now()
	do(t, pr, "choose the ZIP", chromedp.SetUploadFiles(chromedp.CSS("#photo-files"), []string{z.Path}, chromedp.NodeReady))
	act()
	waitFor(t, pr, "the photos are processed",
		`window.__e2e.states.some(s => s === "done" || s === "failed") && `+fetchIdleJS, 60*time.Second)
	uploadTook := time.Since(uploadStarted)
	resp := load(t, pr, "click submit for review",
		chromedp.Click(chromedp.CSS(`form#news-form button[type=submit][value=publish]`), chromedp.NodeVisible))
	act()
	took := time.Since(began)
	if resp.Status != 200 {
		t.Fatalf("submit: status %d%s", resp.Status, pageState(pr))
	}
	if f := text(t, pr, `.flash[role=status]`); !strings.Contains(f, submittedFlash) {
		t.Fatalf("flash after submitting %q; want %q", f, submittedFlash)
	}
	t.Logf("staff effort, login → news with a %d-photo ZIP → submitted: %d interactions, %.1f s wall time (%.1f s of it the photos' upload and processing)",
		nPhotos, interactions, took.Seconds(), uploadTook.Seconds())
	m := regexp.MustCompile(`^/admin/news/(\d+)/edit$`).FindStringSubmatch(pagePath(t, pr))
	if m == nil {
		t.Fatalf("after submitting, the browser is at %s%s", pagePath(t, pr), pageState(pr))
	}
	id := m[1]
	edit := "/admin/news/" + id + "/edit"
	checkPublic(t, id, headline, false)

	// 3. Central PR returns it with a comment from the inbox.
	open(t, central, "/admin/review")
	load(t, central, "open the item from the inbox", chromedp.Click(chromedp.CSS(`a[href="/admin/news/`+id+`/review"]`), chromedp.NodeVisible))
	const comment = "กรุณาระบุชื่อโครงการให้ครบถ้วน"
	do(t, central, "type the comment", chromedp.Click(chromedp.CSS("#comment"), chromedp.NodeVisible), typeText(comment))
	load(t, central, "return it", chromedp.Click(chromedp.CSS(`form[action$="/return"] button[type=submit]`), chromedp.NodeVisible))
	checkPublic(t, id, headline, false)

	// 4. The author sees the comment, edits and resubmits.
	open(t, pr, "/admin/")
	if html := get(t, pr, "read the dashboard", chromedp.OuterHTML(chromedp.CSS("main"))); !strings.Contains(html, comment) {
		t.Errorf("the author's dashboard does not show the reviewer's comment")
	}
	open(t, pr, edit)
	if s := text(t, pr, ".status-panel.returned"); !strings.Contains(s, returnedTitle) || !strings.Contains(s, comment) {
		t.Fatalf("the edit form shows %q; want the returned notice with the comment", s)
	}
	headline += " (โครงการวันเด็ก)"
	do(t, pr, "add to the headline", chromedp.Click(chromedp.CSS("input#headline"), chromedp.NodeVisible),
		chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector("input#headline"); e.setSelectionRange(e.value.length, e.value.length); })()`),
		typeText(" (โครงการวันเด็ก)"))
	load(t, pr, "resubmit", chromedp.Click(chromedp.CSS(`form#news-form button[type=submit][value=publish]`), chromedp.NodeVisible))
	if f := text(t, pr, `.flash[role=status]`); !strings.Contains(f, submittedFlash) {
		t.Fatalf("flash after resubmitting %q; want %q", f, submittedFlash)
	}
	checkPublic(t, id, headline, false)

	// 5. Central PR approves: now it is public.
	open(t, central, "/admin/news/"+id+"/review")
	if html := get(t, central, "read the review page", chromedp.OuterHTML(chromedp.CSS("main"))); !strings.Contains(html, "โครงการวันเด็ก") {
		t.Errorf("the review page does not show the resubmitted change")
	}
	load(t, central, "approve", chromedp.Click(chromedp.CSS(`form[action$="/approve"] button[type=submit]`), chromedp.NodeVisible))
	if f := text(t, central, `.flash[role=status]`); !strings.Contains(f, approvedFlash) {
		t.Errorf("flash after approving %q; want %q", f, approvedFlash)
	}
	checkPublic(t, id, headline, true)
}

// checkPublic checks whether a visitor finds the item on its page, the
// news list, the homepage, the feed, the API and search.
func checkPublic(t *testing.T, id, headline string, want bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, path := range []string{"/news/" + id, "/news", "/", "/news/rss.xml", "/api/v1/news", "/search?q=" + url.QueryEscape(headline)} {
		// The pages are cached for a moment; the store's version change
		// clears the cache, so one look is enough.
		req, _ := http.NewRequestWithContext(ctx, "GET", site.URL+path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		html := string(body)
		found := res.StatusCode == 200 && strings.Contains(html, headline)
		if strings.HasPrefix(path, "/search") {
			found = found && strings.Contains(html, "/news/"+id+`"`)
		}
		if path == "/" && want {
			continue // the homepage shows the latest few; other tests post too
		}
		if found != want {
			t.Errorf("GET %s: found %v, want %v (status %d)", path, found, want, res.StatusCode)
		}
	}
}
