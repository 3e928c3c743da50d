package public_test

import (
	"context"
	"fmt"
	"html"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom/content"
	"newsroom/db"
	"newsroom/demo"
	"newsroom/roles"
	"newsroom/templates"
)

// liveItem is an item showing from an hour ago until two days on.
func (ta *testApp) liveItem(title string) accItem {
	now := ta.clock.Now()
	return accItem{title: title, start: now.Add(-time.Hour), end: now.AddDate(0, 0, 2)}
}

// noticeByHeadline finds a notice in the database.
func (ta *testApp) noticeByHeadline(t *testing.T, headline string) content.Notice {
	t.Helper()
	var id int64
	if err := ta.db.R.QueryRow(`SELECT id FROM notices WHERE headline = ?`, headline).Scan(&id); err != nil {
		t.Fatalf("notice %q: %v", headline, err)
	}
	n, err := ta.content.Notice(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// wantFieldError checks a 422 form page shows key's message (Thai) and
// keeps what was typed.
func wantFieldError(t *testing.T, p page, key, typed, what string) {
	t.Helper()
	wantStatus(t, p, http.StatusUnprocessableEntity, what)
	if !strings.Contains(p.body, html.EscapeString(templates.T("th", key))) {
		t.Fatalf("%s: no message %s on the form", what, key)
	}
	if typed != "" && !strings.Contains(p.body, `value="`+html.EscapeString(typed)+`"`) {
		t.Fatalf("%s: the form lost what was typed (%q)", what, typed)
	}
}

// Issue 10, defect 1: a notice posted with reads=MaxInt64 overflowed the
// counter on its next read and every page listing it answered 500. The form
// now refuses the number, and a count an older version stored out of range
// saturates and still shows.
func TestHugeReadCountBreaksNoPage(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	hr := ta.browser(t)
	hr.mustLogin(demoID(roles.HR), demo.Password)
	post := func(headline, reads string) page {
		return hr.post("/admin/notices/new", "/admin/notices", windowForm(url.Values{"category": {"jobs"}, "headline": {headline},
			"link_url": {"https://npu.ac.th/jobs"}, "reads": {reads}, "new_days": {"1"}, "form_token": {"tok-" + headline}}))
	}
	wantFieldError(t, post("ประกาศรับสมัครงานเก่า", "9223372036854775807"), "err.reads", "9223372036854775807", "reads=MaxInt64")
	wantRedirect(t, post("ประกาศรับสมัครงานเก่า", "1000000"), "/admin/notices", "reads=1000000")
	n := ta.noticeByHeadline(t, "ประกาศรับสมัครงานเก่า")
	if n.Reads != content.MaxInitialReads {
		t.Fatalf("reads %d", n.Reads)
	}
	// The database an older version left: the count at the top of int64.
	if _, err := ta.db.W.Exec(`UPDATE notices SET reads = ? WHERE id = ?`, int64(math.MaxInt64), n.ID); err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprint(n.ID)
	visitor := ta.browser(t)
	wantStatus(t, visitor.get("/notices/"+id+"/file"), http.StatusSeeOther, "open the notice")
	if err := ta.counter.Flush(ctx); err != nil {
		t.Fatalf("flush: %v", err)
	}
	central := ta.browser(t)
	central.mustLogin(demoID(roles.Central), demo.Password)
	for _, tc := range []struct {
		b    *browser
		path string
	}{
		{visitor, "/"}, {visitor, "/en/"}, {visitor, "/notices"}, {visitor, "/notices?category=jobs"}, {visitor, "/notices/" + id},
		{visitor, "/notices/rss.xml"}, {visitor, "/notices/atom.xml"}, {visitor, "/api/v1/notices"}, {visitor, "/api/v1/notices/" + id},
		{visitor, "/search?q=" + url.QueryEscape("รับสมัครงาน")},
		{central, "/admin/notices"}, {central, "/admin/notices/" + id + "/edit"}, {hr, "/admin/notices"},
	} {
		wantStatus(t, tc.b.get(tc.path), http.StatusOK, tc.path)
	}
	if p := visitor.get("/api/v1/notices/" + id); !strings.Contains(p.body, fmt.Sprintf(`"reads":%d`, content.MaxCount)) {
		t.Fatalf("the API does not show the saturated count: %.300s", p.body)
	}
	n = ta.noticeByHeadline(t, "ประกาศรับสมัครงานเก่า")
	if n.Reads != content.MaxCount {
		t.Fatalf("reads %d after the overflowing read, want %d", n.Reads, content.MaxCount)
	}
	// Central can still take it down and delete it.
	wantStatus(t, central.post("/admin/notices/"+id+"/edit", "/admin/notices/"+id+"/takedown",
		url.Values{"reason": {"ข้อร้องเรียน"}, "reference": {"ร.1/2569"}}), http.StatusSeeOther, "takedown")
	wantStatus(t, central.get("/admin/notices/"+id+"/edit"), http.StatusOK, "edit after takedown")
	wantStatus(t, central.post("/admin/notices/"+id+"/edit", "/admin/notices/"+id+"/delete", nil), http.StatusSeeOther, "delete")
}

// The bounds migration heals a database an older version broke: a REAL left
// by an overflow, negatives and out-of-range orders come back into range.
func TestBoundsMigrationHeals(t *testing.T) {
	ta := newTestApp(t)
	if ta.db.IsPostgres() {
		t.Skip("a SQLite migration healing what only SQLite's loose types let an old version store")
	}
	ctx := context.Background()
	n := ta.accNotice(t, ta.liveItem("ประกาศที่เสีย"), roles.Jobs)
	if _, err := ta.db.W.Exec(`UPDATE notices SET reads = 9.3e18, sort = -7, new_days = 1000 WHERE id = ?`, n); err != nil {
		t.Fatal(err)
	}
	ms, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	var sqlText string
	for _, m := range ms {
		if strings.HasSuffix(m.Name, "_bounds.sql") {
			sqlText = m.SQL
		}
	}
	if sqlText == "" {
		t.Fatal("no bounds migration")
	}
	if _, err := ta.db.W.ExecContext(ctx, sqlText); err != nil {
		t.Fatal(err)
	}
	var typ string
	var reads, sort, newDays int64
	ta.db.R.QueryRow(`SELECT typeof(reads), reads, sort, new_days FROM notices WHERE id = ?`, n).Scan(&typ, &reads, &sort, &newDays)
	if typ != "integer" || reads != content.MaxCount || sort != 1 || newDays != content.MaxNewDays {
		t.Fatalf("after the migration: %s %d, sort %d, new days %d", typ, reads, sort, newDays)
	}
}

// Every number a form or URL takes has a range: out of it, a form shows the
// field's message with what was typed; a URL or query answers 404 or 400;
// nothing answers 500.
func TestNumericInputsHaveRanges(t *testing.T) {
	ta := newTestApp(t)
	central := ta.browser(t)
	central.mustLogin(demoID(roles.Central), demo.Password)
	news := func(k, v string) page {
		f := newsForm("ข่าวทดสอบตัวเลข " + k + v)
		f.Set(k, v)
		return central.post("/admin/news/new", "/admin/news", f)
	}
	notice := func(k, v string) page {
		f := windowForm(url.Values{"category": {"jobs"}, "headline": {"ประกาศทดสอบ " + k + v}, "link_url": {"https://npu.ac.th/"},
			"form_token": {"n-" + k + v}})
		f.Set(k, v)
		return central.post("/admin/notices/new", "/admin/notices", f)
	}
	unitForm := func(v string) page {
		return central.post("/admin/units/new", "/admin/units", url.Values{"code": {"u" + strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return 'x'
		}, v)}, "name_th": {"หน่วยทดสอบ"}, "kind": {"office"}, "sort": {v}})
	}
	for _, tc := range []struct {
		name         string
		do           func(k, v string) page
		field, typed string
		key          string // "" when accepted
	}{
		{"news", news, "sort", "0", "err.sort"},
		{"news", news, "sort", "10000", "err.sort"},
		{"news", news, "sort", "99999999999999999999", "err.sort"},
		{"news", news, "sort", "-9223372036854775808", "err.sort"},
		{"news", news, "sort", "abc", "err.sort"},
		{"news", news, "sort", "9999", ""},
		{"news", news, "photos_per_row", "0", "err.photos_per_row"},
		{"news", news, "photos_per_row", "7", "err.photos_per_row"},
		{"news", news, "photos_per_row", "9223372036854775807", "err.photos_per_row"},
		{"news", news, "photos_per_row", "6", ""},
		{"news", news, "main_photo_id", "-5", ""},
		{"news", news, "main_photo_id", "99999999999999999999", ""},
		{"notice", notice, "reads", "1000001", "err.reads"},
		{"notice", notice, "reads", "-1", "err.reads"},
		{"notice", notice, "reads", "1e3", "err.reads"},
		{"notice", notice, "reads", "0", ""},
		{"notice", notice, "new_days", "61", "err.new_days"},
		{"notice", notice, "new_days", "-1", "err.new_days"},
		{"notice", notice, "new_days", "x", "err.new_days"},
		{"notice", notice, "new_days", "60", ""},
		{"notice", notice, "sort", "4294967297", "err.sort"},
		{"unit", func(_, v string) page { return unitForm(v) }, "sort", "10000", "err.unit_sort"},
		{"unit", func(_, v string) page { return unitForm(v) }, "sort", "-1", "err.unit_sort"},
		{"unit", func(_, v string) page { return unitForm(v) }, "sort", "9999", ""},
	} {
		t.Run(tc.name+" "+tc.field+"="+tc.typed, func(t *testing.T) {
			p := tc.do(tc.field, tc.typed)
			if tc.key == "" {
				if p.status != http.StatusSeeOther {
					t.Fatalf("status %d, want 303; body:\n%.600s", p.status, p.body)
				}
				return
			}
			wantFieldError(t, p, tc.key, tc.typed, tc.field)
			if !strings.Contains(p.body, html.EscapeString(templates.T("th", tc.key))) || templates.T("en", tc.key) == tc.key {
				t.Fatal("the message has no Thai and English text")
			}
		})
	}
	visitor := ta.browser(t)
	for _, tc := range []struct {
		b    *browser
		path string
		want int
	}{
		{visitor, "/news/99999999999999999999", 404},
		{visitor, "/news/9223372036854775807", 404},
		{visitor, "/news/-1", 404},
		{visitor, "/news/0", 404},
		{visitor, "/en/videos/99999999999999999999", 404},
		{visitor, "/notices/-3/file", 404},
		{visitor, "/news?page=9223372036854775807", 404},
		{visitor, "/news?page=99999999999999999999", 404},
		{visitor, "/news?page=-1", 404},
		{visitor, "/news?page=2", 200},
		{visitor, "/notices?page=abc", 404},
		{visitor, "/search?q=x&page=9223372036854775807", 404},
		{visitor, "/news?fy=99999999999999999999", 404},
		{visitor, "/news?fy=2569&month=13", 404},
		{visitor, "/news?fy=2569&month=-1", 404},
		{visitor, "/notices?fy=2569&month=3", 200},
		{visitor, "/notices?fy=2569&after=9223372036854775807.9223372036854775807", 200},
		{visitor, "/api/v1/news/99999999999999999999", 404},
		{visitor, "/sitemap/news-9223372036854775807.xml", 404},
		{visitor, "/sitemap/news-184467440737096.xml", 404},
		{visitor, "/api/v1/news?page=9223372036854775807", 400},
		{visitor, "/api/v1/news?per_page=9223372036854775807", 400},
		{central, "/admin/news/99999999999999999999/edit", 404},
		{central, "/admin/news/-1/edit", 404},
		{central, "/admin/news?page=9223372036854775807", 200},
		{central, "/admin/notices?page=99999999999999999999&unit=-4", 200},
		{central, "/admin/videos?page=-9223372036854775808", 200},
		{central, "/admin/banners?unit=9223372036854775807", 200},
		{central, "/admin/actions?page=9223372036854775807", 200},
		{central, "/admin/reports?kind=day&year=99999999999999999999&month=9223372036854775807", 200},
		{central, "/admin/featured?day=99999-99-99", 200},
	} {
		if p := tc.b.get(tc.path); p.status != tc.want {
			t.Errorf("%s: %d, want %d", tc.path, p.status, tc.want)
		}
	}
	for _, f := range []url.Values{{"news_id": {"99999999999999999999"}}, {"news_id": {"-1"}}, {"ids": {"9223372036854775807", "-1", "x"}, "move": {"-9"}}} {
		for _, path := range []string{"/admin/featured/pick", "/admin/featured/unpick", "/admin/featured/order"} {
			if p := central.post("/admin/featured", path, f); p.status >= 500 {
				t.Errorf("%s %v: %d", path, f, p.status)
			}
		}
	}
}

// Issue 10, defect 8: the unit of a non-central user's item is their own,
// whatever the form posts; a central user's unknown or retired unit is a
// field error, not a 500.
func TestItemUnitIsDecidedByRoles(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	science, education, hrUnit := ta.unitID(t, "science"), ta.unitID(t, "education"), ta.unitID(t, "hr")

	unitPR := ta.browser(t)
	unitPR.mustLogin(demoID(roles.UnitPR), demo.Password) // science PR
	f := newsForm("ข่าวที่ปลอมหน่วยงาน")
	f.Set("unit_id", fmt.Sprint(education))
	wantRedirect(t, unitPR.post("/admin/news/new", "/admin/news", f), "/admin/news/", "unit PR with a forged unit")
	var unit int64
	ta.db.R.QueryRow(`SELECT unit_id FROM news WHERE headline = ?`, "ข่าวที่ปลอมหน่วยงาน").Scan(&unit)
	if unit != science {
		t.Fatalf("a unit PR's news went to unit %d, want their own %d", unit, science)
	}
	if p := unitPR.get("/admin/news/new"); strings.Contains(p.body, `name="unit_id"`) {
		t.Fatal("a unit PR is offered a unit choice")
	}

	hr := ta.browser(t)
	hr.mustLogin(demoID(roles.HR), demo.Password)
	for _, forged := range []string{fmt.Sprint(education), "999999", "abc", "-1"} {
		headline := "ประกาศปลอมหน่วยงาน " + forged
		nf := windowForm(url.Values{"category": {"jobs"}, "headline": {headline}, "link_url": {"https://npu.ac.th/"},
			"unit_id": {forged}, "form_token": {"hr-" + forged}})
		wantRedirect(t, hr.post("/admin/notices/new", "/admin/notices", nf), "/admin/notices", "HR with unit_id="+forged)
		n := ta.noticeByHeadline(t, headline)
		if n.UnitID != hrUnit {
			t.Fatalf("HR's notice went to unit %d, want %d", n.UnitID, hrUnit)
		}
		// Editing with a forged unit keeps the notice's unit too.
		nf.Set("unit_id", fmt.Sprint(science))
		wantRedirect(t, hr.post("/admin/notices/"+fmt.Sprint(n.ID)+"/edit", "/admin/notices/"+fmt.Sprint(n.ID), nf), "/admin/notices", "HR edit")
		if n := ta.noticeByHeadline(t, headline); n.UnitID != hrUnit {
			t.Fatalf("an edit moved HR's notice to unit %d", n.UnitID)
		}
	}
	if p := hr.get("/admin/notices/new"); strings.Contains(p.body, `name="unit_id"`) {
		t.Fatal("HR is offered a unit choice")
	}

	// Central chooses, and an unknown or retired unit is the field's message.
	retired, err := ta.users.CreateUnit(ctx, roles.Unit{Code: "old-office", NameTH: "สำนักงานเดิม", Kind: "office"}, ta.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	oldNews := ta.accNews(t, ta.liveItem("ข่าวของหน่วยงานที่เลิกแล้ว"))
	if _, err := ta.db.W.Exec(`UPDATE news SET unit_id = ? WHERE id = ?`, retired.ID, oldNews); err != nil {
		t.Fatal(err)
	}
	if err := ta.users.SetUnitRetired(ctx, retired.ID, true, ta.clock.Now()); err != nil {
		t.Fatal(err)
	}
	central := ta.browser(t)
	central.mustLogin(demoID(roles.Central), demo.Password)
	for _, bad := range []string{"999999", "99999999999999999999", "-1", "abc", fmt.Sprint(retired.ID)} {
		f := newsForm("ข่าวหน่วยงานผิด " + bad)
		f.Set("unit_id", bad)
		wantFieldError(t, central.post("/admin/news/new", "/admin/news", f), "err.unit", "", "news unit_id="+bad)
		nf := windowForm(url.Values{"category": {"jobs"}, "headline": {"ประกาศหน่วยงานผิด"}, "link_url": {"https://npu.ac.th/"}, "unit_id": {bad}})
		wantFieldError(t, central.post("/admin/notices/new", "/admin/notices", nf), "err.unit", "", "notice unit_id="+bad)
	}
	// An item of a unit retired since keeps it when central edits it: its
	// unit is offered (and chosen) in the form, and saving it is no error.
	edit := fmt.Sprintf("/admin/news/%d/edit", oldNews)
	if p := central.get(edit); !strings.Contains(p.body, fmt.Sprintf(`<option value="%d" selected>`, retired.ID)) {
		t.Fatal("the edit form does not offer the item's retired unit")
	}
	f = newsForm("ข่าวของหน่วยงานที่เลิกแล้ว แก้ไข")
	f.Set("unit_id", fmt.Sprint(retired.ID))
	wantRedirect(t, central.post(edit, fmt.Sprintf("/admin/news/%d", oldNews), f), "/admin/news/", "edit an item of a retired unit")
	ta.db.R.QueryRow(`SELECT unit_id FROM news WHERE id = ?`, oldNews).Scan(&unit)
	if unit != retired.ID {
		t.Fatalf("the edit moved the item to unit %d", unit)
	}
	f = newsForm("ข่าวของคณะครุศาสตร์")
	f.Set("unit_id", fmt.Sprint(education))
	wantRedirect(t, central.post("/admin/news/new", "/admin/news", f), "/admin/news/", "central chooses a unit")
	ta.db.R.QueryRow(`SELECT unit_id FROM news WHERE headline = ?`, "ข่าวของคณะครุศาสตร์").Scan(&unit)
	if unit != education {
		t.Fatalf("central's choice of unit was not kept: %d", unit)
	}
}

// Issue 10, defect 9: only views of items that exist and are public are
// counted; unknown ids leave nothing in the counter.
func TestViewsOfMissingItemsAreNotCounted(t *testing.T) {
	ta := newTestApp(t)
	visitor := ta.browser(t)
	n := ta.accNews(t, ta.liveItem("ข่าวที่มีอยู่จริง"))
	for _, path := range []string{"/news/999999", "/videos/999999", "/en/news/999998-slug"} {
		wantStatus(t, visitor.get(path), http.StatusNotFound, path)
	}
	if ta.counter.Pending(content.CountNewsView, 999999) != 0 || ta.counter.Pending(content.CountVideoView, 999999) != 0 ||
		ta.counter.Pending(content.CountNewsView, 999998) != 0 {
		t.Fatal("a view of a missing item was counted")
	}
	wantStatus(t, visitor.get(fmt.Sprintf("/news/%d", n)), http.StatusOK, "news page")
	wantStatus(t, visitor.get(fmt.Sprintf("/news/%d", n)), http.StatusOK, "news page (cached)")
	// The count is taken after the answer is sent, so the client may read
	// before the server has counted: wait for it (a view that is never
	// counted still fails).
	pending := func(want int64) int64 {
		var got int64
		for range 200 {
			if got = ta.counter.Pending(content.CountNewsView, n); got >= want {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		return got
	}
	if got := pending(1); got != 1 {
		t.Fatalf("%d views of an existing item pending, want 1", got)
	}
	other := ta.browser(t)
	req, _ := http.NewRequest("GET", other.base+fmt.Sprintf("/news/%d", n), nil)
	req.Header.Set("User-Agent", browserUA+" other")
	if p := other.do(req); p.status != http.StatusOK {
		t.Fatal(p.status)
	}
	if got := pending(2); got != 2 {
		t.Fatalf("a second visitor's view from the page cache: %d pending, want 2", got)
	}
}
