package admin_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
)

// Procurement staff record a procurement through the form: a bad e-GP
// number, an unreadable amount and an impossible date are field messages
// and everything typed comes back; then the record saves, and the month's
// summary is published, refused as "no procurement", withdrawn.
func TestProcurementFormAndMonths(t *testing.T) {
	ta := newTestApp(t)
	now := time.Date(2026, time.December, 4, 10, 0, 0, 0, newsroom.Bangkok)
	ta.clock.Set(now)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.Procurement), demo.Password)
	form := url.Values{"title": {"จัดซื้อเครื่องพิมพ์ 3 เครื่อง"}, "egp_no": {"6910700123"}, "method": {"specific"}, "proc_kind": {"buy"},
		"budget": {"45,000.5x"}, "ref_price": {"44,500"}, "bidder_name": {"ร้านพิมพ์ดี", "", ""}, "bidder_tax_id": {"", "", ""},
		"bidder_price": {"44,000.00", "", ""}, "winner": {"ร้านพิมพ์ดี"}, "agreed_price": {"44,000"}, "contract_no": {"พ.5/2570"},
		"contract_date": {"31/11/2569"}, "proc_status": {"contracted"}, "action": {"publish"}}
	p := b.post("/admin/procurement/new", "/admin/procurement", form)
	wantStatus(t, p, 422, "bad form")
	for _, want := range []string{"เลขที่โครงการ e-GP ต้องเป็นตัวเลข 11 หลัก", "กรอกจำนวนเงินเป็นบาท", "45,000.5x", "ร้านพิมพ์ดี", "44,000.00", "31/11/2569", "จัดซื้อเครื่องพิมพ์ 3 เครื่อง"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	form.Set("egp_no", "69107001234")
	form.Set("budget", "45,000.50")
	form.Set("contract_date", "30/11/2569")
	p = b.post("/admin/procurement/new", "/admin/procurement", form)
	wantRedirect(t, p, "/admin/procurement", "save")
	ctx := context.Background()
	list, total, err := ta.content.ListProcurements(ctx, content.ProcurementFilter{ListFilter: content.ListFilter{Limit: 10, Now: now}})
	if err != nil || total != 1 {
		t.Fatalf("%d records, %v", total, err)
	}
	r := list[0]
	if r.Budget != 4500050 || r.AgreedPrice != 4400000 || len(r.Bidders) != 1 || r.Bidders[0].Price != 4400000 || r.Status != content.Published ||
		content.FiscalYear(r.ContractDate) != 2570 || r.ContractDate.Month() != time.November {
		t.Errorf("saved %+v", r)
	}

	// The months page flags October and November (past, unpublished).
	p = b.get("/admin/procurement/months/2570")
	if n := strings.Count(p.body, "data-missing"); n != 2 {
		t.Errorf("%d months flagged, want 2 (October, November)", n)
	}
	// November has a record: "no procurement" is refused with a message.
	p = b.post("/admin/procurement/months/2570", "/admin/procurement/months/2570/11", url.Values{"state": {"none"}})
	wantStatus(t, p, 422, "none with records")
	if !strings.Contains(p.body, "เผยแพร่ว่าไม่มีการจัดซื้อจัดจ้างไม่ได้") {
		t.Errorf("no message for none with records")
	}
	wantRedirect(t, b.post("/admin/procurement/months/2570", "/admin/procurement/months/2570/11", url.Values{"state": {"published"}}), "/admin/procurement/months/2570", "publish")
	wantRedirect(t, b.post("/admin/procurement/months/2570", "/admin/procurement/months/2570/10", url.Values{"state": {"none"}}), "/admin/procurement/months/2570", "none")
	p = b.get("/admin/procurement/months/2570")
	if n := strings.Count(p.body, "data-missing"); n != 0 {
		t.Errorf("%d months still flagged", n)
	}
	if p := b.get("/procurement/2570/11"); !strings.Contains(p.body, "จัดซื้อเครื่องพิมพ์ 3 เครื่อง") {
		t.Errorf("the published month lacks its record")
	}
	if p := b.get("/procurement/2570/10"); !strings.Contains(p.body, "ไม่มีการจัดซื้อจัดจ้างในเดือนนี้") {
		t.Errorf("the 'none' month does not say so")
	}
	wantRedirect(t, b.post("/admin/procurement/months/2570", "/admin/procurement/months/2570/10", url.Values{"state": {"withdraw"}}), "/admin/procurement/months/2570", "withdraw")
	if n := strings.Count(b.get("/admin/procurement/months/2570").body, "data-missing"); n != 1 {
		t.Errorf("%d flagged after withdrawing October, want 1", n)
	}

	// Unit PR has no right to procurement.
	u := ta.browser(t)
	u.mustLogin(demoID(roles.UnitPR), demo.Password)
	if p := u.get("/admin/procurement"); p.status != 403 {
		t.Errorf("unit PR: %d", p.status)
	}
}

// The admin list filters by fiscal year, month (alone: of the current
// fiscal year), method and state; the month menu lists the twelve months.
func TestProcurementListFilters(t *testing.T) {
	ta := newTestApp(t)
	now := time.Date(2026, time.December, 4, 10, 0, 0, 0, newsroom.Bangkok)
	ta.clock.Set(now)
	ctx := context.Background()
	unit := ta.unitID(t, "science")
	save := func(title string, method content.ProcMethod, contract time.Time) int64 {
		t.Helper()
		in := content.ProcurementInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: now.Add(-time.Hour),
			End: content.DefaultEnd(now, 3650), UnitID: unit, Publish: true},
			Procurement: content.Procurement{Title: title, Method: method, ProcKind: "buy", State: "contracted", ContractDate: contract}}
		id, err := ta.content.SaveProcurement(ctx, 0, in, content.Author{Name: "test"}, now)
		if err != nil {
			t.Fatalf("save %s: %v", title, err)
		}
		return id
	}
	save("ซื้อกระดาษตุลาคม", "specific", time.Date(2026, time.October, 8, 0, 0, 0, 0, newsroom.Bangkok))
	save("จ้างซ่อมพฤศจิกายน", "selection", time.Date(2026, time.November, 12, 0, 0, 0, 0, newsroom.Bangkok))
	old := save("ซื้อโต๊ะปีก่อน", "specific", time.Date(2026, time.March, 3, 0, 0, 0, 0, newsroom.Bangkok))
	gone := save("ซื้อเก้าอี้ที่ลบแล้ว", "e-market", time.Date(2026, time.November, 20, 0, 0, 0, 0, newsroom.Bangkok))
	if err := ta.content.Trash(ctx, content.ProcurementKind, gone, now); err != nil {
		t.Fatal(err)
	}
	_ = old
	b := ta.browser(t)
	b.mustLogin(demoID(roles.Procurement), demo.Password)
	all := []string{"ซื้อกระดาษตุลาคม", "จ้างซ่อมพฤศจิกายน", "ซื้อโต๊ะปีก่อน", "ซื้อเก้าอี้ที่ลบแล้ว"}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", all[:3]},
		{"?fy=2570", all[:2]},
		{"?fy=2569", all[2:3]},
		{"?fy=2570&month=11", all[1:2]},
		{"?month=10", all[:1]},
		{"?method=specific", []string{all[0], all[2]}},
		{"?fy=2570&method=selection", all[1:2]},
		{"?state=trashed", all[3:]},
	} {
		p := b.get("/admin/procurement" + tc.query)
		wantStatus(t, p, 200, tc.query)
		for _, title := range all {
			if got, want := strings.Contains(p.body, title), slices.Contains(tc.want, title); got != want {
				t.Errorf("%q: lists %q = %v, want %v", tc.query, title, got, want)
			}
		}
	}
	p := b.get("/admin/procurement?fy=2570&month=11")
	if !strings.Contains(p.body, `<option value="11" selected>`) || strings.Count(p.body, `<option value="`) < 12 {
		t.Errorf("the month menu lacks the twelve months or the chosen one")
	}
}
