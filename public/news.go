package public

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
	"newsroom/templates"
)

const newsPerPage = 12

// The news feeds: all, or of one tag (?tag=).
var _ = addFeed(content.NewsKind, feedSource{
	filter: func(c *gin.Context) (string, string, string, bool) {
		slug := c.Query("tag")
		return "tag", slug, "news.list_title", slug == "" || content.ValidTagSlug(slug)
	},
	items: func(h *Handler, ctx context.Context, lang content.Lang, slug, base string, now time.Time) ([]feedItem, error) {
		tags, err := h.content.Tags(ctx)
		if err != nil {
			return nil, err
		}
		var list []content.News
		if slug == "" {
			list, _, err = h.content.LiveNews(ctx, lang, now, feedSize, 0)
		} else {
			i := slices.IndexFunc(tags, func(t content.Tag) bool { return t.Slug == slug })
			if i < 0 {
				return nil, content.ErrNotFound
			}
			list, _, err = h.content.LiveNewsTagged(ctx, lang, tags[i].ID, 0, now, feedSize, 0)
		}
		var out []feedItem
		for _, n := range list {
			it := feedItem{Title: n.Headline, Link: base + itemPath("news", n.Lang, n.ID), Description: n.Lead(feedLead),
				Category: templates.T(string(lang), "newstype."+string(n.Type)), Published: n.Window.Start, Updated: n.UpdatedAt}
			for _, t := range newsTags(n, tags) {
				it.Tags, it.TagSlugs = append(it.Tags, t.Name(string(lang))), append(it.TagSlugs, t.Slug)
			}
			out = append(out, it)
		}
		return out, err
	}})

// listNews is the current news (live now) or, with a fiscal year chosen,
// the news archive of that year or month.
func (h *Handler) listNews(c *gin.Context) {
	src := listSource[content.News]{kind: content.NewsKind, perPage: newsPerPage, archive: h.content.ArchiveNews, live: h.content.LiveNews,
		liveUnit: h.content.LiveNewsOfUnit}
	tag, err := h.tagFilter(c)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	if tag != nil { // ?tag=: the news carrying it, live or in the archive
		src.keep = url.Values{"tag": {tag.Slug}}
		src.archive = func(ctx context.Context, a content.Archive, now time.Time) ([]content.News, content.Cursor, error) {
			a.TagID = tag.ID
			return h.content.ArchiveNews(ctx, a, now)
		}
		src.live = func(ctx context.Context, lang content.Lang, now time.Time, limit, offset int) ([]content.News, int, error) {
			return h.content.LiveNewsTagged(ctx, lang, tag.ID, 0, now, limit, offset)
		}
		src.liveUnit = func(ctx context.Context, lang content.Lang, unit int64, now time.Time, limit, offset int) ([]content.News, int, error) {
			return h.content.LiveNewsTagged(ctx, lang, tag.ID, unit, now, limit, offset)
		}
	}
	d, err := list(h, c, src)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "news.list_title")
	if tag != nil {
		p.Title = p.Title + ": " + tag.Name(p.Lang)
	}
	p.AltURL, p.SelfURL = altURL(c.Request.URL.RequestURI(), p.Lang), c.Request.URL.RequestURI()
	p.Data = newsListData{listing: d, Tag: tag}
	h.web.Render(c, http.StatusOK, "public/news_list", p)
}

type newsListData struct {
	listing[content.News]
	Tag *content.Tag // the ?tag= filter, nil when none
}

// tagFilter reads ?tag=: nil when absent or empty, ErrNotFound (the page is
// 404) for a slug that names no tag.
func (h *Handler) tagFilter(c *gin.Context) (*content.Tag, error) {
	slug := c.Query("tag")
	if slug == "" {
		return nil, nil
	}
	t, err := h.content.TagBySlug(c.Request.Context(), slug)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// newsTags are the tags of n, in the list's order, for its page, feeds and
// the API (all: the whole tag list, read once per request).
func newsTags(n content.News, all []content.Tag) []content.Tag {
	var out []content.Tag
	for _, t := range all {
		if slices.Contains(n.Tags, t.Slug) {
			out = append(out, t)
		}
	}
	return out
}

type newsDetailData struct {
	News    content.News
	Tags    []content.Tag
	Photos  []content.Photo
	Body    any // template.HTML of the sanitised body
	Expired bool
	Preview bool // the admin's preview of an unsaved form
	// The story's own unit page (zero Slug: none), related live news and
	// its address for the share links; empty in previews.
	Unit     roles.Unit
	Related  []content.News
	ShareURL string
}

// MainPhoto is the gallery photo shown above the body (width and height
// for the page's layout); nil when the story has none.
func (d newsDetailData) MainPhoto() *content.Photo {
	for i := range d.Photos {
		if d.Photos[i].FileKey == d.News.MainFile {
			return &d.Photos[i]
		}
	}
	return nil
}

// maxRelated is how many related stories a news page lists.
const maxRelated = 4

// related lists up to maxRelated live news in lang that share a tag with n,
// then news of n's unit, newest first, without n itself.
func (h *Handler) related(ctx context.Context, lang content.Lang, n content.News, tags []content.Tag, now time.Time) ([]content.News, error) {
	seen := map[int64]bool{n.ID: true}
	var out []content.News
	add := func(list []content.News) {
		for _, x := range list {
			if len(out) < maxRelated && !seen[x.ID] {
				seen[x.ID] = true
				out = append(out, x)
			}
		}
	}
	for _, t := range tags {
		if len(out) >= maxRelated {
			break
		}
		list, _, err := h.content.LiveNewsTagged(ctx, lang, t.ID, 0, now, maxRelated+1, 0)
		if err != nil {
			return nil, err
		}
		add(list)
	}
	if len(out) < maxRelated {
		list, _, err := h.content.LiveNewsOfUnit(ctx, lang, n.UnitID, now, maxRelated+1, 0)
		if err != nil {
			return nil, err
		}
		add(list)
	}
	return out, nil
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
	tags, err := h.content.Tags(c.Request.Context())
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d := newsDetailData{News: n, Tags: newsTags(n, tags), Photos: photos, Body: trustedHTML(n.Body),
		Expired: n.Window.State(now) == content.Expired, ShareURL: h.siteURL(c) + p.OG.Path}
	ctx := c.Request.Context()
	if d.Related, err = h.related(ctx, content.Lang(p.Lang), n, d.Tags, now); err != nil {
		h.web.Fail(c, err)
		return
	}
	if u, err := h.web.Users.Unit(ctx, n.UnitID); err == nil {
		d.Unit = u
	} else if !errors.Is(err, newsroom.ErrNotFound) {
		h.web.Fail(c, err)
		return
	}
	p.Data = d
	h.web.Render(c, http.StatusOK, "public/news_detail", p)
}

// The JSON API of news: live news newest first; one item while its page is
// public (expired ones too).
var _ = addAPI(content.NewsKind, apiSource{
	list: func(h *Handler, c *gin.Context, q apiQuery) (any, int, error) {
		var list []content.News
		var total int
		tag, err := apiTagFilter(h, c)
		switch {
		case err != nil:
		case tag != nil:
			list, total, err = h.content.LiveNewsTagged(c.Request.Context(), q.lang, tag.ID, q.unit, h.now(), q.perPage, q.offset())
		case q.unit != 0:
			list, total, err = h.content.LiveNewsOfUnit(c.Request.Context(), q.lang, q.unit, h.now(), q.perPage, q.offset())
		default:
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
		tags, err := h.content.Tags(ctx)
		if err != nil {
			return nil, err
		}
		return h.apiNews(ctx, base, n, tags)
	},
})

// apiTagFilter reads the API's ?tag=: nil when absent, a 400 for a slug
// that names no tag.
func apiTagFilter(h *Handler, c *gin.Context) (*content.Tag, error) {
	t, err := h.tagFilter(c)
	if errors.Is(err, content.ErrNotFound) {
		return nil, apiError("unknown tag")
	}
	return t, err
}
