package e2e

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestVisitorAsksStaffAnswers: a visitor opens the English Q&A page, the
// page's script does the proof of work, the visitor asks with a name and an
// e-mail, consents and lands on the thank-you page without a cookie; central
// PR finds the question in the inbox with the asker's e-mail, answers it in
// the editor and publishes it; the visitor sees it on the Q&A page, its
// permalink and in the site search, and the e-mail is nowhere public.
func TestVisitorAsksStaffAnswers(t *testing.T) {
	t.Parallel()
	tag := fmt.Sprintf("%06d", rand.IntN(1e6))
	question := "Is the central library open on Saturdays during the exam weeks? ref" + tag
	email := "e2e.asker." + tag + "@example.net"
	name := "Visitor " + tag
	answer := "Yes, from 9 am to 4 pm during exam weeks. ans" + tag
	browser := newBrowser(t)
	visitor := newSession(t, browser)

	// A phone's CPU: Chromium slowed down six times (no assertion on time;
	// the log says how long the proof of work took).
	do(t, visitor, "slow the CPU down like a phone's", cpuSlowdown(6))
	open(t, visitor, "/en/qa")
	// The proof of work starts with the page; it is measured on the slowed
	// CPU, and the visitor then types at full speed (typing on a slowed CPU
	// of a loaded 2-core machine outran the step timeout).
	waitFor(t, visitor, "the proof of work is done", `document.querySelector("form[data-pow-done]") !== null`, 20*time.Second)
	pow := get(t, visitor, "read the nonce", chromedp.Value(chromedp.CSS(`input[name=pow]`)))
	if pow == "" {
		t.Fatal("the proof of work left no nonce in the form")
	}
	t.Logf("proof of work on a 6× slowed CPU: %s ms for %s hashes", get(t, visitor, "read its time",
		chromedp.Evaluate[string](`document.querySelector("form[data-pow-done]").getAttribute("data-pow-done")`)), pow)
	do(t, visitor, "back to full speed", cpuSlowdown(1))
	do(t, visitor, "fill in the question",
		chromedp.SendKeys(chromedp.CSS("#qa-question"), question), fill("#qa-name", name), fill("#qa-email", email),
		centre(`input[name=consent]`), chromedp.Click(chromedp.CSS(`input[name=consent]`), chromedp.NodeVisible))
	resp := load(t, visitor, "send the question", centre(`.qa-form button[type=submit]`),
		chromedp.Click(chromedp.CSS(`.qa-form button[type=submit]`), chromedp.NodeVisible))
	if p := pagePath(t, visitor); resp.Status != 200 || p != "/en/qa/thanks" {
		t.Fatalf("after sending: status %d at %s; want the thank-you page%s", resp.Status, p, pageState(visitor))
	}
	cookies := get(t, visitor, "read cookies", chromedp.Evaluate[string](`document.cookie`))
	if cookies != "" {
		t.Errorf("the visitor got cookies: %q", cookies)
	}

	staff := browser
	dialogs := acceptDialogs(t, staff)
	central := demoLogin(t, "central")
	logInOK(t, staff, central.ID, central.Password)
	open(t, staff, "/admin/qa")
	row := findRow(t, staff, "ref"+tag)
	if !strings.Contains(strings.Join(row.Cells, " "), email) {
		t.Errorf("the inbox row does not show the asker's e-mail to staff: %+v", row)
	}
	edit := hrefLike(row.Links, `^/admin/qa/\d+/edit$`)
	if edit == "" {
		t.Fatalf("the inbox row has no editor link: %+v", row)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(edit, "/admin/qa/"), "/edit")
	open(t, staff, edit)
	do(t, staff, "type the answer", chromedp.WaitVisible(chromedp.CSS("#editor .ql-editor")), centre("#editor .ql-editor"),
		chromedp.Click(chromedp.CSS("#editor .ql-editor"), chromedp.NodeVisible), typeText(answer))
	publish := `main form button[type=submit][value=publish]`
	load(t, staff, "answer and publish", centre(publish), chromedp.Click(chromedp.CSS(publish), chromedp.NodeVisible))
	if p := pagePath(t, staff); p != "/admin/qa" {
		t.Fatalf("after publishing the browser is at %s%s", p, pageState(staff))
	}
	for _, d := range dialogs() {
		if strings.HasPrefix(d, "beforeunload") {
			t.Errorf("publishing asked about leaving: %s", d)
		}
	}

	open(t, visitor, "/en/qa")
	body := get(t, visitor, "read the Q&A page", chromedp.Evaluate[string](`document.body.innerText`))
	if !strings.Contains(body, question) || !strings.Contains(body, answer) {
		t.Fatalf("the Q&A page lacks the published question and answer%s", pageState(visitor))
	}
	t.Logf("screenshot of the Q&A page: %s", screenshot(t, visitor, "qa-page"))

	// The e-mail and the name appear nowhere public.
	for _, path := range []string{"/en/qa", "/en/qa/" + id, "/qa", "/en/search?q=ans" + tag, "/en/qa?q=library", "/", "/en/",
		"/api/v1/news?lang=en", "/api/v1/notices", "/news/rss.xml", "/sitemap.xml"} {
		res, err := http.Get(site.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if strings.Contains(string(b), email) || strings.Contains(string(b), url.QueryEscape(email)) || strings.Contains(string(b), name) {
			t.Errorf("%s shows the asker's data", path)
		}
		if (path == "/en/qa/"+id || strings.HasPrefix(path, "/en/search")) && !strings.Contains(string(b), "ans"+tag) {
			t.Errorf("%s (%d) does not show the answer", path, res.StatusCode)
		}
	}
}

// cpuSlowdown slows the tab's CPU down rate times (1: full speed).
func cpuSlowdown(rate float64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: rate})
		return err
	})
}
