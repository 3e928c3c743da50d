package public_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom/content"
	"newsroom/roles"
	"newsroom/templates"
)

// feedFixture is the demo content plus items the demo lacks: English ones,
// one whose headline needs XML escaping, a PDF notice with a known size,
// and ones a visitor must not see.
type feedFixture struct {
	*testApp
	base                                 string
	enNews, enVideo, enNotice, escaped   int64
	draft, scheduled, takenDown, trashed int64
	expiredNotice, pdfNotice, pdfSize    int64
}

const escapedHeadline = `R&D <ทดสอบ> "quoted" & 'more'`

func newFeedFixture(t *testing.T) *feedFixture {
	t.Helper()
	ta := newDemoApp(t)
	f := &feedFixture{testApp: ta, base: ta.cfg.BaseURL}
	ctx := context.Background()
	now := ta.clock.Now()
	unit := ta.unitID(t, "science")
	by := content.Author{UserID: 1, Name: "ทดสอบ"}
	meta := func(lang content.Lang, start time.Time, days int, publish bool) content.MetaInput {
		return content.MetaInput{Lang: lang, Sort: 1, Start: start, End: start.AddDate(0, 0, days), UnitID: unit, Publish: publish}
	}
	news := func(lang content.Lang, headline string, m content.MetaInput) int64 {
		t.Helper()
		n, err := ta.content.CreateNews(ctx, content.NewsInput{MetaInput: m, Type: content.Research, Headline: headline,
			Body: "<p>" + headline + " body</p>", PhotosPerRow: 4}, by, now)
		if err != nil {
			t.Fatal(err)
		}
		return n.ID
	}
	hour := time.Hour
	f.enNews = news(content.English, "English open day", meta(content.English, now.Add(-hour), 2, true))
	f.escaped = news(content.Thai, escapedHeadline, meta(content.Thai, now.Add(-hour), 2, true))
	f.draft = news(content.Thai, "ร่างข่าวที่ยังไม่เผยแพร่", meta(content.Thai, now.Add(-hour), 2, false))
	f.scheduled = news(content.Thai, "ข่าวที่ตั้งเวลาไว้", meta(content.Thai, now.Add(48*hour), 2, true))
	f.takenDown = news(content.Thai, "ข่าวที่ถูกระงับ", meta(content.Thai, now.Add(-hour), 2, true))
	f.trashed = news(content.Thai, "ข่าวในถังขยะ", meta(content.Thai, now.Add(-hour), 2, true))
	// No store method takes items down yet; the sitemap must still leave them out.
	for id, status := range map[int64]string{f.takenDown: "takendown", f.trashed: "trashed"} {
		if _, err := ta.db.W.ExecContext(ctx, `UPDATE news SET status = ? WHERE id = ?`, status, id); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	f.enVideo, err = ta.content.SaveVideo(ctx, content.Video{}, content.VideoInput{MetaInput: meta(content.English, now.Add(-hour), 3, true),
		Programme: content.NPUTalks, Title: "NPU Talks in English", Link: "https://youtu.be/dQw4w9WgXcQ"}, by, now)
	if err != nil {
		t.Fatal(err)
	}
	f.enNotice, err = ta.content.SaveNotice(ctx, content.Notice{}, content.NoticeInput{MetaInput: meta(content.English, now.Add(-hour), 7, true),
		Category: roles.Scholarship, Headline: "Scholarships for international students", Summary: "Apply by the end of the month.",
		LinkURL: "https://www.npu.ac.th/", NewDays: 3}, by, now)
	if err != nil {
		t.Fatal(err)
	}
	f.expiredNotice, err = ta.content.SaveNotice(ctx, content.Notice{}, content.NoticeInput{MetaInput: meta(content.Thai, now.AddDate(0, 0, -40), 10, true),
		Category: roles.Procure, Headline: "ประกาศจัดซื้อที่หมดเวลาแสดงแล้ว", LinkURL: "https://www.npu.ac.th/"}, by, now)
	if err != nil {
		t.Fatal(err)
	}
	pdf := testPDF()
	f.pdfSize = int64(len(pdf))
	file, err := ta.content.StorePending(ctx, "notice", by.UserID, pdf, ".pdf", content.PendingFile{Name: "ประกาศ.pdf", Size: f.pdfSize}, now)
	if err != nil {
		t.Fatal(err)
	}
	f.pdfNotice, err = ta.content.SaveNotice(ctx, content.Notice{}, content.NoticeInput{MetaInput: meta(content.Thai, now.Add(-hour), 7, true),
		Category: roles.Announcement, Headline: "ประกาศพร้อมไฟล์ PDF", FileKey: file.Key}, by, now)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// path strips the configured base URL from an absolute link, so the test
// server (on another port) can fetch it.
func (f *feedFixture) path(t testing.TB, abs string) string {
	t.Helper()
	p, ok := strings.CutPrefix(abs, f.base)
	if !ok || !strings.HasPrefix(p, "/") {
		t.Fatalf("%q is not an absolute URL under %s", abs, f.base)
	}
	return p
}

type rssDoc struct {
	XMLName xml.Name
	Version string `xml:"version,attr"`
	Channel struct {
		Title    string `xml:"title"`
		Link     string `xml:"link"`
		Language string `xml:"language"`
		Items    []struct {
			Title string `xml:"title"`
			Link  string `xml:"link"`
			GUID  struct {
				IsPermaLink string `xml:"isPermaLink,attr"`
				Value       string `xml:",chardata"`
			} `xml:"guid"`
			PubDate     string `xml:"pubDate"`
			Description string `xml:"description"`
			Category    string `xml:"category"`
			Enclosure   *struct {
				URL    string `xml:"url,attr"`
				Length int64  `xml:"length,attr"`
				Type   string `xml:"type,attr"`
			} `xml:"enclosure"`
		} `xml:"item"`
	} `xml:"channel"`
}

type atomDoc struct {
	XMLName xml.Name
	Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string `xml:"id"`
	Updated string `xml:"updated"`
	Entries []struct {
		ID        string `xml:"id"`
		Title     string `xml:"title"`
		Published string `xml:"published"`
		Updated   string `xml:"updated"`
		Summary   string `xml:"summary"`
		Category  struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
		Links []struct {
			Rel    string `xml:"rel,attr"`
			Type   string `xml:"type,attr"`
			Href   string `xml:"href,attr"`
			Length int64  `xml:"length,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

// feedEntry is what both formats say about an item.
type feedEntry struct {
	title, link, category, encURL, encType string
	encLength                              int64
	published                              time.Time
}

// parseFeed decodes an RSS or Atom feed and checks its root and dates.
func parseFeed(t *testing.T, body, format string) (lang string, entries []feedEntry) {
	t.Helper()
	switch format {
	case "rss":
		var d rssDoc
		if err := xml.Unmarshal([]byte(body), &d); err != nil {
			t.Fatalf("RSS does not parse: %v\n%.800s", err, body)
		}
		if d.XMLName.Local != "rss" || d.Version != "2.0" {
			t.Fatalf("root %s version %q", d.XMLName.Local, d.Version)
		}
		for _, it := range d.Channel.Items {
			e := feedEntry{title: it.Title, link: it.Link, category: it.Category}
			var err error
			if e.published, err = time.Parse(time.RFC1123Z, it.PubDate); err != nil {
				t.Errorf("pubDate %q: %v", it.PubDate, err)
			}
			if it.GUID.Value != it.Link || it.GUID.IsPermaLink != "true" {
				t.Errorf("guid %+v for link %s", it.GUID, it.Link)
			}
			if enc := it.Enclosure; enc != nil {
				e.encURL, e.encType, e.encLength = enc.URL, enc.Type, enc.Length
			}
			entries = append(entries, e)
		}
		return d.Channel.Language, entries
	default:
		var d atomDoc
		if err := xml.Unmarshal([]byte(body), &d); err != nil {
			t.Fatalf("Atom does not parse: %v\n%.800s", err, body)
		}
		if d.XMLName.Local != "feed" || d.XMLName.Space != "http://www.w3.org/2005/Atom" {
			t.Fatalf("root %+v", d.XMLName)
		}
		if _, err := time.Parse(time.RFC3339, d.Updated); err != nil || d.ID == "" {
			t.Errorf("feed id %q updated %q", d.ID, d.Updated)
		}
		for _, en := range d.Entries {
			e := feedEntry{title: en.Title, category: en.Category.Term}
			for _, l := range en.Links {
				switch l.Rel {
				case "alternate":
					e.link = l.Href
				case "enclosure":
					e.encURL, e.encType, e.encLength = l.Href, l.Type, l.Length
				}
			}
			if en.ID != e.link {
				t.Errorf("entry id %q, link %q", en.ID, e.link)
			}
			var err error
			if e.published, err = time.Parse(time.RFC3339, en.Published); err != nil {
				t.Errorf("published %q: %v", en.Published, err)
			}
			if _, err := time.Parse(time.RFC3339, en.Updated); err != nil {
				t.Errorf("updated %q: %v", en.Updated, err)
			}
			entries = append(entries, e)
		}
		return d.Lang, entries
	}
}

func TestFeeds(t *testing.T) {
	f := newFeedFixture(t)
	v := f.browser(t)
	type check func(t *testing.T, entries []feedEntry)
	has := func(title string) check {
		return func(t *testing.T, entries []feedEntry) {
			if !slices.ContainsFunc(entries, func(e feedEntry) bool { return e.title == title }) {
				t.Errorf("no entry %q", title)
			}
		}
	}
	allCategory := func(cat roles.Category) check {
		return func(t *testing.T, entries []feedEntry) {
			for _, e := range entries {
				if e.category != templates.T("th", "cat."+string(cat)) {
					t.Errorf("%q is in category %q, not %s", e.title, e.category, cat)
				}
			}
		}
	}
	pdfEnclosure := func(t *testing.T, entries []feedEntry) {
		found := false
		for _, e := range entries {
			if e.encURL == "" {
				continue
			}
			// Length 0 is RSS's "unknown size" (the demo's PDFs have none recorded).
			if e.encType != "application/pdf" || e.encLength < 0 || !strings.HasPrefix(e.encURL, f.base+"/notices/") || !strings.HasSuffix(e.encURL, "/file") {
				t.Errorf("enclosure %s %s %d", e.encURL, e.encType, e.encLength)
			}
			if e.encURL == f.base+"/notices/"+itoa(f.pdfNotice)+"/file" {
				found = true
				if e.encLength != f.pdfSize {
					t.Errorf("enclosure length %d, want %d", e.encLength, f.pdfSize)
				}
			}
		}
		if !found {
			t.Error("the notice with a PDF has no enclosure")
		}
	}
	for _, format := range []string{"rss", "atom"} {
		for _, tc := range []struct {
			dir, query string // the feed is dir + format + ".xml" + query
			lang       string
			checks     []check
		}{
			{"/news/", "", "th", []check{has(escapedHeadline)}},
			{"/videos/", "", "th", nil},
			{"/notices/", "", "th", []check{pdfEnclosure}},
			{"/en/news/", "", "en", []check{has("English open day")}},
			{"/en/videos/", "", "en", []check{has("NPU Talks in English")}},
			{"/en/notices/", "", "en", []check{has("Scholarships for international students")}},
			{"/notices/", "?category=procurement", "th", []check{allCategory(roles.Procure)}},
			{"/en/notices/", "?category=scholarship", "en", []check{has("Scholarships for international students")}},
		} {
			path := tc.dir + format + ".xml" + tc.query
			t.Run(path, func(t *testing.T) {
				p := v.get(path)
				wantStatus(t, p, http.StatusOK, path)
				if ct := p.header.Get("Content-Type"); ct != "application/"+format+"+xml; charset=utf-8" {
					t.Errorf("Content-Type %q", ct)
				}
				lang, entries := parseFeed(t, p.body, format)
				if lang != tc.lang {
					t.Errorf("language %q, want %s", lang, tc.lang)
				}
				if len(entries) == 0 {
					t.Fatal("no entries")
				}
				for _, e := range entries {
					link := f.path(t, e.link)
					if (tc.lang == "en") != strings.HasPrefix(link, "/en/") {
						t.Errorf("%s feed links to %s", tc.lang, link)
					}
					if e.published.After(f.clock.Now()) {
						t.Errorf("%q has not started yet", e.title)
					}
				}
				for _, c := range tc.checks {
					c(t, entries)
				}
			})
		}
	}
	t.Run("only live items", func(t *testing.T) {
		_, entries := parseFeed(t, v.get("/news/rss.xml").body, "rss")
		for _, e := range entries {
			if strings.HasSuffix(e.link, "/news/"+itoa(f.draft)) || strings.HasSuffix(e.link, "/news/"+itoa(f.scheduled)) {
				t.Errorf("%q is not live", e.title)
			}
		}
		_, entries = parseFeed(t, v.get("/notices/atom.xml").body, "atom")
		for _, e := range entries {
			if strings.HasSuffix(e.link, "/notices/"+itoa(f.expiredNotice)) {
				t.Error("an expired notice is in the feed")
			}
		}
	})
	for _, path := range []string{"/notices/rss.xml?category=nope", "/en/notices/atom.xml?category=nope"} {
		wantStatus(t, v.get(path), http.StatusNotFound, path)
	}
}

type sitemapDoc struct {
	XMLName  xml.Name
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
	URLs []struct {
		Loc        string `xml:"loc"`
		LastMod    string `xml:"lastmod"`
		Alternates []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"url"`
}

func getSitemap(t *testing.T, b *browser, path, root string) sitemapDoc {
	t.Helper()
	p := b.get(path)
	wantStatus(t, p, http.StatusOK, path)
	if ct := p.header.Get("Content-Type"); ct != "application/xml; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	var d sitemapDoc
	if err := xml.Unmarshal([]byte(p.body), &d); err != nil {
		t.Fatalf("%s does not parse: %v\n%.600s", path, err, p.body)
	}
	if d.XMLName.Local != root || d.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" {
		t.Fatalf("%s: root %+v", path, d.XMLName)
	}
	return d
}

func TestSitemap(t *testing.T) {
	f := newFeedFixture(t)
	v := f.browser(t)
	// An item with an id past the first file goes in the second.
	far := int64(content.SitemapSize + 1)
	if _, err := f.db.W.ExecContext(context.Background(), `INSERT INTO news (id, lang, news_type, headline, body, body_text, sort,
		photos_per_row, start_at, end_at, status, unit_id, author_name, created_at, updated_at)
		SELECT ?, lang, news_type, headline, body, body_text, sort, photos_per_row, start_at, end_at, status, unit_id, author_name,
		created_at, updated_at FROM news WHERE id = ?`, far, f.escaped); err != nil {
		t.Fatal(err)
	}
	index := getSitemap(t, v, "/sitemap.xml", "sitemapindex")
	locs := map[string]bool{}  // every URL listed
	pages := map[string]bool{} // the files the index names
	for _, s := range index.Sitemaps {
		path := f.path(t, s.Loc)
		pages[path] = true
		d := getSitemap(t, v, path, "urlset")
		if len(d.URLs) == 0 || len(d.URLs) > content.SitemapSize {
			t.Errorf("%s lists %d URLs", path, len(d.URLs))
		}
		for _, u := range d.URLs {
			locs[f.path(t, u.Loc)] = true
			if path == "/sitemap/pages.xml" {
				if len(u.Alternates) != 3 {
					t.Errorf("%s: alternates %+v", u.Loc, u.Alternates)
				}
				continue
			}
			if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
				t.Errorf("%s: lastmod %q", u.Loc, u.LastMod)
			}
			if len(u.Alternates) != 0 {
				t.Errorf("%s: an item has alternates %+v", u.Loc, u.Alternates)
			}
		}
	}
	for _, want := range []string{"/sitemap/pages.xml", "/sitemap/news-1.xml", "/sitemap/news-2.xml", "/sitemap/videos-1.xml", "/sitemap/notices-1.xml"} {
		if !pages[want] {
			t.Errorf("the index does not list %s: %v", want, pages)
		}
	}
	present := []string{"/", "/en/", "/news", "/en/news", "/notices?category=procurement", "/pages/privacy", "/en/pages/cookies", "/sitemap", "/en/sitemap",
		"/news/" + itoa(f.escaped), "/en/news/" + itoa(f.enNews), "/en/videos/" + itoa(f.enVideo), "/en/notices/" + itoa(f.enNotice),
		"/notices/" + itoa(f.expiredNotice), "/news/" + itoa(far)}
	for _, p := range present {
		if !locs[p] {
			t.Errorf("sitemap lacks %s", p)
		}
	}
	for name, id := range map[string]int64{"draft": f.draft, "scheduled": f.scheduled, "taken down": f.takenDown, "trashed": f.trashed} {
		for _, p := range []string{"/news/" + itoa(id), "/en/news/" + itoa(id)} {
			if locs[p] {
				t.Errorf("the sitemap lists a %s item: %s", name, p)
			}
		}
	}
	// Every live news item of the demo is listed.
	live, _, err := f.content.LiveNews(context.Background(), content.Thai, f.clock.Now(), 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range live {
		if !locs["/news/"+itoa(n.ID)] {
			t.Errorf("live news %d missing", n.ID)
		}
	}
	if len(pages) != 6 { // pages.xml, news ×2, videos, notices and the institutional pages
		t.Errorf("the index lists %v; want no empty files", pages)
	}
	for _, path := range []string{"/sitemap/news-0.xml", "/sitemap/news-01.xml", "/sitemap/news-3.xml", "/sitemap/banners-1.xml",
		"/sitemap/news.xml", "/sitemap/pages"} {
		wantStatus(t, v.get(path), http.StatusNotFound, path)
	}
}

func TestRobots(t *testing.T) {
	ta := newTestApp(t)
	p := ta.browser(t).get("/robots.txt")
	wantStatus(t, p, http.StatusOK, "robots.txt")
	if ct := p.header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	for _, line := range []string{"User-agent: *", "Allow: /", "Disallow: /admin/", "Sitemap: " + ta.cfg.BaseURL + "/sitemap.xml"} {
		if !slices.Contains(strings.Split(p.body, "\n"), line) {
			t.Errorf("robots.txt lacks %q:\n%s", line, p.body)
		}
	}
}

// The API's item shapes as a client decodes them.
type apiItem struct {
	ID        int64   `json:"id"`
	URL       *string `json:"url"`
	Lang      string  `json:"lang"`
	Start     string  `json:"start"`
	End       string  `json:"end"`
	Updated   string  `json:"updated"`
	Headline  string  `json:"headline"`
	Title     string  `json:"title"`
	Lead      string  `json:"lead"`
	Summary   string  `json:"summary"`
	Type      string  `json:"type"`
	Programme string  `json:"programme"`
	Category  string  `json:"category"`
	Unit      *struct {
		ID     int64  `json:"id"`
		NameTH string `json:"name_th"`
		NameEN string `json:"name_en"`
	} `json:"unit"`
	MainPhoto *struct {
		URL      string `json:"url"`
		ThumbURL string `json:"thumb_url"`
		Width    int    `json:"width"`
		Height   int    `json:"height"`
	} `json:"main_photo"`
	PhotosCount int     `json:"photos_count"`
	Views       *int64  `json:"views"`
	YouTubeID   string  `json:"youtube_id"`
	EmbedURL    string  `json:"embed_url"`
	ImageURL    string  `json:"image_url"`
	Width       int     `json:"width"`
	Height      int     `json:"height"`
	LinkURL     *string `json:"link_url"`
	FileURL     *string `json:"file_url"`
	FileName    string  `json:"file_name"`
	IsNew       *bool   `json:"is_new"`
	Reads       *int64  `json:"reads"`
}

type apiList struct {
	Items   []apiItem `json:"items"`
	Page    int       `json:"page"`
	PerPage int       `json:"per_page"`
	Total   int       `json:"total"`
	Next    *string   `json:"next"`
}

func apiGet[T any](t *testing.T, b *browser, path string, want int) (T, page) {
	t.Helper()
	p := b.get(path)
	wantStatus(t, p, want, path)
	if ct := p.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	if p.header.Get("Set-Cookie") != "" {
		t.Errorf("%s sets a cookie", path)
	}
	var out T
	if err := json.Unmarshal([]byte(p.body), &out); err != nil {
		t.Fatalf("%s: %v\n%.400s", path, err, p.body)
	}
	return out, p
}

// wantTime checks an RFC 3339 time in Bangkok's offset.
func wantTime(t *testing.T, what, s string) {
	t.Helper()
	if _, err := time.Parse(time.RFC3339, s); err != nil || !strings.HasSuffix(s, "+07:00") {
		t.Errorf("%s %q is not RFC 3339 at +07:00", what, s)
	}
}

func TestAPI(t *testing.T) {
	f := newFeedFixture(t)
	v := f.browser(t)
	common := func(t *testing.T, kind string, it apiItem, lang string) {
		t.Helper()
		if it.ID == 0 || it.Lang != lang {
			t.Errorf("%s %d: lang %q, want %s", kind, it.ID, it.Lang, lang)
		}
		wantTime(t, "start", it.Start)
		wantTime(t, "end", it.End)
		wantTime(t, "updated", it.Updated)
		if kind == "banners" {
			if it.URL != nil {
				t.Errorf("banner url %q", *it.URL)
			}
			return
		}
		prefix := "/"
		if lang == "en" {
			prefix = "/en/"
		}
		if want := f.base + prefix + kind + "/" + itoa(it.ID); it.URL == nil || *it.URL != want {
			t.Errorf("url %v, want %s", it.URL, want)
		}
	}
	shape := map[string]func(t *testing.T, it apiItem){
		"news": func(t *testing.T, it apiItem) {
			if it.Headline == "" || it.Type == "" || it.Unit == nil || it.Unit.NameTH == "" || it.Views == nil {
				t.Errorf("news %+v", it)
			}
			if it.PhotosCount > 0 && (it.MainPhoto == nil || it.MainPhoto.Width <= 0 || it.MainPhoto.Height <= 0 ||
				!strings.HasPrefix(it.MainPhoto.URL, f.base+"/media/") || !strings.HasPrefix(it.MainPhoto.ThumbURL, f.base+"/media/")) {
				t.Errorf("news %d: main photo %+v", it.ID, it.MainPhoto)
			}
		},
		"videos": func(t *testing.T, it apiItem) {
			if it.Title == "" || it.Programme == "" || it.YouTubeID == "" || it.Views == nil ||
				it.EmbedURL != "https://www.youtube-nocookie.com/embed/"+it.YouTubeID {
				t.Errorf("video %+v", it)
			}
		},
		"banners": func(t *testing.T, it apiItem) {
			if it.Width != 1000 || it.Height != 300 || !strings.HasPrefix(it.ImageURL, f.base+"/media/") || it.Title == "" {
				t.Errorf("banner %+v", it)
			}
		},
		"notices": func(t *testing.T, it apiItem) {
			if it.Headline == "" || !roles.Category(it.Category).Valid() || it.IsNew == nil || it.Reads == nil ||
				(it.FileURL == nil) == (it.LinkURL == nil) {
				t.Errorf("notice %+v", it)
			}
			if it.FileURL != nil && (*it.FileURL != f.base+"/notices/"+itoa(it.ID)+"/file" || it.FileName == "") {
				t.Errorf("notice file %v %q", *it.FileURL, it.FileName)
			}
		},
	}
	shape["featured"] = shape["news"]

	for _, kind := range []string{"news", "videos", "banners", "notices", "featured"} {
		for _, lang := range []string{"th", "en"} {
			path := "/api/v1/" + kind + "?lang=" + lang
			t.Run(path, func(t *testing.T) {
				l, p := apiGet[apiList](t, v, path, http.StatusOK)
				if p.header.Get("Access-Control-Allow-Origin") != "*" {
					t.Error("no Access-Control-Allow-Origin: *")
				}
				if kind != "banners" && len(l.Items) == 0 {
					t.Fatal("no items")
				}
				if l.Page != 1 || l.Total < len(l.Items) || (kind == "featured" && len(l.Items) > content.MaxPicks*f.cfg.FeaturedDays) {
					t.Errorf("page %d per_page %d total %d items %d", l.Page, l.PerPage, l.Total, len(l.Items))
				}
				api := kind
				if kind == "featured" {
					api = "news"
				}
				for _, it := range l.Items {
					common(t, api, it, lang)
					shape[kind](t, it)
				}
				if len(l.Items) > 0 {
					// The same item by id.
					one, _ := apiGet[apiItem](t, v, "/api/v1/"+api+"/"+itoa(l.Items[0].ID), http.StatusOK)
					if one.ID != l.Items[0].ID {
						t.Errorf("by id: %+v", one)
					}
				}
			})
		}
	}

	t.Run("english only english", func(t *testing.T) {
		// The demo posts some English items too; every item listed must be
		// English, and the fixture's English items must be among them.
		onlyEnglish := func(what string, l apiList, want int64, check func(apiItem) bool) {
			t.Helper()
			found := false
			for _, it := range l.Items {
				if it.Lang != "en" || !check(it) {
					t.Errorf("%s: item %d (%s) does not belong", what, it.ID, it.Lang)
				}
				found = found || it.ID == want
			}
			if !found || l.Total != len(l.Items) {
				t.Errorf("%s: %d items (total %d) without %d", what, len(l.Items), l.Total, want)
			}
		}
		l, _ := apiGet[apiList](t, v, "/api/v1/news?lang=en", http.StatusOK)
		onlyEnglish("English news", l, f.enNews, func(apiItem) bool { return true })
		l, _ = apiGet[apiList](t, v, "/api/v1/notices?lang=en&category=scholarship", http.StatusOK)
		onlyEnglish("English scholarships", l, f.enNotice, func(it apiItem) bool {
			return it.Category == "scholarship" && (it.ID != f.enNotice || *it.IsNew)
		})
		l, _ = apiGet[apiList](t, v, "/api/v1/notices?lang=en&category=procurement", http.StatusOK)
		if len(l.Items) != 0 || l.Items == nil || l.Next != nil {
			t.Errorf("no English procurement notices: %+v", l)
		}
	})

	t.Run("paging", func(t *testing.T) {
		all, _ := apiGet[apiList](t, v, "/api/v1/news?per_page=100", http.StatusOK)
		if all.Total < 5 || len(all.Items) != all.Total || all.Next != nil {
			t.Fatalf("total %d, items %d, next %v", all.Total, len(all.Items), all.Next)
		}
		var seen []int64
		path := "/api/v1/news?per_page=2"
		for n := 1; path != ""; n++ {
			l, _ := apiGet[apiList](t, v, path, http.StatusOK)
			if l.Page != n || l.PerPage != 2 || l.Total != all.Total {
				t.Fatalf("%s: page %d per_page %d total %d", path, l.Page, l.PerPage, l.Total)
			}
			for _, it := range l.Items {
				seen = append(seen, it.ID)
			}
			path = ""
			if l.Next != nil {
				path = f.path(t, *l.Next)
				if !strings.Contains(path, "page="+itoa(int64(n+1))) || !strings.Contains(path, "per_page=2") {
					t.Fatalf("next %s", path)
				}
			}
		}
		want := make([]int64, 0, len(all.Items))
		for _, it := range all.Items {
			want = append(want, it.ID)
		}
		if !slices.Equal(seen, want) {
			t.Errorf("pages of 2 give %v, one page gives %v", seen, want)
		}
		l, _ := apiGet[apiList](t, v, "/api/v1/news?page=9999", http.StatusOK)
		if len(l.Items) != 0 || l.Next != nil {
			t.Errorf("past the end: %+v", l)
		}
	})

	t.Run("bad requests", func(t *testing.T) {
		for _, path := range []string{"/api/v1/news?per_page=101", "/api/v1/news?per_page=0", "/api/v1/news?per_page=x",
			"/api/v1/news?page=0", "/api/v1/news?page=-1", "/api/v1/news?page=abc", "/api/v1/news?lang=fr",
			"/api/v1/notices?category=nope", "/api/v1/videos?programme=nope", "/api/v1/banners?placement=nope"} {
			e, p := apiGet[map[string]string](t, v, path, http.StatusBadRequest)
			if e["error"] == "" || p.header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s: %s", path, p.body)
			}
		}
		if e, _ := apiGet[map[string]string](t, v, "/api/v1/news/"+itoa(f.takenDown), http.StatusGone); e["error"] != "taken down" {
			t.Errorf("taken-down news: %v", e)
		}
		for _, path := range []string{"/api/v1/news/" + itoa(f.draft), "/api/v1/news/" + itoa(f.scheduled),
			"/api/v1/news/999999", "/api/v1/news/abc", "/api/v1/news/1x", "/api/v1/videos/0", "/api/v1/notices/999999", "/api/v1/banners/999999"} {
			e, _ := apiGet[map[string]string](t, v, path, http.StatusNotFound)
			if e["error"] != "not found" {
				t.Errorf("%s: %v", path, e)
			}
		}
	})

	t.Run("expired notice by id, not in lists", func(t *testing.T) {
		it, _ := apiGet[apiItem](t, v, "/api/v1/notices/"+itoa(f.expiredNotice), http.StatusOK)
		if it.ID != f.expiredNotice || it.LinkURL == nil || it.FileURL != nil || *it.IsNew {
			t.Errorf("expired notice %+v", it)
		}
		l, _ := apiGet[apiList](t, v, "/api/v1/notices?per_page=100", http.StatusOK)
		for _, it := range l.Items {
			if it.ID == f.expiredNotice {
				t.Error("an expired notice is listed")
			}
		}
	})

	t.Run("escaping and privacy", func(t *testing.T) {
		it, p := apiGet[apiItem](t, v, "/api/v1/news/"+itoa(f.escaped), http.StatusOK)
		if it.Headline != escapedHeadline {
			t.Errorf("headline %q", it.Headline)
		}
		for _, leak := range []string{"author", "citizen", "user_id", "status"} {
			if strings.Contains(p.body, leak) {
				t.Errorf("the API shows %q: %s", leak, p.body)
			}
		}
	})

	t.Run("ETag", func(t *testing.T) {
		_, p := apiGet[apiList](t, v, "/api/v1/notices", http.StatusOK)
		etag := p.header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		req, _ := http.NewRequest("GET", v.base+"/api/v1/notices", nil)
		req.Header.Set("If-None-Match", etag)
		if res := v.do(req); res.status != http.StatusNotModified {
			t.Fatalf("If-None-Match: %d", res.status)
		}
	})
}

// Browsers on other sites read the API, so every answer, also one the page
// cache replays, allows any origin.
func TestAPICORSThroughCache(t *testing.T) {
	ta := newDemoApp(t)
	v := ta.browser(t)
	for i := range 2 {
		p := v.get("/api/v1/notices")
		wantStatus(t, p, http.StatusOK, "notices")
		if p.header.Get("Access-Control-Allow-Origin") != "*" {
			t.Fatalf("request %d: no Access-Control-Allow-Origin (public/routes.go must put apiHeaders before the cache)", i+1)
		}
	}
}
