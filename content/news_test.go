package content

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"newsroom"
)

func TestNewsValidation(t *testing.T) {
	now := time.Now()
	thai200 := strings.Repeat("ข่าว", 50) // 4 code points each: 200
	tests := []struct {
		name   string
		mutate func(*NewsInput)
		field  string
		key    string
	}{
		{"ok", func(*NewsInput) {}, "", ""},
		{"200 Thai code points", func(in *NewsInput) { in.Headline = thai200 }, "", ""},
		{"201 Thai code points", func(in *NewsInput) { in.Headline = thai200 + "ก" }, "headline", "err.headline_long"},
		{"combining marks count", func(in *NewsInput) { in.Headline = strings.Repeat("กี่", 67) }, "headline", "err.headline_long"},
		{"empty headline", func(in *NewsInput) { in.Headline = "  \t " }, "headline", "err.required"},
		{"bad type", func(in *NewsInput) { in.Type = "gossip" }, "news_type", "err.choose"},
		{"bad lang", func(in *NewsInput) { in.Lang = "fr" }, "lang", "err.choose"},
		{"end before start", func(in *NewsInput) { in.End = now.AddDate(0, 0, -2) }, "end", "err.end_before_start"},
		{"no end", func(in *NewsInput) { in.End = time.Time{} }, "end", "err.date"},
		{"zero order", func(in *NewsInput) { in.Sort = 0 }, "sort", "err.sort"},
		{"7 per row", func(in *NewsInput) { in.PhotosPerRow = 7 }, "photos_per_row", "err.photos_per_row"},
		{"no unit", func(in *NewsInput) { in.UnitID = 0 }, "unit_id", "err.choose"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := validNews(1, now)
			tc.mutate(&in)
			err := in.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var fe newsroom.FieldErrors
			if !errors.As(err, &fe) || fe[tc.field] != tc.key {
				t.Fatalf("got %v, want %s=%s", err, tc.field, tc.key)
			}
		})
	}
}

func TestNewsBodyIsSanitisedOnSave(t *testing.T) {
	f := newFixture(t)
	in := validNews(f.unitA, time.Now())
	in.Body = `<p onclick="x()">สวัสดี<script>alert(1)</script><a href="javascript:alert(1)">x</a></p><iframe src="https://evil.example/"></iframe>`
	n, err := f.store.CreateNews(context.Background(), in, Author{Name: "นก"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "onclick", "javascript:", "evil.example", "<iframe"} {
		if strings.Contains(strings.ToLower(n.Body), bad) {
			t.Errorf("stored body keeps %q: %s", bad, n.Body)
		}
	}
	if !strings.Contains(n.Body, "สวัสดี") || !strings.Contains(n.BodyText, "สวัสดี") {
		t.Errorf("text lost: %q / %q", n.Body, n.BodyText)
	}
}

func TestDoubleSubmitMakesOneItem(t *testing.T) {
	f := newFixture(t)
	in := validNews(f.unitA, time.Now())
	in.FormToken = "form-token-123456"
	a, err := f.store.CreateNews(context.Background(), in, Author{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.store.CreateNews(context.Background(), in, Author{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != b.ID {
		t.Fatalf("double submit made two items: %d, %d", a.ID, b.ID)
	}
	_, total, _ := f.store.ListNews(context.Background(), NewsFilter{ListFilter: ListFilter{Now: time.Now()}})
	if total != 1 {
		t.Fatalf("%d items after double submit", total)
	}
}

func TestListNewsScopeAndStates(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	mk := func(unit int64, start time.Time, end time.Time, publish bool, headline string) {
		in := validNews(unit, start)
		in.End, in.Publish, in.Headline = end, publish, headline
		if _, err := f.store.CreateNews(ctx, in, Author{}, now); err != nil {
			t.Fatal(err)
		}
	}
	mk(f.unitA, now.Add(-time.Hour), now.AddDate(0, 0, 1), true, "live A")
	mk(f.unitA, now.Add(48*time.Hour), now.AddDate(0, 0, 5), true, "scheduled A")
	mk(f.unitB, now.AddDate(0, 0, -10), now.AddDate(0, 0, -5), true, "expired B")
	mk(f.unitB, now.Add(-time.Hour), now.AddDate(0, 0, 1), false, "draft B 100%_")
	count := func(flt NewsFilter) int {
		flt.ListFilter.Now = now
		_, n, err := f.store.ListNews(ctx, flt)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	cases := []struct {
		name string
		f    NewsFilter
		want int
	}{
		{"all", NewsFilter{}, 4},
		{"unit A scope", NewsFilter{ListFilter: ListFilter{ScopeUnit: f.unitA}}, 2},
		{"scope wins over a unit filter", NewsFilter{ListFilter: ListFilter{ScopeUnit: f.unitA, Unit: f.unitB}}, 0},
		{"live", NewsFilter{ListFilter: ListFilter{State: "live"}}, 1},
		{"scheduled", NewsFilter{ListFilter: ListFilter{State: "scheduled"}}, 1},
		{"expired", NewsFilter{ListFilter: ListFilter{State: "expired"}}, 1},
		{"draft", NewsFilter{ListFilter: ListFilter{State: "draft"}}, 1},
		{"search", NewsFilter{Q: "live"}, 1},
		{"search escapes LIKE wildcards", NewsFilter{Q: "100%_"}, 1},
		{"percent alone matches nothing special", NewsFilter{Q: "%"}, 1},
	}
	for _, tc := range cases {
		if got := count(tc.f); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
	live, total, err := f.store.LiveNews(ctx, Thai, now, 10, 0)
	if err != nil || total != 1 || live[0].Headline != "live A" {
		t.Fatalf("live news: %v %d %v", live, total, err)
	}
}

func TestPublicNewsVisibility(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	in := validNews(f.unitA, now.Add(time.Hour))
	n, _ := f.store.CreateNews(ctx, in, Author{}, now)
	if _, err := f.store.PublicNews(ctx, n.ID, now); !errors.Is(err, ErrNotFound) {
		t.Fatalf("scheduled news public: %v", err)
	}
	if _, err := f.store.PublicNews(ctx, n.ID, now.Add(2*time.Hour)); err != nil {
		t.Fatalf("live news: %v", err)
	}
	if _, err := f.store.PublicNews(ctx, n.ID, now.AddDate(0, 0, 30)); err != nil {
		t.Fatalf("expired news must stay reachable: %v", err)
	}
}
