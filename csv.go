package newsroom

import (
	"encoding/csv"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CSVCell makes one CSV cell safe to open in a spreadsheet (formula
// injection): a text cell whose first character is = + - @ (or their
// full-width forms), also after leading whitespace, or that begins with a
// tab, CR or LF, gets an apostrophe in front, which spreadsheets read as
// "this is text". A cell that already begins with an apostrophe gets one
// too, so the rule is reversible: drop one leading apostrophe to get the
// stored value back. Plain decimal numbers ("-12", "3.5") are left as they
// are: a number is never a formula, and negative numbers stay numbers.
func CSVCell(s string) string {
	if s == "" || isPlainNumber(s) {
		return s
	}
	switch s[0] {
	case '\'', '\t', '\r', '\n':
		return "'" + s
	}
	t := strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || isInvisible(r) })
	r, _ := utf8.DecodeRuneInString(t)
	switch r {
	case '=', '+', '-', '@', '＝', '＋', '－', '＠':
		return "'" + s
	}
	return s
}

// isInvisible reports zero-width characters a spreadsheet may skip.
func isInvisible(r rune) bool {
	return r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff'
}

// isPlainNumber reports whether s is an optional minus sign, digits and an
// optional decimal part, and nothing else.
func isPlainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasDot := strings.Cut(s, ".")
	return allDigits(intPart) && (!hasDot || allDigits(frac))
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// CSVWriter is a csv.Writer that passes every cell through CSVCell. Every
// CSV the program writes goes through it (TestEveryCSVWriterIsSafe).
type CSVWriter struct{ w *csv.Writer }

// NewCSVWriter returns a safe CSV writer on w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: csv.NewWriter(w)} }

// Write writes one record, each cell made safe.
func (c *CSVWriter) Write(record []string) error {
	safe := make([]string, len(record))
	for i, s := range record {
		safe[i] = CSVCell(s)
	}
	return c.w.Write(safe)
}

// Flush writes buffered data.
func (c *CSVWriter) Flush() { c.w.Flush() }

// Error reports an error from a previous Write or Flush.
func (c *CSVWriter) Error() error { return c.w.Error() }
