package admin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom/content"
)

// deskAnswer is what the desk script gets after a pick or an unpick.
type deskAnswer struct {
	OK      bool   `json:"ok"`
	Error   string `json:"error"`
	Message string `json:"message"`
	Count   int    `json:"count"`
	Max     int    `json:"max"`
	HTML    string `json:"html"`
}

// TestFeaturedDeskAnswersTheScript: with the X-CSRF-Token header a pick or
// an unpick answers JSON with the counter, a message and the desk's parts
// (no redirect, so the page keeps its place); refusals say why with their
// status; an expired session is a 401; a trashed pick frees its slot.
func TestFeaturedDeskAnswersTheScript(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	now := ta.clock.Now()
	var ids []int64
	for i := 0; i < 8; i++ {
		at := now.Add(-time.Duration(2+i) * time.Hour)
		in := content.NewsInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: at, End: at.AddDate(0, 0, 3), UnitID: ta.unitID(t, "science"),
			Publish: true}, Type: content.Achievement, Headline: fmt.Sprintf("ข่าวหน้าโต๊ะ %d", i), PhotosPerRow: 4}
		n, err := ta.content.CreateNews(ctx, in, content.Author{}, at)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, n.ID)
	}
	day := string(content.DayOf(now))
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	csrf := b.csrf("/admin/featured")
	send := func(path string, id int64) (int, deskAnswer) {
		t.Helper()
		p := b.postRaw(path, url.Values{"csrf": {csrf}, "day": {day}, "news_id": {itoa(id)}},
			map[string]string{"X-CSRF-Token": csrf, "Accept": "application/json"})
		var a deskAnswer
		if err := json.Unmarshal([]byte(p.body), &a); err != nil {
			t.Fatalf("POST %s: status %d, not JSON: %v\n%.300s", path, p.status, err, p.body)
		}
		return p.status, a
	}
	for i := 0; i < 6; i++ {
		status, a := send("/admin/featured/pick", ids[i])
		want := fmt.Sprintf("%d/6", i+1)
		if status != http.StatusOK || !a.OK || a.Count != i+1 || a.Max != 6 || !strings.Contains(a.Message, want) ||
			!strings.Contains(a.Message, fmt.Sprintf("ข่าวหน้าโต๊ะ %d", i)) {
			t.Fatalf("pick %d: status %d %+v; want 200, ok, count %d and a message naming it with %s", i, status, a, i+1, want)
		}
		if !strings.Contains(a.HTML, `id="pick-list"`) || !strings.Contains(a.HTML, "ข่าวเด่นที่เลือกแล้ว "+want) ||
			strings.Contains(a.HTML, "<html") || strings.Contains(a.HTML, "desk-cards") {
			t.Fatalf("pick %d: the answer's html is not the desk's parts:\n%.600s", i, a.HTML)
		}
	}
	// Every candidate's action is in the answer: six badges, two disabled buttons.
	_, a := send("/admin/featured/pick", ids[6])
	if a.OK || a.Error != "full" || !strings.Contains(a.Message, "เลือกครบ 6 ข่าว") {
		t.Errorf("a 7th pick: %+v; want the refusal full with its message", a)
	}
	if n := strings.Count(a.HTML, `class="card-action"`); n != 8 {
		t.Errorf("the answer has %d card actions; want one per candidate, 8", n)
	}
	if n := strings.Count(a.HTML, "disabled>"); n < 2 {
		t.Errorf("with six picks the answer has %d disabled buttons; want the two other candidates' pick buttons", n)
	}
	if status, a := send("/admin/featured/pick", ids[0]); status != http.StatusConflict || a.Error == "" {
		t.Errorf("picking twice: status %d %+v; want 409", status, a)
	}
	// Unpick: the counter goes down in place.
	if status, a := send("/admin/featured/unpick", ids[2]); status != 200 || !a.OK || a.Count != 5 || !strings.Contains(a.Message, "ข่าวหน้าโต๊ะ 2") {
		t.Errorf("unpick: status %d %+v; want 200 with 5 picks", status, a)
	}
	// A trashed pick frees its slot: the counter says 4 and two picks fit.
	if err := ta.content.Trash(ctx, content.NewsKind, ids[3], now); err != nil {
		t.Fatal(err)
	}
	if status, a := send("/admin/featured/pick", ids[6]); status != 200 || a.Count != 5 {
		t.Errorf("a pick after a trashed one: status %d, count %d %q; want 200, 5", status, a.Count, a.Message)
	}
	if status, a := send("/admin/featured/pick", ids[7]); status != 200 || a.Count != 6 {
		t.Errorf("a sixth pick after a trashed one: status %d, count %d %q; want 200, 6", status, a.Count, a.Message)
	}
	if desk := b.get("/admin/featured"); !strings.Contains(desk.body, "6/6") || strings.Contains(desk.body, `data-id="`+itoa(ids[3])+`" draggable`) {
		t.Errorf("the desk after the trash: want 6/6 without the trashed pick")
	}
	// Without JavaScript the forms still answer with the desk.
	wantRedirect(t, b.post("/admin/featured", "/admin/featured/unpick", url.Values{"day": {day}, "news_id": {itoa(ids[7])}}), "/admin/featured?day=", "form unpick")
	// An ended session: 401 with where to log in, never a redirect to follow.
	b.post("/admin/", "/admin/logout", nil)
	p := b.postRaw("/admin/featured/pick", url.Values{"csrf": {csrf}, "day": {day}, "news_id": {itoa(ids[7])}}, map[string]string{"X-CSRF-Token": csrf})
	if p.status != http.StatusUnauthorized || !strings.Contains(p.body, "/admin/login") {
		t.Errorf("a pick after logout: status %d %.200s; want 401 with the login link", p.status, p.body)
	}
}
