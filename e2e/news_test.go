package e2e

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Texts of the news pages that the journey looks for.
const (
	newsSavedFlash = "บันทึกข่าวแล้ว"
	processedRE    = `^ประมวลผลแล้ว (\d+) จาก (\d+) ภาพ$`
)

// TestUnitPRPostsNewsWithZip is the journey of issue 3: Khun Nok, PR of the
// Faculty of Science, posts the day's MOU signing with the 30 photos that
// the office PC zipped with Thai names; the public page shows them resized
// and without EXIF; the PR of another faculty can neither see nor change it.
func TestUnitPRPostsNewsWithZip(t *testing.T) {
	t.Parallel()
	began := time.Now()
	const nPhotos = 30

	var unitPRs []account
	for _, d := range site.Demo {
		if d.Role == "unit" {
			unitPRs = append(unitPRs, d)
		}
	}
	if len(unitPRs) < 2 {
		t.Fatalf("the server printed %d unit PR demo logins; want the Faculty of Science's and the Faculty of Education's", len(unitPRs))
	}
	science, education := unitPRs[0], unitPRs[1]

	// The ZIP is made while the browser starts and the PR logs in.
	type zipResult struct {
		zip  photoZip
		err  error
		took time.Duration
	}
	zipDone := make(chan zipResult, 1)
	zipFinished := make(chan struct{})
	zipDir := t.TempDir()
	t.Cleanup(func() { <-zipFinished }) // runs before zipDir is removed
	go func() {
		defer close(zipFinished)
		z, err := makeThaiPhotoZip(zipDir, nPhotos)
		zipDone <- zipResult{z, err, time.Since(began)}
	}()

	browser := newBrowser(t)
	pr := browser
	prRequests := watchRequests(t, pr)
	dialogs := acceptDialogs(t, pr)

	// 2. Log in and fill in the form.
	logInOK(t, pr, science.ID, science.Password)
	if resp := open(t, pr, "/admin/news/new"); resp.Status != 200 {
		t.Fatalf("/admin/news/new: status %d%s", resp.Status, pageState(pr))
	}
	do(t, pr, "wait for the news form and its editor",
		chromedp.WaitVisible(chromedp.CSS("form#news-form")),
		chromedp.WaitVisible(chromedp.CSS("#editor .ql-editor")),
	)
	do(t, pr, "choose the type MOU", chromedp.SetValue(chromedp.CSS("select#news_type"), "mou"))
	if v := get(t, pr, "read the type", chromedp.Value(chromedp.CSS("select#news_type"))); v != "mou" {
		t.Fatalf("select#news_type = %q after choosing mou", v)
	}

	// The counter counts code points as it goes: "คณะวิทยาศาสตร์" is 14 of
	// them (12 letters and 2 marks), 42 bytes.
	const headStart = "คณะวิทยาศาสตร์"
	headline := fmt.Sprintf("%sลงนาม MOU ขยายความร่วมมือทางวิชาการกับบริษัทตัวอย่าง จำกัด (ข่าวทดสอบ %06d)", headStart, rand.IntN(1e6))
	do(t, pr, "type the start of the headline",
		chromedp.Click(chromedp.CSS("input#headline"), chromedp.NodeVisible),
		typeText(headStart))
	if n := text(t, pr, "#headline-count .n"); n != "14" {
		t.Errorf("after typing %q the headline counter shows %s; want 14 code points", headStart, n)
	}
	do(t, pr, "type the rest of the headline", typeText(strings.TrimPrefix(headline, headStart)))
	if v := get(t, pr, "read the headline", chromedp.Value(chromedp.CSS("input#headline"))); v != headline {
		t.Fatalf("input#headline = %q after typing %q", v, headline)
	}
	runes := utf8.RuneCountInString(headline)
	if n := text(t, pr, "#headline-count .n"); n != strconv.Itoa(runes) {
		t.Errorf("the headline counter shows %s; the headline has %d code points (%d bytes)", n, runes, len(headline))
	}

	bodyLines := []string{
		"วันนี้คณะวิทยาศาสตร์ลงนามบันทึกความเข้าใจ (MOU) ว่าด้วยความร่วมมือทางวิชาการ",
		"ภาพกิจกรรมทั้งหมดอยู่ในแกลเลอรีด้านล่าง",
	}
	do(t, pr, "type the body into the editor",
		centre("#editor .ql-editor"),
		chromedp.Click(chromedp.CSS("#editor .ql-editor"), chromedp.NodeVisible),
		typeText(strings.Join(bodyLines, "\n")),
	)
	waitFor(t, pr, "the editor holds the body",
		`(() => { const t = document.querySelector("#editor .ql-editor").innerText;
			return t.includes(`+jsString(bodyLines[0])+`) && t.includes(`+jsString(bodyLines[1])+`); })()`,
		5*time.Second)

	// 3. Upload the ZIP: the upload bar, then the processing bar.
	zr := <-zipDone
	if zr.err != nil {
		t.Fatalf("make the ZIP: %v", zr.err)
	}
	z := zr.zip
	t.Logf("ZIP of %d photos: %d KB, made in %v", nPhotos, z.Size>>10, zr.took.Round(time.Millisecond))
	get(t, pr, "install the fetch probe", chromedp.Evaluate[bool](fetchProbeJS))
	uploadStarted := time.Now()
	do(t, pr, "choose the ZIP in the hidden file input",
		chromedp.SetUploadFiles(chromedp.CSS("#photo-files"), []string{z.Path}, chromedp.NodeReady))
	waitFor(t, pr, "the photos are processed and the grid is loaded",
		`(window.__e2e.states.some(s => s === "done" || s === "failed") && `+fetchIdleJS+`) ||
			(window.__e2e.states.length === 0 && document.querySelector("#upload-problems li") !== null)`, 40*time.Second)
	t.Logf("upload and processing of %d photos took %v", nPhotos, time.Since(uploadStarted).Round(time.Millisecond))
	states := get(t, pr, "read the progress states", chromedp.Evaluate[[]string](`window.__e2e.states`))
	if len(states) == 0 {
		t.Fatalf("the upload failed before processing began%s", pageState(pr))
	}
	if states[len(states)-1] != "done" {
		t.Fatalf("the upload ended in state %q (states polled: %q)%s", states[len(states)-1], states, pageState(pr))
	}
	checkProgressBars(t, pr, nPhotos)

	problems := get(t, pr, "read the upload problems", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("ul#upload-problems li")].map(li => li.textContent.trim())`))
	if len(problems) != 1 || !strings.Contains(problems[0], z.NotPhoto) {
		t.Errorf("upload problems %q; want one that names %q (the folder and __MACOSX/._x are skipped silently)", problems, z.NotPhoto)
	}
	t.Logf("upload problems: %q", problems)

	// 4. The photo manager: natural order, main photo, reorder, caption.
	grid := readGrid(t, pr)
	if got := captionsOf(grid); !slices.Equal(got, z.Captions) {
		t.Fatalf("photo grid captions, in order:\n  %q\nwant the file names in natural order:\n  %q", got, z.Captions)
	}
	for i, p := range grid {
		if p.ID == "" || !strings.HasPrefix(p.Thumb, "/media/") {
			t.Fatalf("grid photo %d has id %q and thumbnail %q", i+1, p.ID, p.Thumb)
		}
	}

	const mainIndex = 5 // the 5th photo becomes the main photo
	mainPhoto := grid[mainIndex-1]
	nth := func(i int) string { return fmt.Sprintf("#photo-grid li.photo:nth-child(%d)", i) }
	do(t, pr, "click the main-photo button of the 5th photo",
		centre(nth(mainIndex)),
		chromedp.Click(chromedp.CSS(nth(mainIndex)+" button.icon-btn.main"), chromedp.NodeVisible))
	waitFor(t, pr, "the 5th photo is the only main photo",
		`(() => { const m = document.querySelectorAll("#photo-grid li.photo.is-main");
			return m.length === 1 && m[0].dataset.id === `+jsString(mainPhoto.ID)+` &&
				document.getElementById("main_photo_id").value === `+jsString(mainPhoto.ID)+`; })() && `+fetchIdleJS,
		5*time.Second)

	// Move the 3rd photo one place earlier with its button.
	do(t, pr, "click move-earlier on the 3rd photo",
		centre(nth(3)),
		chromedp.Click(chromedp.CSS(nth(3)+" button.icon-btn.move"), chromedp.NodeVisible))
	want := slices.Concat([]string{photoName(1), photoName(3), photoName(2)}, z.Captions[3:])
	waitForOrder(t, pr, "after moving the 3rd photo earlier", want)

	// Drag the 4th photo to the front, with the browser's own drag and drop.
	want = dragToFront(t, pr, want)

	// Rename the photo that is now 2nd, as a person does: select, type, leave.
	renamed := want[1]
	newCaption := renamed + " ผู้บริหารร่วมลงนาม"
	capSel := fmt.Sprintf("%s input", nth(2))
	do(t, pr, "edit the caption of the 2nd photo",
		centre(capSel),
		chromedp.Click(chromedp.CSS(capSel), chromedp.NodeVisible),
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(capSel)+`).select()`),
		typeText(newCaption),
		chromedp.Blur(chromedp.CSS(capSel)),
	)
	waitFor(t, pr, "the caption is saved", `window.__e2e.failed.length > 0 || (`+fetchIdleJS+`)`, 5*time.Second)
	want[1] = newCaption
	if got := captionsOf(readGrid(t, pr)); !slices.Equal(got, want) {
		t.Errorf("photo grid before saving:\n  %q\nwant\n  %q", got, want)
	}
	if failed := get(t, pr, "read failed calls", chromedp.Evaluate[[]string](`window.__e2e.failed`)); len(failed) > 0 {
		t.Errorf("the photo manager's calls failed: %q", failed)
	}

	do(t, pr, "show the upload status and the grid", centre("#upload-status"))
	t.Logf("screenshot of the form: %s", screenshot(t, pr, "news-form-photos"))
	saveFullScreenshot(t, pr, "news-form-full")

	// 5. Save and publish.
	resp := load(t, pr, "click บันทึกและเผยแพร่",
		chromedp.Click(chromedp.CSS(`form#news-form button[type=submit][value=publish]`), chromedp.NodeVisible))
	if resp.Status != 200 {
		t.Fatalf("publish: status %d%s", resp.Status, pageState(pr))
	}
	m := regexp.MustCompile(`^/admin/news/(\d+)/edit$`).FindStringSubmatch(pagePath(t, pr))
	if m == nil {
		t.Fatalf("after publishing, the browser is at %s; want /admin/news/{id}/edit%s", pagePath(t, pr), pageState(pr))
	}
	id := m[1]
	if f := text(t, pr, `.flash[role=status]`); !strings.Contains(f, newsSavedFlash) {
		t.Errorf("flash after publishing %q; want %q", f, newsSavedFlash)
	}
	waitFor(t, pr, "the edit page's photo grid is loaded",
		fmt.Sprintf(`document.querySelectorAll("#photo-grid li.photo").length === %d`, nPhotos), 10*time.Second)
	saved := readGrid(t, pr)
	if got := captionsOf(saved); !slices.Equal(got, want) {
		t.Errorf("photo grid after saving:\n  %q\nwant the order and caption set before saving:\n  %q", got, want)
	}
	var mains []string
	for _, p := range saved {
		if p.Main {
			mains = append(mains, p.ID)
		}
	}
	if !slices.Equal(mains, []string{mainPhoto.ID}) {
		t.Errorf("after saving, the photos marked is-main are %q; want only %s (%s)", mains, mainPhoto.ID, mainPhoto.Caption)
	}
	if v := get(t, pr, "read #main_photo_id", chromedp.Value(chromedp.CSS("#main_photo_id"))); v != mainPhoto.ID {
		t.Errorf("after saving, #main_photo_id = %q; want %s", v, mainPhoto.ID)
	}
	if v := get(t, pr, "read the headline", chromedp.Value(chromedp.CSS("input#headline"))); v != headline {
		t.Errorf("after saving, the headline is %q; want %q", v, headline)
	}
	if v := get(t, pr, "read the type", chromedp.Value(chromedp.CSS("select#news_type"))); v != "mou" {
		t.Errorf("after saving, the type is %q; want mou", v)
	}
	open(t, pr, "/admin/news")
	if html := get(t, pr, "read the news list", chromedp.OuterHTML(chromedp.CSS("html"))); !strings.Contains(html, headline) ||
		!strings.Contains(html, "/admin/news/"+id+"/edit") {
		t.Errorf("the news list of the Faculty of Science's PR does not show the new item %s", id)
	}

	// 6. The public page, as an anonymous visitor.
	pub := newSession(t, browser)
	pubRequests := watchRequests(t, pub)
	if resp := open(t, pub, "/news/"+id); resp.Status != 200 {
		t.Fatalf("/news/%s: status %d%s", id, resp.Status, pageState(pub))
	}
	if h1 := text(t, pub, "article.story h1"); h1 != headline {
		t.Errorf("the public page's headline is %q; want %q", h1, headline)
	}
	paras := get(t, pub, "read the body", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("article.story .body p")].map(p => p.textContent.trim())`))
	if !slices.Equal(paras, bodyLines) {
		t.Errorf("the public page's body paragraphs are %q; want the lines typed, %q", paras, bodyLines)
	}
	gallery := readGallery(t, pub)
	if len(gallery) != nPhotos {
		t.Fatalf("ul.gallery has %d links; want %d%s", len(gallery), nPhotos, pageState(pub))
	}
	var alts, thumbs, savedThumbs []string
	for _, g := range gallery {
		alts, thumbs = append(alts, g.Alt), append(thumbs, g.Thumb)
	}
	for _, p := range saved {
		savedThumbs = append(savedThumbs, p.Thumb)
	}
	if !slices.Equal(alts, want) {
		t.Errorf("gallery image alts:\n  %q\nwant the captions in the saved order:\n  %q", alts, want)
	}
	if !slices.Equal(thumbs, savedThumbs) {
		t.Errorf("the gallery's thumbnails are not those of the photo manager, in its order:\n  %q\n  %q", thumbs, savedThumbs)
	}
	mainSrc := get(t, pub, "read the main photo", chromedp.Evaluate[string](
		`(() => { const i = document.querySelector("figure.main-photo img"); return i ? i.getAttribute("src") : ""; })()`))
	var mainHref string
	for _, g := range gallery {
		if g.Thumb == mainPhoto.Thumb {
			mainHref = g.Href
		}
	}
	if mainSrc == "" || mainSrc != mainHref {
		t.Errorf("figure.main-photo img src = %q; want the full-size URL of the chosen main photo, %q", mainSrc, mainHref)
	}

	// The stored files: resized, EXIF and GPS gone, and the right photos.
	number := func(caption string) int { // "ภาพกิจกรรม 7 …" → 7
		n, _ := strconv.Atoi(strings.Fields(strings.TrimPrefix(caption, "ภาพกิจกรรม "))[0])
		return n
	}
	for _, c := range []struct {
		what, path string
		photo      int
	}{
		{"the main photo", mainSrc, number(mainPhoto.Caption)},
		{"the first gallery photo", gallery[0].Href, number(want[0])},
		{"the last gallery photo", gallery[nPhotos-1].Href, number(want[nPhotos-1])},
	} {
		img := checkStoredPhoto(t, c.path)
		if b := img.Bounds(); b.Dx() != storedW || b.Dy() != storedH {
			t.Errorf("%s is %d×%d; a %d×%d photo fits in %d×%d exactly", c.what, b.Dx(), b.Dy(), cameraW, cameraH, storedW, storedH)
		}
		if got := whichPhoto(img, nPhotos); got != c.photo {
			t.Errorf("%s (%s) shows photo %d; want photo %d", c.what, c.path, got, c.photo)
		}
	}
	checkStoredPhoto(t, gallery[0].Thumb)

	t.Logf("screenshot of the public page: %s", screenshot(t, pub, "news-public"))
	// The thumbnails load lazily: scroll to the end of the gallery, and every
	// one of them must load.
	do(t, pub, "scroll to the end of the gallery", centre(`ul.gallery li:last-child`))
	waitFor(t, pub, "every gallery thumbnail has loaded",
		`[...document.querySelectorAll("ul.gallery img")].every(i => i.complete && i.naturalWidth > 0)`, 10*time.Second)
	saveFullScreenshot(t, pub, "news-public-full")

	// The lightbox, by keyboard.
	firstLink := `ul.gallery li:first-child a`
	do(t, pub, "click the first gallery photo",
		centre(firstLink),
		chromedp.Click(chromedp.CSS(firstLink), chromedp.NodeVisible))
	waitFor(t, pub, "the lightbox shows the first photo",
		`(() => { const b = document.querySelector(".lightbox"), i = b && b.querySelector("img");
			return b && !b.hidden && i && i.src === document.querySelector(`+jsString(firstLink)+`).href && i.complete && i.naturalWidth > 0; })()`,
		5*time.Second)
	if c := text(t, pub, ".lightbox .lb-caption"); !strings.Contains(c, "ภาพที่ 1 จาก 30") || !strings.Contains(c, want[0]) {
		t.Errorf("the lightbox caption for the first photo is %q; want ภาพที่ 1 จาก 30 and %q", c, want[0])
	}
	t.Logf("screenshot of the lightbox: %s", screenshot(t, pub, "news-lightbox"))
	do(t, pub, "press ArrowRight", chromedp.KeyEvent(kb.ArrowRight))
	waitFor(t, pub, "the lightbox shows the second photo",
		`(() => { const b = document.querySelector(".lightbox");
			return b.querySelector(".lb-caption").textContent.includes("ภาพที่ 2 จาก 30") &&
				b.querySelector("img").src === document.querySelectorAll("ul.gallery a")[1].href; })()`,
		5*time.Second)
	if c := text(t, pub, ".lightbox .lb-caption"); !strings.Contains(c, want[1]) {
		t.Errorf("after ArrowRight the lightbox caption is %q; want photo 2, %q", c, want[1])
	}
	do(t, pub, "press Escape", chromedp.KeyEvent(kb.Escape))
	waitFor(t, pub, "the lightbox is closed and the focus is back on the first link",
		`document.querySelector(".lightbox").hidden && document.activeElement === document.querySelector(`+jsString(firstLink)+`)`,
		5*time.Second)

	// 7. The PR of another faculty, at another computer.
	other := newSession(t, browser)
	otherRequests := watchRequests(t, other)
	logInOK(t, other, education.ID, education.Password)
	if resp := open(t, other, "/admin/news"); resp.Status != 200 {
		t.Fatalf("/admin/news for the Faculty of Education's PR: status %d", resp.Status)
	}
	html := get(t, other, "read the news list", chromedp.OuterHTML(chromedp.CSS("html")))
	if strings.Contains(html, headline) || strings.Contains(html, "/admin/news/"+id+"/") || strings.Contains(html, mainPhoto.Thumb) {
		t.Errorf("the news list of the Faculty of Education's PR shows the Faculty of Science's item %s", id)
	}
	if resp := open(t, other, "/admin/news/"+id+"/edit"); resp.Status != 403 {
		t.Errorf("another faculty's PR at /admin/news/%s/edit: status %d, want 403", id, resp.Status)
	}
	if h1 := text(t, other, "main h1"); h1 != forbiddenTitle {
		t.Errorf("another faculty's PR at /admin/news/%s/edit sees %q, want %q", id, h1, forbiddenTitle)
	}
	// Forged requests with the PR's own valid session and CSRF token.
	open(t, other, "/admin/news/new")
	forged := get(t, other, "send forged requests", chromedp.Evaluate[map[string]int](`(async () => {
		const csrf = document.getElementById("news-form").dataset.csrf, h = {"X-CSRF-Token": csrf};
		const form = new URLSearchParams({csrf, lang: "th", news_type: "mou", headline: "แก้ข่าวของคณะอื่น", body: "x",
			sort: "1", photos_per_row: "4", action: "publish"});
		const st = async (url, init) => (await fetch(url, Object.assign({credentials: "same-origin", redirect: "manual"}, init))).status;
		return {
			"POST /admin/news/{id}": await st("/admin/news/`+id+`", {method: "POST", body: form}),
			"GET /admin/news/photos?news_id={id}": await st("/admin/news/photos?news_id=`+id+`"),
			"POST /admin/news/photos/{main}/caption": await st("/admin/news/photos/`+mainPhoto.ID+`/caption",
				{method: "POST", headers: h, body: new URLSearchParams({caption: "แก้คำบรรยาย"})}),
			"POST /admin/news/photos/{photo}/main": await st("/admin/news/photos/`+grid[0].ID+`/main", {method: "POST", headers: h}),
			"POST /admin/news/photos/order?news_id={id}": await st("/admin/news/photos/order?news_id=`+id+`",
				{method: "POST", headers: h, body: new URLSearchParams([["ids", "`+grid[29].ID+`"]])}),
			"POST /admin/news/{id}/delete": await st("/admin/news/`+id+`/delete", {method: "POST", body: new URLSearchParams({csrf})}),
		};
	})()`, chromedp.EvalAwaitPromise))
	for what, status := range forged {
		if status != 403 {
			t.Errorf("another faculty's PR: %s answered %d, want 403", what, status)
		}
	}
	// Nothing changed.
	open(t, pub, "/news/"+id)
	if h1 := text(t, pub, "article.story h1"); h1 != headline {
		t.Errorf("after the forged requests the headline is %q; want %q", h1, headline)
	}
	after := readGallery(t, pub)
	alts = alts[:0]
	for _, g := range after {
		alts = append(alts, g.Alt)
	}
	if !slices.Equal(alts, want) {
		t.Errorf("after the forged requests the gallery is\n  %q\nwant\n  %q", alts, want)
	}

	// No request left the test server, and no alert came up.
	n := prRequests.checkLocal(t, "Faculty of Science PR")
	n += pubRequests.checkLocal(t, "visitor")
	n += otherRequests.checkLocal(t, "Faculty of Education PR")
	if got := dialogs(); len(got) > 0 {
		t.Errorf("dialogs came up in the PR's tab: %q", got)
	}
	t.Logf("%d requests, all to %s; journey took %v", n, site.Host, time.Since(began).Round(time.Millisecond))
}

// checkProgressBars checks what the upload status showed: the upload bar at
// 100, then the processing bar, shown, out of n, with its label counting up
// to n. The counts seen depend on timing; only their order is checked.
func checkProgressBars(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	bars := get(t, ctx, "read the progress bar history", chromedp.Evaluate[[]barState](`window.__e2e.bars`))
	re := regexp.MustCompile(processedRE)
	var upSeen, procSeen bool
	var counts []int
	for _, b := range bars {
		upSeen = upSeen || b.Up == 100
		procSeen = procSeen || (b.ProcShown && int(b.ProcMax) == n)
		if b.Label == "" {
			continue
		}
		m := re.FindStringSubmatch(b.Label)
		if m == nil {
			t.Errorf("processing label %q does not read %q", b.Label, processedRE)
			continue
		}
		done, _ := strconv.Atoi(m[1])
		total, _ := strconv.Atoi(m[2])
		if total != n {
			t.Errorf("processing label %q: want a total of %d", b.Label, n)
		}
		if len(counts) == 0 || counts[len(counts)-1] != done {
			counts = append(counts, done)
		}
	}
	if !upSeen {
		t.Errorf("progress#upload-bar never reached 100 (%d snapshots)", len(bars))
	}
	if !procSeen {
		t.Errorf("progress#proc-bar was never shown with max %d", n)
	}
	if !slices.IsSorted(counts) || len(counts) == 0 || counts[len(counts)-1] != n {
		t.Errorf("the processing label counted %v; want counts that rise to %d", counts, n)
	}
	t.Logf("processing label counted %v over %d snapshots", counts, len(bars))

	type final struct {
		Up        float64 `json:"up"`
		ProcShown bool    `json:"procShown"`
		ProcMax   float64 `json:"procMax"`
		ProcValue float64 `json:"procValue"`
		Label     string  `json:"label"`
	}
	f := get(t, ctx, "read the progress bars", chromedp.Evaluate[final](`(() => {
		const up = document.getElementById("upload-bar"), pr = document.getElementById("proc-bar");
		const lb = document.querySelector("#upload-status [data-proc-label]");
		return {up: up.value, procShown: !pr.hidden && pr.getClientRects().length > 0, procMax: pr.max, procValue: pr.value,
			label: lb.hidden ? "" : lb.textContent.trim()};
	})()`))
	wantLabel := fmt.Sprintf("ประมวลผลแล้ว %d จาก %d ภาพ", n, n)
	if f.Up != 100 || !f.ProcShown || int(f.ProcMax) != n || int(f.ProcValue) != n || f.Label != wantLabel {
		t.Errorf("at the end, the bars are %+v; want the upload bar at 100 and the processing bar shown at %d of %d, labelled %q",
			f, n, n, wantLabel)
	}
}

// waitForOrder waits until the photo grid shows the captions in order and
// the form's calls are done.
func waitForOrder(t *testing.T, ctx context.Context, what string, want []string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err := chromedp.Run(sctx, chromedp.Poll[chromedp.Void](
		`JSON.stringify([...document.querySelectorAll("#photo-grid li.photo input")].map(i => i.value)) === `+jsString(jsonList(want))+
			` && `+fetchIdleJS,
		chromedp.WithPollingInterval(50*time.Millisecond)))
	if err != nil {
		t.Fatalf("%s: the grid shows\n  %q\nwant\n  %q\n(%v)", what, captionsOf(readGrid(t, ctx)), want, err)
	}
}

// dragToFront drags the 4th photo onto the left part of the 1st with HTML5
// drag and drop, as a mouse would, and returns the order it leads to.
func dragToFront(t *testing.T, ctx context.Context, before []string) []string {
	t.Helper()
	type rect struct{ X, Y, W, H float64 }
	do(t, ctx, "show the first row of photos", centre("#photo-grid li.photo:nth-child(1)"))
	r := get(t, ctx, "measure the photos", chromedp.Evaluate[[]rect](`[1, 4].map(i => {
		const r = document.querySelector("#photo-grid li.photo:nth-child(" + i + ") img").getBoundingClientRect();
		return {X: r.x, Y: r.y, W: r.width, H: r.height};
	})`))
	from, to := r[1], r[0]
	do(t, ctx, "drag the 4th photo to the front",
		chromedp.DragAndDropXY(from.X+from.W/2, from.Y+from.H/2, to.X+to.W/5, to.Y+to.H/2, 20))
	want := slices.Concat([]string{before[3]}, before[:3], before[4:])
	waitForOrder(t, ctx, "after dragging the 4th photo to the front", want)
	return want
}

// jsonList is the JSON of a list of strings, as JSON.stringify writes it.
func jsonList(s []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, v := range s {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(jsString(v))
	}
	b.WriteByte(']')
	return b.String()
}
