package public

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/roles"
	"newsroom/templates"
	"newsroom/web"
)

// Faculty pages: /units lists the active units by kind; /units/{slug} is
// one unit's page with its live news, notices and videos and its own
// feeds, which faculty websites embed. The public lists and the API take
// the same unit as ?unit={slug}.

var _ = addSiteSection(siteSection{Path: "/units", Label: "units.public_title", Order: 40, Footer: true})

// How many of a unit's latest items its page shows per kind; the full
// lists are the section lists filtered by ?unit=.
const (
	unitPageNews    = 9
	unitPageNotices = 10
	unitPageVideos  = 6
)

// publicUnit finds the active unit at slug; anything else is ErrNotFound.
func (h *Handler) publicUnit(c *gin.Context, slug string) (*roles.Unit, error) {
	u, err := h.web.Users.UnitBySlug(c.Request.Context(), slug)
	if err != nil {
		return nil, err
	}
	if u.Retired() {
		return nil, newsroom.ErrNotFound
	}
	return &u, nil
}

// unitFilter reads a list's ?unit=: nil when absent or empty, ErrNotFound
// (the list is 404) for a slug that names no active unit.
func (h *Handler) unitFilter(c *gin.Context) (*roles.Unit, error) {
	slug := c.Query("unit")
	if slug == "" {
		return nil, nil
	}
	return h.publicUnit(c, slug)
}

// apiUnit reads the API's ?unit=: 0 when absent, a 400 for a slug that names
// no active unit.
func (h *Handler) apiUnit(c *gin.Context) (int64, error) {
	u, err := h.unitFilter(c)
	switch {
	case errors.Is(err, newsroom.ErrNotFound):
		return 0, apiError("unknown unit")
	case err != nil:
		return 0, err
	case u == nil:
		return 0, nil
	}
	return u.ID, nil
}

type unitGroup struct {
	Kind  string
	Units []roles.Unit
}

// listUnits is /units: every active unit with a public address, grouped by
// kind in the units' display order.
func (h *Handler) listUnits(c *gin.Context) {
	units, err := h.web.Users.Units(c.Request.Context(), false)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	var groups []unitGroup
	for _, k := range roles.UnitKinds {
		g := unitGroup{Kind: k}
		for _, u := range units {
			if u.Kind == k && u.Slug != "" {
				g.Units = append(g.Units, u)
			}
		}
		if len(g.Units) > 0 {
			groups = append(groups, g)
		}
	}
	p := h.web.Page(c, "units.public_title")
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	p.Data = struct{ Groups []unitGroup }{groups}
	h.web.Render(c, http.StatusOK, "public/units", p)
}

type unitPageData struct {
	Unit                          roles.Unit
	News                          []content.News
	Notices                       []content.Notice
	Videos                        []content.Video
	NewsTotal, NoticeTotal, Total int
	VideoTotal                    int
	Now                           time.Time
	Base                          string // the site's absolute address, for the embed hints
}

// showUnit is a unit's faculty page.
func (h *Handler) showUnit(c *gin.Context) {
	u, err := h.publicUnit(c, c.Param("slug"))
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	ctx, lang, now := c.Request.Context(), content.Lang(web.LangOf(c)), h.now()
	d := unitPageData{Unit: *u, Now: now, Base: h.siteURL(c)}
	if d.News, d.NewsTotal, err = h.content.LiveNewsOfUnit(ctx, lang, u.ID, now, unitPageNews, 0); err == nil {
		if d.Notices, d.NoticeTotal, err = h.content.LiveNoticesOfUnit(ctx, lang, "", u.ID, now, unitPageNotices, 0); err == nil {
			d.Videos, d.VideoTotal, err = h.content.LiveVideosOfUnit(ctx, lang, "", u.ID, now, unitPageVideos, 0)
		}
	}
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	d.Total = d.NewsTotal + d.NoticeTotal + d.VideoTotal
	p := h.web.Page(c, "")
	p.Title = u.Name(p.Lang)
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	p.OG = &templates.OpenGraph{Type: "website", Description: u.Description(p.Lang), Path: langPrefix(p.Lang) + "/units/" + u.Slug}
	p.Data = d
	h.web.Render(c, http.StatusOK, "public/unit", p)
}

// unitFeed is a unit's RSS or Atom feed: its latest live news, notices and
// videos together, newest first.
func (h *Handler) unitFeed(format string) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, err := h.publicUnit(c, c.Param("slug"))
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		ctx, lang, now, base := c.Request.Context(), web.LangOf(c), h.now(), h.siteURL(c)
		l := content.Lang(lang)
		news, _, err := h.content.LiveNewsOfUnit(ctx, l, u.ID, now, feedSize, 0)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		notices, _, err := h.content.LiveNoticesOfUnit(ctx, l, "", u.ID, now, feedSize, 0)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		videos, _, err := h.content.LiveVideosOfUnit(ctx, l, "", u.ID, now, feedSize, 0)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		var items []feedItem
		for _, n := range news {
			items = append(items, feedItem{Title: n.Headline, Link: base + itemPath("news", n.Lang, n.ID), Description: n.Lead(feedLead),
				Category: templates.T(lang, "newstype."+string(n.Type)), Published: n.Window.Start, Updated: n.UpdatedAt})
		}
		for _, n := range notices {
			items = append(items, feedItem{Title: n.Headline, Link: base + itemPath("notices", n.Lang, n.ID), Description: n.Summary,
				Category: templates.T(lang, "cat."+string(n.Category)), Published: n.Window.Start, Updated: n.UpdatedAt})
		}
		for _, v := range videos {
			items = append(items, feedItem{Title: v.Title, Link: base + itemPath("videos", v.Lang, v.ID), Description: v.Description,
				Category: "NPU Channel", Published: v.Window.Start, Updated: v.UpdatedAt})
		}
		slices.SortStableFunc(items, func(a, b feedItem) int { return cmp.Compare(b.Published.UnixNano(), a.Published.UnixNano()) })
		items = items[:min(len(items), feedSize)]
		f := feedInfo{Lang: lang, Items: items, Description: u.Description(lang),
			Title: u.Name(lang) + " – " + templates.T(lang, "site.name"),
			Link:  base + langPrefix(lang) + "/units/" + u.Slug, Self: base + c.Request.URL.Path}
		if f.Description == "" {
			f.Description = templates.T(lang, "site.description")
		}
		var doc any = f.rss(now)
		ctype := "application/rss+xml; charset=utf-8"
		if format == "atom" {
			doc, ctype = f.atom(now), "application/atom+xml; charset=utf-8"
		}
		h.writeXML(c, ctype, doc)
	}
}
