package e2e

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPreviewLinkInTheBrowser: central PR saves a video as a draft, opens
// the editor's preview-link section, makes a link for 48 hours and copies
// it with the button; a visitor in another browser, with no account, opens
// it and sees the draft under the preview bar; once revoked (after a
// confirmation) the link answers 404.
func TestPreviewLinkInTheBrowser(t *testing.T) {
	t.Parallel()
	tag := fmt.Sprintf("%06d", rand.IntN(1e6))
	browser := newBrowser(t)
	ctx := browser
	dialogs := acceptDialogs(t, ctx)
	logInOK(t, ctx, site.Admin.ID, site.Admin.Password)

	open(t, ctx, "/admin/videos/new")
	title := "NPU TALKS preview test " + tag
	do(t, ctx, "fill in the video",
		chromedp.Click(chromedp.CSS(`input[name=lang][value=en]`), chromedp.NodeVisible),
		fill("input#title", title),
		fill("input#link", "https://youtu.be/aqz-KE-bpKQ"))
	draft := `main form button[type=submit][value=draft]`
	load(t, ctx, "save the draft", centre(draft), chromedp.Click(chromedp.CSS(draft), chromedp.NodeVisible))
	row := findRow(t, ctx, title)
	edit := hrefLike(row.Links, `^/admin/videos/\d+/edit$`)
	if edit == "" {
		t.Fatalf("the videos list has no editor link for the draft (row %+v)%s", row, pageState(ctx))
	}
	open(t, ctx, edit)

	do(t, ctx, "open the preview-link section", chromedp.Click(chromedp.CSS(`#preview-links summary`), chromedp.NodeVisible),
		fill("#preview-hours", "48"))
	if resp := load(t, ctx, "make the link", chromedp.Click(chromedp.CSS(`#preview-links form button[type=submit]`), chromedp.NodeVisible)); resp.Status != 200 {
		t.Fatalf("make the link: status %d%s", resp.Status, pageState(ctx))
	}
	link := get(t, ctx, "read the new link", chromedp.Value(chromedp.CSS("#preview-url")))
	if !strings.HasPrefix(link, site.URL+"/preview/") {
		t.Fatalf("the new link reads %q; want a preview link on %s", link, site.URL)
	}
	do(t, ctx, "copy it", chromedp.Click(chromedp.CSS(`button[data-copy="preview-url"]`), chromedp.NodeVisible))
	// The clipboard answers asynchronously: wait for the button to say so.
	waitFor(t, ctx, "the copy button says it copied",
		`document.querySelector('button[data-copy="preview-url"]').textContent.trim() === "คัดลอกแล้ว"`, 5*time.Second)
	t.Logf("screenshot of the preview-link section: %s", screenshot(t, ctx, "preview-links"))

	visitor := newSession(t, browser)
	if st := chromedpOpen(t, visitor, link); st != 200 {
		t.Fatalf("the preview link: status %d", st)
	}
	if bar := text(t, visitor, ".preview-bar"); !strings.Contains(bar, "Preview") || !strings.Contains(bar, "expires") {
		t.Errorf("the English item's preview bar reads %q", bar)
	}
	if h := text(t, visitor, "main h1"); h != title {
		t.Errorf("the preview's heading is %q; want %q", h, title)
	}
	t.Logf("screenshot of the preview: %s", screenshot(t, visitor, "preview-page"))

	load(t, ctx, "revoke the link", chromedp.Click(chromedp.CSS(`#preview-links form[action$="/revoke"] button`), chromedp.NodeVisible))
	if d := dialogs(); len(d) == 0 {
		t.Error("revoking did not ask for a confirmation")
	}
	if st := chromedpOpen(t, visitor, link); st != 404 {
		t.Errorf("the revoked link: status %d, want 404", st)
	}
}
