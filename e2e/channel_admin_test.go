package e2e

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// publishButton is the editor's "save and publish" button.
const publishButton = `main form button[type=submit][value=publish]`

// TestHROfficerPostsJobNotice is the notice journey of issue 4: the HR
// officer, who may post job notices and nothing else, posts one with a PDF
// that has a Thai name; a visitor on a phone finds it, opens it, gets the
// PDF under its Thai name, and the read count goes up by one.
func TestHROfficerPostsJobNotice(t *testing.T) {
	t.Parallel()
	began := time.Now()
	hr := demoLogin(t, "hr")
	tag := fmt.Sprintf("%06d", rand.IntN(1e6))

	// The files the officer has on the office PC: the notice as a PDF with a
	// Thai name, and a web page saved under the same name.
	const pdfName = "ประกาศรับสมัครพนักงาน 2569.pdf"
	dir := t.TempDir()
	pdf := minimalPDF("NPU job notice 2569 e2e " + tag)
	if err := checkPDFOffsets(pdf); err != nil {
		t.Fatalf("the test's PDF is broken: %v", err)
	}
	pdfPath := filepath.Join(dir, pdfName)
	fakePath := filepath.Join(dir, "html", pdfName)
	if err := os.Mkdir(filepath.Dir(fakePath), 0o755); err != nil {
		t.Fatal(err)
	}
	const page = `<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>ประกาศ</title></head>` +
		`<body><h1>ประกาศรับสมัครพนักงาน</h1></body></html>`
	for path, data := range map[string][]byte{pdfPath: pdf, fakePath: []byte(page)} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	browser := newBrowser(t)
	officer := browser
	officerRequests := watchRequests(t, officer)
	dialogs := acceptDialogs(t, officer)
	logInOK(t, officer, hr.ID, hr.Password)

	// The menu offers the notices and none of the other content or the users.
	menu := get(t, officer, "read the menu", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("nav#sidenav a")].map(a => a.textContent.trim())`))
	if !slices.Contains(menu, "ข่าวประชาสัมพันธ์") {
		t.Errorf("the HR officer's menu %q has no ข่าวประชาสัมพันธ์", menu)
	}
	for _, item := range []string{"ข่าวกิจกรรม", "วิดีโอ", "Banner ข่าว", "ผู้ใช้"} {
		if slices.Contains(menu, item) {
			t.Errorf("the HR officer's menu %q offers %s", menu, item)
		}
	}

	if resp := open(t, officer, "/admin/notices/new"); resp.Status != 200 {
		t.Fatalf("/admin/notices/new: status %d%s", resp.Status, pageState(officer))
	}
	cats := get(t, officer, "read the categories", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("select#category option")].map(o => o.value)`))
	if !slices.Equal(cats, []string{"jobs"}) {
		t.Errorf("select#category offers %q to the HR officer; want only jobs", cats)
	}

	headline := "ประกาศรับสมัครบุคคลเพื่อเลือกสรรเป็นพนักงานมหาวิทยาลัย ตำแหน่งนักวิชาการคอมพิวเตอร์ ฝ่ายข้อมูลสารสนเทศ (ทดสอบ " + tag + ")"
	const summary = "ขอเชิญผู้สนใจสมัครตั้งแต่วันนี้ถึงสิ้นเดือน ดูรายละเอียดและใบสมัครในไฟล์ PDF แนบ"
	do(t, officer, "type the headline and the summary",
		chromedp.Click(chromedp.CSS("input#headline"), chromedp.NodeVisible),
		typeText(headline),
		centre("textarea#summary"),
		chromedp.Click(chromedp.CSS("textarea#summary"), chromedp.NodeVisible),
		typeText(summary),
	)
	if v := get(t, officer, "read the headline", chromedp.Value(chromedp.CSS("input#headline"))); v != headline {
		t.Fatalf("input#headline = %q after typing %q", v, headline)
	}
	if v := get(t, officer, "read the summary", chromedp.Value(chromedp.CSS("textarea#summary"))); v != summary {
		t.Fatalf("textarea#summary = %q after typing %q", v, summary)
	}

	// A web page named .pdf is refused by its content, and nothing is kept.
	f := uploadTo(t, officer, "notice", fakePath)
	if !strings.Contains(f.Error, notPDFText) {
		t.Errorf("after choosing an HTML page named %q, the field's error is %q; want a message with %q", pdfName, f.Error, notPDFText)
	}
	if f.Key != "" {
		t.Errorf("after the HTML page was refused, input[name=file_key] = %q; want it empty", f.Key)
	}
	if strings.Contains(f.Note, pdfName) {
		t.Errorf("after the HTML page was refused, the field shows the file name: %q", f.Note)
	}

	// The real PDF is taken at once.
	f = uploadTo(t, officer, "notice", pdfPath)
	if f.Error != "" || f.Key == "" {
		t.Fatalf("the PDF upload: error %q, file_key %q; want no error and a key%s", f.Error, f.Key, pageState(officer))
	}
	if !strings.Contains(f.Note, pdfName) {
		t.Errorf("after the PDF upload the field shows %q; want the file's name %q", f.Note, pdfName)
	}
	if strings.Contains(f.Key, "ประกาศ") || strings.Contains(f.Key, "%E0%B8") {
		t.Errorf("the stored file's key %q carries the user's file name; files are stored under generated names", f.Key)
	}

	today := bangkokDate(time.Now(), 0)
	end := bangkokDate(time.Now(), 30)
	do(t, officer, "set the end date", setDate("input#end", end))
	// NEW for two days (the form's default is one, the day of posting): the
	// badge checks below must not depend on Bangkok's midnight passing.
	do(t, officer, "set NEW days", setDate("input#new_days", "2"))
	t.Logf("screenshot of the notice form: %s", screenshot(t, officer, "notice-form"))
	if resp := load(t, officer, "click บันทึกและเผยแพร่", centre(publishButton),
		chromedp.Click(chromedp.CSS(publishButton), chromedp.NodeVisible)); resp.Status != 200 {
		t.Fatalf("publish the notice: status %d%s", resp.Status, pageState(officer))
	}
	if p := pagePath(t, officer); p != "/admin/notices" {
		t.Fatalf("after publishing, the browser is at %s; want /admin/notices%s", p, pageState(officer))
	}
	if fl := text(t, officer, `.flash[role=status]`); !strings.Contains(fl, noticeSavedFlash) {
		t.Errorf("flash after publishing %q; want %q", fl, noticeSavedFlash)
	}
	row := findRow(t, officer, headline)
	if !row.Found {
		t.Fatalf("the notices list has no row for %q%s", headline, pageState(officer))
	}
	if !slices.ContainsFunc(row.Badges, func(b string) bool { return strings.Contains(b, "new") && strings.HasSuffix(b, ": NEW") }) {
		t.Errorf("the new notice's row has the badges %q; want a NEW badge", row.Badges)
	}
	// #, edit, delete, category, headline, announced, end, reads, state.
	if len(row.Cells) != 9 {
		t.Fatalf("the notice's row has %d cells %q; want the manual's 8 columns and the state", len(row.Cells), row.Cells)
	}
	if row.Cells[3] != jobsCategoryText {
		t.Errorf("the notice's category cell is %q; want %q", row.Cells[3], jobsCategoryText)
	}
	if !strings.Contains(row.Cells[4], pdfName) {
		t.Errorf("the notice's headline cell %q does not name its PDF %q", row.Cells[4], pdfName)
	}
	if row.Cells[5] != thaiDate(today) || row.Cells[6] != thaiDate(end) {
		t.Errorf("the notice's announced and end dates are %q and %q; want %q and %q",
			row.Cells[5], row.Cells[6], thaiDate(today), thaiDate(end))
	}
	if row.Cells[7] != "1" {
		t.Errorf("the new notice's read count is %q; want the form's default 1", row.Cells[7])
	}
	noticePath := hrefLike(row.Links, `^/notices/\d+$`)
	if noticePath == "" {
		t.Fatalf("the notice's row links %q; want a link to /notices/{id}", row.Links)
	}
	t.Logf("screenshot of the notices list: %s", screenshot(t, officer, "notice-list"))

	// A visitor on a phone.
	visitor := newSession(t, browser)
	visitorRequests := watchRequests(t, visitor)
	do(t, visitor, "use a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		userAgent(phoneUserAgent))
	if resp := open(t, visitor, "/notices?category=jobs"); resp.Status != 200 {
		t.Fatalf("/notices?category=jobs: status %d%s", resp.Status, pageState(visitor))
	}
	type item struct {
		Found bool   `json:"found"`
		New   string `json:"new"`
		Meta  string `json:"meta"`
	}
	findItem := func() item {
		return get(t, visitor, "find the notice in the list", chromedp.Evaluate[item](`(() => {
			const a = [...document.querySelectorAll("ol.notices li a")].find(a => a.getAttribute("href") === `+jsString(noticePath)+`);
			if (!a) return {found: false, new: "", meta: ""};
			const li = a.closest("li"), b = li.querySelector(".badge-new"), m = li.querySelector(".meta");
			return {found: a.textContent.trim() === `+jsString(headline)+`, new: b ? b.textContent.trim() : "", meta: m ? m.textContent.trim() : ""};
		})()`))
	}
	it := findItem()
	if !it.Found {
		t.Fatalf("/notices?category=jobs has no link to %s reading %q%s", noticePath, headline, pageState(visitor))
	}
	if it.New != "NEW" {
		t.Errorf("the notice in the public list has the badge %q; want NEW", it.New)
	}
	reads := readCount(it.Meta)
	if reads < 0 {
		t.Fatalf("the notice in the public list shows %q; want a read count อ่าน N ครั้ง", it.Meta)
	}
	if w := get(t, visitor, "measure the page", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("on a 390 px wide phone, /notices?category=jobs is %d px wide: it scrolls sideways", w)
	}
	t.Logf("screenshot of the phone's notices list: %s", screenshot(t, visitor, "notice-list-phone"))

	link := `ol.notices a[href=` + jsString(noticePath) + `]`
	if resp := load(t, visitor, "open the notice", centre(link), chromedp.Click(chromedp.CSS(link), chromedp.NodeVisible)); resp.Status != 200 {
		t.Fatalf("open %s: status %d%s", noticePath, resp.Status, pageState(visitor))
	}
	if p := pagePath(t, visitor); p != noticePath {
		t.Fatalf("after clicking the notice, the phone is at %s; want %s", p, noticePath)
	}
	if h1 := text(t, visitor, "article.story h1"); !strings.HasPrefix(h1, headline) {
		t.Errorf("the notice page's heading is %q; want %q", h1, headline)
	}
	if lead := text(t, visitor, "article.story .lead"); lead != summary {
		t.Errorf("the notice page's summary is %q; want %q", lead, summary)
	}
	if n := readCount(text(t, visitor, "article.story .byline")); n != reads {
		t.Errorf("before the PDF is opened, the notice page shows %d reads; the list showed %d", n, reads)
	}
	type pdfLink struct {
		Href string `json:"href"`
		Text string `json:"text"`
	}
	pl := get(t, visitor, "read the PDF link", chromedp.Evaluate[pdfLink](`(() => {
		const a = [...document.querySelectorAll("article.story a[href]")].find(a => /\/file$/.test(a.getAttribute("href")));
		return a ? {href: a.getAttribute("href"), text: a.textContent.trim()} : {href: "", text: ""};
	})()`))
	if pl.Href != noticePath+"/file" {
		t.Fatalf("the notice page's PDF link is %q; want %s/file%s", pl.Href, noticePath, pageState(visitor))
	}
	if !strings.Contains(pl.Text, pdfName) {
		t.Errorf("the PDF link reads %q; want the file's name %q", pl.Text, pdfName)
	}
	t.Logf("screenshot of the phone's notice page: %s", screenshot(t, visitor, "notice-phone"))

	// The phone opens the PDF. Its browser says it is one: the server does
	// not count tools such as Go's own client as readers.
	resp, body := httpGetAs(t, pl.Href, phoneUserAgent)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: status %d", pl.Href, resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("GET %s: Content-Type %q; want application/pdf", pl.Href, ct)
	}
	if v := resp.Header.Get("X-Content-Type-Options"); v != "nosniff" {
		t.Errorf("GET %s: X-Content-Type-Options %q; want nosniff", pl.Href, v)
	}
	cd := resp.Header.Get("Content-Disposition")
	if want := "filename*=UTF-8''" + rfc5987(pdfName); !strings.Contains(cd, want) {
		t.Errorf("GET %s: Content-Disposition %q; want it to hold %q", pl.Href, cd, want)
	}
	if !bytes.Equal(body, pdf) {
		t.Errorf("GET %s: %d bytes that differ from the %d bytes uploaded", pl.Href, len(body), len(pdf))
	}
	t.Logf("GET %s: %d bytes, Content-Disposition: %s", pl.Href, len(body), cd)

	opened := time.Now()

	// Meanwhile, back at the office: the other editors are closed to the
	// officer, and a form edited to post in procurement is refused, not moved.
	for _, path := range []string{"/admin/news/new", "/admin/videos/new", "/admin/banners/new", "/admin/users"} {
		if resp := open(t, officer, path); resp.Status != 403 {
			t.Errorf("the HR officer at %s: status %d, want 403", path, resp.Status)
		}
	}
	open(t, officer, "/admin/notices/new")
	forged := headline + " (จัดซื้อ)"
	do(t, officer, "edit the form to post in procurement",
		chromedp.Evaluate[chromedp.Void](`document.querySelector("select#category option").value = "procurement"`),
		chromedp.Click(chromedp.CSS("input#headline"), chromedp.NodeVisible),
		typeText(forged),
		fill("input#link_url", "https://www.npu.ac.th/procurement"),
	)
	if resp := load(t, officer, "post the edited form", centre(publishButton),
		chromedp.Click(chromedp.CSS(publishButton), chromedp.NodeVisible)); resp.Status != 403 {
		t.Errorf("the HR officer posting a notice in procurement: status %d, want 403%s", resp.Status, pageState(officer))
	}
	for _, path := range []string{"/notices?category=procurement", "/notices"} {
		if _, body := httpGetAs(t, path, phoneUserAgent); bytes.Contains(body, []byte(forged)) {
			t.Errorf("the HR officer's forged procurement notice was published: %s shows it", path)
		}
	}

	// One open, one read. Counts are written every 10 s, and the page
	// cache renews then: reload, as a visitor does, until the page shows it.
	got := -1
	for deadline := opened.Add(15 * time.Second); ; {
		if resp := load(t, visitor, "reload the notice page", chromedp.Reload()); resp.Status != 200 {
			t.Fatalf("reload %s: status %d", noticePath, resp.Status)
		}
		got = readCount(text(t, visitor, "article.story .byline"))
		if got != reads || time.Now().After(deadline) {
			break
		}
		do(t, visitor, "wait a second", chromedp.Sleep(time.Second))
	}
	if got != reads+1 {
		t.Fatalf("%v after the PDF was opened once, the notice page shows %d reads; want %d+1",
			time.Since(opened).Round(time.Millisecond), got, reads)
	}
	t.Logf("the notice page showed %d reads %v after the open", got, time.Since(opened).Round(time.Millisecond))
	load(t, visitor, "reload the notice page", chromedp.Reload())
	if n := readCount(text(t, visitor, "article.story .byline")); n != reads+1 {
		t.Errorf("after viewing the notice page again, it shows %d reads; only opening the PDF counts, want %d", n, reads+1)
	}
	// The list shows the new count too once it is written: the notice page
	// adds the reads not yet written, the list does not.
	open(t, visitor, "/notices?category=jobs")
	for deadline := opened.Add(15 * time.Second); ; {
		load(t, visitor, "reload the notices list", chromedp.Reload())
		if it = findItem(); readCount(it.Meta) != reads || time.Now().After(deadline) {
			break
		}
		do(t, visitor, "wait a second", chromedp.Sleep(time.Second))
	}
	if got := readCount(it.Meta); got != reads+1 {
		t.Errorf("%v after the PDF was opened once, the public list shows %q; want อ่าน %d ครั้ง",
			time.Since(opened).Round(time.Millisecond), it.Meta, reads+1)
	}

	n := officerRequests.checkLocal(t, "HR officer")
	n += visitorRequests.checkLocal(t, "visitor on a phone")
	if d := dialogs(); len(d) > 0 {
		t.Errorf("dialogs came up in the officer's tab: %q", d)
	}
	t.Logf("%d requests, all to %s; journey took %v", n, site.Host, time.Since(began).Round(time.Millisecond))
}

// TestCentralPRBannerCropPreview is the banner journey of issue 4: central
// PR uploads a banner twice the size, sees the 1000×300 crop before saving,
// is told the real size of one too small, and cannot link it to script.
func TestCentralPRBannerCropPreview(t *testing.T) {
	t.Parallel()
	began := time.Now()
	tag := fmt.Sprintf("%06d", rand.IntN(1e6))
	dir := t.TempDir()
	bigPath := filepath.Join(dir, "แบนเนอร์ Open House 2000x600.png")
	smallPath := filepath.Join(dir, "แบนเนอร์ เล็ก 999x300.png")
	for path, size := range map[string][2]int{bigPath: {2000, 600}, smallPath: {999, 300}} {
		b, err := bannerPNG(size[0], size[1])
		if err == nil {
			err = os.WriteFile(path, b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}

	ctx := newBrowser(t)
	requests := watchRequests(t, ctx)
	dialogs := acceptDialogs(t, ctx)
	logInOK(t, ctx, site.Admin.ID, site.Admin.Password)
	if resp := open(t, ctx, "/admin/banners/new"); resp.Status != 200 {
		t.Fatalf("/admin/banners/new: status %d%s", resp.Status, pageState(ctx))
	}
	if f := readFileField(t, ctx, "banner"); f.Preview != "" || f.Key != "" {
		t.Errorf("the new banner form already shows a preview %q or key %q", f.Preview, f.Key)
	}

	// 2000×600: scaled to exactly 1000×300 at once, and shown.
	f := uploadTo(t, ctx, "banner", bigPath)
	if f.Error != "" || f.Key == "" {
		t.Fatalf("the 2000×600 upload: error %q, image_key %q; want no error and a key%s", f.Error, f.Key, pageState(ctx))
	}
	img := loadedImage(t, ctx, "img.upload-preview")
	if !img.Visible || img.Width != 1000 || img.Height != 300 {
		t.Errorf("the crop preview %+v; want it shown with a 1000×300 image", img)
	}
	if img.Src != "/media/"+f.Key {
		t.Errorf("the crop preview shows %q; want the uploaded crop /media/%s", img.Src, f.Key)
	}
	if !strings.Contains(f.Note, "2000×600") {
		t.Errorf("the preview's caption is %q; want the original size 2000×600", f.Note)
	}
	crop := f.Key
	t.Logf("screenshot of the crop preview: %s", screenshot(t, ctx, "banner-preview"))

	// 999×300: refused with its size; the crop before stays.
	f = uploadTo(t, ctx, "banner", smallPath)
	if !strings.Contains(f.Error, "999×300") {
		t.Errorf("after choosing a 999×300 image, the field's error is %q; want a message with 999×300", f.Error)
	}
	if f.Key != crop {
		t.Errorf("after the 999×300 image was refused, image_key = %q; want the crop before, %q", f.Key, crop)
	}
	if f.Preview != "/media/"+crop {
		t.Errorf("after the 999×300 image was refused, the preview shows %q; want the crop before, /media/%s", f.Preview, crop)
	}

	// A javascript: link is refused under the link field; the crop stays.
	title := "เปิดบ้านมหาวิทยาลัยนครพนม NPU Open House 2569 (ทดสอบ " + tag + ")"
	const link = "https://www.npu.ac.th/openhouse"
	end := bangkokDate(time.Now(), 14)
	do(t, ctx, "type the title, a javascript: link and the end date",
		centre("input#title"),
		chromedp.Click(chromedp.CSS("input#title"), chromedp.NodeVisible),
		typeText(title),
		fill("input#link_url", "javascript:alert(1)"),
		setDate("input#end", end),
	)
	if resp := load(t, ctx, "publish with a javascript: link", centre(publishButton),
		chromedp.Click(chromedp.CSS(publishButton), chromedp.NodeVisible)); resp.Status != 422 {
		t.Fatalf("publish a banner that links to javascript:alert(1): status %d, want 422%s", resp.Status, pageState(ctx))
	}
	if fe := readFieldError(t, ctx, "input#link_url"); !fe.Invalid || !strings.Contains(fe.Message, linkErrorText) {
		t.Errorf("under the link field: %+v; want the field marked invalid with %q", fe, linkErrorText)
	}
	f = readFileField(t, ctx, "banner")
	if f.Key != crop {
		t.Errorf("on the 422 page image_key = %q; want the crop, %q", f.Key, crop)
	}
	img = loadedImage(t, ctx, "img.upload-preview")
	if !img.Visible || img.Src != "/media/"+crop || img.Width != 1000 || img.Height != 300 {
		t.Errorf("on the 422 page the crop preview is %+v; want /media/%s shown at 1000×300", img, crop)
	}
	for css, want := range map[string]string{"input#title": title, "input#link_url": "javascript:alert(1)", "input#end": end} {
		if v := get(t, ctx, "read "+css, chromedp.Value(chromedp.CSS(css))); v != want {
			t.Errorf("on the 422 page %s = %q; want what was typed, %q", css, v, want)
		}
	}
	t.Logf("screenshot of the 422 page: %s", screenshot(t, ctx, "banner-422"))

	// The right link: saved, and listed with its thumbnail.
	do(t, ctx, "type the right link", fill("input#link_url", link))
	if resp := load(t, ctx, "publish the banner", centre(publishButton),
		chromedp.Click(chromedp.CSS(publishButton), chromedp.NodeVisible)); resp.Status != 200 {
		t.Fatalf("publish the banner: status %d%s", resp.Status, pageState(ctx))
	}
	if p := pagePath(t, ctx); p != "/admin/banners" {
		t.Fatalf("after publishing, the browser is at %s; want /admin/banners%s", p, pageState(ctx))
	}
	if fl := text(t, ctx, `.flash[role=status]`); !strings.Contains(fl, bannerSavedFlash) {
		t.Errorf("flash after publishing %q; want %q", fl, bannerSavedFlash)
	}
	row := findRow(t, ctx, title)
	if !row.Found {
		t.Fatalf("the banners list has no row for %q%s", title, pageState(ctx))
	}
	if !slices.Contains(row.Links, link) {
		t.Errorf("the banner's row links %q; want %s", row.Links, link)
	}
	thumb := get(t, ctx, "mark the banner's thumbnail", chromedp.Evaluate[bool](`(() => {
		const tr = [...document.querySelectorAll("table.list tbody tr")].find(tr => tr.textContent.includes(`+jsString(title)+`));
		const i = tr && tr.querySelector("img.banner-thumb");
		if (i) i.id = "e2e-banner-thumb";
		return !!i;
	})()`))
	if !thumb {
		t.Fatalf("the banner's row has no img.banner-thumb%s", pageState(ctx))
	}
	img = loadedImage(t, ctx, "#e2e-banner-thumb")
	if !img.Visible || img.Width != 1000 || img.Height != 300 {
		t.Errorf("the banner's thumbnail is %+v; want the 1000×300 banner shown", img)
	}
	t.Logf("screenshot of the banners list: %s", screenshot(t, ctx, "banner-list"))

	n := requests.checkLocal(t, "central PR")
	if d := dialogs(); len(d) > 0 {
		t.Errorf("dialogs came up: %q", d)
	}
	t.Logf("%d requests, all to %s; journey took %v", n, site.Host, time.Since(began).Round(time.Millisecond))
}

// TestCentralPRAddsVideo is the NPU Channel journey of issue 4: central PR
// pastes a link that is not YouTube and is told what is expected, then a
// YouTube share link; the public page shows our poster and loads the
// privacy-enhanced player only when the visitor clicks.
func TestCentralPRAddsVideo(t *testing.T) {
	t.Parallel()
	began := time.Now()
	tag := fmt.Sprintf("%06d", rand.IntN(1e6))
	const idChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	ytID := "E2e-"
	for range 6 {
		ytID += string(idChars[rand.IntN(len(idChars))])
	}
	ytID += "_" // 11 characters, with both of the ID's punctuation marks

	browser := newBrowser(t)
	ctx := browser
	requests := watchRequests(t, ctx)
	dialogs := acceptDialogs(t, ctx)
	logInOK(t, ctx, site.Admin.ID, site.Admin.Password)

	before := time.Now()
	if resp := open(t, ctx, "/admin/videos/new"); resp.Status != 200 {
		t.Fatalf("/admin/videos/new: status %d%s", resp.Status, pageState(ctx))
	}
	after := time.Now()
	start := get(t, ctx, "read the start", chromedp.Value(chromedp.CSS("input#start")))
	end := get(t, ctx, "read the end", chromedp.Value(chromedp.CSS("input#end")))
	if !strings.HasPrefix(start, formDate(before, 0)) && !strings.HasPrefix(start, formDate(after, 0)) {
		t.Errorf("the new video's start is %q; want now, on %s in Bangkok (B.E.)", start, formDate(after, 0))
	}
	if end != formDate(before, 3) && end != formDate(after, 3) {
		t.Errorf("the new video's end defaults to %q; want start + 3 days, %s (B.E.)", end, formDate(after, 3))
	}

	// A vimeo link: refused under the field, with the title kept.
	title := "NPU NEWS ข่าวเปิดบ้านมหาวิทยาลัยนครพนม ขอเชิญน้อง ๆ มัธยม (ทดสอบ " + tag + ")"
	const vimeo = "https://vimeo.com/76979871"
	do(t, ctx, "type the title and a vimeo link",
		chromedp.Click(chromedp.CSS("input#title"), chromedp.NodeVisible),
		typeText(title),
		fill("input#link", vimeo),
	)
	if resp := load(t, ctx, "publish with a vimeo link", centre(publishButton),
		chromedp.Click(chromedp.CSS(publishButton), chromedp.NodeVisible)); resp.Status != 422 {
		t.Fatalf("publish a video with a vimeo link: status %d, want 422%s", resp.Status, pageState(ctx))
	}
	if fe := readFieldError(t, ctx, "input#link"); !fe.Invalid || !strings.Contains(fe.Message, youtubeErrorText) {
		t.Errorf("under the link field: %+v; want the field marked invalid with %q", fe, youtubeErrorText)
	}
	if v := get(t, ctx, "read the title", chromedp.Value(chromedp.CSS("input#title"))); v != title {
		t.Errorf("on the 422 page the title is %q; want what was typed, %q", v, title)
	}
	if v := get(t, ctx, "read the end", chromedp.Value(chromedp.CSS("input#end"))); v != end {
		t.Errorf("on the 422 page the end is %q; want %q", v, end)
	}
	t.Logf("screenshot of the 422 page: %s", screenshot(t, ctx, "video-422"))

	// A YouTube share link with a tracking parameter: saved.
	share := "https://youtu.be/" + ytID + "?si=xyz"
	do(t, ctx, "paste the YouTube share link", fill("input#link", share))
	if resp := load(t, ctx, "publish the video", centre(publishButton),
		chromedp.Click(chromedp.CSS(publishButton), chromedp.NodeVisible)); resp.Status != 200 {
		t.Fatalf("publish the video with %s: status %d%s", share, resp.Status, pageState(ctx))
	}
	if p := pagePath(t, ctx); p != "/admin/videos" {
		t.Fatalf("after publishing, the browser is at %s; want /admin/videos%s", p, pageState(ctx))
	}
	if fl := text(t, ctx, `.flash[role=status]`); !strings.Contains(fl, videoSavedFlash) {
		t.Errorf("flash after publishing %q; want %q", fl, videoSavedFlash)
	}
	row := findRow(t, ctx, title)
	if !row.Found {
		t.Fatalf("the videos list has no row for %q%s", title, pageState(ctx))
	}
	if watch := "https://www.youtube.com/watch?v=" + ytID; !slices.Contains(row.Links, watch) {
		t.Errorf("the video's row links %q; want %s (the 11-character ID alone kept)", row.Links, watch)
	}
	videoPath := hrefLike(row.Links, `^/videos/\d+$`)
	if videoPath == "" {
		t.Fatalf("the video's row links %q; want a link to /videos/{id}", row.Links)
	}

	// A visitor: our poster, and no player and no foreign request before the click.
	visitor := newSession(t, browser)
	visitorRequests := watchRequests(t, visitor)
	if resp := open(t, visitor, "/videos"); resp.Status != 200 {
		t.Fatalf("/videos: status %d%s", resp.Status, pageState(visitor))
	}
	type card struct {
		Found  bool   `json:"found"`
		Title  string `json:"title"`
		Poster bool   `json:"poster"`
		Play   bool   `json:"play"`
	}
	c := get(t, visitor, "find the video's card", chromedp.Evaluate[card](`(() => {
		const a = document.querySelector(".cards.videos a[href=" + JSON.stringify(`+jsString(videoPath)+`) + "]");
		if (!a) return {found: false, title: "", poster: false, play: false};
		const p = a.querySelector(".poster"), t = a.querySelector(".card-title");
		return {found: true, title: t ? t.textContent.trim() : "", poster: !!p && p.offsetWidth > 0 && p.offsetHeight > 0,
			play: !!(p && p.querySelector(".play"))};
	})()`))
	if !c.Found {
		t.Fatalf("/videos has no card linking to %s%s", videoPath, pageState(visitor))
	}
	if c.Title != title || !c.Poster || !c.Play {
		t.Errorf("the video's card: %+v; want the title %q and a poster with a play button", c, title)
	}
	settle(t, visitor)
	if exists(t, visitor, "iframe") {
		t.Error("/videos has an iframe before any click")
	}
	link := `.cards.videos a[href=` + jsString(videoPath) + `]`
	if resp := load(t, visitor, "open the video", centre(link), chromedp.Click(chromedp.CSS(link), chromedp.NodeVisible)); resp.Status != 200 {
		t.Fatalf("open %s: status %d%s", videoPath, resp.Status, pageState(visitor))
	}
	if h1 := text(t, visitor, "article.story h1"); h1 != title {
		t.Errorf("the video page's heading is %q; want %q", h1, title)
	}
	if id := get(t, visitor, "read data-yt", chromedp.Evaluate[string](`(document.querySelector(".yt[data-yt]") || {dataset: {yt: ""}}).dataset.yt`)); id != ytID {
		t.Errorf("the video page's placeholder has data-yt %q; want %q", id, ytID)
	}
	settle(t, visitor)
	if exists(t, visitor, "iframe") {
		t.Fatal("the video page has an iframe before any click")
	}
	n := visitorRequests.checkLocal(t, "visitor before the click")
	t.Logf("screenshot of the video page: %s", screenshot(t, visitor, "video-before-click"))

	do(t, visitor, "click play", centre(".yt a"), chromedp.Click(chromedp.CSS(".yt a"), chromedp.NodeVisible),
		chromedp.WaitReady(chromedp.CSS(".yt iframe")))
	src := get(t, visitor, "read the player's src", chromedp.Evaluate[string](`document.querySelector(".yt iframe").src`))
	if want := "https://www.youtube-nocookie.com/embed/" + ytID; !strings.HasPrefix(src, want) {
		t.Errorf("after the click, the player's src is %q; want it to start with %s", src, want)
	}
	if regexp.MustCompile(`[?&]si=`).MatchString(src) {
		t.Errorf("the player's src %q carries the share link's tracking parameter", src)
	}

	n += requests.checkLocal(t, "central PR")
	if d := dialogs(); len(d) > 0 {
		t.Errorf("dialogs came up: %q", d)
	}
	t.Logf("%d requests before the click, all to %s; journey took %v", n, site.Host, time.Since(began).Round(time.Millisecond))
}
