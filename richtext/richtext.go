// Package richtext makes the rich-text body of a news item safe to store and
// show, and reads text and YouTube IDs out of what staff paste.
//
// Staff write in our editor (Quill 2) and paste from Word, Facebook and LINE.
// Sanitize turns any of that into a small, fixed HTML vocabulary (paragraphs,
// headings, bold/italic/underline/strike, lists, quotes, tables, links,
// images from our own media store, click-to-load YouTube placeholders): no
// scripts, event handlers, styles, classes or foreign resources. It is called
// once on save; pages render only the stored, sanitised copy (DESIGN rule
// 11), so the policy can change without touching templates.
//
// Sanitize works in two stages. A converter walks the HTML5 parse tree and
// builds the output from scratch, which is where Word's and Facebook's
// markup is understood and cleaned (spans unwrapped, Quill and Word lists
// made real lists, redirect links unwrapped, tracking parameters removed).
// A bluemonday allow-list policy then checks the result as a second,
// independent line of defence.
package richtext

import (
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxInput is the largest body, in bytes, that callers should accept:
// longer bodies are refused with a field error before calling Sanitize.
// Sanitize itself stays safe (though slower) on any input.
const MaxInput = 512 << 10

// policy is the final allow-list check. A bluemonday policy is safe for
// concurrent use once built, and this one is never changed after.
var policy = newPolicy()

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "strong", "em", "u", "s", "h2", "h3", "h4", "blockquote",
		"ul", "ol", "li", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^noopener noreferrer$`)).OnElements("a")
	p.AllowAttrs("target").Matching(regexp.MustCompile(`^_blank$`)).OnElements("a")
	p.AllowAttrs("src").Matching(regexp.MustCompile(`^/media/[^\s]+$`)).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^yt$`)).OnElements("div")
	p.AllowAttrs("data-yt").Matching(regexp.MustCompile(`^[A-Za-z0-9_-]{11}$`)).OnElements("div")
	p.AllowAttrs("colspan", "rowspan").Matching(regexp.MustCompile(`^[1-9][0-9]{0,2}$`)).OnElements("td", "th")
	return p
}

// Sanitize returns the safe HTML to store for a news body pasted from Word,
// Facebook, LINE or typed in our editor (Quill 2).
//
// Input without any HTML tag (a LINE message) is read as plain text: blank
// lines separate paragraphs, other line breaks become <br>, bare http(s)
// URLs become links. The output is stable: Sanitize(Sanitize(x)) ==
// Sanitize(x).
func Sanitize(in string) string {
	if isBlankText(in) {
		return ""
	}
	if !tagRe.MatchString(in) {
		in = plainToHTML(in)
	}
	nodes, err := parse(in)
	if err != nil {
		// Only nesting deeper than the parser's limit (512) fails; such
		// input is no real document, so keep its text.
		if nodes, err = parse(plainToHTML(Text(in))); err != nil {
			return ""
		}
	}
	body := elem(atom.Body)
	appendAll(body, nodes)
	restructure(body)
	var c converter
	blocks := topLevel(c.children(body))

	var b strings.Builder
	for i, n := range blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		if err := html.Render(&b, n); err != nil {
			return "" // unreachable: rendering to a strings.Builder cannot fail
		}
	}
	out := policy.Sanitize(b.String())
	// "javascript:" can only be left in text or inside a harmless URL; write
	// its colon as a reference so stored bodies never contain the string.
	out = jsRe.ReplaceAllStringFunc(out, func(s string) string { return s[:len(s)-1] + "&#58;" })
	return strings.TrimSpace(out)
}

var (
	// tagRe finds something that is unmistakably a tag or a comment; "a < b"
	// or "<<ด่วน>>" in a LINE message is text.
	tagRe = regexp.MustCompile(`(?i)<(?:/?[a-z][a-z0-9:-]*(?:\s[^<>]*)?/?>|!--)`)
	jsRe  = regexp.MustCompile(`(?i)javascript:`)
)

func parse(s string) ([]*html.Node, error) {
	return html.ParseFragment(strings.NewReader(s), elem(atom.Body))
}
