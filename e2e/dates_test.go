package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// formDate is the day `days` days after now's day in Bangkok as the Thai
// admin's date fields write it: dd/mm/yyyy with the Buddhist-Era year.
func formDate(now time.Time, days int) string {
	d := now.In(bangkok).AddDate(0, 0, days)
	return fmt.Sprintf("%02d/%02d/%04d", d.Day(), int(d.Month()), d.Year()+543)
}

// thaiMonthYear is how the calendar popup titles t's month in Thai:
// "ธันวาคม 2569".
func thaiMonthYear(t time.Time) string {
	t = t.In(bangkok)
	return fmt.Sprintf("%s %d", thaiMonthNames[t.Month()-1], t.Year()+543)
}

// A Thai editor's date fields show B.E. dates; the calendar button opens a
// month in Thai with the B.E. year, is used with the keyboard alone, and
// writes the picked day back in B.E.; the item is saved on that day.
// Without the script the field is a plain text field (the HTTP tests).
func TestDateFieldsInTheThaiCalendar(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	logInOK(t, ctx, site.Admin.ID, site.Admin.Password)
	now := time.Now()
	if resp := open(t, ctx, "/admin/videos/new"); resp.Status != 200 {
		t.Fatalf("/admin/videos/new: status %d%s", resp.Status, pageState(ctx))
	}
	end := get(t, ctx, "read the end", chromedp.Value(chromedp.CSS("input#end")))
	if end != formDate(now, 3) {
		t.Fatalf("the new video's end is %q; want %q (B.E.)", end, formDate(now, 3))
	}
	if hint := text(t, ctx, "#end-fmt"); !strings.Contains(hint, "วว/ดด/ปปปป") {
		t.Errorf("the format under the end field is %q", hint)
	}
	// Open the end's calendar with the keyboard: Tab from the field to its
	// button, Enter; the month of the end in Thai and B.E.
	do(t, ctx, "open the end's calendar", centre("input#end"), chromedp.Focus(chromedp.CSS("input#end")),
		chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Enter))
	endDay := now.In(bangkok).AddDate(0, 0, 3)
	if title := text(t, ctx, "#end ~ .date-pop .date-title"); title != thaiMonthYear(endDay) {
		t.Errorf("the calendar shows %q; want %q", title, thaiMonthYear(endDay))
	}
	focus := get(t, ctx, "read the focused day", chromedp.Evaluate[string](`document.activeElement.getAttribute("aria-label") || ""`))
	if want := fmt.Sprintf("%d %s", endDay.Day(), thaiMonthYear(endDay)); focus != want {
		t.Errorf("the focused day is %q; want the end, %q", focus, want)
	}
	t.Logf("screenshot of the calendar popup: %s", screenshot(t, ctx, "date-popup"))
	// A week on (ArrowDown), a day back (ArrowLeft), a month on (PageDown), Enter.
	do(t, ctx, "pick a day with the keyboard", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowLeft),
		chromedp.KeyEvent(kb.PageDown), chromedp.KeyEvent(kb.Enter))
	picked := endDay.AddDate(0, 0, 6)
	y, m, d := picked.Date()
	want := time.Date(y, m+1, 1, 0, 0, 0, 0, bangkok)
	want = time.Date(y, m+1, min(d, want.AddDate(0, 1, -1).Day()), 0, 0, 0, 0, bangkok)
	if v := get(t, ctx, "read the end", chromedp.Value(chromedp.CSS("input#end"))); v != formDate(want, 0) {
		t.Errorf("after picking, the end is %q; want %q", v, formDate(want, 0))
	}
	if hidden := get(t, ctx, "is the calendar closed", chromedp.Evaluate[bool](`document.querySelector("#end ~ .date-pop").hidden`)); !hidden {
		t.Error("the calendar stays open after a day is picked")
	}
	// The start keeps its time when a day is picked by mouse.
	start := get(t, ctx, "read the start", chromedp.Value(chromedp.CSS("input#start")))
	do(t, ctx, "open the start's calendar and click the 1st", centre("input#start"),
		chromedp.Click(chromedp.CSS("#start ~ .date-btn"), chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS(`#start ~ .date-pop button[data-day="1"]`), chromedp.NodeVisible))
	first := now.In(bangkok)
	first = time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, bangkok)
	if v := get(t, ctx, "read the start", chromedp.Value(chromedp.CSS("input#start"))); v != formDate(first, 0)+start[10:] {
		t.Errorf("after picking the 1st, the start is %q; want %q", v, formDate(first, 0)+start[10:])
	}
	// Saved: the end is that B.E. day, shown again in B.E. in the editor.
	title := fmt.Sprintf("วิดีโอทดสอบปฏิทิน %d", now.UnixNano()%1e6)
	do(t, ctx, "type the title and link", fill("input#title", title), fill("input#link", "https://youtu.be/dQw4w9WgXcQ"))
	if resp := load(t, ctx, "publish", centre(publishButton), chromedp.Click(chromedp.CSS(publishButton), chromedp.NodeVisible)); resp.Status != 200 {
		t.Fatalf("publish: status %d%s", resp.Status, pageState(ctx))
	}
	edit := get(t, ctx, "find the video's editor", chromedp.Evaluate[string](`(() => {
		const a = [...document.querySelectorAll("main a")].find(a => a.textContent.includes(`+jsString(title)+`));
		return a ? a.getAttribute("href") : "";
	})()`))
	if edit == "" {
		t.Fatalf("the video %q is not in the list%s", title, pageState(ctx))
	}
	open(t, ctx, edit)
	if v := get(t, ctx, "read the saved end", chromedp.Value(chromedp.CSS("input#end"))); v != formDate(want, 0) {
		t.Errorf("the saved video's end reads %q; want %q", v, formDate(want, 0))
	}
	// The editorial calendar lists it on its start and its end, linked to
	// its editor; on a phone as a list by day.
	if resp := open(t, ctx, "/admin/calendar?month="+fmt.Sprintf("%d-%02d", want.Year(), want.Month())); resp.Status != 200 {
		t.Fatalf("/admin/calendar: status %d%s", resp.Status, pageState(ctx))
	}
	links := get(t, ctx, "count the calendar's links to the video", chromedp.Evaluate[int](`document.querySelectorAll('table.cal a[href=`+jsString(edit)+`]').length`))
	if links != 1 { // the start is in this month, the end in the next
		t.Errorf("the calendar of %s links the video %d times; want once, on its end", want.Format("2006-01"), links)
	}
	if h1 := text(t, ctx, "main h1"); !strings.Contains(h1, thaiMonthYear(want)) {
		t.Errorf("the calendar's heading %q lacks %q", h1, thaiMonthYear(want))
	}
	t.Logf("screenshot of the calendar: %s", saveFullScreenshot(t, ctx, "calendar"))
	do(t, ctx, "use a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	open(t, ctx, "/admin/calendar?month="+fmt.Sprintf("%d-%02d", want.Year(), want.Month()))
	if cols := get(t, ctx, "is the calendar a list", chromedp.Evaluate[string](`getComputedStyle(document.querySelector("table.cal td:not(.out):not(.idle)")).display`)); cols != "block" {
		t.Errorf("on a phone the calendar's days are %q; want a list (block)", cols)
	}
	t.Logf("screenshot of the calendar on a phone: %s", saveFullScreenshot(t, ctx, "calendar-phone"))
}
