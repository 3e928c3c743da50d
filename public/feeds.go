package public

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"newsroom"
	"newsroom/content"
	"newsroom/kind"
	"newsroom/templates"
	"newsroom/web"
)

// feedSize is how many of the latest live items a feed carries.
const feedSize = 30

// feedLead is how long a news item's description in a feed is, in runes.
const feedLead = 300

// feedItem is one entry of a feed, the same for RSS and Atom.
type feedItem struct {
	Title       string
	Link        string // absolute; also the permanent id
	Description string
	Category    string
	Tags        []string // more categories: the item's tags' names
	TagSlugs    []string // the same tags' slugs (Atom's term; Tags are the labels)
	Published   time.Time
	Updated     time.Time
	Enclosure   *rssEnclosure
}

// feedInfo is what a feed says about itself.
type feedInfo struct {
	Title, Description, Lang string
	Link                     string // the section's page
	Self                     string // this feed
	Items                    []feedItem
}

// feedSource is one kind's feed: an optional filter and its latest live
// items. Each kind with feeds declares its own with addFeed, in its handler
// file.
type feedSource struct {
	// filter reads the feed's filter from the query (the notices'
	// ?category=): the parameter, its value ("" for none) and the catalog
	// key naming it; ok is false for an unknown value (the feed is 404).
	filter func(c *gin.Context) (param, value, title string, ok bool)
	// items loads the latest live items in lang (filtered by value) as
	// feed entries with absolute links on base.
	items func(h *Handler, ctx context.Context, lang content.Lang, value, base string, now time.Time) ([]feedItem, error)
}

var feedSources = map[*kind.Kind]feedSource{}

// addFeed declares k's feed; it returns k so a handler file can declare it
// as a package-level variable.
func addFeed(k *kind.Kind, src feedSource) *kind.Kind {
	feedSources[k] = src
	return k
}

// feed serves a kind's RSS 2.0 or Atom 1.0 feed: the latest live items
// in the page's language, with absolute links. A kind that declares feeds
// without a feed source stops the program at start.
func (h *Handler) feed(k *kind.Kind, format string) gin.HandlerFunc {
	src, ok := feedSources[k]
	if !ok {
		panic("public: " + k.Name + " declares feeds but has no feed source (addFeed)")
	}
	return func(c *gin.Context) {
		lang := web.LangOf(c)
		var param, value, titleKey string
		if src.filter != nil {
			var ok bool
			if param, value, titleKey, ok = src.filter(c); !ok {
				h.NotFound(c)
				return
			}
		}
		base, now := h.siteURL(c), h.now()
		items, err := src.items(h, c.Request.Context(), content.Lang(lang), value, base, now)
		if err != nil {
			h.web.Fail(c, err)
			return
		}
		f := feedInfo{Lang: lang, Items: items, Description: templates.T(lang, "site.description"),
			Link: base + langPrefix(lang) + "/" + k.Section, Self: base + c.Request.URL.Path}
		name := templates.T(lang, k.Section+".list_title")
		if value != "" {
			name = templates.T(lang, titleKey)
			q := "?" + param + "=" + value
			f.Link, f.Self = f.Link+q, f.Self+q
		}
		f.Title = name + " – " + templates.T(lang, "site.name")
		var doc any = f.rss(now)
		ctype := "application/rss+xml; charset=utf-8"
		if format == "atom" {
			doc, ctype = f.atom(now), "application/atom+xml; charset=utf-8"
		}
		h.writeXML(c, ctype, doc)
	}
}

// RSS 2.0 (https://www.rssboard.org/rss-specification), with the Atom
// self link feed validators ask for.
type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	AtomNS  string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string      `xml:"title"`
	Link          string      `xml:"link"`
	Description   string      `xml:"description"`
	Language      string      `xml:"language"`
	LastBuildDate string      `xml:"lastBuildDate"`
	Self          rssAtomLink `xml:"atom:link"`
	Items         []rssItem   `xml:"item"`
}

type rssAtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate"`
	Description string        `xml:"description,omitempty"`
	Categories  []string      `xml:"category"`
	Enclosure   *rssEnclosure `xml:"enclosure"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

func (f feedInfo) rss(now time.Time) rssDoc {
	ch := rssChannel{Title: f.Title, Link: f.Link, Description: f.Description, Language: f.Lang,
		LastBuildDate: rssTime(f.updated(now)), Self: rssAtomLink{Href: f.Self, Rel: "self", Type: "application/rss+xml"}}
	for _, it := range f.Items {
		ch.Items = append(ch.Items, rssItem{Title: it.Title, Link: it.Link, GUID: rssGUID{IsPermaLink: true, Value: it.Link},
			PubDate: rssTime(it.Published), Description: it.Description, Categories: it.categories(), Enclosure: it.Enclosure})
	}
	return rssDoc{Version: "2.0", AtomNS: atomNS, Channel: ch}
}

// Atom 1.0 (RFC 4287).
const atomNS = "http://www.w3.org/2005/Atom"

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel    string `xml:"rel,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Href   string `xml:"href,attr"`
	Length int64  `xml:"length,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Summary    string         `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

func (f feedInfo) atom(now time.Time) atomFeed {
	a := atomFeed{Lang: f.Lang, ID: f.Self, Title: f.Title, Updated: rfc3339(f.updated(now)),
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: f.Self}, {Rel: "alternate", Type: "text/html", Href: f.Link}},
		Author: atomPerson{Name: templates.T(f.Lang, "site.name")}}
	for _, it := range f.Items {
		e := atomEntry{ID: it.Link, Title: it.Title, Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: it.Link}},
			Published: rfc3339(it.Published), Updated: rfc3339(it.changed()), Summary: it.Description}
		if it.Category != "" {
			e.Categories = append(e.Categories, atomCategory{Term: it.Category})
		}
		for i, name := range it.Tags { // a tag: its slug as the term, its name as the label
			c := atomCategory{Term: name}
			if i < len(it.TagSlugs) {
				c = atomCategory{Term: it.TagSlugs[i], Label: name}
			}
			e.Categories = append(e.Categories, c)
		}
		if enc := it.Enclosure; enc != nil {
			e.Links = append(e.Links, atomLink{Rel: "enclosure", Type: enc.Type, Href: enc.URL, Length: enc.Length})
		}
		a.Entries = append(a.Entries, e)
	}
	return a
}

// categories are the item's category and tags, for <category> elements.
func (it feedItem) categories() []string {
	var out []string
	if it.Category != "" {
		out = append(out, it.Category)
	}
	return append(out, it.Tags...)
}

// changed is when the item last changed for a reader: its last edit, or its
// start when it was saved before it began to show.
func (it feedItem) changed() time.Time {
	if it.Published.After(it.Updated) {
		return it.Published
	}
	return it.Updated
}

// updated is when the feed last changed: its newest item's change, or now
// for an empty feed. Taking it from the items keeps the feed's bytes (and
// so its ETag) the same until an item changes.
func (f feedInfo) updated(now time.Time) time.Time {
	var t time.Time
	for _, it := range f.Items {
		if c := it.changed(); c.After(t) {
			t = c
		}
	}
	if t.IsZero() {
		return now
	}
	return t
}

// rssTime is RSS 2.0's time form (RFC 1123 with a numeric zone).
func rssTime(t time.Time) string { return t.In(newsroom.Bangkok).Format(time.RFC1123Z) }

// rfc3339 is Atom's, the sitemap's and the API's time form, in Bangkok time.
func rfc3339(t time.Time) string { return t.In(newsroom.Bangkok).Format(time.RFC3339) }

// writeXML sends doc as an XML document. encoding/xml escapes text and
// replaces characters XML cannot carry with U+FFFD.
func (h *Handler) writeXML(c *gin.Context, contentType string, doc any) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		h.web.Fail(c, err)
		return
	}
	b.WriteByte('\n')
	c.Data(http.StatusOK, contentType, b.Bytes())
}

// siteURL is the site's absolute base URL ("https://news.npu.ac.th"), which
// feeds, the sitemap and the API put in front of paths. It is always the
// configured base URL, never the request's Host: the client chooses the
// Host, and these answers are cached for everyone.
func (h *Handler) siteURL(c *gin.Context) string {
	return strings.TrimRight(h.web.BaseURL, "/")
}

// itemPath is the permanent path of an item of the kind whose section is
// section ("news", "videos", "notices"), under /en/ when it is written in
// English.
func itemPath(section string, lang content.Lang, id int64) string {
	return kind.BySection(section).Path(string(lang), strconv.FormatInt(id, 10))
}

// noticeFilePath is where a notice's PDF opens (each open counts as a read).
func noticeFilePath(id int64) string { return "/notices/" + strconv.FormatInt(id, 10) + "/file" }
