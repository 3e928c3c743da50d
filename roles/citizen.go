package roles

import (
	"strings"
	"unicode/utf8"
)

// NormalizeCitizenID strips the spaces and dashes people type into a Thai
// citizen ID ("1-2345-67890-12-1").
func NormalizeCitizenID(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u00a0' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// ValidCitizenID reports whether id is 13 ASCII digits whose last digit is the
// mod-11 check digit: d13 = (11 - Σ d_i·(14-i) mod 11) mod 10, i = 1..12.
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
