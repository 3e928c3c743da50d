package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestComplaintTakedown walks a notice-and-takedown (Computer Crime Act
// s.15) in the browser: central PR posts an English video; a complaint
// quotes its public link; the central admin pastes the link into the
// takedown register, gives the reason and the complaint's reference, and
// the video's page answers 410 at once; the register lists it, and lifting
// the takedown (after a confirmation) brings the page back.
func TestComplaintTakedown(t *testing.T) {
	t.Parallel()
	tag := fmt.Sprintf("%06d", rand.IntN(1e6))
	browser := newBrowser(t)
	ctx := browser
	dialogs := acceptDialogs(t, ctx)
	logInOK(t, ctx, site.Admin.ID, site.Admin.Password)

	// An English video, so the Thai pages other tests read stay as they are.
	if resp := open(t, ctx, "/admin/videos/new"); resp.Status != 200 {
		t.Fatalf("/admin/videos/new: status %d%s", resp.Status, pageState(ctx))
	}
	title := "NPU TALKS complaint test " + tag
	do(t, ctx, "fill in the video",
		chromedp.Click(chromedp.CSS(`input[name=lang][value=en]`), chromedp.NodeVisible),
		fill("input#title", title),
		fill("input#link", "https://youtu.be/aqz-KE-bpKQ"),
	)
	if resp := load(t, ctx, "publish the video", centre(publishButton),
		chromedp.Click(chromedp.CSS(publishButton), chromedp.NodeVisible)); resp.Status != 200 {
		t.Fatalf("publish the video: status %d%s", resp.Status, pageState(ctx))
	}
	row := findRow(t, ctx, title)
	videoPath := hrefLike(row.Links, `^/videos/\d+$`)
	if videoPath == "" {
		t.Fatalf("the videos list has no link to the new video (row %+v)%s", row, pageState(ctx))
	}
	public := site.URL + "/en" + videoPath // the English page a complainant would quote

	visitor := newSession(t, browser)
	if resp := chromedpOpen(t, visitor, public); resp != 200 {
		t.Fatalf("%s before the takedown: status %d", public, resp)
	}

	// The register, from the menu.
	load(t, ctx, "open the takedown register from the menu", chromedp.Click(chromedp.CSS(`nav a[href="/admin/takedowns"]`), chromedp.NodeVisible))
	do(t, ctx, "paste the quoted link", fill("input#url", public))
	load(t, ctx, "find the item", chromedp.Click(chromedp.CSS(`main form button[type=submit]`), chromedp.NodeVisible))
	if p := pagePath(t, ctx); p != "/admin"+videoPath+"/takedown" {
		t.Fatalf("the pasted link led to %s; want the video's takedown form%s", p, pageState(ctx))
	}
	if h := text(t, ctx, "main .status-panel"); !strings.Contains(h, title) {
		t.Errorf("the takedown form names %q; want the video %q", h, title)
	}
	// No reason: the form says so and keeps the reference.
	do(t, ctx, "type only the reference", fill("input#reference", "ร้องเรียน "+tag))
	if resp := load(t, ctx, "take down without a reason", chromedp.Click(chromedp.CSS(`main form button.danger`), chromedp.NodeVisible)); resp.Status != 422 {
		t.Fatalf("take down without a reason: status %d, want 422%s", resp.Status, pageState(ctx))
	}
	if fe := readFieldError(t, ctx, "textarea#reason"); !fe.Invalid || fe.Message == "" {
		t.Errorf("under the reason: %+v; want an error", fe)
	}
	if v := get(t, ctx, "read the reference", chromedp.Value(chromedp.CSS("input#reference"))); v != "ร้องเรียน "+tag {
		t.Errorf("the reference reads %q after the 422; want what was typed", v)
	}
	reason := "ใช้ภาพบุคคลโดยไม่ได้รับอนุญาต"
	do(t, ctx, "type the reason", setDate("textarea#reason", reason)) // sets the value as typing would
	load(t, ctx, "take down now", chromedp.Click(chromedp.CSS(`main form button.danger`), chromedp.NodeVisible))
	if p := pagePath(t, ctx); p != "/admin"+videoPath+"/edit" {
		t.Errorf("after the takedown the browser is at %s; want the video's editor", p)
	}
	if panel := text(t, ctx, "main .status-panel.takendown"); !strings.Contains(panel, reason) || !strings.Contains(panel, "ร้องเรียน "+tag) {
		t.Errorf("the editor's takedown panel reads %q; want the reason and the reference", panel)
	}
	t.Logf("screenshot of the taken-down video's editor: %s", screenshot(t, ctx, "takedown-editor"))

	// The visitor reloads: gone, with a page that says why.
	if resp := chromedpOpen(t, visitor, public); resp != 410 {
		t.Errorf("%s after the takedown: status %d, want 410", public, resp)
	}
	if h := text(t, visitor, "main h1"); !strings.Contains(h, "taken down") {
		t.Errorf("the English 410 page's heading is %q; want it to say the item was taken down", h)
	}
	t.Logf("screenshot of the 410 page: %s", screenshot(t, visitor, "takedown-410"))

	// The register lists it; lifting asks first, then brings the page back.
	open(t, ctx, "/admin/takedowns")
	if r := findRow(t, ctx, title); !r.Found {
		t.Fatalf("the register does not list the video%s", pageState(ctx))
	}
	t.Logf("screenshot of the register: %s", screenshot(t, ctx, "takedown-register"))
	lift := fmt.Sprintf(`form[action="/admin%s/reinstate"] button`, videoPath)
	load(t, ctx, "lift the takedown", chromedp.Click(chromedp.CSS(lift), chromedp.NodeVisible))
	if d := dialogs(); len(d) == 0 {
		t.Error("lifting the takedown did not ask for a confirmation")
	}
	if fl := text(t, ctx, `.flash[role=status]`); !strings.Contains(fl, "ยกเลิกการระงับแล้ว") {
		t.Errorf("after lifting, the flash reads %q at %s; want the takedown lifted", fl, pagePath(t, ctx))
	}
	if resp := chromedpOpen(t, visitor, public); resp != 200 {
		t.Errorf("%s after the takedown was lifted: status %d, want 200", public, resp)
	}
}

// chromedpOpen navigates to an absolute URL and returns the status.
func chromedpOpen(t *testing.T, ctx context.Context, url string) int64 {
	t.Helper()
	return get(t, ctx, "open "+url, chromedp.NavigateResponse(url)).Status
}
