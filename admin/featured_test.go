package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
)

func TestFeaturedDeskMorning(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	now := ta.clock.Now()
	var ids []int64
	for i := 0; i < 7; i++ {
		at := now.Add(-time.Duration(2+i) * time.Hour)
		in := content.NewsInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: at, End: at.AddDate(0, 0, 3), UnitID: ta.unitID(t, "science"),
			Publish: true}, Type: content.Achievement, Headline: fmt.Sprintf("ข่าวเด่นผู้สมัคร %d", i), PhotosPerRow: 4}
		n, err := ta.content.CreateNews(ctx, in, content.Author{}, at)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, n.ID)
	}
	day := string(content.DayOf(now))
	unit := ta.browser(t)
	unit.mustLogin(demoID(roles.UnitPR), demo.Password)
	wantStatus(t, unit.get("/admin/featured"), http.StatusForbidden, "unit PR desk")
	wantStatus(t, unit.post("/admin/", "/admin/featured/pick", url.Values{"day": {day}, "news_id": {itoa(ids[0])}}), http.StatusForbidden, "forged pick")

	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	desk := b.get("/admin/featured")
	wantStatus(t, desk, 200, "desk")
	if !strings.Contains(desk.body, "ข่าวเด่นผู้สมัคร 6") || !strings.Contains(desk.body, "5W1H") {
		t.Fatal("the desk lacks the candidates or the criteria checklist")
	}
	for i := 0; i < 6; i++ {
		wantRedirect(t, b.post("/admin/featured", "/admin/featured/pick", url.Values{"day": {day}, "news_id": {itoa(ids[i])}}), "/admin/featured?day=", "pick")
	}
	seventh := b.post("/admin/featured", "/admin/featured/pick", url.Values{"day": {day}, "news_id": {itoa(ids[6])}})
	if !strings.Contains(seventh.header.Get("Location"), "msg=full") {
		t.Fatalf("7th pick went to %q", seventh.header.Get("Location"))
	}
	if p := b.get(seventh.header.Get("Location")); !strings.Contains(p.body, "เลือกครบ 6 ข่าว") {
		t.Fatal("the desk does not explain the refusal")
	}
	wantRedirect(t, b.post("/admin/featured", "/admin/featured/order", url.Values{"day": {day}, "move": {itoa(ids[3])}, "dir": {"up"}}), "/admin/featured", "move up")
	picks, _ := ta.content.Picks(ctx, content.DayOf(now))
	if len(picks) != 6 || picks[2].NewsID != ids[3] {
		t.Fatalf("picks after moving: %+v", picks)
	}
	home := ta.browser(t).get("/")
	i0, i3 := strings.Index(home.body, "ข่าวเด่นผู้สมัคร 0"), strings.Index(home.body, "ข่าวเด่นผู้สมัคร 3")
	if i0 < 0 || i3 < 0 || i3 > strings.Index(home.body, "ข่าวเด่นผู้สมัคร 2") {
		t.Fatal("the homepage's featured block does not show the picks in order")
	}
	dash := b.get("/admin/")
	if !strings.Contains(dash.body, "ข่าวเด่นที่เลือกวันนี้") {
		t.Fatal("the dashboard lacks the morning numbers")
	}
}

func TestFeaturedReportAndCSV(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	// The reports default to the running day's month, fiscal year and award
	// year: the pick three days back must fall in all of them, whatever day
	// the test runs, so the clock is set to a mid-November morning.
	ta.clock.Set(time.Date(2026, time.November, 18, 9, 0, 0, 0, newsroom.Bangkok))
	now := ta.clock.Now()
	at := now.AddDate(0, 0, -3)
	in := content.NewsInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: at, End: at.AddDate(0, 0, 5), UnitID: ta.unitID(t, "science"),
		Publish: true}, Type: content.Achievement, Headline: "ข่าวเด่นของคณะวิทยาศาสตร์", PhotosPerRow: 4}
	n, _ := ta.content.CreateNews(ctx, in, content.Author{}, at)
	if _, err := ta.content.PickNews(ctx, content.DayOf(at), n.ID, content.Author{}, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := ta.content.CatchUpTally(ctx, now); err != nil {
		t.Fatal(err)
	}
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	for _, kind := range []string{"award", "fy", "month", "day"} {
		p := b.get("/admin/reports?kind=" + kind)
		wantStatus(t, p, 200, "report "+kind)
		if !strings.Contains(p.body, "คณะวิทยาศาสตร์") {
			t.Errorf("%s report lacks the unit", kind)
		}
	}
	if p := b.get("/admin/reports?kind=fy"); !strings.Contains(p.body, "<svg") || !strings.Contains(p.body, "<rect") {
		t.Error("no bar chart")
	}
	csv := b.get("/admin/reports.csv?kind=fy")
	if !strings.HasPrefix(csv.body, "\ufeff") || !strings.Contains(csv.body, "คณะวิทยาศาสตร์,1") || !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %q", csv.body)
	}
}

// The report's defaults follow the Bangkok calendar: at 03:00 on 1 December
// in Bangkok (still 30 November in UTC) the day report shows December.
func TestReportDefaultsUseBangkokTime(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(time.Date(2026, time.December, 1, 3, 0, 0, 0, newsroom.Bangkok).UTC()) // as time.Now on a UTC server
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	if p := b.get("/admin/reports?kind=day"); !strings.Contains(p.body, `<option value="12" selected>`) {
		t.Error("at 03:00 on 1 December in Bangkok the day report does not default to December")
	}
}
