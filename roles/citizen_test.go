package roles_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"newsroom/roles"
)

func TestCheckDigitFormulaByHand(t *testing.T) {
	// 1 1 0 1 7 0 0 2 0 3 4 5 weighted 13..2:
	// 13+12+0+10+63+0+0+12+0+12+12+10 = 144; 144 mod 11 = 1; (11-1) mod 10 = 0.
	// So the often-quoted 1101700203451 is NOT valid; 1101700203450 is.
	if got := checkDigit("110170020345"); got != 0 {
		t.Fatalf("test's own formula gives %d, want 0", got)
	}
	// 3 1 0 0 6 0 0 1 2 3 4 5 weighted 13..2:
	// 39+12+0+0+54+0+0+6+10+12+12+10 = 155; 155 mod 11 = 1; → 0.
	if got := checkDigit("310060012345"); got != 0 {
		t.Fatalf("test's own formula gives %d, want 0", got)
	}
	// 1 2 3 4 5 6 7 8 9 0 1 2 weighted 13..2:
	// 13+24+33+40+45+48+49+48+45+0+3+4 = 352; 352 mod 11 = 0; (11-0) mod 10 = 1.
	if got := checkDigit("123456789012"); got != 1 {
		t.Fatalf("test's own formula gives %d, want 1", got)
	}
}

func TestValidCitizenID(t *testing.T) {
	tests := []struct {
		name string
		id   string
		want bool
	}{
		{"valid 1101700203450", "1101700203450", true},
		{"valid 3100600123450", "3100600123450", true},
		{"valid 1234567890121", "1234567890121", true},
		{"valid sum mod 11 = 1 gives 0", cid("000000000010"), true},
		{"valid all zeros but check", "0000000000001", true}, // sum 0 → (11-0)%10 = 1
		{"wrong check digit (often-quoted example)", "1101700203451", false},
		{"wrong check digit +1", "1101700203459", false},
		{"swapped digits", "1011700203450", false},
		{"12 digits", "110170020345", false},
		{"14 digits", "11017002034500", false},
		{"empty", "", false},
		{"letter inside", "110170020a450", false},
		{"letter check digit", "110170020345X", false},
		{"thai digits", "๑๑๐๑๗๐๐๒๐๓๔๕๐", false},
		{"thai digits 13 bytes", "๑๒๓๔0", false},
		{"mixed thai digit", "๑101700203450"[0:13], false},
		{"fullwidth digits", "１１０１７００２０３４５０", false},
		{"dashes not normalised", "1-1017-00203-45-0", false},
		{"space inside", "110170 203450", false},
		{"leading space", " 110170020345", false},
		{"trailing newline", "110170020345\n", false},
		{"plus sign", "+110170020345", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := roles.ValidCitizenID(tc.id); got != tc.want {
				t.Errorf("ValidCitizenID(%q) = %v, want %v", tc.id, got, tc.want)
			}
		})
	}
}

func TestValidCitizenIDEveryWrongCheckDigit(t *testing.T) {
	for _, prefix := range []string{"110170020345", "310060012345", "999999999999", "000000000000"} {
		good := checkDigit(prefix)
		for d := 0; d <= 9; d++ {
			id := fmt.Sprintf("%s%d", prefix, d)
			if got := roles.ValidCitizenID(id); got != (d == good) {
				t.Errorf("ValidCitizenID(%s) = %v, want %v", id, got, d == good)
			}
		}
	}
}

func TestNormalizeCitizenID(t *testing.T) {
	const id = "1101700203450" // valid
	tests := []struct {
		name, in string
		want     string // "" means refused
	}{
		{"plain", id, id},
		{"dashed", "1-1017-00203-45-0", id},
		{"spaced", "1 1017 00203 45 0", id},
		{"surrounding spaces", "  1101700203450  ", id},
		{"NBSP", "1\u00a01017\u00a000203\u00a045\u00a00", id},
		{"tab and newline", "\t1101700203450\n", id},
		// The bypass of issue 10: whitespace before a trailing dash survived
		// one pass and was trimmed by the next, so the throttle key and the
		// account lookup differed.
		{"trailing tab dash", id + "\t-", id},
		{"trailing space dash", id + " -", id},
		{"trailing newline dash newline", id + "\n-\n", id},
		{"leading dash space", "- " + id, id},
		{"inner tabs", "1\t1017\t00203\t45\t0", id},
		{"many separators", "--1--1017 - 00203\t\t45-0--", id},
		{"en dash and minus sign", "1\u20131017\u201300203\u221245\u22120", id},
		{"full-width dash", "1\uff0d1017\uff0d00203\uff0d45\uff0d0", id},
		{"zero-width space and BOM", "\ufeff1101\u200b700203450\u200b", id},
		{"ideographic space", "1101700203450\u3000", id},
		{"wrong check digit", "1101700203451", ""},
		{"wrong check digit dashed", "1-1017-00203-45-1", ""},
		{"12 digits", "110170020345", ""},
		{"14 digits", "11017002034500", ""},
		{"two IDs", id + " " + id, ""},
		{"empty", "", ""},
		{"only separators", "- -\t", ""},
		{"letters", "abc-def", ""},
		{"letter inside", "110170020a3450", ""},
		{"plus sign", "+" + id, ""},
		{"dot", "1.101700203450", ""},
		{"slash", "1/101700203450", ""},
		// Only ASCII digits: the form asks for numeric input, and every other
		// script would be one more spelling of the same account.
		{"thai digits", "๑๑๐๑๗๐๐๒๐๓๔๕๐", ""},
		{"one thai digit", "๑101700203450", ""},
		{"full-width digits", "１１０１７００２０３４５０", ""},
		{"arabic-indic digits", "١١٠١٧٠٠٢٠٣٤٥٠", ""},
		{"superscript digit", "¹101700203450", ""},
		{"invalid UTF-8", id + "\xff", ""},
		{"replacement character", id + "\ufffd", ""},
		{"NUL", id + "\x00", ""},
		{"very long", id + strings.Repeat(" ", 200), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := roles.NormalizeCitizenID(tc.in)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("NormalizeCitizenID(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
			}
		})
	}
}

func TestMaskCitizenID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1101700203451", "x-xxxx-xxxxx-45-1"},
		{"1101700203450", "x-xxxx-xxxxx-45-0"},
		{"1234567890121", "x-xxxx-xxxxx-12-1"},
		// Anything that is not 13 ASCII digits is echoed as x only.
		{"", ""},
		{"123", "xxx"},
		{"110170020345", "xxxxxxxxxxxx"},
		{"11017002034500", "xxxxxxxxxxxxxx"},
		{"1-1017-00203-45-1", "xxxxxxxxxxxxxxxxx"},
		{"abcdefghijklm", "xxxxxxxxxxxxx"}, // e.g. a password typed into the ID field
		{"๑๒๓๔0", "xxxxx"},                 // 13 bytes, 5 characters
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := roles.MaskCitizenID(tc.in)
			if got != tc.want {
				t.Errorf("MaskCitizenID(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	u := roles.User{CitizenID: "1101700203450"}
	if got := u.MaskedID(); got != "x-xxxx-xxxxx-45-0" {
		t.Errorf("User.MaskedID = %q", got)
	}
}

// TestMaskNeverLeaksMore checks, for many valid IDs, that the mask shows
// exactly the last three digits and nothing of the first ten.
func TestMaskNeverLeaksMore(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		id := cid(fmt.Sprintf("%012d", r.Int64N(1e12)))
		m := roles.MaskCitizenID(id)
		want := "x-xxxx-xxxxx-" + id[10:12] + "-" + id[12:]
		if m != want {
			t.Fatalf("MaskCitizenID(%s) = %q, want %q", id, m, want)
		}
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, m)
		if digits != id[10:] {
			t.Fatalf("mask %q shows digits %q, want only %q", m, digits, id[10:])
		}
	}
}

// TestCheckDigitAgreesWithValid is a property loop over random prefixes: the
// computed check digit makes a valid ID, every other digit an invalid one,
// and it equals the test's own formula.
func TestCheckDigitAgreesWithValid(t *testing.T) {
	r := rand.New(rand.NewPCG(42, 7))
	for range 2000 {
		prefix := fmt.Sprintf("%012d", r.Int64N(1e12))
		d := roles.CitizenIDCheckDigit(prefix)
		if int(d-'0') != checkDigit(prefix) {
			t.Fatalf("CitizenIDCheckDigit(%s) = %c, formula says %d", prefix, d, checkDigit(prefix))
		}
		if !roles.ValidCitizenID(prefix + string(d)) {
			t.Fatalf("%s%c not valid", prefix, d)
		}
		wrong := byte('0' + (int(d-'0')+1+r.IntN(9))%10)
		if roles.ValidCitizenID(prefix + string(wrong)) {
			t.Fatalf("%s%c valid with wrong check digit (right is %c)", prefix, wrong, d)
		}
	}
}

func FuzzValidCitizenID(f *testing.F) {
	for _, s := range []string{"1101700203450", "1101700203451", "1-1017-00203-45-1", "", "๑๒๓", "๑๒๓๔0",
		" 1101700203450 ", "abcdefghijklm", "\u00a0", "11017002034500"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if roles.ValidCitizenID(s) {
			if len(s) != 13 {
				t.Fatalf("valid %q has length %d", s, len(s))
			}
			for i := 0; i < 13; i++ {
				if s[i] < '0' || s[i] > '9' {
					t.Fatalf("valid %q has non-digit at %d", s, i)
				}
			}
			if int(s[12]-'0') != checkDigit(s[:12]) {
				t.Fatalf("valid %q has wrong check digit", s)
			}
			if roles.CitizenIDCheckDigit(s[:12]) != s[12] {
				t.Fatalf("CitizenIDCheckDigit disagrees on %q", s)
			}
		}
		m := roles.MaskCitizenID(s)
		if utf8.ValidString(s) && !utf8.ValidString(m) {
			t.Fatalf("MaskCitizenID(%q) = %q is not valid UTF-8", s, m)
		}
		// The mask never shows more than the last three characters, and only digits.
		shown := strings.Map(func(r rune) rune {
			if r == 'x' || r == '-' {
				return -1
			}
			return r
		}, m)
		if len(shown) > 3 || strings.Trim(shown, "0123456789") != "" {
			t.Fatalf("MaskCitizenID(%q) = %q shows %q", s, m, shown)
		}
		if shown != "" && !strings.HasSuffix(s, shown) {
			t.Fatalf("MaskCitizenID(%q) = %q shows characters that are not the tail", s, m)
		}
	})
}

// FuzzNormalizeCitizenID: the normaliser never panics, answers either 13
// ASCII digits with a valid check digit or a refusal, is idempotent, and
// keeps exactly the ASCII digits typed, in order.
func FuzzNormalizeCitizenID(f *testing.F) {
	for _, s := range []string{"1101700203450", "1101700203451", "1-1017-00203-45-0", "1101700203450\t-", " -1101700203450",
		"๑๑๐๑๗๐๐๒๐๓๔๕๐", "１１０１７００２０３４５０", "\u200b1101700203450", "", "-", "abc", "\xff\xfe", "11017002034500"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := roles.NormalizeCitizenID(s)
		if !ok {
			if n != "" {
				t.Fatalf("NormalizeCitizenID(%q) refused but returned %q", s, n)
			}
			return
		}
		if !roles.ValidCitizenID(n) {
			t.Fatalf("NormalizeCitizenID(%q) = %q, not 13 ASCII digits with a valid check digit", s, n)
		}
		if again, ok := roles.NormalizeCitizenID(n); !ok || again != n {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, n, again, ok)
		}
		// The ASCII digits of the input, in order, are the ID: separators are
		// dropped, never turned into or out of digits.
		ascii := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
		if ascii != n {
			t.Fatalf("NormalizeCitizenID(%q) = %q, but the typed digits are %q", s, n, ascii)
		}
	})
}
