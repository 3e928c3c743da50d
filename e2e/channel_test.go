package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestVideoPlayerLoadsOnlyOnClick walks a visitor through NPU Channel and the
// notices: no page asks another host for anything until the visitor clicks a
// video's play button, and then only the privacy-enhanced player appears.
func TestVideoPlayerLoadsOnlyOnClick(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	reqs := watchRequests(t, ctx)
	for _, p := range []string{"/videos", "/videos?programme=3-minutes", "/notices", "/notices?category=jobs", "/en/videos", "/news"} {
		open(t, ctx, p)
		settle(t, ctx)
	}
	open(t, ctx, "/videos")
	load(t, ctx, "open the first video", chromedp.Click(chromedp.CSS(`.cards.videos a`), chromedp.NodeVisible))
	settle(t, ctx)
	if exists(t, ctx, "iframe") {
		t.Fatal("the player is on the page before any click")
	}
	if n := reqs.checkLocal(t, "before the click"); n == 0 {
		t.Fatal("no requests recorded")
	}
	do(t, ctx, "click play", chromedp.Click(chromedp.CSS(`.yt[data-yt] a`), chromedp.NodeVisible),
		chromedp.WaitReady(chromedp.CSS(`.yt iframe`)))
	src := get(t, ctx, "player src", chromedp.Evaluate[string](`document.querySelector(".yt iframe").src`))
	if !strings.HasPrefix(src, "https://www.youtube-nocookie.com/embed/") {
		t.Fatalf("player src %q", src)
	}
	screenshot(t, ctx, "video-after-click.png")
}
