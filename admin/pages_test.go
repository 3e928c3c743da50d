package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
)

func pageForm(slug, title, body string) url.Values {
	return url.Values{"lang": {"th"}, "slug": {slug}, "section": {"about"}, "title": {title}, "body": {body},
		"menu_sort": {"5"}, "in_menu": {"1"}, "action": {"publish"}}
}

// Central PR edits the institutional pages like any other kind: a saved
// edit shows at once, every save is a revision, and trash and takedown
// take the page off the site (404, 410) until it comes back. Unit PR
// cannot touch them.
func TestInstitutionalPagesTrashTakedownRevisions(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	v := ta.browser(t)
	if p := v.get("/pages/privacy"); p.status != 200 || !strings.Contains(p.body, "90 วัน") {
		t.Fatalf("default privacy notice: %d", p.status)
	}
	unit := ta.browser(t)
	unit.mustLogin(demoID(roles.UnitPR), demo.Password)
	wantStatus(t, unit.get("/admin/pages"), http.StatusForbidden, "unit PR opens the pages")
	wantStatus(t, unit.post("/admin/", "/admin/pages", pageForm("x-page", "x", "")), http.StatusForbidden, "unit PR creates a page")

	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	list := admin.get("/admin/pages")
	wantStatus(t, list, 200, "pages list")
	for _, slug := range []string{"/pages/about", "/pages/executives", "/pages/contact", "/pages/e-service", "/pages/accessibility"} {
		if !strings.Contains(list.body, slug) {
			t.Errorf("the list lacks %s", slug)
		}
	}
	wantRedirect(t, admin.post("/admin/pages/new", "/admin/pages", pageForm("open-data", "ข้อมูลเปิด", "<p>ชุดข้อมูลเปิดของมหาวิทยาลัย</p>")), "/admin/pages", "create")
	pg, err := ta.content.PageBySlug(ctx, "open-data", content.Thai)
	if err != nil {
		t.Fatal(err)
	}
	edit := "/admin/pages/" + itoa(pg.ID)
	if p := v.get("/pages/open-data"); p.status != 200 || !strings.Contains(p.body, "ชุดข้อมูลเปิด") || !strings.Contains(p.body, "ปรับปรุงล่าสุด") {
		t.Fatalf("new page: %d", p.status)
	}
	form := pageForm("open-data", "ข้อมูลเปิด (ปรับปรุง)", `<p>ฉบับใหม่</p><script>alert(1)</script>`)
	wantRedirect(t, admin.post(edit+"/edit", edit, form), "/admin/pages", "update")
	if p := v.get("/pages/open-data"); !strings.Contains(p.body, "ฉบับใหม่") || strings.Contains(p.body, "alert(1)") {
		t.Fatal("the edited, sanitised page is not shown at once")
	}
	// The footer of every page lists it (in_menu), the site map too.
	if p := v.get("/news"); !strings.Contains(p.body, `href="/pages/open-data"`) || !strings.Contains(p.body, `href="/sitemap"`) {
		t.Error("the footer lacks the page or the site map")
	}
	revs := admin.get(edit + "/revisions")
	wantStatus(t, revs, 200, "revisions")
	if !strings.Contains(revs.body, "ปรับปรุง") {
		t.Error("the revisions page does not show the edit")
	}

	wantRedirect(t, admin.post(edit+"/edit", edit+"/delete", url.Values{}), "/admin/pages", "trash")
	wantStatus(t, v.get("/pages/open-data"), http.StatusNotFound, "trashed page")
	if p := admin.get("/admin/pages?state=trashed"); !strings.Contains(p.body, "ข้อมูลเปิด") {
		t.Error("the trash does not list the page")
	}
	wantRedirect(t, admin.post("/admin/pages", edit+"/restore", url.Values{}), edit, "restore")
	wantStatus(t, v.get("/pages/open-data"), 200, "restored page")

	wantStatus(t, admin.post(edit+"/takedown", edit+"/takedown", url.Values{"reason": {""}}), http.StatusUnprocessableEntity, "takedown without reason")
	wantRedirect(t, admin.post(edit+"/takedown", edit+"/takedown", url.Values{"reason": {"ร้องเรียนเนื้อหา"}, "reference": {"C-1"}}), edit, "takedown")
	wantStatus(t, v.get("/pages/open-data"), http.StatusGone, "taken-down page")
	wantStatus(t, v.get("/pages/"+itoa(pg.ID)), http.StatusGone, "taken-down page by id")
	if p := admin.get("/admin/takedowns"); !strings.Contains(p.body, "ข้อมูลเปิด (ปรับปรุง)") {
		t.Error("the takedown register lacks the page")
	}
	if p := v.get("/news"); strings.Contains(p.body, `href="/pages/open-data"`) {
		t.Error("the footer still links the taken-down page")
	}
	// A complaint quotes the page's permalink: the register finds it.
	if p := admin.post("/admin/takedowns", "/admin/takedowns", url.Values{"url": {ta.cfg.BaseURL + "/pages/open-data"}}); p.status != http.StatusSeeOther ||
		p.header.Get("Location") != edit+"/takedown" {
		t.Errorf("find by permalink: %d %s", p.status, p.header.Get("Location"))
	}
	wantRedirect(t, admin.post(edit+"/edit", edit+"/reinstate", url.Values{}), edit, "reinstate")
	wantStatus(t, v.get("/pages/open-data"), 200, "reinstated page")
	// An id in the slug's place (search results, the takedown form) goes
	// to the permalink.
	if p := v.get("/pages/" + itoa(pg.ID)); p.status != http.StatusMovedPermanently || p.header.Get("Location") != "/pages/open-data" {
		t.Errorf("by id: %d %s", p.status, p.header.Get("Location"))
	}
}

// Every field of the form answers with its own message and keeps what was
// typed; the slug must be free in the language.
func TestPageFormFieldErrors(t *testing.T) {
	ta := newTestApp(t)
	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	form := pageForm("about", "", "")
	form.Set("email", "not-an-email")
	form.Set("phone", "โทร")
	form.Set("facebook_url", "javascript:alert(1)")
	form.Set("menu_sort", "100000")
	form.Set("person_name_0", "")
	form.Set("person_role_0", "อธิการบดี")
	form.Set("link_title_0", "ระบบทะเบียน")
	form.Set("link_url_0", "ftp://reg")
	p := admin.post("/admin/pages/new", "/admin/pages", form)
	wantStatus(t, p, http.StatusUnprocessableEntity, "invalid page")
	for _, want := range []string{
		"มีหน้าที่ใช้ที่อยู่นี้ในภาษานี้แล้ว", // slug taken
		"รูปแบบอีเมลไม่ถูกต้อง", "หมายเลขโทรศัพท์ต้องมีตัวเลข", "ลำดับต้องอยู่ระหว่าง 0 ถึง 9999",
		`value="อธิการบดี"`, `value="ระบบทะเบียน"`, `value="ftp://reg"`,
	} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if strings.Count(p.body, `class="err"`) < 7 {
		t.Errorf("want a message at each bad field, got %d", strings.Count(p.body, `class="err"`))
	}
}

// The executives' photos go through the photo pipeline and show on the
// page with the people's direct contacts; the contact page's details use
// tel:, mailto: and links that do not pass the referrer.
func TestExecutivesAndContactPages(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	status, out := admin.uploadFormFile("person", "อธิการบดี.jpg", testJPEG(t, 600, 800))
	if status != 200 {
		t.Fatalf("photo upload: %d %v", status, out)
	}
	key := out["key"].(string)
	ex, err := ta.content.PageBySlug(ctx, "executives", content.Thai)
	if err != nil {
		t.Fatal(err)
	}
	edit := "/admin/pages/" + itoa(ex.ID)
	form := pageForm("executives", "ผู้บริหาร", "<p>ผู้บริหาร</p>")
	form.Set("section", "executives")
	form.Set("person_name_0", "รองศาสตราจารย์ทดสอบ ระบบ")
	form.Set("person_role_0", "อธิการบดี")
	form.Set("person_photo_0", key)
	form.Set("person_phone_0", "0 4250 3777 ต่อ 1001")
	form.Set("person_email_0", "president@npu.ac.th")
	form.Set("person_order_0", "2")
	form.Set("person_name_1", "ผู้ช่วยทดสอบ")
	form.Set("person_order_1", "1")
	wantRedirect(t, admin.post(edit+"/edit", edit, form), "/admin/pages", "save executives")
	v := ta.browser(t)
	p := v.get("/pages/executives")
	wantStatus(t, p, 200, "executives")
	for _, want := range []string{`src="/media/` + key + `"`, `href="tel:042503777"`, `href="mailto:president@npu.ac.th"`, "อธิการบดี"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("executives page lacks %s", want)
		}
	}
	if strings.Index(p.body, "ผู้ช่วยทดสอบ") > strings.Index(p.body, "รองศาสตราจารย์ทดสอบ") {
		t.Error("the people are not in their order numbers' order")
	}
	wantStatus(t, v.get("/media/"+key), 200, "the photo")
	// Taking the page down withdraws the photo.
	wantRedirect(t, admin.post(edit+"/takedown", edit+"/takedown", url.Values{"reason": {"ภาพละเมิด"}}), edit, "takedown")
	wantStatus(t, v.get("/media/"+key), http.StatusGone, "the photo of a taken-down page")

	c := v.get("/en/pages/contact")
	wantStatus(t, c, 200, "contact")
	for _, want := range []string{`href="tel:042503777"`, `href="mailto:pr@npu.ac.th"`, `rel="noopener noreferrer external me"`, "<address>", "Last updated"} {
		if !strings.Contains(c.body, want) {
			t.Errorf("contact page lacks %s", want)
		}
	}
}

// Central PR orders the institutional menu with the arrows; the footer
// follows in both languages.
func TestPageMenuOrder(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	v := ta.browser(t)
	before := func(path, a, b string) bool {
		p := v.get(path)
		return strings.Index(p.body, a) < strings.Index(p.body, b)
	}
	if !before("/news", `href="/pages/about"`, `href="/pages/structure"`) {
		t.Fatal("the default menu does not start with about, structure")
	}
	st, _ := ta.content.PageBySlug(ctx, "structure", content.English)
	wantRedirect(t, admin.post("/admin/pages", "/admin/pages/"+itoa(st.ID)+"/move", url.Values{"dir": {"up"}}), "/admin/pages", "move up")
	if !before("/news", `href="/pages/structure"`, `href="/pages/about"`) || !before("/en/news", `href="/en/pages/structure"`, `href="/en/pages/about"`) {
		t.Error("moving the English page up did not move it up the menu in both languages")
	}
	// The first page cannot go higher: nothing changes.
	wantRedirect(t, admin.post("/admin/pages", "/admin/pages/"+itoa(st.ID)+"/move", url.Values{"dir": {"up"}}), "/admin/pages", "move up again")
}
