package admin_test

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
	wantEnd := beDate(content.DefaultEnd(time.Now(), content.VideoDays).In(newsroom.Bangkok)) // the Thai UI: dd/mm/B.E. year
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
