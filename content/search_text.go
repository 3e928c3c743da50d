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
// tokenizer with tokens we make here.
//
// Text is folded (NFC, lower case, Thai digits as ASCII digits) and every
// run of separators (spaces, punctuation, symbols) becomes one space. The
// folded text is cut into three-code-point chunks three times, starting at
// code point 0, 1 and 2: three streams of tokens, one after the other with
// a filler token ("0") between them. Every position of the text starts a
// chunk in exactly one stream, and within a stream consecutive tokens are
// consecutive text. A chunk becomes an ASCII token (four base-36 digits a
// code point) that `simple` keeps whole.
//
// A query word w of L ≥ 3 code points becomes the FTS phrase of its chunks
// from its start, w[0:3] w[3:6] …, which matches exactly where the text has
// w[0:3m] (m = L/3) at any position; when L is not a multiple of three, the
// phrase w[L-3:L] must match too. That is L/3 (+1) tokens where a phrase of
// overlapping trigrams needs L-2, for as many index entries (one per code
// point), and FTS4 reads each token's whole position list, so tokens are
// what a query costs. The two phrases of such a word may match at different
// places (w[0:3m] in one place, w[L-3:L] in another), so results are checked
// against the text in Go; such a rare stray counts in the total until its
// page is shown. Separators are in the chunks as spaces: a query word has
// none, so its phrase never bridges two words.
//
// Measured at 100,000 items (bench/search/README.md): overlapping trigrams
// took 1.5–2× as long for common Thai words; four-code-point chunks would
// need a prefix query for three-code-point words, which FTS4 answers slowly
// (over 100 ms) without a prefix index.

// searchMaxRunes bounds the part of a query we read, searchMaxWords the
// words we use and searchMaxWordRunes the length of one word: a pasted
// paragraph must not become a thousand-token phrase.
const (
	searchMaxRunes     = 200
	searchMaxWords     = 8
	searchMaxWordRunes = 48
)

// searchFiller separates the streams (see above).
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

// appendChunk appends the token of a chunk (up to three code points; the
// last chunks of a stream may be shorter): each code point as four base-36
// digits (36⁴ > 0x10FFFF), so a token is [0-9a-z]{4,12}.
func appendChunk(dst []byte, chunk []rune) []byte {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	for _, r := range chunk {
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

// searchChunk is the chunk length, and the number of streams.
const searchChunk = 3

// foldForIndex folds the texts into one rune slice with single spaces
// between words and texts.
func foldForIndex(texts ...string) []rune {
	var out []rune
	space := true // at the start: drop leading separators
	for _, t := range texts {
		for _, r := range norm.NFC.String(t) {
			f, ok := foldRune(r)
			switch {
			case ok:
				out, space = append(out, f), false
			case !space:
				out, space = append(out, ' '), true
			}
		}
		if !space {
			out, space = append(out, ' '), true
		}
	}
	if space && len(out) > 0 {
		out = out[:len(out)-1]
	}
	return out
}

// searchGrams is the token text indexed for an item's texts (title, body):
// the three chunk streams, separated by the filler.
func searchGrams(texts ...string) string {
	t := foldForIndex(texts...)
	buf := make([]byte, 0, len(t)*13+8)
	for s := 0; s < searchChunk; s++ {
		if s > 0 {
			buf = append(buf, " "+searchFiller...)
		}
		for p := s; p < len(t); p += searchChunk {
			if len(buf) > 0 {
				buf = append(buf, ' ')
			}
			buf = appendChunk(buf, t[p:min(p+searchChunk, len(t))])
		}
	}
	return string(buf)
}

// wordPhrases are the FTS phrases that find word w (at least three code
// points; see above).
func wordPhrases(w []rune) []string {
	var b []byte
	p := 0
	for ; p+searchChunk <= len(w); p += searchChunk {
		if p > 0 {
			b = append(b, ' ')
		}
		b = appendChunk(b, w[p:p+searchChunk])
	}
	phrases := []string{`"` + string(b) + `"`}
	if p < len(w) {
		phrases = append(phrases, `"`+string(appendChunk(nil, w[len(w)-searchChunk:]))+`"`)
	}
	return phrases
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
// Words of one or two code points would need a prefix query, which FTS4
// answers slowly. When the query has longer words too, the short ones are
// left out of the match (they are mostly particles such as "of", "ใน",
// "ปี") but still highlighted. When every word is short, Search falls back
// to a bounded title search.
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
		if r := []rune(w); len(r) >= searchChunk {
			for _, p := range wordPhrases(r) {
				if !containsString(phrases, p) {
					phrases = append(phrases, p)
				}
			}
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

// ShortSearchWords tells a search page how Search treats the words of q
// that are shorter than three code points, so it can say so
// (search.short_titles, search.short_ignored): titlesOnly when every word
// is that short (only recent headlines are searched); otherwise ignored
// lists the short words left out (folded to lower case).
func ShortSearchWords(q string) (titlesOnly bool, ignored []string) {
	sq := parseSearchQuery(q)
	if sq.short {
		return true, nil
	}
	for _, w := range sq.words {
		if utf8.RuneCountInString(w) < searchChunk {
			ignored = append(ignored, w)
		}
	}
	return false, ignored
}
