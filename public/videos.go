package public

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/templates"
	"newsroom/web"
)

const videosPerPage = 12

type videoListData struct {
	Items      []content.Video
	Programmes []content.Programme
	Programme  content.Programme
	Pager      web.Pager
	Archive    archiveView
}

// listVideos is NPU Channel, all programmes or one (?programme=), live now
// or, with a fiscal year chosen, its archive.
func (h *Handler) listVideos(c *gin.Context) {
	prog := content.Programme(c.Query("programme"))
	valid := prog == ""
	for _, p := range content.Programmes {
		valid = valid || p == prog
	}
	if !valid {
		h.NotFound(c)
		return
	}
	extra := url.Values{}
	if prog != "" {
		extra.Set("programme", string(prog))
	}
	av, a, err := h.archive(c, "videos")
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d := videoListData{Programmes: content.Programmes, Programme: prog, Archive: av}
	if av.Active {
		a.Column, a.Value = "programme", string(prog)
		var next content.Cursor
		d.Items, next, err = h.content.ArchiveVideos(c.Request.Context(), a, h.now())
		d.Archive.next(c, next, extra)
	} else {
		page := pageParam(c)
		var total int
		d.Items, total, err = h.content.LiveVideos(c.Request.Context(), a.Lang, prog, h.now(), videosPerPage, (page-1)*videosPerPage)
		d.Pager = web.NewPager(c.Request.URL.Path, extra, page, videosPerPage, total)
	}
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "videos.list_title")
	p.AltURL = altURL(c.Request.URL.RequestURI(), p.Lang)
	p.Data = d
	h.web.Render(c, http.StatusOK, "public/video_list", p)
}

// showVideo is a video page: our poster with a play button; the player
// (youtube-nocookie) is made only when the visitor clicks.
func (h *Handler) showVideo(c *gin.Context) {
	id, ok := idParam(c)
	if !ok {
		h.NotFound(c)
		return
	}
	v, err := h.content.PublicVideo(c.Request.Context(), id, h.now())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "")
	p.Title = v.Title
	p.AltURL = altURL(c.Request.URL.Path, p.Lang)
	p.OG = &templates.OpenGraph{Type: "video.other", Description: v.Description, Path: langPrefix(p.Lang) + "/videos/" + strconv.FormatInt(v.ID, 10)}
	if v.PosterKey != "" {
		p.OG.Image = "/media/" + v.PosterKey
	}
	p.Data = struct{ Video content.Video }{v}
	h.web.Render(c, http.StatusOK, "public/video_detail", p)
}

// idParam reads :id, which may carry a readable slug ("42-open-house").
func idParam(c *gin.Context) (int64, bool) {
	digits := c.Param("id")
	for i, r := range digits {
		if r < '0' || r > '9' {
			digits = digits[:i]
			break
		}
	}
	id, err := strconv.ParseInt(digits, 10, 64)
	return id, err == nil && id > 0
}

func pageParam(c *gin.Context) int {
	page, _ := strconv.Atoi(c.Query("page"))
	return max(page, 1)
}
