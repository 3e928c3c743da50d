package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
)

func TestUnitPRPostsNewsWithPhotos(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password)
	form := newsForm("คณะวิทยาศาสตร์ลงนาม MOU")
	draft := "draft=" + form.Get("draft")

	status, res := b.uploadFiles(draft, map[string][]byte{"ภาพที่ 1.jpg": testJPEG(t, 1200, 900), "ภาพที่ 2.jpg": testJPEG(t, 640, 480)})
	if status != http.StatusAccepted {
		t.Fatalf("upload: %d %v", status, res)
	}
	if err := ta.queue.RunPending(context.Background()); err != nil {
		t.Fatal(err)
	}
	prog := b.get(res["progress"].(string))
	if !strings.Contains(prog.body, `"state":"done"`) || !strings.Contains(prog.body, `"processed":2`) {
		t.Fatalf("progress: %s", prog.body)
	}
	var list struct {
		Photos []struct {
			ID            int64
			Thumb, Full   string
			Width, Height int
		}
	}
	json.Unmarshal([]byte(b.get("/admin/news/photos?"+draft).body), &list)
	if len(list.Photos) != 2 || list.Photos[0].Width != 800 || list.Photos[0].Height != 600 {
		t.Fatalf("photos: %+v", list.Photos)
	}
	form.Set("main_photo_id", itoa(list.Photos[1].ID))
	created := b.post("/admin/news/new", "/admin/news", form)
	wantRedirect(t, created, "/admin/news/", "create news")
	again := b.post("/admin/news/new", "/admin/news", form) // double submit
	if again.header.Get("Location") != created.header.Get("Location") {
		t.Fatalf("double submit went to %q, first to %q", again.header.Get("Location"), created.header.Get("Location"))
	}
	_, total, _ := ta.content.ListNews(context.Background(), content.NewsFilter{ListFilter: content.ListFilter{Now: time.Now()}})
	if total != 1 {
		t.Fatalf("%d news after a double submit", total)
	}
	items, _, _ := ta.content.ListNews(context.Background(), content.NewsFilter{ListFilter: content.ListFilter{Now: time.Now()}})
	n := items[0]
	if n.PhotoCount != 2 || n.MainPhotoID != list.Photos[1].ID || n.UnitID != ta.unitID(t, "science") {
		t.Fatalf("saved news %+v", n)
	}
	// The public page shows it with its gallery; the photo has no EXIF.
	pub := ta.browser(t).get("/news/" + itoa(n.ID))
	wantStatus(t, pub, 200, "public news")
	if !strings.Contains(pub.body, "คณะวิทยาศาสตร์ลงนาม MOU") || strings.Count(pub.body, `href="/media/`) != 2 {
		t.Fatalf("public page lacks headline or gallery")
	}
	img := ta.browser(t).get(list.Photos[0].Full)
	if img.header.Get("Content-Type") != "image/jpeg" || bytes.Contains([]byte(img.body), []byte("Exif")) {
		t.Fatalf("served photo: %s, exif=%v", img.header.Get("Content-Type"), bytes.Contains([]byte(img.body), []byte("Exif")))
	}
	// The admin list shows it; another unit's PR does not see it.
	if p := b.get("/admin/news"); !strings.Contains(p.body, "คณะวิทยาศาสตร์ลงนาม MOU") {
		t.Fatal("own list lacks the news")
	}
	other := ta.browser(t)
	other.mustLogin(demo.CitizenID(demo.Users[1].First12), demo.Password) // PR of the Faculty of Education
	if p := other.get("/admin/news"); strings.Contains(p.body, "คณะวิทยาศาสตร์ลงนาม MOU") {
		t.Fatal("another unit's PR sees the news in the list")
	}
}

func TestForgedNewsWritesAreRefused(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	science, education := ta.unitID(t, "science"), ta.unitID(t, "education")
	now := time.Now()
	in := content.NewsInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: now, End: content.DefaultEnd(now, 1),
		UnitID: education, Publish: true}, Type: content.Activity, Headline: "ข่าวของคณะครุศาสตร์", PhotosPerRow: 4}
	theirs, err := ta.content.CreateNews(ctx, in, content.Author{Name: "x"}, now)
	if err != nil {
		t.Fatal(err)
	}
	photo, err := ta.content.AddPhoto(ctx, content.Gallery{NewsID: theirs.ID}, education, bytes.NewReader(testJPEG(t, 300, 200)), "a.jpg", now)
	if err != nil {
		t.Fatal(err)
	}
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password) // science PR
	id := itoa(theirs.ID)
	forged := newsForm("แก้ไขข่าวของคนอื่น")
	cases := []struct {
		name string
		do   func() page
	}{
		{"open edit form", func() page { return b.get("/admin/news/" + id + "/edit") }},
		{"save edit", func() page { return b.post("/admin/news/new", "/admin/news/"+id, forged) }},
		{"delete", func() page { return b.post("/admin/news/new", "/admin/news/"+id+"/delete", nil) }},
		{"photo delete", func() page { return b.post("/admin/news/new", "/admin/news/photos/"+itoa(photo.ID)+"/delete", nil) }},
		{"photo caption", func() page {
			return b.post("/admin/news/new", "/admin/news/photos/"+itoa(photo.ID)+"/caption", url.Values{"caption": {"x"}})
		}},
		{"photo list", func() page { return b.get("/admin/news/photos?news_id=" + id) }},
		{"reorder", func() page {
			return b.post("/admin/news/new", "/admin/news/photos/order?news_id="+id, url.Values{"ids": {itoa(photo.ID)}})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { wantStatus(t, tc.do(), http.StatusForbidden, tc.name) })
	}
	if status, _ := b.uploadFiles("news_id="+id, map[string][]byte{"x.jpg": testJPEG(t, 100, 100)}); status != http.StatusForbidden {
		t.Errorf("upload into another unit's news: %d", status)
	}
	after, _ := ta.content.News(ctx, theirs.ID)
	photos, _ := ta.content.Photos(ctx, content.Gallery{NewsID: theirs.ID})
	if after.Headline != theirs.Headline || len(photos) != 1 || photos[0].Caption != "a" {
		t.Fatal("a forged request changed another unit's news")
	}
	// Creating "for another unit" creates for one's own: the unit of a unit
	// PR's item is decided by roles.ItemUnit, whatever the form posts.
	f := newsForm("สร้างในนามคณะอื่น")
	f.Set("unit_id", itoa(education))
	wantStatus(t, b.post("/admin/news/new", "/admin/news", f), http.StatusSeeOther, "create with another unit's id")
	_, total, _ := ta.content.ListNews(ctx, content.NewsFilter{ListFilter: content.ListFilter{ScopeUnit: education, Now: now}})
	_, mine, _ := ta.content.ListNews(ctx, content.NewsFilter{ListFilter: content.ListFilter{ScopeUnit: science, Now: now}})
	if total != 1 || mine != 1 {
		t.Fatalf("education %d, science %d", total, mine)
	}
}

func TestNewsFormKeepsInputOnErrors(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password)
	f := newsForm(strings.Repeat("ข่าว", 50) + "ก") // 201 code points
	f.Set("end", time.Now().AddDate(0, 0, -3).Format("2006-01-02"))
	f.Set("body", `<p>ข้อความที่พิมพ์ไว้</p>`)
	p := b.post("/admin/news/new", "/admin/news", f)
	wantStatus(t, p, http.StatusUnprocessableEntity, "invalid news")
	for _, want := range []string{"ยาวเกิน 200", "วันสิ้นสุดต้องไม่ก่อนวันเริ่มแสดง", "ข้อความที่พิมพ์ไว้", f.Get("draft"), `value="` + f.Get("headline") + `"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("422 page lacks %q", want)
		}
	}
}
