package public_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
)

// Every public and admin page renders with the demo content, in both
// languages, without a server error.
func TestEveryPageRendersWithDemoContent(t *testing.T) {
	ta := newDemoApp(t)
	visitor := ta.browser(t)
	var paths []string
	for _, en := range []string{"", "/en"} {
		for _, p := range []string{"/", "/news", "/news?page=2", "/news/1", "/news/1-slug", "/videos", "/videos?programme=npu-talks", "/videos/1",
			"/notices", "/notices?category=procurement", "/notices/1", "/notices/2/file", "/notices/3/file", "/pages", "/pages/privacy", "/pages/cookies", "/pages/contact",
			"/pages/executives", "/pages/e-service", "/sitemap"} {
			if en != "" && p == "/" {
				p = "/en/"
			} else {
				p = en + p
			}
			paths = append(paths, p)
		}
	}
	for _, p := range paths {
		res := visitor.get(p)
		// Notice 3 is a link notice: its "file" sends the reader on.
		if strings.HasSuffix(p, "/notices/3/file") {
			if res.status != http.StatusSeeOther || res.header.Get("Location") != "https://www.npu.ac.th/" {
				t.Errorf("%s: %d to %q; want 303 to the notice's link", p, res.status, res.header.Get("Location"))
			}
			continue
		}
		wantStatus(t, res, 200, p)
	}
	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	for _, p := range []string{"/admin/", "/admin/news", "/admin/news?state=live&type=mou", "/admin/news/1/edit", "/admin/news/new",
		"/admin/videos", "/admin/videos/1/edit", "/admin/videos/new", "/admin/banners", "/admin/banners/1/edit", "/admin/banners/new",
		"/admin/notices", "/admin/notices/1/edit", "/admin/notices/new?category=jobs", "/admin/users", "/admin/units", "/admin/actions", "/admin/pages", "/admin/pages/new", "/admin/pages/1/edit", "/admin/pages/1/revisions", "/admin/featured", "/admin/reports", "/admin/reports?kind=month", "/admin/reports.csv"} {
		wantStatus(t, admin.get(p), 200, p)
	}
}

func TestDetailPagesCarryOpenGraphAndHreflang(t *testing.T) {
	ta := newDemoApp(t)
	v := ta.browser(t)
	p := v.get("/news/1")
	base := ta.cfg.BaseURL
	for _, want := range []string{`property="og:type" content="article"`, `property="og:image" content="` + base + `/media/`,
		`rel="canonical" href="` + base + `/news/1"`, `hreflang="en" href="` + base + `/en/news/1"`, `name="twitter:card" content="summary_large_image"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("news page lacks %s", want)
		}
	}
	// A filtered list names itself and its other language with the filter.
	l := v.get("/notices?category=procurement")
	for _, want := range []string{`hreflang="th" href="` + base + `/notices?category=procurement"`, `hreflang="en" href="` + base + `/en/notices?category=procurement"`} {
		if !strings.Contains(l.body, want) {
			t.Errorf("notice list lacks %s", want)
		}
	}
	if p := v.get("/en/videos/1"); !strings.Contains(p.body, `property="og:type" content="video.other"`) || !strings.Contains(p.body, `hreflang="th" href="`+base+`/videos/1"`) {
		t.Error("video page lacks its OpenGraph type or Thai alternate")
	}
}

// Procurement notices leave the current list when they expire but stay in
// the archive, found by fiscal year and month (transparency assessments).
func TestProcurementArchiveByFiscalYear(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	// Three days at the start of a month two months back, at noon in
	// Bangkok: all in one fiscal month whatever day the test runs.
	now := ta.clock.Now().In(newsroom.Bangkok)
	start := time.Date(now.Year(), now.Month()-2, 1, 12, 0, 0, 0, newsroom.Bangkok)
	unit := ta.unitID(t, "procurement")
	for i := 0; i < 3; i++ {
		at := start.AddDate(0, 0, i)
		in := content.NoticeInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: at, End: at.AddDate(0, 0, 7), UnitID: unit, Publish: true},
			Category: roles.Procure, Headline: fmt.Sprintf("สรุปผลการจัดซื้อจัดจ้าง ฉบับที่ %d", i+1), LinkURL: "https://npu.ac.th/p", NewDays: 1}
		if _, err := ta.content.SaveNotice(ctx, content.Notice{}, in, content.Author{}, at); err != nil {
			t.Fatal(err)
		}
	}
	v := ta.browser(t)
	if p := v.get("/notices?category=procurement"); strings.Contains(p.body, "สรุปผลการจัดซื้อจัดจ้าง") {
		t.Fatal("expired notices in the current list")
	}
	fy := content.FiscalYear(start)
	month := int(start.In(newsroom.Bangkok).Month())
	for _, q := range []string{fmt.Sprintf("fy=%d", fy), fmt.Sprintf("fy=%d&month=%d", fy, month)} {
		p := v.get("/notices?category=procurement&" + q)
		wantStatus(t, p, 200, q)
		if strings.Count(p.body, "สรุปผลการจัดซื้อจัดจ้าง ฉบับที่") != 3 {
			t.Errorf("%s: the archive does not list the 3 expired notices", q)
		}
	}
	if p := v.get(fmt.Sprintf("/notices?category=procurement&fy=%d", fy+2)); strings.Contains(p.body, "ฉบับที่") {
		t.Error("another fiscal year lists them")
	}
	if p := v.get(fmt.Sprintf("/notices/%d", 1)); p.status != 200 {
		t.Errorf("an expired notice's page: %d", p.status)
	}
}

// A visitor searches a Thai word that sits inside a sentence.
func TestSearchFindsAThaiWordInsideASentence(t *testing.T) {
	ta := newDemoApp(t)
	v := ta.browser(t)
	p := v.get("/search?q=" + url.QueryEscape("ผลการเรียน"))
	wantStatus(t, p, 200, "search")
	if !strings.Contains(p.body, "<mark>ผลการเรียน</mark>") || !strings.Contains(p.body, "ทุนการศึกษาสำหรับนักศึกษาที่มี") {
		t.Fatalf("the scholarship notice is not found with the word highlighted:\n%.2000s", p.body)
	}
	if p := v.get("/search?q=" + url.QueryEscape("ไม่มีคำนี้ในระบบแน่นอน")); !strings.Contains(p.body, "ไม่พบรายการ") {
		t.Error("no 'nothing found' message")
	}
	if p := v.get("/en/search?q=NPU"); p.status != 200 {
		t.Errorf("English search: %d", p.status)
	}
}
