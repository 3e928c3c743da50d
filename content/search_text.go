package content

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Site search finds a query anywhere inside a word, because Thai is written
// without spaces between words: "ทุนการศึกษา" must match inside
// "มหาวิทยาลัยประกาศมอบทุนการศึกษาแก่นักศึกษา". SQLite's FTS5 trigram
// tokenizer would do that, but the driver is built without FTS5 and the
// project builds with a plain `go build`, so we feed FTS4's `simple`
// tokenizer with trigrams we make here:
//
//   - text is folded (NFC, lower case, Thai digits as ASCII digits) and split
//     into runs of letters, digits and marks; everything else separates;
//   - every three consecutive code points of a run become one ASCII token
//     (base 36, four characters per code point), so `simple` keeps it whole;
//   - one filler token ("0") stands between runs, so two runs never look
//     adjacent to a phrase query.
//
// A query word of three or more code points becomes the FTS phrase of its
// consecutive trigrams. Because each trigram takes exactly one position and
// runs are kept apart by the filler, the phrase matches exactly the documents
// that contain the word as a substring: no false positives to weed out, so
// counts and pages come straight from the index without loading any text.

// searchMaxRunes bounds the part of a query we read, searchMaxWords the
// words we use and searchMaxWordRunes the length of one word: a pasted
// paragraph must not become a thousand-token phrase.
const (
	searchMaxRunes     = 200
	searchMaxWords     = 8
	searchMaxWordRunes = 48
)

// searchFiller separates runs in the token stream (see above).
const searchFiller = "0"

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

// appendGram appends the token of one trigram: each code point as four
// base-36 digits (36⁴ > 0x10FFFF), so the token is [0-9a-z]{12}.
func appendGram(dst []byte, g [3]rune) []byte {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	for _, r := range g {
		v := uint32(r)
		var d [4]byte
		for i := 3; i >= 0; i-- {
			d[i] = digits[v%36]
			v /= 36
		}
		dst = append(dst, d[:]...)
	}
	return dst
}

// appendRunGrams appends the trigram tokens of one run, each followed by sep
// except the last.
func appendRunGrams(dst []byte, run []rune, sep byte) []byte {
	for i := 0; i+3 <= len(run); i++ {
		if i > 0 {
			dst = append(dst, sep)
		}
		dst = appendGram(dst, [3]rune{run[i], run[i+1], run[i+2]})
	}
	return dst
}

// searchGrams is the token stream indexed for the given texts (title, body…):
// trigram tokens of every run, a filler between runs and between texts.
func searchGrams(texts ...string) string {
	buf := make([]byte, 0, 1024)
	var run []rune
	emit := func() {
		if len(run) >= 3 {
			buf = append(appendRunGrams(buf, run, ' '), ' ')
		}
		if len(run) > 0 {
			buf = append(buf, searchFiller+" "...)
			run = run[:0]
		}
	}
	for _, t := range texts {
		for _, r := range norm.NFC.String(t) {
			if f, ok := foldRune(r); ok {
				run = append(run, f)
			} else {
				emit()
			}
		}
		emit()
	}
	return strings.TrimSuffix(string(buf), " ")
}

// searchQuery is a parsed visitor query.
type searchQuery struct {
	words []string // folded, distinct, in order: all must match
	match string   // FTS4 MATCH expression of the long words; "" if none
	short bool     // every word is shorter than three code points
}

// parseSearchQuery turns what a visitor typed into words and an FTS4
// expression. The expression is built only from our own [0-9a-z] tokens
// inside double quotes, so nothing the visitor types (quotes, *, -, OR,
// NEAR, parentheses) can reach the FTS query syntax.
//
// Words of one or two code points have no trigram. When the query has
// longer words too, the short ones are left out of the match (they are
// mostly particles such as "of", "ใน", "ปี") but still highlighted. When
// every word is short, Search falls back to a bounded title search.
func parseSearchQuery(q string) searchQuery {
	if utf8.RuneCountInString(q) > searchMaxRunes {
		q = string([]rune(q)[:searchMaxRunes])
	}
	var sq searchQuery
	var phrases []string
	for _, w := range searchWords(q) {
		if n := utf8.RuneCountInString(w); n > searchMaxWordRunes {
			w = string([]rune(w)[:searchMaxWordRunes])
		}
		if containsString(sq.words, w) {
			continue
		}
		if len(sq.words) == searchMaxWords {
			break
		}
		sq.words = append(sq.words, w)
		if r := []rune(w); len(r) >= 3 {
			phrases = append(phrases, `"`+string(appendRunGrams(nil, r, ' '))+`"`)
		}
	}
	sq.match = strings.Join(phrases, " ")
	sq.short = len(sq.words) > 0 && len(phrases) == 0
	return sq
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
	words := parseSearchQuery(q).words
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
