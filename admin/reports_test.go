package admin_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
)

// TestReportCSVNeutralisesFormulas: unit names are typed by admins; the
// featured tally CSV must not hand a spreadsheet a formula, while the pick
// counts stay numbers.
func TestReportCSVNeutralisesFormulas(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	ta.clock.Set(time.Date(2026, time.November, 18, 9, 0, 0, 0, newsroom.Bangkok))
	now := ta.clock.Now()
	at := now.AddDate(0, 0, -3)
	evil := []string{`=HYPERLINK("http://evil.example","คลิก")`, "@SUM(1)", "-1+cmd"}
	for i, name := range evil {
		u, err := ta.users.CreateUnit(ctx, roles.Unit{Code: fmt.Sprintf("evil-%d", i), NameTH: name, Kind: "office"}, now)
		if err != nil {
			t.Fatal(err)
		}
		in := content.NewsInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: at, End: at.AddDate(0, 0, 5), UnitID: u.ID,
			Publish: true}, Type: content.Achievement, Headline: fmt.Sprintf("ข่าว %d", i), PhotosPerRow: 4}
		n, err := ta.content.CreateNews(ctx, in, content.Author{}, at)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ta.content.PickNews(ctx, content.DayOf(at), n.ID, content.Author{}, at.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ta.content.CatchUpTally(ctx, now); err != nil {
		t.Fatal(err)
	}
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	p := b.get("/admin/reports.csv?kind=fy")
	wantStatus(t, p, 200, "report csv")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(p.body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, row := range rows[1:] {
		for _, name := range evil {
			if strings.TrimPrefix(row[2], "'") == name {
				found++
				if row[2] != "'"+name {
					t.Errorf("unit cell %q is not neutralised", row[2])
				}
				if row[3] != "1" {
					t.Errorf("picks cell %q", row[3])
				}
			}
		}
		for _, cell := range row {
			if c := strings.TrimLeft(cell, " "); c != "" && strings.ContainsAny(c[:1], "=+@") {
				t.Errorf("formula-like cell %q", cell)
			}
		}
	}
	if found != len(evil) {
		t.Fatalf("found %d of the units in:\n%s", found, p.body)
	}
}
