package content

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsroom/db"
	"newsroom/media"
)

func validPage(unit int64, slug, body string) PageInput {
	return PageInput{MetaInput: MetaInput{Lang: Thai, UnitID: unit, Publish: true}, Slug: slug, Section: SectionAbout,
		Title: "เกี่ยวกับเรา", Body: body, MenuSort: 10, InMenu: true}
}

// Every field of the page form is bounded and checked.
func TestPageInputBounds(t *testing.T) {
	long := func(n int) string { return strings.Repeat("ก", n) }
	for _, tc := range []struct {
		name  string
		edit  func(in *PageInput)
		field string // "" = valid
	}{
		{"valid", func(*PageInput) {}, ""},
		{"empty slug", func(in *PageInput) { in.Slug = "" }, "slug"},
		{"digits-only slug (an id)", func(in *PageInput) { in.Slug = "12" }, "slug"},
		{"upper-case slug is lowered", func(in *PageInput) { in.Slug = "About-Us" }, ""},
		{"slug with a space", func(in *PageInput) { in.Slug = "about us" }, "slug"},
		{"slug with a double hyphen", func(in *PageInput) { in.Slug = "a--b" }, "slug"},
		{"slug too long", func(in *PageInput) { in.Slug = strings.Repeat("a", MaxPageSlug+1) }, "slug"},
		{"unknown section", func(in *PageInput) { in.Section = "news" }, "section"},
		{"empty title", func(in *PageInput) { in.Title = "  " }, "title"},
		{"title too long", func(in *PageInput) { in.Title = long(MaxHeadline + 1) }, "title"},
		{"body too large", func(in *PageInput) { in.Body = strings.Repeat("x", 512<<10+1) }, "body"},
		{"negative menu order", func(in *PageInput) { in.MenuSort = -1 }, "menu_sort"},
		{"menu order too large", func(in *PageInput) { in.MenuSort = MaxMenuSort + 1 }, "menu_sort"},
		{"address too long", func(in *PageInput) { in.Address = long(MaxAddress + 1) }, "address"},
		{"phone without digits", func(in *PageInput) { in.Phone = "โทร" }, "phone"},
		{"phone too long", func(in *PageInput) { in.Phone = strings.Repeat("1", MaxPhone+1) }, "phone"},
		{"phone with markup", func(in *PageInput) { in.Phone = `042<script>` }, "phone"},
		{"e-mail with a name", func(in *PageInput) { in.Email = "PR <pr@npu.ac.th>" }, "email"},
		{"e-mail without a domain", func(in *PageInput) { in.Email = "pr@npu" }, "email"},
		{"javascript map link", func(in *PageInput) { in.MapURL = "javascript:alert(1)" }, "map_url"},
		{"relative social link", func(in *PageInput) { in.Social.Line = "/line" }, "line_url"},
		{"person without a name", func(in *PageInput) { in.People = []Person{{Role: "อธิการบดี"}} }, "person_name_0"},
		{"person name too long", func(in *PageInput) { in.People = []Person{{Name: long(MaxPersonName + 1)}} }, "person_name_0"},
		{"person role too long", func(in *PageInput) { in.People = []Person{{Name: "ก", Role: long(MaxPersonRole + 1)}} }, "person_role_0"},
		{"second person's e-mail", func(in *PageInput) { in.People = []Person{{Name: "ก"}, {Name: "ข", Email: "x"}} }, "person_email_1"},
		{"too many people", func(in *PageInput) { in.People = make([]Person, MaxPeople+1) }, "people"},
		{"link without a title", func(in *PageInput) { in.Links = []PageLink{{URL: "https://reg.npu.ac.th/"}} }, "link_title_0"},
		{"link without a URL", func(in *PageInput) { in.Links = []PageLink{{Title: "ทะเบียน"}} }, "link_url_0"},
		{"link to a data: URL", func(in *PageInput) { in.Links = []PageLink{{Title: "x", URL: "data:text/html,x"}} }, "link_url_0"},
		{"link title too long", func(in *PageInput) { in.Links = []PageLink{{Title: long(MaxLinkTitle + 1), URL: "https://a.th/"}} }, "link_title_0"},
		{"too many links", func(in *PageInput) { in.Links = make([]PageLink, MaxPageLinks+1) }, "links"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := validPage(1, "about-us", "<p>x</p>")
			in.Start, in.End, in.Sort = time.Now(), PageEnd, 1
			tc.edit(&in)
			err := in.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("valid input refused: %v", err)
				}
				return
			}
			if !isField(err, tc.field) {
				t.Fatalf("want an error on %s, got %v", tc.field, err)
			}
		})
	}
}

func TestTelHref(t *testing.T) {
	for in, want := range map[string]string{
		"0 4250 3777":             "tel:042503777",
		"042-503-777 ต่อ 1234":    "tel:042503777",
		"+66 42 503 777":          "tel:+6642503777",
		"042 503777, 042 503778":  "tel:042503777",
		"1 2":                     "",
		"":                        "",
		"ext 12":                  "",
		"(042) 503-777 ext. 12":   "tel:042503777",
		"042/503777":              "tel:042",
		"โทร 0 4250 3777 (กลาง) ": "tel:042503777",
	} {
		if got := TelHref(in); got != want {
			t.Errorf("TelHref(%q) = %q, want %q", in, got, want)
		}
	}
}

// Pages are a content kind like the others: each save keeps a revision,
// an earlier one can be restored, and trash and takedown hide the page.
func TestPagesHaveRevisionsTrashAndTakedown(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	id, err := f.store.SavePage(ctx, Page{}, validPage(f.unitA, "about-us", "<p>ฉบับแรก</p>"), Author{Name: "กลาง"}, now)
	if err != nil {
		t.Fatal(err)
	}
	cur, _ := f.store.Page(ctx, id)
	in := validPage(f.unitA, "about-us", "<p>ฉบับปรับปรุง</p><script>alert(1)</script>")
	if _, err := f.store.SavePage(ctx, cur, in, Author{Name: "กลาง"}, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	pub, err := f.store.PublicPage(ctx, "about-us", Thai, now.Add(2*time.Minute))
	if err != nil || !strings.Contains(pub.Body, "ฉบับปรับปรุง") || strings.Contains(pub.Body, "script") {
		t.Fatalf("public page %q %v", pub.Body, err)
	}
	if !pub.UpdatedAt.Equal(now.Add(time.Minute).Truncate(time.Millisecond)) {
		t.Errorf("last updated %v, want the second save", pub.UpdatedAt)
	}
	revs, err := f.store.Revisions(ctx, PageKind, ref(id))
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions %d %v", len(revs), err)
	}
	if _, err := f.store.RestoreRevision(ctx, PageKind, id, revs[1].ID, MetaInput{By: Author{Name: "กลาง"}}, now.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if p, _ := f.store.PublicPage(ctx, "about-us", Thai, now.Add(4*time.Minute)); !strings.Contains(p.Body, "ฉบับแรก") {
		t.Fatalf("restored body %q", p.Body)
	}
	if _, err := f.store.PublicPage(ctx, "about-us", English, now); !errors.Is(err, ErrNotFound) {
		t.Errorf("the English page of a Thai-only slug: %v", err)
	}
	if err := f.store.TakeDown(ctx, PageKind, id, TakedownInput{Reason: "ร้องเรียน"}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.PublicPage(ctx, "about-us", Thai, now); !errors.Is(err, ErrGone) {
		t.Errorf("taken down: %v, want gone", err)
	}
	if down, _ := f.store.TakenDown(ctx, 10); len(down) != 1 || down[0].Kind != "page" {
		t.Errorf("takedown register %+v", down)
	}
	if err := f.store.Reinstate(ctx, PageKind, id, now); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Trash(ctx, PageKind, id, now); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.PublicPage(ctx, "about-us", Thai, now); !errors.Is(err, ErrNotFound) {
		t.Errorf("trashed: %v, want not found", err)
	}
	// The slug stays taken while the page is in the trash.
	if _, err := f.store.SavePage(ctx, Page{}, validPage(f.unitA, "about-us", ""), Author{}, now); !isField(err, "slug") {
		t.Errorf("a second page on a trashed page's slug: %v", err)
	}
	if n, err := f.store.PurgeTrash(ctx, now.AddDate(0, 0, TrashDays+1)); err != nil || n != 1 {
		t.Fatalf("purge %d %v", n, err)
	}
	if _, err := f.store.Page(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("purged page: %v", err)
	}
	// A draft is not public.
	d := validPage(f.unitA, "draft-page", "")
	d.Publish = false
	if _, err := f.store.SavePage(ctx, Page{}, d, Author{}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.PublicPage(ctx, "draft-page", Thai, now); !errors.Is(err, ErrNotFound) {
		t.Errorf("draft: %v", err)
	}
}

// The executives' photos are the page's files: only uploads of the saver
// are accepted, a takedown withdraws them, and a photo taken off the page
// is deleted once nothing uses it.
func TestPagePeoplePhotos(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	var uid int64
	err := f.db.W.QueryRow(`INSERT INTO users (citizen_id, name, unit_id, role, password_hash, created_at, updated_at)
		VALUES ('1234567890123', 'กลาง', ?, 'central', 'x', 0, 0) RETURNING id`, f.unitA).Scan(&uid)
	if err != nil {
		t.Fatal(err)
	}
	user := Author{UserID: uid, Name: "กลาง"}
	photo, err := f.store.StorePending(ctx, "person", user.UserID, jpegBytes(t, 300, 400), ".jpg", PendingFile{}, now)
	if err != nil {
		t.Fatal(err)
	}
	in := validPage(f.unitA, "executives", "")
	in.People = []Person{{Name: "ผู้บริหาร ก", Role: "อธิการบดี", Photo: "aa" + photo.Key[2:]}}
	if _, err := f.store.SavePage(ctx, Page{}, in, user, now); !isField(err, "person_photo_0") {
		t.Fatalf("a photo nobody uploaded: %v", err)
	}
	in.People[0].Photo = photo.Key
	id, err := f.store.SavePage(ctx, Page{}, in, user, now)
	if err != nil {
		t.Fatal(err)
	}
	var rows int
	if err := f.db.R.QueryRow(`SELECT count(*) FROM page_people WHERE page_id = ? AND photo_key = ?`, id, photo.Key).Scan(&rows); err != nil || rows != 1 {
		t.Fatalf("page_people rows %d %v", rows, err)
	}
	if err := f.store.TakeDown(ctx, PageKind, id, TakedownInput{Reason: "ภาพ"}, now); err != nil {
		t.Fatal(err)
	}
	if w, _ := f.store.Withdrawn(ctx, photo.Key); !w {
		t.Error("the photo of a taken-down page is served")
	}
	if err := f.store.Reinstate(ctx, PageKind, id, now); err != nil {
		t.Fatal(err)
	}
	if w, _ := f.store.Withdrawn(ctx, photo.Key); w {
		t.Error("the photo stays withdrawn after the takedown is lifted")
	}
	cur, _ := f.store.Page(ctx, id)
	in.People[0].Photo = ""
	if _, err := f.store.SavePage(ctx, cur, in, user, now); err != nil {
		t.Fatal(err)
	}
	if err := f.db.R.QueryRow(`SELECT count(*) FROM page_people WHERE photo_key <> ''`).Scan(&rows); err != nil || rows != 0 {
		t.Fatalf("page_people still has the photo: %d %v", rows, err)
	}
	if ok, _ := f.store.fileExists(ctx, photo.Key); ok {
		t.Error("the photo taken off the page is still stored")
	}
}

func TestMovePage(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	ids := map[string]int64{}
	for i, slug := range []string{"one", "two", "three"} {
		for _, lang := range []Lang{Thai, English} {
			in := validPage(f.unitA, slug, "")
			in.Lang, in.MenuSort = lang, (i+1)*10
			id, err := f.store.SavePage(ctx, Page{}, in, Author{}, now)
			if err != nil {
				t.Fatal(err)
			}
			ids[slug+string(lang)] = id
		}
	}
	order := func(lang Lang) string {
		ps, err := f.store.LivePages(ctx, lang, now.Add(time.Second), true)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, p := range ps {
			s = append(s, p.Slug)
		}
		return strings.Join(s, ",")
	}
	if err := f.store.MovePage(ctx, ids["threeth"], true); err != nil {
		t.Fatal(err)
	}
	for _, l := range []Lang{Thai, English} {
		if got := order(l); got != "one,three,two" {
			t.Errorf("%s menu after moving three up: %s", l, got)
		}
	}
	if err := f.store.MovePage(ctx, ids["oneen"], true); !errors.Is(err, ErrConflict) {
		t.Errorf("moving the first page up: %v", err)
	}
	if err := f.store.MovePage(ctx, ids["oneen"], false); err != nil {
		t.Fatal(err)
	}
	if got := order(Thai); got != "three,one,two" {
		t.Errorf("after moving one down: %s", got)
	}
}

// Every installation gets the default pages once, for the central PR
// unit; a page central PR deleted is not added again.
func TestDefaultPagesAreAddedOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	if _, err := f.db.W.Exec(`INSERT INTO units (code, name_th, created_at) VALUES ('pr', 'งานประชาสัมพันธ์', 0)`); err != nil {
		t.Fatal(err)
	}
	if err := f.store.EnsureDefaults(ctx, now); err != nil {
		t.Fatal(err)
	}
	contract := []string{"about", "structure", "executives", "contact", "website-policy", "privacy", "cookies", "security-policy", "accessibility", "e-service"}
	for _, slug := range contract {
		for _, lang := range []Lang{Thai, English} {
			p, err := f.store.PublicPage(ctx, slug, lang, now.Add(time.Second))
			if err != nil {
				t.Fatalf("%s/%s: %v", slug, lang, err)
			}
			if p.UnitName != "งานประชาสัมพันธ์" || p.Title == "" || p.Body == "" {
				t.Errorf("%s/%s: unit %q title %q", slug, lang, p.UnitName, p.Title)
			}
		}
	}
	if p, _ := f.store.PublicPage(ctx, "privacy", Thai, now.Add(time.Second)); !strings.Contains(p.Body, "90 วัน") {
		t.Error("the privacy notice lost its text")
	}
	if p, _ := f.store.PublicPage(ctx, "contact", English, now.Add(time.Second)); p.Email == "" || p.Address == "" || p.Phone == "" {
		t.Errorf("the contact page has no contact details: %+v", p)
	}
	if p, _ := f.store.PublicPage(ctx, "executives", Thai, now.Add(time.Second)); len(p.People) == 0 {
		t.Error("the executives page has nobody")
	}
	if p, _ := f.store.PublicPage(ctx, "e-service", Thai, now.Add(time.Second)); len(p.Links) == 0 {
		t.Error("the e-Service page has no links")
	}
	if p, _ := f.store.PublicPage(ctx, "accessibility", English, now.Add(time.Second)); !strings.Contains(p.Body, "WCAG 2.1") || !strings.Contains(p.Body, "keyboard") {
		t.Error("the accessibility statement does not say what is tested")
	}
	count := func() int {
		var n int
		f.db.R.QueryRow(`SELECT count(*) FROM pages`).Scan(&n)
		return n
	}
	if n := count(); n != 2*len(contract) {
		t.Fatalf("%d pages, want %d", n, 2*len(contract))
	}
	about, _ := f.store.PageBySlug(ctx, "about", English)
	if err := f.store.Trash(ctx, PageKind, about.ID, now); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.PurgeTrash(ctx, now.AddDate(0, 0, TrashDays+1)); err != nil {
		t.Fatal(err)
	}
	if err := f.store.EnsureDefaults(ctx, now); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 2*len(contract)-1 {
		t.Errorf("%d pages after a second start, want %d: a deleted default came back or one was added twice", n, 2*len(contract)-1)
	}
}

// Migration 0016 moves the footer pages kept in settings into pages, with
// their revisions, and the start adds the other defaults beside them.
func TestMigrationMovesFooterPages(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.db")
	ms, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	c, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	upTo := 0
	for i, m := range ms {
		if m.Version == 15 {
			upTo = i + 1
		}
	}
	for _, m := range ms[:upTo] { // the database of the version before
		if _, err := c.Exec(m.SQL); err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		if _, err := c.Exec("PRAGMA user_version = " + itoa(m.Version)); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC).UnixMilli()
	for _, q := range []string{
		`INSERT INTO units (code, name_th, created_at) VALUES ('science', 'คณะวิทยาศาสตร์', 0), ('pr', 'งานประชาสัมพันธ์', 0)`,
		`INSERT INTO settings (key, value) VALUES ('page.privacy.th', '{"Title":"ประกาศความเป็นส่วนตัว ฉบับแก้ไข","Body":"<p>ข้อความที่แก้แล้ว</p>","Updated":` + itoa64(old) + `}')`,
		`INSERT INTO settings (key, value) VALUES ('page.other', 'kept')`,
		`INSERT INTO revisions (kind, ref, data, user_name, created_at) VALUES ('page', 'page.privacy.th',
			'{"fields":{"value":"{\"Title\":\"ฉบับเก่า\",\"Body\":\"<p>เก่า</p>\",\"Updated\":1}"}}', 'กลาง', 1)`,
	} {
		if _, err := c.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	c.Close()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	files, err := media.NewLocalStorage(filepath.Join(dir, "media"), filepath.Join(dir, "staging"))
	if err != nil {
		t.Fatal(err)
	}
	s := NewStore(d, files, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()
	now := time.Now()
	if err := s.EnsureDefaults(ctx, now); err != nil {
		t.Fatal(err)
	}
	p, err := s.PublicPage(ctx, "privacy", Thai, now)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "ประกาศความเป็นส่วนตัว ฉบับแก้ไข" || p.Body != "<p>ข้อความที่แก้แล้ว</p>" || p.UpdatedAt.UnixMilli() != old || p.Section != SectionPrivacy || p.UnitName != "งานประชาสัมพันธ์" {
		t.Errorf("moved page %+v", p)
	}
	var text string
	d.R.QueryRow(`SELECT body_text FROM pages WHERE id = ?`, p.ID).Scan(&text)
	if text != "ข้อความที่แก้แล้ว" {
		t.Errorf("body_text %q", text)
	}
	var left int
	d.R.QueryRow(`SELECT count(*) FROM settings WHERE key LIKE 'page.%.%'`).Scan(&left)
	if left != 0 {
		t.Errorf("%d footer-page settings rows left", left)
	}
	var kept string
	d.R.QueryRow(`SELECT value FROM settings WHERE key = 'page.other'`).Scan(&kept)
	if kept != "kept" {
		t.Error("an unrelated settings row went")
	}
	revs, err := s.Revisions(ctx, PageKind, ref(p.ID))
	if err != nil || len(revs) != 1 {
		t.Fatalf("moved revisions %d %v", len(revs), err)
	}
	rv, err := s.Revision(ctx, PageKind, ref(p.ID), revs[0].ID)
	if err != nil || rv.Data.Fields["title"] != "ฉบับเก่า" || rv.Data.Fields["body"] != "<p>เก่า</p>" {
		t.Errorf("moved revision %+v %v", rv.Data, err)
	}
	// The other defaults are added; the moved privacy page is not doubled.
	var n int
	d.R.QueryRow(`SELECT count(*) FROM pages WHERE slug = 'privacy' AND lang = 'th'`).Scan(&n)
	if n != 1 {
		t.Errorf("%d Thai privacy pages", n)
	}
	if _, err := s.PublicPage(ctx, "privacy", English, now.Add(time.Second)); err != nil {
		t.Errorf("the English privacy page was not added: %v", err)
	}
}

func itoa(n int) string     { return strconv.Itoa(n) }
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
