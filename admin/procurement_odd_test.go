package admin_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
)

// Odd and hostile requests to the procurement pages: impossible months and
// years, unknown states, absurd amounts, too many bidders, a form sent twice.
// Each is refused with a message or a 404 and writes nothing.
func TestProcurementOddRequests(t *testing.T) {
	ta := newTestApp(t)
	now := time.Date(2026, time.December, 4, 10, 0, 0, 0, newsroom.Bangkok)
	ta.clock.Set(now)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.Procurement), demo.Password)
	ctx := context.Background()
	months := func() int {
		var n int
		if err := ta.db.R.QueryRow(`SELECT count(*) FROM procurement_months`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	records := func() int {
		_, n, err := ta.content.ListProcurements(ctx, content.ProcurementFilter{ListFilter: content.ListFilter{Limit: 1, Now: now}})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tc := range []struct {
		path, state string
		want        int
	}{
		{"/admin/procurement/months/2570/13", "published", 404},
		{"/admin/procurement/months/2570/0", "published", 404},
		{"/admin/procurement/months/99999999999999999999/10", "published", 404},
		{"/admin/procurement/months/2499/10", "published", 404},
		{"/admin/procurement/months/2570/10", "garbage", 422},
		{"/admin/procurement/months/2570/10", "", 422},
	} {
		if p := b.post("/admin/procurement/months/2570", tc.path, url.Values{"state": {tc.state}}); p.status != tc.want {
			t.Errorf("%s state=%q: %d, want %d", tc.path, tc.state, p.status, tc.want)
		}
	}
	if n := months(); n != 0 {
		t.Errorf("%d months written by refused requests", n)
	}

	base := url.Values{"title": {"จัดซื้อ"}, "method": {"specific"}, "proc_kind": {"buy"}, "proc_status": {"planned"}, "action": {"publish"}}
	with := func(extra url.Values) url.Values {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		for k, vs := range extra {
			v[k] = vs
		}
		return v
	}
	many := make([]string, content.MaxBidders+5)
	for i := range many {
		many[i] = "ร้าน"
	}
	for name, form := range map[string]url.Values{
		"absurd amount":    with(url.Values{"budget": {strings.Repeat("9", 40)}}),
		"negative amount":  with(url.Values{"agreed_price": {"-100"}}),
		"exponent":         with(url.Values{"ref_price": {"1e9"}}),
		"too many bidders": with(url.Values{"bidder_name": many, "bidder_price": many}),
		"bidder bad price": with(url.Values{"bidder_name": {"ร้าน"}, "bidder_price": {"abc"}}),
		"year 9999":        with(url.Values{"contract_date": {"01/01/9999"}}),
		"method forged":    with(url.Values{"method": {"auction"}}),
		"long title":       with(url.Values{"title": {strings.Repeat("ก", 5000)}}),
	} {
		if p := b.post("/admin/procurement/new", "/admin/procurement", form); p.status != 422 {
			t.Errorf("%s: %d, want 422", name, p.status)
		}
	}
	if n := records(); n != 0 {
		t.Fatalf("%d records written by refused forms", n)
	}
	// The same form sent twice (a double click, a retried request) makes one record.
	form := with(url.Values{"form_token": {"procurement-double-click"}})
	for range 2 {
		if p := b.post("/admin/procurement/new", "/admin/procurement", form); p.status != 303 {
			t.Fatalf("save: %d", p.status)
		}
	}
	if n := records(); n != 1 {
		t.Errorf("a form sent twice made %d records", n)
	}
}
