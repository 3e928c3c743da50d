package public_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsroom/content"
	"newsroom/demo"
	"newsroom/kind"
	"newsroom/roles"
	"newsroom/templates"
)

// previewURL finds the new link's full URL in an editor page.
var previewURL = regexp.MustCompile(`value="(https?://[^"]+)(/preview/[A-Za-z0-9_-]{32})"`)

// wantPreviewHeaders checks a preview answer (page or error) is kept out of
// search engines and shared caches and sends no Referer onwards.
func wantPreviewHeaders(t *testing.T, p page, what string) {
	t.Helper()
	for h, want := range map[string]string{"X-Robots-Tag": "noindex, nofollow", "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"} {
		if got := p.header.Get(h); got != want {
			t.Errorf("%s: %s %q, want %q", what, h, got, want)
		}
	}
	if p.header.Get("Set-Cookie") != "" || p.header.Get("ETag") != "" {
		t.Errorf("%s: sets a cookie or an ETag: %v", what, p.header)
	}
}

// storeLink makes a preview link of the item through the store at the
// app's clock, as its editor would.
func (ta *testApp) storeLink(t *testing.T, k *kind.Kind, id int64, hours int) content.PreviewLink {
	t.Helper()
	l, err := ta.content.CreatePreviewLink(context.Background(), k, id, hours, ta.accAuthor(t), ta.clock.Now())
	if err != nil {
		t.Fatalf("preview link of %s %d: %v", k, id, err)
	}
	return l
}

// The dean's journey: a unit's PR saves a news item with photos as a draft,
// makes a preview link on its editor and sends it; the dean, with no
// account, opens it before publication and sees the story with its
// gallery and a bar saying when the link expires. The page is not indexed,
// not cached (by shared caches or our page cache), not counted as a view,
// and the link stops at its expiry with the same 404 as any unknown link.
func TestPreviewOfADraftNewsBeforePublication(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(accNow)
	pr := ta.browser(t)
	pr.mustLogin(demoID(roles.UnitPR), demo.Password)
	headline := "คณะวิทยาศาสตร์ขอความเห็นชอบก่อนเผยแพร่"
	form := newsForm(headline)
	form.Set("action", "draft")
	if status, res := pr.uploadFiles("draft="+form.Get("draft"), map[string][]byte{"ภาพ 1.jpg": testJPEG(t, 1200, 900), "ภาพ 2.jpg": testJPEG(t, 640, 480)}); status != http.StatusAccepted {
		t.Fatalf("upload: %d %v", status, res)
	}
	if err := ta.queue.RunPending(context.Background()); err != nil {
		t.Fatal(err)
	}
	saved := pr.post("/admin/news/new", "/admin/news", form)
	wantRedirect(t, saved, "/admin/news/", "save the draft")
	edit := saved.header.Get("Location")
	id := strings.TrimSuffix(strings.TrimPrefix(edit, "/admin/news/"), "/edit")
	visitor := ta.browser(t)
	wantStatus(t, visitor.get("/news/"+id), http.StatusNotFound, "the draft's public page")

	made := pr.post(edit, "/admin/news/"+id+"/preview-links", url.Values{"hours": {"72"}})
	wantStatus(t, made, http.StatusOK, "create a preview link")
	m := previewURL.FindStringSubmatch(made.body)
	if m == nil {
		t.Fatalf("the editor shows no new preview link")
	}
	if m[1] != strings.TrimRight(ta.cfg.BaseURL, "/") {
		t.Errorf("the link is on %q, want the site's base URL %q", m[1], ta.cfg.BaseURL)
	}
	path := m[2]

	expires := accNow.Add(72 * time.Hour)
	p := visitor.get(path)
	wantStatus(t, p, http.StatusOK, "the preview")
	wantPreviewHeaders(t, p, "the preview")
	for _, want := range []string{"<h1>" + headline + "</h1>", "เนื้อหาข่าว", templates.Tf("th", "preview.bar", templates.DateTime("th", expires)),
		`<meta name="robots" content="noindex, nofollow">`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if n := strings.Count(p.body, `<li><a href="/media/`); n != 2 {
		t.Errorf("the preview shows %d gallery photos, want 2", n)
	}
	if strings.Contains(p.body, `rel="canonical"`) || strings.Contains(p.body, path+`"`) && strings.Contains(p.body, `hreflang`) {
		t.Error("the preview names its own URL as canonical or alternate")
	}
	// Still unpublished everywhere else.
	for _, pub := range []string{"/news/" + id, "/api/v1/news/" + id} {
		wantStatus(t, visitor.get(pub), http.StatusNotFound, pub+" while previewed")
	}
	if strings.Contains(visitor.get("/news").body, headline) {
		t.Error("the news list shows the draft")
	}
	// Rendered at every request, never from the page cache: a change made
	// behind the store's back (no content version) shows at once.
	if _, err := ta.db.W.Exec(`UPDATE news SET headline = 'แก้ตรงในฐานข้อมูล' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	if p := visitor.get(path); !strings.Contains(p.body, "แก้ตรงในฐานข้อมูล") {
		t.Error("the second preview came from the page cache")
	}
	nid, _ := ta.content.ResolvePreview(context.Background(), strings.TrimPrefix(path, "/preview/"), accNow)
	if n := ta.counter.Pending(content.CountNewsView, nid.ItemID()); n != 0 {
		t.Errorf("previews counted %d views", n)
	}

	ta.clock.Set(expires.Add(-time.Minute))
	wantStatus(t, visitor.get(path), http.StatusOK, "the preview a minute before expiry")
	ta.clock.Set(expires)
	gone := visitor.get(path)
	wantStatus(t, gone, http.StatusNotFound, "the preview at expiry")
	wantPreviewHeaders(t, gone, "an expired link")
	if !strings.Contains(gone.body, templates.T("th", "preview.invalid")) || strings.Contains(gone.body, headline) {
		t.Errorf("an expired link says: %s", gone.body)
	}
}

// Unknown, malformed, expired and revoked links, and a trashed item's, all
// answer the very same 404 (no oracle); a taken-down item's answers 410.
func TestPreviewLinksThatShowNothing(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(accNow)
	v := ta.browser(t)
	ctx := context.Background()
	draft := func(title string) int64 {
		return ta.accNews(t, accItem{title: title, start: accNow.Add(-time.Hour), end: accNow.Add(48 * time.Hour), draft: true})
	}
	expired := ta.storeLink(t, content.NewsKind, draft("ข่าวลิงก์หมดอายุ"), 1)
	revokedID := draft("ข่าวลิงก์ถูกยกเลิก")
	revoked := ta.storeLink(t, content.NewsKind, revokedID, 72)
	trashedID := draft("ข่าวในถังขยะ")
	trashed := ta.storeLink(t, content.NewsKind, trashedID, 72)
	downID := ta.accNews(t, accItem{title: "ข่าวที่ถูกระงับ", start: accNow.Add(-time.Hour), end: accNow.Add(48 * time.Hour)})
	down := ta.storeLink(t, content.NewsKind, downID, 72)
	ta.clock.Set(accNow.Add(2 * time.Hour))

	for _, l := range []content.PreviewLink{revoked, trashed, down} {
		wantStatus(t, v.get(l.Path()), http.StatusOK, "a link before its end")
	}
	if _, err := ta.content.RevokePreviewLink(ctx, content.NewsKind, revokedID, revoked.ID, ta.accAuthor(t), ta.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := ta.content.Trash(ctx, content.NewsKind, trashedID, ta.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := ta.content.TakeDown(ctx, content.NewsKind, downID, content.TakedownInput{Reason: "คำร้อง"}, ta.clock.Now()); err != nil {
		t.Fatal(err)
	}

	unknown := v.get("/preview/" + strings.Repeat("A", content.PreviewTokenLen))
	wantStatus(t, unknown, http.StatusNotFound, "an unknown link")
	wantPreviewHeaders(t, unknown, "an unknown link")
	if !strings.Contains(unknown.body, templates.T("th", "preview.invalid")) {
		t.Errorf("an unknown link says: %s", unknown.body)
	}
	for what, path := range map[string]string{"malformed": "/preview/not-a-token", "expired": expired.Path(), "revoked": revoked.Path(),
		"trashed item": trashed.Path(), "file of an unknown link": "/preview/" + strings.Repeat("B", content.PreviewTokenLen) + "/file",
		"file of a news link": revoked.Path() + "/file"} {
		p := v.get(path)
		wantStatus(t, p, http.StatusNotFound, what)
		wantPreviewHeaders(t, p, what)
		if p.body != unknown.body {
			t.Errorf("%s: the answer differs from an unknown link's", what)
		}
	}
	p := v.get(down.Path())
	wantStatus(t, p, http.StatusGone, "a taken-down item")
	wantPreviewHeaders(t, p, "a taken-down item")
	if strings.Contains(p.body, "ข่าวที่ถูกระงับ") {
		t.Error("a taken-down item's preview shows it")
	}

	robots := v.get("/robots.txt")
	if !strings.Contains(robots.body, "\nDisallow: /preview/\n") {
		t.Errorf("robots.txt does not disallow /preview/:\n%s", robots.body)
	}
}

// Every kind with a publishing status has a preview page that shows an
// unpublished item: news and videos on their public page, notices with
// their file, banners on a page of their own; whatever the status.
func TestPreviewOfEveryKind(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(accNow)
	v := ta.browser(t)
	ctx := context.Background()
	window := func(title string) accItem {
		return accItem{title: title, start: accNow.Add(-time.Hour), end: accNow.Add(48 * time.Hour), draft: true}
	}
	type item struct {
		id     int64
		public string // its public page, "" for banners
		want   []string
	}
	makers := map[*kind.Kind]func() item{
		content.NewsKind: func() item {
			id := ta.accNews(t, window("ข่าวร่างเพื่อดูตัวอย่าง"))
			return item{id, "/news/" + itoa(id), []string{"<h1>ข่าวร่างเพื่อดูตัวอย่าง</h1>"}}
		},
		content.VideoKind: func() item {
			id := ta.accVideo(t, window("วิดีโอร่างเพื่อดูตัวอย่าง"), content.NPUNews)
			return item{id, "/videos/" + itoa(id), []string{"<h1>วิดีโอร่างเพื่อดูตัวอย่าง</h1>", `data-yt="dQw4w9WgXcQ"`}}
		},
		content.NoticeKind: func() item {
			by := ta.accAuthor(t)
			f, err := ta.content.StorePending(ctx, "notice", by.UserID, testPDF(), ".pdf", content.PendingFile{Name: "ประกาศรับสมัคร.pdf"}, accNow)
			if err != nil {
				t.Fatal(err)
			}
			id, err := ta.content.SaveNotice(ctx, content.Notice{}, content.NoticeInput{MetaInput: ta.accMeta(t, window("")), Category: roles.Announcement,
				Headline: "ประกาศร่างเพื่อดูตัวอย่าง", FileKey: f.Key, NewDays: 1}, by, accNow)
			if err != nil {
				t.Fatal(err)
			}
			return item{id, "/notices/" + itoa(id), []string{"<h1>ประกาศร่างเพื่อดูตัวอย่าง", "ประกาศรับสมัคร.pdf"}}
		},
		content.PageKind: func() item {
			id, err := ta.content.SavePage(ctx, content.Page{}, content.PageInput{MetaInput: ta.accMeta(t, window("")), Slug: "draft-preview",
				Section: content.SectionAbout, Title: "หน้าร่างเพื่อดูตัวอย่าง", Body: "<p>เนื้อหาหน้าร่าง</p>"}, ta.accAuthor(t), accNow)
			if err != nil {
				t.Fatal(err)
			}
			return item{id, "/pages/draft-preview", []string{"<h1>หน้าร่างเพื่อดูตัวอย่าง</h1>", "เนื้อหาหน้าร่าง"}}
		},
		content.ITAKind: func() item {
			id, err := ta.content.SaveITAItem(ctx, content.ITAItem{}, content.ITAItemInput{MetaInput: content.MetaInput{Sort: 40, UnitID: ta.unitID(t, "pr")},
				FY: 2569, Code: "P1", TitleTH: "รายการร่างเพื่อดูตัวอย่าง", Span: content.SpanCurrent}, ta.accAuthor(t), accNow)
			if err != nil {
				t.Fatal(err)
			}
			return item{id, "/ita/2569/P1", []string{"<h1>P1 รายการร่างเพื่อดูตัวอย่าง</h1>"}}
		},
		content.BannerKind: func() item {
			id := ta.accBanner(t, window("แบนเนอร์ร่างเพื่อดูตัวอย่าง"))
			return item{id, "", []string{"<h1>แบนเนอร์ร่างเพื่อดูตัวอย่าง</h1>", `alt="แบนเนอร์ร่างเพื่อดูตัวอย่าง" width="1000" height="300"`}}
		},
		content.ProcurementKind: func() item { // public/procurement.go: its row of the สขร.1
			id, err := ta.content.SaveProcurement(ctx, 0, content.ProcurementInput{MetaInput: ta.accMeta(t, window("")),
				Procurement: content.Procurement{Title: "จัดซื้อร่างเพื่อดูตัวอย่าง", Method: "specific", ProcKind: "buy", State: "planned",
					Budget: 1250000}}, ta.accAuthor(t), accNow)
			if err != nil {
				t.Fatal(err)
			}
			return item{id, "", []string{"<h1>จัดซื้อร่างเพื่อดูตัวอย่าง</h1>", "12,500.00"}}
		},
		content.QuestionKind: func() item { // public/qa.go
			id, err := ta.content.AskQuestion(ctx, content.AskInput{Lang: content.Thai, Question: "คำถามร่างเพื่อดูตัวอย่าง", Consent: true, Token: "preview"},
				accNow.Add(-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			return item{id, "/qa/" + itoa(id), []string{`<h1 class="qa-question">คำถามร่างเพื่อดูตัวอย่าง</h1>`}}
		},
	}
	for _, k := range kind.With(kind.Status) {
		t.Run(k.Name, func(t *testing.T) {
			mk := makers[k]
			if mk == nil {
				t.Fatalf("kind %s has a status but this test makes none of its items", k)
			}
			it := mk()
			if it.public != "" {
				wantStatus(t, v.get(it.public), http.StatusNotFound, "the draft's public page")
			}
			path := ta.storeLink(t, k, it.id, 72).Path()
			for _, st := range []string{"draft", "pending", "returned", "published"} {
				if _, err := ta.db.W.Exec(`UPDATE `+k.Table+` SET status = ? WHERE id = ?`, st, it.id); err != nil {
					t.Fatal(err)
				}
				p := v.get(path)
				wantStatus(t, p, http.StatusOK, st+" item's preview")
				wantPreviewHeaders(t, p, st+" item's preview")
				for _, want := range append(it.want, templates.Tf("th", "preview.bar", templates.DateTime("th", accNow.Add(72*time.Hour)))) {
					if !strings.Contains(p.body, want) {
						t.Errorf("%s item's preview lacks %q", st, want)
					}
				}
			}
			// Scheduled: published, starting tomorrow.
			if _, err := ta.db.W.Exec(`UPDATE `+k.Table+` SET start_at = ? WHERE id = ?`, accNow.Add(24*time.Hour).UnixMilli(), it.id); err != nil {
				t.Fatal(err)
			}
			if it.public != "" {
				wantStatus(t, v.get(it.public), http.StatusNotFound, "the scheduled item's public page")
			}
			wantStatus(t, v.get(path), http.StatusOK, "a scheduled item's preview")
			if k == content.NoticeKind {
				f := v.get(path + "/file")
				wantStatus(t, f, http.StatusOK, "the previewed notice's PDF")
				wantPreviewHeaders(t, f, "the previewed notice's PDF")
				if f.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(f.body, "%PDF-") {
					t.Errorf("the previewed notice's file: %s", f.header.Get("Content-Type"))
				}
				if b := v.get(path).body; !strings.Contains(b, `href="`+path+`/file"`) {
					t.Errorf("the notice's preview does not link its file through the preview: %s", b)
				}
				wantStatus(t, v.get(it.public+"/file"), http.StatusNotFound, "the scheduled notice's public file")
			}
		})
	}
}

// A live item whose edit waits for review: its preview link shows the
// change (what the dean is asked to approve) while the public page keeps
// the live version.
func TestPreviewOfAPendingChange(t *testing.T) {
	ta := newTestApp(t)
	ta.clock.Set(accNow)
	ctx := context.Background()
	now := ta.clock.Now()
	in := content.NewsInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1, Start: now.Add(-time.Hour), End: now.AddDate(0, 0, 3),
		UnitID: ta.unitID(t, "science"), Publish: true}, Type: content.Activity, Headline: "ฉบับที่เผยแพร่อยู่", Body: "<p>เนื้อหาเดิม</p>", PhotosPerRow: 4}
	n, err := ta.content.CreateNews(ctx, in, ta.accAuthor(t), now)
	if err != nil {
		t.Fatal(err)
	}
	in.Review, in.Headline, in.Body = true, "ฉบับแก้ไขรออนุมัติ", "<p>เนื้อหาที่แก้</p>"
	if err := ta.content.UpdateNews(ctx, n.ID, in, now); err != nil {
		t.Fatal(err)
	}
	l := ta.storeLink(t, content.NewsKind, n.ID, 72)
	visitor := ta.browser(t)
	p := visitor.get(l.Path())
	wantStatus(t, p, http.StatusOK, "the preview of the change")
	if !strings.Contains(p.body, "ฉบับแก้ไขรออนุมัติ") || !strings.Contains(p.body, "เนื้อหาที่แก้") {
		t.Errorf("the preview does not show the change waiting for review: %.600s", p.body)
	}
	if pub := visitor.get("/news/" + itoa(n.ID)); !strings.Contains(pub.body, "ฉบับที่เผยแพร่อยู่") || strings.Contains(pub.body, "ฉบับแก้ไขรออนุมัติ") {
		t.Error("the public page does not keep the live version")
	}
}
