package textdiff

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHTMLText(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", ""},
		{"paragraphs", "<p>ข่าวแรก</p><p>ข่าว  <b>สอง</b>\n ต่อ</p>", "ข่าวแรก\n\nข่าว สอง ต่อ"},
		{"line break and lists", "<p>a<br>b</p><ul><li>one</li><li>two</li></ul>", "a\nb\n\none\ntwo"},
		{"image by alt, else file name", `<p>ภาพ<img src="/media/2569/ab12.jpg?w=400" alt=" อธิการบดี  มอบรางวัล "></p><p><img src="/media/x.png"></p>`,
			"ภาพ [🖼 อธิการบดี มอบรางวัล]\n\n[🖼 x.png]"},
		{"video placeholder", `<p>ดู</p><div class="yt" data-yt="dQw4w9WgXcQ"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">YouTube</a></div><p>จบ</p>`,
			"ดู\n\n[▶ YouTube dQw4w9WgXcQ]\n\nจบ"},
		{"hidden content", "<p>a</p><script>alert(1)</script><style>p{}</style><p>b</p>", "a\n\nb"},
		{"entities", "<p>&lt;ข่าว&gt; &amp; 5&nbsp;คน</p>", "<ข่าว> & 5 คน"},
		{"table", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := HTMLText(c.in); got != c.want {
				t.Errorf("HTMLText(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

// TestHTMLTextDiff shows the use: a one-word change in an article body is
// one word in the diff, and a changed photo shows.
func TestHTMLTextDiff(t *testing.T) {
	a := `<p>มหาวิทยาลัยนครพนมจัดกิจกรรมวันเด็กแห่งชาติ</p><p><img src="/media/a.jpg"></p>`
	b := `<p>มหาวิทยาลัยนครพนมจัดงานวันเด็กแห่งชาติ</p><p><img src="/media/b.jpg"></p>`
	got := Diff(HTMLText(a), HTMLText(b))
	want := []Span{{Equal, "มหาวิทยาลัยนครพนมจัด"}, {Delete, "กิจกรรม"}, {Insert, "งาน"},
		{Equal, "วันเด็กแห่งชาติ\n\n[🖼 "}, {Delete, "a"}, {Insert, "b"}, {Equal, ".jpg]"}}
	if len(got) != len(want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %q\nwant %q", got, want)
		}
	}
}

func FuzzHTMLText(f *testing.F) {
	for _, s := range []string{"", "<p>ข่าว</p>", `<img src="x" alt="ภาพ"><div data-yt="abc">x</div>`, "<script>", "<p>\xff</p>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := HTMLText(s)
		if !utf8.ValidString(out) {
			t.Fatalf("HTMLText(%q) = %q is not valid UTF-8", s, out)
		}
		if strings.HasPrefix(out, " ") || strings.HasSuffix(out, " ") || strings.HasPrefix(out, "\n") {
			t.Fatalf("HTMLText(%q) = %q has white space at an end", s, out)
		}
	})
}
