package roles

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxCitizenIDInput bounds what NormalizeCitizenID reads: 13 digits with a
// three-byte separator between each are 49 bytes, so anything much longer is
// junk and refused before it is scanned.
const maxCitizenIDInput = 128

// NormalizeCitizenID is the one place a citizen ID typed by a person (login,
// user form, command line) becomes the stored form: 13 ASCII digits with a
// valid check digit. It drops whitespace of any kind, dashes and invisible
// format characters wherever they stand ("1-2345-67890-12-1", "1 2345 ...",
// a pasted NBSP or zero-width space) and refuses everything else, Thai and
// full-width digits included (the form asks for numeric input): ok is false,
// and the ID must then not be used as a throttle key or looked up. The result
// is a fixed point: NormalizeCitizenID(id) == (id, true) for every id it
// returns.
func NormalizeCitizenID(s string) (id string, ok bool) {
	if len(s) > maxCitizenIDInput {
		return "", false
	}
	var b [13]byte
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			if n == len(b) {
				return "", false
			}
			b[n] = byte(r)
			n++
			continue
		}
		if !citizenIDSeparator(r) {
			return "", false // includes utf8.RuneError: invalid UTF-8
		}
	}
	if n != len(b) || !ValidCitizenID(string(b[:])) {
		return "", false
	}
	return string(b[:]), true
}

// citizenIDSeparator reports the characters that may stand between digits
// and carry no meaning: whitespace, dashes and minus signs, and invisible
// format characters (zero-width space, BOM, joiners) that copying inserts.
func citizenIDSeparator(r rune) bool {
	if r == utf8.RuneError {
		return false
	}
	switch r {
	case '-', '\u00ad', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe58', '\ufe63', '\uff0d':
		return true
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
}

// ValidCitizenID reports whether id is 13 ASCII digits whose last digit is the
// mod-11 check digit: d13 = (11 - Σ d_i·(14-i) mod 11) mod 10, i = 1..12.
// It checks an already normalised ID; input from outside goes through
// NormalizeCitizenID.
func ValidCitizenID(id string) bool {
	if len(id) != 13 {
		return false
	}
	sum := 0
	for i := 0; i < 13; i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
		if i < 12 {
			sum += int(id[i]-'0') * (13 - i)
		}
	}
	return int(id[12]-'0') == (11-sum%11)%10
}

// MaskCitizenID hides all but the last three digits, keeping the usual
// grouping: "x-xxxx-xxxxx-12-3". Anything that is not 13 ASCII digits becomes
// one "x" per character, so a malformed value (the login form logs the mask
// of whatever was typed, perhaps a password) is never echoed.
func MaskCitizenID(id string) string {
	if len(id) != 13 || strings.Trim(id, "0123456789") != "" {
		return strings.Repeat("x", utf8.RuneCountInString(id))
	}
	return "x-xxxx-xxxxx-" + id[10:12] + "-" + id[12:]
}

// CitizenIDCheckDigit returns the check digit for the first 12 digits; it is
// used to make demo and test IDs.
func CitizenIDCheckDigit(first12 string) byte {
	sum := 0
	for i := 0; i < 12; i++ {
		sum += int(first12[i]-'0') * (13 - i)
	}
	return byte('0' + (11-sum%11)%10)
}
