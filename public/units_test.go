package public_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom/content"
	"newsroom/roles"
)

// A faculty page, its feeds, the lists' ?unit= filter and the API's list
// only that unit's live items: not drafts, trashed, taken-down, scheduled
// or expired items, and nothing of another unit.
func TestUnitPageAndFeedListOnlyTheUnitsLiveItems(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(accNow)
	ctx := context.Background()
	day := 24 * time.Hour
	live := accItem{start: accNow.Add(-day), end: accNow.Add(2 * day), unit: "science"}
	item := func(title string, mod func(*accItem)) accItem {
		it := live
		it.title = title
		if mod != nil {
			mod(&it)
		}
		return it
	}
	ta.accNews(t, item("SCI-LIVE-NEWS", nil))
	ta.accNotice(t, item("SCI-LIVE-NOTICE", nil), roles.Announcement)
	ta.accVideo(t, item("SCI-LIVE-VIDEO", nil), content.NPUNews)
	ta.accNews(t, item("SCI-DRAFT", func(it *accItem) { it.draft = true }))
	ta.accNews(t, item("SCI-SCHEDULED", func(it *accItem) { it.start, it.end = accNow.Add(day), accNow.Add(3*day) }))
	ta.accNews(t, item("SCI-EXPIRED", func(it *accItem) {
		it.start, it.end, it.at = accNow.Add(-9*day), accNow.Add(-5*day), accNow.Add(-9*day)
	}))
	trashed := ta.accNews(t, item("SCI-TRASHED", nil))
	down := ta.accNews(t, item("SCI-TAKENDOWN", nil))
	ta.accNews(t, item("EDU-LIVE-NEWS", func(it *accItem) { it.unit = "education" }))
	ta.accNotice(t, item("EDU-LIVE-NOTICE", func(it *accItem) { it.unit = "education" }), roles.Announcement)
	if err := ta.content.Trash(ctx, content.NewsKind, trashed, accNow); err != nil {
		t.Fatal(err)
	}
	if err := ta.content.TakeDown(ctx, content.NewsKind, down, content.TakedownInput{Reason: "คำร้อง"}, accNow); err != nil {
		t.Fatal(err)
	}
	hidden := []string{"SCI-DRAFT", "SCI-SCHEDULED", "SCI-EXPIRED", "SCI-TRASHED", "SCI-TAKENDOWN", "EDU-LIVE"}

	b := ta.browser(t)
	check := func(path string, want []string) {
		t.Helper()
		p := b.get(path)
		wantStatus(t, p, 200, path)
		for _, w := range want {
			if !strings.Contains(p.body, w) {
				t.Errorf("%s lacks %s", path, w)
			}
		}
		for _, h := range hidden {
			if strings.Contains(p.body, h) {
				t.Errorf("%s shows %s", path, h)
			}
		}
	}
	check("/units/science", []string{"SCI-LIVE-NEWS", "SCI-LIVE-NOTICE", "SCI-LIVE-VIDEO", "/units/science/rss.xml", "/api/v1/news?unit=science"})
	check("/units/science/rss.xml", []string{"SCI-LIVE-NEWS", "SCI-LIVE-NOTICE", "SCI-LIVE-VIDEO"})
	check("/units/science/atom.xml", []string{"SCI-LIVE-NEWS", "SCI-LIVE-NOTICE", "SCI-LIVE-VIDEO"})
	check("/news?unit=science", []string{"SCI-LIVE-NEWS"})
	check("/notices?unit=science", []string{"SCI-LIVE-NOTICE"})
	check("/videos?unit=science", []string{"SCI-LIVE-VIDEO"})
	check("/en/units/science", nil)
	// The archive keeps the filter: the expired item is in its year, the other unit's is not.
	p := b.get("/news?unit=science&fy=2570")
	wantStatus(t, p, 200, "archive")
	if !strings.Contains(p.body, "SCI-EXPIRED") || strings.Contains(p.body, "EDU-LIVE-NEWS") || !strings.Contains(p.body, `name="unit" value="science"`) {
		t.Errorf("the unit's archive is wrong")
	}

	// Feeds parse as XML.
	var rss struct {
		Items []struct{ Title string } `xml:"channel>item"`
	}
	if err := xml.Unmarshal([]byte(b.get("/units/science/rss.xml").body), &rss); err != nil || len(rss.Items) != 3 {
		t.Errorf("rss: %v, %d items, want 3", err, len(rss.Items))
	}

	// The API.
	var api struct {
		Items []struct{ Headline string } `json:"items"`
		Total int                         `json:"total"`
	}
	p = b.get("/api/v1/news?unit=science")
	if err := json.Unmarshal([]byte(p.body), &api); err != nil || api.Total != 1 || len(api.Items) != 1 || api.Items[0].Headline != "SCI-LIVE-NEWS" {
		t.Errorf("api news?unit=science: %v %+v", err, api)
	}
	p = b.get("/api/v1/notices?unit=education")
	if !strings.Contains(p.body, "EDU-LIVE-NOTICE") || strings.Contains(p.body, "SCI-LIVE-NOTICE") {
		t.Errorf("api notices?unit=education: %s", p.body)
	}
}

// Unknown, malformed and retired units are 404 on pages and a 400 in the API.
func TestUnitFilterRefusesUnknownUnits(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	if err := ta.users.SetUnitRetired(ctx, ta.unitID(t, "nursing"), true, time.Now()); err != nil {
		t.Fatal(err)
	}
	b := ta.browser(t)
	for _, slug := range []string{"nope", "nursing", "SCIENCE", "a b", "../x", strings.Repeat("a", 61), "%00"} {
		q := url.QueryEscape(slug)
		for _, path := range []string{"/units/" + url.PathEscape(slug), "/units/" + url.PathEscape(slug) + "/rss.xml", "/news?unit=" + q, "/en/notices?unit=" + q, "/videos?unit=" + q} {
			if p := b.get(path); p.status != 404 {
				t.Errorf("%s: %d, want 404", path, p.status)
			}
		}
		if p := b.get("/api/v1/news?unit=" + q); p.status != 400 {
			t.Errorf("api unit %q: %d, want 400", slug, p.status)
		}
	}
	// /units lists active units with their pages, not retired ones.
	p := b.get("/units")
	if !strings.Contains(p.body, `href="/units/science"`) || strings.Contains(p.body, `href="/units/nursing"`) {
		t.Errorf("/units: science missing or nursing listed")
	}
}

// The unit form sets the slug and description; both are bounded, the slug
// unique; an empty slug is the code.
func TestUnitSlugAndDescription(t *testing.T) {
	ctx := context.Background()
	ta := newTestApp(t)
	sci := ta.unitID(t, "science")
	u, err := ta.users.Unit(ctx, sci)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, slug, desc string
		wantErr          string // field with an error, "" for none
		wantSlug         string
	}{
		{"new slug", "sci", "คณะวิทยาศาสตร์ มหาวิทยาลัยนครพนม", "", "sci"},
		{"empty is the code", "", "", "", "science"},
		{"taken", "education", "", "slug", ""},
		{"upper case", "Sci", "", "slug", ""},
		{"space", "sci ence", "", "slug", ""},
		{"leading dash", "-sci", "", "slug", ""},
		{"too long", strings.Repeat("s", 61), "", "slug", ""},
		{"longest", strings.Repeat("s", 60), "", "", strings.Repeat("s", 60)},
		{"description too long", "sci", strings.Repeat("ก", 1001), "description_th", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := u
			in.Slug, in.DescTH = tc.slug, tc.desc
			err := ta.users.UpdateUnit(ctx, in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want a %s error", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, _ := ta.users.Unit(ctx, sci)
			if got.Slug != tc.wantSlug || got.DescTH != tc.desc {
				t.Errorf("slug %q desc %q", got.Slug, got.DescTH)
			}
			if _, err := ta.users.UnitBySlug(ctx, tc.wantSlug); err != nil {
				t.Errorf("UnitBySlug(%q): %v", tc.wantSlug, err)
			}
		})
	}
	// Through the admin form: the page answers at the new address at once.
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	p := b.post("/admin/units/"+itoa(sci)+"/edit", "/admin/units/"+itoa(sci), url.Values{"name_th": {u.NameTH}, "name_en": {u.NameEN},
		"kind": {u.Kind}, "sort": {"0"}, "slug": {"faculty-of-science"}, "description_th": {"คำอธิบายใหม่ของคณะ"}})
	wantRedirect(t, p, "/admin/units", "save unit")
	if p := b.get("/units/faculty-of-science"); p.status != 200 || !strings.Contains(p.body, "คำอธิบายใหม่ของคณะ") {
		t.Errorf("new address: %d", p.status)
	}
	p = b.post("/admin/units/"+itoa(sci)+"/edit", "/admin/units/"+itoa(sci), url.Values{"name_th": {u.NameTH}, "kind": {u.Kind},
		"slug": {"education"}, "description_th": {"ข้อความที่พิมพ์ไว้"}})
	wantStatus(t, p, 422, "taken slug")
	if !strings.Contains(p.body, "ข้อความที่พิมพ์ไว้") || !strings.Contains(p.body, "หน่วยงานอื่นใช้ที่อยู่นี้แล้ว") {
		t.Errorf("the form lost what was typed or has no message")
	}
}
