package admin_test

import (
	"strings"
	"testing"
	"time"
)

// TestDashboardShowsThePreviousLogin: "last login" is the login before this
// one, in the Thai calendar and Bangkok time, and "first login" at first.
func TestDashboardShowsThePreviousLogin(t *testing.T) {
	ta := newTestApp(t)
	first := time.Date(2026, time.December, 1, 1, 5, 0, 0, time.UTC) // 08:05 in Bangkok
	ta.clock.Set(first)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	dash := b.get("/admin/")
	wantStatus(t, dash, 200, "dashboard")
	if !strings.Contains(dash.body, "เข้าสู่ระบบครั้งแรก") {
		t.Errorf("the first login's dashboard does not say it is the first login")
	}
	ta.clock.Set(first.Add(26*time.Hour + 40*time.Minute)) // 2 December, 10:45 in Bangkok
	b2 := ta.browser(t)
	b2.mustLogin(ta.adminID, ta.adminPW)
	dash = b2.get("/admin/")
	want := "1 ธันวาคม 2569 08:05 น."
	if !strings.Contains(dash.body, want) {
		i := strings.Index(dash.body, "เข้าสู่ระบบล่าสุด")
		t.Errorf("the second login's dashboard does not show the first login %q:\n%.300s", want, dash.body[max(i, 0):])
	}
	if strings.Contains(dash.body, "10:45") || strings.Contains(dash.body, "เข้าสู่ระบบครั้งแรก") {
		t.Errorf("the dashboard shows this login (10:45) or 'first login' instead of the previous login")
	}
}
