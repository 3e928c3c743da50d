package public

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/kind"
	"newsroom/search"
	"newsroom/web"
)

const searchPerPage = 20

type searchResult struct {
	content.SearchHit
	URL     string
	Title   []content.Segment
	Snippet []content.Segment
}

type searchData struct {
	Q       string
	Results []searchResult
	Total   int
	Many    bool // more than search.CountCap: the engine stopped counting
	Pager   web.Pager
}

// search finds news, videos and notices, Thai words inside sentences
// included, newest first, with the matches highlighted. Pages are not
// cached: every query is different.
func (h *Handler) search(c *gin.Context) {
	q := strings.TrimSpace(c.Query("q"))
	if utf8.RuneCountInString(q) > 100 {
		q = string([]rune(q)[:100])
	}
	lang := web.LangOf(c)
	d := searchData{Q: q}
	page, ok := pageParam(c)
	if !ok {
		h.NotFound(c)
		return
	}
	if q != "" {
		hits, total, err := h.content.Search(c.Request.Context(), q, content.Lang(lang), h.now(), searchPerPage, (page-1)*searchPerPage)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		d.Total, d.Many = total, total > search.CountCap
		for _, hit := range hits {
			d.Results = append(d.Results, searchResult{SearchHit: hit, URL: kind.ByName(hit.Kind).Path(string(lang), strconv.FormatInt(hit.ID, 10)),
				Title: content.Highlight(hit.Title, q), Snippet: content.Highlight(hit.Snippet, q)})
		}
		d.Pager = web.NewPager(c.Request.URL.Path, url.Values{"q": {q}}, page, searchPerPage, total)
	}
	p := h.web.Page(c, "search.title")
	p.AltURL, p.SelfURL = altURL(c.Request.URL.RequestURI(), p.Lang), c.Request.URL.RequestURI()
	p.Data = d
	c.Header("Cache-Control", "no-cache")
	h.web.Render(c, http.StatusOK, "public/search", p)
}
