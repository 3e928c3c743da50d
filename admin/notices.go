package admin

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
	"newsroom/web"
)

// Notices: the gate needs any category; each item is checked against its
// category, and lists are filtered to the user's categories in SQL.
var _ = addSection(content.NoticeKind, func(h *Handler, in *gin.RouterGroup) {
	notices := in.Group("/notices", h.web.Require(roles.Notice, roles.View))
	h.noticeResource().routes(h, notices, editor[content.Notice]{h.listNotices, h.showNewNotice, h.createNotice, edit(h.renderNoticeForm), h.saveNotice})
})

type noticeListData struct {
	Items      []content.Notice
	Categories []roles.Category // the user's
	Query      listQuery
	Pager      web.Pager
	Now        time.Time
	All        bool
	Units      []roles.Unit
}

func (h *Handler) listNotices(c *gin.Context) {
	u := web.UserOf(c)
	lq := h.listQuery(c, roles.Notice, "category")
	cats := roles.NoticeCategories(u.Actor())
	f := content.NoticeFilter{ListFilter: lq.Filter, Categories: cats, Category: roles.Category(c.Query("category")), Q: c.Query("q")}
	items, total, err := h.content.ListNotices(c.Request.Context(), f)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	h.renderPage(c, http.StatusOK, "admin/notice_list", "notices", "notices.title", nil, noticeListData{Items: items,
		Categories: cats, Query: lq, Pager: lq.pager("/admin/notices", total), Now: h.now()})
}

type noticeFormData struct {
	formPage
	Notice     content.Notice
	Categories []roles.Category // only those the user may post
	FileKey    string
	FileName   string
	MaxLen     int // the headline's limit, for its counter
}

func (h *Handler) showNewNotice(c *gin.Context) {
	cats := roles.NoticeCategories(web.UserOf(c).Actor())
	n := content.Notice{Meta: h.defaultMeta(c, 7), NewDays: 1, Reads: 1}
	if want := roles.Category(c.Query("category")); want != "" {
		n.Category = want
	} else if len(cats) > 0 {
		n.Category = cats[0]
	}
	h.renderNoticeForm(c, http.StatusOK, n, "", nil)
}

func (h *Handler) renderNoticeForm(c *gin.Context, status int, n content.Notice, formToken string, errs newsroom.FieldErrors) {
	fp, err := h.formPage(c, roles.Notice, n.Meta, formToken)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	h.renderPage(c, status, "admin/notice_form", "notices", formTitle("notices", n.ID), errs, noticeFormData{formPage: fp, Notice: n,
		Categories: roles.NoticeCategories(web.UserOf(c).Actor()), FileKey: n.FileKey, FileName: n.FileName, MaxLen: content.MaxHeadline})
}

func (h *Handler) createNotice(c *gin.Context) { h.saveNotice(c, content.Notice{}) }

func (h *Handler) saveNotice(c *gin.Context, old content.Notice) {
	u := web.UserOf(c)
	// Empty NEW days means no badge; empty initial reads is the manual's 1.
	newDays := max(min(formInt(c, "new_days", 0), content.MaxNewDays+1), notANumber)
	in := content.NoticeInput{MetaInput: h.metaInput(c, roles.Notice, old.UnitID), Category: roles.Category(c.PostForm("category")),
		Headline: c.PostForm("headline"), Summary: c.PostForm("summary"), FileKey: c.PostForm("file_key"),
		LinkURL: c.PostForm("link_url"), NewDays: int(newDays)}
	if old.ID == 0 { // the count is set once; afterwards only reads add to it
		in.Reads = formInt(c, "reads", 1)
	}
	// The category is the permission: an HR officer editing the form to post
	// in procurement is refused, never silently moved.
	if !h.allow(c, roles.Create, roles.Target{Kind: roles.Notice, Category: in.Category}) {
		return
	}
	id, err := h.content.SaveNotice(c.Request.Context(), old, in, content.Author{UserID: u.ID, Name: u.Name}, h.now())
	failed := h.formFailed(c, err, func(fe newsroom.FieldErrors) {
		n := old
		n.Window, n.Category, n.FileKey = keptWindow(in.MetaInput), in.Category, in.FileKey
		h.renderNoticeForm(c, http.StatusUnprocessableEntity, n, in.FormToken, fe)
	})
	if !failed {
		h.saved(c, verb(content.NoticeKind, old.ID), content.NoticeKind.Action, id, in.Headline, "/admin/notices", "notices.saved")
	}
}
