package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestInstitutionalPageEditor: central PR opens the English executives page
// from the pages list, adds a photo to the first person (uploaded at once
// through the photo pipeline, shown as a preview), renames them and saves;
// a visitor sees the photo and the name on /en/pages/executives, and the
// footer of every page links the institutional pages and the site map.
func TestInstitutionalPageEditor(t *testing.T) {
	t.Parallel()
	browser := newBrowser(t)
	ctx := browser
	logInOK(t, ctx, site.Admin.ID, site.Admin.Password)
	if resp := open(t, ctx, "/admin/pages?lang=en&q=executives"); resp.Status != 200 {
		t.Fatalf("/admin/pages: status %d%s", resp.Status, pageState(ctx))
	}
	load(t, ctx, "open the executives page's editor", chromedp.Click(chromedp.CSS(`table.list a.icon-btn.edit`), chromedp.NodeVisible))
	if !strings.HasSuffix(pagePath(t, ctx), "/edit") {
		t.Fatalf("not an editor: %s%s", pagePath(t, ctx), pageState(ctx))
	}
	f := uploadTo(t, ctx, "person", writePhotos(t, 1)[0])
	if f.Key == "" || f.Error != "" || !strings.HasPrefix(f.Preview, "/media/") {
		t.Fatalf("the photo field after the upload: %+v", f)
	}
	name := "Assoc. Prof. Browser Test"
	do(t, ctx, "name the first person", fill("#person_name_0", name))
	if resp := load(t, ctx, "save the page", centre(publishButton), chromedp.Click(chromedp.CSS(publishButton), chromedp.NodeVisible)); resp.Status != 200 {
		t.Fatalf("save: status %d%s", resp.Status, pageState(ctx))
	}
	if p := pagePath(t, ctx); p != "/admin/pages" {
		t.Fatalf("after saving: %s%s", p, pageState(ctx))
	}

	visitor := newSession(t, browser)
	if resp := open(t, visitor, "/en/pages/executives"); resp.Status != 200 {
		t.Fatalf("/en/pages/executives: status %d", resp.Status)
	}
	if !exists(t, visitor, `.people img[src="/media/`+f.Key+`"]`) || !strings.Contains(text(t, visitor, ".people"), name) {
		t.Fatalf("the executives page does not show the new photo and name%s", pageState(visitor))
	}
	loadedImage(t, visitor, `.people img[src="/media/`+f.Key+`"]`)
	if !exists(t, visitor, `footer a[href="/en/pages/executives"]`) || !exists(t, visitor, `footer a[href="/en/sitemap"]`) {
		t.Fatalf("the footer lacks the institutional menu or the site map%s", pageState(visitor))
	}
	load(t, visitor, "open the site map from the footer", chromedp.Click(chromedp.CSS(`footer a[href="/en/sitemap"]`), chromedp.NodeVisible))
	if !exists(t, visitor, `main a[href="/en/pages/executives"]`) || !exists(t, visitor, `main a[href="/en/news"]`) {
		t.Fatalf("the site map lacks a section or a page%s", pageState(visitor))
	}
}
