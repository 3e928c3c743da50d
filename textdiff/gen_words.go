//go:build ignore

// gen_words turns a hunspell word list (one word a line, an optional first
// line with the count, "/flags" after a word) into words.bin.gz, the
// compact form embedded by dict.go: Thai words only (U+0E01..U+0E5B), each
// rune as one byte (rune-0x0E00+0xA0, the TIS-620 layout), sorted, front
// coded (a byte with the length shared with the previous word, then the
// rest, then '\n'), gzipped.
//
//	go run gen_words.go /usr/share/hunspell/th_TH.dic
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"sort"
	"strings"
)

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	seen := map[string]bool{}
	var words []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w, _, _ := strings.Cut(strings.TrimSpace(sc.Text()), "/")
		var enc []byte
		ok := w != ""
		for _, r := range w {
			if r < 0x0E01 || r > 0x0E5B {
				ok = false
				break
			}
			enc = append(enc, byte(r-0x0E00+0xA0))
		}
		if ok && len(enc) < 256 && !seen[string(enc)] {
			seen[string(enc)] = true
			words = append(words, string(enc))
		}
	}
	sort.Strings(words)
	var raw bytes.Buffer
	prev := ""
	for _, w := range words {
		n := 0
		for n < len(w) && n < len(prev) && w[n] == prev[n] {
			n++
		}
		raw.WriteByte(byte(n))
		raw.WriteString(w[n:])
		raw.WriteByte('\n')
		prev = w
	}
	var out bytes.Buffer
	z, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
	z.Write(raw.Bytes())
	z.Close()
	if err := os.WriteFile("words.bin.gz", out.Bytes(), 0o644); err != nil {
		panic(err)
	}
	fmt.Printf("%d words, %d bytes coded, %d bytes gzipped\n", len(words), raw.Len(), out.Len())
}
