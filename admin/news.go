package admin

import (
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
	"newsroom/web"
)

// Activity news: the group gate lets unit PR in; every handler checks the
// item's unit again (newsResource, gallery, photoParam).
var _ = addSection(content.NewsKind, func(h *Handler, in *gin.RouterGroup) {
	news := in.Group("/news", h.web.Require(roles.News, roles.View))
	h.newsResource().routes(h, news, editor[content.News]{h.listNews, h.showNewNews, h.createNews, h.editNews, h.updateNews})
	news.POST("/preview", h.previewNews)
	news.GET("/photos", h.listPhotos)
	news.POST("/photos", h.uploadPhotos)
	news.POST("/photos/order", h.reorderPhotos)
	news.POST("/photos/:id/main", h.setMainPhoto)
	news.POST("/photos/:id/delete", h.deletePhoto)
	news.POST("/photos/:id/caption", h.setCaption)
	news.POST("/images", h.uploadBodyImage)
	in.GET("/uploads/:id", h.web.Require(roles.News, roles.View), h.uploadProgress)
})

type newsListData struct {
	Items []content.News
	Units []roles.Unit
	Types []content.NewsType
	Query listQuery
	Pager web.Pager
	Now   time.Time
	All   bool // the user sees every unit (central PR)
}

func (h *Handler) listNews(c *gin.Context) {
	lq := h.listQuery(c, roles.News, "type")
	f := content.NewsFilter{ListFilter: lq.Filter, Type: content.NewsType(c.Query("type")), Q: c.Query("q")}
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
	h.renderPage(c, http.StatusOK, "admin/news_list", "news", "news.title", nil, newsListData{Items: items, Units: units,
		Types: content.NewsTypes, Query: lq, Pager: lq.pager("/admin/news", total), Now: h.now(), All: lq.Filter.ScopeUnit == 0})
}

type newsFormData struct {
	formPage
	News       content.News
	Types      []content.NewsType
	DraftToken string
	MaxLen     int
	Tags       []content.Tag
	Tagged     []string // the slugs ticked: the item's, or what was posted
}

// IsTagged reports whether the tag slug is ticked on the form.
func (d newsFormData) IsTagged(slug string) bool { return slices.Contains(d.Tagged, slug) }

func randomToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (h *Handler) showNewNews(c *gin.Context) {
	n := content.News{Meta: h.defaultMeta(c, 1), Type: content.Activity, PhotosPerRow: 4}
	h.renderNewsForm(c, http.StatusOK, n, randomToken(), "", nil)
}

// editNews shows a news item's filled form.
func (h *Handler) editNews(c *gin.Context, n content.News) {
	h.renderNewsForm(c, http.StatusOK, n, "", "", nil)
}

func (h *Handler) renderNewsForm(c *gin.Context, status int, n content.News, draft, formToken string, errs newsroom.FieldErrors) {
	fp, err := h.formPage(c, roles.News, n.Meta, formToken)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	tags, err := h.content.Tags(c.Request.Context())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	tagged := n.Tags
	if c.Request.Method == http.MethodPost { // a failed form keeps what was ticked
		tagged = c.PostFormArray("tags")
	}
	title := formTitle("news", n.ID)
	h.renderPage(c, status, "admin/news_form", "news", title, errs,
		newsFormData{formPage: fp, News: n, Types: content.NewsTypes, DraftToken: draft, MaxLen: content.MaxHeadline, Tags: tags, Tagged: tagged})
}

// newsInput reads the form of a news item of unit current (0: a new one).
// The main photo is a choice among the gallery's photos: an id that is not
// one of them (malformed, negative, another item's) keeps the current main
// photo, as setMainPhoto decides.
func (h *Handler) newsInput(c *gin.Context, current int64) content.NewsInput {
	perRow := max(min(formInt(c, "photos_per_row", 0), content.MaxPhotosPerRow+1), notANumber)
	in := content.NewsInput{MetaInput: h.metaInput(c, roles.News, current), Type: content.NewsType(c.PostForm("news_type")),
		Headline: c.PostForm("headline"), Body: c.PostForm("body"), PhotosPerRow: int(perRow), DraftToken: c.PostForm("draft"),
		Tags: c.PostFormArray("tags")}
	in.MainPhotoID = max(formInt(c, "main_photo_id", 0), 0)
	return in
}

func (h *Handler) createNews(c *gin.Context) {
	u := web.UserOf(c)
	in := h.newsInput(c, 0) // a unit PR's forged unit_id is ignored (roles.ItemUnit)
	if !h.allow(c, roles.Create, roles.Target{Kind: roles.News, UnitID: in.UnitID}) {
		return
	}
	n, err := h.content.CreateNews(c.Request.Context(), in, content.Author{UserID: u.ID, Name: u.Name}, h.now())
	if h.newsFormFailed(c, content.News{}, in, err) {
		return
	}
	h.saved(c, verb(content.NewsKind, 0), content.NewsKind.Action, n.ID, n.Headline, content.NewsKind.EditPath(strconv.FormatInt(n.ID, 10)), "news.saved")
}

func (h *Handler) updateNews(c *gin.Context, old content.News) {
	in := h.newsInput(c, old.UnitID)
	if !h.allow(c, roles.Edit, roles.Target{Kind: roles.News, UnitID: in.UnitID}) {
		return
	}
	err := h.content.UpdateNews(c.Request.Context(), old.ID, in, h.now())
	if h.newsFormFailed(c, old, in, err) {
		return
	}
	h.saved(c, verb(content.NewsKind, old.ID), content.NewsKind.Action, old.ID, in.Headline, content.NewsKind.EditPath(strconv.FormatInt(old.ID, 10)), "news.saved")
}

// newsFormFailed answers 422 with the input kept (the draft's photos stay
// under their token) or fails; it reports whether it answered.
func (h *Handler) newsFormFailed(c *gin.Context, n content.News, in content.NewsInput, err error) bool {
	return h.formFailed(c, err, func(fe newsroom.FieldErrors) {
		n.Window = keptWindow(in.MetaInput)
		if n.ID == 0 {
			n.UnitID = in.UnitID
		}
		h.renderNewsForm(c, http.StatusUnprocessableEntity, n, in.DraftToken, in.FormToken, fe)
	})
}

// previewNews shows the form's current input as the public page would,
// without saving anything.
func (h *Handler) previewNews(c *gin.Context) {
	u := web.UserOf(c)
	in := h.newsInput(c, 0)
	if !h.allow(c, roles.Edit, roles.Target{Kind: roles.News, UnitID: in.UnitID}) {
		return
	}
	in.Validate() // sanitises the body; field errors show on save, not here
	g := content.Gallery{DraftToken: in.DraftToken}
	if c.Query("news_id") != "" {
		c.AddParam("id", c.Query("news_id"))
		old, ok := h.newsResource().param(h, c, roles.Edit)
		if !ok {
			return
		}
		g = content.Gallery{NewsID: old.ID}
	}
	var photos []content.Photo
	if g.Valid() {
		var err error
		if photos, err = h.content.Photos(c.Request.Context(), g); err != nil {
			h.web.Fail(c, err)
			return
		}
	}
	n := content.News{Meta: content.Meta{Lang: in.Lang, Window: keptWindow(in.MetaInput), UnitName: u.UnitName, UpdatedAt: h.now()},
		Type: in.Type, Headline: in.Headline, Body: in.Body, PhotosPerRow: max(in.PhotosPerRow, 1)}
	for _, p := range photos {
		if p.ID == in.MainPhotoID || n.MainFile == "" {
			n.MainFile = p.FileKey
		}
	}
	p := h.web.Page(c, "")
	p.Title = n.Headline
	// The public detail template reads these fields (see public.newsDetailData).
	var tags []content.Tag // the ticked ones, as the page will show them
	all, err := h.content.Tags(c.Request.Context())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	for _, t := range all {
		if slices.Contains(in.Tags, t.Slug) {
			tags = append(tags, t)
		}
	}
	p.Data = content.NewsPage{News: n, Tags: tags, Photos: photos, Body: template.HTML(in.Body), Preview: true} // in.Body was sanitised by Validate
	h.web.Render(c, http.StatusOK, "public/news_detail", p)
}
