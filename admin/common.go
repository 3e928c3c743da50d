package admin

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/kind"
	"newsroom/roles"
	"newsroom/web"
)

// Shared plumbing of the content editors (news, videos, banners, notices):
// list filters, the shared form fields, permission checks on items, and the
// answers after a save. Each resource's file keeps only what differs.

const perPage = 20

// maxListPage is the last page number an admin list accepts; a larger or
// malformed ?page= shows the first page, never an overflowing SQL offset.
const maxListPage = 100_000

// notANumber is what formInt reads from a field that is not a whole number
// (or does not fit an int64): every numeric field's range refuses it, so the
// form shows the field's range message with what was typed.
const notANumber = -1

// formInt reads a whole-number form field; an empty one is def.
func formInt(c *gin.Context, field string, def int64) int64 {
	v := strings.TrimSpace(c.PostForm(field))
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return notANumber
	}
	return n
}

// queryInt reads a whole-number query parameter in lo..hi; anything else
// (absent, malformed, out of range) is def.
func queryInt(c *gin.Context, name string, lo, hi, def int64) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(c.Query(name)), 10, 64)
	if err != nil || n < lo || n > hi {
		return def
	}
	return n
}

// listQuery is a parsed admin list request.
type listQuery struct {
	Filter content.ListFilter
	Page   int
	Query  url.Values // the filters, for the form and the pager links
}

// listQuery reads page, unit, lang and state and scopes unit PR to their unit.
func (h *Handler) listQuery(c *gin.Context, kind roles.Kind, extra ...string) listQuery {
	q := c.Request.URL.Query()
	page := int(queryInt(c, "page", 1, maxListPage, 1))
	unit := queryInt(c, "unit", 1, math.MaxInt64, 0)
	f := content.ListFilter{Unit: unit, Lang: content.Lang(q.Get("lang")), State: q.Get("state"),
		Limit: perPage, Offset: (page - 1) * perPage, Now: h.now()}
	if u := web.UserOf(c); roles.ScopeOf(u.Actor(), kind) == roles.OwnUnit {
		f.ScopeUnit = u.UnitID // in SQL, so other units' items never leave the database
	}
	keep := url.Values{}
	for _, k := range append([]string{"unit", "lang", "state", "q"}, extra...) {
		if v := q.Get(k); v != "" {
			keep.Set(k, v)
		}
	}
	return listQuery{Filter: f, Page: page, Query: keep}
}

// pager builds the pager of a list at path.
func (l listQuery) pager(path string, total int) web.Pager {
	return web.NewPager(path, l.Query, l.Page, perPage, total)
}

// metaInput reads the fields every content form shares for an item of kind
// whose unit is current (0 for a new item). roles.ItemUnit decides the unit:
// only a user who may choose it (central PR) has unit_id read; everyone
// else's item is their unit's (or keeps its own), whatever the form posts.
func (h *Handler) metaInput(c *gin.Context, kind roles.Kind, current int64) content.MetaInput {
	u := web.UserOf(c)
	in := content.MetaInput{
		Lang:      content.Lang(c.PostForm("lang")),
		Sort:      int(max(min(formInt(c, "sort", 0), content.MaxSort+1), notANumber)),
		FormToken: c.PostForm("form_token"),
		Publish:   c.PostForm("action") != "draft",
		Base:      max(formInt(c, "revision", 0), 0),
		CheckBase: c.PostForm("revision") != "",
		By:        content.Author{UserID: u.ID, Name: u.Name},
		Form:      c.Request.PostForm,
	}
	h.readDates(c, &in)
	in.UnitID = roles.ItemUnit(u.Actor(), kind, current, formInt(c, "unit_id", 0))
	in.Review = h.underReview(c, in.UnitID)
	c.Set(keyMetaIn, in)
	return in
}

// defaultMeta is a new item's shared fields: Thai, first, from now until
// the end of the day `days` later, for the user's unit.
func (h *Handler) defaultMeta(c *gin.Context, days int) content.Meta {
	now := h.now()
	return content.Meta{Lang: content.Thai, Sort: 1, UnitID: web.UserOf(c).UnitID,
		Window: content.Window{Start: now, End: content.DefaultEnd(now, days)}}
}

// allow checks the user may do act on target and answers 403 when not.
func (h *Handler) allow(c *gin.Context, act roles.Action, t roles.Target) bool {
	if err := roles.Check(web.UserOf(c).Actor(), act, t); err != nil {
		h.web.Fail(c, err)
		return false
	}
	return true
}

// idParam reads :id or answers 404.
func (h *Handler) idParam(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		h.web.Fail(c, newsroom.ErrNotFound)
		return 0, false
	}
	return id, true
}

// formFailed answers an invalid form with 422 through rerender (which keeps
// the input) or another error with Fail; it reports whether it answered.
func (h *Handler) formFailed(c *gin.Context, err error, rerender func(newsroom.FieldErrors)) bool {
	var fe newsroom.FieldErrors
	switch {
	case err == nil:
		return false
	case errors.As(err, &fe):
		rerender(fe)
	case conflicted(c, err): // someone saved since the form was opened
		rerender(newsroom.FieldErrors{"revision": "err.conflict"})
	default:
		h.web.Fail(c, err)
	}
	return true
}

// saved logs the action and sends the user on (303 after a POST).
func (h *Handler) saved(c *gin.Context, action, kind string, id int64, title, to, flash string) {
	h.record(c, action, kind, id, title)
	flash = h.afterSave(c, action, kind, id, title, flash)
	h.forgetDraft(c) // drafts.go: the saved form's autosaved draft goes
	h.redirectWithFlash(c, to, flash)
}

// formPage is the shared part of every editor page's data.
type formPage struct {
	Meta       content.Meta
	Units      []roles.Unit
	ChooseUnit bool
	FormToken  string
	Start      string // start field: day and time in the user's calendar
	End        string // end field: day in the user's calendar
	// The item's trash and takedown panel.
	Base        string    // the item's admin path, e.g. /admin/videos/3
	CanTakeDown bool      // central admins may take it down or lift it
	PurgeOn     time.Time // a trashed item is deleted for good on this day
	// Review, revisions and edit conflicts (review.go).
	reviewForm
	// Preview is the item's preview-link section (preview.go); nil for a
	// new item or a kind without status.
	Preview *previewPanel
}

// formPage fills the shared editor data for kind; a new form gets a fresh
// token so a double submit makes one item.
func (h *Handler) formPage(c *gin.Context, kind roles.Kind, m content.Meta, formToken string) (formPage, error) {
	all, err := h.users.Units(c.Request.Context(), true)
	if err != nil {
		return formPage{}, err
	}
	// Active units, and the item's own even if retired since: the choice
	// must not move an item away from its unit unasked.
	units := slices.DeleteFunc(all, func(u roles.Unit) bool { return u.Retired() && u.ID != m.UnitID })
	if formToken == "" { // an edit too: a retried save makes one revision
		formToken = randomToken()
	}
	actor := web.UserOf(c).Actor()
	fp := formPage{Meta: m, Units: units, FormToken: formToken, Start: inputDateTime(web.LangOf(c), m.Window.Start), End: inputDate(web.LangOf(c), m.Window.End),
		ChooseUnit:  roles.ChoosesUnit(actor, kind),
		CanTakeDown: roles.Can(actor, roles.TakeDown, roles.Target{Kind: kind})}
	if fp.reviewForm, err = h.reviewFormFor(c, registryKind(kind), m); err != nil {
		return formPage{}, err
	}
	if m.ID != 0 {
		fp.Base = fmt.Sprintf("%s/%d", adminList(kind), m.ID)
		fp.PurgeOn = m.StatusAt.AddDate(0, 0, content.TrashDays)
	}
	if fp.Preview, err = h.previewPanel(c, kind, m); err != nil {
		return formPage{}, err
	}
	return fp, nil
}

// registryKind is the content kind a roles kind names (nil: none). The
// roles matrix names content kinds as the registry does, but for the
// institutional pages (roles "pages", the registry's "page").
func registryKind(k roles.Kind) *kind.Kind {
	switch k {
	case roles.Pages:
		return content.PageKind
	case roles.Procurements:
		return content.ProcurementKind
	}
	return kind.ByName(string(k))
}

// adminList is where the content kind of a roles kind lives under /admin.
func adminList(k roles.Kind) string { return registryKind(k).AdminList() }

// formTitle is the editor's title key: prefix.new or prefix.edit.
func formTitle(prefix string, id int64) string {
	if id == 0 {
		return prefix + ".new"
	}
	return prefix + ".edit"
}

// keptWindow is the window the user typed, shown again on a 422.
func keptWindow(in content.MetaInput) content.Window {
	return content.Window{Start: in.Start, End: in.End}
}

func (h *Handler) renderPage(c *gin.Context, status int, page, nav, title string, errs newsroom.FieldErrors, data any) {
	p := h.web.Page(c, title)
	p.Nav, p.Errors, p.Data = nav, errs, data
	if errs != nil {
		p.Form = c.Request.PostForm
	}
	h.web.Render(c, status, page, p)
}

// verb names a save of an item of k in the action log: news.create or
// news.update.
func verb(k *kind.Kind, id int64) string {
	if id == 0 {
		return k.Action + ".create"
	}
	return k.Action + ".update"
}
