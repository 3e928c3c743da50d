package admin_test

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsroom/demo"
	"newsroom/roles"
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

// TestDashboardRecentItemsAndNewNews: a unit's PR officer and central PR
// both get the "+ new news" button and their last saved items of any kind,
// newest first, with their state and an edit link; nobody sees another's.
func TestDashboardRecentItemsAndNewNews(t *testing.T) {
	ta := newTestApp(t)
	unit := ta.browser(t)
	unit.mustLogin(demoID(roles.UnitPR), demo.Password)
	central := ta.browser(t)
	central.mustLogin(ta.adminID, ta.adminPW)
	dash := unit.get("/admin/")
	if !strings.Contains(html.UnescapeString(dash.body), `href="/admin/news/new">+ เขียนข่าวใหม่<`) {
		t.Errorf("the unit dashboard has no + new news button")
	}
	if !strings.Contains(dash.body, "ยังไม่มีรายการที่คุณแก้ไข") {
		t.Errorf("a new user's dashboard does not say there is nothing recent yet")
	}
	for i := 1; i <= 7; i++ {
		f := newsForm(fmt.Sprintf("ข่าวล่าสุดของหน่วย %d", i))
		if i == 7 {
			f.Set("action", "draft")
		}
		wantRedirect(t, unit.post("/admin/news/new", "/admin/news", f), "/admin/news/", "save news")
		ta.clock.Add(time.Minute)
	}
	wantRedirect(t, central.post("/admin/news/new", "/admin/news", newsForm("ข่าวของส่วนกลาง")), "/admin/news/", "central news")
	dash = unit.get("/admin/")
	i := strings.Index(dash.body, `id="recent-h"`)
	if i < 0 {
		t.Fatalf("the unit dashboard has no recent items section")
	}
	recent := dash.body[i:]
	recent = recent[:strings.Index(recent, "</section>")]
	// The five newest, newest first: 7 (a draft) … 3.
	last := -1
	for n := 7; n >= 3; n-- {
		at := strings.Index(recent, fmt.Sprintf("ข่าวล่าสุดของหน่วย %d<", n))
		if at < 0 || at < last {
			t.Errorf("recent items: item %d missing or out of order:\n%s", n, recent)
		}
		last = at
	}
	if strings.Contains(recent, "ข่าวล่าสุดของหน่วย 2<") || strings.Contains(recent, "ข่าวของส่วนกลาง") {
		t.Errorf("recent items show more than five, or another user's item:\n%s", recent)
	}
	if !regexp.MustCompile(`href="/admin/news/\d+/edit">ข่าวล่าสุดของหน่วย 7</a> <span class="badge draft">ร่าง</span>`).MatchString(recent) ||
		!strings.Contains(recent, `<span class="badge live">กำลังแสดง</span>`) {
		t.Errorf("recent items lack their edit links or states:\n%s", recent)
	}
	dash = central.get("/admin/")
	if !strings.Contains(dash.body, `href="/admin/news/new"`) || !strings.Contains(dash.body, "ข่าวของส่วนกลาง</a>") {
		t.Errorf("central PR's dashboard lacks the new news button or their recent item")
	}
}
