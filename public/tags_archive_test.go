package public_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

// ?tag= works together with the fiscal-year archive (?fy=): the list holds
// the tag's published news started inside that year (expired ones too),
// never drafts, news of another year or of another tag.
func TestNewsTagWithFiscalYear(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(accNow) // 18 Nov 2026: FY 2570 began on 1 Oct 2026
	ctx := context.Background()
	day := 24 * time.Hour
	add := func(it accItem, slugs ...string) {
		id := ta.accNews(t, it)
		if err := ta.content.TagNews(ctx, id, slugs); err != nil {
			t.Fatal(err)
		}
	}
	add(accItem{title: "GIFT-THIS-YEAR", start: accNow.Add(-10 * day), end: accNow.Add(10 * day)}, "no-gift")
	add(accItem{title: "GIFT-EXPIRED-THIS-YEAR", start: accNow.Add(-40 * day), end: accNow.Add(-30 * day)}, "no-gift")
	add(accItem{title: "GIFT-LAST-YEAR", start: accNow.Add(-100 * day), end: accNow.Add(10 * day)}, "no-gift")
	add(accItem{title: "GIFT-DRAFT", start: accNow.Add(-5 * day), end: accNow.Add(10 * day), draft: true}, "no-gift")
	add(accItem{title: "ETHICS-THIS-YEAR", start: accNow.Add(-3 * day), end: accNow.Add(10 * day)}, "ethics")
	b := ta.browser(t)
	tests := []struct {
		path       string
		want, none []string
	}{
		{"/news?fy=2570&tag=no-gift", []string{"GIFT-THIS-YEAR", "GIFT-EXPIRED-THIS-YEAR"},
			[]string{"GIFT-LAST-YEAR", "GIFT-DRAFT", "ETHICS-THIS-YEAR"}},
		{"/news?tag=no-gift&fy=2569", []string{"GIFT-LAST-YEAR"},
			[]string{"GIFT-THIS-YEAR", "GIFT-EXPIRED-THIS-YEAR", "GIFT-DRAFT", "ETHICS-THIS-YEAR"}},
		{"/news?fy=2570&tag=ethics", []string{"ETHICS-THIS-YEAR"}, []string{"GIFT-"}},
		{"/news?tag=no-gift", []string{"GIFT-THIS-YEAR", "GIFT-LAST-YEAR"},
			[]string{"GIFT-DRAFT", "GIFT-EXPIRED-THIS-YEAR", "ETHICS-THIS-YEAR"}},
	}
	for _, tc := range tests {
		p := b.get(tc.path)
		wantStatus(t, p, 200, tc.path)
		for _, s := range tc.want {
			if !strings.Contains(p.body, s+"<") {
				t.Errorf("%s lacks %s", tc.path, s)
			}
		}
		for _, s := range tc.none {
			if strings.Contains(p.body, s) && (s == "GIFT-" || strings.Contains(p.body, s+"<")) {
				t.Errorf("%s shows %s", tc.path, s)
			}
		}
	}
	if p := b.get("/news?fy=2570&tag=nope"); p.status != 404 {
		t.Errorf("unknown tag in an archive year: %d, want 404", p.status)
	}
}
