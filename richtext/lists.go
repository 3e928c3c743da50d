package richtext

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// list converts ul/ol. Content outside any li (text, or a nested list
// written directly inside the outer one) joins the li before it.
func (c *converter) list(n *html.Node) []item {
	var lis [][]item
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if isElem(ch, atom.Li) {
			lis = append(lis, c.children(ch))
			continue
		}
		items := c.node(ch)
		if len(items) == 0 || (ch.Type == html.TextNode && isBlankText(ch.Data)) {
			continue
		}
		if len(lis) == 0 {
			lis = append(lis, nil)
		}
		last := len(lis) - 1
		lis[last] = append(append(lis[last], brk), items...)
	}
	tag := atom.Ul
	if n.DataAtom == atom.Ol {
		tag = atom.Ol
	}
	list := elem(tag)
	for _, items := range lis {
		if kids := flow(items); len(kids) > 0 {
			list.AppendChild(appendAll(elem(atom.Li), kids))
		}
	}
	if list.FirstChild == nil {
		return nil
	}
	return []item{{blockItem, list}}
}

// table converts a table to table > thead/tbody > tr > th/td, dropping its
// attributes except colspan and rowspan (Word's merged cells). A caption is
// kept as text before the table.
func (c *converter) table(n *html.Node) []item {
	var before []item
	t := elem(atom.Table)
	var loose *html.Node // tbody for rows directly under table
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		switch {
		case isElem(ch, atom.Caption):
			before = append(append(append(before, brk), c.children(ch)...), brk)
		case isElem(ch, atom.Thead, atom.Tbody, atom.Tfoot):
			tag := atom.Tbody
			if ch.DataAtom == atom.Thead {
				tag = atom.Thead
			}
			sec := elem(tag)
			for tr := ch.FirstChild; tr != nil; tr = tr.NextSibling {
				if row := c.row(tr); row != nil {
					sec.AppendChild(row)
				}
			}
			if sec.FirstChild != nil {
				t.AppendChild(sec)
				loose = nil
			}
		default:
			if row := c.row(ch); row != nil {
				if loose == nil {
					loose = elem(atom.Tbody)
					t.AppendChild(loose)
				}
				loose.AppendChild(row)
			}
		}
	}
	if t.FirstChild == nil {
		return before
	}
	return append(before, item{blockItem, t})
}

var spanRe = regexp.MustCompile(`^[1-9][0-9]{0,2}$`)

func (c *converter) row(tr *html.Node) *html.Node {
	if !isElem(tr, atom.Tr) {
		return nil
	}
	row := elem(atom.Tr)
	for td := tr.FirstChild; td != nil; td = td.NextSibling {
		if !isElem(td, atom.Td, atom.Th) {
			continue
		}
		cell := elem(td.DataAtom)
		for _, k := range []string{"colspan", "rowspan"} {
			if v := strings.TrimSpace(attr(td, k)); spanRe.MatchString(v) && v != "1" {
				cell.Attr = append(cell.Attr, html.Attribute{Key: k, Val: v})
			}
		}
		row.AppendChild(appendAll(cell, flow(c.children(td))))
	}
	if row.FirstChild == nil {
		return nil
	}
	return row
}

// A listEntry is one item of a list written flat, with its depth:
// Quill's <li data-list class="ql-indent-N"> or Word's mso-list paragraphs.
type listEntry struct {
	ordered bool
	level   int
	content []*html.Node // detached source nodes
}

// nest builds real nested ul/ol lists from flat entries. A change of list
// type at the same level starts a new list.
func nest(entries []listEntry) []*html.Node {
	type open struct {
		list    *html.Node
		level   int
		ordered bool
	}
	var out []*html.Node
	var stack []open
	for _, e := range entries {
		for len(stack) > 0 && (stack[len(stack)-1].level > e.level ||
			stack[len(stack)-1].level == e.level && stack[len(stack)-1].ordered != e.ordered) {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 || stack[len(stack)-1].level < e.level {
			tag := atom.Ul
			if e.ordered {
				tag = atom.Ol
			}
			l := elem(tag)
			if len(stack) == 0 {
				out = append(out, l)
			} else {
				parent := stack[len(stack)-1].list
				if parent.LastChild == nil {
					parent.AppendChild(elem(atom.Li))
				}
				parent.LastChild.AppendChild(l)
			}
			stack = append(stack, open{l, e.level, e.ordered})
		}
		stack[len(stack)-1].list.AppendChild(appendAll(elem(atom.Li), e.content))
	}
	return out
}

// restructure rewrites, in the parsed source tree, the two flat list
// encodings we receive into ordinary nested lists before conversion:
// Quill 2 writes every list as <ol> with <li data-list="bullet|ordered">
// and class="ql-indent-N" for depth; Word writes list items as paragraphs
// with style="mso-list:l0 level2 lfo1" and the bullet or number as text.
func restructure(n *html.Node) {
	for ch := n.FirstChild; ch != nil; {
		next := ch.NextSibling
		switch {
		case isElem(ch, atom.Ol, atom.Ul) && isQuillList(ch):
			replace(ch, nest(quillEntries(ch)))
		case isWordListItem(ch):
			var group []*html.Node
			for s := ch; s != nil; s = s.NextSibling {
				if isWordListItem(s) {
					group = append(group, s)
				} else if !(s.Type == html.CommentNode || s.Type == html.TextNode && isBlankText(s.Data)) {
					break
				}
			}
			entries := make([]listEntry, 0, len(group))
			for _, p := range group {
				entries = append(entries, wordEntry(p))
			}
			next = group[len(group)-1].NextSibling
			for _, l := range nest(entries) {
				n.InsertBefore(l, group[0])
			}
			for _, p := range group {
				n.RemoveChild(p)
			}
		default:
			restructure(ch)
		}
		ch = next
	}
}

func replace(old *html.Node, with []*html.Node) {
	for _, w := range with {
		old.Parent.InsertBefore(w, old)
	}
	old.Parent.RemoveChild(old)
}

func isQuillList(l *html.Node) bool {
	for li := l.FirstChild; li != nil; li = li.NextSibling {
		if isElem(li, atom.Li) && hasAttr(li, "data-list") {
			return true
		}
	}
	return false
}

var quillIndentRe = regexp.MustCompile(`\bql-indent-([1-8])\b`)

func quillEntries(l *html.Node) []listEntry {
	var entries []listEntry
	for li := l.FirstChild; li != nil; li = li.NextSibling {
		if !isElem(li, atom.Li) {
			continue
		}
		e := listEntry{ordered: attr(li, "data-list") == "ordered", content: detachChildren(li)}
		if m := quillIndentRe.FindStringSubmatch(attr(li, "class")); m != nil {
			e.level, _ = strconv.Atoi(m[1])
		}
		restructureAll(e.content)
		entries = append(entries, e)
	}
	return entries
}

func restructureAll(nodes []*html.Node) {
	for _, n := range nodes {
		if n.Type == html.ElementNode {
			restructure(n)
		}
	}
}

var wordLevelRe = regexp.MustCompile(`(?i)mso-list:\s*l\d+\s+level(\d+)`)

func isWordListItem(n *html.Node) bool {
	return isElem(n, atom.P) && wordLevelRe.MatchString(attr(n, "style"))
}

// wordEntry takes a Word list paragraph apart: its level, its marker (the
// "1." or "·" Word writes as text between <![if !supportLists]> and
// <![endif]>, or in a span styled mso-list:Ignore), and the rest.
func wordEntry(p *html.Node) listEntry {
	e := listEntry{}
	if m := wordLevelRe.FindStringSubmatch(attr(p, "style")); m != nil {
		e.level, _ = strconv.Atoi(m[1])
	}
	var marker strings.Builder
	takeWordMarkers(p, &marker)
	e.ordered = isOrderedMarker(marker.String())
	e.content = detachChildren(p)
	restructureAll(e.content)
	return e
}

func takeWordMarkers(n *html.Node, marker *strings.Builder) {
	inMarker := false
	for ch := n.FirstChild; ch != nil; {
		next := ch.NextSibling
		switch {
		case ch.Type == html.CommentNode && strings.Contains(strings.ToLower(ch.Data), "supportlists"):
			inMarker = true
			n.RemoveChild(ch)
		case ch.Type == html.CommentNode && inMarker && strings.Contains(strings.ToLower(ch.Data), "endif"):
			inMarker = false
			n.RemoveChild(ch)
		case inMarker || ch.Type == html.ElementNode &&
			strings.Contains(strings.ToLower(strings.ReplaceAll(attr(ch, "style"), " ", "")), "mso-list:ignore"):
			marker.WriteString(textContent(ch))
			n.RemoveChild(ch)
		default:
			takeWordMarkers(ch, marker)
		}
		ch = next
	}
}

// isOrderedMarker reports whether a Word list marker numbers its item
// ("1.", "a)", "iv.", "๑.") rather than bulleting it ("·", "o", "§").
func isOrderedMarker(m string) bool {
	m = strings.TrimFunc(m, invisible)
	m = strings.TrimPrefix(m, "(")
	if len(m) < 2 || !strings.ContainsAny(m[len(m)-1:], ".)") {
		return false
	}
	for _, r := range m[:len(m)-1] {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
