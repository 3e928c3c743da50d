package e2e

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// deskState is what the no-reload checks read from the desk.
type deskState struct {
	Marker  bool    `json:"marker"`  // the variable set before the click survives: no page load
	ScrollY float64 `json:"scrollY"` // window.scrollY
	Href    string  `json:"href"`
	Picks   int     `json:"picks"`
	Heading string  `json:"heading"`
	Live    string  `json:"live"`
	Picked  bool    `json:"picked"` // the card is marked picked
	Badge   bool    `json:"badge"`  // the card shows the featured badge instead of its button
}

const deskStateJS = `(id => {
	const card = document.getElementById("card-" + id);
	const live = document.getElementById("desk-live");
	return {marker: window.__deskMarker === 42, scrollY: window.scrollY, href: location.href,
		picks: document.querySelectorAll("#pick-list > li").length,
		heading: (document.getElementById("picks-h") || {}).textContent || "",
		live: live ? live.textContent.trim() : "",
		picked: !!card && card.classList.contains("picked"),
		badge: !!card && !!card.querySelector(".card-action .badge") && !card.querySelector(".card-action form")};
})`

// TestFeaturedDeskPicksWithoutReload: central PR picks a story far down the
// desk and unpicks it again; the page neither reloads (a marker variable
// survives, the URL stays) nor moves (window.scrollY is unchanged), and the
// counter, the list, the card and the spoken message change in place. The
// desk of yesterday is used, so that the morning journey's picks of today
// do not interfere.
func TestFeaturedDeskPicksWithoutReload(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	logInOK(t, ctx, site.Admin.ID, site.Admin.Password)
	day := bangkokDate(time.Now(), -1)
	open(t, ctx, "/admin/featured?day="+day)
	// A full day first gives one slot back, through its form (a reload).
	if n := get(t, ctx, "count picks", chromedp.Evaluate[int](`document.querySelectorAll("#pick-list > li").length`)); n >= maxPicks {
		do(t, ctx, "unpick the last pick", chromedp.Click(chromedp.CSS(`#pick-list > li:last-child form[action$="/unpick"] button`), chromedp.NodeVisible))
		waitFor(t, ctx, "a slot is free", `document.querySelectorAll("#pick-list > li").length < 6`, 20*time.Second)
	}
	id := get(t, ctx, "find the last pickable card", chromedp.Evaluate[string](`(() => {
		const bs = [...document.querySelectorAll(".desk-card form[action='/admin/featured/pick'] button:not([disabled])")];
		return bs.length ? bs[bs.length - 1].closest(".desk-card").dataset.id : "";
	})()`))
	if id == "" {
		t.Fatalf("the desk of %s has no story to pick%s", day, pageState(ctx))
	}
	sel := `#card-` + id + ` form[action="/admin/featured/pick"] button`
	do(t, ctx, "scroll to the card and set the marker", centre(sel),
		chromedp.Evaluate[chromedp.Void](`window.__deskMarker = 42`))
	state := func(what string) deskState {
		return get(t, ctx, what, chromedp.Evaluate[deskState](deskStateJS+`(`+jsString(id)+`)`))
	}
	before := state("read the desk before the pick")
	if before.ScrollY == 0 {
		t.Logf("NOTE: the card is in the first screen; scrollY is 0")
	}
	do(t, ctx, "pick the story", chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	waitFor(t, ctx, "the pick's answer", `document.getElementById("desk-live").textContent.trim() !== ""`, 30*time.Second)
	after := state("read the desk after the pick")
	if after.Picks != before.Picks+1 {
		t.Fatalf("after the pick the desk has %d picks (before %d) and says %q", after.Picks, before.Picks, after.Live)
	}
	if !after.Marker || after.Href != before.Href {
		t.Errorf("the pick reloaded or left the page: marker %v, %s → %s", after.Marker, before.Href, after.Href)
	}
	if math.Abs(after.ScrollY-before.ScrollY) > 2 {
		t.Errorf("the pick moved the page: scrollY %.0f → %.0f", before.ScrollY, after.ScrollY)
	}
	if want := fmt.Sprintf("%d/%d", before.Picks+1, maxPicks); !strings.Contains(after.Heading, want) || !strings.Contains(after.Live, want) {
		t.Errorf("after the pick the heading reads %q and the message %q; want both to say %s", after.Heading, after.Live, want)
	}
	if !after.Picked || !after.Badge {
		t.Errorf("after the pick the card is picked=%v with badge=%v; want it marked picked with the featured badge", after.Picked, after.Badge)
	}
	// Unpick it again from the list, in place too.
	unpick := `#pick-list > li[data-id="` + id + `"] form[action="/admin/featured/unpick"] button`
	do(t, ctx, "show the pick in the list", centre(unpick))
	before = state("read the desk before the unpick")
	do(t, ctx, "unpick the story", chromedp.Click(chromedp.CSS(unpick), chromedp.NodeVisible))
	waitFor(t, ctx, "the unpick is in place", fmt.Sprintf(`document.querySelectorAll("#pick-list > li").length === %d`, before.Picks-1), 30*time.Second)
	after = state("read the desk after the unpick")
	if !after.Marker || after.Href != before.Href || math.Abs(after.ScrollY-before.ScrollY) > 2 {
		t.Errorf("the unpick reloaded or moved the page: marker %v, scrollY %.0f → %.0f", after.Marker, before.ScrollY, after.ScrollY)
	}
	if after.Picked || after.Badge || !exists(t, ctx, sel) {
		t.Errorf("after the unpick the card still looks picked (picked=%v, badge=%v) or lacks its pick button", after.Picked, after.Badge)
	}
	if !strings.Contains(after.Heading, fmt.Sprintf("%d/%d", before.Picks-1, maxPicks)) {
		t.Errorf("after the unpick the heading reads %q", after.Heading)
	}
}

// TestNoticeHeadlineCounter: the notice form counts the headline's
// characters (Thai code points) as the news form does, and marks the
// count past 200.
func TestNoticeHeadlineCounter(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	logInOK(t, ctx, site.Admin.ID, site.Admin.Password)
	open(t, ctx, "/admin/notices/new")
	do(t, ctx, "type a headline", fill("#headline", "ประกาศรับสมัคร"))
	waitFor(t, ctx, "the counter counts", `document.querySelector("#headline-count .n").textContent === "14"`, 10*time.Second)
	do(t, ctx, "paste a long headline", chromedp.Evaluate[chromedp.Void](`(() => {
		const h = document.getElementById("headline"); h.value = "ก".repeat(201); h.dispatchEvent(new Event("input", {bubbles: true}));
	})()`))
	waitFor(t, ctx, "the counter marks 201 as over", `document.querySelector("#headline-count .n").textContent === "201" && document.getElementById("headline-count").classList.contains("over")`, 10*time.Second)
}
