package admin_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsroom/roles"
)

// draftOf reads GET /admin/drafts for form and token.
func draftOf(t *testing.T, b *browser, form, token string) map[string]any {
	t.Helper()
	p := b.get("/admin/drafts?" + url.Values{"form": {form}, "token": {token}}.Encode())
	wantStatus(t, p, http.StatusOK, "GET /admin/drafts")
	var j map[string]any
	if err := json.Unmarshal([]byte(p.body), &j); err != nil {
		t.Fatalf("draft answer %q: %v", p.body, err)
	}
	return j
}

// saveDraft posts an autosave as autosave.js does (CSRF in the header).
func saveDraft(t *testing.T, b *browser, form, token, adopt string, vals url.Values) page {
	t.Helper()
	data, _ := json.Marshal(vals)
	return b.postRaw("/admin/drafts", url.Values{"form": {form}, "token": {token}, "adopt": {adopt}, "values": {string(data)}},
		map[string]string{"X-CSRF-Token": b.csrf("/admin/news/new")})
}

// closeDraft posts the last save of a page that is left (autosave.js's
// beacon: the CSRF token in the form).
func closeDraft(t *testing.T, b *browser, form, token string, vals url.Values) page {
	t.Helper()
	data, _ := json.Marshal(vals)
	return b.post("/admin/news/new", "/admin/drafts", url.Values{"form": {form}, "token": {token}, "values": {string(data)}, "closed": {"1"}})
}

func draftHeadline(t *testing.T, j map[string]any) string {
	t.Helper()
	if j["found"] != true {
		return ""
	}
	vals, _ := j["values"].(map[string]any)
	hs, _ := vals["headline"].([]any)
	if len(hs) == 0 {
		return ""
	}
	s, _ := hs[0].(string)
	return s
}

func TestAutosaveDraftIsRestoredOnlyToItsUser(t *testing.T) {
	ta := newTestApp(t)
	b := ta.h.As(t, roles.UnitPR)
	ub := &browser{t: t, c: b.C, base: b.Base}
	vals := url.Values{"headline": {"ข่าวที่ยังพิมพ์ไม่เสร็จ"}, "body": {"<p>ย่อหน้าแรก</p>"}, "lang": {"en"},
		"csrf": {"never kept"}, "form_token": {"tab-a"}}
	p := saveDraft(t, ub, "/admin/news/new", "tab-a", "", vals)
	wantStatus(t, p, http.StatusOK, "autosave")
	if !strings.Contains(p.body, "saved_at") {
		t.Fatalf("autosave answer has no saved_at: %s", p.body)
	}

	// While tab a is open, another "new news" page is not offered its draft.
	if j := draftOf(t, ub, "/admin/news/new", "tab-b"); j["found"] != false {
		t.Fatalf("a live tab's draft was offered to another page: %v", j)
	}
	// The tab is closed; a new "new news" page (another token) finds it.
	wantStatus(t, closeDraft(t, ub, "/admin/news/new", "tab-a", vals), http.StatusOK, "close tab a")
	j := draftOf(t, ub, "/admin/news/new", "tab-b")
	if got := draftHeadline(t, j); got != "ข่าวที่ยังพิมพ์ไม่เสร็จ" {
		t.Fatalf("restored headline = %q, want the draft's; answer %v", got, j)
	}
	if j["token"] != "tab-a" || j["source"] != "autosave" {
		t.Errorf("draft token/source = %v/%v", j["token"], j["source"])
	}
	vs, _ := j["values"].(map[string]any)
	if _, ok := vs["csrf"]; ok {
		t.Error("a draft keeps the CSRF token")
	}
	if _, ok := vs["form_token"]; ok {
		t.Error("a draft keeps the form token")
	}

	// Another "new news" tab saves under its own token: the first is untouched.
	wantStatus(t, saveDraft(t, ub, "/admin/news/new", "tab-c", "", url.Values{"headline": {"อีกแท็บ"}}), http.StatusOK, "second tab")
	if got := draftHeadline(t, draftOf(t, ub, "/admin/news/new", "tab-a")); got != "ข่าวที่ยังพิมพ์ไม่เสร็จ" {
		t.Fatalf("tab a's draft = %q after tab c saved", got)
	}
	// A page that adopts tab a's draft takes it over.
	wantStatus(t, saveDraft(t, ub, "/admin/news/new", "tab-d", "tab-a", vals), http.StatusOK, "adopt")
	var n int
	ta.db.R.QueryRow(`SELECT count(*) FROM form_drafts WHERE token = 'tab-a'`).Scan(&n)
	if n != 0 {
		t.Errorf("the adopted draft is still there")
	}

	// Someone else never reads it.
	other := ta.h.Admin(t)
	ob := &browser{t: t, c: other.C, base: other.Base}
	if j := draftOf(t, ob, "/admin/news/new", "tab-d"); j["found"] != false {
		t.Fatalf("another user got a draft: %v", j)
	}

	// Bounds: a form path outside the admin, and an oversized draft, are refused.
	wantStatus(t, saveDraft(t, ub, "https://evil.example/admin", "", "", vals), http.StatusBadRequest, "foreign path")
	wantStatus(t, saveDraft(t, ub, "/admin/news/new", "x", "", url.Values{"body": {strings.Repeat("ก", 200_000)}}),
		http.StatusRequestEntityTooLarge, "oversized draft")

	// Discard.
	wantStatus(t, ub.postRaw("/admin/drafts/delete", url.Values{"form": {"/admin/news/new"}, "token": {"tab-d"}},
		map[string]string{"X-CSRF-Token": ub.csrf("/admin/news/new")}), http.StatusNoContent, "discard")
	if j := draftOf(t, ub, "/admin/news/new", "tab-d"); draftHeadline(t, j) == "ข่าวที่ยังพิมพ์ไม่เสร็จ" {
		t.Fatal("the discarded draft came back")
	}
}

func TestSaveDeletesTheFormsDraft(t *testing.T) {
	ta := newTestApp(t)
	b := ta.h.As(t, roles.UnitPR)
	ub := &browser{t: t, c: b.C, base: b.Base}
	form := newsForm("บันทึกแล้วร่างหายไป")
	wantStatus(t, saveDraft(t, ub, "/admin/news/new", form.Get("form_token"), "", form), http.StatusOK, "autosave")
	form.Set("draft_form", "/admin/news/new")
	p := ub.post("/admin/news/new", "/admin/news", form)
	wantStatus(t, p, http.StatusSeeOther, "save news")
	var n int
	ta.db.R.QueryRow(`SELECT count(*) FROM form_drafts`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d drafts left after the save", n)
	}
}

func TestFormPostedIntoExpiredSessionComesBackAfterLogin(t *testing.T) {
	ta := newTestApp(t)
	b := ta.h.As(t, roles.UnitPR)
	ub := &browser{t: t, c: b.C, base: b.Base}
	ub.get("/admin/news/new")
	ta.clock.Add(2*time.Hour + time.Minute) // idle expiry

	form := newsForm("ข่าวที่เกือบหายไป")
	form.Set("draft_form", "/admin/news/new") // autosave.js adds it to every editor form
	p := ub.post("/admin/login", "/admin/news", form)
	wantRedirect(t, p, "/admin/login?", "save into an expired session")
	loc, _ := url.Parse(p.header.Get("Location"))
	resume := loc.Query().Get("resume")
	if loc.Query().Get("msg") != "expired" || resume == "" {
		t.Fatalf("login link %q: want msg=expired and a resume id", loc)
	}
	// The stash performed nothing.
	var items int
	ta.db.R.QueryRow(`SELECT count(*) FROM news WHERE headline = ?`, "ข่าวที่เกือบหายไป").Scan(&items)
	if items != 0 {
		t.Fatal("the post into an expired session created the item")
	}
	if page := ub.get(loc.String()); !strings.Contains(page.body, `name="resume" value="`+resume+`"`) {
		t.Fatalf("the login page does not carry the resume id:\n%s", page.body)
	}

	// Someone else logging in with that resume id gets nothing, and it stays.
	other := &browser{t: t, c: ta.h.Browser(t).C, base: ub.base}
	p = other.post("/admin/login", "/admin/login", url.Values{"citizen_id": {ta.adminID}, "password": {ta.adminPW}, "resume": {resume}})
	wantRedirect(t, p, "/admin/", "other user's login")
	if p.header.Get("Location") != "/admin/" {
		t.Fatalf("another user with the resume id went to %q", p.header.Get("Location"))
	}
	if j := draftOf(t, other, "/admin/news/new", "x"); j["found"] != false {
		t.Fatalf("another user got the stash: %v", j)
	}

	// Its user logs in and is back on the form with what they sent.
	p = ub.post("/admin/login", "/admin/login", url.Values{"citizen_id": {demoID(roles.UnitPR)}, "password": {"demo-password"}, "resume": {resume}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/admin/news/new" {
		t.Fatalf("login with the resume id: %d to %q, want /admin/news/new", p.status, p.header.Get("Location"))
	}
	j := draftOf(t, ub, "/admin/news/new", "fresh-page-token")
	if draftHeadline(t, j) != "ข่าวที่เกือบหายไป" || j["source"] != "stash" {
		t.Fatalf("the form's draft after login = %v", j)
	}
	vs, _ := j["values"].(map[string]any)
	if d, _ := vs["draft"].([]any); len(d) != 1 || d[0] != "draft-0123456789abcdef" {
		t.Errorf("the gallery token did not come back: %v", vs["draft"])
	}
	// A resume id works once.
	var left int
	ta.db.R.QueryRow(`SELECT count(*) FROM form_stashes`).Scan(&left)
	if left != 0 {
		t.Errorf("%d stashes left after the resume", left)
	}
}

func TestScriptsMeetingAnExpiredSessionGet401(t *testing.T) {
	ta := newTestApp(t)
	b := ta.h.As(t, roles.UnitPR)
	ub := &browser{t: t, c: b.C, base: b.Base}
	token := ub.csrf("/admin/news/new")
	ta.clock.Add(3 * time.Hour)
	p := ub.postFile("/admin/login", "/admin/news/photos?draft=draft-0123456789abcdef", "files", "a.jpg", testJPEG(t, 10, 10))
	if p.status != http.StatusUnauthorized || !strings.Contains(p.header.Get("Content-Type"), "json") {
		t.Fatalf("upload into an expired session: %d %s %s", p.status, p.header.Get("Content-Type"), p.body)
	}
	var j map[string]any
	json.Unmarshal([]byte(p.body), &j)
	if j["expired"] != true || !strings.HasPrefix(j["login"].(string), "/admin/login") || j["error"] == "" {
		t.Fatalf("401 answer = %v", j)
	}
	// A draft post the same.
	p = ub.postRaw("/admin/drafts", url.Values{"form": {"/admin/news/new"}, "values": {"{}"}}, map[string]string{"X-CSRF-Token": token})
	wantStatus(t, p, http.StatusUnauthorized, "autosave into an expired session")
}

// A post that is no editor form (a delete button) is not kept.
func TestOnlyEditorFormsAreStashed(t *testing.T) {
	ta := newTestApp(t)
	b := ta.h.As(t, roles.UnitPR)
	ub := &browser{t: t, c: b.C, base: b.Base}
	ub.get("/admin/news")
	ta.clock.Add(3 * time.Hour)
	p := ub.post("/admin/login", "/admin/news/1/delete", nil)
	wantRedirect(t, p, "/admin/login?", "delete into an expired session")
	if strings.Contains(p.header.Get("Location"), "resume=") {
		t.Fatalf("a delete button's post was stashed: %s", p.header.Get("Location"))
	}
}

func TestLogoutLeavesNothingToStash(t *testing.T) {
	ta := newTestApp(t)
	b := ta.h.As(t, roles.UnitPR)
	ub := &browser{t: t, c: b.C, base: b.Base}
	old := ub.cookie(ta.sessions.CookieName())
	wantStatus(t, ub.post("/admin/", "/admin/logout", nil), http.StatusSeeOther, "logout")
	// Replaying the old cookie after logout stashes nothing.
	ub.c.Jar.SetCookies(mustURL(ub.base), []*http.Cookie{old})
	form := newsForm("หลังออกจากระบบ")
	form.Set("draft_form", "/admin/news/new")
	p := ub.post("/admin/login", "/admin/news", form)
	wantRedirect(t, p, "/admin/login", "post after logout")
	if strings.Contains(p.header.Get("Location"), "resume=") {
		t.Fatalf("a post after logout was stashed: %s", p.header.Get("Location"))
	}
}
