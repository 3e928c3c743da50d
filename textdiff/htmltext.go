package textdiff

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// HTMLText returns the text of rich-text HTML (an article body as package
// richtext keeps it) for Diff: paragraphs and other blocks separated by a
// blank line; <br>, list items and table rows on lines of their own; runs
// of white space as one space. An image is written as "[🖼 name]" (its alt
// text, else its file name) and a video placeholder as "[▶ YouTube id]",
// so that a changed picture or video shows in the diff. Scripts, styles
// and other content no reader sees are left out; invalid UTF-8 becomes
// U+FFFD.
func HTMLText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var w textOut
	skip, depth := "", 0 // inside an element whose content is not shown
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return w.b.String()
		case html.TextToken:
			if skip == "" {
				w.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if skip != "" {
				if tag == skip && tt == html.StartTagToken {
					depth++
				} else if tag == skip && tt == html.EndTagToken {
					if depth--; depth == 0 {
						skip = ""
					}
				}
				continue
			}
			var attrs map[string]string
			if hasAttr && tt != html.EndTagToken && (tag == "img" || tag == "div") {
				attrs = tagAttrs(z)
			}
			switch {
			case tt == html.StartTagToken && hiddenTags[tag]:
				skip, depth = tag, 1
				continue
			case tag == "img" && tt != html.EndTagToken:
				w.brk(spaceBreak)
				w.text("[🖼 " + imageName(attrs) + "]")
				w.brk(spaceBreak)
				continue
			case tag == "div" && tt == html.StartTagToken && attrs["data-yt"] != "":
				w.brk(paraBreak)
				w.text("[▶ YouTube " + short(attrs["data-yt"], 20) + "]")
				w.brk(paraBreak)
				skip, depth = tag, 1
				continue
			}
			w.brk(tagBreaks[tag])
		}
	}
}

// Break strengths between pieces of text; the strongest pending one wins.
const (
	noBreak = iota
	spaceBreak
	lineBreak
	paraBreak
)

var hiddenTags = map[string]bool{
	"script": true, "style": true, "template": true, "noscript": true, "title": true,
	"textarea": true, "iframe": true, "object": true, "svg": true, "math": true,
	"head": true, "select": true, "video": true, "audio": true,
}

var tagBreaks = map[string]int{
	"br": lineBreak, "li": lineBreak, "tr": lineBreak, "dt": lineBreak, "dd": lineBreak,
	"figcaption": lineBreak, "td": spaceBreak, "th": spaceBreak,
	"p": paraBreak, "div": paraBreak, "h1": paraBreak, "h2": paraBreak, "h3": paraBreak,
	"h4": paraBreak, "h5": paraBreak, "h6": paraBreak, "blockquote": paraBreak,
	"ul": paraBreak, "ol": paraBreak, "dl": paraBreak, "table": paraBreak,
	"figure": paraBreak, "pre": paraBreak, "hr": paraBreak, "section": paraBreak,
	"article": paraBreak, "header": paraBreak, "footer": paraBreak, "aside": paraBreak,
}

func tagAttrs(z *html.Tokenizer) map[string]string {
	m := map[string]string{}
	for {
		k, v, more := z.TagAttr()
		if len(m) < 16 {
			m[string(k)] = string(v)
		}
		if !more {
			return m
		}
	}
}

// imageName is an image's alt text, else the file name of its src.
func imageName(attrs map[string]string) string {
	if alt := strings.Join(strings.Fields(attrs["alt"]), " "); alt != "" {
		return short(alt, 80)
	}
	src, _, _ := strings.Cut(attrs["src"], "?")
	if src == "" {
		return "?"
	}
	return short(path.Base(src), 80)
}

// short cuts s to at most n runes, with "…" when cut.
func short(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// textOut writes text with the strongest break asked for between pieces.
type textOut struct {
	b       strings.Builder
	pending int
}

func (w *textOut) brk(level int) { w.pending = max(w.pending, level) }

func (w *textOut) text(s string) {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			w.brk(spaceBreak)
			continue
		case r < ' ' || r == 0x7f || 0x80 <= r && r < 0xa0:
			continue
		}
		if w.b.Len() > 0 {
			w.b.WriteString([...]string{"", " ", "\n", "\n\n"}[w.pending])
		}
		w.pending = noBreak
		w.b.WriteRune(r)
	}
}
