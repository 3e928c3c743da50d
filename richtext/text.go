package richtext

import (
	"html"
	"regexp"
	"strings"
	"unicode"

	xhtml "golang.org/x/net/html"
)

// Break strengths between pieces of text; the strongest pending one wins.
const (
	noBreak = iota
	spaceBreak
	lineBreak
	paraBreak
)

// Text returns the plain text of (sanitised) HTML for search indexing and
// the lead shown on cards: white space collapsed, a line break for <br>,
// list items and table rows, a blank line between paragraphs and other
// blocks. Scripts, styles and the video placeholders' link text are left out.
func Text(s string) string {
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var w textWriter
	skip, depth := "", 0 // inside an element whose content is not text
	lists := 0           // open ul/ol: a nested list is a line, not a paragraph
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			return w.b.String()
		case xhtml.TextToken:
			if skip == "" {
				w.text(string(z.Text()))
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken, xhtml.EndTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if skip != "" {
				if tag == skip && tt == xhtml.StartTagToken {
					depth++
				} else if tag == skip && tt == xhtml.EndTagToken {
					if depth--; depth == 0 {
						skip = ""
					}
				}
				continue
			}
			if tt == xhtml.StartTagToken && (hiddenTags[tag] || tag == "div" && hasAttr && isPlaceholderTag(z)) {
				skip, depth = tag, 1
				continue
			}
			b := tagBreaks[tag]
			if tag == "ul" || tag == "ol" {
				if tt == xhtml.EndTagToken && lists > 0 {
					lists--
				}
				if lists > 0 {
					b = lineBreak
				}
				if tt == xhtml.StartTagToken {
					lists++
				}
			}
			w.brk(b)
		}
	}
}

// hiddenTags hold no text a reader sees.
var hiddenTags = map[string]bool{
	"script": true, "style": true, "template": true, "noscript": true, "noembed": true,
	"noframes": true, "title": true, "textarea": true, "iframe": true, "object": true,
	"svg": true, "math": true, "head": true, "select": true, "video": true, "audio": true,
	"xmp": true,
}

var tagBreaks = map[string]int{
	"br": lineBreak, "li": lineBreak, "tr": lineBreak, "dt": lineBreak, "dd": lineBreak,
	"figcaption": lineBreak, "td": spaceBreak, "th": spaceBreak,
	"p": paraBreak, "div": paraBreak, "h1": paraBreak, "h2": paraBreak, "h3": paraBreak,
	"h4": paraBreak, "h5": paraBreak, "h6": paraBreak, "blockquote": paraBreak, "ul": paraBreak,
	"ol": paraBreak, "dl": paraBreak, "table": paraBreak, "figure": paraBreak, "pre": paraBreak,
	"hr": paraBreak, "section": paraBreak, "article": paraBreak, "header": paraBreak,
	"footer": paraBreak, "aside": paraBreak, "nav": paraBreak, "main": paraBreak,
	"address": paraBreak, "form": paraBreak, "fieldset": paraBreak, "details": paraBreak,
	"summary": paraBreak, "caption": paraBreak, "center": paraBreak,
}

func isPlaceholderTag(z *xhtml.Tokenizer) bool {
	for {
		k, v, more := z.TagAttr()
		if string(k) == "class" && strings.TrimSpace(string(v)) == "yt" {
			return true
		}
		if !more {
			return false
		}
	}
}

type textWriter struct {
	b       strings.Builder
	pending int
}

func (w *textWriter) brk(level int) { w.pending = max(w.pending, level) }

func (w *textWriter) text(s string) {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			w.brk(spaceBreak)
			continue
		case r < ' ' || r == 0x7f || (0x80 <= r && r < 0xa0):
			continue
		}
		if w.b.Len() > 0 {
			w.b.WriteString([...]string{"", " ", "\n", "\n\n"}[w.pending])
		}
		w.pending = noBreak
		w.b.WriteRune(r)
	}
}

// Lead returns the first n runes of Text(html) on one line, with "…" when
// cut. It cuts at a space when one lies in the second half of the limit;
// Thai writes words without spaces, so otherwise it cuts at n runes, but
// never between a character and the vowel or tone marks above and below
// it, nor right after a leading vowel (เ แ โ ใ ไ) that belongs to the next
// (if the first character and its marks are longer than n, it is kept whole).
func Lead(html string, n int) string {
	t := strings.Join(strings.Fields(Text(html)), " ")
	r := []rune(t)
	if len(r) <= n {
		return t
	}
	if n <= 0 {
		return ""
	}
	cut := -1
	for i := n; i > n/2; i-- {
		if r[i] == ' ' || r[i] == '\u200b' {
			cut = i
			break
		}
	}
	if cut < 0 {
		cut = n
		for cut > 0 && isCombining(r[cut]) {
			cut--
		}
		for cut > 0 && isLeadingVowel(r[cut-1]) {
			cut--
		}
		if cut == 0 {
			// The first character cluster alone is longer than n:
			// keep it whole rather than break it.
			for cut = n; cut < len(r) && isCombining(r[cut]); cut++ {
			}
			if cut == len(r) {
				return t
			}
		}
	}
	return strings.TrimRightFunc(string(r[:cut]), invisible) + "…"
}

// isCombining reports marks drawn on the character before them: Thai
// above/below vowels and tone marks (U+0E31, U+0E34–U+0E3A, U+0E47–U+0E4E)
// and any other non-spacing or enclosing mark.
func isCombining(r rune) bool {
	return r == 0x0e31 || 0x0e34 <= r && r <= 0x0e3a || 0x0e47 <= r && r <= 0x0e4e ||
		unicode.In(r, unicode.Mn, unicode.Me)
}

// isLeadingVowel reports Thai vowels written before the consonant they follow
// in speech (U+0E40–U+0E44): a cut right after one leaves it dangling.
func isLeadingVowel(r rune) bool { return 0x0e40 <= r && r <= 0x0e44 }

// urlRe finds bare web addresses in plain text.
var urlRe = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"]+`)

// plainToHTML turns plain text (a LINE message) into HTML: blank lines
// separate paragraphs, other line breaks become <br>, http(s) URLs become
// links (cleaned like any other link).
func plainToHTML(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	open := false
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" && open:
			b.WriteString("</p>\n")
			open = false
			continue
		case line == "":
			continue
		case open:
			b.WriteString("<br>")
		default:
			b.WriteString("<p>")
			open = true
		}
		linkify(&b, line)
	}
	if open {
		b.WriteString("</p>")
	}
	return b.String()
}

func linkify(b *strings.Builder, line string) {
	last := 0
	for _, m := range urlRe.FindAllStringIndex(line, -1) {
		start, end := m[0], trimURLEnd(line[m[0]:m[1]])+m[0]
		b.WriteString(html.EscapeString(line[last:start]))
		if href, ok := cleanHref(line[start:end]); ok && isWeb(href) {
			b.WriteString(`<a href="` + html.EscapeString(href) + `">` + html.EscapeString(href) + `</a>`)
		} else {
			b.WriteString(html.EscapeString(line[start:end]))
		}
		last = end
	}
	b.WriteString(html.EscapeString(line[last:]))
}

// trimURLEnd returns the length of u without trailing punctuation that ends
// the sentence rather than the URL, and without an unbalanced ")".
func trimURLEnd(u string) int {
	for len(u) > 0 {
		c := u[len(u)-1]
		switch {
		case strings.IndexByte(".,;:!?'*", c) >= 0:
		case c == ')' && strings.Count(u, "(") < strings.Count(u, ")"):
		default:
			return len(u)
		}
		u = u[:len(u)-1]
	}
	return 0
}
