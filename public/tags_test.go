package public_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

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
