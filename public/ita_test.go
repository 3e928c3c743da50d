package public_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsroom/content"
	"newsroom/templates"
)

func TestITAPublicPages(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	now := ta.clock.Now()
	fy := content.FiscalYear(now)
	y := strconv.Itoa(fy)
	v := ta.browser(t)

	// The hub: the current year at /ita and at /ita/{fy}, Thai and English.
	for _, tc := range []struct{ path, want string }{
		{"/ita", templates.Tf("th", "ita.public_year", fy)},
		{"/ita/" + y, templates.Tf("th", "ita.public_year", fy)},
		{"/en/ita", templates.Tf("en", "ita.public_year", fy)},
		{"/ita/2569", templates.Tf("th", "ita.public_year", 2569)},
		{"/ita/" + y + "/O1", "O1 โครงสร้าง อำนาจหน้าที่"},
		{"/en/ita/" + y + "/O1", "O1 Structure, duties and powers"},
	} {
		p := v.get(tc.path)
		wantStatus(t, p, http.StatusOK, tc.path)
		if !strings.Contains(p.body, tc.want) {
			t.Errorf("%s lacks %q", tc.path, tc.want)
		}
	}
	year := v.get("/ita/" + y).body
	for _, code := range []string{"O1", "O11", "O26"} {
		if !strings.Contains(year, `href="/ita/`+y+`/`+code+`"`) {
			t.Errorf("the year page does not link %s", code)
		}
	}
	if !strings.Contains(year, templates.T("th", "ita.state.missing")) {
		t.Errorf("the year page shows no status text")
	}

	// An item's page: its span as dates (B.E. in Thai), its unit.
	prevStart, prevEnd := content.FiscalYearRange(fy - 1)
	p := v.get("/ita/" + y + "/O12")
	for _, want := range []string{templates.Date("th", prevStart), templates.Date("th", prevEnd.Add(-time.Millisecond)), "งานพัสดุ",
		`href="/procurement/` + strconv.Itoa(fy-1) + `"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("O12 lacks %q", want)
		}
	}
	if p := v.get("/en/ita/" + y + "/O12"); !strings.Contains(p.body, templates.Date("en", prevStart)) || !strings.Contains(p.body, `href="/en/procurement/`) {
		t.Errorf("the English O12 lacks its Gregorian dates or English links")
	}

	// News tagged No Gift Policy inside the year appear under O20 by
	// themselves; news of another year do not.
	mkNews := func(headline string, start time.Time) int64 {
		in := content.NewsInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: start, End: content.DefaultEnd(start, 1),
			UnitID: ta.unitID(t, "pr"), Publish: true}, Type: content.Activity, Headline: headline, Body: "<p>เนื้อหา</p>", PhotosPerRow: 4}
		n, err := ta.content.CreateNews(ctx, in, content.Author{Name: "t"}, start)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ta.db.W.Exec(`INSERT INTO news_tags (news_id, tag_id) SELECT ?, id FROM tags WHERE slug = 'no-gift'`, n.ID); err != nil {
			t.Fatal(err)
		}
		return n.ID
	}
	inYear := mkNews("ประกาศนโยบายไม่รับของขวัญ", now.Add(-time.Hour))
	mkNews("ข่าวงดรับของขวัญปีก่อน", prevStart.Add(24*time.Hour))
	p = v.get("/ita/" + y + "/O20")
	if !strings.Contains(p.body, "ประกาศนโยบายไม่รับของขวัญ") || !strings.Contains(p.body, `href="/news/`+strconv.FormatInt(inYear, 10)+`"`) {
		t.Errorf("O20 does not list the tagged news of the year")
	}
	if strings.Contains(p.body, "ข่าวงดรับของขวัญปีก่อน") {
		t.Errorf("O20 lists news of another year")
	}

	// A "nothing to report" statement stands for the evidence.
	if _, err := ta.db.W.Exec(`UPDATE ita_items SET nothing_th = 'ไม่มีเรื่องร้องเรียนในปีงบประมาณนี้' WHERE fy = ? AND code = 'O18'`, fy); err != nil {
		t.Fatal(err)
	}
	if p := v.get("/ita/" + y + "/O18"); !strings.Contains(p.body, "ไม่มีเรื่องร้องเรียนในปีงบประมาณนี้") {
		t.Errorf("O18 does not show its statement")
	}

	// Unknown, malformed, unpublished and trashed: 404.
	o2, err := ta.content.PublicITAItem(ctx, fy, "O2", now)
	if err != nil {
		t.Fatal(err)
	}
	if err := ta.content.Trash(ctx, content.ITAKind, o2.ID, now); err != nil {
		t.Fatal(err)
	}
	if _, err := ta.db.W.Exec(`UPDATE ita_items SET status = 'draft' WHERE fy = ? AND code = 'O3'`, fy); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/ita/2499", "/ita/abc", "/ita/0" + y, "/ita/2650", "/ita/" + y + "/O99", "/ita/" + y + "/O2", "/ita/" + y + "/O3",
		"/ita/" + y + "/O1%20x", "/en/ita/2650", "/en/ita/" + y + "/O99"} {
		wantStatus(t, v.get(path), http.StatusNotFound, path)
	}
	if strings.Contains(v.get("/ita/"+y).body, `/ita/`+y+`/O2"`) {
		t.Errorf("the year page links a trashed item")
	}

	// Every page links the hub in its header.
	if p := v.get("/"); !strings.Contains(p.body, `href="/ita"`) {
		t.Errorf("the home page does not link /ita")
	}
}
