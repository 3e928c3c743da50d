package public

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/templates"
	"newsroom/web"
)

// Institutional pages (issue 13): /pages/{slug} and /en/pages/{slug}, the
// index /pages, the old footer addresses /privacy and /cookies answering
// with a permanent redirect, and the footer's institutional menu.

// The institutional pages' index is a section of the site (the pages
// themselves are listed one by one on the site map).
var _ = addSiteSection(siteSection{Path: "/pages", Label: "ipages.index_title", Order: 80})

// pageRoutes registers the pages, their index, the old addresses and the
// site map in one language (prefix "" or "/en").
func (h *Handler) pageRoutes(r gin.IRouter, page func(string, ...gin.HandlerFunc), prefix string, lang, cache gin.HandlerFunc) {
	page(prefix+"/pages", lang, cache, h.pageIndex)
	page(prefix+"/pages/:slug", lang, cache, h.showPage)
	for _, old := range []string{content.SlugPrivacy, content.SlugCookies} {
		to := prefix + "/pages/" + old
		page(prefix+"/"+old, func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, to) })
	}
	page(prefix+"/sitemap", lang, cache, h.sitemapPage)
}

// pageData is a page's template data.
type pageData struct {
	Page content.Page
	Body template.HTML
}

// showPage shows the page of :slug in the request's language. An id in
// the slug's place (what a search result or a takedown form links to)
// answers with a permanent redirect to the page's permalink.
func (h *Handler) showPage(c *gin.Context) {
	ctx, now := c.Request.Context(), h.now()
	ref := c.Param("slug")
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil && id > 0 {
		p, err := h.content.Page(ctx, id)
		if err == nil && p.Status == content.Published {
			c.Redirect(http.StatusMovedPermanently, content.PageKind.Path(string(p.Lang), p.Slug))
			return
		}
		if err == nil && p.Status == content.TakenDown {
			err = content.ErrGone
		} else if err == nil {
			err = content.ErrNotFound
		}
		h.web.Fail(c, err)
		return
	}
	pg, err := h.content.PublicPage(ctx, ref, content.Lang(web.LangOf(c)), now)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "")
	p.Title = pg.Title
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	p.OG = &templates.OpenGraph{Type: "website", Description: pg.Title, Path: content.PageKind.Path(p.Lang, pg.Slug)}
	p.Data = pageData{Page: pg, Body: trustedHTML(pg.Body)} // sanitised when saved
	h.web.Render(c, http.StatusOK, "public/page", p)
}

// pageIndex lists the live institutional pages in menu order.
func (h *Handler) pageIndex(c *gin.Context) {
	pages, err := h.content.LivePages(c.Request.Context(), content.Lang(web.LangOf(c)), h.now(), false)
	if err != nil {
		h.web.Fail(c, err)
		return
	}
	p := h.web.Page(c, "ipages.index_title")
	p.AltURL, p.SelfURL = altURL(c.Request.URL.Path, p.Lang), c.Request.URL.Path
	p.Data = sitemapData{Pages: pages, PagesOnly: true}
	h.web.Render(c, http.StatusOK, "public/sitemap", p)
}

func init() {
	// A page's preview link shows it as its public page would, a change
	// waiting for review over the live text.
	previewSources[content.PageKind] = func(h *Handler, ctx context.Context, l content.PreviewLink, now time.Time) (previewed, error) {
		pg, err := h.content.Page(ctx, l.ItemID())
		if err := previewable(pg.Meta, err); err != nil {
			return previewed{}, err
		}
		if snap, ok, err := h.content.PendingChange(ctx, content.PageKind, pg.ID); err != nil {
			return previewed{}, err
		} else if ok {
			overlay(snap, map[string]*string{"title": &pg.Title, "body": &pg.Body})
		}
		return previewed{page: "public/page", title: pg.Title, lang: pg.Lang, data: pageData{Page: pg, Body: trustedHTML(pg.Body)}}, nil
	}
}

// footerCache keeps each language's footer until the content changes.
type footerCache struct {
	mu      sync.Mutex
	version string
	byLang  map[string]*templates.Footer
}

// footer is every public page's footer: the institutional menu in central
// PR's order, the sections declared for the footer and the site map. A
// failure to read the menu leaves it out (logged) rather than failing the
// page.
func (h *Handler) footer(c *gin.Context) *templates.Footer {
	if h.content == nil {
		return nil
	}
	lang := web.LangOf(c)
	ctx := c.Request.Context()
	v := h.content.Version(ctx)
	fc := &h.footers
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fc.version == v && fc.byLang[lang] != nil {
		return fc.byLang[lang]
	}
	if fc.version != v {
		fc.version, fc.byLang = v, map[string]*templates.Footer{}
	}
	prefix := langPrefix(lang)
	f := &templates.Footer{Sitemap: prefix + "/sitemap"}
	pages, err := h.content.LivePages(ctx, content.Lang(lang), h.now(), true)
	if err != nil {
		h.log.Error("footer menu", "err", err)
		return f // not kept: tried again on the next page
	}
	for _, pg := range pages {
		f.Pages = append(f.Pages, templates.FooterLink{Path: content.PageKind.Path(lang, pg.Slug), Label: pg.Title})
	}
	for _, s := range sectionsInOrder() {
		if s.Footer {
			f.Sections = append(f.Sections, templates.FooterLink{Path: sectionPath(prefix, s.Path), Label: templates.T(lang, s.Label)})
		}
	}
	fc.byLang[lang] = f
	return f
}

// sectionPath is a section's path in the language of prefix.
func sectionPath(prefix, path string) string {
	if prefix != "" && path == "/" {
		return prefix + "/"
	}
	return prefix + path
}
