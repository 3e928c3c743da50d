package public

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/templates"
)

const newsPerPage = 12

var _ = addFeed(content.NewsKind, feedSource{items: func(h *Handler, ctx context.Context, lang content.Lang, _, base string, now time.Time) ([]feedItem, error) {
	list, _, err := h.content.LiveNews(ctx, lang, now, feedSize, 0)
	var out []feedItem
	for _, n := range list {
		out = append(out, feedItem{Title: n.Headline, Link: base + itemPath("news", n.Lang, n.ID), Description: n.Lead(feedLead),
			Category: templates.T(string(lang), "newstype."+string(n.Type)), Published: n.Window.Start, Updated: n.UpdatedAt})
	}
	return out, err
}})

// listNews is the current news (live now) or, with a fiscal year chosen,
// the news archive of that year or month.
func (h *Handler) listNews(c *gin.Context) {
	d, err := list(h, c, listSource[content.News]{kind: content.NewsKind, perPage: newsPerPage, archive: h.content.ArchiveNews, live: h.content.LiveNews,
		liveUnit: h.content.LiveNewsOfUnit})
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "news.list_title")
	p.AltURL, p.SelfURL = altURL(c.Request.URL.RequestURI(), p.Lang), c.Request.URL.RequestURI()
	p.Data = d
	h.web.Render(c, http.StatusOK, "public/news_list", p)
}

type newsDetailData struct {
	News    content.News
	Photos  []content.Photo
	Body    any // template.HTML of the sanitised body
	Expired bool
	Preview bool // the admin's preview of an unsaved form
}

// showNews is a news detail page. The id may carry a readable slug
// ("/news/42-mou-signing"); only the digits count.
func (h *Handler) showNews(c *gin.Context) {
	id, ok := idParam(c)
	if !ok {
		h.NotFound(c)
		return
	}
	now := h.now()
	n, err := h.content.PublicNews(c.Request.Context(), id, now)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	photos, err := h.content.Photos(c.Request.Context(), content.Gallery{NewsID: n.ID})
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "")
	p.Title = n.Headline
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	p.OG = &templates.OpenGraph{Type: "article", Description: n.Lead(200), Path: langPrefix(p.Lang) + "/news/" + strconv.FormatInt(n.ID, 10)}
	if n.MainFile != "" {
		p.OG.Image = "/media/" + n.MainFile
	}
	p.Data = newsDetailData{News: n, Photos: photos, Body: trustedHTML(n.Body),
		Expired: n.Window.State(now) == content.Expired}
	h.web.Render(c, http.StatusOK, "public/news_detail", p)
}

// The JSON API of news: live news newest first; one item while its page is
// public (expired ones too).
var _ = addAPI(content.NewsKind, apiSource{
	list: func(h *Handler, c *gin.Context, q apiQuery) (any, int, error) {
		var list []content.News
		var total int
		var err error
		if q.unit != 0 {
			list, total, err = h.content.LiveNewsOfUnit(c.Request.Context(), q.lang, q.unit, h.now(), q.perPage, q.offset())
		} else {
			list, total, err = h.content.LiveNews(c.Request.Context(), q.lang, h.now(), q.perPage, q.offset())
		}
		if err != nil {
			return nil, 0, err
		}
		items, err := h.apiNewsList(c.Request.Context(), h.siteURL(c), list)
		return items, total, err
	},
	one: func(h *Handler, ctx context.Context, id int64, base string) (any, error) {
		n, err := h.content.PublicNews(ctx, id, h.now())
		if err != nil {
			return nil, err
		}
		return h.apiNews(ctx, base, n)
	},
})
