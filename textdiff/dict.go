package textdiff

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// wordsGz is the Thai word list of hunspell-th (see NOTICE), made by
// gen_words.go: 51,625 words in 161 KB.
//
//go:embed words.bin.gz
var wordsGz []byte

// dict is a sorted word list in one string: word i is all[off[i]:off[i+1]].
// Prefix searches narrow a range of it with binary search, so the list
// costs its text and 4 bytes a word, with no tree of nodes.
type dict struct {
	all   string
	off   []uint32
	first [0x5C][2]int32 // the range of words starting with rune 0x0E00+i
}

var (
	thaiOnce sync.Once
	thaiDict *dict
)

// thai returns the embedded Thai dictionary, decoded on first use.
func thai() *dict {
	thaiOnce.Do(func() {
		d, err := decodeDict(wordsGz)
		if err != nil {
			panic("textdiff: embedded word list: " + err.Error()) // a build error, not input
		}
		thaiDict = d
	})
	return thaiDict
}

func decodeDict(gz []byte) (*dict, error) {
	z, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(z)
	if err != nil {
		return nil, err
	}
	var all strings.Builder
	all.Grow(len(raw) * 4)
	d := &dict{off: make([]uint32, 1, 60000)}
	var prev []byte
	for len(raw) > 0 {
		n := int(raw[0])
		end := 1 + bytes.IndexByte(raw[1:], '\n') // the length byte may be '\n' too
		if end < 1 || n > len(prev) {
			return nil, io.ErrUnexpectedEOF
		}
		w := append(prev[:n], raw[1:end]...)
		for _, c := range w {
			all.WriteRune(rune(c) - 0xA0 + 0x0E00)
		}
		d.off = append(d.off, uint32(all.Len()))
		prev, raw = w, raw[end+1:]
	}
	d.all = all.String()
	d.index()
	return d, nil
}

// newDict makes a dictionary of the given words (for tests).
func newDict(words ...string) *dict {
	ws := append([]string(nil), words...)
	sort.Strings(ws)
	d := &dict{off: []uint32{0}}
	var all strings.Builder
	for i, w := range ws {
		if i > 0 && w == ws[i-1] {
			continue
		}
		all.WriteString(w)
		d.off = append(d.off, uint32(all.Len()))
	}
	d.all = all.String()
	d.index()
	return d
}

func (d *dict) len() int          { return len(d.off) - 1 }
func (d *dict) word(i int) string { return d.all[d.off[i]:d.off[i+1]] }

// narrow returns the range of words in [lo, hi) that start with p, given
// that all words in [lo, hi) start with p[:k] for some k ≤ len(p) (so a
// caller extending a prefix step by step keeps narrowing one range).
func (d *dict) narrow(lo, hi int, p string) (int, int) {
	l, h := lo, hi
	for l < h { // the first word >= p
		m := int(uint(l+h) >> 1)
		if d.word(m) < p {
			l = m + 1
		} else {
			h = m
		}
	}
	lo = l
	for h = hi; l < h; { // the first word after it without the prefix p
		m := int(uint(l+h) >> 1)
		if w := d.word(m); len(w) >= len(p) && w[:len(p)] == p {
			l = m + 1
		} else {
			h = m
		}
	}
	return lo, l
}

// has reports whether word is in [lo, hi), the range of words with prefix word.
func (d *dict) has(lo, hi int, word string) bool {
	return lo < hi && d.word(lo) == word
}

// firstRange returns the range of words that start with the first rune of s.
func (d *dict) firstRange(s string) (int, int) {
	r, _ := utf8.DecodeRuneInString(s)
	if r < 0x0E00 || r >= 0x0E00+rune(len(d.first)) {
		return 0, 0
	}
	f := d.first[r-0x0E00]
	return int(f[0]), int(f[1])
}

// index fills first from the sorted words.
func (d *dict) index() {
	for i := range d.first {
		p := string(rune(0x0E00 + i))
		lo, hi := d.narrow(0, d.len(), p)
		d.first[i] = [2]int32{int32(lo), int32(hi)}
	}
}
