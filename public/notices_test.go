package public

import (
	"mime"
	"strings"
	"testing"
	"unicode/utf8"
)

// Whatever name a notice's PDF was uploaded with, its download header
// parses (RFC 6266) to exactly the cleaned name, with an ASCII fallback, and
// cannot be split or stretched.
func TestContentDisposition(t *testing.T) {
	long := strings.Repeat("ประกาศรับสมัคร", 40) // 560 Thai characters
	tests := []struct {
		name, upload, want, fallback string
	}{
		{"Thai", "ประกาศ รับสมัคร 2569.pdf", "ประกาศ รับสมัคร 2569.pdf", "______ ________ 2569.pdf"},
		{"no extension", "ประกาศ", "ประกาศ.pdf", "notice.pdf"},
		{"quotes", `the "final" list.pdf`, `the "final" list.pdf`, "the _final_ list.pdf"},
		{"backslashes", `C:\Users\pr\ประกาศ.pdf`, "C:_Users_pr_ประกาศ.pdf", "C__Users_pr_______.pdf"},
		{"colon", "Notice: results.pdf", "Notice: results.pdf", "Notice_ results.pdf"},
		{"semicolon and equals", "a; filename=evil.exe.pdf", "a; filename=evil.exe.pdf", "a_ filename=evil.exe.pdf"},
		{"CR/LF", "a\r\nSet-Cookie: x=1.pdf", "aSet-Cookie: x=1.pdf", "aSet-Cookie_ x=1.pdf"},
		{"percent and apostrophe", "100% it's (final)*.pdf", "100% it's (final)*.pdf", "100_ it's (final)_.pdf"},
		{"upper-case extension", "SCAN.PDF", "SCAN.pdf", "SCAN.pdf"},
		{"only controls", "\x00\x01\r\n", "notice.pdf", "notice.pdf"},
		{"invalid UTF-8", "ab\xffcd.pdf", "abcd.pdf", "abcd.pdf"},
		{"very long", long + ".pdf", string([]rune(long)[:maxNameRunes]) + ".pdf", "notice.pdf"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := contentDisposition(tc.upload)
			if strings.ContainsAny(h, "\r\n\x00") || !isASCII(h) {
				t.Fatalf("header is not plain ASCII on one line: %q", h)
			}
			if len(h) > 4096 {
				t.Errorf("header is %d bytes", len(h))
			}
			disp, params, err := mime.ParseMediaType(h)
			if err != nil {
				t.Fatalf("%q does not parse: %v", h, err)
			}
			// mime decodes filename* into "filename", preferring it.
			if disp != "inline" || params["filename"] != tc.want {
				t.Errorf("parsed %q %q, want inline %q", disp, params["filename"], tc.want)
			}
			fb := strings.TrimPrefix(h, `inline; filename="`)
			fb = fb[:strings.Index(fb, `"`)]
			if fb != tc.fallback {
				t.Errorf("fallback %q, want %q", fb, tc.fallback)
			}
		})
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return utf8.ValidString(s)
}
