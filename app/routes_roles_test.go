package app_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/demo"
	"newsroom/kind"
	"newsroom/media"
	"newsroom/roles"
	"newsroom/templates"
)

// The route × role table: every route the router registers, requested by
// every kind of actor, with the outcome roles' matrix gives. The expected
// outcome is computed with roles.Can from the gates each route passes (the
// group's Require and the handler's check of the item's unit or category),
// so the table says which right a route needs, not who has it.
//
// Outcomes:
//   - public routes answer the same to everyone (anonymous or logged in);
//   - an admin route asked by an anonymous visitor sends them to the login
//     page (303 to /admin/login);
//   - an actor lacking one of the route's rights gets the 403 page (or a 403
//     JSON answer on the photo manager's and file upload's JSON routes);
//   - an actor with every right gets one of the route's success statuses (for
//     state-changing routes posted with a deliberately incomplete form, the
//     form's 422: it proves the right was granted without changing data).
//
// An item of another unit is refused with 403, not hidden with 404: the
// handlers load the item first (404 only when it does not exist) and then
// check its unit (resource.param, photoParam, gallery, uploadProgress).

// rrGate is one right a route checks.
type rrGate struct {
	act roles.Action
	t   roles.Target
}

// rrCase is one concrete request of a route.
type rrCase struct {
	name  string
	path  func(fx *rrFixture, a *rrActor) string // with its query
	form  func(fx *rrFixture) url.Values         // POST body; nil for GET/HEAD
	gates func(fx *rrFixture) []rrGate           // all must pass; nil: any logged-in user
	ok    []int                                  // statuses when allowed
	// after runs after each request of an allowed actor, to put the
	// fixture back (an item trashed is restored for the next actor).
	after func(fx *rrFixture, t *testing.T)
}

// rrRoute is a table entry: "METHOD /pattern" and how to request it.
type rrRoute struct {
	key   string
	open  bool // public, or admin without login: same answer for everyone
	cases []rrCase
}

type rrActor struct {
	name string
	user *roles.User // nil: anonymous
	b    *browser
	tok  string // CSRF token of b's cookie
}

func (a *rrActor) can(gs []rrGate) bool {
	if a.user == nil {
		return false
	}
	for _, g := range gs {
		if !roles.Can(a.user.Actor(), g.act, g.t) {
			return false
		}
	}
	return true
}

// rrFixture holds the objects the routes' parameters name.
type rrFixture struct {
	ta                     *testApp
	unitA, unitB, central  int64
	newsA, newsB           content.News
	photoA                 content.Photo
	spare                  map[string]int64 // a photo of news A per actor, to delete
	batchA                 string           // unit A's upload batch
	video, banner          int64
	page                   int64 // the Thai "about" page every install has
	notices                map[roles.Category]int64
	noticeFile             int64 // an announcement with a PDF
	victimUser, victimUnit int64
	question               int64 // a published Q&A
	procurement            int64 // a procurement record
	mediaKey, assetPath    string
	actors                 []*rrActor
	byName                 map[string]*rrActor
}

func newsTarget(unit int64) roles.Target { return roles.Target{Kind: roles.News, UnitID: unit} }

// newRRFixture starts one app, makes the objects and logs every actor in once.
func newRRFixture(t *testing.T) *rrFixture {
	t.Helper()
	ta := newTestApp(t)
	ctx := context.Background()
	fx := &rrFixture{ta: ta, unitA: ta.unitID(t, "science"), unitB: ta.unitID(t, "education"), central: ta.unitID(t, "pr"),
		spare: map[string]int64{}, notices: map[roles.Category]int64{}, byName: map[string]*rrActor{}}
	now := ta.clock.Now()
	centralUser, err := ta.users.UserByCitizenID(ctx, demoID(roles.Central))
	if err != nil {
		t.Fatal(err)
	}
	by := content.Author{UserID: centralUser.ID, Name: centralUser.Name}
	meta := func(unit int64) content.MetaInput {
		return content.MetaInput{Lang: content.Thai, Sort: 1, Start: now.Add(-time.Hour), End: content.DefaultEnd(now, 5), UnitID: unit, Publish: true}
	}
	mkNews := func(unit int64, headline string) content.News {
		n, err := ta.content.CreateNews(ctx, content.NewsInput{MetaInput: meta(unit), Type: content.Activity, Headline: headline,
			Body: "<p>เนื้อหา</p>", PhotosPerRow: 4}, by, now)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	fx.newsA, fx.newsB = mkNews(fx.unitA, "ข่าวของคณะวิทยาศาสตร์"), mkNews(fx.unitB, "ข่าวของคณะครุศาสตร์")
	jpg := testJPEG(t, 64, 48)
	if fx.photoA, err = ta.content.AddPhoto(ctx, content.Gallery{NewsID: fx.newsA.ID}, fx.unitA, bytes.NewReader(jpg), "a.jpg", now); err != nil {
		t.Fatal(err)
	}
	fx.mediaKey = fx.photoA.FileKey
	if _, err := ta.content.AddPhoto(ctx, content.Gallery{NewsID: fx.newsB.ID}, fx.unitB, bytes.NewReader(jpg), "b.jpg", now); err != nil {
		t.Fatal(err)
	}

	vid, err := ta.content.SaveVideo(ctx, content.Video{}, content.VideoInput{MetaInput: meta(fx.central), Programme: content.NPUNews,
		Title: "วิดีโอ", Link: "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}, by, now)
	if err != nil {
		t.Fatal(err)
	}
	fx.video = vid
	about, err := ta.content.PageBySlug(ctx, "about", content.Thai)
	if err != nil {
		t.Fatal(err)
	}
	fx.page = about.ID
	img, w, h, err := media.ProcessBanner(bytes.NewReader(testJPEG(t, 1000, 300)), media.DefaultPhotoLimits, content.BannerWidth, content.BannerHeight)
	if err != nil {
		t.Fatal(err)
	}
	pf, err := ta.content.StorePending(ctx, "banner", centralUser.ID, img, ".jpg", content.PendingFile{Width: w, Height: h}, now)
	if err != nil {
		t.Fatal(err)
	}
	if fx.banner, err = ta.content.SaveBanner(ctx, content.Banner{}, content.BannerInput{MetaInput: meta(fx.central), Placement: "main",
		Title: "แบนเนอร์", LinkURL: "https://www.npu.ac.th/", ImageKey: pf.Key}, by, now); err != nil {
		t.Fatal(err)
	}
	for _, cat := range roles.AllCategories {
		id, err := ta.content.SaveNotice(ctx, content.Notice{}, content.NoticeInput{MetaInput: meta(fx.central), Category: cat,
			Headline: "ประกาศ " + string(cat), NewDays: 2, Reads: 1, LinkURL: "https://www.npu.ac.th/"}, by, now)
		if err != nil {
			t.Fatal(err)
		}
		fx.notices[cat] = id
	}
	pf, err = ta.content.StorePending(ctx, "notice", centralUser.ID, demo.PDF("ประกาศ"), ".pdf", content.PendingFile{Name: "ประกาศ.pdf"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if fx.noticeFile, err = ta.content.SaveNotice(ctx, content.Notice{}, content.NoticeInput{MetaInput: meta(fx.central),
		Category: roles.Announcement, Headline: "ประกาศพร้อมไฟล์", NewDays: 2, Reads: 1, FileKey: pf.Key}, by, now); err != nil {
		t.Fatal(err)
	}

	if fx.procurement, err = ta.content.SaveProcurement(ctx, 0, content.ProcurementInput{MetaInput: meta(fx.central),
		Procurement: content.Procurement{Title: "จัดซื้อครุภัณฑ์ทดสอบสิทธิ์", Method: "specific", ProcKind: "buy", State: "planned"}}, by, now); err != nil {
		t.Fatal(err)
	}
	fx.question, err = ta.content.AskQuestion(ctx, content.AskInput{Lang: content.Thai, Question: "คำถามทดสอบสิทธิ์", Consent: true, Token: "rr"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if q, err := ta.content.Question(ctx, fx.question); err != nil {
		t.Fatal(err)
	} else if _, err := ta.content.SaveQuestion(ctx, q, content.QuestionInput{MetaInput: content.MetaInput{Lang: content.Thai, Sort: 1,
		Start: q.Window.Start, End: q.Window.End, UnitID: q.UnitID, Publish: true}, Question: q.Question, Answer: "<p>คำตอบ</p>"}, by, now); err != nil {
		t.Fatal(err)
	}

	victim, err := ta.users.CreateUser(ctx, roles.UserInput{CitizenID: demo.CitizenID("000000000101"), Name: "ผู้ใช้ทดสอบ",
		UnitID: fx.unitB, Role: roles.HR, Password: demo.Password}, now)
	if err != nil {
		t.Fatal(err)
	}
	fx.victimUser = victim.ID
	vu, err := ta.users.CreateUnit(ctx, roles.Unit{Code: "victim", NameTH: "หน่วยทดสอบ", NameEN: "Test unit", Kind: "office"}, now)
	if err != nil {
		t.Fatal(err)
	}
	fx.victimUnit = vu.ID
	granted, err := ta.users.CreateUser(ctx, roles.UserInput{CitizenID: demo.CitizenID("000000000102"), Name: "PR ที่ได้สิทธิ์ทุน",
		UnitID: fx.unitA, Role: roles.UnitPR, Grants: []roles.Category{roles.Scholarship}, Password: demo.Password}, now)
	if err != nil {
		t.Fatal(err)
	}

	// Actors: anonymous, one per role, unit B's PR (the other unit) and a
	// user with an extra notice grant.
	logins := []struct {
		name, cid string
	}{
		{"anonymous", ""}, {"central", demoID(roles.Central)}, {"unitA", demo.CitizenID("000000000001")},
		{"unitB", demo.CitizenID("000000000002")}, {"admissions", demoID(roles.Admissions)}, {"hr", demoID(roles.HR)},
		{"procurement", demoID(roles.Procurement)}, {"granted", granted.CitizenID},
	}
	for _, l := range logins {
		a := &rrActor{name: l.name, b: ta.browser(t)}
		if l.cid != "" {
			a.b.mustLogin(l.cid, demo.Password)
			u, err := ta.users.UserByCitizenID(ctx, l.cid)
			if err != nil {
				t.Fatal(err)
			}
			a.user = &u
		}
		a.tok = a.b.csrf("/admin/login")
		fx.actors = append(fx.actors, a)
		fx.byName[a.name] = a
	}
	if fx.byName["unitA"].user.UnitID != fx.unitA || fx.byName["unitB"].user.UnitID != fx.unitB {
		t.Fatal("demo unit PR users are not of science and education")
	}
	for _, a := range fx.actors {
		p, err := ta.content.AddPhoto(ctx, content.Gallery{NewsID: fx.newsA.ID}, fx.unitA, bytes.NewReader(jpg), "spare-"+a.name+".jpg", now)
		if err != nil {
			t.Fatal(err)
		}
		fx.spare[a.name] = p.ID
	}
	// Unit A's upload, through the upload route as the photo manager does.
	status, res := fx.byName["unitA"].b.uploadFiles("news_id="+itoa(fx.newsA.ID), map[string][]byte{"up.jpg": jpg})
	if status != http.StatusAccepted {
		t.Fatalf("upload: %d %v", status, res)
	}
	fx.batchA, _ = res["batch"].(string)
	if err := ta.queue.RunPending(ctx); err != nil {
		t.Fatal(err)
	}
	fav := fx.actors[0].b.get("/favicon.ico")
	fx.assetPath = fav.header.Get("Location")
	return fx
}

// do sends one request as a with its CSRF token (tok "" sends none).
func (fx *rrFixture) do(a *rrActor, method, path string, form url.Values, tok string) page {
	a.b.t.Helper()
	var body *strings.Reader
	if form != nil {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		if tok != "" {
			f.Set("csrf", tok)
		}
		body = strings.NewReader(f.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, _ := http.NewRequest(method, a.b.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return a.b.do(req)
}

// Helpers building table entries.

func pub(key string, path string, ok ...int) rrRoute {
	return rrRoute{key: key, open: true, cases: []rrCase{{path: fixed(path), ok: ok}}}
}

func pubf(key string, path func(fx *rrFixture) string, ok ...int) rrRoute {
	return rrRoute{key: key, open: true, cases: []rrCase{{path: func(fx *rrFixture, _ *rrActor) string { return path(fx) }, ok: ok}}}
}

func fixed(p string) func(*rrFixture, *rrActor) string {
	return func(*rrFixture, *rrActor) string { return p }
}

func gates(gs ...rrGate) func(*rrFixture) []rrGate { return func(*rrFixture) []rrGate { return gs } }

func empty(*rrFixture) url.Values { return url.Values{} }

func formOf(kv ...string) func(*rrFixture) url.Values {
	return func(*rrFixture) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v
	}
}

var (
	gNews     = rrGate{roles.View, roles.Target{Kind: roles.News}}
	gVideo    = rrGate{roles.Edit, roles.Target{Kind: roles.Video}}
	gBanner   = rrGate{roles.Edit, roles.Target{Kind: roles.Banner}}
	gNotice   = rrGate{roles.View, roles.Target{Kind: roles.Notice}}
	gUsers    = rrGate{roles.Edit, roles.Target{Kind: roles.Users}}
	gUnits    = rrGate{roles.Edit, roles.Target{Kind: roles.Units}}
	gPages    = rrGate{roles.Edit, roles.Target{Kind: roles.Pages}}
	gQA       = rrGate{roles.View, roles.Target{Kind: roles.QA}}
	gFeatured = rrGate{roles.Edit, roles.Target{Kind: roles.Featured}}
	gReports  = rrGate{roles.View, roles.Target{Kind: roles.Reports}}
	gActions  = rrGate{roles.View, roles.Target{Kind: roles.ActionLog}}
	gTakeDown = rrGate{roles.TakeDown, roles.Target{Kind: roles.News}}
)

// itemRoutes are the editor, trash and takedown routes of a content type
// under /admin/<section>, one case per item (ids gives the item and the
// object gate of each).
func itemRoutes(section string, group rrGate, items func(fx *rrFixture) []rrItem, createForm func(*rrFixture) url.Values,
	createGate rrGate, updateForm func(it rrItem) url.Values) []rrRoute {
	base := "/admin/" + section
	var after func(i int) func(fx *rrFixture, t *testing.T)
	per := func(suffix string, act roles.Action, form func(it rrItem) url.Values, ok ...int) []rrCase {
		// The cases are made lazily: the items exist once the fixture does.
		var cs []rrCase
		for i := 0; i < 8; i++ { // at most 8 items per section (notices: 6 categories + 1)
			i := i
			c := rrCase{
				name: fmt.Sprint(i),
				path: func(fx *rrFixture, _ *rrActor) string {
					its := items(fx)
					if i >= len(its) {
						return ""
					}
					return fmt.Sprintf("%s/%d%s", base, its[i].id, suffix)
				},
				gates: func(fx *rrFixture) []rrGate {
					its := items(fx)
					if i >= len(its) {
						return nil
					}
					if act == roles.TakeDown {
						return []rrGate{group, {roles.TakeDown, its[i].target}}
					}
					return []rrGate{group, {act, its[i].target}}
				},
				ok: ok,
			}
			if after != nil {
				c.after = after(i)
			}
			if form != nil {
				c.form = func(fx *rrFixture) url.Values {
					its := items(fx)
					if i >= len(its) {
						return url.Values{}
					}
					return form(its[i])
				}
			}
			cs = append(cs, c)
		}
		return cs
	}
	emptyForm := func(rrItem) url.Values { return url.Values{} }
	// Each allowed actor trashes the item; it is restored after each, so
	// the next actor finds it where it was.
	after = func(i int) func(fx *rrFixture, t *testing.T) {
		return func(fx *rrFixture, t *testing.T) {
			if err := fx.ta.content.Restore(context.Background(), kind.BySection(section), items(fx)[i].id, fx.ta.clock.Now()); err != nil {
				t.Errorf("restore %s %d: %v", section, items(fx)[i].id, err)
			}
		}
	}
	trashCases := per("/delete", roles.Delete, emptyForm, 303)
	after = nil
	return []rrRoute{
		{key: "GET " + base, cases: []rrCase{{path: fixed(base), gates: gates(group), ok: []int{200}}}},
		{key: "GET " + base + "/new", cases: []rrCase{{path: fixed(base + "/new"), gates: gates(group), ok: []int{200}}}},
		{key: "POST " + base, cases: []rrCase{{path: fixed(base), form: createForm, gates: gates(group, createGate), ok: []int{422}}}},
		{key: "GET " + base + "/:id/edit", cases: per("/edit", roles.Edit, nil, 200)},
		{key: "POST " + base + "/:id", cases: per("", roles.Edit, updateForm, 422)},
		{key: "GET " + base + "/:id/takedown", cases: per("/takedown", roles.TakeDown, nil, 200)},
		{key: "POST " + base + "/:id/takedown", cases: per("/takedown", roles.TakeDown, emptyForm, 422)},
		// Not taken down: lifting is a no-op that goes back (303).
		{key: "POST " + base + "/:id/reinstate", cases: per("/reinstate", roles.TakeDown, emptyForm, 303)},
		// Trash and restore in a row: every allowed actor gets 303 (the
		// second trash of an item in the trash is "unchanged", also 303).
		{key: "POST " + base + "/:id/delete", cases: trashCases},
		// Nothing is in the trash now: restoring is a no-op that goes back.
		{key: "POST " + base + "/:id/restore", cases: per("/restore", roles.Delete, emptyForm, 303)},
		// Review: nothing waits, so approving is a no-op that goes back; a
		// return without its comment is refused.
		{key: "GET " + base + "/:id/review", cases: per("/review", roles.Review, nil, 200)},
		{key: "POST " + base + "/:id/approve", cases: per("/approve", roles.Review, emptyForm, 303)},
		{key: "POST " + base + "/:id/return", cases: per("/return", roles.Review, emptyForm, 422)},
		{key: "GET " + base + "/:id/revisions", cases: per("/revisions", roles.Edit, nil, 200)},
		{key: "POST " + base + "/:id/revisions/:rid/restore", cases: per("/revisions/999999999/restore", roles.Edit, emptyForm, 404)},
		// Preview links: hours out of range make none (422); no such link to revoke (404).
		{key: "POST " + base + "/:id/preview-links", cases: per("/preview-links", roles.Edit, func(rrItem) url.Values { return url.Values{"hours": {"0"}} }, 422)},
		{key: "POST " + base + "/:id/preview-links/:lid/revoke", cases: per("/preview-links/999999/revoke", roles.Edit, emptyForm, 404)},
	}
}

type rrItem struct {
	id     int64
	target roles.Target
}

// rrTable is every route with its cases, in the order they run: reads,
// then changes that leave the fixture as it was, logout last.
func rrTable() []rrRoute {
	var t []rrRoute
	// Public site, Thai and English, GET and HEAD.
	for _, prefix := range []string{"", "/en"} {
		for _, m := range []string{"GET", "HEAD"} {
			p := func(pattern, path string, ok ...int) {
				t = append(t, pub(m+" "+prefix+pattern, prefix+path, ok...))
			}
			pf := func(pattern string, path func(fx *rrFixture) string) {
				t = append(t, pubf(m+" "+prefix+pattern, func(fx *rrFixture) string { return prefix + path(fx) }, 200))
			}
			p("/", "/", 200)
			p("/news", "/news", 200)
			pf("/news/:id", func(fx *rrFixture) string { return "/news/" + itoa(fx.newsA.ID) })
			p("/videos", "/videos", 200)
			pf("/videos/:id", func(fx *rrFixture) string { return "/videos/" + itoa(fx.video) })
			p("/notices", "/notices?category=jobs", 200)
			pf("/notices/:id", func(fx *rrFixture) string { return "/notices/" + itoa(fx.notices[roles.Jobs]) })
			pf("/notices/:id/file", func(fx *rrFixture) string { return "/notices/" + itoa(fx.noticeFile) + "/file" })
			for _, s := range []string{"news", "videos", "notices"} {
				p("/"+s+"/rss.xml", "/"+s+"/rss.xml", 200)
				p("/"+s+"/atom.xml", "/"+s+"/atom.xml", 200)
			}
			p("/search", "/search?q=ข่าว", 200)
			p("/privacy", "/privacy", 301) // moved to /pages/privacy
			p("/cookies", "/cookies", 301)
			p("/pages", "/pages", 200)
			p("/pages/:slug", "/pages/about", 200)
			p("/sitemap", "/sitemap", 200)
			p("/ita", "/ita", 200)
			pf("/ita/:fy", func(*rrFixture) string { return "/ita/2569" })
			pf("/ita/:fy/:code", func(*rrFixture) string { return "/ita/2569/O1" })
			p("/units", "/units", 200)
			p("/units/:slug", "/units/science", 200)
			p("/units/:slug/rss.xml", "/units/science/rss.xml", 200)
			p("/units/:slug/atom.xml", "/units/science/atom.xml", 200)
			// Q&A (public/qa.go).
			p("/qa", "/qa?q=คำถาม", 200)
			p("/qa/thanks", "/qa/thanks", 200)
			pf("/qa/:id", func(fx *rrFixture) string { return "/qa/" + itoa(fx.question) })
			p("/procurement", "/procurement", 302)
			p("/procurement/:fy", "/procurement/2570", 200)
			p("/procurement/:fy/:month", "/procurement/2570/10", 200)
		}
	}
	t = append(t,
		pub("GET /en", "/en", 301),
		// The Q&A form posts without the CSRF cookie, with its own signed
		// token: an empty form is the CSRF refusal for everyone.
		rrRoute{key: "POST /qa", open: true, cases: []rrCase{{path: fixed("/qa"), form: empty, ok: []int{403}}}},
		rrRoute{key: "POST /en/qa", open: true, cases: []rrCase{{path: fixed("/en/qa"), form: empty, ok: []int{403}}}},
		pub("GET /sitemap.xml", "/sitemap.xml", 200),
		pub("GET /sitemap/:name", "/sitemap/news-1.xml", 200),
		pub("GET /robots.txt", "/robots.txt", 200),
		pub("GET /preview/:token", "/preview/"+strings.Repeat("A", 32), 404),
		pub("GET /preview/:token/file", "/preview/"+strings.Repeat("A", 32)+"/file", 404),
		pub("GET /api/v1/news", "/api/v1/news", 200),
		pubf("GET /api/v1/news/:id", func(fx *rrFixture) string { return "/api/v1/news/" + itoa(fx.newsA.ID) }, 200),
		pub("GET /api/v1/videos", "/api/v1/videos", 200),
		pubf("GET /api/v1/videos/:id", func(fx *rrFixture) string { return "/api/v1/videos/" + itoa(fx.video) }, 200),
		pub("GET /api/v1/banners", "/api/v1/banners", 200),
		pubf("GET /api/v1/banners/:id", func(fx *rrFixture) string { return "/api/v1/banners/" + itoa(fx.banner) }, 200),
		pub("GET /api/v1/notices", "/api/v1/notices", 200),
		pubf("GET /api/v1/notices/:id", func(fx *rrFixture) string { return "/api/v1/notices/" + itoa(fx.notices[roles.Jobs]) }, 200),
		pub("GET /api/v1/featured", "/api/v1/featured", 200),
		pubf("GET /media/*key", func(fx *rrFixture) string { return "/media/" + fx.mediaKey }, 200),
		pubf("HEAD /media/*key", func(fx *rrFixture) string { return "/media/" + fx.mediaKey }, 200),
		pubf("GET /assets/*path", func(fx *rrFixture) string { return fx.assetPath }, 200),
		pubf("HEAD /assets/*path", func(fx *rrFixture) string { return fx.assetPath }, 200),
		pub("GET /healthz", "/healthz", 200),
		pub("GET /favicon.ico", "/favicon.ico", 301),
		// Admin routes open to everyone.
		pub("GET /admin/login", "/admin/login", 200),
		pub("GET /admin/lang/:lang", "/admin/lang/en?next=/admin/login", 303),
	)
	in := func(key, path string, g []rrGate, ok ...int) rrRoute {
		c := rrCase{path: fixed(path), ok: ok}
		if g != nil {
			c.gates = gates(g...)
		}
		if strings.HasPrefix(key, "POST ") {
			c.form = empty
		}
		return rrRoute{key: key, cases: []rrCase{c}}
	}
	t = append(t,
		in("GET /admin/", "/admin/", nil, 200),
		in("GET /admin/password", "/admin/password", nil, 200),
		in("GET /admin/review", "/admin/review", []rrGate{{roles.Review, roles.Target{}}}, 200),
		in("GET /admin/notifications", "/admin/notifications", nil, 200),
		in("POST /admin/notifications/read", "/admin/notifications/read", nil, 303),
		in("GET /admin/actions", "/admin/actions", []rrGate{gActions}, 200),
		in("GET /admin/users", "/admin/users", []rrGate{gUsers}, 200),
		in("GET /admin/users/new", "/admin/users/new", []rrGate{gUsers}, 200),
		in("POST /admin/users", "/admin/users", []rrGate{gUsers}, 422),
		in("GET /admin/units", "/admin/units", []rrGate{gUnits}, 200),
		in("GET /admin/units/new", "/admin/units/new", []rrGate{gUnits}, 200),
		in("POST /admin/units", "/admin/units", []rrGate{gUnits}, 422),
		in("GET /admin/takedowns", "/admin/takedowns", []rrGate{gTakeDown}, 200),
		in("GET /admin/featured", "/admin/featured", []rrGate{gFeatured}, 200),
		in("GET /admin/reports", "/admin/reports", []rrGate{gReports}, 200),
		in("GET /admin/calendar", "/admin/calendar", nil, 200), // every role sees some kind, scoped as its lists
		in("GET /admin/reports.csv", "/admin/reports.csv", []rrGate{gReports}, 200),
		in("POST /admin/news/preview", "/admin/news/preview", []rrGate{gNews}, 200),
		in("POST /admin/news/images", "/admin/news/images", []rrGate{gNews}, 422),
	)
	user := func(suffix string) func(fx *rrFixture, _ *rrActor) string {
		return func(fx *rrFixture, _ *rrActor) string { return "/admin/users/" + itoa(fx.victimUser) + suffix }
	}
	unit := func(suffix string) func(fx *rrFixture, _ *rrActor) string {
		return func(fx *rrFixture, _ *rrActor) string { return "/admin/units/" + itoa(fx.victimUnit) + suffix }
	}
	t = append(t,
		rrRoute{key: "GET /admin/users/:id/edit", cases: []rrCase{{path: user("/edit"), gates: gates(gUsers), ok: []int{200}}}},
		rrRoute{key: "POST /admin/users/:id", cases: []rrCase{{path: user(""), form: empty, gates: gates(gUsers), ok: []int{422}}}},
		rrRoute{key: "POST /admin/users/:id/password", cases: []rrCase{{path: user("/password"), form: empty, gates: gates(gUsers), ok: []int{422}}}},
		rrRoute{key: "POST /admin/users/:id/disable", cases: []rrCase{{path: user("/disable"), form: empty, gates: gates(gUsers), ok: []int{303}}}},
		rrRoute{key: "POST /admin/users/:id/enable", cases: []rrCase{{path: user("/enable"), form: empty, gates: gates(gUsers), ok: []int{303}}}},
		rrRoute{key: "GET /admin/units/:id/edit", cases: []rrCase{{path: unit("/edit"), gates: gates(gUnits), ok: []int{200}}}},
		rrRoute{key: "POST /admin/units/:id", cases: []rrCase{{path: unit(""), form: empty, gates: gates(gUnits), ok: []int{422}}}},
		rrRoute{key: "POST /admin/units/:id/retire", cases: []rrCase{{path: unit("/retire"), form: empty, gates: gates(gUnits), ok: []int{303}}}},
		rrRoute{key: "POST /admin/units/:id/restore", cases: []rrCase{{path: unit("/restore"), form: empty, gates: gates(gUnits), ok: []int{303}}}},
	)
	// News tags: the seeded "ethics" tag is edited; a delete gets a fresh tag
	// of its own each time.
	gTags := rrGate{roles.Edit, roles.Target{Kind: roles.Tags}}
	tag := func(suffix string) func(fx *rrFixture, _ *rrActor) string {
		return func(fx *rrFixture, _ *rrActor) string {
			tg, err := fx.ta.content.TagBySlug(context.Background(), "ethics")
			if err != nil {
				panic(err)
			}
			return "/admin/tags/" + itoa(tg.ID) + suffix
		}
	}
	freshTag := func(fx *rrFixture, a *rrActor) string {
		id, err := fx.ta.content.SaveTag(context.Background(), 0, content.TagInput{Slug: fmt.Sprintf("rr-%d", time.Now().UnixNano()), NameTH: "แท็ก"}, time.Now())
		if err != nil {
			panic(err)
		}
		return "/admin/tags/" + itoa(id) + "/delete"
	}
	t = append(t,
		in("GET /admin/tags", "/admin/tags", []rrGate{gTags}, 200),
		in("GET /admin/tags/new", "/admin/tags/new", []rrGate{gTags}, 200),
		in("POST /admin/tags", "/admin/tags", []rrGate{gTags}, 422),
		rrRoute{key: "GET /admin/tags/:id/edit", cases: []rrCase{{path: tag("/edit"), gates: gates(gTags), ok: []int{200}}}},
		rrRoute{key: "POST /admin/tags/:id", cases: []rrCase{{path: tag(""), form: empty, gates: gates(gTags), ok: []int{422}}}},
		rrRoute{key: "POST /admin/tags/:id/delete", cases: []rrCase{{path: freshTag, form: empty, gates: gates(gTags), ok: []int{303}}}},
	)

	// Activity news: news of unit A and of unit B.
	newsItems := func(fx *rrFixture) []rrItem {
		return []rrItem{{fx.newsA.ID, newsTarget(fx.unitA)}, {fx.newsB.ID, newsTarget(fx.unitB)}}
	}
	// The create form keeps the actor's own unit (no unit_id): allowed to
	// anyone with news rights, refused at validation (no headline).
	t = append(t, itemRoutes("news", gNews, newsItems, empty, gNews, func(rrItem) url.Values { return url.Values{} })...)

	// The photo manager and uploads: galleries and photos of unit A and B.
	gallery := func(path string, form func(*rrFixture) url.Values, ok ...int) []rrCase {
		var cs []rrCase
		for _, other := range []bool{false, true} {
			other := other
			cs = append(cs, rrCase{name: fmt.Sprint("other=", other),
				path: func(fx *rrFixture, _ *rrActor) string {
					id := fx.newsA.ID
					if other {
						id = fx.newsB.ID
					}
					return path + "?news_id=" + itoa(id)
				},
				form: form,
				gates: func(fx *rrFixture) []rrGate {
					if other {
						return []rrGate{gNews, {roles.Edit, newsTarget(fx.unitB)}}
					}
					return []rrGate{gNews, {roles.Edit, newsTarget(fx.unitA)}}
				}, ok: ok})
		}
		return cs
	}
	photoA := func(suffix string) func(fx *rrFixture, _ *rrActor) string {
		return func(fx *rrFixture, _ *rrActor) string { return "/admin/news/photos/" + itoa(fx.photoA.ID) + suffix }
	}
	editA := func(fx *rrFixture) []rrGate { return []rrGate{gNews, {roles.Edit, newsTarget(fx.unitA)}} }
	t = append(t,
		rrRoute{key: "GET /admin/news/photos", cases: gallery("/admin/news/photos", nil, 200)},
		// A form without files: the right is granted, the upload refused (400).
		rrRoute{key: "POST /admin/news/photos", cases: gallery("/admin/news/photos", empty, 400)},
		rrRoute{key: "POST /admin/news/photos/order", cases: gallery("/admin/news/photos/order", func(fx *rrFixture) url.Values {
			return url.Values{"ids": {itoa(fx.photoA.ID)}}
		}, 200)},
		rrRoute{key: "POST /admin/news/photos/:id/main", cases: []rrCase{{path: photoA("/main"), form: empty, gates: editA, ok: []int{200}}}},
		rrRoute{key: "POST /admin/news/photos/:id/caption", cases: []rrCase{{path: photoA("/caption"), form: formOf("caption", "คำบรรยาย"), gates: editA, ok: []int{200}}}},
		// Each actor deletes its own spare photo of unit A's news.
		rrRoute{key: "POST /admin/news/photos/:id/delete", cases: []rrCase{{path: func(fx *rrFixture, a *rrActor) string {
			return "/admin/news/photos/" + itoa(fx.spare[a.name]) + "/delete"
		}, form: empty, gates: editA, ok: []int{200}}}},
		rrRoute{key: "GET /admin/uploads/:id", cases: []rrCase{{path: func(fx *rrFixture, _ *rrActor) string { return "/admin/uploads/" + fx.batchA },
			gates: editA, ok: []int{200}}}},
	)

	videoItems := func(fx *rrFixture) []rrItem { return []rrItem{{fx.video, roles.Target{Kind: roles.Video}}} }
	t = append(t, itemRoutes("videos", gVideo, videoItems, empty, gVideo, func(rrItem) url.Values { return url.Values{} })...)
	bannerItems := func(fx *rrFixture) []rrItem { return []rrItem{{fx.banner, roles.Target{Kind: roles.Banner}}} }
	t = append(t, itemRoutes("banners", gBanner, bannerItems, empty, gBanner, func(rrItem) url.Values { return url.Values{} })...)
	// Notices: one per category; the create form asks for jobs.
	noticeItems := func(fx *rrFixture) []rrItem {
		var its []rrItem
		for _, c := range roles.AllCategories {
			its = append(its, rrItem{fx.notices[c], roles.Target{Kind: roles.Notice, Category: c}})
		}
		return its
	}
	// Institutional pages: central PR's; moving one in the menu goes back
	// to the list.
	pageItems := func(fx *rrFixture) []rrItem { return []rrItem{{fx.page, roles.Target{Kind: roles.Pages}}} }
	t = append(t, itemRoutes("pages", gPages, pageItems, empty, gPages, func(rrItem) url.Values { return url.Values{} })...)
	t = append(t, rrRoute{key: "POST /admin/pages/:id/move", cases: []rrCase{{path: func(fx *rrFixture, _ *rrActor) string {
		return "/admin/pages/" + itoa(fx.page) + "/move"
	}, form: formOf("dir", "down"), gates: gates(gPages), ok: []int{303}}}})
	t = append(t, itemRoutes("notices", gNotice, noticeItems, formOf("category", "jobs"),
		rrGate{roles.Create, roles.Target{Kind: roles.Notice, Category: roles.Jobs}},
		func(it rrItem) url.Values { return url.Values{"category": {string(it.target.Category)}} })...)

	// The ITA/OIT hub (central only): the current year's O1, and a year's pages.
	gITA := rrGate{roles.Edit, roles.Target{Kind: roles.ITA}}
	itaFY := func(fx *rrFixture) string { return strconv.Itoa(content.FiscalYear(fx.ta.clock.Now())) }
	itaItems := func(fx *rrFixture) []rrItem {
		var id int64 // whatever its status: the trash cases restore it
		if err := fx.ta.db.R.QueryRow(`SELECT id FROM ita_items WHERE fy = ? AND code = 'O1'`, content.FiscalYear(fx.ta.clock.Now())).Scan(&id); err != nil {
			return nil
		}
		return []rrItem{{id, roles.Target{Kind: roles.ITA}}}
	}
	for _, r := range itemRoutes("ita", gITA, itaItems, empty, gITA, func(rrItem) url.Values { return url.Values{} }) {
		if !strings.Contains(r.key, "/takedown") && !strings.Contains(r.key, "/reinstate") { // ITA items have no takedown
			t = append(t, r)
		}
	}
	itaYear := func(suffix string) func(*rrFixture, *rrActor) string {
		return func(fx *rrFixture, _ *rrActor) string { return "/admin/ita/" + itaFY(fx) + suffix }
	}
	t = append(t,
		rrRoute{key: "GET /admin/ita/:id", cases: []rrCase{{path: itaYear(""), gates: gates(gITA), ok: []int{200}}}},
		rrRoute{key: "GET /admin/ita/:id/urls", cases: []rrCase{{path: itaYear("/urls"), gates: gates(gITA), ok: []int{200}}}},
		rrRoute{key: "GET /admin/ita/:id/urls.csv", cases: []rrCase{{path: itaYear("/urls.csv"), gates: gates(gITA), ok: []int{200}}}},
		// A year out of range: refused with its message.
		rrRoute{key: "POST /admin/ita/years", cases: []rrCase{{path: fixed("/admin/ita/years"), form: formOf("fy", "1"), gates: gates(gITA), ok: []int{422}}}},
	)
	// Q&A: central PR only; an empty form is refused (no language, no question).
	// Procurement records and their monthly summaries.
	gProc := rrGate{roles.View, roles.Target{Kind: roles.Procurements}}
	procItems := func(fx *rrFixture) []rrItem {
		return []rrItem{{fx.procurement, roles.Target{Kind: roles.Procurements, UnitID: fx.central}}}
	}
	t = append(t, itemRoutes("procurement", gProc, procItems, empty, rrGate{roles.Create, roles.Target{Kind: roles.Procurements}},
		func(rrItem) url.Values { return url.Values{} })...)
	procFY := func(suffix string) func(*rrFixture, *rrActor) string {
		return func(fx *rrFixture, _ *rrActor) string {
			return "/admin/procurement/months/" + strconv.Itoa(content.FiscalYear(fx.ta.clock.Now())) + suffix
		}
	}
	t = append(t,
		rrRoute{key: "GET /admin/procurement/months/:fy", cases: []rrCase{{path: procFY(""), gates: gates(gProc), ok: []int{200}}}},
		// No state: the right is granted, the form refused (422).
		rrRoute{key: "POST /admin/procurement/months/:fy/:month", cases: []rrCase{{path: procFY("/10"), form: empty,
			gates: gates(gProc, rrGate{roles.Edit, roles.Target{Kind: roles.Procurements}}), ok: []int{422}}}},
	)
	qaItems := func(fx *rrFixture) []rrItem { return []rrItem{{fx.question, roles.Target{Kind: roles.QA}}} }
	t = append(t, itemRoutes("qa", gQA, qaItems, empty, gQA, func(rrItem) url.Values { return url.Values{} })...)
	t = append(t, rrRoute{key: "POST /admin/qa/retention", cases: []rrCase{{path: fixed("/admin/qa/retention"), form: empty,
		gates: gates(rrGate{roles.Edit, roles.Target{Kind: roles.QA}}), ok: []int{422}}}})

	// Files uploaded before a form is saved: the right of each kind.
	var files []rrCase
	for kind, k := range map[string]roles.Kind{"banner": roles.Banner, "poster": roles.Video, "notice": roles.Notice, "person": roles.Pages} {
		files = append(files, rrCase{name: kind, path: fixed("/admin/files/" + kind), form: empty,
			gates: gates(rrGate{roles.Create, roles.Target{Kind: k}}), ok: []int{422}})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].name < files[j].name })
	t = append(t, rrRoute{key: "POST /admin/files/:kind", cases: files})

	pickA := func(fx *rrFixture) url.Values { return url.Values{"news_id": {itoa(fx.newsA.ID)}} }
	t = append(t,
		rrRoute{key: "POST /admin/featured/pick", cases: []rrCase{{path: fixed("/admin/featured/pick"), form: pickA, gates: gates(gFeatured), ok: []int{303}}}},
		rrRoute{key: "POST /admin/featured/order", cases: []rrCase{{path: fixed("/admin/featured/order"), form: empty, gates: gates(gFeatured), ok: []int{303}}}},
		rrRoute{key: "POST /admin/featured/unpick", cases: []rrCase{{path: fixed("/admin/featured/unpick"), form: pickA, gates: gates(gFeatured), ok: []int{303}}}},
		rrRoute{key: "POST /admin/takedowns", cases: []rrCase{{path: fixed("/admin/takedowns"), form: func(fx *rrFixture) url.Values {
			return url.Values{"url": {"https://news.example/news/" + itoa(fx.newsB.ID)}}
		}, gates: gates(gTakeDown), ok: []int{303}}}},
		// The password form with a wrong current password: 422.
		in("POST /admin/password", "/admin/password", nil, 422),
		// Autosaved drafts: every logged-in user's own (drafts_test.go).
		in("GET /admin/drafts", "/admin/drafts?form=/admin/news/new&token=rr", nil, 200),
		rrRoute{key: "POST /admin/drafts", cases: []rrCase{{path: fixed("/admin/drafts"),
			form: formOf("form", "/admin/news/new", "token", "rr", "values", `{"headline":["x"]}`), ok: []int{200}}}},
		rrRoute{key: "POST /admin/drafts/delete", cases: []rrCase{{path: fixed("/admin/drafts/delete"),
			form: formOf("form", "/admin/news/new", "token", "rr"), ok: []int{204}}}},
		// A wrong login answers 401 to everyone (429 once this address has
		// failed too often: the password form above counts too).
		rrRoute{key: "POST /admin/login", open: true, cases: []rrCase{{path: fixed("/admin/login"), form: formOf("citizen_id", "1", "password", "x"), ok: []int{401, 429}}}},
		in("POST /admin/logout", "/admin/logout", nil, 303),
	)
	return t
}

// registeredRoutes lists what the router serves, as "METHOD /pattern".
func registeredRoutes(t *testing.T, ta *testApp) []string {
	eng, ok := ta.handler.(*gin.Engine)
	if !ok {
		t.Fatalf("the app's handler is %T, not a *gin.Engine", ta.handler)
	}
	var out []string
	for _, r := range eng.Routes() {
		out = append(out, r.Method+" "+r.Path)
	}
	sort.Strings(out)
	return out
}

func TestRouteRoles(t *testing.T) {
	fx := newRRFixture(t)
	table := rrTable()
	// The table runs last: its final route logs every actor out.
	t.Run("csrf", func(t *testing.T) { testRRCSRF(t, fx, table) })
	t.Run("missing", func(t *testing.T) { testRRMissing(t, fx, table) })
	t.Run("objects", func(t *testing.T) { testRRObjects(t, fx) })
	t.Run("table", func(t *testing.T) { testRRTable(t, fx, table) })
}

func testRRTable(t *testing.T, fx *rrFixture, table []rrRoute) {

	// Every registered route has an entry, and every entry a route.
	keys := map[string]bool{}
	for _, r := range table {
		if keys[r.key] {
			t.Errorf("table has %q twice", r.key)
		}
		keys[r.key] = true
	}
	registered := registeredRoutes(t, fx.ta)
	for _, r := range registered {
		if !keys[r] {
			t.Errorf("route %q has no entry in the route × role table (rrTable): add one with the rights it needs", r)
		}
	}
	for k := range keys {
		if !slices.Contains(registered, k) {
			t.Errorf("table entry %q is not a registered route", k)
		}
	}

	checks := 0
	for _, r := range table {
		method, _, _ := strings.Cut(r.key, " ")
		for _, c := range r.cases {
			for _, a := range fx.actors {
				path := c.path(fx, a)
				if path == "" {
					continue // a section with fewer items than cases
				}
				var form url.Values
				if c.form != nil {
					form = c.form(fx)
				}
				p := fx.do(a, method, path, form, a.tok)
				checks++
				what := fmt.Sprintf("%s as %s (%s %s)", r.key, a.name, method, path)
				switch {
				case r.open:
					wantOneOf(t, p, c.ok, what)
				case a.user == nil:
					if p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/admin/login") {
						t.Errorf("%s: status %d location %q, want 303 to the login page", what, p.status, p.header.Get("Location"))
					}
				case c.gates != nil && !a.can(c.gates(fx)):
					if p.status != http.StatusForbidden {
						t.Errorf("%s: status %d, want 403 (lacks a right of %v); body %.300s", what, p.status, c.gates(fx), p.body)
					}
				default:
					wantOneOf(t, p, c.ok, what)
					if c.after != nil {
						c.after(fx, t)
					}
				}
			}
		}
	}
	t.Logf("%d routes, %d requests", len(table), checks)
}

func wantOneOf(t *testing.T, p page, ok []int, what string) {
	t.Helper()
	if !slices.Contains(ok, p.status) {
		t.Errorf("%s: status %d, want one of %v; body %.300s", what, p.status, ok, p.body)
	}
}

// testRRCSRF: every state-changing route refuses a POST without the CSRF
// token, from an anonymous visitor and from a logged-in central admin alike,
// before doing anything.
func testRRCSRF(t *testing.T, fx *rrFixture, table []rrRoute) {
	refusal := []string{templates.T("th", "error.csrf.title"), templates.T("en", "error.csrf.title")}
	n := 0
	defer func() { t.Logf("%d posts without a valid token", n) }()
	for _, r := range table {
		method, _, _ := strings.Cut(r.key, " ")
		if method != http.MethodPost {
			continue
		}
		for _, name := range []string{"anonymous", "central"} {
			a := fx.byName[name]
			c := r.cases[0]
			path := c.path(fx, a)
			form := url.Values{}
			if c.form != nil {
				form = c.form(fx)
			}
			n += 2
			p := fx.do(a, method, path, form, "")
			if p.status != http.StatusForbidden || !strings.Contains(p.body, refusal[0]) && !strings.Contains(p.body, refusal[1]) {
				t.Errorf("%s as %s without a CSRF token: status %d, want 403 with the CSRF refusal; body %.200s", r.key, name, p.status, p.body)
			}
			// A token of another browser is no better.
			other := fx.byName["unitA"].tok
			if p := fx.do(a, method, path, form, other); p.status != http.StatusForbidden {
				t.Errorf("%s as %s with another browser's CSRF token: status %d, want 403", r.key, name, p.status)
			}
		}
	}
	// The state did not change: news A is still published, the victim
	// user active, the victim unit not retired.
	ctx := context.Background()
	if n, err := fx.ta.content.News(ctx, fx.newsA.ID); err != nil || n.Status != content.Published {
		t.Errorf("news A after refused posts: %v %v", n.Status, err)
	}
	if u, err := fx.ta.users.User(ctx, fx.victimUser); err != nil || !u.Active {
		t.Errorf("victim user after refused posts: active=%v %v", u.Active, err)
	}
	if u, err := fx.ta.users.Unit(ctx, fx.victimUnit); err != nil || !u.RetiredAt.IsZero() {
		t.Errorf("victim unit after refused posts: %v %v", u.RetiredAt, err)
	}
}

var rrNumericSegment = regexp.MustCompile(`/[0-9]+(/|$|\?)|news_id=[0-9]+`)

// rrMissing gives the path of a route's object that does not exist.
var rrMissing = map[string]func(fx *rrFixture) string{
	"GET /admin/uploads/:id":             func(*rrFixture) string { return "/admin/uploads/0123456789abcdef0123456789abcdef" },
	"GET /pages/:slug":                   func(*rrFixture) string { return "/pages/nope" },
	"HEAD /pages/:slug":                  func(*rrFixture) string { return "/pages/nope" },
	"GET /en/pages/:slug":                func(*rrFixture) string { return "/en/pages/nope" },
	"HEAD /en/pages/:slug":               func(*rrFixture) string { return "/en/pages/nope" },
	"POST /admin/files/:kind":            func(*rrFixture) string { return "/admin/files/nope" },
	"GET /media/*key":                    func(fx *rrFixture) string { return "/media/" + missingKey(fx.mediaKey) },
	"HEAD /media/*key":                   func(fx *rrFixture) string { return "/media/" + missingKey(fx.mediaKey) },
	"GET /assets/*path":                  func(*rrFixture) string { return "/assets/css/nope.css" },
	"HEAD /assets/*path":                 func(*rrFixture) string { return "/assets/css/nope.css" },
	"GET /sitemap/:name":                 func(*rrFixture) string { return "/sitemap/news-99.xml" },
	"GET /admin/lang/:lang":              nil, // any language name is read as a known one
	"POST /admin/news/photos/:id/delete": func(*rrFixture) string { return "/admin/news/photos/999999999/delete" },
	"GET /preview/:token":                func(*rrFixture) string { return "/preview/" + strings.Repeat("B", 32) },
	"GET /preview/:token/file":           func(*rrFixture) string { return "/preview/" + strings.Repeat("B", 32) + "/file" },
}

func init() {
	// Faculty pages name their unit by slug.
	for _, m := range []string{"GET", "HEAD"} {
		for _, prefix := range []string{"", "/en"} {
			for _, suffix := range []string{"", "/rss.xml", "/atom.xml"} {
				path := prefix + "/units/no-such-unit" + suffix
				rrMissing[m+" "+prefix+"/units/:slug"+suffix] = func(*rrFixture) string { return path }
			}
		}
	}
}

// missingKey is a well-formed media key that names no file.
func missingKey(k string) string {
	i := strings.LastIndex(k, "/") + 1
	return k[:i] + strings.Repeat("0", len(k[i:])-4) + k[len(k)-4:]
}

// testRRMissing: every route that names an object answers 404 when it does
// not exist, to central (who may see everything) and to another unit's user
// alike: an id that does not exist is not told apart by a 403.
func testRRMissing(t *testing.T, fx *rrFixture, table []rrRoute) {
	n := 0
	defer func() { t.Logf("%d requests for missing objects", n) }()
	for _, r := range table {
		method, pattern, _ := strings.Cut(r.key, " ")
		path := ""
		if f, ok := rrMissing[r.key]; ok {
			if f == nil {
				continue
			}
			path = f(fx)
		} else {
			p := r.cases[0].path(fx, fx.byName["central"])
			if !strings.ContainsAny(pattern, ":*") && !strings.Contains(p, "news_id=") {
				continue
			}
			path = rrNumericSegment.ReplaceAllStringFunc(p, func(m string) string {
				if strings.HasPrefix(m, "news_id=") {
					return "news_id=999999999"
				}
				return "/999999999" + m[len(m)-len(strings.TrimLeft(m[1:], "0123456789")):]
			})
			if path == p {
				t.Errorf("%s: no id in %s to replace; add the route to rrMissing", r.key, p)
				continue
			}
		}
		for _, name := range []string{"central", "unitB"} {
			a := fx.byName[name]
			var form url.Values
			if method == http.MethodPost {
				form = url.Values{}
				if r.cases[0].form != nil {
					form = r.cases[0].form(fx)
				}
			}
			if name == "unitB" && !r.open && !a.can(groupGates(r, fx)) {
				continue // the group's gate answers first (403); the table checks it
			}
			n++
			if p := fx.do(a, method, path, form, a.tok); p.status != http.StatusNotFound {
				t.Errorf("%s as %s (%s %s): status %d, want 404; body %.200s", r.key, name, method, path, p.status, p.body)
			}
		}
	}
}

// groupGates is the first gate of a route's first case: its group's.
func groupGates(r rrRoute, fx *rrFixture) []rrGate {
	if r.cases[0].gates == nil {
		return nil
	}
	return r.cases[0].gates(fx)[:1]
}

// rrItemID reads the id from a redirect to /admin/<section>/<id>/edit.
func rrItemID(t *testing.T, p page, section string) int64 {
	t.Helper()
	loc := p.header.Get("Location")
	var id int64
	if _, err := fmt.Sscanf(loc, "/admin/"+section+"/%d/edit", &id); err != nil || p.status != http.StatusSeeOther {
		t.Fatalf("status %d location %q, want 303 to a %s editor; body %.300s", p.status, loc, section, p.body)
	}
	return id
}

// noticeForm is a valid notice form of category cat.
func noticeForm(cat roles.Category, headline string) url.Values {
	f := newsForm(headline)
	f.Del("news_type")
	f.Del("body")
	f.Del("photos_per_row")
	f.Del("draft")
	f.Set("category", string(cat))
	f.Set("link_url", "https://www.npu.ac.th/")
	f.Set("new_days", "2")
	f.Set("reads", "1")
	return f
}

// testRRObjects: object-level checks with complete, valid forms (so a
// refusal is the right's, not the form's), and forged fields a form does
// not have (unit, author, status, counters, id) are refused or ignored.
func testRRObjects(t *testing.T, fx *rrFixture) {
	ctx := context.Background()
	ta, unitA, unitB, hr, central := fx.ta, fx.byName["unitA"], fx.byName["unitB"], fx.byName["hr"], fx.byName["central"]
	newsA := itoa(fx.newsA.ID)
	news := func(id int64) content.News {
		t.Helper()
		n, err := ta.content.News(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	t.Run("another unit's news", func(t *testing.T) {
		before := news(fx.newsA.ID)
		wantStatus(t, fx.do(unitB, "POST", "/admin/news/"+newsA, newsForm("แก้ข่าวคณะอื่น"), unitB.tok), 403, "unit B saves unit A's news")
		wantStatus(t, fx.do(unitB, "POST", "/admin/news/preview?news_id="+newsA, newsForm("ดูข่าวคณะอื่น"), unitB.tok), 403, "unit B previews unit A's news")
		wantStatus(t, fx.do(unitB, "POST", "/admin/news/"+newsA+"/delete", url.Values{}, unitB.tok), 403, "unit B trashes unit A's news")
		if after := news(fx.newsA.ID); after.Headline != before.Headline || after.Status != before.Status || after.UnitID != fx.unitA {
			t.Errorf("unit A's news changed: %+v", after.Meta)
		}
	})

	t.Run("forged unit", func(t *testing.T) {
		f := newsForm("ข่าวปลอมหน่วย")
		f.Set("unit_id", itoa(fx.unitB))
		// A unit PR's forged unit is ignored (roles.ItemUnit): the news is theirs.
		wantStatus(t, fx.do(unitA, "POST", "/admin/news", f, unitA.tok), 303, "unit A creates news posting unit B")
		got, total, err := ta.content.ListNews(ctx, content.NewsFilter{ListFilter: content.ListFilter{Now: ta.clock.Now()}, Q: "ข่าวปลอมหน่วย"})
		if err != nil || total != 1 || got[0].UnitID != fx.unitA {
			t.Errorf("a create with a forged unit made %d news %+v (%v); want one of unit A", total, got, err)
		}
		f = newsForm("ย้ายข่าวไปคณะอื่น")
		f.Set("unit_id", itoa(fx.unitB))
		fx.do(unitA, "POST", "/admin/news/"+newsA, f, unitA.tok)
		if n := news(fx.newsA.ID); n.UnitID != fx.unitA {
			t.Errorf("news A moved to unit %d", n.UnitID)
		}
	})

	t.Run("forged author, status, counters, id", func(t *testing.T) {
		forged := func(f url.Values) url.Values {
			for k, v := range map[string]string{"author_id": itoa(central.user.ID), "author_name": "ปลอม", "user_id": itoa(central.user.ID),
				"status": "takendown", "views": "123456", "reads": "123456", "id": itoa(fx.newsB.ID), "created_at": "2020-01-01T00:00",
				"main_thumb": "x", "photo_count": "99"} {
				f.Set(k, v)
			}
			return f
		}
		id := rrItemID(t, fx.do(unitA, "POST", "/admin/news", forged(newsForm("ข่าวฟิลด์ปลอม")), unitA.tok), "news")
		n := news(id)
		if id == fx.newsB.ID || n.UnitID != fx.unitA || n.AuthorID != unitA.user.ID || n.Views != 0 || n.Status != content.Published ||
			n.CreatedAt.Year() == 2020 || n.PhotoCount != 0 {
			t.Errorf("created news took forged fields: id %d unit %d author %d views %d status %s created %v photos %d",
				id, n.UnitID, n.AuthorID, n.Views, n.Status, n.CreatedAt, n.PhotoCount)
		}
		f := forged(newsForm("ข่าวฟิลด์ปลอม แก้"))
		f.Set("action", "publish")
		wantRedirect(t, fx.do(unitA, "POST", "/admin/news/"+itoa(id), f, unitA.tok), "/admin/news/", "update with forged fields")
		if n := news(id); n.AuthorID != unitA.user.ID || n.Views != 0 || n.Status != content.Published || n.UnitID != fx.unitA {
			t.Errorf("updated news took forged fields: author %d views %d status %s unit %d", n.AuthorID, n.Views, n.Status, n.UnitID)
		}
		if b := news(fx.newsB.ID); b.Headline != fx.newsB.Headline {
			t.Errorf("news B changed through a forged id: %q", b.Headline)
		}

		// A notice: the author is who posts it, whatever the form says.
		nf := noticeForm(roles.Jobs, "ประกาศฟิลด์ปลอม")
		nf.Set("author_id", itoa(central.user.ID))
		nf.Set("status", "takendown")
		wantRedirect(t, fx.do(hr, "POST", "/admin/notices", nf, hr.tok), "/admin/notices", "HR posts a notice with forged fields")
		nid := noticeID(t, ta, "ประกาศฟิลด์ปลอม")
		if nt, err := ta.content.Notice(ctx, nid); err != nil || nt.AuthorID != hr.user.ID || nt.Status != content.Published {
			t.Errorf("notice took forged fields: author %d status %s (%v)", nt.AuthorID, nt.Status, err)
		}
	})

	t.Run("notice category", func(t *testing.T) {
		wantStatus(t, fx.do(hr, "POST", "/admin/notices", noticeForm(roles.Procure, "HR โพสต์จัดซื้อ"), hr.tok), 403, "HR posts a procurement notice")
		jobs := itoa(fx.notices[roles.Jobs])
		wantStatus(t, fx.do(hr, "POST", "/admin/notices/"+jobs, noticeForm(roles.Procure, "ย้ายไปจัดซื้อ"), hr.tok), 403, "HR moves a job notice to procurement")
		wantStatus(t, fx.do(hr, "POST", "/admin/notices/"+itoa(fx.notices[roles.Announcement]), noticeForm(roles.Announcement, "HR แก้ประกาศ"), hr.tok),
			403, "HR edits an announcement")
		if n, _ := ta.content.Notice(ctx, fx.notices[roles.Jobs]); n.Category != roles.Jobs {
			t.Errorf("job notice is now %s", n.Category)
		}
	})

	t.Run("another unit's photos and uploads", func(t *testing.T) {
		jpg := testJPEG(t, 64, 48)
		before, _ := ta.content.Photos(ctx, content.Gallery{NewsID: fx.newsA.ID})
		p := unitB.b.postFile("/admin/news/new", "/admin/news/photos?news_id="+newsA, "files", "x.jpg", jpg)
		wantStatus(t, p, 403, "unit B uploads into unit A's gallery")
		wantStatus(t, fx.do(unitB, "POST", "/admin/news/photos/"+itoa(fx.photoA.ID)+"/caption", url.Values{"caption": {"ของคณะอื่น"}}, unitB.tok),
			403, "unit B captions unit A's photo")
		after, _ := ta.content.Photos(ctx, content.Gallery{NewsID: fx.newsA.ID})
		if len(after) != len(before) {
			t.Errorf("unit A's gallery went from %d to %d photos", len(before), len(after))
		}
		for _, ph := range after {
			if ph.Caption == "ของคณะอื่น" {
				t.Errorf("photo %d took unit B's caption", ph.ID)
			}
		}
		// A draft's gallery belongs to the unit that started it.
		draft := "draft-rr-unitA-0123456789"
		if status, res := unitA.b.uploadFiles("draft="+draft, map[string][]byte{"d.jpg": jpg}); status != http.StatusAccepted {
			t.Fatalf("unit A's draft upload: %d %v", status, res)
		}
		// Once its photos exist (see TestRouteRolesDefects for the
		// time before).
		if err := ta.queue.RunPending(ctx); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, unitB.b.get("/admin/news/photos?draft="+draft), 403, "unit B lists unit A's draft photos")
		wantStatus(t, unitB.b.postFile("/admin/news/new", "/admin/news/photos?draft="+draft, "files", "y.jpg", jpg), 403,
			"unit B uploads into unit A's draft")
		wantStatus(t, unitB.b.get("/admin/uploads/"+fx.batchA), 403, "unit B polls unit A's upload")
	})
}

// TestRouteRolesDefects holds the route × role checks of issue 10's defects
// 1 (numeric bounds), 7 (photos follow their item's unit) and 8 (non-central
// users choose the unit); each failed before its fix.
func TestRouteRolesDefects(t *testing.T) {
	fx := newRRFixture(t)
	ctx := context.Background()
	ta, unitA, unitB, hr, central := fx.ta, fx.byName["unitA"], fx.byName["unitB"], fx.byName["hr"], fx.byName["central"]

	// Defect 8: the unit of a non-central user's item is always their own,
	// and a unit that does not exist is a form error, not a 500.
	t.Run("defect 8: unit of a new item", func(t *testing.T) {
		f := noticeForm(roles.Jobs, "ประกาศหน่วยปลอม")
		f.Set("unit_id", itoa(fx.unitB))
		p := fx.do(hr, "POST", "/admin/notices", f, hr.tok)
		if p.status == http.StatusSeeOther {
			if n, err := ta.content.Notice(ctx, noticeID(t, ta, "ประกาศหน่วยปลอม")); err != nil || n.UnitID != hr.user.UnitID {
				t.Errorf("HR's notice with a forged unit_id is of unit %d, want HR's own %d (%v)", n.UnitID, hr.user.UnitID, err)
			}
		} else if p.status != http.StatusForbidden && p.status != http.StatusUnprocessableEntity {
			t.Errorf("HR's notice with a forged unit_id: status %d, want 303 (own unit), 403 or 422", p.status)
		}
		for _, c := range []struct {
			a    *rrActor
			path string
			form url.Values
		}{
			{central, "/admin/news", newsForm("ข่าวหน่วยไม่มีจริง")},
			{central, "/admin/notices", noticeForm(roles.Jobs, "ประกาศหน่วยไม่มีจริง")},
			{hr, "/admin/notices", noticeForm(roles.Jobs, "ประกาศ HR หน่วยไม่มีจริง")},
			{unitA, "/admin/news", newsForm("ข่าวคณะหน่วยไม่มีจริง")},
		} {
			c.form.Set("unit_id", "999999")
			p := fx.do(c.a, "POST", c.path, c.form, c.a.tok)
			if p.status >= 500 {
				t.Errorf("%s posts %s with unit_id=999999: status %d, want a form error (422) or refusal", c.a.name, c.path, p.status)
			}
		}
	})

	// Defect 7: photos of an upload that is still processing when central
	// moves the news item to another unit belong to the new unit.
	t.Run("defect 7: photos follow their item's unit", func(t *testing.T) {
		jpg := testJPEG(t, 64, 48)
		if status, res := unitA.b.uploadFiles("news_id="+itoa(fx.newsA.ID), map[string][]byte{"late.jpg": jpg}); status != http.StatusAccepted {
			t.Fatalf("upload: %d %v", status, res)
		}
		f := newsForm(fx.newsA.Headline)
		f.Set("unit_id", itoa(fx.unitB))
		wantRedirect(t, fx.do(central, "POST", "/admin/news/"+itoa(fx.newsA.ID), f, central.tok), "/admin/news/", "central moves news A to unit B")
		if err := ta.queue.RunPending(ctx); err != nil {
			t.Fatal(err)
		}
		photos, err := ta.content.Photos(ctx, content.Gallery{NewsID: fx.newsA.ID})
		if err != nil || len(photos) == 0 {
			t.Fatalf("photos: %v %v", len(photos), err)
		}
		for _, ph := range photos {
			if ph.UnitID != fx.unitB {
				t.Errorf("photo %d is of unit %d after the move, want %d", ph.ID, ph.UnitID, fx.unitB)
			}
			path := "/admin/news/photos/" + itoa(ph.ID) + "/caption"
			if p := fx.do(unitB, "POST", path, url.Values{"caption": {"ของคณะใหม่"}}, unitB.tok); p.status != http.StatusOK {
				t.Errorf("the new owner captions photo %d: status %d, want 200", ph.ID, p.status)
			}
			if p := fx.do(unitA, "POST", path, url.Values{"caption": {"ของคณะเก่า"}}, unitA.tok); p.status != http.StatusForbidden {
				t.Errorf("the old owner captions photo %d: status %d, want 403", ph.ID, p.status)
			}
		}
	})

	// Defect 1: every number a form accepts has a sane range; a stored
	// counter never breaks a page.
	t.Run("defect 1: numeric bounds", func(t *testing.T) {
		const huge = "9223372036854775807"
		f := noticeForm(roles.Jobs, "ประกาศตัวเลขล้น")
		f.Set("reads", huge)
		p := fx.do(hr, "POST", "/admin/notices", f, hr.tok)
		switch p.status {
		case http.StatusUnprocessableEntity:
		case http.StatusSeeOther:
			id := noticeID(t, ta, "ประกาศตัวเลขล้น")
			n, err := ta.content.Notice(ctx, id)
			if err != nil || n.Reads > 1_000_000 {
				t.Errorf("notice stored with %d reads (%v); want a small bound or a form error", n.Reads, err)
			}
			anon := fx.byName["anonymous"]
			fx.do(anon, "GET", "/notices/"+itoa(id)+"/file", nil, "") // one read
			if err := ta.counter.Flush(ctx); err != nil {
				t.Errorf("counting a visit: %v", err)
			}
			for _, path := range []string{"/", "/notices", "/notices/" + itoa(id), "/api/v1/notices", "/notices/rss.xml"} {
				if p := fx.do(anon, "GET", path, nil, ""); p.status != http.StatusOK {
					t.Errorf("GET %s after a notice with reads=%s: status %d", path, huge, p.status)
				}
			}
		default:
			t.Errorf("notice with reads=%s: status %d, want 422", huge, p.status)
		}
		for _, field := range []string{"sort", "new_days"} {
			for _, v := range []string{huge, "-" + huge, "-1"} {
				f := noticeForm(roles.Jobs, "ประกาศ "+field+" "+v)
				f.Set(field, v)
				p := fx.do(hr, "POST", "/admin/notices", f, hr.tok)
				if p.status != http.StatusUnprocessableEntity {
					t.Errorf("notice with %s=%s: status %d, want 422", field, v, p.status)
				}
			}
		}
		for _, field := range []string{"sort", "photos_per_row"} {
			for _, v := range []string{huge, "-1"} {
				f := newsForm("ข่าว " + field + " " + v)
				f.Set(field, v)
				p := fx.do(unitA, "POST", "/admin/news", f, unitA.tok)
				if p.status != http.StatusUnprocessableEntity {
					t.Errorf("news with %s=%s: status %d, want 422", field, v, p.status)
				}
			}
		}
	})
}
