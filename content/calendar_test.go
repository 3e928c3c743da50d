package content

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"newsroom"
	"newsroom/kind"
	"newsroom/roles"
)

func TestCalendar(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, newsroom.Bangkok) }
	news := func(unit int64, headline string, start, end time.Time, publish bool) int64 {
		in := validNews(unit, start)
		in.Headline, in.End, in.Publish = headline, end, publish
		n, err := f.store.CreateNews(ctx, in, Author{Name: "x"}, start)
		if err != nil {
			t.Fatal(err)
		}
		return n.ID
	}
	notice := func(cat roles.Category, headline string, start, end time.Time) {
		in := NoticeInput{MetaInput: MetaInput{Lang: Thai, Sort: 1, Start: start, End: end, UnitID: f.unitA, Publish: true},
			Category: cat, Headline: headline, LinkURL: "https://www.npu.ac.th/", NewDays: 1, Reads: 1}
		if _, err := f.store.SaveNotice(ctx, Notice{}, in, Author{Name: "x"}, start); err != nil {
			t.Fatal(err)
		}
	}
	video := func(headline string, start, end time.Time) {
		in := VideoInput{MetaInput: MetaInput{Lang: Thai, Sort: 1, Start: start, End: end, UnitID: f.unitB, Publish: true},
			Programme: "3-minutes", Title: headline, Link: "https://youtu.be/dQw4w9WgXcQ"}
		if _, err := f.store.SaveVideo(ctx, Video{}, in, Author{Name: "x"}, start); err != nil {
			t.Fatal(err)
		}
	}
	news(f.unitA, "starts and stops in December", at(12, 5, 9), at(12, 20, 0), true)
	news(f.unitB, "stops in December", at(11, 10, 9), at(12, 3, 0), true)
	news(f.unitA, "draft starting in December", at(12, 7, 9), at(12, 30, 0), false)
	news(f.unitA, "November only", at(11, 1, 9), at(11, 30, 0), true)
	news(f.unitA, "across December", at(11, 1, 9), time.Date(2027, 1, 5, 0, 0, 0, 0, newsroom.Bangkok), true)
	news(f.unitA, "January", time.Date(2027, 1, 1, 0, 0, 0, 0, newsroom.Bangkok), time.Date(2027, 1, 5, 0, 0, 0, 0, newsroom.Bangkok), true)
	trashed := news(f.unitA, "trashed in December", at(12, 8, 9), at(12, 9, 0), true)
	if err := f.store.Trash(ctx, NewsKind, trashed, at(12, 8, 10)); err != nil {
		t.Fatal(err)
	}
	notice(roles.Jobs, "jobs notice", at(12, 10, 8), at(12, 24, 0))
	notice(roles.Procure, "procurement notice", at(12, 11, 8), at(12, 25, 0))
	video("December video", at(12, 1, 0), at(12, 31, 0))

	from := at(12, 1, 0)
	to := from.AddDate(0, 1, 0)
	all := []CalendarScope{{Kind: NewsKind}, {Kind: VideoKind}, {Kind: BannerKind}, {Kind: NoticeKind, Categories: []roles.Category{roles.Jobs}}}
	titles := func(scopes []CalendarScope) []string {
		t.Helper()
		es, more, err := f.store.Calendar(ctx, scopes, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if more {
			t.Error("more: want every item")
		}
		var out []string
		for _, e := range es {
			out = append(out, e.Title)
			if e.EditPath() != e.Kind.EditPath(strconv.FormatInt(e.ID, 10)) || e.EditPath() == "" {
				t.Errorf("%s: edit path %q", e.Title, e.EditPath())
			}
		}
		return out
	}
	// By start: the item that stops in December started in November.
	want := []string{"stops in December", "December video", "starts and stops in December", "draft starting in December", "jobs notice"}
	if got := titles(all); !slices.Equal(got, want) {
		t.Errorf("central PR's December:\n got %q\nwant %q", got, want)
	}
	unitA := []CalendarScope{{Kind: NewsKind, Unit: f.unitA}, {Kind: VideoKind, Unit: f.unitA}}
	if got, want := titles(unitA), []string{"starts and stops in December", "draft starting in December"}; !slices.Equal(got, want) {
		t.Errorf("unit A's December:\n got %q\nwant %q", got, want)
	}
	if got := titles([]CalendarScope{{Kind: NoticeKind}}); len(got) != 0 {
		t.Errorf("notices with no category: %q; want none", got)
	}
	if got, want := titles([]CalendarScope{{Kind: NoticeKind, Categories: []roles.Category{roles.Procure, roles.Jobs}}}), []string{"jobs notice", "procurement notice"}; !slices.Equal(got, want) {
		t.Errorf("notices of two categories: %q; want %q", got, want)
	}
	es, _, _ := f.store.Calendar(ctx, all, from, to)
	for _, e := range es {
		if e.Title == "draft starting in December" && e.State(at(12, 4, 0)) != "draft" {
			t.Errorf("the draft's state is %q", e.State(at(12, 4, 0)))
		}
		if e.Title == "starts and stops in December" && (e.State(at(12, 4, 0)) != "scheduled" || !e.Window.End.Equal(EndOfDay(at(12, 20, 0)))) {
			t.Errorf("%s: state %q, end %v", e.Title, e.State(at(12, 4, 0)), e.Window.End)
		}
	}
	if _, _, err := f.store.Calendar(ctx, []CalendarScope{{Kind: &kind.Kind{Name: "news", Table: "news", Title: "headline", Features: kind.Status}}}, from, to); err == nil {
		t.Error("an unregistered kind: want an error")
	}
	// Bounded: at most max entries, and more says some were left off,
	// whether the cut falls inside a kind or exactly at its end.
	for _, tc := range []struct {
		max  int
		n    int
		more bool
	}{{1, 1, true}, {3, 3, true}, {4, 4, true}, {5, 5, false}, {6, 5, false}} {
		es, more, err := f.store.calendar(ctx, all, from, to, tc.max)
		if err != nil || len(es) != tc.n || more != tc.more {
			t.Errorf("at most %d: %d entries, more %v, %v; want %d, %v", tc.max, len(es), more, err, tc.n, tc.more)
		}
	}
}
