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

var _ = addSection(content.VideoKind, func(h *Handler, in *gin.RouterGroup) {
	videos := in.Group("/videos", h.web.Require(roles.Video, roles.Edit))
	h.videoResource().routes(h, videos, editor[content.Video]{h.listVideos, h.showNewVideo, h.createVideo, edit(h.renderVideoForm), h.saveVideo})
})

type videoListData struct {
	Items      []content.Video
	Programmes []content.Programme
	Units      []roles.Unit
	Query      listQuery
	Pager      web.Pager
	Now        time.Time
	All        bool
}

func (h *Handler) listVideos(c *gin.Context) {
	lq := h.listQuery(c, roles.Video, "programme")
	f := content.VideoFilter{ListFilter: lq.Filter, Programme: content.Programme(c.Query("programme")), Q: c.Query("q")}
	items, total, err := h.content.ListVideos(c.Request.Context(), f)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	h.renderPage(c, http.StatusOK, "admin/video_list", "videos", "videos.title", nil, videoListData{Items: items,
		Programmes: content.Programmes, Query: lq, Pager: lq.pager("/admin/videos", total), Now: h.now()})
}

type videoFormData struct {
	formPage
	Video      content.Video
	Link       string
	Programmes []content.Programme
}

func (h *Handler) showNewVideo(c *gin.Context) {
	h.renderVideoForm(c, http.StatusOK, content.Video{Meta: h.defaultMeta(c, content.VideoDays), Programme: content.NPUNews}, "", nil)
}

func (h *Handler) renderVideoForm(c *gin.Context, status int, v content.Video, formToken string, errs newsroom.FieldErrors) {
	fp, err := h.formPage(c, roles.Video, v.Meta, formToken)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	link := ""
	if v.YouTubeID != "" {
		link = v.WatchURL()
	}
	h.renderPage(c, status, "admin/video_form", "videos", formTitle("videos", v.ID), errs,
		videoFormData{formPage: fp, Video: v, Link: link, Programmes: content.Programmes})
}

func (h *Handler) createVideo(c *gin.Context) { h.saveVideo(c, content.Video{}) }

func (h *Handler) saveVideo(c *gin.Context, old content.Video) {
	u := web.UserOf(c)
	in := content.VideoInput{MetaInput: h.metaInput(c, roles.Video, old.UnitID), Programme: content.Programme(c.PostForm("programme")),
		Title: c.PostForm("title"), Link: c.PostForm("link"), Description: c.PostForm("description"), PosterKey: c.PostForm("poster_key")}
	id, err := h.content.SaveVideo(c.Request.Context(), old, in, content.Author{UserID: u.ID, Name: u.Name}, h.now())
	if h.videoFormFailed(c, old, in, err) {
		return
	}
	h.saved(c, verb(content.VideoKind, old.ID), content.VideoKind.Action, id, in.Title, "/admin/videos", "videos.saved")
}

func (h *Handler) videoFormFailed(c *gin.Context, v content.Video, in content.VideoInput, err error) bool {
	return h.formFailed(c, err, func(fe newsroom.FieldErrors) {
		v.Window = keptWindow(in.MetaInput)
		h.renderVideoForm(c, http.StatusUnprocessableEntity, v, in.FormToken, fe)
	})
}
