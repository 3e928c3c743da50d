package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom/audit"
	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
)

func tagForm(slug, th, en, sort string) url.Values {
	return url.Values{"slug": {slug}, "name_th": {th}, "name_en": {en}, "sort": {sort}}
}

// Only central PR keeps the tag list; every other role gets 403 on every
// tag route.
func TestTagAdminCentralOnly(t *testing.T) {
	ta := newTestApp(t)
	for _, r := range []roles.Role{roles.UnitPR, roles.Admissions, roles.HR, roles.Procurement} {
		b := ta.browser(t)
		b.mustLogin(demoID(r), demo.Password)
		wantStatus(t, b.get("/admin/tags"), http.StatusForbidden, string(r)+" lists tags")
		wantStatus(t, b.get("/admin/tags/new"), http.StatusForbidden, string(r)+" opens the new tag form")
		wantStatus(t, b.post("/admin/", "/admin/tags", tagForm("x", "x", "", "1")), http.StatusForbidden, string(r)+" creates a tag")
		wantStatus(t, b.post("/admin/", "/admin/tags/1", tagForm("x", "x", "", "1")), http.StatusForbidden, string(r)+" renames a tag")
		wantStatus(t, b.post("/admin/", "/admin/tags/1/delete", nil), http.StatusForbidden, string(r)+" deletes a tag")
	}
	tags, _ := ta.content.Tags(context.Background())
	if len(tags) != 3 || tags[0].Slug != "participation" {
		t.Fatalf("the tag list changed: %+v", tags)
	}
}

// Central PR adds, renames, reorders and deletes tags; a bad form answers
// 422 with field-level messages and keeps what was typed; the delete
// confirmation counts the news; every change is in the action log.
func TestTagAdminManage(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	b := ta.browser(t)
	b.mustLogin(demoID(roles.Central), demo.Password)
	list := b.get("/admin/tags")
	wantStatus(t, list, 200, "tag list")
	for _, s := range []string{"การมีส่วนร่วม", "No Gift Policy", "จริยธรรม", `/news?tag=no-gift`} {
		if !strings.Contains(list.body, s) {
			t.Errorf("the list lacks %q", s)
		}
	}

	bad := []struct {
		name  string
		form  url.Values
		field string // the input that must be marked invalid
		msg   string // its Thai message
	}{
		{"uppercase slug", tagForm("Open-Data", "ข้อมูลเปิด", "", "4"), "slug", "ใช้ได้เฉพาะ a-z"},
		{"thai slug", tagForm("ข้อมูล", "ข้อมูลเปิด", "", "4"), "slug", "ใช้ได้เฉพาะ a-z"},
		{"leading dash", tagForm("-open", "ข้อมูลเปิด", "", "4"), "slug", "ใช้ได้เฉพาะ a-z"},
		{"long slug", tagForm(strings.Repeat("a", 61), "ข้อมูลเปิด", "", "4"), "slug", "ใช้ได้เฉพาะ a-z"},
		{"taken slug", tagForm("ethics", "ข้อมูลเปิด", "", "4"), "slug", "แท็กอื่นใช้ที่อยู่นี้แล้ว"},
		{"no thai name", tagForm("open-data", " ", "Open data", "4"), "name_th", ""},
		{"long english name", tagForm("open-data", "ข้อมูลเปิด", strings.Repeat("x", 201), "4"), "name_en", ""},
		{"negative order", tagForm("open-data", "ข้อมูลเปิด", "", "-1"), "sort", "ลำดับต้องเป็น 0–9999"},
		{"huge order", tagForm("open-data", "ข้อมูลเปิด", "", "99999999999999999999"), "sort", "ลำดับต้องเป็น 0–9999"},
	}
	for _, tc := range bad {
		p := b.post("/admin/tags/new", "/admin/tags", tc.form)
		wantStatus(t, p, http.StatusUnprocessableEntity, tc.name)
		if !strings.Contains(p.body, `field invalid`) || !strings.Contains(p.body, tc.msg) {
			t.Errorf("%s: no field-level message %q", tc.name, tc.msg)
		}
		if !strings.Contains(p.body, `id="`+tc.field+`"`) {
			t.Errorf("%s: the form lacks %s", tc.name, tc.field)
		}
		if v := tc.form.Get("name_th"); strings.TrimSpace(v) != "" && !strings.Contains(p.body, `value="`+v+`"`) {
			t.Errorf("%s: the failed form lost the typed name", tc.name)
		}
	}
	if tags, _ := ta.content.Tags(ctx); len(tags) != 3 {
		t.Fatalf("a refused form saved a tag: %d tags", len(tags))
	}

	wantRedirect(t, b.post("/admin/tags/new", "/admin/tags", tagForm("open-data", "ข้อมูลเปิด", "Open data", "0")), "/admin/tags", "create")
	tg, err := ta.content.TagBySlug(ctx, "open-data")
	if err != nil {
		t.Fatal(err)
	}
	if tags, _ := ta.content.Tags(ctx); tags[0].Slug != "open-data" {
		t.Errorf("order 0 does not come first: %+v", tags)
	}
	// Tag two news with it; the delete confirmation says 2.
	for _, h := range []string{"ข่าวข้อมูลเปิดหนึ่ง", "ข่าวข้อมูลเปิดสอง"} {
		f := newsForm(h)
		f["tags"] = []string{"open-data"}
		wantRedirect(t, b.post("/admin/news/new", "/admin/news", f), "/admin/news/", "tagged news")
	}
	if p := b.get("/admin/tags"); !strings.Contains(p.body, "ข่าว 2 รายการ") {
		t.Error("the delete confirmation does not count the tag's news")
	}
	// Rename (TH/EN) and reorder.
	edit := "/admin/tags/" + itoa(tg.ID)
	wantStatus(t, b.get(edit+"/edit"), 200, "edit form")
	wantRedirect(t, b.post(edit+"/edit", edit, tagForm("open-data", "ข้อมูลสาธารณะ", "Public data", "9")), "/admin/tags", "rename")
	tg, _ = ta.content.Tag(ctx, tg.ID)
	if tg.NameTH != "ข้อมูลสาธารณะ" || tg.NameEN != "Public data" || tg.Sort != 9 || tg.Uses != 2 {
		t.Errorf("renamed tag %+v", tg)
	}
	if tags, _ := ta.content.Tags(ctx); tags[len(tags)-1].Slug != "open-data" {
		t.Errorf("order 9 does not come last: %+v", tags)
	}
	wantStatus(t, b.get("/admin/tags/999999/edit"), http.StatusNotFound, "unknown tag")
	wantRedirect(t, b.post("/admin/tags", edit+"/delete", nil), "/admin/tags", "delete")
	if _, err := ta.content.TagBySlug(ctx, "open-data"); err == nil {
		t.Fatal("the deleted tag is still there")
	}
	items, _, _ := ta.content.ListNews(ctx, content.NewsFilter{ListFilter: content.ListFilter{Now: time.Now()}})
	for _, n := range items {
		if len(n.Tags) != 0 {
			t.Errorf("news %d keeps the deleted tag: %v", n.ID, n.Tags)
		}
	}

	acts, _, err := ta.actions.List(ctx, audit.ActionFilter{Action: "tag.", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range acts {
		names = append(names, a.Action)
	}
	for _, want := range []string{"tag.create", "tag.update", "tag.delete"} {
		if !strings.Contains(strings.Join(names, " "), want) {
			t.Errorf("the action log lacks %s: %v", want, names)
		}
	}
}

// The news form lists the tags as checkboxes; ticked ones are saved with
// the item, shown ticked on its edit form, kept on a failed (422) form, and
// unticking removes them.
func TestNewsFormTags(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password)
	form := b.get("/admin/news/new")
	wantStatus(t, form, 200, "news form")
	for _, s := range []string{`<legend>แท็ก</legend>`, `type="checkbox" name="tags" value="no-gift"`, "การมีส่วนร่วม"} {
		if !strings.Contains(form.body, s) {
			t.Errorf("the news form lacks %q", s)
		}
	}

	f := newsForm("")
	f["tags"] = []string{"no-gift", "ethics"}
	failed := b.post("/admin/news/new", "/admin/news", f)
	wantStatus(t, failed, http.StatusUnprocessableEntity, "news without headline")
	for _, slug := range []string{"no-gift", "ethics"} {
		if !strings.Contains(failed.body, `value="`+slug+`" checked`) {
			t.Errorf("the failed form lost the ticked %s", slug)
		}
	}
	if strings.Contains(failed.body, `value="participation" checked`) {
		t.Error("the failed form ticks a tag that was not posted")
	}

	f = newsForm("ข่าวงดรับของขวัญ")
	f["tags"] = []string{"no-gift", "ethics", "no-such-tag"}
	created := b.post("/admin/news/new", "/admin/news", f)
	wantRedirect(t, created, "/admin/news/", "create")
	loc := created.header.Get("Location")
	items, _, _ := ta.content.ListNews(ctx, content.NewsFilter{ListFilter: content.ListFilter{Now: time.Now()}})
	if len(items) != 1 || strings.Join(items[0].Tags, " ") != "ethics no-gift" {
		t.Fatalf("saved tags: %+v", items)
	}
	id := itoa(items[0].ID)
	edit := b.get("/admin/news/" + id + "/edit")
	if !strings.Contains(edit.body, `value="no-gift" checked`) || strings.Contains(edit.body, `value="participation" checked`) {
		t.Errorf("the edit form (%s) does not tick the saved tags", loc)
	}

	f.Set("form_token", "form-second")
	f["tags"] = []string{"participation"}
	wantRedirect(t, b.post("/admin/news/"+id+"/edit", "/admin/news/"+id, f), "/admin/news", "update")
	n, err := ta.content.News(ctx, items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(n.Tags, " ") != "participation" {
		t.Errorf("tags after the edit: %v", n.Tags)
	}
	many := newsForm("ข่าวแท็กมาก")
	for i := 0; i < content.MaxNewsTags+1; i++ {
		many.Add("tags", "t"+itoa(int64(i)))
	}
	p := b.post("/admin/news/new", "/admin/news", many)
	wantStatus(t, p, http.StatusUnprocessableEntity, "too many tags")
	if !strings.Contains(p.body, "เลือกแท็กได้ไม่เกิน 20 แท็ก") {
		t.Error("no message for too many tags")
	}
}
