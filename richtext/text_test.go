package richtext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"paragraphs", "<p>หนึ่ง  สอง</p>\n<p><br/></p>\n<p>สาม<br/>สี่</p>", "หนึ่ง สอง\n\nสาม\nสี่"},
		{"inline", `<p>มหา<strong>วิทยาลัย</strong><em>นครพนม</em></p>`, "มหาวิทยาลัยนครพนม"},
		{"lists", `<p>a</p><ul><li>b<ul><li>c</li></ul></li><li>d</li></ul><p>e</p>`, "a\n\nb\nc\nd\n\ne"},
		{"table", `<table><tbody><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></tbody></table>`, "a b\nc"},
		{"entities", `<p>AT&amp;T &lt;ok&gt;&nbsp;x</p>`, "AT&T <ok> x"},
		{"placeholder and hidden", ytPlaceholder + `<script>x()</script><style>p{}</style><p>t</p>`, "t"},
		{"nested placeholder div", `<div class="yt" data-yt="dQw4w9WgXcQ"><div>in</div>out</div><p>t</p>`, "t"},
		{"image", `<p>a<img src="/media/x.jpg" alt="ภาพ">b</p>`, "ab"},
		{"empty", ``, ""},
	}
	for _, tc := range cases {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("%s: Text(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestLead(t *testing.T) {
	cases := []struct {
		name, in string
		n        int
		want     string
	}{
		{"short", "<p>Hello world</p>", 20, "Hello world"},
		{"exact", "<p>Hello</p>", 5, "Hello"},
		{"space boundary", "<p>Hello world again</p>", 8, "Hello…"},
		{"space right after", "<p>Hello world</p>", 5, "Hello…"},
		{"paragraphs on one line", "<p>a b</p><p>c d</p>", 6, "a b c…"},
		{"no space: cut at n", "<p>abcdefghijkl</p>", 5, "abcde…"},
		{"thai base kept with vowel", "<p>มหาวิทยาลัยนครพนม</p>", 5, "มหาวิ…"},
		{"thai vowel not split", "<p>มหาวิทยาลัยนครพนม</p>", 4, "มหา…"},
		{"thai tone marks", "<p>ที่นี่น้ำใส</p>", 5, "ที่…"},
		{"thai tone marks later", "<p>ที่นี่น้ำใส</p>", 7, "ที่นี่…"},
		{"thai stacked marks", "<p>ที่นี่น้ำใส</p>", 4, "ที่…"},
		{"thai leading vowel", "<p>ไปเมื่อวาน</p>", 3, "ไป…"},
		{"thai space in second half", "<p>ข่าวประชา สัมพันธ์มหาวิทยาลัย</p>", 14, "ข่าวประชา…"},
		{"thai space too early", "<p>ข่าว ประชาสัมพันธ์มหาวิทยาลัย</p>", 14, "ข่าว ประชาสัม…"},
		{"first cluster longer than n", "<p>ที่นี่</p>", 1, "ที่…"},
		{"zero", "<p>abc</p>", 0, ""},
	}
	for _, tc := range cases {
		if got := Lead(tc.in, tc.n); got != tc.want {
			t.Errorf("%s: Lead(%q, %d) = %q, want %q", tc.name, tc.in, tc.n, got, tc.want)
		}
	}
}

// TestLeadNeverSplitsMarks cuts a long Thai text at every length.
func TestLeadNeverSplitsMarks(t *testing.T) {
	const s = "มหาวิทยาลัยนครพนมจัดพิธีพระราชทานปริญญาบัตรแก่ผู้สำเร็จการศึกษาประจำปีเมื่อวันที่สิบสองมิถุนายน"
	for n := 1; n < utf8.RuneCountInString(s); n++ {
		got := strings.TrimSuffix(Lead("<p>"+s+"</p>", n), "…")
		if !strings.HasPrefix(s, got) {
			t.Fatalf("Lead(%d) = %q is not a prefix", n, got)
		}
		if next, _ := utf8.DecodeRuneInString(s[len(got):]); isCombining(next) {
			t.Errorf("Lead(%d) = %q cuts before the mark %q", n, got, next)
		}
		if last, _ := utf8.DecodeLastRuneInString(got); isLeadingVowel(last) {
			t.Errorf("Lead(%d) = %q ends with a leading vowel", n, got)
		}
	}
}
