package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"newsroom/templates"
)

// captionState is what the photo manager shows about missing captions.
type captionState struct {
	Badges  []bool `json:"badges"` // per photo in grid order: its "no caption" badge shows
	Warning string `json:"warning"`
	Shown   bool   `json:"shown"` // the count above the photos shows
}

const captionStateJS = `(() => {
	const w = document.getElementById("caption-warning");
	return {
		badges: [...document.querySelectorAll("#photo-grid li.photo")].map(li => {
			const b = li.querySelector(".no-caption");
			return !!b && !b.hidden && b.getBoundingClientRect().height > 0;
		}),
		warning: w.textContent.trim(),
		shown: !w.hidden && w.getBoundingClientRect().height > 0,
	};
})()`

// TestPhotoManagerWarnsAboutMissingCaptions: a photo's caption is its alt
// text; the photo manager shows a badge on each photo without one and a
// count above the photos, and both follow the captions as they are typed.
func TestPhotoManagerWarnsAboutMissingCaptions(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	unit := freshUnitUser(t, ctx)
	acceptDialogs(t, ctx)
	logInOK(t, ctx, unit.ID, unit.Password)
	open(t, ctx, "/admin/news/new")
	do(t, ctx, "wait for the news form", chromedp.WaitVisible(chromedp.CSS("#editor .ql-editor")))
	do(t, ctx, "choose three photos", chromedp.SetUploadFiles(chromedp.CSS("#photo-files"), writePhotos(t, 3), chromedp.NodeReady))
	waitFor(t, ctx, "the three photos are in the grid", gridCountJS+` === 3`, 30*time.Second)
	// Processing ends with one more load of the grid: wait for it, so that
	// no re-render comes in the middle of typing.
	waitFor(t, ctx, "processing is done", `(() => { const b = document.getElementById("proc-bar"); return !b.hidden && b.max === 3 && b.value === 3; })()`, 30*time.Second)
	settle(t, ctx)

	state := func(what string) captionState {
		return get(t, ctx, what, chromedp.Evaluate[captionState](captionStateJS))
	}
	want := func(what string, badges []bool, n int) {
		t.Helper()
		var s captionState
		// The grid may re-render once more while processing ends: poll.
		for range 50 {
			s = state(what)
			if fmt.Sprint(s.Badges) == fmt.Sprint(badges) && s.Shown == (n > 0) {
				break
			}
			do(t, ctx, "wait", chromedp.Sleep(100*time.Millisecond))
		}
		if fmt.Sprint(s.Badges) != fmt.Sprint(badges) {
			t.Errorf("%s: badges %v; want %v", what, s.Badges, badges)
		}
		switch {
		case n == 0 && s.Shown:
			t.Errorf("%s: the warning shows %q with every photo captioned", what, s.Warning)
		case n == 1 && (!s.Shown || s.Warning != templates.T("th", "news.no_caption_one")):
			t.Errorf("%s: warning %q (shown %v); want %q", what, s.Warning, s.Shown, templates.T("th", "news.no_caption_one"))
		case n > 1 && (!s.Shown || !strings.HasPrefix(s.Warning, fmt.Sprint(n)+" ")):
			t.Errorf("%s: warning %q (shown %v); want the count %d", what, s.Warning, s.Shown, n)
		}
	}
	// Photos uploaded from files get their names as captions.
	want("after the upload", []bool{false, false, false}, 0)

	// Clear a caption key by key: the badge and the count appear at once.
	clearCaption := func(i int) {
		t.Helper()
		sel := fmt.Sprintf("#photo-grid li.photo:nth-child(%d) input", i)
		do(t, ctx, "focus caption "+fmt.Sprint(i), chromedp.Focus(chromedp.CSS(sel)))
		n := get(t, ctx, "caption length", chromedp.Evaluate[int](`document.querySelector(`+jsString(sel)+`).value.length`))
		for range n {
			do(t, ctx, "delete a letter", chromedp.KeyEvent(kb.End), chromedp.KeyEvent(kb.Backspace))
		}
	}
	clearCaption(2)
	want("caption 2 cleared", []bool{false, true, false}, 1)
	badge := text(t, ctx, "#photo-grid li.photo:nth-child(2) .no-caption")
	if badge != templates.T("th", "news.no_caption") {
		t.Errorf("the badge reads %q; want %q", badge, templates.T("th", "news.no_caption"))
	}
	describedBy := get(t, ctx, "the caption's description", chromedp.Evaluate[string](
		`(() => { const i = document.querySelector("#photo-grid li.photo:nth-child(2) input"); return document.getElementById(i.getAttribute("aria-describedby")).textContent; })()`))
	if describedBy != badge {
		t.Errorf("the caption field is described by %q; want the badge %q", describedBy, badge)
	}
	clearCaption(3)
	want("captions 2 and 3 cleared", []bool{false, true, true}, 2)

	// Typing a caption takes its warning away as soon as it is typed.
	do(t, ctx, "type caption 2", chromedp.Focus(chromedp.CSS("#photo-grid li.photo:nth-child(2) input")), typeText("อธิการบดีกล่าวเปิดงาน"))
	want("caption 2 typed", []bool{false, false, true}, 1)
	// A caption of spaces is no caption.
	do(t, ctx, "type spaces as caption 3", chromedp.Focus(chromedp.CSS("#photo-grid li.photo:nth-child(3) input")), typeText("   "))
	want("caption 3 only spaces", []bool{false, false, true}, 1)
	screenshot(t, ctx, "photo-manager-missing-caption")
}
