package textdiff

// Diff returns the word-level changes that turn a into b. Joining the Equal
// and Delete spans gives a; joining the Equal and Insert spans gives b.
// Adjacent spans never share an Op. (First version: whole-text replace; the
// word diff follows.)
func Diff(a, b string) []Span {
	if a == b {
		if a == "" {
			return nil
		}
		return []Span{{Equal, a}}
	}
	var out []Span
	if a != "" {
		out = append(out, Span{Delete, a})
	}
	if b != "" {
		out = append(out, Span{Insert, b})
	}
	return out
}

// Words splits s into tokens whose concatenation is s. (First version: one
// token per rune; Thai word segmentation follows.)
func Words(s string) []string {
	var out []string
	prev := 0
	for i := range s {
		if i > prev {
			out = append(out, s[prev:i])
		}
		prev = i
	}
	if prev < len(s) {
		out = append(out, s[prev:])
	}
	return out
}
