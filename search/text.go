package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text is folded for search (NFC, lower case, Thai digits as ASCII digits;
// spaces, punctuation and symbols are separators) the same way whatever
// engine indexes it: a query's words, the check of a hit against its text,
// its snippet and the highlighting of matches all use the folding here.
// Words match anywhere inside the text, inside other words too, because
// Thai is written without spaces between words.

// maxQueryRunes bounds the part of a query we read, maxWords the words we
// use and maxWordRunes the length of one word: a pasted paragraph must not
// become a thousand-token phrase.
const (
	maxQueryRunes = 200
	maxWords      = 8
	maxWordRunes  = 48
)

// MinWord is the length in code points of the shortest word an engine
// indexes. A query whose words are all shorter is looked for in recent
// titles only (see Query.Short); shorter words beside longer ones are left
// out of the index query but still checked and highlighted.
const MinWord = 3

// foldRune maps r to its search form: lower case, Thai digits as ASCII
// digits. ok is false for a separator (space, punctuation, symbol). The
// mapping is one rune to one rune, so positions in folded text are
// positions in the original.
func foldRune(r rune) (rune, bool) {
	switch {
	case r >= '๐' && r <= '๙':
		return '0' + (r - '๐'), true
	case r < utf8.RuneSelf:
		switch {
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A'), true
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r, true
		}
		return r, false
	case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
		return unicode.ToLower(r), true
	}
	return r, false
}

// searchWords splits s into folded words (runs of non-separators), in order.
func searchWords(s string) []string {
	s = norm.NFC.String(s)
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		f, ok := foldRune(r)
		if !ok {
			flush()
			continue
		}
		b.WriteRune(f)
	}
	flush()
	return words
}

// ParseWords turns what a visitor typed into the folded words a search
// looks for: distinct, in order, at most maxWords of at most maxWordRunes
// code points each. Nothing of a query's syntax survives: words are runs of
// letters, marks and digits.
func ParseWords(q string) []string {
	if utf8.RuneCountInString(q) > maxQueryRunes {
		q = string([]rune(q)[:maxQueryRunes])
	}
	var words []string
	for _, w := range searchWords(q) {
		if n := utf8.RuneCountInString(w); n > maxWordRunes {
			w = string([]rune(w)[:maxWordRunes])
		}
		if containsString(words, w) {
			continue
		}
		if len(words) == maxWords {
			break
		}
		words = append(words, w)
	}
	return words
}

// longWords are the words of at least MinWord code points: the ones an
// engine looks up.
func longWords(words []string) []string {
	var out []string
	for _, w := range words {
		if utf8.RuneCountInString(w) >= MinWord {
			out = append(out, w)
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// foldedText is a text with its folded runes and where each starts.
type foldedText struct {
	text  string // NFC form of the original
	runes []rune // folded; separators kept as they are
	at    []int  // byte offset in text of each rune, plus len(text)
}

func foldText(s string) foldedText {
	ft := foldedText{text: norm.NFC.String(s)}
	ft.runes = make([]rune, 0, len(ft.text))
	ft.at = make([]int, 0, len(ft.text)+1)
	for i, r := range ft.text {
		f, ok := foldRune(r)
		if !ok {
			f = ' ' // a separator never matches a query rune
		}
		ft.runes = append(ft.runes, f)
		ft.at = append(ft.at, i)
	}
	ft.at = append(ft.at, len(ft.text))
	return ft
}

// index returns the rune position of the first w in ft at or after from, or -1.
func (ft foldedText) index(w []rune, from int) int {
	if len(w) == 0 {
		return -1
	}
outer:
	for i := from; i+len(w) <= len(ft.runes); i++ {
		for j, r := range w {
			if ft.runes[i+j] != r {
				continue outer
			}
		}
		return i
	}
	return -1
}

// first returns the earliest position of any of words, or -1.
func (ft foldedText) first(words []string) int {
	best := -1
	for _, w := range words {
		if p := ft.index([]rune(w), 0); p >= 0 && (best < 0 || p < best) {
			best = p
		}
	}
	return best
}

// containsAll reports whether every word occurs in one of the texts.
func containsAll(words []string, texts ...foldedText) bool {
	for _, w := range words {
		found := false
		for _, t := range texts {
			if t.index([]rune(w), 0) >= 0 {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Segment is a piece of text that a template prints, wrapped in <mark> when
// Match is set.
type Segment struct {
	Text  string
	Match bool
}

// Highlight splits text around the case-insensitive matches of the query's
// words (Thai ones inside words too) so a template can mark them. Text is
// returned in Unicode NFC, which looks the same. Overlapping matches merge.
func Highlight(text, q string) []Segment {
	words := ParseWords(q)
	if text == "" {
		return nil
	}
	ft := foldText(text)
	mark := make([]bool, len(ft.runes))
	for _, w := range words {
		wr := []rune(w)
		for p := ft.index(wr, 0); p >= 0; p = ft.index(wr, p+1) {
			for i := p; i < p+len(wr); i++ {
				mark[i] = true
			}
		}
	}
	var segs []Segment
	start := 0
	for i := 1; i <= len(mark); i++ {
		if i == len(mark) || mark[i] != mark[start] {
			segs = append(segs, Segment{Text: ft.text[ft.at[start]:ft.at[i]], Match: len(mark) > 0 && mark[start]})
			start = i
		}
	}
	if len(segs) == 0 {
		segs = []Segment{{Text: ft.text}}
	}
	return segs
}

// snippetRunes is the length of a result's snippet.
const snippetRunes = 160

// snippet is about snippetRunes of body around the first match of words, cut
// at a space where one is near, with "…" where text was left out; "" when
// no word occurs in body.
func snippet(body foldedText, words []string) string {
	p := body.first(words)
	if p < 0 {
		return ""
	}
	n := len(body.runes)
	start := max(0, p-snippetRunes/3)
	// Prefer to start just after a separator close before the cut.
	for i := start; i > 0 && i > start-20; i-- {
		if body.runes[i-1] == ' ' {
			start = i
			break
		}
	}
	end := min(n, start+snippetRunes)
	for i := end; i < n && i < end+20; i++ {
		if body.runes[i] == ' ' {
			end = i
			break
		}
	}
	s := strings.TrimSpace(body.text[body.at[start]:body.at[end]])
	s = strings.Join(strings.Fields(s), " ")
	if start > 0 {
		s = "…" + s
	}
	if end < n {
		s += "…"
	}
	return s
}

// ShortWords tells a search page how a search treats the words of q that
// are shorter than MinWord code points, so it can say so
// (search.short_titles, search.short_ignored): titlesOnly when every word
// is that short (only recent titles are searched); otherwise ignored lists
// the short words left out (folded to lower case).
func ShortWords(q string) (titlesOnly bool, ignored []string) {
	words := ParseWords(q)
	long := longWords(words)
	if len(words) > 0 && len(long) == 0 {
		return true, nil
	}
	for _, w := range words {
		if utf8.RuneCountInString(w) < MinWord {
			ignored = append(ignored, w)
		}
	}
	return false, ignored
}
