package content

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"newsroom"
	"newsroom/kind"
	"newsroom/richtext"
)

// Institutional pages (issue 13): about, structure, executives, contact,
// the website policies, privacy and cookies (PDPA), the accessibility
// statement and the e-Service links, in Thai and English. One row per
// language; the slug is the permalink (/pages/{slug}, /en/pages/{slug}),
// shared by both languages. Central PR orders the institutional menu (the
// footer). A page has no display window: it is live from its creation
// until it is trashed or taken down; its last update is shown.

// PageKind is the institutional pages. A page's public ref is its slug; an
// id in its place (/pages/12, what generic code such as search links to)
// answers with a redirect to the slug.
var PageKind = kind.Register(&kind.Kind{
	Name: "page", Table: "pages", Section: "pages", Public: "/pages/{ref}", Edit: "/admin/pages/{ref}/edit",
	Label: "kind.ipage", Use: "use.ipage", Title: "title", Action: "page",
	// Not in site search yet: the search index's schema accepts news,
	// videos and notices only (search_docs.kind), and widening it is one
	// migration shared with the other searchable kinds of issue 13.
	Features: statusFeatures | kind.Sitemap,
	Files:    []kind.Files{{Table: "page_people", Column: "photo_key", Item: "page_id"}},
	Bodies:   []string{"body"},
})

func init() {
	// Deleting a page deletes its people rows (ON DELETE CASCADE) and then
	// the files nothing else uses.
	purgers[PageKind] = func(s *Store, ctx context.Context, id int64) error {
		keys, err := itemFiles(ctx, s.db.R, PageKind, id)
		if err != nil {
			return err
		}
		return s.deleteRow(ctx, "pages", id, keys...)
	}
}

// Page sections: what a page is about, which decides its structured parts.
const (
	SectionAbout         = "about"
	SectionStructure     = "structure"
	SectionExecutives    = "executives"    // people with photo and direct contact
	SectionContact       = "contact"       // address, phone, e-mail, map, social links
	SectionPolicy        = "policy"        // website policy: terms, copyright, linking, disclaimer
	SectionPrivacy       = "privacy"       // PDPA privacy notice
	SectionCookies       = "cookies"       // cookie policy
	SectionSecurity      = "security"      // website security policy
	SectionAccessibility = "accessibility" // accessibility statement
	SectionEService      = "eservice"      // e-Service links
	SectionOther         = "other"
)

// PageSections lists the sections in the order the admin offers them.
var PageSections = []string{SectionAbout, SectionStructure, SectionExecutives, SectionContact, SectionPolicy,
	SectionPrivacy, SectionCookies, SectionSecurity, SectionAccessibility, SectionEService, SectionOther}

// Bounds of a page's fields (Unicode code points unless said otherwise).
const (
	MaxPageSlug    = 60
	MaxMenuSort    = 9999
	MaxAddress     = 500
	MaxPhone       = 100
	MaxEmail       = 254
	MaxPeople      = 40
	MaxPersonName  = 200
	MaxPersonRole  = 300
	MaxPageLinks   = 60
	MaxLinkTitle   = 200
	maxLinkURLSize = 2000
)

// PageEnd is the end of every page's display window: pages do not expire.
var PageEnd = time.Date(9999, 12, 31, 23, 59, 59, int(999*time.Millisecond), newsroom.Bangkok)

// Person is one executive on a page: name, position, photo (a media key)
// and direct contact.
type Person struct {
	Name  string `json:"name"`
	Role  string `json:"role"`
	Photo string `json:"photo,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// PageLink is one link of a page's list (the e-Service links).
type PageLink struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Social is a page's social-media links, each an http(s) URL or "".
type Social struct {
	Facebook, Line, YouTube, X, TikTok string
}

// Page is one institutional page in one language.
type Page struct {
	Meta
	Slug     string
	Section  string
	Title    string
	Body     string // sanitised HTML
	MenuSort int
	InMenu   bool
	// Contact details (the contact page; any page may have them).
	Address string
	Phone   string
	Email   string
	MapURL  string
	Social  Social
	People  []Person
	Links   []PageLink
}

// HasContact reports whether the page has any contact detail to show.
func (p Page) HasContact() bool {
	return p.Address != "" || p.Phone != "" || p.Email != "" || p.MapURL != "" || p.Social != Social{}
}

// SocialLinks lists the page's social links that are set, in a fixed
// order, with their network's name.
func (p Page) SocialLinks() []PageLink {
	var out []PageLink
	for _, l := range []PageLink{{"Facebook", p.Social.Facebook}, {"LINE", p.Social.Line}, {"YouTube", p.Social.YouTube},
		{"X", p.Social.X}, {"TikTok", p.Social.TikTok}} {
		if l.URL != "" {
			out = append(out, l)
		}
	}
	return out
}

// PhoneHref is the tel: link of the page's phone ("" for none), safe for a
// template's href (made of digits and a leading + only).
func (p Page) PhoneHref() template.URL { return template.URL(TelHref(p.Phone)) }

// PhoneHref is the tel: link of the person's phone ("" for none).
func (p Person) PhoneHref() template.URL { return template.URL(TelHref(p.Phone)) }

// TelHref is the tel: URI of a phone number as people write it ("0 4250
// 3777 ต่อ 1234", "+66 42 503 777"): its first number's digits, a leading +
// kept; "" when there is none.
func TelHref(phone string) string {
	var b strings.Builder
	for i, r := range phone {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && b.Len() == 0:
			b.WriteRune(r)
		case r == ',' || r == ';' || r == '/' || strings.HasPrefix(phone[i:], "ต่อ") || strings.HasPrefix(strings.ToLower(phone[i:]), "ext"):
			if b.Len() > 0 {
				return "tel:" + b.String()
			}
		}
	}
	if n := strings.TrimPrefix(b.String(), "+"); len(n) < 3 {
		return ""
	}
	return "tel:" + b.String()
}

// PageInput is what the page form submits.
type PageInput struct {
	MetaInput
	Slug     string
	Section  string
	Title    string
	Body     string
	MenuSort int
	InMenu   bool
	Address  string
	Phone    string
	Email    string
	MapURL   string
	Social   Social
	People   []Person
	Links    []PageLink
}

// slugRE is a page slug: lower-case letters, digits and single hyphens,
// with at least one letter (so an id, all digits, is never a slug).
var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// ValidPageSlug reports whether s can be a page's slug.
func ValidPageSlug(s string) bool {
	return len(s) <= MaxPageSlug && slugRE.MatchString(s) && strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz")
}

// cleanEmail checks an e-mail address typed alone (no display name).
func cleanEmail(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || utf8.RuneCountInString(s) > MaxEmail || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
		return s, false
	}
	return s, true
}

// cleanPhone checks a phone number as people write it: bounded, at least
// one digit, no markup.
func cleanPhone(s string) (string, bool) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "", true
	}
	return s, utf8.RuneCountInString(s) <= MaxPhone && strings.ContainsAny(s, "0123456789") && !strings.ContainsAny(s, "<>\"")
}

// oneLine collapses white space; it reports whether the result fits max.
func oneLine(s string, max int) (string, bool) {
	s = strings.Join(strings.Fields(s), " ")
	return s, utf8.RuneCountInString(s) <= max
}

// Validate checks the form, normalising what it keeps. Field names of the
// people and links are person_<field>_<i> and link_<field>_<i>, i their
// index in the input.
func (in *PageInput) Validate() error {
	fe := newsroom.FieldErrors{}
	in.MetaInput.validate(fe)
	in.Slug = strings.ToLower(strings.TrimSpace(in.Slug))
	if !ValidPageSlug(in.Slug) {
		fe.Add("slug", "err.page_slug")
	}
	if !slices.Contains(PageSections, in.Section) {
		fe.Add("section", "err.choose")
	}
	in.Title = validHeadline(fe, "title", in.Title)
	if len(in.Body) > richtext.MaxInput {
		fe.Add("body", "err.body_long")
	} else {
		in.Body = richtext.Sanitize(in.Body)
	}
	if in.MenuSort < 0 || in.MenuSort > MaxMenuSort {
		fe.Add("menu_sort", "err.menu_sort")
	}
	var ok bool
	if in.Address, ok = multiLine(in.Address, MaxAddress); !ok {
		fe.Add("address", "err.too_long")
	}
	if in.Phone, ok = cleanPhone(in.Phone); !ok {
		fe.Add("phone", "err.phone")
	}
	if in.Email, ok = cleanEmail(in.Email); !ok {
		fe.Add("email", "err.email")
	}
	for field, u := range map[string]*string{"map_url": &in.MapURL, "facebook_url": &in.Social.Facebook, "line_url": &in.Social.Line,
		"youtube_url": &in.Social.YouTube, "x_url": &in.Social.X, "tiktok_url": &in.Social.TikTok} {
		var key string
		if *u, key = CleanLink(*u, false); key != "" {
			fe.Add(field, key)
		}
	}
	if len(in.People) > MaxPeople {
		fe.Add("people", "err.too_many")
		in.People = in.People[:MaxPeople]
	}
	for i := range in.People {
		p := &in.People[i]
		f := func(name string) string { return fmt.Sprintf("person_%s_%d", name, i) }
		p.Name, ok = oneLine(p.Name, MaxPersonName)
		switch {
		case p.Name == "":
			fe.Add(f("name"), "err.required")
		case !ok:
			fe.Add(f("name"), "err.too_long")
		}
		if p.Role, ok = oneLine(p.Role, MaxPersonRole); !ok {
			fe.Add(f("role"), "err.too_long")
		}
		if p.Phone, ok = cleanPhone(p.Phone); !ok {
			fe.Add(f("phone"), "err.phone")
		}
		if p.Email, ok = cleanEmail(p.Email); !ok {
			fe.Add(f("email"), "err.email")
		}
		p.Photo = strings.TrimSpace(p.Photo)
	}
	if len(in.Links) > MaxPageLinks {
		fe.Add("links", "err.too_many")
		in.Links = in.Links[:MaxPageLinks]
	}
	for i := range in.Links {
		l := &in.Links[i]
		f := func(name string) string { return fmt.Sprintf("link_%s_%d", name, i) }
		l.Title, ok = oneLine(l.Title, MaxLinkTitle)
		switch {
		case l.Title == "":
			fe.Add(f("title"), "err.required")
		case !ok:
			fe.Add(f("title"), "err.too_long")
		}
		var key string
		if l.URL, key = CleanLink(l.URL, true); key != "" {
			fe.Add(f("url"), key)
		}
	}
	return fe.Err()
}

// multiLine trims each line and drops blank ones; it reports whether the
// result fits max.
func multiLine(s string, max int) (string, bool) {
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	s = strings.Join(lines, "\n")
	return s, utf8.RuneCountInString(s) <= max
}

const pageCols = metaCols + `, x.slug, x.section, x.title, x.body, x.menu_sort, x.in_menu, x.address, x.phone, x.email, x.map_url,
	x.facebook_url, x.line_url, x.youtube_url, x.x_url, x.tiktok_url, x.people, x.links`

const pageFrom = ` FROM pages x JOIN units u ON u.id = x.unit_id`

func scanPage(r interface{ Scan(...any) error }) (Page, error) {
	var p Page
	var people, links string
	err := scanWith(r, &p.Meta, &p.Slug, &p.Section, &p.Title, &p.Body, bounded{&p.MenuSort, 0, MaxMenuSort}, &p.InMenu,
		&p.Address, &p.Phone, &p.Email, &p.MapURL, &p.Social.Facebook, &p.Social.Line, &p.Social.YouTube, &p.Social.X, &p.Social.TikTok,
		&people, &links)
	if err != nil {
		return p, err
	}
	// The columns are checked JSON; a hand edit that is not an array of
	// objects shows nothing rather than failing the page.
	if json.Unmarshal([]byte(people), &p.People) != nil {
		p.People = nil
	}
	if json.Unmarshal([]byte(links), &p.Links) != nil {
		p.Links = nil
	}
	return p, nil
}

// Page returns one page in any status.
func (s *Store) Page(ctx context.Context, id int64) (Page, error) {
	p, err := scanPage(s.db.R.QueryRowContext(ctx, `SELECT `+pageCols+pageFrom+` WHERE x.id = ?`, id))
	if err != nil {
		return Page{}, notFound(fmt.Sprintf("page %d", id), err)
	}
	return p, nil
}

// PageBySlug returns the page of slug in lang, in any status.
func (s *Store) PageBySlug(ctx context.Context, slug string, lang Lang) (Page, error) {
	if !ValidPageSlug(slug) || !lang.Valid() {
		return Page{}, fmt.Errorf("content: page %q/%s: %w", slug, lang, ErrNotFound)
	}
	p, err := scanPage(s.db.R.QueryRowContext(ctx, `SELECT `+pageCols+pageFrom+` WHERE x.slug = ? AND x.lang = ?`, slug, string(lang)))
	if err != nil {
		return Page{}, notFound(fmt.Sprintf("page %s/%s", slug, lang), err)
	}
	return p, nil
}

// PublicPage returns the page of slug in lang if a visitor may open it at
// now: a taken-down page is ErrGone; a draft, trashed or missing one
// ErrNotFound. A photo whose file is gone (an old revision restored) is
// left out.
func (s *Store) PublicPage(ctx context.Context, slug string, lang Lang, now time.Time) (Page, error) {
	p, err := visibleAt[Page](now)(s.PageBySlug(ctx, slug, lang))
	if err != nil {
		return p, err
	}
	for i := range p.People {
		if k := p.People[i].Photo; k != "" {
			if ok, _ := s.fileExists(ctx, k); !ok {
				p.People[i].Photo = ""
			}
		}
	}
	return p, nil
}

// PageFilter selects pages for the admin list.
type PageFilter struct {
	ListFilter
	Q string
}

// ListPages returns a page of the admin list, in menu order.
func (s *Store) ListPages(ctx context.Context, f PageFilter) ([]Page, int, error) {
	conds, args := f.where()
	if strings.TrimSpace(f.Q) != "" {
		conds = append(conds, `(x.title LIKE ? ESCAPE '\' OR x.slug LIKE ? ESCAPE '\' OR x.body_text LIKE ? ESCAPE '\')`)
		args = append(args, likeArg(f.Q), likeArg(f.Q), likeArg(f.Q))
	}
	return queryList(ctx, s, "pages", pageCols, pageFrom, conds, args, "x.menu_sort, x.slug, x.lang", f.limit(), f.Offset, scanPage)
}

// MaxLivePages bounds the pages listed at once on the public site (the
// footer, the site map, /pages).
const MaxLivePages = 200

// LivePages lists the pages a visitor sees in lang at now, in menu order;
// menuOnly keeps those central PR put in the institutional menu.
func (s *Store) LivePages(ctx context.Context, lang Lang, now time.Time, menuOnly bool) ([]Page, error) {
	cond, args := liveWhere(lang, now)
	conds := []string{cond}
	if menuOnly {
		conds = append(conds, "x.in_menu = 1")
	}
	list, _, err := queryList(ctx, s, "live pages", pageCols, pageFrom, conds, args, "x.menu_sort, x.slug", MaxLivePages, 0, scanPage)
	return list, err
}

// PageSlugs maps the ids of the public pages to their slugs: the sitemap
// lists pages at their permalinks.
func (s *Store) PageSlugs(ctx context.Context) (map[int64]string, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, slug FROM pages WHERE status = 'published' LIMIT ?`, 10*MaxLivePages)
	if err != nil {
		return nil, fmt.Errorf("content: page slugs: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var slug string
		if err := rows.Scan(&id, &slug); err != nil {
			return nil, err
		}
		out[id] = slug
	}
	return out, rows.Err()
}

// SavePage creates (current.ID == 0) or updates a page. The slug must be
// free in the page's language; a photo must be one the page already shows
// or one this user uploaded (a pending "person" file). Photos no longer
// shown are deleted when nothing else uses them.
func (s *Store) SavePage(ctx context.Context, current Page, in PageInput, by Author, now time.Time) (int64, error) {
	in.Sort, in.End = 1, PageEnd
	switch {
	case current.ID != 0:
		in.Start = current.Window.Start
	case in.Start.IsZero():
		in.Start = now
	}
	in.StartErr, in.EndErr = "", ""
	err := s.validate(ctx, "pages", current.ID, in.UnitID, func() error {
		err := in.Validate()
		var fe newsroom.FieldErrors
		if err != nil && !errors.As(err, &fe) {
			return err
		}
		if fe == nil || fe["slug"] == "" {
			var taken int
			if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM pages WHERE slug = ? AND lang = ? AND id <> ?`,
				in.Slug, string(in.Lang), current.ID).Scan(&taken); err != nil {
				return err
			}
			if taken > 0 {
				if fe == nil {
					fe = newsroom.FieldErrors{}
				}
				fe.Add("slug", "err.page_slug_taken")
			}
		}
		return fe.Err()
	})
	if err != nil {
		return 0, err
	}
	people, _ := json.Marshal(nonNil(in.People))
	links, _ := json.Marshal(nonNil(in.Links))
	cols := []string{"slug", "section", "title", "body", "body_text", "menu_sort", "in_menu", "address", "phone", "email", "map_url",
		"facebook_url", "line_url", "youtube_url", "x_url", "tiktok_url", "people", "links"}
	vals := []any{in.Slug, in.Section, in.Title, in.Body, bodyText(in.Body), in.MenuSort, in.InMenu, in.Address, in.Phone, in.Email, in.MapURL,
		in.Social.Facebook, in.Social.Line, in.Social.YouTube, in.Social.X, in.Social.TikTok, string(people), string(links)}
	shown := map[string]bool{}
	for _, p := range current.People {
		shown[p.Photo] = true
	}
	if in.By == (Author{}) {
		in.By = by
	}
	id, err := s.saveItem(ctx, PageKind, current.ID, in.MetaInput, now, func(tx *sql.Tx) (int64, error) {
		var uploaded []string
		for i, p := range in.People {
			if p.Photo == "" || shown[p.Photo] {
				continue
			}
			if _, ok, err := pending(ctx, tx, "person", by.UserID, p.Photo); err != nil {
				return 0, err
			} else if !ok {
				return 0, newsroom.FieldErrors{fmt.Sprintf("person_photo_%d", i): "err.person_photo"}
			}
			uploaded = append(uploaded, p.Photo)
		}
		id := current.ID
		var err error
		if id == 0 {
			id, err = insertRow(ctx, tx, "pages", cols, vals, in.MetaInput, by, now)
		} else {
			err = updateRow(ctx, tx, "pages", id, cols, vals, in.MetaInput, now)
		}
		if err != nil {
			return 0, err
		}
		if err := s.indexRow(ctx, tx, "pages", id); err != nil {
			return 0, err
		}
		for _, k := range uploaded {
			if _, err := tx.ExecContext(ctx, `DELETE FROM pending_files WHERE file_key = ? AND kind = 'person'`, k); err != nil {
				return 0, err
			}
		}
		return id, nil
	})
	if err != nil {
		return 0, fmt.Errorf("content: save page: %w", err)
	}
	kept := map[string]bool{}
	for _, p := range in.People {
		kept[p.Photo] = true
	}
	var gone []string
	for k := range shown {
		if k != "" && !kept[k] {
			gone = append(gone, k)
		}
	}
	s.deleteUnreferenced(ctx, gone) // still the live photos while a change waits for review
	return id, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// MovePage moves a page (both its languages) one place up or down the
// institutional menu and numbers the menu 10, 20, 30… Trashed pages keep
// their place number but take no place.
func (s *Store) MovePage(ctx context.Context, id int64, up bool) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var slug string
		err := tx.QueryRowContext(ctx, `SELECT slug FROM pages WHERE id = ? AND status <> 'trashed'`, id).Scan(&slug)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT slug FROM pages WHERE status <> 'trashed' GROUP BY slug ORDER BY min(menu_sort), slug`)
		if err != nil {
			return err
		}
		var order []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return err
			}
			order = append(order, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		i := slices.Index(order, slug)
		j := i + 1
		if up {
			j = i - 1
		}
		if i < 0 || j < 0 || j >= len(order) {
			return ErrConflict // already first or last
		}
		order[i], order[j] = order[j], order[i]
		for n, sl := range order {
			if _, err := tx.ExecContext(ctx, `UPDATE pages SET menu_sort = ? WHERE slug = ? AND status <> 'trashed'`, min((n+1)*10, MaxMenuSort), sl); err != nil {
				return err
			}
		}
		return nil
	})
}

// Default pages: every installation has them, added once each at start
// (EnsureDefaults) for the central PR unit and never again, so a page
// central PR deleted stays deleted. The slugs are a contract: the ITA hub
// and other pages link /pages/{slug}.
var _ = addDefaults("pages", ensureDefaultPages)

// defaultPageMark is the settings key remembering a default page was added.
func defaultPageMark(slug string, lang Lang) string {
	return "pages.default." + slug + "." + string(lang)
}

func ensureDefaultPages(ctx context.Context, s *Store, now time.Time) error {
	// Pages moved from the old footer pages by migration 0016 need their
	// plain text (search) once.
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, body FROM pages WHERE body_text = '' AND body <> ''`)
	if err != nil {
		return err
	}
	fix := map[int64]string{}
	for rows.Next() {
		var id int64
		var body string
		if err := rows.Scan(&id, &body); err != nil {
			rows.Close()
			return err
		}
		fix[id] = bodyText(body)
	}
	rows.Close()
	for id, text := range fix {
		if _, err := s.db.W.ExecContext(ctx, `UPDATE pages SET body_text = ? WHERE id = ?`, text, id); err != nil {
			return err
		}
	}

	marks := map[string]bool{}
	mrows, err := s.db.R.QueryContext(ctx, `SELECT key FROM settings WHERE key LIKE 'pages.default.%'`)
	if err != nil {
		return err
	}
	for mrows.Next() {
		var k string
		if err := mrows.Scan(&k); err != nil {
			mrows.Close()
			return err
		}
		marks[k] = true
	}
	mrows.Close()
	var unit int64
	err = s.db.R.QueryRowContext(ctx, `SELECT coalesce((SELECT id FROM units WHERE code = 'pr' AND retired_at IS NULL),
		(SELECT min(id) FROM units WHERE retired_at IS NULL), 0)`).Scan(&unit)
	if err != nil || unit == 0 {
		return err // no unit yet: the first run adds them, then this runs again
	}
	for i, d := range DefaultPages {
		for li, lang := range []Lang{Thai, English} {
			mark := defaultPageMark(d.Slug, lang)
			if marks[mark] {
				continue
			}
			var exists int
			if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM pages WHERE slug = ? AND lang = ?`, d.Slug, string(lang)).Scan(&exists); err != nil {
				return err
			}
			if exists == 0 {
				t := d.Text[li]
				// Live since the epoch, as the pages moved from settings:
				// a default page is never "scheduled", whatever the clock.
				in := PageInput{MetaInput: MetaInput{Lang: lang, UnitID: unit, Publish: true, Start: time.UnixMilli(0)},
					Slug: d.Slug, Section: d.Section, Title: t.Title, Body: t.Body, MenuSort: (i + 1) * 10, InMenu: true,
					Address: t.Address, Phone: d.Phone, Email: d.Email, MapURL: d.MapURL, Social: d.Social, People: t.People, Links: t.Links}
				if _, err := s.SavePage(ctx, Page{}, in, Author{Name: DefaultAuthor}, now); err != nil {
					return fmt.Errorf("page %s/%s: %w", d.Slug, lang, err)
				}
			}
			if _, err := s.db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT(key) DO NOTHING`, mark); err != nil {
				return err
			}
		}
	}
	return nil
}

// SiteUnit is an active unit with a faculty page (/units/{slug}).
type SiteUnit struct {
	Slug   string
	NameTH string
	NameEN string
	Kind   string // faculty, college, institute, office
}

// Name is the unit's name in lang.
func (u SiteUnit) Name(lang string) string {
	if lang == "en" && u.NameEN != "" {
		return u.NameEN
	}
	return u.NameTH
}

// maxSiteUnits bounds the units listed on the site map.
const maxSiteUnits = 500

// SiteUnits lists the active units that have a slug, in the unit list's
// order: the site map links their faculty pages.
func (s *Store) SiteUnits(ctx context.Context) ([]SiteUnit, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT slug, name_th, name_en, kind FROM units
		WHERE retired_at IS NULL AND slug <> '' ORDER BY sort, id LIMIT ?`, maxSiteUnits)
	if err != nil {
		return nil, fmt.Errorf("content: site units: %w", err)
	}
	defer rows.Close()
	var out []SiteUnit
	for rows.Next() {
		var u SiteUnit
		if err := rows.Scan(&u.Slug, &u.NameTH, &u.NameEN, &u.Kind); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
