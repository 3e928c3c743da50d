package admin_test

import (
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsroom/demo"
	"newsroom/kind"
	"newsroom/roles"
	"newsroom/templates"
)

// newPreviewURL is the new link's read-only field on an editor.
var newPreviewURL = regexp.MustCompile(`<input id="preview-url" type="url" value="https?://[^"]+(/preview/[A-Za-z0-9_-]{32})" readonly`)

// revokeAction finds the revoke forms of an editor's active links.
var revokeAction = regexp.MustCompile(`action="(/admin/[a-z]+/\d+/preview-links/(\d+)/revoke)"`)

// previewActions counts the action log's records of action on the item.
func (ta *testApp) previewActions(t *testing.T, action, kind, id, user string) int {
	t.Helper()
	var n int
	if err := ta.db.R.QueryRow(`SELECT count(*) FROM action_log WHERE action = ? AND kind = ? AND item_id = ? AND user_name = ?`,
		action, kind, id, user).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A unit's PR makes a preview link on a draft's editor: the editor shows
// the new link once, with a copy button, and lists the active links with
// their expiry (B.E., Thai) and maker; revoking ends the link at once.
// Both are in the action log.
func TestPreviewLinkSectionMakesAndRevokes(t *testing.T) {
	ta := newTestApp(t)
	now := time.Date(2026, time.November, 18, 9, 0, 0, 0, time.UTC)
	ta.clock.Set(now)
	pr := ta.browser(t)
	pr.mustLogin(demoID(roles.UnitPR), demo.Password)
	name := demo.Users[0].Name
	form := newsForm("ข่าวร่างรอคณบดีอนุมัติ")
	form.Set("action", "draft")
	saved := pr.post("/admin/news/new", "/admin/news", form)
	wantRedirect(t, saved, "/admin/news/", "save the draft")
	edit := saved.header.Get("Location")
	id := strings.TrimSuffix(strings.TrimPrefix(edit, "/admin/news/"), "/edit")
	base := "/admin/news/" + id + "/preview-links"

	ed := pr.get(edit)
	for _, want := range []string{`id="preview-links"`, `action="` + base + `"`, `name="hours" type="number" min="1" max="720" value="72"`,
		templates.T("th", "preview.none")} {
		if !strings.Contains(ed.body, want) {
			t.Errorf("the editor's preview section lacks %q", want)
		}
	}
	if newPreviewURL.MatchString(ed.body) {
		t.Error("the editor shows a link before one was made")
	}

	made := pr.post(edit, base, url.Values{"hours": {"72"}})
	wantStatus(t, made, http.StatusOK, "make a link")
	m := newPreviewURL.FindStringSubmatch(made.body)
	if m == nil {
		t.Fatalf("the answer shows no new link")
	}
	path := m[1]
	expires := templates.DateTime("th", now.Add(72*time.Hour))
	for _, want := range []string{`data-copy="preview-url"`, templates.T("th", "preview.copy"), expires, name, "2569"} {
		if !strings.Contains(made.body, want) {
			t.Errorf("the section after making a link lacks %q", want)
		}
	}
	if n := ta.previewActions(t, "news.preview_link", "news", id, name); n != 1 {
		t.Errorf("%d news.preview_link records by %s, want 1", n, name)
	}
	visitor := ta.browser(t)
	wantStatus(t, visitor.get(path), http.StatusOK, "the new link")

	// Shown once: the editor lists the link, never its URL again.
	ed = pr.get(edit)
	if newPreviewURL.MatchString(ed.body) || strings.Contains(ed.body, path) {
		t.Error("the editor shows the link's URL again")
	}
	rv := revokeAction.FindStringSubmatch(ed.body)
	if rv == nil || !strings.Contains(ed.body, expires) {
		t.Fatalf("the editor does not list the active link with its expiry %q", expires)
	}
	wantRedirect(t, pr.post(edit, rv[1], nil), edit+"#preview-links", "revoke")
	wantStatus(t, visitor.get(path), http.StatusNotFound, "a revoked link")
	if n := ta.previewActions(t, "news.preview_revoke", "news", id, name); n != 1 {
		t.Errorf("%d news.preview_revoke records, want 1", n)
	}
	if ed := pr.get(edit); revokeAction.MatchString(ed.body) || !strings.Contains(ed.body, templates.T("th", "preview.none")) {
		t.Error("the editor still lists the revoked link")
	}
	// A second click changes nothing and logs nothing.
	wantRedirect(t, pr.post(edit, rv[1], nil), edit+"#preview-links", "second revoke")
	if n := ta.previewActions(t, "news.preview_revoke", "news", id, name); n != 1 {
		t.Errorf("%d news.preview_revoke records after a second click, want 1", n)
	}
}

// The hours are 1 to 720 (empty: 72); anything else is answered 422 with
// the field's message and what was typed, and makes no link.
func TestPreviewLinkHoursField(t *testing.T) {
	ta := newTestApp(t)
	pr := ta.browser(t)
	pr.mustLogin(demoID(roles.UnitPR), demo.Password)
	form := newsForm("ข่าวทดสอบอายุลิงก์")
	form.Set("action", "draft")
	edit := pr.post("/admin/news/new", "/admin/news", form).header.Get("Location")
	id := strings.TrimSuffix(strings.TrimPrefix(edit, "/admin/news/"), "/edit")
	for _, tc := range []struct {
		hours string
		ok    bool
		ends  time.Duration
	}{
		{"", true, 72 * time.Hour}, {"1", true, time.Hour}, {"720", true, 720 * time.Hour},
		{"0", false, 0}, {"-5", false, 0}, {"721", false, 0}, {"99999999999999999999", false, 0}, {"3 วัน", false, 0},
	} {
		t.Run(tc.hours, func(t *testing.T) {
			var before int
			ta.db.R.QueryRow(`SELECT count(*) FROM preview_links`).Scan(&before)
			p := pr.post(edit, "/admin/news/"+id+"/preview-links", url.Values{"hours": {tc.hours}})
			var after int
			var expires, created int64
			ta.db.R.QueryRow(`SELECT count(*) FROM preview_links`).Scan(&after)
			ta.db.R.QueryRow(`SELECT expires_at, created_at FROM preview_links ORDER BY id DESC LIMIT 1`).Scan(&expires, &created)
			if !tc.ok {
				wantStatus(t, p, http.StatusUnprocessableEntity, "hours "+tc.hours)
				if !strings.Contains(p.body, templates.T("th", "preview.err_hours")) || !strings.Contains(p.body, `value="`+tc.hours+`"`) {
					t.Errorf("hours %q: no field message or the typed value is lost", tc.hours)
				}
				if after != before {
					t.Errorf("hours %q made a link", tc.hours)
				}
				return
			}
			wantStatus(t, p, http.StatusOK, "hours "+tc.hours)
			if after != before+1 || time.Duration(expires-created)*time.Millisecond != tc.ends {
				t.Errorf("hours %q: %d links, lives %v; want one more living %v", tc.hours, after, time.Duration(expires-created)*time.Millisecond, tc.ends)
			}
		})
	}
}

// Only who may edit the item makes or revokes its links: another unit's
// PR gets 403, and so do a form without its CSRF token and a unit PR on a
// kind it may not edit; a trashed item gets no link.
func TestPreviewLinkPermissions(t *testing.T) {
	ta := newDemoApp(t)
	pr := ta.browser(t)
	pr.mustLogin(demoID(roles.UnitPR), demo.Password)
	id := itoa(ta.liveID(t, "news", ta.unitID(t, "science")))
	edit := "/admin/news/" + id + "/edit"
	base := "/admin/news/" + id + "/preview-links"
	made := pr.post(edit, base, url.Values{"hours": {"24"}})
	wantStatus(t, made, http.StatusOK, "the unit's own item")
	lid := revokeAction.FindStringSubmatch(made.body)
	if lid == nil {
		t.Fatal("no revoke form for the new link")
	}
	count := func() (n int) { ta.db.R.QueryRow(`SELECT count(*) FROM preview_links`).Scan(&n); return }

	other := ta.browser(t)
	if err := other.loginOtherUnitPR(ta); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, other.post("/admin/news", base, url.Values{"hours": {"24"}}), http.StatusForbidden, "another unit's PR makes a link")
	wantStatus(t, other.post("/admin/news", lid[1], nil), http.StatusForbidden, "another unit's PR revokes a link")
	wantStatus(t, pr.postRaw(base, url.Values{"hours": {"24"}}, nil), http.StatusForbidden, "a form without its CSRF token")
	video := itoa(ta.liveID(t, "videos", 0))
	wantStatus(t, pr.post("/admin/news", "/admin/videos/"+video+"/preview-links", url.Values{"hours": {"24"}}), http.StatusForbidden, "a unit PR on a video")
	anon := ta.browser(t)
	if p := anon.postRaw(base, url.Values{"hours": {"24"}}, nil); p.status == http.StatusOK {
		t.Error("a visitor without login made a link")
	}
	if n := count(); n != 1 {
		t.Fatalf("%d links after the refused requests, want 1", n)
	}
	if p := pr.get(edit); !revokeAction.MatchString(p.body) {
		t.Error("a refused revoke ended the link")
	}

	// In the trash: no new link, and the editor says why.
	wantRedirect(t, pr.post(edit, "/admin/news/"+id+"/delete", nil), "/admin/news", "trash")
	wantStatus(t, pr.post(edit, base, url.Values{"hours": {"24"}}), http.StatusNotFound, "a link of a trashed item")
	if p := pr.get(edit); !strings.Contains(p.body, templates.T("th", "preview.unavailable")) || strings.Contains(p.body, `name="hours"`) {
		t.Error("the editor of a trashed item offers a preview link")
	}
	if n := count(); n != 1 {
		t.Errorf("%d links, want 1", n)
	}
}

// The editor of every kind with a status has the section, and its link
// opens the item for a visitor without an account.
func TestPreviewLinkOnEveryEditor(t *testing.T) {
	ta := newDemoApp(t)
	admin := ta.browser(t)
	admin.mustLogin(ta.adminID, ta.adminPW)
	visitor := ta.browser(t)
	for _, k := range kind.With(kind.Status) {
		t.Run(k.Name, func(t *testing.T) {
			id := itoa(ta.liveID(t, k.Table, 0))
			if _, err := ta.db.W.Exec(`UPDATE `+k.Table+` SET status = 'draft' WHERE id = ?`, id); err != nil {
				t.Fatal(err)
			}
			edit := k.EditPath(id)
			if p := admin.get(edit); !strings.Contains(p.body, `action="`+k.AdminList()+"/"+id+`/preview-links"`) {
				t.Fatalf("the %s editor has no preview section", k)
			}
			made := admin.post(edit, k.AdminList()+"/"+id+"/preview-links", url.Values{"hours": {"72"}})
			wantStatus(t, made, http.StatusOK, "make a link")
			m := newPreviewURL.FindStringSubmatch(made.body)
			if m == nil {
				t.Fatal("no new link shown")
			}
			var title string
			ta.db.R.QueryRow(`SELECT `+k.Title+` FROM `+k.Table+` WHERE id = ?`, id).Scan(&title)
			p := visitor.get(m[1])
			wantStatus(t, p, http.StatusOK, "the preview of a draft "+k.Name)
			if !strings.Contains(p.body, template.HTMLEscapeString(title)) {
				t.Errorf("the preview does not show %q", title)
			}
			var n int
			ta.db.R.QueryRow(`SELECT count(*) FROM action_log WHERE action = ? AND item_id = ?`, k.Action+".preview_link", id).Scan(&n)
			if n != 1 {
				t.Errorf("%d %s.preview_link records, want 1", n, k.Action)
			}
		})
	}
}
