package web_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"newsroom"
	"newsroom/roles"
	"newsroom/web"
)

func TestCleanFormPath(t *testing.T) {
	for _, tc := range []struct {
		path string
		ok   bool
	}{
		{"/admin/news/new", true},
		{"/admin/news/12/edit", true},
		{"/admin/pages/about/th", true},
		{"/admin/", true},
		{"/admin", false},
		{"/news/1", false},
		{"//evil.example/admin/", false},
		{"/admin//evil", false},
		{"https://evil.example/admin/news/new", false},
		{"/admin/news/new?x=1", false},
		{"/admin/news/new#x", false},
		{"/admin/../news", false},
		{"/admin/news\\new", false},
		{"/admin/news/\nnew", false},
		{"/admin/login", false},
		{"/admin/logout", false},
		{"/admin/drafts", false},
		{"/admin/" + strings.Repeat("a", web.MaxFormPath), false},
		{"/admin/\xff", false},
	} {
		if _, ok := web.CleanFormPath(tc.path); ok != tc.ok {
			t.Errorf("CleanFormPath(%q) ok = %v, want %v", tc.path, ok, tc.ok)
		}
	}
}

func TestDraftValuesBounds(t *testing.T) {
	many := url.Values{}
	for i := range web.MaxDraftFields + 1 {
		many.Set("f"+strings.Repeat("x", i%5)+string(rune('a'+i%26))+itoa(int64(i)), "v")
	}
	for _, tc := range []struct {
		name string
		vals url.Values
		ok   bool
	}{
		{"a news form", url.Values{"headline": {"ข่าว"}, "body": {"<p>เนื้อหา</p>"}, "lang": {"th"}}, true},
		{"csrf and form token are dropped", url.Values{"csrf": {"x"}, "form_token": {"y"}}, true},
		{"a body at the limit's edge", url.Values{"body": {strings.Repeat("a", web.MaxDraftBytes-100)}}, true},
		{"a body over the limit", url.Values{"body": {strings.Repeat("a", web.MaxDraftBytes)}}, false},
		{"too many fields", many, false},
		{"too many values", url.Values{"ids": make([]string, web.MaxDraftValues+1)}, false},
		{"a long field name", url.Values{strings.Repeat("n", web.MaxFieldName+1): {"v"}}, false},
		{"a value not UTF-8", url.Values{"headline": {"\xff"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := web.DraftValues(tc.vals)
			if tc.ok != (err == nil) {
				t.Fatalf("DraftValues err = %v, want ok %v", err, tc.ok)
			}
			if err != nil {
				if !errors.Is(err, web.ErrDraftTooLarge) {
					t.Errorf("err = %v, want ErrDraftTooLarge", err)
				}
				return
			}
			back, err := web.ParseDraftValues(s)
			if err != nil {
				t.Fatal(err)
			}
			if back.Has("csrf") || back.Has("form_token") {
				t.Error("the draft keeps csrf or form_token")
			}
		})
	}
}

// A user's drafts and stashes are theirs, bounded in number, and purged.
func TestFormDraftsStore(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	clk := ta.clock
	d := web.NewFormDrafts(ta.db, clk.Now)
	u1, err := ta.users.UserByCitizenID(ctx, demoID(roles.UnitPR))
	if err != nil {
		t.Fatal(err)
	}
	u2, err := ta.users.UserByCitizenID(ctx, demoID(roles.Central))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Save(ctx, u1.ID, "/admin/news/12/edit", "", "", url.Values{"headline": {"แก้ไข"}}, web.SourceAutosave, false); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Find(ctx, u2.ID, "/admin/news/12/edit", ""); !errors.Is(err, newsroom.ErrNotFound) {
		t.Fatalf("another user's Find = %v, want not found", err)
	}
	got, err := d.Find(ctx, u1.ID, "/admin/news/12/edit", "")
	if err != nil || got.Values.Get("headline") != "แก้ไข" {
		t.Fatalf("Find = %+v, %v", got, err)
	}

	// At most MaxUserDrafts per user: the oldest go.
	for i := range web.MaxUserDrafts + 5 {
		clk.Add(time.Second)
		if _, err := d.Save(ctx, u1.ID, "/admin/news/new", "tab-"+itoa(int64(i)), "", url.Values{"headline": {"x"}}, web.SourceAutosave, false); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	ta.db.R.QueryRow(`SELECT count(*) FROM form_drafts WHERE user_id = ?`, u1.ID).Scan(&n)
	if n != web.MaxUserDrafts {
		t.Errorf("user has %d drafts, want the bound %d", n, web.MaxUserDrafts)
	}

	// A stash resumes for its user only, once, within a day.
	id, err := d.Stash(ctx, u1.ID, "/admin/videos/new", url.Values{"title": {"วิดีโอ"}, "form_token": {"t1"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Resume(ctx, u2.ID, id); !errors.Is(err, newsroom.ErrNotFound) {
		t.Fatalf("another user's Resume = %v", err)
	}
	old, err := d.Stash(ctx, u1.ID, "/admin/videos/new", url.Values{"title": {"เก่า"}})
	if err != nil {
		t.Fatal(err)
	}
	if form, err := d.Resume(ctx, u1.ID, id); err != nil || form != "/admin/videos/new" {
		t.Fatalf("Resume = %q, %v", form, err)
	}
	if _, err := d.Resume(ctx, u1.ID, id); !errors.Is(err, newsroom.ErrNotFound) {
		t.Fatalf("a second Resume = %v, want not found", err)
	}
	if dr, err := d.Find(ctx, u1.ID, "/admin/videos/new", "t1"); err != nil || dr.Source != web.SourceStash || dr.Values.Get("title") != "วิดีโอ" {
		t.Fatalf("the resumed stash as a draft = %+v, %v", dr, err)
	}

	// A day later the other stash is gone; 30 days later the drafts are.
	clk.Add(web.StashAge + time.Minute)
	if _, err := d.Resume(ctx, u1.ID, old); !errors.Is(err, newsroom.ErrNotFound) {
		t.Fatalf("Resume of a stash over a day old = %v", err)
	}
	clk.Add(web.DraftDays * 24 * time.Hour)
	if err := d.Purge(ctx); err != nil {
		t.Fatal(err)
	}
	var drafts, stashes int
	ta.db.R.QueryRow(`SELECT count(*) FROM form_drafts`).Scan(&drafts)
	ta.db.R.QueryRow(`SELECT count(*) FROM form_stashes`).Scan(&stashes)
	if drafts != 0 || stashes != 0 {
		t.Errorf("after the purge %d drafts and %d stashes are left", drafts, stashes)
	}
}

func FuzzParseDraftValues(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":["b"]}`, `{"a":"b"}`, `[]`, `{"a":[1]}`, `null`, `{"\u0000":["\ud800"]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		vals, err := web.ParseDraftValues(s)
		if err != nil {
			return
		}
		// Whatever parses is bounded again before it is kept.
		if kept, err := web.DraftValues(vals); err == nil {
			if len(kept) > web.MaxDraftBytes || !utf8.ValidString(kept) {
				t.Fatalf("kept %d bytes", len(kept))
			}
			if _, err := web.ParseDraftValues(kept); err != nil {
				t.Fatalf("kept JSON does not parse: %v", err)
			}
		}
	})
}

func FuzzCleanFormPath(f *testing.F) {
	for _, s := range []string{"/admin/news/new", "//x", "/admin/../x", "/admin/\x00", "/admin/login"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := web.CleanFormPath(s)
		if !ok {
			return
		}
		u, err := url.Parse(p)
		if err != nil || u.Host != "" || u.Scheme != "" || u.RawQuery != "" || !strings.HasPrefix(u.Path, "/admin/") || strings.HasPrefix(p, "//") {
			t.Fatalf("CleanFormPath accepted %q (%v)", p, err)
		}
	})
}
