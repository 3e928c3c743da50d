package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
)

// liveID returns a live demo item of table (of a unit, when unit != 0).
func (ta *testApp) liveID(t *testing.T, table string, unit int64) int64 {
	t.Helper()
	now := ta.clock.Now().UnixMilli()
	q := `SELECT id FROM ` + table + ` WHERE status = 'published' AND lang = 'th' AND start_at <= ? AND end_at >= ?`
	args := []any{now, now}
	if unit != 0 {
		q, args = q+` AND unit_id = ?`, append(args, unit)
	}
	var id int64
	if err := ta.db.R.QueryRow(q+` ORDER BY id LIMIT 1`, args...).Scan(&id); err != nil {
		t.Fatalf("no live %s: %v", table, err)
	}
	return id
}

// fileOf returns a stored file of the item that no other item uses (its
// main photo, poster, banner image or PDF), or "".
func (ta *testApp) fileOf(t *testing.T, table, id string) string {
	t.Helper()
	q := map[string]string{
		"news":    `SELECT p.file_key FROM photos p JOIN news n ON n.main_photo_id = p.id WHERE n.id = ?`,
		"videos":  `SELECT poster_key FROM videos WHERE id = ?`,
		"banners": `SELECT image_key FROM banners WHERE id = ?`,
		"notices": `SELECT file_key FROM notices WHERE id = ?`,
	}[table]
	var key string
	ta.db.R.QueryRow(q, id).Scan(&key)
	var uses int
	ta.db.R.QueryRow(`SELECT (SELECT count(*) FROM photos WHERE file_key = ?1) + (SELECT count(*) FROM videos WHERE poster_key = ?1) +
		(SELECT count(*) FROM banners WHERE image_key = ?1) + (SELECT count(*) FROM notices WHERE file_key = ?1)`, key).Scan(&uses)
	if uses != 1 {
		return ""
	}
	return key
}

// A central admin takes an item of each kind down with a reason and a
// complaint reference (Computer Crime Act s.15): it leaves the public site
// at once (its URL answers 410, the API too), the action log keeps the
// reason, and lifting the takedown brings it back.
func TestTakedownOfEveryKind(t *testing.T) {
	ta := newDemoApp(t)
	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	visitor := ta.browser(t)
	for _, tc := range []struct {
		table, kind, admin, public, api string
	}{
		{"news", "news", "/admin/news/", "/news/", "/api/v1/news/"},
		{"videos", "video", "/admin/videos/", "/videos/", "/api/v1/videos/"},
		{"banners", "banner", "/admin/banners/", "", "/api/v1/banners/"},
		{"notices", "notice", "/admin/notices/", "/notices/", "/api/v1/notices/"},
	} {
		t.Run(tc.table, func(t *testing.T) {
			id := itoa(ta.liveID(t, tc.table, 0))
			edit := tc.admin + id + "/edit"
			file := ta.fileOf(t, tc.table, id)
			if file != "" {
				wantStatus(t, visitor.get("/media/"+file), http.StatusOK, "the item's file before the takedown")
			}
			if p := admin.get(edit); !strings.Contains(p.body, `href="`+tc.admin+id+`/takedown"`) {
				t.Fatalf("the editor has no takedown link for a central admin")
			}
			wantStatus(t, admin.get(tc.admin+id+"/takedown"), http.StatusOK, "takedown form")

			// No reason: a field error, and the reference typed is kept.
			p := admin.post(tc.admin+id+"/takedown", tc.admin+id+"/takedown", url.Values{"reason": {"  "}, "reference": {"ร้องเรียน 12/2569"}})
			wantStatus(t, p, http.StatusUnprocessableEntity, "takedown without a reason")
			if !strings.Contains(p.body, "กรุณากรอกข้อมูลนี้") || !strings.Contains(p.body, `value="ร้องเรียน 12/2569"`) {
				t.Errorf("the 422 page lacks the field error or lost the reference")
			}
			if p := visitor.get(tc.api + id); p.status != http.StatusOK {
				t.Fatalf("a refused takedown took the item down: API %d", p.status)
			}

			form := url.Values{"reason": {"ละเมิดลิขสิทธิ์ภาพถ่าย"}, "reference": {"ร้องเรียน 12/2569"}}
			wantRedirect(t, admin.post(tc.admin+id+"/takedown", tc.admin+id+"/takedown", form), edit, "take down")
			if tc.public != "" {
				p := visitor.get(tc.public + id)
				wantStatus(t, p, http.StatusGone, "public page of a taken-down item")
				if !strings.Contains(p.body, "ถูกระงับการเผยแพร่") {
					t.Errorf("the 410 page does not say the item was taken down")
				}
			}
			wantStatus(t, visitor.get(tc.api+id), http.StatusGone, "API of a taken-down item")
			if file != "" {
				wantStatus(t, visitor.get("/media/"+file), http.StatusGone, "the file of a taken-down item")
			}
			if p := visitor.get("/"); strings.Contains(p.body, `href="`+tc.public+id+`"`) && tc.public != "" {
				t.Errorf("the homepage still links to the taken-down item")
			}
			ed := admin.get(edit)
			for _, want := range []string{"ละเมิดลิขสิทธิ์ภาพถ่าย", "ร้องเรียน 12/2569", `action="` + tc.admin + id + `/reinstate"`} {
				if !strings.Contains(ed.body, want) {
					t.Errorf("the editor of a taken-down item lacks %q", want)
				}
			}
			// A second takedown (another admin, a double click) changes nothing.
			wantRedirect(t, admin.post(edit, tc.admin+id+"/takedown", form), edit, "second takedown")
			var n int
			ta.db.R.QueryRow(`SELECT count(*) FROM action_log WHERE action = ? AND kind = ? AND item_id = ? AND detail LIKE '%ละเมิดลิขสิทธิ์ภาพถ่าย (ร้องเรียน 12/2569)'`,
				tc.kind+".takedown", tc.kind, id).Scan(&n)
			if n != 1 {
				t.Errorf("action log has %d takedown records with the reason and reference; want 1", n)
			}

			wantRedirect(t, admin.post(edit, tc.admin+id+"/reinstate", nil), edit, "reinstate")
			wantStatus(t, visitor.get(tc.api+id), http.StatusOK, "API after the takedown is lifted")
			if file != "" {
				wantStatus(t, visitor.get("/media/"+file), http.StatusOK, "the item's file after the takedown is lifted")
			}
			if tc.public != "" {
				wantStatus(t, visitor.get(tc.public+id), http.StatusOK, "public page after the takedown is lifted")
			}
		})
	}
}

// Only central admins take down or lift a takedown; a unit's PR editing a
// taken-down item of its own cannot publish it again.
func TestTakedownIsCentralOnlyAndSticks(t *testing.T) {
	ta := newDemoApp(t)
	unitPR := ta.browser(t)
	unitPR.mustLogin(demoID(roles.UnitPR), demo.Password)
	own := ta.liveID(t, "news", ta.unitID(t, "science"))
	id := itoa(own)
	reason := url.Values{"reason": {"x"}}
	wantStatus(t, unitPR.get("/admin/news/"+id+"/takedown"), http.StatusForbidden, "unit PR opens the takedown form")
	wantStatus(t, unitPR.post("/admin/news", "/admin/news/"+id+"/takedown", reason), http.StatusForbidden, "unit PR takes down")
	if p := unitPR.get("/admin/news/" + id + "/edit"); strings.Contains(p.body, "/takedown") {
		t.Error("the unit PR's editor offers a takedown link")
	}
	hr := ta.browser(t)
	hr.mustLogin(demoID(roles.HR), demo.Password)
	notice := itoa(ta.liveID(t, "notices", 0))
	wantStatus(t, hr.post("/admin/notices", "/admin/notices/"+notice+"/takedown", reason), http.StatusForbidden, "HR takes down")

	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	wantRedirect(t, admin.post("/admin/news", "/admin/news/"+id+"/takedown", url.Values{"reason": {"ข้อมูลส่วนบุคคล"}}), "/admin/news/", "take down")
	wantStatus(t, unitPR.post("/admin/news", "/admin/news/"+id+"/reinstate", nil), http.StatusForbidden, "unit PR lifts the takedown")

	// The unit's PR fixes the item and saves it as published: still down.
	n, err := ta.content.News(context.Background(), own)
	if err != nil {
		t.Fatal(err)
	}
	form := newsForm(n.Headline + " (แก้ไขแล้ว)")
	form.Set("form_token", "")
	p := unitPR.post("/admin/news/"+id+"/edit", "/admin/news/"+id, form)
	if p.status != http.StatusSeeOther {
		t.Fatalf("unit PR saves its taken-down news: %d", p.status)
	}
	wantStatus(t, ta.browser(t).get("/news/"+id), http.StatusGone, "taken-down news after its unit published an edit")
	// Lifted, it is published with the edit.
	wantRedirect(t, admin.post("/admin/news", "/admin/news/"+id+"/reinstate", nil), "/admin/news/", "reinstate")
	if p := ta.browser(t).get("/news/" + id); p.status != http.StatusOK || !strings.Contains(p.body, "(แก้ไขแล้ว)") {
		t.Errorf("after the takedown is lifted: %d", p.status)
	}
}

// Deleting moves an item to the trash: gone from the site and the default
// list, listed under the trash filter with a restore button, restorable by
// whoever may delete it; a takedown survives the trip through the trash.
func TestTrashAndRestore(t *testing.T) {
	ta := newDemoApp(t)
	unitPR := ta.browser(t)
	unitPR.mustLogin(demoID(roles.UnitPR), demo.Password)
	own := ta.liveID(t, "news", ta.unitID(t, "science"))
	id := itoa(own)
	n, _ := ta.content.News(context.Background(), own)
	visitor := ta.browser(t)

	wantRedirect(t, unitPR.post("/admin/news", "/admin/news/"+id+"/delete", nil), "/admin/news", "delete")
	wantStatus(t, visitor.get("/news/"+id), http.StatusNotFound, "public page of trashed news")
	if p := unitPR.get("/admin/news"); strings.Contains(p.body, `href="/news/`+id+`"`) {
		t.Error("the default list shows trashed news")
	}
	p := unitPR.get("/admin/news?state=trashed")
	if !strings.Contains(p.body, `action="/admin/news/`+id+`/restore"`) {
		t.Fatalf("the trash list has no restore button for the item")
	}
	ed := unitPR.get("/admin/news/" + id + "/edit")
	if !strings.Contains(ed.body, "อยู่ในถังขยะ") || !strings.Contains(ed.body, "ลบถาวร") {
		t.Error("the editor of a trashed item does not say so and when it goes for good")
	}
	if strings.Contains(ed.body, `value="publish"`) {
		t.Error("the editor of a trashed item offers to save it (restore comes first)")
	}

	// Another unit's PR cannot restore it, even by a forged post.
	other := ta.browser(t)
	if err := other.loginOtherUnitPR(ta); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, other.post("/admin/news", "/admin/news/"+id+"/restore", nil), http.StatusForbidden, "another unit restores")

	wantRedirect(t, unitPR.post("/admin/news?state=trashed", "/admin/news/"+id+"/restore", nil), "/admin/news/"+id+"/edit", "restore")
	if p := visitor.get("/news/" + id); p.status != http.StatusOK || !strings.Contains(p.body, n.Headline) {
		t.Fatalf("restored news: %d", p.status)
	}

	// Taken down, trashed and restored: still down.
	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	wantRedirect(t, admin.post("/admin/news", "/admin/news/"+id+"/takedown", url.Values{"reason": {"ร้องเรียน"}}), "/admin/news/", "take down")
	wantRedirect(t, unitPR.post("/admin/news", "/admin/news/"+id+"/delete", nil), "/admin/news", "delete taken-down news")
	wantRedirect(t, unitPR.post("/admin/news", "/admin/news/"+id+"/restore", nil), "/admin/news/", "restore taken-down news")
	wantStatus(t, visitor.get("/news/"+id), http.StatusGone, "taken-down news after a trip through the trash")
	if p := admin.get("/admin/news/" + id + "/edit"); !strings.Contains(p.body, "ร้องเรียน") {
		t.Error("the takedown reason was lost in the trash")
	}
}

// A complaint arrives as a link: the central admin pastes it into the
// takedown register and lands on the item's takedown form, also for a
// procurement notice, which central PR may take down but not edit; the
// register lists what is down and lifts it.
func TestTakedownRegister(t *testing.T) {
	ta := newDemoApp(t)
	var id int64
	if err := ta.db.R.QueryRow(`SELECT id FROM notices WHERE category = 'procurement' AND status = 'published' AND file_key <> '' ORDER BY id LIMIT 1`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	nid := itoa(id)
	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	if p := admin.get("/admin/"); !strings.Contains(p.body, `href="/admin/takedowns"`) {
		t.Error("the central admin's menu has no takedown register")
	}
	unitPR := ta.browser(t)
	unitPR.mustLogin(demoID(roles.UnitPR), demo.Password)
	wantStatus(t, unitPR.get("/admin/takedowns"), http.StatusForbidden, "unit PR opens the register")
	if p := unitPR.get("/admin/"); strings.Contains(p.body, `href="/admin/takedowns"`) {
		t.Error("the unit PR's menu offers the takedown register")
	}

	for _, bad := range []string{"https://www.npu.ac.th/news/999999", "https://www.npu.ac.th/about", "not a link", ""} {
		p := admin.post("/admin/takedowns", "/admin/takedowns", url.Values{"url": {bad}})
		wantStatus(t, p, http.StatusUnprocessableEntity, "find "+bad)
		if !strings.Contains(p.body, "ไม่พบเนื้อหาจากลิงก์นี้") || (bad != "" && !strings.Contains(p.body, `value="`+bad+`"`)) {
			t.Errorf("find %q: no field error, or the link was not kept", bad)
		}
	}
	// The PDF's link, from the English site, on the public host.
	p := admin.post("/admin/takedowns", "/admin/takedowns", url.Values{"url": {"https://www.npu.ac.th/en/notices/" + nid + "/file"}})
	wantRedirect(t, p, "/admin/notices/"+nid+"/takedown", "find the notice by its PDF link")
	wantStatus(t, admin.get("/admin/notices/"+nid+"/takedown"), http.StatusOK, "takedown form of a procurement notice")
	form := url.Values{"reason": {"ข้อมูลส่วนบุคคลในเอกสาร"}, "reference": {"ร้องเรียน 3/2569"}}
	wantRedirect(t, admin.post("/admin/takedowns", "/admin/notices/"+nid+"/takedown", form), "/admin/takedowns", "take down a procurement notice")
	visitor := ta.browser(t)
	wantStatus(t, visitor.get("/notices/"+nid), http.StatusGone, "the notice's page")
	wantStatus(t, visitor.get("/notices/"+nid+"/file"), http.StatusGone, "the notice's PDF")
	reg := admin.get("/admin/takedowns")
	for _, want := range []string{"ข้อมูลส่วนบุคคลในเอกสาร", "ร้องเรียน 3/2569", `action="/admin/notices/` + nid + `/reinstate"`} {
		if !strings.Contains(reg.body, want) {
			t.Errorf("the register lacks %q", want)
		}
	}
	wantRedirect(t, admin.post("/admin/takedowns", "/admin/notices/"+nid+"/reinstate", nil), "/admin/takedowns", "lift from the register")
	wantStatus(t, visitor.get("/notices/"+nid), http.StatusOK, "the notice after the takedown is lifted")
	if reg := admin.get("/admin/takedowns"); !strings.Contains(reg.body, "ไม่มีรายการที่ถูกระงับ") {
		t.Error("the register still lists the lifted takedown")
	}
}

// A file is cached for a year by browsers but only five minutes by shared
// caches, which revalidate it cheaply (ETag, 304); once its item is taken
// down, the revalidation gets 410, so a proxy stops serving it too.
func TestMediaRevalidationSeesATakedown(t *testing.T) {
	ta := newDemoApp(t)
	id := ta.liveID(t, "notices", 0)
	file := ta.fileOf(t, "notices", itoa(id))
	if file == "" {
		t.Skip("the demo notice shares its file")
	}
	get := func(etag string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, ta.srv.URL+"/media/"+file, nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	res := get("")
	etag := res.Header.Get("ETag")
	if res.StatusCode != http.StatusOK || etag == "" {
		t.Fatalf("GET = %d, ETag %q", res.StatusCode, etag)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, s-maxage=300, immutable" {
		t.Errorf("Cache-Control = %q", cc)
	}
	if res := get(etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation of a live file = %d, want 304", res.StatusCode)
	}
	if err := ta.content.TakeDown(context.Background(), content.NoticeKind, id, content.TakedownInput{Reason: "ร้องเรียน"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	if res := get(etag); res.StatusCode != http.StatusGone {
		t.Errorf("revalidation after the takedown = %d, want 410", res.StatusCode)
	}
}
