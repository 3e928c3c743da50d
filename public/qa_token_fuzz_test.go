package public

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"newsroom/web"
)

// FuzzQAToken: whatever token a visitor sends, parsing never panics, and a
// token is accepted only if it is exactly one this server signed (its
// fields signed as they are); another key's token is refused.
func FuzzQAToken(f *testing.F) {
	h := &Handler{web: &web.Web{CSRFKey: []byte("0123456789abcdef0123456789abcdef")}}
	other := &Handler{web: &web.Web{CSRFKey: []byte("another key, another server....")}}
	now := time.Unix(1_790_000_000, 0)
	good, _ := h.newQAToken(now)
	foreign, _ := other.newQAToken(now)
	for _, s := range []string{good, foreign, "", ".", "...", "1.2.3.4", good + "x", strings.Replace(good, ".14.", ".0.", 1),
		"99999999999999999999." + strings.Repeat("a", 32) + ".14.x", strings.Repeat(".", 300)} {
		f.Add(s, "123")
	}
	f.Fuzz(func(t *testing.T, tok, nonce string) {
		got, ok := h.parseQAToken(tok)
		if !ok {
			return
		}
		body := strconv.FormatInt(got.Issued.Unix(), 10) + "." + got.Challenge + "." + strconv.Itoa(got.Bits)
		if tok != body+"."+h.qaMAC(body) {
			t.Fatalf("accepted %q, which is not the token we sign for its fields", tok)
		}
		if _, ok := other.parseQAToken(tok); ok {
			t.Fatalf("another server's key accepts %q", tok)
		}
		if got.Bits < 0 || got.Bits > 32 || len(got.Challenge) != 32 {
			t.Fatalf("accepted fields out of range: %+v", got)
		}
		_ = powValid(got.Challenge, nonce, got.Bits) // never panics
	})
}

// The proof-of-work check: a nonce must be digits, bounded, and meet the bits.
func TestPowValid(t *testing.T) {
	ch := strings.Repeat("ab", 16)
	n := 0
	for !powValid(ch, strconv.Itoa(n), 8) {
		n++
	}
	cases := []struct {
		nonce string
		bits  int
		want  bool
	}{
		{strconv.Itoa(n), 8, true},
		{strconv.Itoa(n), 0, true},
		{"", 0, false},
		{"-1", 0, false},
		{"1e3", 0, false},
		{strings.Repeat("1", qaMaxNonce+1), 0, false},
	}
	for _, c := range cases {
		if got := powValid(ch, c.nonce, c.bits); got != c.want {
			t.Errorf("powValid(%q, %d) = %v, want %v", c.nonce, c.bits, got, c.want)
		}
	}
	if leadingZeroBits([]byte{0, 0x0f}) != 12 || leadingZeroBits([]byte{0x80}) != 0 || leadingZeroBits([]byte{0, 0}) != 16 {
		t.Error("leadingZeroBits")
	}
}
