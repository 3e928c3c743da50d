package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"image"
	_ "image/jpeg"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
	"newsroom/templates"
)

// Acceptance tests of the admin: the news form's photos across a field
// error, preview and body images, and the news list's filters, pages and row
// contents. (The server's life cycle is in cmd/newsroom/serve_test.go.)

var (
	admDraftField     = regexp.MustCompile(`name="draft" value="([0-9a-f]{32})"`)
	admFormTokenField = regexp.MustCompile(`name="form_token" value="([^"]+)"`)
)

// admDraftPhotos lists a gallery the way the form's script does.
func (b *browser) admDraftPhotos(gallery string) []admPhotoRow {
	b.t.Helper()
	p := b.get("/admin/news/photos?" + gallery)
	wantStatus(b.t, p, http.StatusOK, "photo list")
	var list struct{ Photos []admPhotoRow }
	if err := json.Unmarshal([]byte(p.body), &list); err != nil {
		b.t.Fatalf("photo list: %v %s", err, p.body)
	}
	return list.Photos
}

type admPhotoRow struct {
	ID          int64
	Thumb, Full string
}

func TestNewsFormKeepsUploadedPhotosOnFieldError(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password)

	// A new form, with its own draft token, as the browser gets it.
	formPage := b.get("/admin/news/new")
	dm, fm := admDraftField.FindStringSubmatch(formPage.body), admFormTokenField.FindStringSubmatch(formPage.body)
	if dm == nil || fm == nil || !strings.Contains(formPage.body, `data-gallery="draft=`+dm[1]+`"`) {
		t.Fatal("the new news form has no draft token")
	}
	draft := dm[1]
	status, res := b.uploadFiles("draft="+draft, map[string][]byte{"ภาพ 1.jpg": testJPEG(t, 1200, 900), "ภาพ 2.jpg": testJPEG(t, 640, 480)})
	if status != http.StatusAccepted {
		t.Fatalf("upload: %d %v", status, res)
	}
	if err := ta.queue.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	uploaded := b.admDraftPhotos("draft=" + draft)
	if len(uploaded) != 2 {
		t.Fatalf("draft photos after upload: %+v", uploaded)
	}

	form := newsForm(strings.Repeat("ข่าว", 50) + "ก") // 201 code points
	form.Set("draft", draft)
	form.Set("form_token", fm[1])
	form.Set("news_type", "research")
	form.Set("body", "<p>เนื้อหาที่พิมพ์ไว้ก่อนส่ง</p>")
	form.Set("sort", "7")
	form.Set("photos_per_row", "3")
	form.Set("main_photo_id", itoa(uploaded[1].ID))
	p := b.post("/admin/news/new", "/admin/news", form)
	wantStatus(t, p, http.StatusUnprocessableEntity, "201-character headline")
	for _, want := range []string{
		templates.T("th", "err.headline_long"),
		`value="` + form.Get("headline") + `"`,
		"เนื้อหาที่พิมพ์ไว้ก่อนส่ง",
		`<option value="research" selected>`,
		`name="sort" type="number" min="1" max="9999" value="7"`,
		`name="photos_per_row" type="number" min="1" max="6" value="3"`,
		`name="main_photo_id" id="main_photo_id" value="` + itoa(uploaded[1].ID) + `"`,
		`name="draft" value="` + draft + `"`,
		`data-gallery="draft=` + draft + `"`,
		`name="form_token" value="` + fm[1] + `"`,
	} {
		if !strings.Contains(p.body, want) {
			t.Errorf("422 page lacks %q", want)
		}
	}
	// The script reloads the gallery under the echoed token: the photos are there.
	again := b.admDraftPhotos("draft=" + draft)
	if len(again) != 2 || again[0].ID != uploaded[0].ID || again[1].ID != uploaded[1].ID {
		t.Fatalf("draft photos after the 422: %+v, uploaded %+v", again, uploaded)
	}
	if n, _, _ := ta.content.ListNews(ctx, content.NewsFilter{ListFilter: content.ListFilter{Now: ta.clock.Now()}}); len(n) != 0 {
		t.Fatal("an invalid form saved news")
	}

	form.Set("headline", "คณะวิทยาศาสตร์เผยผลงานวิจัย")
	created := b.post("/admin/news/new", "/admin/news", form)
	wantRedirect(t, created, "/admin/news/", "valid form with the same draft")
	items, _, _ := ta.content.ListNews(ctx, content.NewsFilter{ListFilter: content.ListFilter{Now: ta.clock.Now()}})
	if len(items) != 1 {
		t.Fatalf("%d news saved", len(items))
	}
	n := items[0]
	photos, err := ta.content.Photos(ctx, content.Gallery{NewsID: n.ID})
	if err != nil {
		t.Fatal(err)
	}
	if n.PhotoCount != 2 || len(photos) != 2 || photos[0].ID != uploaded[0].ID || photos[1].ID != uploaded[1].ID || n.MainPhotoID != uploaded[1].ID {
		t.Fatalf("saved news %d photos (main %d): %+v; uploaded %+v", n.PhotoCount, n.MainPhotoID, photos, uploaded)
	}
	if n.Type != content.Research || n.Sort != 7 || n.PhotosPerRow != 3 {
		t.Fatalf("saved news fields: %+v", n)
	}
	if left := b.admDraftPhotos("draft=" + draft); len(left) != 0 {
		t.Fatalf("photos still under the draft token after saving: %+v", left)
	}
}

func TestNewsPreview(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password) // science PR
	const headline = "ตัวอย่างข่าวก่อนเผยแพร่"
	form := func() url.Values {
		f := newsForm(headline)
		f.Set("body", `<p>ย่อหน้าแรก<script>alert("xss")</script></p><p onclick="steal()">ย่อหน้าสอง</p>`)
		return f
	}

	p := b.post("/admin/news/new", "/admin/news/preview", form())
	wantStatus(t, p, http.StatusOK, "preview")
	for _, want := range []string{"<h1>" + headline + "</h1>", "ย่อหน้าแรก", "ย่อหน้าสอง", templates.T("th", "news.preview_note")} {
		if !strings.Contains(p.body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	for _, bad := range []string{`alert("xss")`, "alert(&#34;xss&#34;)", "steal()"} {
		if strings.Contains(p.body, bad) {
			t.Errorf("preview keeps %q from the body", bad)
		}
	}

	education := ta.unitID(t, "education")
	theirs, err := ta.content.CreateNews(ctx, content.NewsInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1,
		Start: ta.clock.Now(), End: content.DefaultEnd(ta.clock.Now(), 1), UnitID: education, Publish: true},
		Type: content.Activity, Headline: "ข่าวของคณะครุศาสตร์", PhotosPerRow: 4}, content.Author{Name: "x"}, ta.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	anon := ta.browser(t)
	for _, tc := range []struct {
		name string
		do   func() page
		want func(page) bool
	}{
		{"without a CSRF token", func() page { return b.postRaw("/admin/news/preview", form(), nil) },
			func(p page) bool {
				return p.status == http.StatusForbidden && strings.Contains(p.body, templates.T("th", "error.csrf.title"))
			}},
		{"without login", func() page { return anon.post("/admin/login", "/admin/news/preview", form()) },
			func(p page) bool {
				return p.status == http.StatusSeeOther && strings.HasPrefix(p.header.Get("Location"), "/admin/login")
			}},
		{"of another unit's news", func() page { return b.post("/admin/news/new", "/admin/news/preview?news_id="+itoa(theirs.ID), form()) },
			func(p page) bool { return p.status == http.StatusForbidden }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.do()
			if !tc.want(p) {
				t.Fatalf("status %d location %q", p.status, p.header.Get("Location"))
			}
			if strings.Contains(p.body, "ย่อหน้าแรก") {
				t.Fatal("a refused preview shows the body")
			}
		})
	}
	// Previewing saves nothing.
	if _, total, _ := ta.content.ListNews(ctx, content.NewsFilter{ListFilter: content.ListFilter{Now: ta.clock.Now()}}); total != 1 {
		t.Fatalf("%d news after previews, want only the education item", total)
	}
}

// admUploadBodyImage posts one file as the editor's script does.
func (b *browser) admUploadBodyImage(name string, data []byte, csrf bool) page {
	b.t.Helper()
	formPage := "/admin/news/new"
	if !csrf {
		formPage = ""
	}
	return b.postFile(formPage, "/admin/news/images", "image", name, data)
}

func TestNewsBodyImageUpload(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password)
	count := func() (n int) {
		ta.db.R.QueryRow(`SELECT count(*) FROM body_images`).Scan(&n)
		return n
	}

	p := b.admUploadBodyImage("ภาพในเนื้อข่าว.jpg", testJPEG(t, 1600, 1200), true)
	wantStatus(t, p, http.StatusOK, "body image")
	var ok struct{ URL string }
	if err := json.Unmarshal([]byte(p.body), &ok); err != nil || !strings.HasPrefix(ok.URL, "/media/") {
		t.Fatalf("answer %s (%v), want {\"url\": \"/media/…\"}", p.body, err)
	}
	img := ta.browser(t).get(ok.URL)
	wantStatus(t, img, http.StatusOK, "stored body image")
	cfg, format, err := image.DecodeConfig(strings.NewReader(img.body))
	if err != nil || format != "jpeg" || cfg.Width != 800 || cfg.Height != 600 {
		t.Fatalf("stored image: %s %dx%d %v, want a jpeg fitted to 800x600", format, cfg.Width, cfg.Height, err)
	}
	if strings.Contains(img.body, "Exif") {
		t.Error("stored body image keeps EXIF")
	}
	var unit int64
	ta.db.R.QueryRow(`SELECT unit_id FROM body_images WHERE file_key = ?`, strings.TrimPrefix(ok.URL, "/media/")).Scan(&unit)
	if unit != ta.unitID(t, "science") {
		t.Errorf("body image unit %d, want the uploader's", unit)
	}

	for _, tc := range []struct {
		name   string
		file   string
		data   []byte
		csrf   bool
		status int
		msg    string // the JSON error, "" for an HTML refusal
	}{
		{"a web page named .jpg", "ภาพ.jpg", []byte("<!DOCTYPE html><html><body>not a photo</body></html>"), true,
			http.StatusUnprocessableEntity, templates.T("th", "media.not_image")},
		{"a PDF", "ประกาศ.pdf", []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"), true,
			http.StatusUnprocessableEntity, templates.T("th", "media.not_image")},
		{"no CSRF token", "ภาพ.jpg", testJPEG(t, 300, 200), false, http.StatusForbidden, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := b.admUploadBodyImage(tc.file, tc.data, tc.csrf)
			wantStatus(t, p, tc.status, tc.name)
			if tc.msg != "" {
				var e struct{ Error string }
				if json.Unmarshal([]byte(p.body), &e); e.Error != tc.msg {
					t.Fatalf("error %q, want %q", e.Error, tc.msg)
				}
			}
		})
	}
	if n := count(); n != 1 {
		t.Fatalf("%d body images stored, want only the photo", n)
	}
}

// admListRows returns the admin list's table rows.
func admListRows(t *testing.T, body string) []string {
	t.Helper()
	_, rest, ok := strings.Cut(body, "<tbody>")
	rest, _, ok2 := strings.Cut(rest, "</tbody>")
	if !ok || !ok2 {
		t.Fatalf("no list table in:\n%.600s", body)
	}
	return strings.Split(rest, "<tr>")[1:]
}

var admHeadlineCell = regexp.MustCompile(`class="headline-link">([^<]+)</a>`)

func admRowHeadlines(t *testing.T, body string) []string {
	var out []string
	for _, r := range admListRows(t, body) {
		if m := admHeadlineCell.FindStringSubmatch(r); m != nil {
			out = append(out, html.UnescapeString(m[1]))
		}
	}
	return out
}

var admNextLink = regexp.MustCompile(`rel="next" href="([^"]+)"`)

func TestAdminNewsList(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	now := ta.clock.Now()
	science, education := ta.unitID(t, "science"), ta.unitID(t, "education")
	var created []string // newest first, as the list shows
	add := func(i int, unit int64, lang content.Lang, typ content.NewsType, headline string, start time.Time, publish bool) content.News {
		t.Helper()
		in := content.NewsInput{MetaInput: content.MetaInput{Lang: lang, Sort: 1, Start: start, End: content.DefaultEnd(start, 1),
			UnitID: unit, Publish: publish}, Type: typ, Headline: headline, PhotosPerRow: 4}
		// Each a minute newer than the last: the list's order is fixed.
		n, err := ta.content.CreateNews(ctx, in, content.Author{Name: "ผู้เขียน"}, now.Add(time.Duration(i-100)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		created = append([]string{headline}, created...)
		return n
	}
	live := now.Add(-time.Hour)
	for i := range 22 {
		add(i, science, content.Thai, content.Activity, fmt.Sprintf("ข่าวกิจกรรมคณะวิทยาศาสตร์ %02d", i+1), live, true)
	}
	add(22, science, content.English, content.MOU, "Science signs an MOU", live, true)
	research := add(23, education, content.Thai, content.Research, "ผลงานวิจัยคณะครุศาสตร์", live, true)
	add(24, science, content.Thai, content.Policy, "ร่างข่าวนโยบาย", live, false)
	add(25, science, content.Thai, content.Campaign, "ข่าวรณรงค์ที่รอเผยแพร่", now.Add(48*time.Hour), true)
	if _, err := ta.content.AddPhoto(ctx, content.Gallery{NewsID: research.ID}, education, bytes.NewReader(testJPEG(t, 800, 600)), "a.jpg", now); err != nil {
		t.Fatal(err)
	}
	if _, err := ta.db.W.Exec(`UPDATE news SET views = 4321 WHERE id = ?`, research.ID); err != nil {
		t.Fatal(err)
	}
	research, _ = ta.content.News(ctx, research.ID)
	if research.MainThumb == "" {
		t.Fatal("the research news has no main photo")
	}

	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	t.Run("filters", func(t *testing.T) {
		for _, tc := range []struct {
			name, query string
			want        []string
		}{
			{"type", "type=mou", []string{"Science signs an MOU"}},
			{"language", "lang=en", []string{"Science signs an MOU"}},
			{"unit", "unit=" + itoa(education), []string{"ผลงานวิจัยคณะครุศาสตร์"}},
			{"type and unit", "type=research&unit=" + itoa(science), nil},
			{"state", "state=draft", []string{"ร่างข่าวนโยบาย"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := admin.get("/admin/news?" + tc.query)
				wantStatus(t, p, http.StatusOK, tc.query)
				if got := admRowHeadlines(t, p.body); strings.Join(got, "|") != strings.Join(tc.want, "|") {
					t.Fatalf("rows %q, want %q", got, tc.want)
				}
				if !strings.Contains(p.body, templates.Tf("th", "news.count", len(tc.want))) {
					t.Errorf("count line lacks %q", templates.Tf("th", "news.count", len(tc.want)))
				}
			})
		}
	})

	t.Run("pages", func(t *testing.T) {
		first := admin.get("/admin/news")
		page1 := admRowHeadlines(t, first.body)
		if len(page1) != 20 || !strings.Contains(first.body, templates.Tf("th", "news.count", 26)) {
			t.Fatalf("page 1: %d rows", len(page1))
		}
		m := admNextLink.FindStringSubmatch(first.body)
		if m == nil {
			t.Fatal("page 1 has no link to page 2")
		}
		second := admin.get(html.UnescapeString(m[1]))
		wantStatus(t, second, http.StatusOK, "page 2")
		page2 := admRowHeadlines(t, second.body)
		if got := append(page1, page2...); strings.Join(got, "|") != strings.Join(created, "|") {
			t.Fatalf("pages 1 and 2 show\n%q\nwant every item once, newest first\n%q", got, created)
		}
		if admNextLink.MatchString(second.body) || !strings.Contains(admListRows(t, second.body)[0], "<td>21</td>") {
			t.Error("page 2 must be the last and number its rows from 21")
		}
		// The pager keeps the filters.
		act := admin.get("/admin/news?type=activity")
		m = admNextLink.FindStringSubmatch(act.body)
		if m == nil || !strings.Contains(html.UnescapeString(m[1]), "type=activity") {
			t.Fatalf("filtered list's next link: %v", m)
		}
		rest := admRowHeadlines(t, admin.get(html.UnescapeString(m[1])).body)
		if len(rest) != 2 || rest[0] != created[len(created)-2] || rest[1] != created[len(created)-1] {
			t.Fatalf("page 2 of activity news: %q", rest)
		}
	})

	t.Run("row", func(t *testing.T) {
		rows := admListRows(t, admin.get("/admin/news").body)
		find := func(headline string) string {
			for _, r := range rows {
				if strings.Contains(r, `class="headline-link">`+headline+`</a>`) {
					return r
				}
			}
			t.Fatalf("no row for %q", headline)
			return ""
		}
		for _, tc := range []struct {
			headline string
			want     []string
			not      []string
		}{
			{"ผลงานวิจัยคณะครุศาสตร์", []string{`<img class="list-thumb" src="/media/` + research.MainThumb + `"`, `<td class="num">4321</td>`,
				`<span class="badge live">` + templates.T("th", "state.live") + `</span>`, "1 " + templates.T("th", "news.photos_short")}, nil},
			{"ร่างข่าวนโยบาย", []string{`<span class="badge draft">` + templates.T("th", "state.draft") + `</span>`, `<td class="num">0</td>`}, []string{"list-thumb"}},
			{"ข่าวรณรงค์ที่รอเผยแพร่", []string{`<span class="badge scheduled">` + templates.T("th", "state.scheduled") + `</span>`}, []string{"list-thumb"}},
		} {
			r := find(tc.headline)
			for _, w := range tc.want {
				if !strings.Contains(r, w) {
					t.Errorf("%s: row lacks %q", tc.headline, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(r, n) {
					t.Errorf("%s: row has %q", tc.headline, n)
				}
			}
		}
	})

	t.Run("unit PR sees only their unit", func(t *testing.T) {
		pr := ta.browser(t)
		pr.mustLogin(demoID(roles.UnitPR), demo.Password) // science
		var seen []string
		path := "/admin/news"
		for path != "" {
			p := pr.get(path)
			wantStatus(t, p, http.StatusOK, path)
			if strings.Contains(p.body, `<select name="unit"`) {
				t.Fatal("a unit PR is offered the unit filter")
			}
			seen = append(seen, admRowHeadlines(t, p.body)...)
			path = ""
			if m := admNextLink.FindStringSubmatch(p.body); m != nil {
				path = html.UnescapeString(m[1])
			}
		}
		if len(seen) != 25 || strings.Contains(strings.Join(seen, "|"), "ผลงานวิจัยคณะครุศาสตร์") {
			t.Fatalf("unit PR's list: %d rows %q", len(seen), seen)
		}
		// Asking for another unit does not widen the scope.
		if got := admRowHeadlines(t, pr.get("/admin/news?unit="+itoa(education)).body); len(got) != 0 {
			t.Fatalf("unit PR asking for education sees %q", got)
		}
	})
}
