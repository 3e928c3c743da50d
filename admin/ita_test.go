package admin_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsroom/content"
	"newsroom/roles"
	"newsroom/templates"
)

// asRole logs a demo user of role in.
func (ta *testApp) asRole(t *testing.T, r roles.Role) *browser {
	t.Helper()
	b := ta.h.As(t, r)
	return &browser{t: t, c: b.C, base: b.Base}
}

// itaState is the status an item's row of the admin year page shows.
func itaState(t *testing.T, body, code string) string {
	t.Helper()
	m := regexp.MustCompile(`data-code="` + regexp.QuoteMeta(code) + `" data-state="(\w+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no row for %s", code)
	}
	return m[1]
}

// pastMonths are the months of fiscal year fy over at now.
func pastMonths(fy int, now time.Time) []int {
	var out []int
	for _, m := range content.FiscalMonths {
		if _, end := content.FiscalMonthRange(fy, m); !end.After(now) {
			out = append(out, m)
		}
	}
	return out
}

func TestITAHubAdmin(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	now := ta.clock.Now()
	fy := content.FiscalYear(now)
	b := ta.asRole(t, roles.Central)
	year := "/admin/ita/" + strconv.Itoa(fy)

	p := b.get("/admin/ita")
	wantStatus(t, p, http.StatusOK, "years")
	if !strings.Contains(p.body, `href="`+year+`"`) || !strings.Contains(p.body, `href="/admin/ita/2569"`) {
		t.Fatalf("the years page lacks FY %d or 2569: %.500s", fy, p.body)
	}

	// O11: every month over without a summary is flagged, with the
	// procurement page to fix it; summaries clear the flag.
	p = b.get(year)
	wantStatus(t, p, http.StatusOK, "year")
	past := pastMonths(fy, now)
	if len(past) > 0 {
		if got := itaState(t, p.body, "O11"); got != content.ITAPartial {
			t.Errorf("O11 with %d months over and no summary: %s, want partial", len(past), got)
		}
		if !strings.Contains(p.body, `href="/admin/procurement/months/`+strconv.Itoa(fy)+`"`) {
			t.Errorf("no link to the procurement months")
		}
		for _, m := range past {
			if want := templates.MonthName("th", m) + " " + strconv.Itoa(content.BE(mustMonthYear(fy, m))); !strings.Contains(p.body, want) {
				t.Errorf("no month %q in the reasons", want)
			}
		}
	}
	for _, m := range past {
		if _, err := ta.db.W.ExecContext(ctx, `INSERT INTO procurement_months (fy, month, state, published_at) VALUES (?, ?, 'none', 0)`, fy, m); err != nil {
			t.Fatal(err)
		}
	}
	if got := itaState(t, b.get(year).body, "O11"); got != content.ITAOK {
		t.Errorf("O11 with every month over summarised: %s, want ok", got)
	}
	// A PDF item starts without evidence: flagged missing.
	if got := itaState(t, b.get(year).body, "O8"); got != content.ITAMissing {
		t.Errorf("O8 without evidence: %s", got)
	}

	// A new item, with an external link and a page; then its code is fixed.
	form := url.Values{"fy": {strconv.Itoa(fy)}, "code": {"X1"}, "title_th": {"รายการเพิ่ม"}, "span": {"current"}, "sort": {"30"},
		"unit_id": {itoa(ta.unitID(t, "pr"))}, "action": {"publish"},
		"ev_source": {"url", "", "page"}, "ev_ref": {"", "", "about"}, "ev_url": {"https://example.org/report.pdf", "", ""},
		"ev_label_th": {"รายงาน", "", ""}, "ev_label_en": {"", "", ""}, "ev_order": {"2", "3", "1"}}
	p = b.post("/admin/ita/new?fy="+strconv.Itoa(fy), "/admin/ita", form)
	wantRedirect(t, p, year, "create")
	items, err := ta.content.ITAItems(ctx, fy, false, false)
	if err != nil {
		t.Fatal(err)
	}
	var x1 content.ITAItem
	for _, it := range items {
		if it.Code == "X1" {
			x1 = it
		}
	}
	if len(x1.Evidence) != 2 || x1.Evidence[0].Source != "page" || x1.Evidence[1].URL != "https://example.org/report.pdf" || !x1.CodeLocked() {
		t.Fatalf("X1 saved as %+v", x1)
	}
	edit := "/admin/ita/" + itoa(x1.ID)
	wantStatus(t, b.get(edit+"/edit"), http.StatusOK, "edit form")
	form.Set("code", "X2")
	form.Del("fy")
	p = b.post(edit+"/edit", edit, form)
	wantStatus(t, p, http.StatusUnprocessableEntity, "renaming a published item")
	if !strings.Contains(p.body, templates.T("th", "err.ita_code_locked")) {
		t.Errorf("no message on the code")
	}
	// A bad link is refused on its row, the row kept.
	form.Set("code", "X1")
	form["ev_url"] = []string{"javascript:alert(1)", "", ""}
	p = b.post(edit+"/edit", edit, form)
	wantStatus(t, p, http.StatusUnprocessableEntity, "a bad link")
	if !strings.Contains(p.body, templates.T("th", "err.link")) || !strings.Contains(p.body, "javascript:alert(1)") {
		t.Errorf("the bad link's row: %.300s", p.body)
	}
	// Removing a row.
	form["ev_url"] = []string{"https://example.org/report.pdf", "", ""}
	form["ev_remove"] = []string{"0"}
	wantRedirect(t, b.post(edit+"/edit", edit, form), year, "remove a row")
	if it, _ := ta.content.ITAItem(ctx, x1.ID); len(it.Evidence) != 1 || it.Evidence[0].Source != "page" {
		t.Errorf("after removing the link: %+v", it.Evidence)
	}

	// Revisions compare the item's own fields and its evidence.
	p = b.get(edit + "/revisions")
	wantStatus(t, p, http.StatusOK, "revisions")
	for _, want := range []string{templates.T("th", "rev.field.code"), templates.T("th", "rev.field.evidence_text"), "report.pdf"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the revisions page lacks %q", want)
		}
	}
	// Trash: back to the year, gone from the public hub, listed in the
	// year's trash, restorable.
	visitor := ta.browser(t)
	wantRedirect(t, b.post(edit+"/edit", edit+"/delete", nil), year, "trash")
	wantStatus(t, visitor.get("/ita/"+strconv.Itoa(fy)+"/X1"), http.StatusNotFound, "a trashed item's page")
	if p := b.get(year + "?state=trashed"); !strings.Contains(p.body, `data-code="X1"`) || !strings.Contains(p.body, edit+"/restore") {
		t.Errorf("the year's trash does not list X1")
	}
	wantRedirect(t, b.post(year+"?state=trashed", edit+"/restore", nil), edit+"/edit", "restore")
	wantStatus(t, visitor.get("/ita/"+strconv.Itoa(fy)+"/X1"), http.StatusOK, "a restored item's page")

	// Opening a year: as a copy, then again is refused.
	next := strconv.Itoa(fy + 1)
	open := url.Values{"fy": {next}, "from": {strconv.Itoa(fy)}}
	wantRedirect(t, b.post("/admin/ita", "/admin/ita/years", open), "/admin/ita/"+next, "open a year")
	p = b.post("/admin/ita", "/admin/ita/years", open)
	wantStatus(t, p, http.StatusUnprocessableEntity, "open it again")
	if !strings.Contains(p.body, templates.T("th", "err.ita_year_exists")) {
		t.Errorf("no message on the year")
	}
	wantStatus(t, b.post("/admin/ita", "/admin/ita/years", url.Values{"fy": {"3000"}}), http.StatusUnprocessableEntity, "a year out of range")
	wantStatus(t, b.get("/admin/ita/2400"), http.StatusNotFound, "a year out of range")
	wantStatus(t, b.get("/admin/ita/2600"), http.StatusNotFound, "a year not opened")
}

func mustMonthYear(fy, m int) int {
	start, _ := content.FiscalMonthRange(fy, m)
	return start.Year()
}

// The URL list: one absolute URL per code, as CSV with a BOM and as a page
// to copy from; every URL answers 200 through the router, in Thai and
// English.
func TestITAURLExport(t *testing.T) {
	ta := newTestApp(t)
	fy := content.FiscalYear(ta.clock.Now())
	b := ta.asRole(t, roles.Central)
	base := "/admin/ita/" + strconv.Itoa(fy)
	p := b.get(base + "/urls.csv")
	wantStatus(t, p, http.StatusOK, "csv")
	if !strings.HasPrefix(p.body, "\ufeff") || !strings.HasPrefix(p.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: type %q, starts %q", p.header.Get("Content-Type"), p.body[:min(10, len(p.body))])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(p.body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 27 || rows[0][2] != "URL" {
		t.Fatalf("%d rows (want a header and 26), header %v", len(rows), rows[0])
	}
	seen := map[string]bool{}
	visitor := ta.browser(t)
	for _, r := range rows[1:] {
		code, link := r[0], r[2]
		if seen[code] {
			t.Errorf("code %s twice", code)
		}
		seen[code] = true
		want := ta.cfg.BaseURL + "/ita/" + strconv.Itoa(fy) + "/" + code
		if link != want {
			t.Errorf("%s: %s, want %s", code, link, want)
		}
		path := strings.TrimPrefix(link, ta.cfg.BaseURL)
		wantStatus(t, visitor.get(path), http.StatusOK, link)
		wantStatus(t, visitor.get("/en"+path), http.StatusOK, "/en"+path)
	}
	p = b.get(base + "/urls")
	wantStatus(t, p, http.StatusOK, "urls page")
	if !strings.Contains(p.body, `data-copy="ita-urls"`) || strings.Count(p.body, ta.cfg.BaseURL+"/ita/") < 2*26 {
		t.Errorf("the URL page lacks the copy button or the URLs")
	}
	wantStatus(t, b.get("/admin/ita/2699/urls.csv"), http.StatusNotFound, "csv of a year not opened")
}

// Only central PR reaches the hub's admin.
func TestITARights(t *testing.T) {
	ta := newTestApp(t)
	fy := strconv.Itoa(content.FiscalYear(ta.clock.Now()))
	for _, r := range []roles.Role{roles.UnitPR, roles.HR, roles.Procurement, roles.Admissions} {
		b := ta.asRole(t, r)
		for _, path := range []string{"/admin/ita", "/admin/ita/" + fy, "/admin/ita/" + fy + "/urls.csv", "/admin/ita/new?fy=" + fy} {
			wantStatus(t, b.get(path), http.StatusForbidden, string(r)+" "+path)
		}
	}
	wantRedirect(t, ta.browser(t).get("/admin/ita"), "/admin/login", "anonymous")
}
