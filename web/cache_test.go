package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"newsroom/content"
)

// An item appears at its start minute and leaves after its end date through
// the page cache, with no edit and no restart: the cache expires at the next
// display-window boundary.
func TestCacheFollowsDisplayWindows(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	now := ta.clock.Now()
	start := now.Add(10 * time.Minute).Truncate(time.Minute)
	in := content.NewsInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: start, End: start, UnitID: ta.unitID(t, "science"),
		Publish: true}, Type: content.Activity, Headline: "ข่าวที่ตั้งเวลาไว้ล่วงหน้า", PhotosPerRow: 4}
	if _, err := ta.content.CreateNews(ctx, in, content.Author{Name: "x"}, now); err != nil {
		t.Fatal(err)
	}
	v := ta.browser(t)
	shows := func() bool {
		p := v.get("/news")
		wantStatus(t, p, 200, "news list")
		return strings.Contains(p.body, "ข่าวที่ตั้งเวลาไว้ล่วงหน้า")
	}
	if shows() {
		t.Fatal("a scheduled item is listed before its start")
	}
	first := v.get("/news")
	if first.header.Get("ETag") == "" {
		t.Fatal("no ETag on a cached page")
	}
	// Still cached and still hidden a minute before the start.
	ta.clock.Add(start.Sub(ta.clock.Now()) - time.Minute)
	if shows() {
		t.Fatal("shown a minute early")
	}
	ta.clock.Add(time.Minute)
	if !shows() {
		t.Fatal("not shown at its start minute")
	}
	// Its end date is the start's day: it leaves at the next midnight (Bangkok).
	ta.clock.Add(content.EndOfDay(start).Sub(ta.clock.Now()))
	if !shows() {
		t.Fatal("gone before the end of its end date")
	}
	ta.clock.Add(time.Second)
	if shows() {
		t.Fatal("still listed after its end date")
	}
	// 304 for an unchanged page.
	p := v.get("/news")
	req, _ := http.NewRequest("GET", ta.srv.URL+"/news", nil)
	req.Header.Set("If-None-Match", p.header.Get("ETag"))
	if res := v.do(req); res.status != http.StatusNotModified {
		t.Fatalf("If-None-Match: %d", res.status)
	}
}

// An edit shows at once, through the cache.
func TestCacheForgetsOnEdit(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	now := ta.clock.Now()
	in := content.NewsInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: now.Add(-time.Hour), End: now.AddDate(0, 0, 2),
		UnitID: ta.unitID(t, "science"), Publish: true}, Type: content.Activity, Headline: "หัวข้อเดิม", PhotosPerRow: 4}
	n, _ := ta.content.CreateNews(ctx, in, content.Author{}, now)
	v := ta.browser(t)
	if p := v.get("/news"); !strings.Contains(p.body, "หัวข้อเดิม") {
		t.Fatal("not listed")
	}
	in.Headline = "หัวข้อใหม่"
	if err := ta.content.UpdateNews(ctx, n.ID, in, now); err != nil {
		t.Fatal(err)
	}
	if p := v.get("/news"); !strings.Contains(p.body, "หัวข้อใหม่") {
		t.Fatal("the edit is not shown: a stale cache")
	}
}

func TestPagesAnswerHEAD(t *testing.T) {
	ta := newTestApp(t)
	for _, path := range []string{"/", "/news", "/en/notices", "/privacy"} {
		req, _ := http.NewRequest(http.MethodHead, ta.srv.URL+path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("ETag") == "" {
			t.Errorf("HEAD %s: %d, ETag %q", path, res.StatusCode, res.Header.Get("ETag"))
		}
	}
}
