package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
)

// The editorial calendar lists each item on the day it starts and the day it
// stops, linked to its editor; unit PR see only their unit's items, notice
// officers only their categories, central PR everything.
func TestEditorialCalendar(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	now := ta.clock.Now().In(newsroom.Bangkok)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, newsroom.Bangkok)
	month := first.Format("2006-01")
	start, end := first.AddDate(0, 0, 1).Add(9*time.Hour), first.AddDate(0, 0, 9)
	meta := func(unit int64) content.MetaInput {
		return content.MetaInput{Lang: content.Thai, Sort: 1, Start: start, End: end, UnitID: unit, Publish: true}
	}
	newsOf := func(unit, headline string) int64 {
		n, err := ta.content.CreateNews(ctx, content.NewsInput{MetaInput: meta(ta.unitID(t, unit)), Type: content.Activity,
			Headline: headline, Body: "<p>x</p>", PhotosPerRow: 4}, content.Author{Name: "x"}, start)
		if err != nil {
			t.Fatal(err)
		}
		return n.ID
	}
	science := newsOf("science", "ข่าวปฏิทินคณะวิทยาศาสตร์")
	education := newsOf("education", "ข่าวปฏิทินคณะครุศาสตร์")
	video, err := ta.content.SaveVideo(ctx, content.Video{}, content.VideoInput{MetaInput: meta(ta.unitID(t, "science")), Programme: "3-minutes",
		Title: "วิดีโอปฏิทิน", Link: "https://youtu.be/dQw4w9WgXcQ"}, content.Author{Name: "x"}, start)
	if err != nil {
		t.Fatal(err)
	}
	notice, err := ta.content.SaveNotice(ctx, content.Notice{}, content.NoticeInput{MetaInput: meta(ta.unitID(t, "science")), Category: roles.Jobs,
		Headline: "ประกาศรับสมัครงานปฏิทิน", LinkURL: "https://www.npu.ac.th/", NewDays: 1, Reads: 1}, content.Author{Name: "x"}, start)
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"ข่าวปฏิทินคณะวิทยาศาสตร์": fmt.Sprintf("/admin/news/%d/edit", science),
		"ข่าวปฏิทินคณะครุศาสตร์":   fmt.Sprintf("/admin/news/%d/edit", education),
		"วิดีโอปฏิทิน":             fmt.Sprintf("/admin/videos/%d/edit", video),
		"ประกาศรับสมัครงานปฏิทิน":  fmt.Sprintf("/admin/notices/%d/edit", notice),
	}
	thaiMonth := fmt.Sprintf("%s %d", []string{"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
		"กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"}[first.Month()-1], first.Year()+543)
	for _, tc := range []struct {
		who     string
		id, pw  string
		sees    []string
		notSees []string
	}{
		{"central PR", ta.adminID, ta.adminPW, []string{"ข่าวปฏิทินคณะวิทยาศาสตร์", "ข่าวปฏิทินคณะครุศาสตร์", "วิดีโอปฏิทิน", "ประกาศรับสมัครงานปฏิทิน"}, nil},
		{"science PR", demoID(roles.UnitPR), demo.Password, []string{"ข่าวปฏิทินคณะวิทยาศาสตร์"},
			[]string{"ข่าวปฏิทินคณะครุศาสตร์", "วิดีโอปฏิทิน", "ประกาศรับสมัครงานปฏิทิน"}},
		{"HR officer", demoID(roles.HR), demo.Password, []string{"ประกาศรับสมัครงานปฏิทิน"},
			[]string{"ข่าวปฏิทินคณะวิทยาศาสตร์", "ข่าวปฏิทินคณะครุศาสตร์", "วิดีโอปฏิทิน"}},
	} {
		b := ta.browser(t)
		b.mustLogin(tc.id, tc.pw)
		if menu := b.get("/admin/"); !strings.Contains(menu.body, `href="/admin/calendar"`) {
			t.Errorf("%s: no calendar in the menu", tc.who)
		}
		p := b.get("/admin/calendar?month=" + month)
		wantStatus(t, p, http.StatusOK, tc.who+"'s calendar")
		if !strings.Contains(p.body, thaiMonth) {
			t.Errorf("%s: the calendar is not titled %q", tc.who, thaiMonth)
		}
		for _, title := range tc.sees {
			link := `<a href="` + links[title] + `">` + title + `</a>`
			if n := strings.Count(p.body, link); n != 2 {
				t.Errorf("%s: %q linked to its editor %d times; want 2 (its start and its stop)", tc.who, title, n)
			}
		}
		for _, title := range tc.notSees {
			if strings.Contains(p.body, title) {
				t.Errorf("%s sees %q", tc.who, title)
			}
		}
		if other := b.get("/admin/calendar?month=" + first.AddDate(0, 1, 0).Format("2006-01")); strings.Contains(other.body, "ปฏิทิน</a>") {
			t.Errorf("%s: next month lists this month's items", tc.who)
		}
	}
	// The start is on the 2nd and the stop on the 10th, in their cells.
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	p := b.get("/admin/calendar?month=" + month).body
	day := func(d time.Time) string {
		i := strings.Index(p, `<span class="cal-num" aria-hidden="true">`+fmt.Sprint(d.Day())+`</span>`)
		if i < 0 {
			t.Fatalf("no cell for day %d", d.Day())
		}
		j := strings.Index(p[i:], "</td>")
		return p[i : i+j]
	}
	if cell := day(start); !strings.Contains(cell, "cal-start") || strings.Contains(cell, "cal-stop") || !strings.Contains(cell, "ข่าวปฏิทินคณะครุศาสตร์") {
		t.Errorf("day %d does not show the start only: %s", start.Day(), cell)
	}
	if cell := day(end); !strings.Contains(cell, "cal-stop") || strings.Contains(cell, "cal-start") || !strings.Contains(cell, "วิดีโอปฏิทิน") {
		t.Errorf("day %d does not show the stop only: %s", end.Day(), cell)
	}
	// A B.E. month reads as such; English shows the Gregorian year.
	if be := b.get(fmt.Sprintf("/admin/calendar?month=%d-%02d", first.Year()+543, first.Month())).body; !strings.Contains(be, thaiMonth) || !strings.Contains(be, links["วิดีโอปฏิทิน"]) {
		t.Error("?month= with a B.E. year is not that month")
	}
	b.get("/admin/lang/en")
	if en := b.get("/admin/calendar?month=" + month).body; !strings.Contains(en, fmt.Sprintf("%s %d", first.Month(), first.Year())) {
		t.Errorf("the English calendar is not titled %s %d", first.Month(), first.Year())
	}
}
