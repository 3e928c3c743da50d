package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"newsroom/audit"
	"newsroom/content"
	"newsroom/demo"
	"newsroom/roles"
)

// reviewOn turns review on for the unit through the unit form, as central
// PR does, naming reviewers.
func reviewOn(t *testing.T, ta *testApp, central *browser, code string, reviewers ...int64) int64 {
	t.Helper()
	id := ta.unitID(t, code)
	u, err := ta.users.Unit(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"name_th": {u.NameTH}, "name_en": {u.NameEN}, "kind": {u.Kind}, "sort": {itoa(int64(u.Sort))}, "review": {"1"}}
	for _, r := range reviewers {
		form.Add("reviewers", itoa(r))
	}
	wantRedirect(t, central.post("/admin/units/"+itoa(id)+"/edit", "/admin/units/"+itoa(id), form), "/admin/units", "review on")
	return id
}

// publicSees reports whether visitors find the headline on the news page,
// the list, the feed, the API and search.
func publicSees(t *testing.T, ta *testApp, id, headline string) map[string]bool {
	t.Helper()
	v := ta.browser(t)
	seen := map[string]bool{}
	for where, path := range map[string]string{"page": "/news/" + id, "list": "/news", "feed": "/news/rss.xml",
		"api": "/api/v1/news", "search": "/search?q=" + url.QueryEscape(headline), "home": "/"} {
		p := v.get(path)
		seen[where] = p.status == http.StatusOK && strings.Contains(p.body, headline)
		if where == "search" { // the page repeats the query: look for the result's link
			seen[where] = seen[where] && strings.Contains(p.body, "/news/"+id+`"`)
		}
	}
	return seen
}

func editRevision(t *testing.T, b *browser, path string) string {
	t.Helper()
	p := b.get(path)
	wantStatus(t, p, http.StatusOK, "edit form")
	m := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("the edit form carries no revision: %.500s", p.body)
	}
	return m[1]
}

func TestReviewLoopThroughTheAdmin(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	central := ta.browser(t)
	central.mustLogin(ta.adminID, ta.adminPW)
	author := ta.browser(t)
	author.mustLogin(demoID(roles.UnitPR), demo.Password)
	unit := reviewOn(t, ta, central, "science")

	form := newsForm("ข่าวรอตรวจของคณะวิทยาศาสตร์")
	p := author.get("/admin/news/new")
	if !strings.Contains(p.body, "ส่งตรวจ") {
		t.Fatal("an author of a unit under review is offered to publish, not to submit")
	}
	created := author.post("/admin/news/new", "/admin/news", form)
	wantRedirect(t, created, "/admin/news/", "submit")
	id := strings.TrimSuffix(strings.TrimPrefix(created.header.Get("Location"), "/admin/news/"), "/edit")
	edit := "/admin/news/" + id + "/edit"
	if p := author.get(edit); !strings.Contains(p.body, "ส่งตรวจแล้ว") || !strings.Contains(p.body, "รอตรวจ") {
		t.Fatalf("the author is not told it was submitted: %.800s", p.body)
	}
	for where, seen := range publicSees(t, ta, id, form.Get("headline")) {
		if seen {
			t.Errorf("a submitted item is public on the %s", where)
		}
	}
	if p := author.get("/admin/"); !strings.Contains(p.body, form.Get("headline")) {
		t.Error("the author's dashboard does not list the item waiting for review")
	}
	if p := author.get("/admin/review"); p.status != http.StatusForbidden {
		t.Errorf("an author who reviews nothing opens the inbox: %d", p.status)
	}

	// Central PR (the unit names no reviewers) is told, in the app.
	if p := central.get("/admin/notifications"); !strings.Contains(p.body, form.Get("headline")) {
		t.Error("central PR is not notified of the submitted item")
	}
	// Central PR sees it in the inbox and returns it with a comment.
	if p := central.get("/admin/review"); !strings.Contains(p.body, form.Get("headline")) || !strings.Contains(p.body, "/admin/news/"+id+"/review") {
		t.Fatalf("the inbox does not list it: %.800s", p.body)
	}
	p = central.post("/admin/news/"+id+"/review", "/admin/news/"+id+"/return", url.Values{"comment": {""}})
	wantStatus(t, p, http.StatusUnprocessableEntity, "return without a comment")
	wantRedirect(t, central.post("/admin/news/"+id+"/review", "/admin/news/"+id+"/return",
		url.Values{"comment": {"กรุณาเพิ่มชื่อผู้ให้สัมภาษณ์"}}), "/admin/review", "return")
	if p := author.get(edit); !strings.Contains(p.body, "กรุณาเพิ่มชื่อผู้ให้สัมภาษณ์") {
		t.Fatal("the author does not see the reviewer's comment")
	}
	if p := author.get("/admin/notifications"); !strings.Contains(p.body, "กรุณาเพิ่มชื่อผู้ให้สัมภาษณ์") {
		t.Error("the author is not notified of the return with its comment")
	}

	// The author edits and resubmits; central approves; it is public.
	form.Set("headline", "ข่าวแก้ไขแล้วของคณะวิทยาศาสตร์")
	form.Set("form_token", "form-resubmit-1")
	form.Set("revision", editRevision(t, author, edit))
	wantRedirect(t, author.post(edit, "/admin/news/"+id, form), "/admin/news/", "resubmit")
	n, _ := ta.content.News(ctx, mustID(t, id))
	if n.Status != content.Pending {
		t.Fatalf("after resubmitting: %s", n.Status)
	}
	wantRedirect(t, central.post("/admin/news/"+id+"/review", "/admin/news/"+id+"/approve", nil), "/admin/review", "approve")
	for where, seen := range publicSees(t, ta, id, form.Get("headline")) {
		if !seen && where != "home" {
			t.Errorf("an approved item is missing from the %s", where)
		}
	}

	// An edit of the live item waits; the live version stays public.
	live := form.Get("headline")
	form.Set("headline", "หัวข้อใหม่ที่ยังไม่อนุมัติ")
	form.Set("form_token", "form-change-1")
	form.Set("revision", editRevision(t, author, edit))
	wantRedirect(t, author.post(edit, "/admin/news/"+id, form), "/admin/news/", "change")
	seen := publicSees(t, ta, id, live)
	if !seen["page"] || !seen["list"] {
		t.Errorf("the live version left the site while its change waits: %v", seen)
	}
	for where, s := range publicSees(t, ta, id, "หัวข้อใหม่ที่ยังไม่อนุมัติ") {
		if s {
			t.Errorf("a pending change is public on the %s", where)
		}
	}
	if p := author.get(edit); !strings.Contains(p.body, `data-form-values`) || !strings.Contains(p.body, "หัวข้อใหม่ที่ยังไม่อนุมัติ") {
		t.Error("the author's form does not bring back the pending change")
	}
	rp := central.get("/admin/news/" + id + "/review")
	if !strings.Contains(rp.body, "หัวข้อใหม่ที่ยังไม่อนุมัติ") || !strings.Contains(rp.body, live) {
		t.Fatalf("the review page does not compare both versions: %.1000s", rp.body)
	}
	wantRedirect(t, central.post("/admin/news/"+id+"/review", "/admin/news/"+id+"/approve", nil), "/admin/review", "approve change")
	if !publicSees(t, ta, id, "หัวข้อใหม่ที่ยังไม่อนุมัติ")["page"] {
		t.Error("the approved change is not live")
	}

	// Every transition is in the action log.
	acts, _, err := ta.actions.List(ctx, audit.ActionFilter{Action: "news", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range acts {
		if a.ItemID == mustID(t, id) {
			names = append(names, a.Action)
		}
	}
	for _, want := range []string{"news.submit", "news.returned", "news.approved", "news.submit_change", "news.change_approved"} {
		if !strings.Contains(strings.Join(names, " "), want) {
			t.Errorf("action log lacks %s: %v", want, names)
		}
	}
	_ = unit
}

func TestUnitReviewerReviewsOwnUnitOnly(t *testing.T) {
	ta := newTestApp(t)
	central := ta.browser(t)
	central.mustLogin(ta.adminID, ta.adminPW)
	author, err := ta.users.UserByCitizenID(context.Background(), demoID(roles.UnitPR))
	if err != nil {
		t.Fatal(err)
	}
	reviewOn(t, ta, central, "science", author.ID)
	head := ta.browser(t)
	head.mustLogin(demoID(roles.UnitPR), demo.Password)
	// A reviewer of the unit publishes directly and sees the inbox.
	form := newsForm("ข่าวที่หัวหน้างานเขียนเอง")
	created := head.post("/admin/news/new", "/admin/news", form)
	wantRedirect(t, created, "/admin/news/", "reviewer saves")
	id := strings.TrimSuffix(strings.TrimPrefix(created.header.Get("Location"), "/admin/news/"), "/edit")
	if n, _ := ta.content.News(context.Background(), mustID(t, id)); n.Status != content.Published {
		t.Fatalf("a reviewer's own item is %s, want published", n.Status)
	}
	wantStatus(t, head.get("/admin/review"), http.StatusOK, "reviewer's inbox")
	// Another unit's item is not theirs to review.
	other := ta.browser(t)
	if err := other.loginOtherUnitPR(ta); err != nil {
		t.Fatal(err)
	}
	reviewOn(t, ta, central, "education")
	oc := other.post("/admin/news/new", "/admin/news", newsForm("ข่าวของคณะครุศาสตร์"))
	wantRedirect(t, oc, "/admin/news/", "other unit submits")
	oid := strings.TrimSuffix(strings.TrimPrefix(oc.header.Get("Location"), "/admin/news/"), "/edit")
	if p := head.get("/admin/review"); strings.Contains(p.body, "ข่าวของคณะครุศาสตร์") {
		t.Error("a unit reviewer's inbox lists another unit's item")
	}
	p := head.post("/admin/", "/admin/news/"+oid+"/approve", nil)
	if p.status != http.StatusForbidden && p.status != http.StatusNotFound {
		t.Errorf("a unit reviewer approves another unit's item: %d", p.status)
	}
}

func TestEditConflictShowsBothVersions(t *testing.T) {
	ta := newTestApp(t)
	a := ta.browser(t)
	a.mustLogin(ta.adminID, ta.adminPW)
	b := ta.browser(t)
	b.mustLogin(demoID(roles.UnitPR), demo.Password)
	created := b.post("/admin/news/new", "/admin/news", newsForm("ข่าวที่สองคนแก้พร้อมกัน"))
	wantRedirect(t, created, "/admin/news/", "create")
	id := strings.TrimSuffix(strings.TrimPrefix(created.header.Get("Location"), "/admin/news/"), "/edit")
	edit := "/admin/news/" + id + "/edit"
	rev := editRevision(t, a, edit)
	if rev != editRevision(t, b, edit) {
		t.Fatal("two editors opened different revisions")
	}
	first := newsForm("ฉบับของบรรณาธิการคนแรก")
	first.Set("revision", rev)
	first.Set("form_token", "tok-a")
	second := newsForm("ฉบับของบรรณาธิการคนที่สอง")
	second.Set("revision", rev)
	second.Set("form_token", "tok-b")
	wantRedirect(t, a.post(edit, "/admin/news/"+id, first), "/admin/news/", "first save")
	wantRedirect(t, a.post(edit, "/admin/news/"+id, first), "/admin/news/", "the same form again (a retry)")
	p := b.post(edit, "/admin/news/"+id, second)
	wantStatus(t, p, http.StatusUnprocessableEntity, "second editor")
	// Both versions, side by side, with the words that differ marked.
	if !strings.Contains(p.body, "ฉบับของบรรณาธิการคน<del>แรก</del>") || !strings.Contains(p.body, "ฉบับของบรรณาธิการคน<ins>ที่สอง</ins>") {
		t.Fatalf("the conflict does not show both versions: %.1500s", p.body)
	}
	n, _ := ta.content.News(context.Background(), mustID(t, id))
	if n.Headline != "ฉบับของบรรณาธิการคนแรก" {
		t.Fatalf("the second save overwrote silently: %q", n.Headline)
	}
	revs, _ := ta.content.Revisions(context.Background(), content.NewsKind, id)
	if len(revs) != 2 {
		t.Fatalf("%d revisions, want 2: the retry made another", len(revs))
	}
	// Saving again from the conflict page keeps the second version, knowingly.
	m := regexp.MustCompile(`name="revision" value="(\d+)"`).FindStringSubmatch(p.body)
	if m == nil || m[1] == rev {
		t.Fatalf("the conflict form still carries the old revision %v", m)
	}
	second.Set("revision", m[1])
	second.Set("form_token", "tok-b2")
	wantRedirect(t, b.post(edit, "/admin/news/"+id, second), "/admin/news/", "keep mine")
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var id int64
	for _, r := range s {
		if r < '0' || r > '9' {
			t.Fatalf("not an id: %q", s)
		}
		id = id*10 + int64(r-'0')
	}
	return id
}

func TestRevisionsDiffAndRestore(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	form := newsForm("ข่าววันเด็ก")
	form.Set("body", "<p>มหาวิทยาลัยนครพนมจัดกิจกรรมวันเด็กแห่งชาติ</p>")
	created := b.post("/admin/news/new", "/admin/news", form)
	wantRedirect(t, created, "/admin/news/", "create")
	id := strings.TrimSuffix(strings.TrimPrefix(created.header.Get("Location"), "/admin/news/"), "/edit")
	edit := "/admin/news/" + id + "/edit"
	form.Set("body", "<p>มหาวิทยาลัยนครพนมจัดงานวันเด็กแห่งชาติ</p>")
	form.Set("form_token", "edit-1")
	form.Set("revision", editRevision(t, b, edit))
	wantRedirect(t, b.post(edit, "/admin/news/"+id, form), "/admin/news/", "edit")

	p := b.get("/admin/news/" + id + "/revisions")
	wantStatus(t, p, http.StatusOK, "revisions")
	// One Thai word changed: the comparison marks that word, not the line.
	if !strings.Contains(p.body, "จัด<del>กิจกรรม</del>วันเด็ก") || !strings.Contains(p.body, "จัด<ins>งาน</ins>วันเด็ก") {
		t.Fatalf("the comparison does not mark the changed word: %.3000s", p.body)
	}
	revs, _ := ta.content.Revisions(ctx, content.NewsKind, id)
	if len(revs) != 2 {
		t.Fatalf("%d revisions, want 2", len(revs))
	}
	wantRedirect(t, b.post("/admin/news/"+id+"/revisions", "/admin/news/"+id+"/revisions/"+itoa(revs[1].ID)+"/restore", nil), edit, "restore")
	n, _ := ta.content.News(ctx, mustID(t, id))
	if !strings.Contains(n.Body, "กิจกรรม") {
		t.Fatalf("restored body: %q", n.Body)
	}
	if revs, _ = ta.content.Revisions(ctx, content.NewsKind, id); len(revs) != 3 || revs[0].Reason != "restore" {
		t.Fatalf("the restore is not a new revision: %d", len(revs))
	}
	// Another unit's PR cannot read the history.
	other := ta.browser(t)
	if err := other.loginOtherUnitPR(ta); err != nil {
		t.Fatal(err)
	}
	if p := other.get("/admin/news/" + id + "/revisions"); p.status != http.StatusForbidden {
		t.Errorf("another unit reads the revisions: %d", p.status)
	}
}

// Odd and hostile requests: another item's revision, an overlong comment,
// a restore of a revision id that does not exist.
func TestReviewRefusesOddRequests(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	central := ta.browser(t)
	central.mustLogin(ta.adminID, ta.adminPW)
	author := ta.browser(t)
	author.mustLogin(demoID(roles.UnitPR), demo.Password)
	reviewOn(t, ta, central, "science")
	mk := func(headline string) string {
		p := author.post("/admin/news/new", "/admin/news", newsForm(headline))
		wantRedirect(t, p, "/admin/news/", "submit "+headline)
		return strings.TrimSuffix(strings.TrimPrefix(p.header.Get("Location"), "/admin/news/"), "/edit")
	}
	a, b := mk("ข่าว ก"), mk("ข่าว ข")
	revsB, _ := ta.content.Revisions(ctx, content.NewsKind, b)
	// Item a restored to item b's revision: not found, a unchanged.
	p := author.post("/admin/news/"+a+"/revisions", "/admin/news/"+a+"/revisions/"+itoa(revsB[0].ID)+"/restore", nil)
	wantStatus(t, p, http.StatusNotFound, "another item's revision")
	if n, _ := ta.content.News(ctx, mustID(t, a)); n.Headline != "ข่าว ก" {
		t.Fatalf("a foreign revision was applied: %q", n.Headline)
	}
	wantStatus(t, author.post("/admin/news/"+a+"/revisions", "/admin/news/"+a+"/revisions/-1/restore", nil), http.StatusNotFound, "negative revision")
	// A comment over 1,000 characters is refused with its field message, the item still waiting.
	long := strings.Repeat("ก", content.MaxComment+1)
	p = central.post("/admin/news/"+a+"/review", "/admin/news/"+a+"/return", url.Values{"comment": {long}})
	wantStatus(t, p, http.StatusUnprocessableEntity, "overlong comment")
	if n, _ := ta.content.News(ctx, mustID(t, a)); n.Status != content.Pending {
		t.Fatalf("after a refused return the item is %s", n.Status)
	}
	// Approving twice (a double click): the second is a no-op.
	wantRedirect(t, central.post("/admin/news/"+a+"/review", "/admin/news/"+a+"/approve", nil), "/admin/review", "approve")
	wantRedirect(t, central.post("/admin/news/"+a+"/review", "/admin/news/"+a+"/approve", nil), "/admin/review", "approve again")
	acts, _, _ := ta.actions.List(ctx, audit.ActionFilter{Action: "news.approved", Limit: 10})
	if len(acts) != 1 {
		t.Errorf("%d approvals logged for one approval", len(acts))
	}
}
