package public

import (
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"newsroom/content"
	"newsroom/kind"
	"newsroom/roles"
)

// The sitemap (https://www.sitemaps.org/protocol.html): /sitemap.xml is an
// index of /sitemap/pages.xml (homepages, section lists, footer pages, in
// both languages) and of each section's item files, /sitemap/news-1.xml …,
// each holding the public items whose ids fall in one block of
// content.SitemapSize. Items are listed once, at their own language's URL:
// a Thai item and an English one are separate stories, so they get no
// hreflang alternates; the pages do.

type sitemapIndexDoc struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapRef `xml:"sitemap"`
}

// sitemapRef names a sitemap file. It carries no lastmod: finding each
// file's latest change means reading every row (see content.SitemapFiles).
type sitemapRef struct {
	Loc string `xml:"loc"`
}

type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	XHTML   string       `xml:"xmlns:xhtml,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc        string      `xml:"loc"`
	LastMod    string      `xml:"lastmod,omitempty"`
	Alternates []xhtmlLink `xml:"xhtml:link"`
}

// xhtmlLink is a language alternate (Google's hreflang in sitemaps).
type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemapIndex lists the page sitemap and every non-empty item file.
func (h *Handler) sitemapIndex(c *gin.Context) {
	base := h.siteURL(c)
	doc := sitemapIndexDoc{Sitemaps: []sitemapRef{{Loc: base + "/sitemap/pages.xml"}}}
	for _, k := range kind.With(kind.Sitemap) {
		files, err := h.content.SitemapFiles(c.Request.Context(), k, h.now())
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		for _, f := range files {
			doc.Sitemaps = append(doc.Sitemaps, sitemapRef{Loc: base + "/sitemap/" + k.Section + "-" + strconv.Itoa(f.N) + ".xml"})
		}
	}
	h.writeXML(c, "application/xml; charset=utf-8", doc)
}

// sitemap serves /sitemap/pages.xml or an item file such as news-1.xml.
func (h *Handler) sitemap(c *gin.Context) {
	name := c.Param("name")
	if name == "pages.xml" {
		h.writeXML(c, "application/xml; charset=utf-8", pageSitemap(h.siteURL(c)))
		return
	}
	k, n, ok := parseSitemapName(name)
	if !ok {
		h.NotFound(c)
		return
	}
	entries, err := h.content.SitemapEntries(c.Request.Context(), k, n, h.now())
	if err != nil {
		h.web.Fail(c, err) // an empty or unknown file is a 404
		return
	}
	base := h.siteURL(c)
	var slugs map[int64]string // institutional pages are listed at their permalinks
	if k == content.PageKind {
		if slugs, err = h.content.PageSlugs(c.Request.Context()); err != nil {
			h.web.Fail(c, err)
			return
		}
	}
	doc := urlSet{URLs: make([]sitemapURL, 0, len(entries))}
	for _, e := range entries {
		ref := strconv.FormatInt(e.ID, 10)
		if s, ok := slugs[e.ID]; ok {
			ref = s
		}
		doc.URLs = append(doc.URLs, sitemapURL{Loc: base + k.Path(string(e.Lang), ref), LastMod: rfc3339(e.LastMod)})
	}
	h.writeXML(c, "application/xml; charset=utf-8", doc)
}

// maxSitemapFile is the highest sitemap file number (each covers
// content.SitemapSize ids), far above any real site and low enough that the
// id range a file covers never overflows.
const maxSitemapFile = 1_000_000

// parseSitemapName reads "news-12.xml" as (the news kind, 12): a kind with
// a sitemap, by its section. Only the canonical spelling is accepted, so
// every file has one URL.
func parseSitemapName(name string) (*kind.Kind, int, bool) {
	stem, ok := strings.CutSuffix(name, ".xml")
	section, num, ok2 := strings.Cut(stem, "-")
	n, err := strconv.Atoi(num)
	if !ok || !ok2 || err != nil || n < 1 || n > maxSitemapFile || strconv.Itoa(n) != num {
		return nil, 0, false
	}
	if k := kind.BySection(section); k.Has(kind.Sitemap) {
		return k, n, true
	}
	return nil, 0, false
}

// pageSitemap lists the pages that are not items, each in both languages
// with hreflang alternates (x-default is Thai, the site's main language).
func pageSitemap(base string) urlSet {
	paths := []string{"/"}
	for _, k := range kind.With(kind.Sitemap) {
		paths = append(paths, "/"+k.Section)
	}
	for _, cat := range roles.AllCategories {
		paths = append(paths, "/notices?category="+string(cat))
	}
	// The sections the handler files declare (addSiteSection) and the
	// human-readable site map.
	for _, s := range sectionsInOrder() {
		if s.Path != "/search" && !slices.Contains(paths, s.Path) {
			paths = append(paths, s.Path)
		}
	}
	paths = append(paths, "/sitemap")
	doc := urlSet{XHTML: "http://www.w3.org/1999/xhtml"}
	for _, p := range paths {
		th, en := base+p, base+"/en"+p
		alts := []xhtmlLink{{"alternate", "th", th}, {"alternate", "en", en}, {"alternate", "x-default", th}}
		doc.URLs = append(doc.URLs, sitemapURL{Loc: th, Alternates: alts}, sitemapURL{Loc: en, Alternates: alts})
	}
	return doc
}

// robots allows everything but the admin and preview links, and points
// at the sitemap.
func (h *Handler) robots(c *gin.Context) {
	body := "User-agent: *\nAllow: /\nDisallow: /admin/\nDisallow: /preview/\n\nSitemap: " + h.siteURL(c) + "/sitemap.xml\n"
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(body))
}
