package richtext

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The output model is deliberately small so that it always parses back to
// the same tree (which is what makes Sanitize idempotent):
//
//	blocks:  p, h2-h4 (inline content only); blockquote, li, td, th, figure,
//	         figcaption (flow: inline and blocks); ul/ol > li;
//	         table > thead/tbody > tr > th/td; div.yt (video placeholder)
//	inline:  text, br, img, strong, em, u, s, a (never nested in another a)

// elem returns a new element with the given attributes (key, value pairs).
func elem(a atom.Atom, attrs ...string) *html.Node {
	n := &html.Node{Type: html.ElementNode, DataAtom: a, Data: a.String()}
	for i := 0; i+1 < len(attrs); i += 2 {
		n.Attr = append(n.Attr, html.Attribute{Key: attrs[i], Val: attrs[i+1]})
	}
	return n
}

func text(s string) *html.Node { return &html.Node{Type: html.TextNode, Data: s} }

// appendAll makes nodes (which must be detached) the last children of n.
func appendAll(n *html.Node, nodes []*html.Node) *html.Node {
	for _, c := range nodes {
		n.AppendChild(c)
	}
	return n
}

// detachChildren removes and returns the children of n.
func detachChildren(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		out = append(out, c)
		c = next
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

func isElem(n *html.Node, atoms ...atom.Atom) bool {
	if n == nil || n.Type != html.ElementNode || n.Namespace != "" {
		return false
	}
	for _, a := range atoms {
		if n.DataAtom == a {
			return true
		}
	}
	return false
}

// isBlock reports whether an output node is a block of the output model.
func isBlock(n *html.Node) bool {
	return isElem(n, atom.P, atom.H2, atom.H3, atom.H4, atom.Blockquote, atom.Ul, atom.Ol,
		atom.Table, atom.Figure, atom.Figcaption, atom.Div)
}

// isWrapper reports whether an output node is an inline formatting element.
func isWrapper(n *html.Node) bool {
	return isElem(n, atom.Strong, atom.Em, atom.U, atom.S, atom.A)
}

// emptyP is the canonical empty paragraph, Quill's blank line.
func emptyP() *html.Node { return appendAll(elem(atom.P), []*html.Node{elem(atom.Br)}) }

func isEmptyP(n *html.Node) bool {
	if !isElem(n, atom.P) {
		return false
	}
	return n.FirstChild == nil || (n.FirstChild == n.LastChild && isElem(n.FirstChild, atom.Br))
}

// collapsible reports the whitespace HTML itself collapses.
func collapsible(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' }

// invisible reports characters that show nothing on their own: any Unicode
// space (including the no-break spaces Word sprinkles) and zero-width ones.
func invisible(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff'
}

// isBlankText reports whether s shows nothing.
func isBlankText(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !invisible(r) }) < 0
}

// isBlank reports whether inline nodes show nothing but white space and line
// breaks (an image is content).
func isBlank(nodes []*html.Node) bool {
	for _, n := range nodes {
		switch {
		case n.Type == html.TextNode:
			if !isBlankText(n.Data) {
				return false
			}
		case isElem(n, atom.Br):
		case isWrapper(n):
			var kids []*html.Node
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				kids = append(kids, c)
			}
			if !isBlank(kids) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// onlyBlankText reports whether nodes are all text nodes with blank content.
func onlyBlankText(nodes []*html.Node) bool {
	for _, n := range nodes {
		if n.Type != html.TextNode || !isBlankText(n.Data) {
			return false
		}
	}
	return true
}

// cleanText removes control characters (HTML forbids them; Word leaves
// some) and collapses runs of collapsible white space to one space.
func cleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case collapsible(r):
			space = true
			continue
		case r < ' ' || r == 0x7f || (0x80 <= r && r < 0xa0):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// normalizeInline tidies inline nodes bottom-up: empty formatting elements go,
// formatting around nothing but white space is unwrapped, as is formatting
// repeated inside itself (<strong> in <strong>), adjacent text nodes merge
// and their white space collapses. The result is what parsing its own
// rendering gives back.
func normalizeInline(nodes []*html.Node) []*html.Node {
	return normalizeIn(nodes, 0)
}

// normalizeIn does normalizeInline inside the formatting elements whose
// atoms are set in open.
func normalizeIn(nodes []*html.Node, open wrapperSet) []*html.Node {
	var out []*html.Node
	var texts []string // text waiting to become one node
	flushText := func() {
		if len(texts) > 0 {
			if s := cleanText(strings.Join(texts, "")); s != "" {
				out = append(out, text(s))
			}
			texts = texts[:0]
		}
	}
	var add func(n *html.Node)
	add = func(n *html.Node) {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
		switch {
		case n.Type == html.TextNode:
			texts = append(texts, n.Data)
		case isWrapper(n) && open.has(n.DataAtom):
			for _, k := range detachChildren(n) {
				add(k)
			}
		case isWrapper(n):
			kids := normalizeIn(detachChildren(n), open.with(n.DataAtom))
			switch {
			case len(kids) == 0:
			case onlyBlankText(kids):
				for _, k := range kids {
					texts = append(texts, k.Data)
				}
			default:
				flushText()
				out = append(out, appendAll(n, kids))
			}
		default:
			flushText()
			out = append(out, n)
		}
	}
	for _, n := range nodes {
		add(n)
	}
	flushText()
	return out
}

// wrapperSet is a set of formatting elements.
type wrapperSet uint8

func wrapperBit(a atom.Atom) wrapperSet {
	switch a {
	case atom.Strong:
		return 1
	case atom.Em:
		return 2
	case atom.U:
		return 4
	case atom.S:
		return 8
	case atom.A:
		return 16
	}
	return 0
}

func (s wrapperSet) has(a atom.Atom) bool        { return s&wrapperBit(a) != 0 }
func (s wrapperSet) with(a atom.Atom) wrapperSet { return s | wrapperBit(a) }

// tidyRun normalises a run of inline nodes about to fill a block: no white
// space at either end and no line breaks at the end, where they show nothing.
func tidyRun(run []*html.Node) []*html.Node {
	nodes := normalizeInline(run)
	if len(nodes) > 0 && nodes[0].Type == html.TextNode {
		if nodes[0].Data = strings.TrimLeftFunc(nodes[0].Data, collapsible); nodes[0].Data == "" {
			nodes = nodes[1:]
		}
	}
	for len(nodes) > 0 {
		last := nodes[len(nodes)-1]
		if isElem(last, atom.Br) {
			nodes = nodes[:len(nodes)-1]
			continue
		}
		if last.Type == html.TextNode {
			if last.Data = strings.TrimRightFunc(last.Data, collapsible); last.Data == "" {
				nodes = nodes[:len(nodes)-1]
				continue
			}
		}
		break
	}
	return nodes
}

// collapseEmpty drops empty paragraphs at both ends of a block list and keeps
// at most one of several in a row.
func collapseEmpty(nodes []*html.Node) []*html.Node {
	var out []*html.Node
	for _, n := range nodes {
		if isEmptyP(n) && (len(out) == 0 || isEmptyP(out[len(out)-1])) {
			continue
		}
		out = append(out, n)
	}
	for len(out) > 0 && isEmptyP(out[len(out)-1]) {
		out = out[:len(out)-1]
	}
	return out
}

// textContent returns the text of a subtree, skipping what is never shown.
func textContent(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && (n.Namespace != "" || dropped(n)):
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}
