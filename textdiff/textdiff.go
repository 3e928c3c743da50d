// Package textdiff shows what changed between two texts, word by word.
//
// Thai is written without spaces between words, so a line diff would mark a
// whole paragraph changed for one word. Words splits text into Thai words
// (dictionary-based maximal matching over Thai character clusters), Latin
// words, numbers, spaces and punctuation; Diff compares the two token
// sequences with Myers' O(ND) algorithm under a work bound and returns
// merged spans; HTML renders them with <del> and <ins>. HTMLText turns an
// article's rich-text body into the text to compare.
//
// The Thai word list is hunspell-th's (NECTEC, LGPL), embedded in 161 KB;
// see NOTICE for its source, licence and how to rebuild it.
package textdiff

import (
	"html/template"
	"strings"
)

// Op is what a span does to the old text.
type Op int

const (
	Equal  Op = iota // in both texts
	Insert           // only in the new text
	Delete           // only in the old text
)

func (o Op) String() string {
	switch o {
	case Insert:
		return "Insert"
	case Delete:
		return "Delete"
	}
	return "Equal"
}

// Span is a run of text with one Op.
type Span struct {
	Op   Op
	Text string
}

// HTML renders spans as escaped text with deleted text in <del> and
// inserted text in <ins>; line breaks become <br>.
func HTML(spans []Span) template.HTML {
	var b strings.Builder
	for _, s := range spans {
		if s.Text == "" {
			continue
		}
		switch s.Op {
		case Insert:
			b.WriteString("<ins>")
		case Delete:
			b.WriteString("<del>")
		}
		writeEscaped(&b, s.Text)
		switch s.Op {
		case Insert:
			b.WriteString("</ins>")
		case Delete:
			b.WriteString("</del>")
		}
	}
	return template.HTML(b.String())
}

// writeEscaped writes s HTML-escaped, with "\r\n", "\n" and "\r" as <br>.
func writeEscaped(b *strings.Builder, s string) {
	for len(s) > 0 {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			b.WriteString(template.HTMLEscapeString(s))
			return
		}
		b.WriteString(template.HTMLEscapeString(s[:i]))
		b.WriteString("<br>")
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]
	}
}

// Changed reports whether any span inserts or deletes text.
func Changed(spans []Span) bool {
	for _, s := range spans {
		if s.Op != Equal && s.Text != "" {
			return true
		}
	}
	return false
}
