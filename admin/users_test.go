package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsroom/audit"
	"newsroom/demo"
	"newsroom/roles"
)

func TestUnitPRIsRefusedUserManagement(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password)
	dash := b.get("/admin/")
	if strings.Contains(dash.body, `href="/admin/users"`) {
		t.Error("unit PR sees the users menu")
	}
	for _, path := range []string{"/admin/users", "/admin/users/new", "/admin/units", "/admin/actions", "/admin/videos", "/admin/featured"} {
		p := b.get(path)
		wantStatus(t, p, http.StatusForbidden, path)
		if !strings.Contains(p.body, "ไม่มีสิทธิ์เข้าถึง") || !strings.Contains(p.body, "ประชาสัมพันธ์ส่วนกลาง") {
			t.Errorf("%s: the 403 page must say what is missing: %.400s", path, p.body)
		}
	}
	before, _ := ta.users.CountUsers(context.Background())
	admin, _ := ta.users.UserByCitizenID(context.Background(), ta.adminID)
	forged := []struct {
		path string
		form url.Values
	}{
		{"/admin/users", url.Values{"citizen_id": {"1101700203450"}, "name": {"x"}, "unit_id": {"1"}, "role": {"central"}, "password": {"long enough pw"}}},
		{"/admin/users/" + itoa(admin.ID) + "/disable", nil},
		{"/admin/users/" + itoa(admin.ID) + "/password", url.Values{"new_password": {"attacker password"}}},
		{"/admin/users/" + itoa(admin.ID), url.Values{"name": {"pwned"}, "unit_id": {"1"}, "role": {"unit"}}},
		{"/admin/units", url.Values{"code": {"x"}, "name_th": {"x"}, "kind": {"office"}}},
	}
	for _, f := range forged {
		wantStatus(t, b.post("/admin/", f.path, f.form), http.StatusForbidden, "forged POST "+f.path)
	}
	after, _ := ta.users.CountUsers(context.Background())
	again, _ := ta.users.User(context.Background(), admin.ID)
	if after != before || !again.Active || again.Name != admin.Name || again.Role != roles.Central {
		t.Fatal("a forged POST changed something")
	}
	// The HR officer may post job notices only: the notices menu is open, the rest is not.
	hr := ta.browser(t)
	hr.mustLogin(demoID(roles.HR), demo.Password)
	wantStatus(t, hr.get("/admin/notices"), 200, "HR notices")
	wantStatus(t, hr.get("/admin/news"), http.StatusForbidden, "HR news")
}

func TestUserManagement(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	ctx := context.Background()
	units, _ := ta.users.Units(ctx, false)
	unitID := itoa(units[5].ID)

	bad := b.post("/admin/users/new", "/admin/users", url.Values{"citizen_id": {"1234567890123"}, "name": {"นก ใจดี"},
		"unit_id": {unitID}, "role": {"unit"}, "password": {"short"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity, "invalid user")
	for _, want := range []string{"เลขตรวจสอบ", "อย่างน้อย 10", `value="นก ใจดี"`, `value="1234567890123"`} {
		if !strings.Contains(bad.body, want) {
			t.Errorf("invalid form lacks %q", want)
		}
	}

	cid := "1101700203450"
	ok := b.post("/admin/users/new", "/admin/users", url.Values{"citizen_id": {"1-1017-00203-45-0"}, "name": {"นก ใจดี"},
		"unit_id": {unitID}, "role": {"hr"}, "grants": {"scholarship"}, "password": {"first password"}})
	wantRedirect(t, ok, "/admin/users", "create user")
	list := b.get("/admin/users")
	if !strings.Contains(list.body, "เพิ่มผู้ใช้แล้ว") {
		t.Error("no flash after create")
	}
	if strings.Contains(list.body, cid) || strings.Contains(list.body, ta.adminID) {
		t.Fatal("the users list shows a full citizen ID")
	}
	if !strings.Contains(list.body, "x-xxxx-xxxxx-45-0") {
		t.Fatal("the users list lacks the masked ID")
	}
	u, err := ta.users.UserByCitizenID(ctx, cid)
	if err != nil || u.Role != roles.HR || len(u.Grants) != 1 || u.Grants[0] != roles.Scholarship {
		t.Fatalf("created user: %+v %v", u, err)
	}
	dup := b.post("/admin/users/new", "/admin/users", url.Values{"citizen_id": {cid}, "name": {"x"}, "unit_id": {unitID}, "role": {"unit"}, "password": {"first password"}})
	wantStatus(t, dup, http.StatusUnprocessableEntity, "duplicate")

	edit := "/admin/users/" + itoa(u.ID) + "/edit"
	wantRedirect(t, b.post(edit, "/admin/users/"+itoa(u.ID), url.Values{"name": {"นก ใจดีมาก"}, "unit_id": {unitID}, "role": {"unit"}}), "/admin/users", "update")
	wantRedirect(t, b.post(edit, "/admin/users/"+itoa(u.ID)+"/password", url.Values{"new_password": {"second password"}}), edit, "reset")
	wantStatus(t, b.post(edit, "/admin/users/"+itoa(u.ID)+"/password", url.Values{"new_password": {"short"}}), http.StatusUnprocessableEntity, "short reset")
	nb := ta.browser(t)
	nb.mustLogin(cid, "second password")

	self, _ := ta.users.UserByCitizenID(ctx, ta.adminID)
	selfEdit := "/admin/users/" + itoa(self.ID) + "/edit"
	wantStatus(t, b.post(selfEdit, "/admin/users/"+itoa(self.ID)+"/disable", nil), http.StatusUnprocessableEntity, "self-disable")
	wantStatus(t, b.get("/admin/users/999999/edit"), http.StatusNotFound, "missing user")

	acts, _, err := ta.actions.List(ctx, audit.ActionFilter{Action: "user."})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, a := range acts {
		got[a.Action] = true
		if strings.Contains(a.Detail, cid) {
			t.Error("action log holds a full citizen ID")
		}
	}
	for _, want := range []string{"user.create", "user.update", "user.password_reset"} {
		if !got[want] {
			t.Errorf("action log lacks %s", want)
		}
	}
	if p := b.get("/admin/actions?action=user."); !strings.Contains(p.body, "เพิ่มผู้ใช้") {
		t.Error("action log page lacks user.create (เพิ่มผู้ใช้)")
	}
}

func TestUnitManagement(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	bad := b.post("/admin/units/new", "/admin/units", url.Values{"code": {"Bad Code"}, "name_th": {"คณะใหม่"}, "kind": {"faculty"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity, "bad unit")
	if !strings.Contains(bad.body, `value="คณะใหม่"`) {
		t.Error("typed name lost")
	}
	wantRedirect(t, b.post("/admin/units/new", "/admin/units", url.Values{"code": {"new-faculty"}, "name_th": {"คณะใหม่"}, "kind": {"faculty"}}), "/admin/units", "create unit")
	var id int64
	units, _ := ta.users.Units(context.Background(), true)
	for _, u := range units {
		if u.Code == "new-faculty" {
			id = u.ID
		}
	}
	path := "/admin/units/" + itoa(id)
	wantRedirect(t, b.post(path+"/edit", path, url.Values{"name_th": {"คณะใหม่กว่า"}, "kind": {"faculty"}}), "/admin/units", "rename")
	wantRedirect(t, b.post("/admin/units", path+"/retire", nil), "/admin/units", "retire")
	u, _ := ta.users.Unit(context.Background(), id)
	if u.NameTH != "คณะใหม่กว่า" || !u.Retired() {
		t.Fatalf("unit after rename+retire: %+v", u)
	}
	// A retired unit cannot be given to a new user.
	p := b.post("/admin/users/new", "/admin/users", url.Values{"citizen_id": {"1101700203451"}, "name": {"x"}, "unit_id": {itoa(id)}, "role": {"unit"}, "password": {"first password"}})
	wantStatus(t, p, http.StatusUnprocessableEntity, "user in retired unit")
}

func TestEnglishAdmin(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	wantRedirect(t, b.get("/admin/lang/en?next=/admin/login"), "/admin/login", "switch to English")
	if p := b.get("/admin/login"); !strings.Contains(p.body, "13-digit citizen ID") || !strings.Contains(p.body, `lang="en"`) {
		t.Fatal("login page not in English")
	}
	b.mustLogin(ta.adminID, ta.adminPW)
	if p := b.get("/admin/"); !strings.Contains(p.body, "Activity news") || !strings.Contains(p.body, "Hello") {
		t.Fatal("dashboard not in English")
	}
}
