package public_test

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/app"
	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
)

// Acceptance tests of the public site, the page cache, the featured block
// and the central-PR dashboard. They stand at a fixed instant: a Wednesday
// morning in Bangkok, mid-month, so "yesterday", "three days ago" and the
// end of today never cross a month or the wall clock's midnight.
var accNow = time.Date(2026, time.November, 18, 9, 0, 0, 0, newsroom.Bangkok)

// accItem describes one content item the tests create through the store.
type accItem struct {
	title      string
	sort       int       // display order; 0 means 1
	start, end time.Time // end: any instant on the end date
	at         time.Time // when it is saved (created_at); zero: start
	unit       string    // unit code; "" means central PR's unit
	draft      bool
}

func (it accItem) savedAt() time.Time {
	if it.at.IsZero() {
		return it.start
	}
	return it.at
}

// accAuthor is the central admin, who may own any item and pending file.
func (ta *testApp) accAuthor(t testing.TB) content.Author {
	t.Helper()
	u, err := ta.users.UserByCitizenID(context.Background(), ta.adminID)
	if err != nil {
		t.Fatal(err)
	}
	return content.Author{UserID: u.ID, Name: u.Name}
}

func (ta *testApp) accMeta(t testing.TB, it accItem) content.MetaInput {
	t.Helper()
	unit := it.unit
	if unit == "" {
		unit = "pr"
	}
	return content.MetaInput{Lang: content.Thai, Sort: max(it.sort, 1), Start: it.start, End: it.end, UnitID: ta.unitID(t, unit), Publish: !it.draft}
}

func (ta *testApp) accNews(t testing.TB, it accItem) int64 {
	t.Helper()
	n, err := ta.content.CreateNews(context.Background(), content.NewsInput{MetaInput: ta.accMeta(t, it), Type: content.Activity,
		Headline: it.title, Body: "<p>" + it.title + "</p>", PhotosPerRow: 4}, ta.accAuthor(t), it.savedAt())
	if err != nil {
		t.Fatalf("news %q: %v", it.title, err)
	}
	return n.ID
}

func (ta *testApp) accVideo(t testing.TB, it accItem, prog content.Programme) int64 {
	t.Helper()
	id, err := ta.content.SaveVideo(context.Background(), content.Video{}, content.VideoInput{MetaInput: ta.accMeta(t, it), Programme: prog,
		Title: it.title, Link: "https://youtu.be/dQw4w9WgXcQ"}, ta.accAuthor(t), it.savedAt())
	if err != nil {
		t.Fatalf("video %q: %v", it.title, err)
	}
	return id
}

func (ta *testApp) accNotice(t testing.TB, it accItem, cat roles.Category) int64 {
	t.Helper()
	id, err := ta.content.SaveNotice(context.Background(), content.Notice{}, content.NoticeInput{MetaInput: ta.accMeta(t, it), Category: cat,
		Headline: it.title, LinkURL: "https://www.npu.ac.th/", NewDays: 1}, ta.accAuthor(t), it.savedAt())
	if err != nil {
		t.Fatalf("notice %q: %v", it.title, err)
	}
	return id
}

// accBanner stores a banner image as the form's crop step would, then the
// banner that uses it.
func (ta *testApp) accBanner(t testing.TB, it accItem) int64 {
	t.Helper()
	ctx := context.Background()
	by := ta.accAuthor(t)
	f, err := ta.content.StorePending(ctx, "banner", by.UserID, testJPEG(t, 1000, 300), ".jpg", content.PendingFile{Width: 1000, Height: 300}, it.savedAt())
	if err != nil {
		t.Fatal(err)
	}
	id, err := ta.content.SaveBanner(ctx, content.Banner{}, content.BannerInput{MetaInput: ta.accMeta(t, it), Placement: "main", Title: it.title,
		ImageKey: f.Key}, by, it.savedAt())
	if err != nil {
		t.Fatalf("banner %q: %v", it.title, err)
	}
	return id
}

// accForm is a content form's shared fields at now: started an hour ago,
// ending three days later, published.
func accForm(now time.Time, extra url.Values) url.Values {
	now = now.In(newsroom.Bangkok)
	f := url.Values{"lang": {"th"}, "sort": {"1"}, "start": {now.Add(-time.Hour).Format("2006-01-02T15:04")},
		"end": {now.AddDate(0, 0, 3).Format("2006-01-02")}, "action": {"publish"}}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

// accBetween returns body from the first from up to the next to (or its end);
// "" when from is missing.
func accBetween(body, from, to string) string {
	i := strings.Index(body, from)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest[len(from):], to); j >= 0 {
		return rest[:len(from)+j]
	}
	return rest
}

var accTag = regexp.MustCompile(`<[^>]*>`)

// accText is a page's visible text with the tags gone and spaces collapsed.
func accText(html string) string {
	return strings.Join(strings.Fields(accTag.ReplaceAllString(html, " ")), " ")
}

// accOrder returns which of marks occur in body, in the order they occur.
func accOrder(body string, marks []string) []string {
	type hit struct {
		at   int
		mark string
	}
	var hits []hit
	for _, m := range marks {
		if i := strings.Index(body, m); i >= 0 {
			hits = append(hits, hit{i, m})
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	out := []string{}
	for _, h := range hits {
		out = append(out, h.mark)
	}
	return out
}

var (
	accLoadAttr = regexp.MustCompile(`(?i)\s(src|srcset|poster|data-src|data-srcset|data-poster)\s*=\s*"([^"]*)"`)
	accLinkTag  = regexp.MustCompile(`(?i)<link\s[^>]*>`)
	accLinkLoad = regexp.MustCompile(`(?i)\srel="[^"]*\b(stylesheet|icon|preload|modulepreload|prefetch|preconnect|dns-prefetch|manifest)\b`)
	accHref     = regexp.MustCompile(`(?i)\shref="([^"]*)"`)
)

// accLocalOnly fails unless everything the page makes a browser load on
// arrival comes from our own site (SPEC §2.2, §4: no request to another host).
func accLocalOnly(t *testing.T, what, body string) {
	t.Helper()
	local := func(u string) bool { return strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") }
	for _, m := range accLoadAttr.FindAllStringSubmatch(body, -1) {
		for _, part := range strings.Split(m[2], ",") {
			if f := strings.Fields(part); len(f) > 0 && !local(f[0]) {
				t.Errorf("%s: %s=%q loads from another host", what, m[1], m[2])
			}
		}
	}
	for _, tag := range accLinkTag.FindAllString(body, -1) {
		if accLinkLoad.MatchString(tag) {
			if h := accHref.FindStringSubmatch(tag); h != nil && !local(h[1]) {
				t.Errorf("%s: %s loads from another host", what, tag)
			}
		}
	}
	for _, bad := range []string{"ytimg.com", "img.youtube.com", "youtube.com/vi/", "hqdefault", "maxresdefault", "<iframe", "url(http", "url(//"} {
		if strings.Contains(strings.ToLower(body), bad) {
			t.Errorf("%s: the page holds %q: a request to another host on load", what, bad)
		}
	}
}

// 1. A poster uploaded with the video form (POST /admin/files/poster, as the
// form's script does) is stored, scaled, and shown on the video's page, in
// the list and on the homepage instead of the generated one; a video without
// one shows its programme's generated poster. Neither page loads anything
// from YouTube or any other host.
func TestVideoPosterUploadedOrGenerated(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(accNow)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	status, up := b.uploadFormFile("poster", "ปกรายการ NPU TALKS.jpg", testJPEG(t, 1280, 720))
	if status != http.StatusOK {
		t.Fatalf("poster upload: %d %v", status, up)
	}
	key, _ := up["key"].(string)
	if key == "" || up["url"] != "/media/"+key {
		t.Fatalf("poster upload answer %v", up)
	}
	withPoster := accForm(accNow, url.Values{"programme": {"npu-talks"}, "title": {"NPU TALKS ตอนมีปก"},
		"link": {"https://youtu.be/dQw4w9WgXcQ"}, "poster_key": {key}, "form_token": {"poster-1"}})
	wantRedirect(t, b.post("/admin/videos/new", "/admin/videos", withPoster), "/admin/videos", "video with poster")
	without := accForm(accNow, url.Values{"programme": {"npu-news"}, "title": {"NPU NEWS ตอนไม่มีปก"},
		"link": {"https://www.youtube.com/watch?v=9bZkp7q1_Qs"}, "form_token": {"poster-2"}})
	wantRedirect(t, b.post("/admin/videos/new", "/admin/videos", without), "/admin/videos", "video without poster")

	vids, _, err := ta.content.ListVideos(context.Background(), content.VideoFilter{ListFilter: content.ListFilter{Now: accNow}})
	if err != nil || len(vids) != 2 {
		t.Fatalf("videos %+v %v", vids, err)
	}
	byTitle := map[string]content.Video{}
	for _, v := range vids {
		byTitle[v.Title] = v
	}
	vp, vg := byTitle["NPU TALKS ตอนมีปก"], byTitle["NPU NEWS ตอนไม่มีปก"]
	if vp.PosterKey != key || vg.PosterKey != "" {
		t.Fatalf("stored posters: %q and %q, want %q and none", vp.PosterKey, vg.PosterKey, key)
	}
	// The stored poster is ours, a real JPEG fitted to 800×600 (16:9 kept).
	visitor := ta.browser(t)
	img := visitor.get("/media/" + key)
	wantStatus(t, img, 200, "poster file")
	cfg, format, err := image.DecodeConfig(strings.NewReader(img.body))
	if err != nil || format != "jpeg" || cfg.Width != 800 || cfg.Height != 450 || img.header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("served poster: %s %dx%d %q %v", format, cfg.Width, cfg.Height, img.header.Get("Content-Type"), err)
	}

	posterImg := `<img src="/media/` + key + `"`
	withHref, withoutHref := fmt.Sprintf(`<a href="/videos/%d">`, vp.ID), fmt.Sprintf(`<a href="/videos/%d">`, vg.ID)
	for _, path := range []string{fmt.Sprintf("/videos/%d", vp.ID), fmt.Sprintf("/videos/%d", vg.ID), "/videos", "/"} {
		t.Run(path, func(t *testing.T) {
			p := visitor.get(path)
			wantStatus(t, p, 200, path)
			accLocalOnly(t, path, p.body)
			switch path {
			case fmt.Sprintf("/videos/%d", vp.ID):
				player := accBetween(p.body, `<div class="yt`, "</div>")
				if !strings.Contains(player, posterImg) {
					t.Errorf("the video page does not show the uploaded poster:\n%s", player)
				}
			case fmt.Sprintf("/videos/%d", vg.ID):
				player := accBetween(p.body, `<div class="yt`, "</div>")
				if !strings.Contains(player, `poster-npu-news`) || strings.Contains(player, "<img") {
					t.Errorf("the video page without a poster does not draw the programme's poster:\n%s", player)
				}
			default: // a list: each card shows its own poster
				with, other := accBetween(p.body, withHref, "</a>"), accBetween(p.body, withoutHref, "</a>")
				if !strings.Contains(with, posterImg) || strings.Contains(with, "poster-label") {
					t.Errorf("the card of the video with a poster shows no uploaded poster:\n%s", with)
				}
				if !strings.Contains(other, `<span class="poster-label">NPU NEWS</span>`) || strings.Contains(other, "<img") {
					t.Errorf("the card of the video without a poster lacks the generated one:\n%s", other)
				}
			}
		})
	}
}

// 2. The admin notice list filters by category and by state for a central
// admin, and a category officer (HR) sees only the categories they post in,
// whatever they ask for.
func TestAdminNoticeListFilters(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(accNow)
	day := 24 * time.Hour
	live := accItem{start: accNow.Add(-day), end: accNow.Add(2 * day)}
	with := func(it accItem, title string) accItem { it.title = title; return it }
	const (
		annLive   = "ประกาศมหาวิทยาลัยที่กำลังแสดง"
		jobsLive  = "รับสมัครพนักงานที่กำลังแสดง"
		jobsSched = "รับสมัครพนักงานที่รอเผยแพร่"
		jobsDraft = "รับสมัครพนักงานฉบับร่าง"
		scholExp  = "ทุนการศึกษาที่หมดเวลาแสดง"
		trainDft  = "อบรมสัมมนาฉบับร่าง"
		procLive  = "ประกาศจัดซื้อที่กำลังแสดง"
	)
	ta.accNotice(t, with(live, annLive), roles.Announcement)
	ta.accNotice(t, with(live, jobsLive), roles.Jobs)
	ta.accNotice(t, accItem{title: jobsSched, start: accNow.Add(day), end: accNow.Add(5 * day), at: accNow.Add(-time.Hour)}, roles.Jobs)
	draft := with(live, jobsDraft)
	draft.draft = true
	ta.accNotice(t, draft, roles.Jobs)
	ta.accNotice(t, accItem{title: scholExp, start: accNow.Add(-10 * day), end: accNow.Add(-3 * day)}, roles.Scholarship)
	draft.title = trainDft
	ta.accNotice(t, draft, roles.Training)
	ta.accNotice(t, with(live, procLive), roles.Procure)
	all := []string{annLive, jobsLive, jobsSched, jobsDraft, scholExp, trainDft, procLive}

	central, hr, proc := ta.browser(t), ta.browser(t), ta.browser(t)
	central.mustLogin(ta.adminID, ta.adminPW)
	hr.mustLogin(demoID(roles.HR), demo.Password)
	proc.mustLogin(demoID(roles.Procurement), demo.Password)
	cases := []struct {
		who   string
		b     *browser
		query string
		want  []string
	}{
		// Central PR posts in every category but procurement (SPEC §1).
		{"central", central, "", []string{annLive, jobsLive, jobsSched, jobsDraft, scholExp, trainDft}},
		{"central", central, "category=jobs", []string{jobsLive, jobsSched, jobsDraft}},
		{"central", central, "category=scholarship", []string{scholExp}},
		{"central", central, "state=live", []string{annLive, jobsLive}},
		{"central", central, "state=scheduled", []string{jobsSched}},
		{"central", central, "state=expired", []string{scholExp}},
		{"central", central, "state=draft", []string{jobsDraft, trainDft}},
		{"central", central, "category=jobs&state=draft", []string{jobsDraft}},
		{"central", central, "category=jobs&state=expired", nil},
		{"central", central, "category=procurement", nil},
		{"hr", hr, "", []string{jobsLive, jobsSched, jobsDraft}},
		{"hr", hr, "state=live", []string{jobsLive}},
		{"hr", hr, "state=scheduled", []string{jobsSched}},
		{"hr", hr, "state=draft", []string{jobsDraft}},
		{"hr", hr, "state=expired", nil},
		{"hr", hr, "category=announcement", nil},
		{"hr", hr, "category=procurement&state=live", nil},
		{"procurement", proc, "", []string{procLive}},
	}
	for _, tc := range cases {
		t.Run(tc.who+" "+tc.query, func(t *testing.T) {
			p := tc.b.get("/admin/notices?" + tc.query)
			wantStatus(t, p, 200, "notice list")
			var got []string
			for _, h := range all {
				if strings.Contains(p.body, `class="headline-link">`+h+`</a>`) {
					got = append(got, h)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("listed %q, want %q", got, tc.want)
			}
			if count := fmt.Sprintf("ทั้งหมด %d รายการ", len(tc.want)); !strings.Contains(p.body, count) {
				t.Errorf("the list does not say %q", count)
			}
		})
	}
}

// 3a. Public pages carry Cache-Control (browsers revalidate; shared caches
// keep a page at most a minute and never past the next display-window
// boundary) and Last-Modified; a second
// request is answered from the cache: a row changed behind the store's back
// does not show, a change through the store shows at once.
func TestPageCacheHeadersAndHits(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(accNow)
	day := 24 * time.Hour
	newsID := ta.accNews(t, accItem{title: "ข่าวในแคชหน้าเว็บ", start: accNow.Add(-time.Hour), end: accNow.Add(2 * day)})
	videoID := ta.accVideo(t, accItem{title: "วิดีโอในแคชหน้าเว็บ", start: accNow.Add(-time.Hour), end: accNow.Add(2 * day)}, content.NPUNews)
	noticeID := ta.accNotice(t, accItem{title: "ประกาศในแคชหน้าเว็บ", start: accNow.Add(-time.Hour), end: accNow.Add(2 * day)}, roles.Announcement)
	paths := []string{"/", "/en/", "/news", fmt.Sprintf("/news/%d", newsID), "/videos", fmt.Sprintf("/videos/%d", videoID),
		"/notices", "/notices?category=announcement", fmt.Sprintf("/notices/%d", noticeID), "/pages/privacy"}
	v := ta.browser(t)
	check := func(t *testing.T, maxAge int, rendered time.Time) {
		t.Helper()
		for _, path := range paths {
			p := v.get(path)
			wantStatus(t, p, 200, path)
			if cc := p.header.Get("Cache-Control"); cc != fmt.Sprintf("public, max-age=0, s-maxage=%d, must-revalidate", maxAge) {
				t.Errorf("%s: Cache-Control %q, want browsers to revalidate and shared caches to keep it %d s", path, cc, maxAge)
			}
			if lm := p.header.Get("Last-Modified"); lm != rendered.UTC().Format(http.TimeFormat) {
				t.Errorf("%s: Last-Modified %q, want %q", path, lm, rendered.UTC().Format(http.TimeFormat))
			}
		}
	}
	t.Run("no boundary within the minute", func(t *testing.T) { check(t, 60, accNow) })

	// A news item starts 25 s from now: every page must be fetched again by
	// then, as the lists change at that instant.
	ta.accNews(t, accItem{title: "ข่าวที่เริ่มแสดงในอีก 25 วินาที", start: accNow.Add(25 * time.Second), end: accNow.Add(2 * day), at: accNow})
	t.Run("bounded by the next start", func(t *testing.T) { check(t, 25, accNow) })
	// Ten seconds on, the same copies are served: same Last-Modified, and
	// the time left to the boundary.
	ta.clock.Add(10 * time.Second)
	t.Run("served from the cache", func(t *testing.T) { check(t, 15, accNow) })

	first := v.get("/news")
	if _, err := ta.db.W.Exec(`UPDATE news SET headline = 'แก้ตรงในฐานข้อมูล' WHERE id = ?`, newsID); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/news", "/", fmt.Sprintf("/news/%d", newsID)} {
		p := v.get(path)
		if strings.Contains(p.body, "แก้ตรงในฐานข้อมูล") || !strings.Contains(p.body, "ข่าวในแคชหน้าเว็บ") {
			t.Errorf("%s was rendered again: not served from the cache", path)
		}
	}
	if again := v.get("/news"); again.body != first.body || again.header.Get("ETag") != first.header.Get("ETag") {
		t.Error("a second GET of /news differs from the first with no content change")
	}
	in := content.NewsInput{MetaInput: ta.accMeta(t, accItem{start: accNow.Add(-time.Hour), end: accNow.Add(2 * day)}), Type: content.Activity,
		Headline: "แก้ผ่านระบบจัดการ", Body: "<p>x</p>", PhotosPerRow: 4}
	if err := ta.content.UpdateNews(context.Background(), newsID, in, ta.clock.Now()); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/news", "/", fmt.Sprintf("/news/%d", newsID)} {
		p := v.get(path)
		if !strings.Contains(p.body, "แก้ผ่านระบบจัดการ") {
			t.Errorf("%s: an edit through the store does not show at once", path)
		}
		if lm := p.header.Get("Last-Modified"); lm != ta.clock.Now().UTC().Format(http.TimeFormat) {
			t.Errorf("%s: Last-Modified %q after the edit, want the render time", path, lm)
		}
	}
}

// 3b. The homepage forgets its cached copy right after a video edit, a
// notice edit, a banner edit and a featured pick made in the admin.
func TestHomepageCacheForgetsEveryKindOfEdit(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(accNow)
	day := 24 * time.Hour
	live := func(title string, hoursAgo int) accItem {
		return accItem{title: title, start: accNow.Add(-time.Duration(hoursAgo) * time.Hour), end: accNow.Add(2 * day)}
	}
	videoID := ta.accVideo(t, live("วิดีโอก่อนแก้ไข", 1), content.NPUNews)
	noticeID := ta.accNotice(t, live("ประกาศก่อนแก้ไข", 1), roles.Announcement)
	bannerID := ta.accBanner(t, live("แบนเนอร์ก่อนแก้ไข", 1))
	newest := ta.accNews(t, live("ข่าวใหม่ที่สุดของวันนี้", 1))
	picked := ta.accNews(t, live("ข่าวที่ฝ่ายประชาสัมพันธ์เลือก", 3))
	banner, err := ta.content.Banner(context.Background(), bannerID)
	if err != nil {
		t.Fatal(err)
	}
	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	featured := func(body string) string { return accBetween(body, `id="featured-h"`, "</section>") }
	steps := []struct {
		name      string
		edit      func() page
		old, want string
		in        func(body string) string // the part of the page to look in
	}{
		{"video edit", func() page {
			f := accForm(ta.clock.Now(), url.Values{"programme": {"npu-news"}, "title": {"วิดีโอหลังแก้ไข"}, "link": {"https://youtu.be/dQw4w9WgXcQ"}})
			return admin.post(fmt.Sprintf("/admin/videos/%d/edit", videoID), fmt.Sprintf("/admin/videos/%d", videoID), f)
		}, ">วิดีโอก่อนแก้ไข<", ">วิดีโอหลังแก้ไข<", nil},
		{"notice edit", func() page {
			f := accForm(ta.clock.Now(), url.Values{"category": {"announcement"}, "headline": {"ประกาศหลังแก้ไข"},
				"link_url": {"https://www.npu.ac.th/"}, "new_days": {"1"}})
			return admin.post(fmt.Sprintf("/admin/notices/%d/edit", noticeID), fmt.Sprintf("/admin/notices/%d", noticeID), f)
		}, ">ประกาศก่อนแก้ไข<", ">ประกาศหลังแก้ไข<", nil},
		{"banner edit", func() page {
			f := accForm(ta.clock.Now(), url.Values{"placement": {"main"}, "title": {"แบนเนอร์หลังแก้ไข"}, "image_key": {banner.ImageKey}})
			return admin.post(fmt.Sprintf("/admin/banners/%d/edit", bannerID), fmt.Sprintf("/admin/banners/%d", bannerID), f)
		}, `alt="แบนเนอร์ก่อนแก้ไข"`, `alt="แบนเนอร์หลังแก้ไข"`, nil},
		// Until a pick is made the newest news fill the featured block;
		// after it, only the pick does.
		{"featured pick", func() page {
			return admin.post("/admin/featured", "/admin/featured/pick", url.Values{"day": {string(content.DayOf(ta.clock.Now()))}, "news_id": {itoa(picked)}})
		}, fmt.Sprintf(`href="/news/%d"`, newest), fmt.Sprintf(`href="/news/%d"`, picked), featured},
	}
	v := ta.browser(t)
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			in := s.in
			if in == nil {
				in = func(body string) string { return body }
			}
			before := v.get("/")
			ta.clock.Add(time.Second)
			cached := v.get("/")
			if cached.header.Get("Last-Modified") != before.header.Get("Last-Modified") || cached.body != before.body {
				t.Fatal("the homepage is not served from the cache before the edit")
			}
			if !strings.Contains(in(cached.body), s.old) || (s.name != "featured pick" && strings.Contains(cached.body, s.want)) {
				t.Fatalf("before the edit the homepage lacks %s", s.old)
			}
			wantStatus(t, s.edit(), http.StatusSeeOther, s.name)
			after := v.get("/")
			if got := in(after.body); !strings.Contains(got, s.want) || strings.Contains(got, s.old) {
				t.Errorf("right after the %s the homepage still shows the old content (want %s, not %s)", s.name, s.want, s.old)
			}
			if after.header.Get("Last-Modified") != ta.clock.Now().UTC().Format(http.TimeFormat) {
				t.Errorf("after the %s the homepage was not rendered again", s.name)
			}
		})
	}
}

// 4. The live lists and the homepage show items by display order (1 first),
// then newest first.
func TestLiveListsByDisplayOrderThenNewest(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(accNow)
	day := 24 * time.Hour
	// Created in this order; the one shown first is neither the newest nor
	// the oldest nor the first created.
	items := []struct {
		letter string
		sort   int
		ago    time.Duration
	}{
		{"ก", 2, time.Hour},        // newest of all, but order 2
		{"ข", 1, 3 * time.Hour},    // order 1, older
		{"ค", 1, 2 * time.Hour},    // order 1, newer: first
		{"ง", 3, 30 * time.Minute}, // order 3: last
	}
	want := []string{"ค", "ข", "ก", "ง"}
	kinds := map[string]string{"news": "ข่าวลำดับ", "video": "วิดีโอลำดับ", "notice": "ประกาศลำดับ", "banner": "แบนเนอร์ลำดับ"}
	for _, it := range items {
		base := accItem{sort: it.sort, start: accNow.Add(-it.ago), end: accNow.Add(3 * day)}
		for kind, prefix := range kinds {
			a := base
			a.title = prefix + " " + it.letter
			switch kind {
			case "news":
				ta.accNews(t, a)
			case "video":
				ta.accVideo(t, a, content.NPUTalks)
			case "notice":
				ta.accNotice(t, a, roles.Scholarship)
			case "banner":
				ta.accBanner(t, a)
			}
		}
	}
	marks := func(kind, format string) []string {
		var out []string
		for _, l := range want {
			out = append(out, fmt.Sprintf(format, kinds[kind]+" "+l))
		}
		return out
	}
	cases := []struct {
		path, kind, format string
	}{
		{"/news", "news", ">%s<"},
		{"/videos", "video", ">%s<"},
		{"/videos?programme=npu-talks", "video", ">%s<"},
		{"/notices", "notice", ">%s<"},
		{"/notices?category=scholarship", "notice", ">%s<"},
		{"/", "news", ">%s<"},
		{"/", "video", ">%s<"},
		{"/", "notice", ">%s<"},
		{"/", "banner", `alt="%s"`},
		{"/api/v1/news", "news", `"headline":"%s"`},
	}
	v := ta.browser(t)
	for _, tc := range cases {
		t.Run(tc.path+" "+tc.kind, func(t *testing.T) {
			p := v.get(tc.path)
			wantStatus(t, p, 200, tc.path)
			wanted := marks(tc.kind, tc.format)
			if got := accOrder(p.body, wanted); !slices.Equal(got, wanted) {
				t.Errorf("order %q, want %q", got, wanted)
			}
		})
	}
}

// 5. Views counted in memory reach the database when the server shuts down,
// and the next start of the same data directory has them.
func TestViewCountsSurviveShutdown(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	now := ta.clock.Now()
	id := ta.accNews(t, accItem{title: "ข่าวที่นับผู้อ่าน", start: now.Add(-time.Hour), end: now.Add(48 * time.Hour)})
	// No periodic flush during the test: only the shutdown can save them.
	ta.counter.FlushEvery = time.Hour
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- ta.app.Serve(sctx, ln) }()

	b := ta.browser(t)
	b.base = "http://" + ln.Addr().String()
	for _, ua := range []string{
		browserUA,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
		browserUA, // the same reader again: counted once
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", // not a reader
	} {
		req, _ := http.NewRequest("GET", b.base+"/news/"+itoa(id), nil)
		req.Header.Set("User-Agent", ua)
		wantStatus(t, b.do(req), 200, "news page")
	}
	var stored int64
	if err := ta.db.R.QueryRow(`SELECT views FROM news WHERE id = ?`, id).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if pending := ta.counter.Pending(content.CountNewsView, id); stored != 0 || pending != 3 {
		t.Fatalf("before shutdown: %d views in the database, %d in memory; want 0 and 3", stored, pending)
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop")
	}
	// The next start on the same data directory.
	a, err := newApp(ctx, ta.cfg, ta.log, io.Discard, appOptions{hash: roles.TestHashParams, now: ta.clock.Now, demoUsersOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	n, err := a.Content.News(ctx, id)
	if err != nil || n.Views != 3 {
		t.Fatalf("after a restart: %d views (%v), want 3", n.Views, err)
	}
	srv := httptest.NewServer(a.Handler)
	defer srv.Close()
	res, err := http.Get(srv.URL + "/api/v1/news/" + itoa(id))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var item struct{ Views int64 }
	if err := json.NewDecoder(res.Body).Decode(&item); err != nil || item.Views != 3 {
		t.Fatalf("the API shows %d views after a restart (%v), want 3", item.Views, err)
	}
}

// 6. News, video and notice pages say when the item was last updated: the
// edit's time, not the creation's.
func TestDetailPagesShowLastUpdated(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	created := accNow.AddDate(0, 0, -2)                                          // 16 Nov 09:00
	edited := time.Date(2026, time.November, 17, 14, 35, 0, 0, newsroom.Bangkok) // 17 Nov 14:35
	it := accItem{start: created, end: accNow.AddDate(0, 0, 3)}
	by := ta.accAuthor(t)

	it.title = "ข่าวที่แก้ไขภายหลัง"
	newsID := ta.accNews(t, it)
	it.title = "ข่าวที่แก้ไขแล้ว"
	if err := ta.content.UpdateNews(ctx, newsID, content.NewsInput{MetaInput: ta.accMeta(t, it), Type: content.Activity, Headline: it.title,
		Body: "<p>แก้ไข</p>", PhotosPerRow: 4}, edited); err != nil {
		t.Fatal(err)
	}
	it.title = "วิดีโอที่แก้ไขภายหลัง"
	videoID := ta.accVideo(t, it, content.NPUNews)
	video, _ := ta.content.Video(ctx, videoID)
	if _, err := ta.content.SaveVideo(ctx, video, content.VideoInput{MetaInput: ta.accMeta(t, it), Programme: content.NPUNews,
		Title: "วิดีโอที่แก้ไขแล้ว", Link: "https://youtu.be/dQw4w9WgXcQ"}, by, edited); err != nil {
		t.Fatal(err)
	}
	it.title = "ประกาศที่แก้ไขภายหลัง"
	noticeID := ta.accNotice(t, it, roles.Training)
	notice, _ := ta.content.Notice(ctx, noticeID)
	if _, err := ta.content.SaveNotice(ctx, notice, content.NoticeInput{MetaInput: ta.accMeta(t, it), Category: roles.Training,
		Headline: "ประกาศที่แก้ไขแล้ว", LinkURL: "https://www.npu.ac.th/", NewDays: 1}, by, edited); err != nil {
		t.Fatal(err)
	}
	ta.clock.Set(accNow)
	v := ta.browser(t)
	for _, path := range []string{"/news/" + itoa(newsID), "/videos/" + itoa(videoID), "/notices/" + itoa(noticeID)} {
		t.Run(path, func(t *testing.T) {
			p := v.get(path)
			wantStatus(t, p, 200, path)
			text := accText(p.body)
			if !strings.Contains(text, "ปรับปรุงล่าสุด: 17 พฤศจิกายน 2569 14:35 น.") {
				t.Errorf("the page does not say it was last updated on 17 พฤศจิกายน 2569 14:35 น.:\n%s", accText(accBetween(p.body, `class="updated"`, "</p>")))
			}
			if strings.Contains(text, "ปรับปรุงล่าสุด: 16 พฤศจิกายน 2569") {
				t.Error("the page gives the creation time as the last update")
			}
		})
	}
}

// 7. Central PR's dashboard gives the morning's numbers exactly: news posted
// yesterday (Bangkok calendar) and by how many units, picks made today, and
// banners and notices whose last day is today. Drafts, items of other days
// and taken-down items are not counted.
func TestDashboardDeskNumbers(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	at := func(days, h, m, s int) time.Time {
		return time.Date(2026, time.November, 18+days, h, m, s, 0, newsroom.Bangkok)
	}
	news := func(title, unit string, created time.Time, draft bool) int64 {
		return ta.accNews(t, accItem{title: title, unit: unit, start: created, end: accNow.AddDate(0, 0, 3), draft: draft})
	}
	// Yesterday (17 Nov): three published news from two units. Bangkok's
	// midnight is 17:00 UTC, so a UTC calendar would count differently.
	y1 := news("เมื่อวานต้นวัน", "science", at(-1, 0, 0, 0), false)
	news("เมื่อวานกลางวัน", "science", at(-1, 12, 0, 0), false)
	y3 := news("เมื่อวานก่อนเที่ยงคืน", "education", at(-1, 23, 59, 59), false)
	news("ร่างเมื่อวาน", "agriculture", at(-1, 10, 0, 0), true)
	down := news("ข่าวเมื่อวานที่ถูกระงับ", "nursing", at(-1, 11, 0, 0), false)
	if _, err := ta.db.W.Exec(`UPDATE news SET status = 'takendown' WHERE id = ?`, down); err != nil {
		t.Fatal(err)
	}
	news("สองวันก่อน", "library", at(-2, 23, 59, 59), false)
	t0 := news("วันนี้เที่ยงคืน", "aviation", at(0, 0, 0, 0), false)
	// Two picks today, one yesterday.
	by := ta.accAuthor(t)
	for _, p := range []struct {
		day  content.Day
		news int64
		now  time.Time
	}{{"2026-11-18", y1, at(0, 8, 30, 0)}, {"2026-11-18", t0, at(0, 8, 45, 0)}, {"2026-11-17", y3, at(-1, 23, 59, 59)}} {
		if _, err := ta.content.PickNews(ctx, p.day, p.news, by, p.now); err != nil {
			t.Fatalf("pick %d on %s: %v", p.news, p.day, err)
		}
	}
	// Banners and notices: their last day today, tomorrow, yesterday, or a draft.
	window := func(title string, end time.Time, draft bool) accItem {
		return accItem{title: title, start: accNow.AddDate(0, 0, -5), end: end, draft: draft}
	}
	ta.accBanner(t, window("แบนเนอร์หมดวันนี้ 1", at(0, 0, 0, 0), false))
	ta.accBanner(t, window("แบนเนอร์หมดวันนี้ 2", at(0, 12, 0, 0), false))
	ta.accBanner(t, window("แบนเนอร์หมดพรุ่งนี้", at(1, 0, 0, 0), false))
	ta.accBanner(t, window("แบนเนอร์หมดเมื่อวาน", at(-1, 23, 0, 0), false))
	ta.accBanner(t, window("แบนเนอร์ร่างหมดวันนี้", at(0, 0, 0, 0), true))
	ta.accNotice(t, window("ประกาศหมดวันนี้", at(0, 0, 0, 0), false), roles.Jobs)
	ta.accNotice(t, window("ประกาศหมดพรุ่งนี้", at(1, 0, 0, 0), false), roles.Jobs)
	ta.accNotice(t, window("ประกาศหมดเมื่อวาน", at(-1, 0, 0, 0), false), roles.Jobs)
	ta.accNotice(t, window("ประกาศร่างหมดวันนี้", at(0, 0, 0, 0), true), roles.Jobs)

	// The same numbers all day: at 09:00, and at 03:00 when a UTC server's
	// calendar still says 17 November. The clock runs in UTC, as time.Now
	// does on such a server.
	for _, now := range []time.Time{accNow, at(0, 3, 0, 0)} {
		t.Run(now.Format("15:04"), func(t *testing.T) {
			ta.clock.Set(now.UTC())
			b := ta.browser(t)
			b.mustLogin(ta.adminID, ta.adminPW)
			p := b.get("/admin/")
			wantStatus(t, p, 200, "dashboard")
			text := accText(p.body)
			for _, want := range []string{
				"ข่าวที่โพสต์เมื่อวาน 3 ข่าว จาก 2 หน่วยงาน",
				"ข่าวเด่นที่เลือกวันนี้ 2 / 6",
				"หมดเวลาแสดงวันนี้ Banner 2 · ข่าวประชาสัมพันธ์ 1",
			} {
				if !strings.Contains(text, want) {
					t.Errorf("the dashboard does not say %q:\n%s", want, accText(accBetween(p.body, "ข่าวที่โพสต์เมื่อวาน", "</dl>")))
				}
			}
		})
	}
}

// 8. Featured picks stay in the homepage's featured block for
// NEWSROOM_FEATURED_DAYS days (today included; default 2), newest day
// first and in the desk's order within a day; older picks leave it.
func TestFeaturedBlockKeepsPicksForFeaturedDays(t *testing.T) {
	day := 24 * time.Hour
	// Each pick is made in the morning of its day from that day's news.
	picks := []struct {
		title string
		ago   int // days
		hour  int
	}{
		{"เลือกวันนี้ลำดับหนึ่ง", 0, 7},
		{"เลือกวันนี้ลำดับสอง", 0, 6},
		{"เลือกเมื่อวาน", 1, 10},
		{"เลือกเมื่อสองวันก่อน", 2, 10},
		{"เลือกเมื่อสามวันก่อน", 3, 10},
	}
	cases := []struct {
		name string
		env  string // NEWSROOM_FEATURED_DAYS; "" for the default
		want []string
	}{
		{"default 2 days", "", []string{"เลือกวันนี้ลำดับหนึ่ง", "เลือกวันนี้ลำดับสอง", "เลือกเมื่อวาน"}},
		{"4 days", "4", []string{"เลือกวันนี้ลำดับหนึ่ง", "เลือกวันนี้ลำดับสอง", "เลือกเมื่อวาน", "เลือกเมื่อสองวันก่อน", "เลือกเมื่อสามวันก่อน"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ta := newTestApp(t, func(c *Config) {
				env := map[string]string{"NEWSROOM_DATA": c.DataDir, "NEWSROOM_FEATURED_DAYS": tc.env}
				parsed, _, err := app.ParseConfig("test", nil, func(k string) string { return env[k] }, io.Discard)
				if err != nil {
					t.Fatal(err)
				}
				c.FeaturedDays = parsed.FeaturedDays
			})
			ctx := context.Background()
			by := ta.accAuthor(t)
			for _, p := range picks {
				created := time.Date(2026, time.November, 18-p.ago, p.hour, 0, 0, 0, newsroom.Bangkok)
				id := ta.accNews(t, accItem{title: p.title, start: created, end: accNow.Add(3 * day)})
				if _, err := ta.content.PickNews(ctx, content.DayOf(created), id, by, created.Add(time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			// The newest news of all, not picked, stays out of the block.
			ta.accNews(t, accItem{title: "ข่าวใหม่ที่ไม่ได้เลือก", start: accNow.Add(-time.Minute), end: accNow.Add(3 * day)})
			ta.clock.Set(accNow)
			var all []string
			for _, p := range picks {
				all = append(all, p.title)
			}
			all = append(all, "ข่าวใหม่ที่ไม่ได้เลือก")

			home := ta.browser(t).get("/")
			wantStatus(t, home, 200, "homepage")
			block := accBetween(home.body, `id="featured-h"`, "</section>")
			var marks, wantMarks []string
			for _, h := range all {
				marks = append(marks, `story-title">`+h+`<`)
			}
			for _, h := range tc.want {
				wantMarks = append(wantMarks, `story-title">`+h+`<`)
			}
			if got := accOrder(block, marks); !slices.Equal(got, wantMarks) {
				t.Errorf("featured block %q, want %q", got, wantMarks)
			}
			var api struct{ Items []struct{ Headline string } }
			p := ta.browser(t).get("/api/v1/featured")
			if err := json.Unmarshal([]byte(p.body), &api); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range api.Items {
				got = append(got, it.Headline)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("API featured %q, want %q", got, tc.want)
			}
		})
	}
}
