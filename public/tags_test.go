package public_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"newsroom/content"
)

const newsPerPageForTest = 12 // public.newsPerPage

// /news?tag= lists only the live news carrying the tag; the news page links
// its tags; feeds and the API carry and filter them; unknown tags are 404
// (pages) and 400 (API).
func TestNewsTagsOnPagesFeedsAndAPI(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(accNow)
	ctx := context.Background()
	day := 24 * time.Hour
	live := accItem{start: accNow.Add(-day), end: accNow.Add(2 * day)}
	tagged := live
	tagged.title = "TAGGED-LIVE"
	id := ta.accNews(t, tagged)
	other := live
	other.title = "UNTAGGED-LIVE"
	ta.accNews(t, other)
	draft := live
	draft.title, draft.draft = "TAGGED-DRAFT", true
	draftID := ta.accNews(t, draft)
	for _, n := range []int64{id, draftID} {
		if err := ta.content.TagNews(ctx, n, []string{"no-gift"}); err != nil {
			t.Fatal(err)
		}
	}
	b := ta.browser(t)
	for _, path := range []string{"/news?tag=no-gift", "/news/rss.xml?tag=no-gift", "/news/atom.xml?tag=no-gift", "/api/v1/news?tag=no-gift"} {
		p := b.get(path)
		wantStatus(t, p, 200, path)
		if !strings.Contains(p.body, "TAGGED-LIVE") || strings.Contains(p.body, "UNTAGGED-LIVE") || strings.Contains(p.body, "TAGGED-DRAFT") {
			t.Errorf("%s lists the wrong news", path)
		}
	}
	wantStatus(t, b.get("/en/news?tag=no-gift"), 200, "English list of a tag")
	p := b.get("/news?tag=no-gift")
	if !strings.Contains(p.body, "No Gift Policy") || !strings.Contains(p.body, `name="tag" value="no-gift"`) {
		t.Errorf("the tag's list does not name the tag or its archive form drops it")
	}
	p = b.get("/news/" + itoa(id))
	if !strings.Contains(p.body, `href="/news?tag=no-gift"`) || !strings.Contains(p.body, "No Gift Policy") {
		t.Errorf("the news page does not link its tag")
	}
	if p := b.get("/news/rss.xml"); !strings.Contains(p.body, "<category>No Gift Policy</category>") {
		t.Errorf("the feed has no tag category")
	}
	var api struct {
		Items []struct {
			Headline string
			Tags     []struct{ Slug, URL string }
		}
	}
	if err := json.Unmarshal([]byte(b.get("/api/v1/news").body), &api); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range api.Items {
		if it.Headline == "TAGGED-LIVE" {
			found = len(it.Tags) == 1 && it.Tags[0].Slug == "no-gift" && strings.HasSuffix(it.Tags[0].URL, "/news?tag=no-gift")
		}
	}
	if !found {
		t.Errorf("API news has no tags: %+v", api.Items)
	}
	for _, path := range []string{"/news?tag=nope", "/news?tag=BAD", "/news/rss.xml?tag=nope", "/news?tag=" + strings.Repeat("a", 61)} {
		if p := b.get(path); p.status != 404 {
			t.Errorf("%s: %d, want 404", path, p.status)
		}
	}
	if p := b.get("/api/v1/news?tag=nope"); p.status != 400 {
		t.Errorf("api unknown tag: %d", p.status)
	}
}

// The tag's list leaves out trashed news and news of other tags, names the
// tag in its title (both languages), and its pager keeps the tag; the Atom
// feed gives each tag its slug as term and its name as label.
func TestNewsTagListExcludesAndPages(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(accNow)
	ctx := context.Background()
	day := 24 * time.Hour
	live := accItem{start: accNow.Add(-day), end: accNow.Add(2 * day)}
	tag := func(title string, slugs ...string) int64 {
		it := live
		it.title = title
		id := ta.accNews(t, it)
		if err := ta.content.TagNews(ctx, id, slugs); err != nil {
			t.Fatal(err)
		}
		return id
	}
	for i := 0; i < newsPerPageForTest; i++ {
		tag("ETHICS-"+itoa(int64(i)), "ethics")
	}
	tag("ETHICS-AND-GIFT", "ethics", "no-gift")
	tag("PARTICIPATION-ONLY", "participation")
	trashed := tag("ETHICS-TRASHED", "ethics")
	if err := ta.content.Trash(ctx, content.NewsKind, trashed, accNow); err != nil {
		t.Fatal(err)
	}
	b := ta.browser(t)
	first := b.get("/news?tag=ethics")
	wantStatus(t, first, 200, "ethics list")
	second := b.get("/news?tag=ethics&page=2")
	wantStatus(t, second, 200, "ethics list, page 2")
	both := first.body + second.body
	if strings.Contains(both, "PARTICIPATION-ONLY") || strings.Contains(both, "ETHICS-TRASHED") {
		t.Error("the ethics list shows news of another tag or a trashed one")
	}
	if !strings.Contains(both, "ETHICS-AND-GIFT") {
		t.Error("the ethics list misses tagged news")
	}
	for i := 0; i < newsPerPageForTest; i++ {
		if !strings.Contains(both, "ETHICS-"+itoa(int64(i))) {
			t.Errorf("ETHICS-%d is on neither page", i)
		}
	}
	if !strings.Contains(first.body, "page=2") || !strings.Contains(first.body, "tag=ethics&amp;page=2") && !strings.Contains(first.body, "page=2&amp;tag=ethics") {
		t.Error("the pager drops the tag")
	}
	if !strings.Contains(first.body, "<title>") || !strings.Contains(strings.SplitN(first.body, "</title>", 2)[0], "จริยธรรม") {
		t.Error("the Thai title does not name the tag")
	}
	if en := b.get("/en/news?tag=ethics"); !strings.Contains(strings.SplitN(en.body, "</title>", 2)[0], "Ethics") {
		t.Error("the English title does not name the tag")
	}
	atom := b.get("/news/atom.xml?tag=no-gift")
	wantStatus(t, atom, 200, "atom of a tag")
	if !strings.Contains(atom.body, `<category term="no-gift" label="No Gift Policy"></category>`) || !strings.Contains(atom.body, `term="ethics" label="จริยธรรม"`) {
		t.Errorf("the Atom entry lacks its tags' term and label: %.2000s", atom.body)
	}
	if strings.Contains(atom.body, "ETHICS-0<") || strings.Contains(atom.body, "PARTICIPATION-ONLY") {
		t.Error("the no-gift feed lists untagged news")
	}
	if rss := b.get("/news/rss.xml?tag=participation"); !strings.Contains(rss.body, "<category>การมีส่วนร่วม</category>") || strings.Contains(rss.body, "ETHICS-") {
		t.Error("the RSS of a tag lacks its category or lists other news")
	}
}

// The demo tags live Thai news of the current fiscal year with "No Gift
// Policy" and "การมีส่วนร่วม" (the ITA hub's O20 and O19 read them).
func TestDemoTaggedNewsInFiscalYear(t *testing.T) {
	ta := newDemoApp(t)
	ctx := context.Background()
	now := time.Now()
	fyStart, fyEnd := content.FiscalYearRange(content.FiscalYear(now))
	b := ta.browser(t)
	for _, slug := range []string{"no-gift", "participation", "ethics"} {
		tg, err := ta.content.TagBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		list, _, err := ta.content.LiveNewsTagged(ctx, content.Thai, tg.ID, 0, now, 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		inYear := 0
		for _, n := range list {
			if s := n.Window.Start; !s.Before(fyStart) && s.Before(fyEnd) {
				inYear++
			}
		}
		if inYear == 0 {
			t.Errorf("no live Thai news tagged %s inside the fiscal year", slug)
		}
		if p := b.get("/news?tag=" + slug); p.status != 200 || len(list) > 0 && !strings.Contains(p.body, list[0].Headline) {
			t.Errorf("/news?tag=%s does not list the demo's tagged news", slug)
		}
	}
}
