package admin

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/media"
	"newsroom/roles"
	"newsroom/web"
)

// Institutional pages (issue 13): central PR edits them, orders the
// institutional menu (the footer) and has their trash, takedown, revisions
// and preview links like every kind.
var _ = addSection(content.PageKind, func(h *Handler, in *gin.RouterGroup) {
	pages := in.Group("/pages", h.web.Require(roles.Pages, roles.Edit))
	r := h.pageResource()
	r.routes(h, pages, editor[content.Page]{h.listPages, h.showNewPage, h.createPage, edit(h.renderPageForm), h.savePage})
	pages.POST("/:id/move", r.with(h, roles.Edit, h.movePage))
})

func init() {
	// The executives' photos upload before the form is saved, like a
	// video poster: fitted and stripped of metadata by the photo pipeline.
	fileKinds["person"] = struct {
		kind     roles.Kind
		process  func(io.Reader) (data []byte, ext string, f content.PendingFile, err error)
		limit    int64
		tooLarge func(size int64) error
	}{roles.Pages, func(r io.Reader) ([]byte, string, content.PendingFile, error) {
		ph, err := media.ProcessPhoto(r, media.DefaultPhotoLimits)
		return ph.Full, ".jpg", content.PendingFile{Width: ph.Width, Height: ph.Height}, err
	}, media.DefaultPhotoLimits.MaxBytes, photoTooLarge}
	// A page's revisions compare its own fields too.
	diffFields = append(diffFields, "slug", "section", "menu_sort", "in_menu", "address", "phone", "email", "map_url",
		"facebook_url", "line_url", "youtube_url", "x_url", "tiktok_url", "people", "links")
}

func (h *Handler) pageResource() resource[content.Page] {
	return resource[content.Page]{kind: content.PageKind, load: h.content.Page,
		meta:   func(p content.Page) content.Meta { return p.Meta },
		target: func(content.Page) roles.Target { return roles.Target{Kind: roles.Pages} },
		label:  func(p content.Page) (int64, string) { return p.ID, p.Title }}
}

type pageListData struct {
	Items []content.Page
	Query listQuery
	Pager web.Pager
	Now   time.Time
	All   bool
	Units []roles.Unit
}

// pagesPerList is larger than other lists: the menu is ordered on it.
const pagesPerList = 100

func (h *Handler) listPages(c *gin.Context) {
	lq := h.listQuery(c, roles.Pages, "section")
	lq.Filter.Limit, lq.Filter.Offset = pagesPerList, (lq.Page-1)*pagesPerList
	items, total, err := h.content.ListPages(c.Request.Context(), content.PageFilter{ListFilter: lq.Filter, Q: c.Query("q")})
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	h.renderPage(c, http.StatusOK, "admin/pages", "pages", "ipages.title", nil, pageListData{Items: items, Query: lq,
		Pager: web.NewPager("/admin/pages", lq.Query, lq.Page, pagesPerList, total), Now: h.now()})
}

// pageFormData is the page editor's data. People and Links are the rows the
// form shows: the page's (or, after a refused save, what was sent) and a
// few empty ones to add more.
type pageFormData struct {
	formPage
	Page     content.Page
	Sections []string
	People   []personRow
	Links    []linkRow
}

type personRow struct {
	I int
	content.Person
}

type linkRow struct {
	I int
	content.PageLink
}

// Empty rows the form offers after the filled ones.
const (
	newPersonRows = 3
	newLinkRows   = 3
)

func (h *Handler) showNewPage(c *gin.Context) {
	m := h.defaultMeta(c, 0)
	m.Window.End = content.PageEnd
	h.renderPageForm(c, http.StatusOK, content.Page{Meta: m, Section: content.SectionOther, InMenu: true}, "", nil)
}

func (h *Handler) renderPageForm(c *gin.Context, status int, p content.Page, formToken string, errs newsroom.FieldErrors) {
	fp, err := h.formPage(c, roles.Pages, p.Meta, formToken)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d := pageFormData{formPage: fp, Page: p, Sections: content.PageSections}
	for i, x := range p.People {
		d.People = append(d.People, personRow{i, x})
	}
	for i := len(p.People); i < min(len(p.People)+newPersonRows, content.MaxPeople); i++ {
		d.People = append(d.People, personRow{I: i})
	}
	for i, x := range p.Links {
		d.Links = append(d.Links, linkRow{i, x})
	}
	for i := len(p.Links); i < min(len(p.Links)+newLinkRows, content.MaxPageLinks); i++ {
		d.Links = append(d.Links, linkRow{I: i})
	}
	h.renderPage(c, status, "admin/page_form", "pages", formTitle("ipages", p.ID), errs, d)
}

func (h *Handler) createPage(c *gin.Context) { h.savePage(c, content.Page{}) }

// maxFormRows bounds the people and link rows read from a form: a few more
// than the limits, so going over them is a message, not silently cut.
const maxFormRows = content.MaxPeople + content.MaxPageLinks

// readPeople reads the person rows of the form in their order numbers
// (then their place); a row left empty is no person.
func readPeople(c *gin.Context) []content.Person {
	type row struct {
		order int64
		i     int
		p     content.Person
	}
	var rows []row
	for i := 0; i < maxFormRows; i++ {
		f := func(name string) string { return c.PostForm(fmt.Sprintf("person_%s_%d", name, i)) }
		p := content.Person{Name: f("name"), Role: f("role"), Photo: f("photo"), Phone: f("phone"), Email: f("email")}
		if p == (content.Person{}) {
			continue
		}
		order, err := strconv.ParseInt(f("order"), 10, 64)
		if err != nil || order < 0 || order > content.MaxMenuSort {
			order = int64(i + 1)
		}
		rows = append(rows, row{order, i, p})
	}
	slices.SortStableFunc(rows, func(a, b row) int {
		if a.order != b.order {
			return int(a.order - b.order)
		}
		return a.i - b.i
	})
	out := make([]content.Person, len(rows))
	for i, r := range rows {
		out[i] = r.p
	}
	return out
}

// readLinks reads the link rows of the form; a row left empty is no link.
func readLinks(c *gin.Context) []content.PageLink {
	var out []content.PageLink
	for i := 0; i < maxFormRows; i++ {
		l := content.PageLink{Title: c.PostForm(fmt.Sprintf("link_title_%d", i)), URL: c.PostForm(fmt.Sprintf("link_url_%d", i))}
		if l != (content.PageLink{}) {
			out = append(out, l)
		}
	}
	return out
}

func (h *Handler) savePage(c *gin.Context, old content.Page) {
	u := web.UserOf(c)
	in := content.PageInput{MetaInput: h.metaInput(c, roles.Pages, old.UnitID), Slug: c.PostForm("slug"), Section: c.PostForm("section"),
		Title: c.PostForm("title"), Body: c.PostForm("body"), MenuSort: int(max(min(formInt(c, "menu_sort", 0), content.MaxMenuSort+1), notANumber)),
		InMenu: c.PostForm("in_menu") != "", Address: c.PostForm("address"), Phone: c.PostForm("phone"), Email: c.PostForm("email"),
		MapURL: c.PostForm("map_url"), Social: content.Social{Facebook: c.PostForm("facebook_url"), Line: c.PostForm("line_url"),
			YouTube: c.PostForm("youtube_url"), X: c.PostForm("x_url"), TikTok: c.PostForm("tiktok_url")},
		People: readPeople(c), Links: readLinks(c)}
	id, err := h.content.SavePage(c.Request.Context(), old, in, content.Author{UserID: u.ID, Name: u.Name}, h.now())
	failed := h.formFailed(c, err, func(fe newsroom.FieldErrors) {
		p := old
		p.Lang, p.Slug, p.Section, p.Title, p.Body, p.MenuSort, p.InMenu = in.Lang, in.Slug, in.Section, in.Title, in.Body, in.MenuSort, in.InMenu
		p.Address, p.Phone, p.Email, p.MapURL, p.Social, p.People, p.Links = in.Address, in.Phone, in.Email, in.MapURL, in.Social, in.People, in.Links
		h.renderPageForm(c, http.StatusUnprocessableEntity, p, in.FormToken, fe)
	})
	if !failed {
		h.saved(c, verb(content.PageKind, old.ID), content.PageKind.Action, id, in.Title, "/admin/pages", "ipages.saved")
	}
}

// movePage moves a page one place up or down the institutional menu.
func (h *Handler) movePage(c *gin.Context, p content.Page) {
	up := c.PostForm("dir") == "up"
	err := h.content.MovePage(c.Request.Context(), p.ID, up)
	switch {
	case errors.Is(err, newsroom.ErrConflict): // already first or last
		h.redirectWithFlash(c, "/admin/pages", "status.unchanged")
		return
	case err != nil:
		h.web.Fail(c, err)
		return
	}
	h.saved(c, content.PageKind.Action+".move", content.PageKind.Action, p.ID, p.Title, "/admin/pages", "ipages.moved")
}

// pagePermalink is an institutional page's public path: /pages/{slug} or
// /en/pages/{slug}.
var pagePermalink = regexp.MustCompile(`^(/en)?/pages/([a-z0-9-]+)/?$`)

// pageAdminPath finds the page a complaint quotes by its permalink (the
// takedown register; ids are found like every kind's).
func (h *Handler) pageAdminPath(c *gin.Context, path string) (string, bool) {
	m := pagePermalink.FindStringSubmatch(path)
	if m == nil || !content.ValidPageSlug(m[2]) {
		return "", false
	}
	lang := content.Thai
	if m[1] != "" {
		lang = content.English
	}
	p, err := h.content.PageBySlug(c.Request.Context(), m[2], lang)
	if err != nil {
		return "", false
	}
	return fmt.Sprintf("%s/%d", content.PageKind.AdminList(), p.ID), true
}
