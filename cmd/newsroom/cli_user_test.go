package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsroom/demo"
	"newsroom/roles"
)

// TestUserCommandNormalisesCitizenID: the CLI takes the same spellings of an
// ID as the login form, through the same normaliser, and refuses the rest
// before opening the database.
func TestUserCommandNormalisesCitizenID(t *testing.T) {
	ta := newTestApp(t)
	cid := demoID(roles.UnitPR)
	for _, typed := range []string{cid + "\t-", " " + cid[:1] + "-" + cid[1:5] + "-" + cid[5:] + " "} {
		if out, _, err := runCmd(t, ta.dataDir, "user", "disable", typed); err != nil || !strings.HasPrefix(out, "disabled ") {
			t.Fatalf("user disable %q: %v %q", typed, err, out)
		}
		if _, _, err := runCmd(t, ta.dataDir, "user", "enable", "--citizen-id", typed); err != nil {
			t.Fatalf("user enable %q: %v", typed, err)
		}
	}
	for _, bad := range []string{cid[:12] + string('0'+(cid[12]-'0'+1)%10), cid[:12], cid + "x", ""} {
		_, _, err := runCmd(t, ta.dataDir, "user", "passwd", "--password", "a new password!", bad)
		if exitCode(err) != 2 || !strings.Contains(err.Error(), "check digit") {
			t.Errorf("user passwd %q: %v, want a usage error about the ID", bad, err)
		}
	}
	ta.browser(t).mustLogin(cid, demo.Password)
}

// TestLastCentralAdminCannotBeRemoved: the admin UI refuses to demote the
// last active central admin (with a field message, keeping what was typed)
// and the CLI refuses to disable them; with two central admins either may go.
func TestLastCentralAdminCannotBeRemoved(t *testing.T) {
	dir := t.TempDir()
	ta := newTestAppIn(t, dir)
	ctx := context.Background()
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	self, _ := ta.users.UserByCitizenID(ctx, ta.adminID)
	other, _ := ta.users.UserByCitizenID(ctx, demoID(roles.Central))
	otherEdit := "/admin/users/" + itoa(other.ID) + "/edit"
	// Two central admins: disabling the other one is allowed.
	wantRedirect(t, b.post(otherEdit, "/admin/users/"+itoa(other.ID)+"/disable", nil), otherEdit, "disable the other central admin")

	selfEdit := "/admin/users/" + itoa(self.ID) + "/edit"
	p := b.post(selfEdit, "/admin/users/"+itoa(self.ID), url.Values{"name": {"ชื่อที่พิมพ์ไว้"}, "unit_id": {itoa(self.UnitID)}, "role": {"unit"}})
	wantStatus(t, p, http.StatusUnprocessableEntity, "demote the last central admin")
	if !strings.Contains(p.body, "ผู้ดูแลส่วนกลางที่ใช้งานอยู่คนสุดท้าย") || !strings.Contains(p.body, "ชื่อที่พิมพ์ไว้") {
		t.Errorf("the form must say why and keep what was typed:\n%.3000s", p.body)
	}
	b.c.Jar.SetCookies(mustURL(ta.srv.URL), []*http.Cookie{{Name: "lang", Value: "en", Path: "/"}})
	if p := b.post(selfEdit, "/admin/users/"+itoa(self.ID), url.Values{"name": {self.Name}, "unit_id": {itoa(self.UnitID)}, "role": {"hr"}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "last active central admin") {
		t.Errorf("demote (en): status %d:\n%.3000s", p.status, p.body)
	}
	if got, _ := ta.users.User(ctx, self.ID); got.Role != roles.Central || !got.Active || got.Name != self.Name {
		t.Fatalf("a refused demotion changed the admin: %+v", got)
	}
	ta.srv.Close()
	ta.app.Close()

	_, _, err := runCmd(t, dir, "user", "disable", ta.adminID)
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "last active central admin") {
		t.Fatalf("CLI disable of the last central admin: %v", err)
	}
	// Re-enable the other central admin: now the CLI may disable the first.
	if _, _, err := runCmd(t, dir, "user", "enable", demoID(roles.Central)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, dir, "user", "disable", ta.adminID); err != nil {
		t.Fatalf("CLI disable of one of two central admins: %v", err)
	}
}
