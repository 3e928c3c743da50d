package public

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/templates"
)

const videosPerPage = 12

var _ = addFeed(content.VideoKind, feedSource{items: func(h *Handler, ctx context.Context, lang content.Lang, _, base string, now time.Time) ([]feedItem, error) {
	list, _, err := h.content.LiveVideos(ctx, lang, "", now, feedSize, 0)
	var out []feedItem
	for _, v := range list {
		out = append(out, feedItem{Title: v.Title, Link: base + itemPath("videos", v.Lang, v.ID), Description: v.Description,
			Category: templates.T(string(lang), "programme."+string(v.Programme)), Published: v.Window.Start, Updated: v.UpdatedAt})
	}
	return out, err
}})

type videoListData struct {
	listing[content.Video]
	Programmes []content.Programme
	Programme  content.Programme
}

// listVideos is NPU Channel, all programmes or one (?programme=), live now
// or, with a fiscal year chosen, its archive.
func (h *Handler) listVideos(c *gin.Context) {
	prog := content.Programme(c.Query("programme"))
	if prog != "" && !slices.Contains(content.Programmes, prog) {
		h.NotFound(c)
		return
	}
	l, err := list(h, c, listSource[content.Video]{kind: content.VideoKind, column: "programme", value: string(prog), perPage: videosPerPage,
		archive: h.content.ArchiveVideos,
		live: func(ctx context.Context, lang content.Lang, now time.Time, limit, offset int) ([]content.Video, int, error) {
			return h.content.LiveVideos(ctx, lang, prog, now, limit, offset)
		},
		liveUnit: func(ctx context.Context, lang content.Lang, unit int64, now time.Time, limit, offset int) ([]content.Video, int, error) {
			return h.content.LiveVideosOfUnit(ctx, lang, prog, unit, now, limit, offset)
		}})
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "videos.list_title")
	p.AltURL, p.SelfURL = altURL(c.Request.URL.RequestURI(), p.Lang), c.Request.URL.RequestURI()
	p.Data = videoListData{listing: l, Programmes: content.Programmes, Programme: prog}
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
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
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

// maxPage is the last page number a public list or search accepts; at 12
// to 20 items a page that is over a million items, and the SQL offset stays
// far from overflowing.
const maxPage = 100_000

// pageParam reads ?page=: absent or empty is 1; ok is false for anything
// but a whole number in 1..maxPage, which the page answers with 404.
func pageParam(c *gin.Context) (page int, ok bool) {
	v := c.Query("page")
	if v == "" {
		return 1, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxPage {
		return 1, false
	}
	return n, true
}

// The JSON API of videos: live videos (?programme= filters); one video
// while its page is public.
var _ = addAPI(content.VideoKind, apiSource{
	list: func(h *Handler, c *gin.Context, q apiQuery) (any, int, error) {
		prog := content.Programme(c.Query("programme"))
		if prog != "" && !slices.Contains(content.Programmes, prog) {
			return nil, 0, apiError("unknown programme")
		}
		base := h.siteURL(c)
		var list []content.Video
		var total int
		var err error
		if q.unit != 0 {
			list, total, err = h.content.LiveVideosOfUnit(c.Request.Context(), q.lang, prog, q.unit, h.now(), q.perPage, q.offset())
		} else {
			list, total, err = h.content.LiveVideos(c.Request.Context(), q.lang, prog, h.now(), q.perPage, q.offset())
		}
		return mapAll(list, func(v content.Video) apiVideo { return h.apiVideo(base, v) }), total, err
	},
	one: func(h *Handler, ctx context.Context, id int64, base string) (any, error) {
		v, err := h.content.PublicVideo(ctx, id, h.now())
		if err != nil {
			return nil, err
		}
		return h.apiVideo(base, v), nil
	},
})
