package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
)

// Central PR moves a news item to another unit while its photos are still
// processing: the photos belong to the item's new unit at once, those that
// arrive after the move too. The new unit can caption them and follow the
// upload; the old unit is refused.
func TestPhotosFollowTheirItemToAnotherUnit(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	science := ta.browser(t)
	science.mustLogin(demoID(roles.UnitPR), demo.Password)
	education := ta.browser(t)
	education.mustLogin(demo.CitizenID(demo.Users[1].First12), demo.Password) // PR of the Faculty of Education
	central := ta.browser(t)
	central.mustLogin(ta.adminID, ta.adminPW)

	form := newsForm("ข่าวที่ย้ายไปคณะครุศาสตร์")
	created := science.post("/admin/news/new", "/admin/news", form)
	wantRedirect(t, created, "/admin/news/", "create news")
	id := strings.TrimSuffix(strings.TrimPrefix(created.header.Get("Location"), "/admin/news/"), "/edit")
	// One photo is in before the move, one still processing.
	if status, res := science.uploadFiles("news_id="+id, map[string][]byte{"ก่อนย้าย.jpg": testJPEG(t, 640, 480)}); status != http.StatusAccepted {
		t.Fatalf("upload: %d %v", status, res)
	}
	if err := ta.queue.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	status, res := science.uploadFiles("news_id="+id, map[string][]byte{"ระหว่างย้าย.jpg": testJPEG(t, 600, 480)})
	if status != http.StatusAccepted {
		t.Fatalf("upload: %d %v", status, res)
	}
	progress := res["progress"].(string)

	move := newsForm("ข่าวที่ย้ายไปคณะครุศาสตร์")
	move.Set("unit_id", itoa(ta.unitID(t, "education")))
	wantRedirect(t, central.post("/admin/news/"+id+"/edit", "/admin/news/"+id, move), "/admin/news/", "move to education")
	if err := ta.queue.RunPending(ctx); err != nil {
		t.Fatal(err)
	}

	list := education.get("/admin/news/photos?news_id=" + id)
	wantStatus(t, list, http.StatusOK, "new unit lists the photos")
	var photos struct{ Photos []struct{ ID int64 } }
	json.Unmarshal([]byte(list.body), &photos)
	if len(photos.Photos) != 2 {
		t.Fatalf("%d photos; want 2: %s", len(photos.Photos), list.body)
	}
	for _, p := range photos.Photos {
		path := "/admin/news/photos/" + itoa(p.ID) + "/caption"
		wantStatus(t, education.post("/admin/news/new", path, url.Values{"caption": {"คำบรรยายของคณะครุศาสตร์"}}), http.StatusOK, "new unit captions photo "+itoa(p.ID))
		wantStatus(t, science.post("/admin/news/new", path, url.Values{"caption": {"คำบรรยายของคณะเดิม"}}), http.StatusForbidden, "old unit captions photo "+itoa(p.ID))
		wantStatus(t, science.post("/admin/news/new", "/admin/news/photos/"+itoa(p.ID)+"/delete", nil), http.StatusForbidden, "old unit deletes photo "+itoa(p.ID))
		ph, err := ta.content.Photo(ctx, p.ID)
		if err != nil || ph.Caption != "คำบรรยายของคณะครุศาสตร์" || ph.UnitID != ta.unitID(t, "education") {
			t.Fatalf("photo %+v (%v): want the new unit's caption and unit", ph, err)
		}
	}
	wantStatus(t, education.get(progress), http.StatusOK, "new unit follows the upload")
	wantStatus(t, science.get(progress), http.StatusForbidden, "old unit follows the upload")
	if status, _ := science.uploadFiles("news_id="+id, map[string][]byte{"x.jpg": testJPEG(t, 100, 100)}); status != http.StatusForbidden {
		t.Fatalf("old unit uploads into the moved item: %d", status)
	}
}

// Uploading a photo that is already in the gallery does not add it again,
// and the progress tells the user so, by the file's name.
func TestReuploadedPhotoIsReportedNotDuplicated(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password)
	draft := "draft=" + newsForm("x").Get("draft")
	photo := testJPEG(t, 640, 480)
	for i, name := range []string{"ภาพหมู่.jpg", "ภาพหมู่ (1).jpg"} {
		status, res := b.uploadFiles(draft, map[string][]byte{name: photo})
		if status != http.StatusAccepted {
			t.Fatalf("upload %d: %d %v", i, status, res)
		}
		if err := ta.queue.RunPending(context.Background()); err != nil {
			t.Fatal(err)
		}
		prog := b.get(res["progress"].(string))
		var p struct {
			State     string
			Processed int
			Problems  []struct{ Name, Message string }
		}
		json.Unmarshal([]byte(prog.body), &p)
		if p.State != "done" || p.Processed != 1 {
			t.Fatalf("upload %d progress: %s", i, prog.body)
		}
		if i == 1 && (len(p.Problems) != 1 || p.Problems[0].Name != name || !strings.Contains(p.Problems[0].Message, "มีอยู่ในแกลเลอรีแล้ว")) {
			t.Fatalf("second upload's progress does not say the photo is already there: %s", prog.body)
		}
	}
	photos, _ := ta.content.Photos(context.Background(), content.Gallery{DraftToken: newsForm("x").Get("draft")})
	if len(photos) != 1 {
		t.Fatalf("%d photos after uploading one photo twice", len(photos))
	}
}
