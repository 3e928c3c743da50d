package public

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/templates"
	"newsroom/web"
)

const newsPerPage = 12

type newsListData struct {
	Items   []content.News
	Pager   web.Pager
	Archive archiveView
}

// listNews is the current news (live now) or, with a fiscal year chosen,
// the news archive of that year or month.
func (h *Handler) listNews(c *gin.Context) {
	av, a, err := h.archive(c, "news")
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d := newsListData{Archive: av}
	if av.Active {
		var next content.Cursor
		d.Items, next, err = h.content.ArchiveNews(c.Request.Context(), a, h.now())
		d.Archive.next(c, next, nil)
	} else {
		page := pageParam(c)
		var total int
		d.Items, total, err = h.content.LiveNews(c.Request.Context(), a.Lang, h.now(), newsPerPage, (page-1)*newsPerPage)
		d.Pager = web.NewPager(c.Request.URL.Path, nil, page, newsPerPage, total)
	}
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "news.list_title")
	p.AltURL = altURL(c.Request.URL.RequestURI(), p.Lang)
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
	p.AltURL = altURL(c.Request.URL.Path, p.Lang)
	p.OG = &templates.OpenGraph{Type: "article", Description: n.Lead(200), Path: langPrefix(p.Lang) + "/news/" + strconv.FormatInt(n.ID, 10)}
	if n.MainFile != "" {
		p.OG.Image = "/media/" + n.MainFile
	}
	p.Data = newsDetailData{News: n, Photos: photos, Body: trustedHTML(n.Body),
		Expired: n.Window.State(now) == content.Expired}
	h.web.Render(c, http.StatusOK, "public/news_detail", p)
}
