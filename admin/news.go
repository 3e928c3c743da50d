package admin

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
	"newsroom/web"
)

const newsPerPage = 20

type newsListData struct {
	Items  []content.News
	Units  []roles.Unit
	Types  []content.NewsType
	Filter url.Values
	Pager  web.Pager
	Now    time.Time
	Offset int
	All    bool // the user sees every unit (central PR)
}

func (h *Handler) listNews(c *gin.Context) {
	u := web.UserOf(c)
	q := c.Request.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	unit, _ := strconv.ParseInt(q.Get("unit"), 10, 64)
	f := content.NewsFilter{Unit: unit, Type: content.NewsType(q.Get("type")), Lang: content.Lang(q.Get("lang")),
		State: q.Get("state"), Q: q.Get("q"), Limit: newsPerPage, Offset: (page - 1) * newsPerPage, Now: h.now()}
	if roles.ScopeOf(u.Actor(), roles.News) == roles.OwnUnit {
		f.ScopeUnit = u.UnitID // unit PR see only their own unit, in SQL
	}
	items, total, err := h.content.ListNews(c.Request.Context(), f)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	units, err := h.users.Units(c.Request.Context(), true)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	filter := url.Values{}
	for _, k := range []string{"unit", "type", "lang", "state", "q"} {
		if v := q.Get(k); v != "" {
			filter.Set(k, v)
		}
	}
	p := h.web.Page(c, "news.title")
	p.Nav = "news"
	pager := web.NewPager("/admin/news", filter, page, newsPerPage, total)
	p.Data = newsListData{Items: items, Units: units, Types: content.NewsTypes, Filter: q, Pager: pager, Now: h.now(),
		Offset: pager.Offset(), All: f.ScopeUnit == 0}
	h.web.Render(c, http.StatusOK, "admin/news_list", p)
}

type newsFormData struct {
	News       content.News
	Types      []content.NewsType
	Units      []roles.Unit
	ChooseUnit bool
	DraftToken string
	FormToken  string
	Start      string // datetime-local value
	End        string // date value
	MaxLen     int
}

func randomToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (h *Handler) showNewNews(c *gin.Context) {
	u := web.UserOf(c)
	now := h.now()
	n := content.News{Lang: content.Thai, Type: content.Activity, Sort: 1, PhotosPerRow: 4, UnitID: u.UnitID,
		Window: content.Window{Start: now, End: content.DefaultEnd(now, 1)}}
	h.renderNewsForm(c, http.StatusOK, n, randomToken(), randomToken(), nil, nil)
}

func (h *Handler) showEditNews(c *gin.Context) {
	n, ok := h.newsParam(c, roles.Edit)
	if !ok {
		return
	}
	h.renderNewsForm(c, http.StatusOK, n, "", "", nil, nil)
}

func (h *Handler) renderNewsForm(c *gin.Context, status int, n content.News, draft, formToken string, errs newsroom.FieldErrors, form url.Values) {
	u := web.UserOf(c)
	units, err := h.users.Units(c.Request.Context(), false)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	title := "news.new"
	if n.ID != 0 {
		title = "news.edit"
	}
	p := h.web.Page(c, title)
	p.Nav, p.Errors, p.Form = "news", errs, form
	p.Data = newsFormData{News: n, Types: content.NewsTypes, Units: units, DraftToken: draft, FormToken: formToken,
		ChooseUnit: roles.ScopeOf(u.Actor(), roles.News) == roles.All, MaxLen: content.MaxHeadline,
		Start: inputDateTime(n.Window.Start), End: inputDate(n.Window.End)}
	h.web.Render(c, status, "admin/news_form", p)
}

// newsInput reads the form. A unit PR's unit is always their own; central
// PR choose it.
func (h *Handler) newsInput(c *gin.Context) content.NewsInput {
	u := web.UserOf(c)
	atoi := func(k string) int { n, _ := strconv.Atoi(c.PostForm(k)); return n }
	in := content.NewsInput{
		Lang:         content.Lang(c.PostForm("lang")),
		Type:         content.NewsType(c.PostForm("news_type")),
		Headline:     c.PostForm("headline"),
		Body:         c.PostForm("body"),
		Sort:         atoi("sort"),
		PhotosPerRow: atoi("photos_per_row"),
		Start:        parseDateTime(c.PostForm("start")),
		End:          parseDate(c.PostForm("end")),
		UnitID:       u.UnitID,
		DraftToken:   c.PostForm("draft"),
		FormToken:    c.PostForm("form_token"),
		Publish:      c.PostForm("action") != "draft",
	}
	in.MainPhotoID, _ = strconv.ParseInt(c.PostForm("main_photo_id"), 10, 64)
	if c.PostForm("unit_id") != "" {
		in.UnitID, _ = strconv.ParseInt(c.PostForm("unit_id"), 10, 64)
	}
	return in
}

func (h *Handler) createNews(c *gin.Context) {
	u := web.UserOf(c)
	in := h.newsInput(c)
	// A forged unit_id from a unit PR is refused here, not silently changed.
	if err := roles.Check(u.Actor(), roles.Create, roles.Target{Kind: roles.News, UnitID: in.UnitID}); err != nil {
		h.web.Fail(c, err)
		return
	}
	n, err := h.content.CreateNews(c.Request.Context(), in, content.Author{UserID: u.ID, Name: u.Name}, h.now())
	if h.newsFormFailed(c, content.News{UnitID: in.UnitID}, in, err) {
		return
	}
	h.record(c, "news.create", "news", n.ID, n.Headline)
	h.redirectWithFlash(c, "/admin/news/"+strconv.FormatInt(n.ID, 10)+"/edit", "news.saved")
}

func (h *Handler) updateNews(c *gin.Context) {
	old, ok := h.newsParam(c, roles.Edit)
	if !ok {
		return
	}
	u := web.UserOf(c)
	in := h.newsInput(c)
	if c.PostForm("unit_id") == "" {
		in.UnitID = old.UnitID
	}
	if err := roles.Check(u.Actor(), roles.Edit, roles.Target{Kind: roles.News, UnitID: in.UnitID}); err != nil {
		h.web.Fail(c, err)
		return
	}
	err := h.content.UpdateNews(c.Request.Context(), old.ID, in, h.now())
	if h.newsFormFailed(c, old, in, err) {
		return
	}
	h.record(c, "news.update", "news", old.ID, in.Headline)
	h.redirectWithFlash(c, "/admin/news/"+strconv.FormatInt(old.ID, 10)+"/edit", "news.saved")
}

// newsFormFailed answers 422 with the input kept (the draft's photos stay
// under their token) or fails; it reports whether it answered.
func (h *Handler) newsFormFailed(c *gin.Context, n content.News, in content.NewsInput, err error) bool {
	var fe newsroom.FieldErrors
	switch {
	case err == nil:
		return false
	case errors.As(err, &fe):
		n.Window = content.Window{Start: in.Start, End: in.End}
		h.renderNewsForm(c, http.StatusUnprocessableEntity, n, in.DraftToken, in.FormToken, fe, c.Request.PostForm)
	default:
		h.web.Fail(c, err)
	}
	return true
}

func (h *Handler) deleteNews(c *gin.Context) {
	n, ok := h.newsParam(c, roles.Delete)
	if !ok {
		return
	}
	if err := h.content.DeleteNews(c.Request.Context(), n.ID); err != nil {
		h.web.Fail(c, err)
		return
	}
	h.record(c, "news.delete", "news", n.ID, n.Headline)
	h.redirectWithFlash(c, "/admin/news", "news.deleted")
}

// newsParam loads :id and checks the user may act on it (their unit).
func (h *Handler) newsParam(c *gin.Context, act roles.Action) (content.News, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		h.web.Fail(c, newsroom.ErrNotFound)
		return content.News{}, false
	}
	n, err := h.content.News(c.Request.Context(), id)
	if err == nil {
		err = roles.Check(web.UserOf(c).Actor(), act, roles.Target{Kind: roles.News, UnitID: n.UnitID})
	}
	if err != nil {
		h.web.Fail(c, err)
		return content.News{}, false
	}
	return n, true
}

func inputDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(newsroom.Bangkok).Format("2006-01-02T15:04")
}

func inputDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(newsroom.Bangkok).Format("2006-01-02")
}

func parseDateTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, newsroom.Bangkok); err == nil {
			return t
		}
	}
	return time.Time{}
}

func parseDate(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, newsroom.Bangkok)
	if err != nil {
		return time.Time{}
	}
	return t
}

// previewNews shows the form's current input as the public page would,
// without saving anything.
func (h *Handler) previewNews(c *gin.Context) {
	u := web.UserOf(c)
	in := h.newsInput(c)
	if err := roles.Check(u.Actor(), roles.Edit, roles.Target{Kind: roles.News, UnitID: in.UnitID}); err != nil {
		h.web.Fail(c, err)
		return
	}
	in.Validate() // sanitises the body; field errors show on save, not here
	g := content.Gallery{DraftToken: in.DraftToken}
	if id, _ := strconv.ParseInt(c.Query("news_id"), 10, 64); id != 0 {
		if _, ok := h.newsParam(c, roles.Edit); !ok {
			return
		}
		g = content.Gallery{NewsID: id}
	}
	var photos []content.Photo
	if g.Valid() {
		var err error
		if photos, err = h.content.Photos(c.Request.Context(), g); err != nil {
			h.web.Fail(c, err)
			return
		}
	}
	n := content.News{Lang: in.Lang, Type: in.Type, Headline: in.Headline, Body: in.Body, PhotosPerRow: max(in.PhotosPerRow, 1),
		Window: content.Window{Start: in.Start, End: in.End}, UnitName: u.UnitName, UpdatedAt: h.now()}
	for _, p := range photos {
		if p.ID == in.MainPhotoID || n.MainFile == "" {
			n.MainFile = p.FileKey
		}
	}
	p := h.web.Page(c, "")
	p.Title = n.Headline
	// The public detail template reads these fields (see public.newsDetailData).
	p.Data = struct {
		News    content.News
		Photos  []content.Photo
		Body    template.HTML
		Expired bool
		Preview bool
	}{n, photos, template.HTML(in.Body), false, true} // in.Body was sanitised by Validate
	h.web.Render(c, http.StatusOK, "public/news_detail", p)
}
