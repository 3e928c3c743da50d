package search

import "golang.org/x/text/unicode/norm"

// Chunk tokens let a word index find words inside words, because Thai is
// written without spaces between words: "ทุนการศึกษา" must match inside
// "มหาวิทยาลัยประกาศมอบทุนการศึกษาแก่นักศึกษา". SQLite's FTS5 trigram
// tokenizer would do that, but the driver is built without FTS5 and the
// project builds with a plain `go build`, so the FTS engine
// (fts_sqlite.go) feeds FTS4's `simple` tokenizer with the tokens made here.
// Nothing here is FTS syntax: another word index could take them too.
//
// Text is folded (NFC, lower case, Thai digits as ASCII digits) and every
// run of separators (spaces, punctuation, symbols) becomes one space. The
// folded text is cut into three-code-point chunks three times, starting at
// code point 0, 1 and 2: three streams of tokens, one after the other with
// a filler token (chunkFiller) between them. Every position of the text starts a
// chunk in exactly one stream, and within a stream consecutive tokens are
// consecutive text. A chunk becomes an ASCII token (four base-36 digits a
// code point) that `simple` keeps whole.
//
// A query word w of L ≥ 3 code points becomes the phrase of its chunks
// from its start, w[0:3] w[3:6] …, which matches exactly where the text has
// w[0:3m] (m = L/3) at any position; when L is not a multiple of three, the
// phrase w[L-3:L] must match too. That is L/3 (+1) tokens where a phrase of
// overlapping trigrams needs L-2, for as many index entries (one per code
// point), and FTS4 reads each token's whole position list, so tokens are
// what a query costs. The two phrases of such a word may match at different
// places (w[0:3m] in one place, w[L-3:L] in another), so results are checked
// against the text in Go (hits.go); such a rare stray counts in the total until its
// page is shown. Separators are in the chunks as spaces: a query word has
// none, so its phrase never bridges two words.
//
// Measured at 100,000 items (bench/search/README.md): overlapping trigrams
// took 1.5–2× as long for common Thai words; four-code-point chunks would
// need a prefix query for three-code-point words, which FTS4 answers slowly
// (over 100 ms) without a prefix index.

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

// chunkLen is the chunk length, and the number of streams: a word of
// MinWord code points is one token.
const chunkLen = MinWord

// chunkFiller separates the streams (see above).
const chunkFiller = "0"

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

// grams is the token text indexed for an item's texts (title, body): the
// three chunk streams, separated by the filler, tokens separated by spaces.
func grams(texts ...string) string {
	t := foldForIndex(texts...)
	buf := make([]byte, 0, len(t)*13+8)
	for s := 0; s < chunkLen; s++ {
		if s > 0 {
			buf = append(buf, " "+chunkFiller...)
		}
		for p := s; p < len(t); p += chunkLen {
			if len(buf) > 0 {
				buf = append(buf, ' ')
			}
			buf = appendChunk(buf, t[p:min(p+chunkLen, len(t))])
		}
	}
	return string(buf)
}

// wordPhrases are the phrases that find word w (at least chunkLen code
// points; see above): each the space-separated tokens that must occur in a
// row in one stream.
func wordPhrases(w []rune) []string {
	var b []byte
	p := 0
	for ; p+chunkLen <= len(w); p += chunkLen {
		if p > 0 {
			b = append(b, ' ')
		}
		b = appendChunk(b, w[p:p+chunkLen])
	}
	phrases := []string{string(b)}
	if p < len(w) {
		phrases = append(phrases, string(appendChunk(nil, w[len(w)-chunkLen:])))
	}
	return phrases
}
