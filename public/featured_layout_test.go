package public_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsroom/content"
)

// startChromium opens a headless Chromium tab for a layout test. Without
// Chromium the test skips, or fails under CI=true (browser tests must run
// in CI).
func startChromium(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but Chromium is missing: %v", err)
		}
		t.Skipf("Chromium is missing: %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()))
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc(); cancel() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return bctx
}

// featuredBox is what the featured block looks like in the browser.
type featuredBox struct {
	Stories int     `json:"stories"`
	Layout  string  `json:"layout"`
	Bottom  float64 `json:"bottom"` // the grid's bottom edge
	// Blank is the tallest empty band at the foot of a cell of the grid:
	// the cell's bottom minus the bottom of its last text or image.
	Blank       float64 `json:"blank"`
	RowStory    float64 `json:"rowStory"` // height of the shortest row story (a "slot")
	ScrollWidth int     `json:"scrollWidth"`
	ClientWidth int     `json:"clientWidth"`
	Hidden      int     `json:"hidden"` // stories that are not on screen
}

const readFeatured = `(() => {
	const s = document.querySelector("section.featured");
	if (!s) return {stories: 0, layout: "", bottom: 0, blank: 0, rowStory: 0, scrollWidth: 0, clientWidth: 0, hidden: 0};
	const grid = s.querySelector(".featured-grid").getBoundingClientRect();
	const stories = [...s.querySelectorAll(".lead-story, .row-story")];
	const textBottom = el => Math.max(...[...el.querySelectorAll(".story-title, .story-meta, .lead-excerpt, img, .noimg")]
		.filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect().bottom));
	let blank = 0;
	const lead = s.querySelector(".lead-story"), list = s.querySelector(".story-list");
	// Each grid cell (the lead, the list beside or under it) is measured from
	// its last text to its own bottom edge: a stretched cell shows blank there.
	if (lead) blank = Math.max(blank, lead.getBoundingClientRect().bottom - textBottom(lead));
	if (list) blank = Math.max(blank, list.getBoundingClientRect().bottom - textBottom(list.lastElementChild));
	const rows = [...s.querySelectorAll(".row-story")].map(r => r.getBoundingClientRect().height);
	return {stories: stories.length, layout: s.className, bottom: grid.bottom, blank,
		rowStory: rows.length ? Math.min(...rows) : 0,
		scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
		hidden: stories.filter(e => !e.getClientRects().length).length};
})()`

// TestFeaturedBlockFillsItsGrid picks 0 to 6 stories and looks at the
// homepage in Chromium on a computer and on a phone: every story shows, the
// page never scrolls sideways, and no column of the block ends in a blank
// band as tall as a story slot.
func TestFeaturedBlockFillsItsGrid(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	by := ta.accAuthor(t)
	now := ta.clock.Now()
	headlines := []string{
		"มหาวิทยาลัยนครพนมจัดพิธีพระราชทานปริญญาบัตร ประจำปีการศึกษา 2568 ณ หอประชุมใหญ่",
		"คณะวิทยาศาสตร์ลงนามความร่วมมือกับเทศบาลเมืองนครพนม",
		"นักศึกษาวิทยาลัยการบินคว้ารางวัลชนะเลิศการแข่งขันนวัตกรรมระดับภาคตะวันออกเฉียงเหนือ ประจำปี 2569",
		"ปลูกต้นไม้ริมโขง",
		"คณะครุศาสตร์จัดอบรมครูพี่เลี้ยงเพื่อพัฒนาการฝึกประสบการณ์วิชาชีพ",
		"สำนักวิทยบริการเปิดบริการห้องสมุด 24 ชั่วโมงช่วงสอบปลายภาค",
		"ข่าวล่าสุดที่ไม่ได้เลือก หนึ่ง", "ข่าวล่าสุดที่ไม่ได้เลือก สอง",
	}
	var ids []int64
	for i, h := range headlines {
		ids = append(ids, ta.accNews(t, accItem{title: h, start: now.Add(-time.Duration(i+1) * time.Hour), end: now.Add(72 * time.Hour)}))
	}
	today := content.DayOf(now)
	browser := startChromium(t)
	for n := 0; n <= content.MaxPicks; n++ {
		for _, id := range ids {
			if err := ta.content.Unpick(ctx, today, id); err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range ids[:n] {
			if _, err := ta.content.PickNews(ctx, today, id, by, now); err != nil {
				t.Fatalf("pick %d: %v", id, err)
			}
		}
		want := n
		if n == 0 {
			want = 5 // the newest live news stand in
		}
		for _, width := range []int{1366, 1024, 768, 390} {
			t.Run(fmt.Sprintf("%d picks at %d px", n, width), func(t *testing.T) {
				err := chromedp.Do(browser, chromedp.EmulateViewport(int64(width), 900),
					chromedp.Navigate(ta.srv.URL+"/"), chromedp.WaitReady("section.featured"))
				var box featuredBox
				if err == nil {
					box, err = chromedp.Run(browser, chromedp.Evaluate[featuredBox](readFeatured))
				}
				if err != nil {
					t.Fatal(err)
				}
				if box.Stories != want || box.Hidden != 0 || !strings.Contains(box.Layout, fmt.Sprintf("featured-n%d", want)) {
					t.Errorf("featured block %+v: want %d stories on screen with layout featured-n%d", box, want, want)
				}
				if box.ScrollWidth > box.ClientWidth {
					t.Errorf("the homepage is %d px wide in a %d px window: it scrolls sideways", box.ScrollWidth, box.ClientWidth)
				}
				slot := max(box.RowStory, 90)
				if box.Blank >= slot {
					t.Errorf("a column of the featured block ends in %.0f px of blank space (a story slot is %.0f px): %+v", box.Blank, slot, box)
				}
			})
		}
	}
}
