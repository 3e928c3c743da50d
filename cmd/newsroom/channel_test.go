package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
)

func TestHROfficerPostsAJobNoticeAndNothingElse(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.HR), demo.Password)
	form := b.get("/admin/notices/new")
	wantStatus(t, form, 200, "notice form")
	if !strings.Contains(form.body, `value="jobs"`) || strings.Contains(form.body, `value="procurement"`) || strings.Contains(form.body, `value="announcement"`) {
		t.Fatal("HR's category picker must offer only jobs")
	}
	for _, path := range []string{"/admin/news", "/admin/videos", "/admin/banners", "/admin/users", "/admin/featured"} {
		wantStatus(t, b.get(path), http.StatusForbidden, "HR "+path)
	}
	name := "ประกาศรับสมัครพนักงาน 2569.pdf"
	status, up := b.uploadFormFile("notice", name, testPDF())
	if status != 200 {
		t.Fatalf("pdf upload: %d %v", status, up)
	}
	key := up["key"].(string)
	// Editing the form to post in procurement is refused, whatever else is right.
	forged := windowForm(url.Values{"category": {"procurement"}, "headline": {"สรุปจัดซื้อ"}, "file_key": {key}})
	wantStatus(t, b.post("/admin/notices/new", "/admin/notices", forged), http.StatusForbidden, "HR posting to procurement")
	ok := windowForm(url.Values{"category": {"jobs"}, "headline": {"ประกาศรับสมัครพนักงาน"}, "file_key": {key}, "reads": {"5"}, "new_days": {"2"},
		"form_token": {"hr-form-1"}})
	wantRedirect(t, b.post("/admin/notices/new", "/admin/notices", ok), "/admin/notices", "HR job notice")
	list, _, _ := ta.content.ListNotices(context.Background(), content.NoticeFilter{ListFilter: content.ListFilter{Now: time.Now()},
		Categories: roles.AllCategories})
	if len(list) != 1 || list[0].Category != roles.Jobs || list[0].FileName != name || list[0].Reads != 5 {
		t.Fatalf("saved notices: %+v", list)
	}
	n := list[0]

	// A visitor on a phone opens it: the Thai name, application/pdf, nosniff, one read more.
	visitor := ta.browser(t)
	pdf := visitor.get(fmt.Sprintf("/notices/%d/file", n.ID))
	wantStatus(t, pdf, 200, "pdf")
	if pdf.header.Get("Content-Type") != "application/pdf" || pdf.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("pdf headers %v", pdf.header)
	}
	cd := pdf.header.Get("Content-Disposition")
	if !strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape(name)) {
		t.Fatalf("Content-Disposition %q lacks the Thai name", cd)
	}
	if err := ta.counter.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	after, _ := ta.content.Notice(context.Background(), n.ID)
	if after.Reads != 6 {
		t.Fatalf("reads after one open: %d, want 6", after.Reads)
	}
	page := visitor.get("/notices?category=jobs")
	if !strings.Contains(page.body, "ประกาศรับสมัครพนักงาน") || !strings.Contains(page.body, "NEW") || !strings.Contains(page.body, "อ่าน 6 ครั้ง") {
		t.Fatalf("public notice list lacks the notice, its NEW badge or read count")
	}
}

func TestNoticeBadInput(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, _ := zw.Create("a.pdf")
	w.Write(testPDF())
	zw.Close()
	files := []struct {
		name string
		data []byte
		want string
	}{
		{"html named .pdf", []byte("<!doctype html><html><script>alert(1)</script></html>"), "ไม่ใช่ PDF"},
		{"zip named .pdf", zipped.Bytes(), "ไม่ใช่ PDF"},
		{"26 MB PDF", append(testPDF(), bytes.Repeat([]byte("%"), 26<<20)...), "ใหญ่เกิน 25 MB"},
	}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			status, out := b.uploadFormFile("notice", "ประกาศ.pdf", f.data)
			if status != http.StatusUnprocessableEntity || !strings.Contains(fmt.Sprint(out["error"]), f.want) {
				t.Fatalf("status %d, %v; want 422 with %q", status, out, f.want)
			}
		})
	}
	_, up := b.uploadFormFile("notice", "a.pdf", testPDF())
	forms := []struct {
		name string
		form url.Values
		want string
	}{
		{"both pdf and link", url.Values{"file_key": {up["key"].(string)}, "link_url": {"https://npu.ac.th/"}}, "ไม่ใช่ทั้งสองอย่าง"},
		{"neither", url.Values{}, "กรุณาอัปโหลดไฟล์ PDF หรือใส่ลิงก์"},
		{"javascript link", url.Values{"link_url": {"javascript:alert(1)"}}, "ต้องขึ้นต้นด้วย http"},
		{"end before start", url.Values{"link_url": {"https://npu.ac.th/"}, "end": {"2020-01-01"}}, "วันสิ้นสุดต้องไม่ก่อนวันเริ่มแสดง"},
		{"another user's file", url.Values{"file_key": {"ab/cd/abcdabcdabcdabcdabcdabcdabcdabcd.pdf"}}, "กรุณาอัปโหลดไฟล์ PDF"},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			form := windowForm(url.Values{"category": {"jobs"}, "headline": {"ประกาศทดสอบ"}})
			for k, v := range f.form {
				form[k] = v
			}
			p := b.post("/admin/notices/new", "/admin/notices", form)
			wantStatus(t, p, http.StatusUnprocessableEntity, f.name)
			if !strings.Contains(p.body, f.want) || !strings.Contains(p.body, `value="ประกาศทดสอบ"`) {
				t.Fatalf("422 page lacks %q or the typed headline", f.want)
			}
		})
	}
}

func TestVideoLinks(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	for _, bad := range []string{"https://vimeo.com/76979871", "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
		"https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG", "https://youtu.be/dQw4w9WgXc", "https://youtu.be/dQw4w9WgXcQQ",
		"javascript:alert(1)"} {
		p := b.post("/admin/videos/new", "/admin/videos", windowForm(url.Values{"programme": {"3-minutes"}, "title": {"3 นาที"}, "link": {bad}}))
		wantStatus(t, p, http.StatusUnprocessableEntity, bad)
		if !strings.Contains(p.body, "ต้องเป็นลิงก์วิดีโอ YouTube") {
			t.Fatalf("%s: no field error", bad)
		}
	}
	form := windowForm(url.Values{"programme": {"3-minutes"}, "title": {"3 MINUTES@NPU ตอนที่ 1"}, "link": {"https://youtu.be/dQw4w9WgXcQ?si=AbCdEf"}})
	form.Del("end") // the end defaults on the form; here we check the default window on a new form
	newForm := b.get("/admin/videos/new")
	wantEnd := content.DefaultEnd(time.Now(), content.VideoDays).In(newsroom.Bangkok).Format("2006-01-02")
	if !strings.Contains(newForm.body, `value="`+wantEnd+`"`) {
		t.Fatalf("new video form's end date is not start + 3 days (%s)", wantEnd)
	}
	form.Set("end", wantEnd)
	wantRedirect(t, b.post("/admin/videos/new", "/admin/videos", form), "/admin/videos", "save video")
	vids, _, _ := ta.content.ListVideos(context.Background(), content.VideoFilter{ListFilter: content.ListFilter{Now: time.Now()}})
	if len(vids) != 1 || vids[0].YouTubeID != "dQw4w9WgXcQ" {
		t.Fatalf("videos %+v", vids)
	}
	page := ta.browser(t).get(fmt.Sprintf("/videos/%d", vids[0].ID))
	wantStatus(t, page, 200, "video page")
	if strings.Contains(page.body, "<iframe") || !strings.Contains(page.body, `data-yt="dQw4w9WgXcQ"`) {
		t.Fatal("the video page must not load the player before a click")
	}
	// Unit PR may not touch videos or banners.
	unit := ta.browser(t)
	unit.mustLogin(demoID(roles.UnitPR), demo.Password)
	wantStatus(t, unit.post("/admin/", "/admin/videos", form), http.StatusForbidden, "unit PR video")
	if status, _ := unit.uploadFormFile("banner", "b.png", pngOf(t, 1000, 300)); status != http.StatusForbidden {
		t.Fatalf("unit PR banner upload: %d", status)
	}
}

func pngOf(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 200, 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func TestBannerCropAndBadImages(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	bad := []struct {
		name string
		data []byte
		want string
	}{
		{"999x300", pngOf(t, 999, 300), "999×300"},
		{"a PDF named .png", testPDF(), "ไม่ใช่ภาพ"},
		{"60 MB image", append(pngOf(t, 1000, 300), bytes.Repeat([]byte{0}, 60<<20)...), "เกินขนาดสูงสุด"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			status, out := b.uploadFormFile("banner", "banner.png", tc.data)
			if status != http.StatusUnprocessableEntity || !strings.Contains(fmt.Sprint(out["error"]), tc.want) {
				t.Fatalf("status %d %v, want 422 with %q", status, out, tc.want)
			}
		})
	}
	status, out := b.uploadFormFile("banner", "openhouse.png", pngOf(t, 2000, 600))
	if status != 200 || out["width"].(float64) != 2000 || !strings.Contains(out["note"].(string), "2000×600") {
		t.Fatalf("crop: %d %v", status, out)
	}
	img := b.get(out["url"].(string))
	cfg, _, err := image.DecodeConfig(strings.NewReader(img.body))
	if err != nil || cfg.Width != 1000 || cfg.Height != 300 {
		t.Fatalf("cropped banner %dx%d %v", cfg.Width, cfg.Height, err)
	}
	form := windowForm(url.Values{"placement": {"main"}, "image_key": {out["key"].(string)}, "link_url": {"javascript:alert(1)"}})
	p := b.post("/admin/banners/new", "/admin/banners", form)
	wantStatus(t, p, http.StatusUnprocessableEntity, "javascript link")
	if !strings.Contains(p.body, out["key"].(string)) {
		t.Fatal("the uploaded crop is lost on a 422")
	}
	form.Set("link_url", "https://www.npu.ac.th/openhouse")
	wantRedirect(t, b.post("/admin/banners/new", "/admin/banners", form), "/admin/banners", "save banner")
	live, err := ta.content.LiveBanners(context.Background(), "main", content.Thai, time.Now().Add(time.Minute))
	if err != nil || len(live) != 1 || live[0].LinkURL != "https://www.npu.ac.th/openhouse" {
		t.Fatalf("live banners %+v %v", live, err)
	}
}

// Every public and admin page renders with the demo content, in both
// languages, without a server error.
func TestEveryPageRendersWithDemoContent(t *testing.T) {
	ta := newDemoApp(t)
	visitor := ta.browser(t)
	var paths []string
	for _, en := range []string{"", "/en"} {
		for _, p := range []string{"/", "/news", "/news?page=2", "/news/1", "/news/1-slug", "/videos", "/videos?programme=npu-talks", "/videos/1",
			"/notices", "/notices?category=procurement", "/notices/1", "/notices/2/file", "/notices/3/file", "/privacy", "/cookies"} {
			if en != "" && p == "/" {
				p = "/en/"
			} else {
				p = en + p
			}
			paths = append(paths, p)
		}
	}
	for _, p := range paths {
		res := visitor.get(p)
		// Notice 3 is a link notice: its "file" sends the reader on.
		if strings.HasSuffix(p, "/notices/3/file") {
			if res.status != http.StatusSeeOther || res.header.Get("Location") != "https://www.npu.ac.th/" {
				t.Errorf("%s: %d to %q; want 303 to the notice's link", p, res.status, res.header.Get("Location"))
			}
			continue
		}
		wantStatus(t, res, 200, p)
	}
	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	for _, p := range []string{"/admin/", "/admin/news", "/admin/news?state=live&type=mou", "/admin/news/1/edit", "/admin/news/new",
		"/admin/videos", "/admin/videos/1/edit", "/admin/videos/new", "/admin/banners", "/admin/banners/1/edit", "/admin/banners/new",
		"/admin/notices", "/admin/notices/1/edit", "/admin/notices/new?category=jobs", "/admin/users", "/admin/units", "/admin/actions", "/admin/pages", "/admin/pages/privacy/th", "/admin/pages/cookies/en", "/admin/featured", "/admin/reports", "/admin/reports?kind=month", "/admin/reports.csv"} {
		wantStatus(t, admin.get(p), 200, p)
	}
}

func TestFooterPagesAreEditedByCentralPR(t *testing.T) {
	ta := newTestApp(t)
	v := ta.browser(t)
	if p := v.get("/privacy"); p.status != 200 || !strings.Contains(p.body, "90 วัน") {
		t.Fatalf("default privacy notice: %d", p.status)
	}
	unit := ta.browser(t)
	unit.mustLogin(demoID(roles.UnitPR), demo.Password)
	wantStatus(t, unit.post("/admin/", "/admin/pages/privacy/th", url.Values{"title": {"x"}, "body": {"x"}}), http.StatusForbidden, "unit PR edits privacy")
	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	wantStatus(t, admin.post("/admin/pages/privacy/th", "/admin/pages/privacy/th", url.Values{"title": {""}, "body": {"x"}}), http.StatusUnprocessableEntity, "empty title")
	form := url.Values{"title": {"ประกาศความเป็นส่วนตัว ฉบับปรับปรุง"}, "body": {`<p>ข้อความใหม่</p><script>alert(1)</script>`}}
	wantRedirect(t, admin.post("/admin/pages/privacy/th", "/admin/pages/privacy/th", form), "/admin/pages", "save privacy")
	p := v.get("/privacy")
	if !strings.Contains(p.body, "ฉบับปรับปรุง") || !strings.Contains(p.body, "ข้อความใหม่") || strings.Contains(p.body, "alert(1)") {
		t.Fatal("the edited, sanitised page is not shown at once")
	}
	if en := v.get("/en/privacy"); !strings.Contains(en.body, "Privacy notice") {
		t.Fatal("the English page changed with the Thai one")
	}
}

func TestDetailPagesCarryOpenGraphAndHreflang(t *testing.T) {
	ta := newDemoApp(t)
	v := ta.browser(t)
	p := v.get("/news/1")
	base := ta.cfg.BaseURL
	for _, want := range []string{`property="og:type" content="article"`, `property="og:image" content="` + base + `/media/`,
		`rel="canonical" href="` + base + `/news/1"`, `hreflang="en" href="` + base + `/en/news/1"`, `name="twitter:card" content="summary_large_image"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("news page lacks %s", want)
		}
	}
	// A filtered list names itself and its other language with the filter.
	l := v.get("/notices?category=procurement")
	for _, want := range []string{`hreflang="th" href="` + base + `/notices?category=procurement"`, `hreflang="en" href="` + base + `/en/notices?category=procurement"`} {
		if !strings.Contains(l.body, want) {
			t.Errorf("notice list lacks %s", want)
		}
	}
	if p := v.get("/en/videos/1"); !strings.Contains(p.body, `property="og:type" content="video.other"`) || !strings.Contains(p.body, `hreflang="th" href="`+base+`/videos/1"`) {
		t.Error("video page lacks its OpenGraph type or Thai alternate")
	}
}

// Procurement notices leave the current list when they expire but stay in
// the archive, found by fiscal year and month (transparency assessments).
func TestProcurementArchiveByFiscalYear(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	// Three days at the start of a month two months back, at noon in
	// Bangkok: all in one fiscal month whatever day the test runs.
	now := ta.clock.Now().In(newsroom.Bangkok)
	start := time.Date(now.Year(), now.Month()-2, 1, 12, 0, 0, 0, newsroom.Bangkok)
	unit := ta.unitID(t, "procurement")
	for i := 0; i < 3; i++ {
		at := start.AddDate(0, 0, i)
		in := content.NoticeInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: at, End: at.AddDate(0, 0, 7), UnitID: unit, Publish: true},
			Category: roles.Procure, Headline: fmt.Sprintf("สรุปผลการจัดซื้อจัดจ้าง ฉบับที่ %d", i+1), LinkURL: "https://npu.ac.th/p", NewDays: 1}
		if _, err := ta.content.SaveNotice(ctx, content.Notice{}, in, content.Author{}, at); err != nil {
			t.Fatal(err)
		}
	}
	v := ta.browser(t)
	if p := v.get("/notices?category=procurement"); strings.Contains(p.body, "สรุปผลการจัดซื้อจัดจ้าง") {
		t.Fatal("expired notices in the current list")
	}
	fy := content.FiscalYear(start)
	month := int(start.In(newsroom.Bangkok).Month())
	for _, q := range []string{fmt.Sprintf("fy=%d", fy), fmt.Sprintf("fy=%d&month=%d", fy, month)} {
		p := v.get("/notices?category=procurement&" + q)
		wantStatus(t, p, 200, q)
		if strings.Count(p.body, "สรุปผลการจัดซื้อจัดจ้าง ฉบับที่") != 3 {
			t.Errorf("%s: the archive does not list the 3 expired notices", q)
		}
	}
	if p := v.get(fmt.Sprintf("/notices?category=procurement&fy=%d", fy+2)); strings.Contains(p.body, "ฉบับที่") {
		t.Error("another fiscal year lists them")
	}
	if p := v.get(fmt.Sprintf("/notices/%d", 1)); p.status != 200 {
		t.Errorf("an expired notice's page: %d", p.status)
	}
}

// A visitor searches a Thai word that sits inside a sentence.
func TestSearchFindsAThaiWordInsideASentence(t *testing.T) {
	ta := newDemoApp(t)
	v := ta.browser(t)
	p := v.get("/search?q=" + url.QueryEscape("ผลการเรียน"))
	wantStatus(t, p, 200, "search")
	if !strings.Contains(p.body, "<mark>ผลการเรียน</mark>") || !strings.Contains(p.body, "ทุนการศึกษาสำหรับนักศึกษาที่มี") {
		t.Fatalf("the scholarship notice is not found with the word highlighted:\n%.2000s", p.body)
	}
	if p := v.get("/search?q=" + url.QueryEscape("ไม่มีคำนี้ในระบบแน่นอน")); !strings.Contains(p.body, "ไม่พบรายการ") {
		t.Error("no 'nothing found' message")
	}
	if p := v.get("/en/search?q=NPU"); p.status != 200 {
		t.Errorf("English search: %d", p.status)
	}
}
