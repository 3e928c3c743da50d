package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsroom/demo"
	"newsroom/roles"
)

// galleryPhotos returns the photos of a gallery (?draft=… or ?news_id=…)
// as the photo manager lists them.
func (b *browser) galleryPhotos(gallery string) []struct {
	ID          int64
	Thumb, Full string
} {
	b.t.Helper()
	var list struct {
		Photos []struct {
			ID          int64
			Thumb, Full string
		}
	}
	if err := json.Unmarshal([]byte(b.get("/admin/news/photos?"+gallery).body), &list); err != nil {
		b.t.Fatalf("photo list of %s: %v", gallery, err)
	}
	return list.Photos
}

// A takedown withdraws the picture, not one row that shows it: after
// central took a news item down, a unit user cannot bring its photo back by
// saving a draft whose body shows the photo's URL, nor by uploading the
// same original photo again (the processed file, and so its key, is the
// same). The takedown page and the register list those other uses, and
// only lifting the takedown serves the files again.
func TestTakedownWithdrawsFilesEverywhere(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	unitPR := ta.browser(t)
	unitPR.mustLogin(demoID(roles.UnitPR), demo.Password)
	visitor := ta.browser(t)
	original := testJPEG(t, 1200, 900)

	// The unit publishes a news item with one photo.
	form := newsForm("ภาพกิจกรรมที่ถูกร้องเรียน")
	if st, res := unitPR.uploadFiles("draft="+form.Get("draft"), map[string][]byte{"ภาพ.jpg": original}); st != http.StatusAccepted {
		t.Fatalf("upload: %d %v", st, res)
	}
	if err := ta.queue.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	photos := unitPR.galleryPhotos("draft=" + form.Get("draft"))
	if len(photos) != 1 {
		t.Fatalf("photos: %+v", photos)
	}
	full, thumb := photos[0].Full, photos[0].Thumb
	form.Set("main_photo_id", itoa(photos[0].ID))
	created := unitPR.post("/admin/news/new", "/admin/news", form)
	wantRedirect(t, created, "/admin/news/", "publish the news")
	id := strings.TrimSuffix(strings.TrimPrefix(created.header.Get("Location"), "/admin/news/"), "/edit")
	wantStatus(t, visitor.get(full), http.StatusOK, "the photo before the takedown")

	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	wantRedirect(t, admin.post("/admin/news", "/admin/news/"+id+"/takedown", url.Values{"reason": {"ภาพละเมิดสิทธิ"}}), "/admin/news/", "take down")
	wantStatus(t, visitor.get(full), http.StatusGone, "the photo after the takedown")
	wantStatus(t, visitor.get(thumb), http.StatusGone, "the thumbnail after the takedown")

	// Attack 1: a never-published draft whose body shows the photo's URL.
	draft := newsForm("ร่างที่ใช้ภาพเดิม")
	draft.Set("draft", "draft-fedcba9876543210")
	draft.Set("body", `<p>ภาพ</p><p><img src="`+full+`" alt=""><img src="`+thumb+`" alt=""></p>`)
	draft.Set("action", "draft")
	saved := unitPR.post("/admin/news/new", "/admin/news", draft)
	wantRedirect(t, saved, "/admin/news/", "save the draft")
	draftID := strings.TrimSuffix(strings.TrimPrefix(saved.header.Get("Location"), "/admin/news/"), "/edit")
	var body string
	ta.db.R.QueryRow(`SELECT body FROM news WHERE id = ?`, draftID).Scan(&body)
	if !strings.Contains(body, full) {
		t.Fatalf("the draft's body lost the image: %q", body)
	}
	wantStatus(t, visitor.get(full), http.StatusGone, "the photo while a draft's body shows it")
	wantStatus(t, visitor.get(thumb), http.StatusGone, "the thumbnail while a draft's body shows it")

	// Attack 2: another unit uploads the same original photo into a form it
	// never saves.
	other := ta.browser(t)
	if err := other.loginOtherUnitPR(ta); err != nil {
		t.Fatal(err)
	}
	if st, res := other.uploadFiles("draft=draft-aaaaaaaaaaaaaaaa", map[string][]byte{"อีกครั้ง.jpg": original}); st != http.StatusAccepted {
		t.Fatalf("re-upload: %d %v", st, res)
	}
	if err := ta.queue.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	again := other.galleryPhotos("draft=draft-aaaaaaaaaaaaaaaa")
	if len(again) != 1 || again[0].Full != full || again[0].Thumb != thumb {
		t.Fatalf("the same original did not give the same files: %+v, want %s %s", again, full, thumb)
	}
	wantStatus(t, visitor.get(full), http.StatusGone, "the photo after the same original was uploaded again")
	wantStatus(t, visitor.get(thumb), http.StatusGone, "the thumbnail after the same original was uploaded again")

	// The takedown page and the register tell central who else uses it.
	tp := admin.get("/admin/news/" + id + "/takedown")
	wantStatus(t, tp, http.StatusOK, "takedown page")
	for _, want := range []string{strings.TrimPrefix(full, "/media/"), `href="/admin/news/` + draftID + `/edit"`, "ร่างที่ใช้ภาพเดิม",
		"ไฟล์ที่อัปโหลดแต่ยังไม่บันทึก", "คณะครุศาสตร์"} {
		if !strings.Contains(tp.body, want) {
			t.Errorf("the takedown page lacks %q", want)
		}
	}
	if reg := admin.get("/admin/takedowns"); !strings.Contains(reg.body, `href="/admin/news/`+draftID+`/edit"`) {
		t.Error("the register does not list the draft that uses the taken-down photo")
	}

	// Lifting the takedown serves the files again.
	wantRedirect(t, admin.post("/admin/news", "/admin/news/"+id+"/reinstate", nil), "/admin/news/", "lift")
	wantStatus(t, visitor.get(full), http.StatusOK, "the photo after the takedown is lifted")
	wantStatus(t, visitor.get(thumb), http.StatusOK, "the thumbnail after the takedown is lifted")
}
