package richtext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxDepth bounds the element nesting the converter follows; deeper content
// keeps only its text. It keeps the output far below the parser's own limit
// of 512 open elements, so the output always parses again.
const maxDepth = 100

// An item is what converting one source node yields: an inline node, a
// finished block, or a break (the edge of a div-like block, which separates
// the inline runs around it without being a block of its own).
type item struct {
	kind itemKind
	node *html.Node
}

type itemKind uint8

const (
	inlineItem itemKind = iota
	blockItem
	breakItem
)

var brk = item{kind: breakItem}

// converter walks a parsed tree and builds the output model. Every output
// node is new; the source tree is only read.
type converter struct {
	depth  int
	inLink bool // inside an <a>: links are unwrapped, never nested
}

func (c *converter) children(n *html.Node) []item {
	var out []item
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		out = append(out, c.node(ch)...)
	}
	return out
}

func (c *converter) node(n *html.Node) []item {
	switch n.Type {
	case html.TextNode:
		return []item{{inlineItem, text(n.Data)}}
	case html.ElementNode:
		if n.Namespace != "" || dropped(n) { // svg, math; script, style, ...
			return nil
		}
		c.depth++
		defer func() { c.depth-- }()
		if c.depth > maxDepth {
			return []item{{inlineItem, text(textContent(n))}}
		}
		return c.element(n)
	}
	return nil // comments (Word's conditional ones too), doctypes
}

// dropped reports elements removed together with their content: scripts,
// styles, document metadata, plug-ins, media, form controls, Word's VML.
func dropped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Noembed, atom.Noframes,
		atom.Head, atom.Title, atom.Meta, atom.Link, atom.Base,
		atom.Object, atom.Embed, atom.Applet, atom.Param, atom.Frame, atom.Frameset,
		atom.Canvas, atom.Video, atom.Audio, atom.Source, atom.Track, atom.Map, atom.Area,
		atom.Input, atom.Textarea, atom.Select, atom.Option, atom.Optgroup, atom.Button,
		atom.Datalist, atom.Output, atom.Progress, atom.Meter, atom.Svg, atom.Math:
		return true
	case 0:
		return n.Data == "xml" || strings.HasPrefix(n.Data, "v:") // Word's <xml>, VML shapes
	}
	return false
}

func (c *converter) element(n *html.Node) []item {
	switch n.DataAtom {
	case atom.P:
		return c.phrasing(atom.P, c.children(n))
	case atom.H1, atom.H2:
		return c.phrasing(atom.H2, c.children(n)) // the page's h1 is the headline
	case atom.H3:
		return c.phrasing(atom.H3, c.children(n))
	case atom.H4, atom.H5, atom.H6:
		return c.phrasing(atom.H4, c.children(n))
	case atom.Strong, atom.B:
		return wrap(elem(atom.Strong), c.children(n))
	case atom.Em, atom.I:
		return wrap(elem(atom.Em), c.children(n))
	case atom.U, atom.Ins:
		return wrap(elem(atom.U), c.children(n))
	case atom.S, atom.Strike, atom.Del:
		return wrap(elem(atom.S), c.children(n))
	case atom.A:
		return c.link(n)
	case atom.Br:
		return []item{{inlineItem, elem(atom.Br)}}
	case atom.Img:
		return c.image(n)
	case atom.Iframe:
		if id, ok := YouTubeID(attr(n, "src")); ok {
			return []item{{blockItem, placeholder(id)}}
		}
		return nil
	case atom.Div:
		if id := attr(n, "data-yt"); strings.TrimSpace(attr(n, "class")) == "yt" && validID(id) {
			return []item{{blockItem, placeholder(id)}}
		}
	case atom.Ul, atom.Ol, atom.Menu, atom.Dir:
		return c.list(n)
	case atom.Blockquote:
		if kids := flow(c.children(n)); len(kids) > 0 {
			return []item{{blockItem, appendAll(elem(atom.Blockquote), kids)}}
		}
		return nil
	case atom.Figure:
		return c.figure(n)
	case atom.Table:
		return c.table(n)
	case atom.Hr:
		return []item{brk}
	case atom.Address, atom.Article, atom.Aside, atom.Body, atom.Caption, atom.Center, atom.Details,
		atom.Dialog, atom.Dd, atom.Dl, atom.Dt, atom.Fieldset, atom.Figcaption, atom.Footer, atom.Form,
		atom.Header, atom.Hgroup, atom.Html, atom.Legend, atom.Li, atom.Listing, atom.Main, atom.Nav,
		atom.Pre, atom.Section, atom.Summary, atom.Tbody, atom.Td, atom.Tfoot, atom.Th, atom.Thead, atom.Tr:
	default:
		// Spans, fonts, Word's <o:p> and anything unknown: keep the content.
		return c.children(n)
	}
	// Div-like blocks: the content stays, separated from what is around it.
	return append(append([]item{brk}, c.children(n)...), brk)
}

// phrasing builds p or h2-h4 around inline items. Blocks found inside (an
// iframe in a paragraph, a table in a heading) split it, since a paragraph
// cannot hold them. An empty paragraph is kept as a blank line; empty
// headings go.
func (c *converter) phrasing(tag atom.Atom, items []item) []item {
	var out []item
	eachRun(items, func(run []*html.Node) {
		if nodes := tidyRun(run); !isBlank(nodes) {
			out = append(out, item{blockItem, appendAll(elem(tag), nodes)})
		}
	}, func(b item) { out = append(out, b) })
	if len(out) == 0 && tag == atom.P {
		out = append(out, item{blockItem, emptyP()})
	}
	return out
}

// wrap puts a formatting element (strong, em, u, s, a) around each run of
// inline items. Blocks found inside get the formatting moved into them when
// they are paragraphs or headings; other blocks pass through as they are.
func wrap(w *html.Node, items []item) []item {
	var out []item
	eachRun(items, func(run []*html.Node) {
		if onlyBlankText(run) {
			for _, n := range run {
				out = append(out, item{inlineItem, n})
			}
			return
		}
		out = append(out, item{inlineItem, appendAll(clone(w), run)})
	}, func(b item) {
		if b.kind == blockItem && isElem(b.node, atom.P, atom.H2, atom.H3, atom.H4) && !isEmptyP(b.node) &&
			!(b.node.FirstChild == b.node.LastChild && isElem(b.node.FirstChild, w.DataAtom)) {
			b.node.AppendChild(appendAll(clone(w), detachChildren(b.node)))
		}
		out = append(out, b)
	})
	return out
}

// eachRun calls run for every maximal sequence of inline items and other for
// every block and break, in order.
func eachRun(items []item, run func([]*html.Node), other func(item)) {
	var cur []*html.Node
	flush := func() {
		if len(cur) > 0 {
			run(cur)
			cur = nil
		}
	}
	for _, it := range items {
		if it.kind == inlineItem {
			cur = append(cur, it.node)
			continue
		}
		flush()
		other(it)
	}
	flush()
}

func clone(n *html.Node) *html.Node {
	return &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Attr: append([]html.Attribute(nil), n.Attr...)}
}

// flow turns items into the content of a container (li, td, th, blockquote,
// figure): inline runs stay bare, runs separated only by a div edge are
// joined with <br>, blocks stay blocks.
func flow(items []item) []*html.Node {
	var out []*html.Node
	lastInline := false
	eachRun(items, func(run []*html.Node) {
		nodes := tidyRun(run)
		if isBlank(nodes) {
			return
		}
		if lastInline {
			out = append(out, elem(atom.Br))
		}
		out = append(out, nodes...)
		lastInline = true
	}, func(b item) {
		if b.kind == blockItem {
			out = append(out, b.node)
			lastInline = false
		}
	})
	out = collapseEmpty(out)
	if len(out) == 1 && isElem(out[0], atom.P) {
		// Word puts a paragraph in every table cell: a lone one goes.
		return detachChildren(out[0])
	}
	return out
}

// topLevel turns items into the blocks of the body: every inline run becomes
// a paragraph; a run of nothing but line breaks becomes one blank line.
func topLevel(items []item) []*html.Node {
	var out []*html.Node
	eachRun(items, func(run []*html.Node) {
		hasBr := false
		for _, n := range run {
			hasBr = hasBr || isElem(n, atom.Br)
		}
		switch nodes := tidyRun(run); {
		case !isBlank(nodes):
			out = append(out, appendAll(elem(atom.P), nodes))
		case hasBr:
			out = append(out, emptyP())
		}
	}, func(b item) {
		if b.kind == blockItem {
			out = append(out, b.node)
		}
	})
	return collapseEmpty(out)
}

// link keeps an <a> whose target is acceptable, with rel="noopener
// noreferrer" and target="_blank" if it had that; otherwise only its content.
func (c *converter) link(n *html.Node) []item {
	href, ok := cleanHref(attr(n, "href"))
	if !ok || c.inLink {
		return c.children(n)
	}
	c.inLink = true
	items := c.children(n)
	c.inLink = false
	a := elem(atom.A, "href", href, "rel", "noopener noreferrer")
	if strings.EqualFold(strings.TrimSpace(attr(n, "target")), "_blank") {
		a.Attr = append(a.Attr, html.Attribute{Key: "target", Val: "_blank"})
	}
	return wrap(a, items)
}

// image keeps images from our media store; an image from another host
// becomes a link to it (embedding it would make every visitor's browser call
// that host); anything else (data:, file: from Word) is dropped.
func (c *converter) image(n *html.Node) []item {
	alt := strings.TrimSpace(cleanText(attr(n, "alt")))
	if src, ok := mediaSrc(attr(n, "src")); ok {
		img := elem(atom.Img, "src", src)
		if hasAttr(n, "alt") {
			img.Attr = append(img.Attr, html.Attribute{Key: "alt", Val: alt})
		}
		return []item{{inlineItem, img}}
	}
	href, ok := cleanHref(attr(n, "src"))
	if !ok || !isWeb(href) {
		return nil
	}
	if isSymbols(alt) {
		// Facebook draws emoji as images from its CDN, alt = the emoji.
		return []item{{inlineItem, text(alt)}}
	}
	label := alt
	if c.inLink {
		if label == "" {
			return nil
		}
		return []item{{inlineItem, text(label)}}
	}
	if label == "" {
		label = href
	}
	a := elem(atom.A, "href", href, "rel", "noopener noreferrer")
	a.AppendChild(text(label))
	return []item{{inlineItem, a}}
}

// isSymbols reports whether s is a short run of symbols, such as an emoji,
// with no letters or digits.
func isSymbols(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 8 {
		return false
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// placeholder is the click-to-load video: the public site's script turns it
// into a youtube-nocookie player on click, so no page load calls YouTube.
func placeholder(id string) *html.Node {
	a := elem(atom.A, "href", watchURL(id), "rel", "noopener noreferrer")
	a.AppendChild(text("YouTube"))
	d := elem(atom.Div, "class", "yt", "data-yt", id)
	d.AppendChild(a)
	return d
}

// figure keeps an image with its caption; a caption left alone is unwrapped.
func (c *converter) figure(n *html.Node) []item {
	var items []item
	var caption *html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if isElem(ch, atom.Figcaption) && caption == nil {
			if kids := flow(c.children(ch)); len(kids) > 0 {
				caption = appendAll(elem(atom.Figcaption), kids)
			}
			continue
		}
		items = append(items, c.node(ch)...)
	}
	kids := flow(items)
	if len(kids) == 0 {
		if caption == nil {
			return nil
		}
		out := []item{brk}
		for _, k := range detachChildren(caption) {
			kind := inlineItem
			if isBlock(k) {
				kind = blockItem
			}
			out = append(out, item{kind, k})
		}
		return append(out, brk)
	}
	f := appendAll(elem(atom.Figure), kids)
	if caption != nil {
		f.AppendChild(caption)
	}
	return []item{{blockItem, f}}
}
