package admin_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom/roles"
)

// The ticked tags of a news form posted into an expired session come back,
// every one of them, in the form's draft after login (autosave.js restores
// checkboxes from those values).
func TestStashedNewsFormKeepsItsTags(t *testing.T) {
	ta := newTestApp(t)
	b := ta.h.As(t, roles.UnitPR)
	ub := &browser{t: t, c: b.C, base: b.Base}
	ub.get("/admin/news/new")
	ta.clock.Add(2*time.Hour + time.Minute) // idle expiry

	form := newsForm("ข่าวที่มีแท็ก")
	form.Set("draft_form", "/admin/news/new")
	form["tags"] = []string{"no-gift", "participation"}
	p := ub.post("/admin/login", "/admin/news", form)
	wantRedirect(t, p, "/admin/login?", "save into an expired session")
	loc, _ := url.Parse(p.header.Get("Location"))
	resume := loc.Query().Get("resume")
	p = ub.post("/admin/login", "/admin/login", url.Values{"citizen_id": {demoID(roles.UnitPR)}, "password": {"demo-password"}, "resume": {resume}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("login with the resume id: %d", p.status)
	}
	j := draftOf(t, ub, "/admin/news/new", "fresh-page-token")
	vs, _ := j["values"].(map[string]any)
	raw, _ := vs["tags"].([]any)
	var got []string
	for _, v := range raw {
		s, _ := v.(string)
		got = append(got, s)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"no-gift", "participation"}) {
		t.Fatalf("the draft's tags = %v (values %v)", got, vs)
	}
	// The picker the script restores them into names each tag once.
	page := ub.get("/admin/news/new")
	for _, slug := range []string{"no-gift", "participation", "ethics"} {
		if n := strings.Count(page.body, `name="tags" value="`+slug+`"`); n != 1 {
			t.Errorf("the picker has %d checkboxes for %s", n, slug)
		}
	}
}
