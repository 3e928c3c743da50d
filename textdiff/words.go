package textdiff

import (
	"unicode"
	"unicode/utf8"
)

// Words splits s into tokens whose concatenation is s: Thai words, runs of
// other letters and digits (a number keeps its inner "," and "."), runs of
// spaces and tabs, each line break ("\n", "\r\n" or "\r"), and every other
// rune (punctuation, symbols, ๆ, ฯ) on its own. Each byte of invalid UTF-8
// is a token of its own.
//
// Thai runs are segmented with the embedded dictionary by maximal matching:
// the segmentation with the fewest characters outside dictionary words, and
// then the fewest words. Words only end between Thai character clusters, so
// a word is never split between a consonant and its vowels or tone marks,
// and characters outside the dictionary are kept together as one token.
func Words(s string) []string {
	return appendWords(nil, s, thai())
}

func appendWords(out []string, s string, d *dict) []string {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		switch {
		case r == utf8.RuneError && n == 1:
			// an invalid byte: a token of its own
		case isThai(r):
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !isThai(r) {
					break
				}
				j += n
			}
			out = d.segment(out, s[i:j])
			i = j
			continue
		case r == ' ' || r == '\t':
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
		case r == '\r':
			if j < len(s) && s[j] == '\n' {
				j++
			}
		case isAlnum(r):
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if isAlnum(r) {
					j += n
					continue
				}
				// 1,234.50: a separator between two digits stays in the number
				if (r == ',' || r == '.') && isDigit(lastRune(s[i:j])) && j+1 < len(s) {
					if r2, _ := utf8.DecodeRuneInString(s[j+1:]); isDigit(r2) {
						j++
						continue
					}
				}
				break
			}
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '๐' && r <= '๙' }

// isAlnum: letters, marks and digits of scripts other than Thai letters;
// Thai digits count as digits.
func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return isDigit(r) || !isThai(r) && r != utf8.RuneError &&
		(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r))
}

// isThai reports whether r belongs inside a Thai word: consonants, vowels,
// tone marks and signs, but not ฯ, ฿, ๆ, ๏, digits or ๚ ๛.
func isThai(r rune) bool {
	return r >= 0x0E01 && r <= 0x0E4E && r != 0x0E2F && r != 0x0E3F && r != 0x0E46
}

// joinsPrev reports whether Thai rune r always belongs to the cluster of
// the rune before it: a following vowel (ะ ั า ำ ิ ี ึ ื ุ ู ฺ ๅ), a tone
// mark or another sign written above (็ ่ ้ ๊ ๋ ์ ํ ๎).
func joinsPrev(r rune) bool {
	return r == 0x0E30 || r == 0x0E31 || r == 0x0E32 || r == 0x0E33 ||
		r >= 0x0E34 && r <= 0x0E3A || r == 0x0E45 || r >= 0x0E47 && r <= 0x0E4E
}

// isLeading reports whether r is a vowel written before its consonant
// (เ แ โ ใ ไ), which always belongs to the cluster of the rune after it.
func isLeading(r rune) bool { return r >= 0x0E40 && r <= 0x0E44 }

// clusters returns the byte offsets of the boundaries between the Thai
// character clusters of run (a run of isThai runes), 0 and len(run)
// included. A boundary never falls after a leading vowel or before a
// following vowel or mark.
func clusters(bounds []int, run string) []int {
	bounds = append(bounds[:0], 0)
	prevLeading := false
	for i, r := range run {
		if i > 0 && !prevLeading && !joinsPrev(r) {
			bounds = append(bounds, i)
		}
		prevLeading = isLeading(r)
	}
	return append(bounds, len(run))
}

// segment appends the words of a Thai run to out. Over the cluster
// boundaries it finds, by dynamic programming, the segmentation into
// dictionary words and single unknown clusters with the fewest unknown
// clusters, then the fewest tokens; adjacent unknown clusters are then
// joined into one token.
func (d *dict) segment(out []string, run string) []string {
	b := clusters(make([]int, 0, len(run)/3+2), run)
	n := len(b) - 1
	type cost struct {
		unknown, tokens int32
		from            int32 // the boundary this step started from
		known           bool  // the step was a dictionary word
	}
	best := make([]cost, n+1)
	for i := 1; i <= n; i++ {
		best[i].unknown = -1 // not reached yet
	}
	better := func(c, than cost) bool {
		return than.unknown < 0 || c.unknown < than.unknown ||
			c.unknown == than.unknown && c.tokens < than.tokens
	}
	for i := 0; i < n; i++ {
		c := best[i]
		// an unknown cluster
		u := cost{c.unknown + 1, c.tokens + 1, int32(i), false}
		if better(u, best[i+1]) {
			best[i+1] = u
		}
		// dictionary words starting here and ending at a boundary
		lo, hi := d.firstRange(run[b[i]:])
		for j := i + 1; j <= n && lo < hi; j++ {
			w := run[b[i]:b[j]]
			lo, hi = d.narrow(lo, hi, w)
			if d.has(lo, hi, w) {
				k := cost{c.unknown, c.tokens + 1, int32(i), true}
				if better(k, best[j]) {
					best[j] = k
				}
			}
		}
	}
	// walk back, then emit in order, joining unknown clusters
	steps := make([]int32, 0, n/2+1)
	for j := n; j > 0; j = int(best[j].from) {
		steps = append(steps, int32(j))
	}
	start := 0
	for k := len(steps) - 1; k >= 0; k-- {
		j := int(steps[k])
		if !best[j].known && k > 0 && !best[steps[k-1]].known {
			continue // the next step is unknown too: keep them together
		}
		out = append(out, run[b[start]:b[j]])
		start = j
	}
	return out
}
