package admin_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/content"
)

// beDate writes t's Bangkok day as the Thai UI does: 20/12/2569.
func beDate(t time.Time) string {
	t = t.In(newsroom.Bangkok)
	return fmt.Sprintf("%02d/%02d/%04d", t.Day(), int(t.Month()), t.Year()+543)
}

// videoForm is a video with a display window of the given start and end text.
func videoForm(title, start, end string) url.Values {
	f := windowForm(url.Values{"programme": {"3-minutes"}, "title": {title}, "link": {"https://youtu.be/dQw4w9WgXcQ"}})
	if start != "" {
		f.Set("start", start)
	}
	f.Set("end", end)
	return f
}

func videoByTitle(t *testing.T, ta *testApp, title string) content.Video {
	t.Helper()
	var id int64
	if err := ta.db.R.QueryRow(`SELECT id FROM videos WHERE title = ?`, title).Scan(&id); err != nil {
		t.Fatalf("video %q: %v", title, err)
	}
	v, err := ta.content.Video(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// In the Thai UI a B.E. end date is stored as that day's last instant in
// the Gregorian calendar, and the start typed as day/month/B.E. year with a
// time is that minute; the editor then shows both in B.E.
func TestThaiFormReadsBuddhistEra(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	now := time.Now().In(newsroom.Bangkok)
	start := now.Add(-24 * time.Hour)
	end := now.AddDate(0, 0, 16)
	startText := beDate(start) + " 08:15"
	p := b.post("/admin/videos/new", "/admin/videos", videoForm("พ.ศ. ในฟอร์ม", startText, beDate(end)))
	wantRedirect(t, p, "/admin/videos", "save with B.E. dates")
	v := videoByTitle(t, ta, "พ.ศ. ในฟอร์ม")
	y, m, d := end.Date()
	if want := content.EndOfDay(time.Date(y, m, d, 12, 0, 0, 0, newsroom.Bangkok)); !v.Window.End.Equal(want) {
		t.Errorf("end %q stored as %v, want %v", beDate(end), v.Window.End.In(newsroom.Bangkok), want)
	}
	y, m, d = start.Date()
	if want := time.Date(y, m, d, 8, 15, 0, 0, newsroom.Bangkok); !v.Window.Start.Equal(want) {
		t.Errorf("start %q stored as %v, want %v", startText, v.Window.Start.In(newsroom.Bangkok), want)
	}
	form := b.get(fmt.Sprintf("/admin/videos/%d/edit", v.ID))
	wantStatus(t, form, http.StatusOK, "edit form")
	for _, want := range []string{`value="` + startText + `"`, `value="` + beDate(end) + `"`, "วว/ดด/ปปปป"} {
		if !strings.Contains(form.body, want) {
			t.Errorf("the Thai editor lacks %s", want)
		}
	}
	if strings.Contains(form.body, `type="date`) {
		t.Error("the editor still has a browser date picker (Gregorian in any language)")
	}
}

// An impossible year (a B.E. year typed where a Gregorian one was taken,
// and the reverse) is refused under its field with the calendar expected
// and an example in this year, and the form keeps what was typed.
func TestImpossibleYearRefused(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	beYear := time.Now().In(newsroom.Bangkok).Year() + 543
	for _, tc := range []struct{ field, typed string }{{"end", "20/12/3112"}, {"end", "20/12/1483"}, {"start", "0026-12-20T10:00"}} {
		f := videoForm("ปีผิด", "", beDate(time.Now().AddDate(0, 0, 3)))
		f.Set(tc.field, tc.typed)
		p := b.post("/admin/videos/new", "/admin/videos", f)
		wantStatus(t, p, http.StatusUnprocessableEntity, tc.typed)
		if want := fmt.Sprintf("ปีไม่ถูกต้อง ใช้ปี พ.ศ. เช่น %d", beYear); !strings.Contains(p.body, want) {
			t.Errorf("%s = %s: no message %q", tc.field, tc.typed, want)
		}
		if !strings.Contains(p.body, `value="`+html.EscapeString(tc.typed)+`"`) {
			t.Errorf("%s = %s: the form does not keep what was typed", tc.field, tc.typed)
		}
	}
	var n int
	if err := ta.db.R.QueryRow(`SELECT count(*) FROM videos`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d videos saved (%v); want none", n, err)
	}
	p := b.post("/admin/videos/new", "/admin/videos", videoForm("วันผิด", "", "31/02/"+fmt.Sprint(beYear)))
	wantStatus(t, p, http.StatusUnprocessableEntity, "31/02")
	if !strings.Contains(p.body, "ไม่มีวันที่นี้ในปฏิทิน") {
		t.Error("31/02: no message")
	}
}

// The English UI shows and reads Gregorian dates, and still reads ISO.
func TestEnglishFormShowsGregorian(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	end := time.Now().In(newsroom.Bangkok).AddDate(0, 0, 9)
	wantRedirect(t, b.post("/admin/videos/new", "/admin/videos", videoForm("ISO date", "", end.Format("2006-01-02"))), "/admin/videos", "ISO end")
	wantRedirect(t, b.get("/admin/lang/en?next=/admin/videos"), "/admin/videos", "switch to English")
	v := videoByTitle(t, ta, "ISO date")
	form := b.get(fmt.Sprintf("/admin/videos/%d/edit", v.ID))
	en := end.Format("02/01/2006")
	if !strings.Contains(form.body, `value="`+en+`"`) || !strings.Contains(form.body, "dd/mm/yyyy") {
		t.Errorf("the English editor does not show the end as %s with its format", en)
	}
	if strings.Contains(form.body, `value="`+beDate(end)+`"`) {
		t.Error("the English editor shows a B.E. year")
	}
	f := videoForm("English date", "", en)
	wantRedirect(t, b.post("/admin/videos/new", "/admin/videos", f), "/admin/videos", "Gregorian end")
	if got := videoByTitle(t, ta, "English date").Window.End; got.In(newsroom.Bangkok).Format("2006-01-02") != end.Format("2006-01-02") {
		t.Errorf("end %s stored as %v", en, got)
	}
	f = videoForm("English bad year", "", "20/12/3112")
	p := b.post("/admin/videos/new", "/admin/videos", f)
	wantStatus(t, p, http.StatusUnprocessableEntity, "3112 in English")
	if want := fmt.Sprintf("Gregorian (A.D.) year, e.g. %d", time.Now().In(newsroom.Bangkok).Year()); !strings.Contains(p.body, want) {
		t.Errorf("no English message %q", want)
	}
}

// The featured desk's day field is read as the forms' fields are: a B.E.
// year is B.E. (in ISO too), and an impossible day shows today.
func TestFeaturedDeskDayInTheThaiCalendar(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	today := beDate(time.Now())
	for in, want := range map[string]string{
		"20/12/2569": "20/12/2569", "2569-12-20": "20/12/2569", "2026-12-20": "20/12/2569",
		"20/12/3112": today, "31/02/2569": today, "": today,
	} {
		p := b.get("/admin/featured?day=" + url.QueryEscape(in))
		wantStatus(t, p, http.StatusOK, "desk "+in)
		if !strings.Contains(p.body, `value="`+want+`"`) {
			t.Errorf("?day=%s: the day field does not show %s", in, want)
		}
		if strings.Contains(p.body, "3112") {
			t.Errorf("?day=%s: the desk shows the year 3112", in)
		}
	}
}
