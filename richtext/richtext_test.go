package richtext

import (
	"os"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
)

const (
	ytPlaceholder = `<div class="yt" data-yt="dQw4w9WgXcQ"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener noreferrer">YouTube</a></div>`
	rel           = `rel="noopener noreferrer"`
)

var sanitizeCases = []struct {
	name, in, want string
}{
	// Scripts, handlers, styles and dangerous URLs.
	{"script", `<script>alert(1)</script>`, ``},
	{"script inside text", `<p>a<script>alert(1)</script>b</p>`, `<p>ab</p>`},
	{"img onerror", `<img src=x onerror=alert(1)>`, ``},
	{"img onerror on media", `<img src="/media/a.jpg" onerror="alert(1)">`, `<p><img src="/media/a.jpg"/></p>`},
	{"javascript link", `<a href="javascript:alert(1)">click</a>`, `<p>click</p>`},
	{"mixed case javascript", `<a href="JaVaScRiPt:alert(1)">click</a>`, `<p>click</p>`},
	{"tab in javascript", `<a href="java&#09;script:alert(1)">click</a>`, `<p>click</p>`},
	{"newline in javascript", "<a href=\"java\nscript:alert(1)\">click</a>", `<p>click</p>`},
	{"entity javascript", `<a href="&#x6A;avascript&colon;alert(1)">click</a>`, `<p>click</p>`},
	{"leading space javascript", `<a href=" &#1;javascript:alert(1)">click</a>`, `<p>click</p>`},
	{"vbscript", `<a href="vbscript:msgbox(1)">click</a>`, `<p>click</p>`},
	{"data link", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>`, `<p>click</p>`},
	{"backslash host trick", `<a href="/\evil.example/x">click</a>`, `<p>click</p>`},
	{"user info trick", `<a href="https://npu.ac.th@evil.example/">click</a>`, `<p>click</p>`},
	{"other iframe", `<iframe src="https://evil.example/"><p>inside</p></iframe><p>after</p>`, `<p>after</p>`},
	{"look-alike iframe", `<iframe src="https://youtube.com.evil.example/embed/dQw4w9WgXcQ"></iframe>`, ``},
	{"youtube iframe", `<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=abc"></iframe>`, ytPlaceholder},
	{"nocookie iframe", `<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="YouTube video player" frameborder="0" allow="accelerometer; autoplay" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>`, ytPlaceholder},
	{"iframe splits paragraph", `<p>a<iframe src="https://youtu.be/dQw4w9WgXcQ"></iframe>b</p>`, "<p>a</p>\n" + ytPlaceholder + "\n<p>b</p>"},
	{"placeholder kept", `<div class="yt" data-yt="dQw4w9WgXcQ" onclick="x()"><script>x</script></div>`, ytPlaceholder},
	{"placeholder with bad id", `<div class="yt" data-yt="dQw4w9WgXcQQ">x</div>`, `<p>x</p>`},
	{"svg", `<svg onload="alert(1)"><text>svg text</text></svg><p>ok</p>`, `<p>ok</p>`},
	{"math", `<math><mtext>x</mtext></math>ok`, `<p>ok</p>`},
	{"style element and attributes", `<style>p{color:red}</style><p style="color:red" class="x" id="y" onclick="alert(1)" data-x="1">t</p>`, `<p>t</p>`},
	{"form", `<form action="https://evil.example"><input name=q><button>Go</button>text<select><option>o</option></select></form>`, `<p>text</p>`},
	{"object embed", `<object data="x.swf"><embed src="x.swf">fallback</object><p>ok</p>`, `<p>ok</p>`},
	{"meta refresh", `<meta http-equiv="refresh" content="0;url=https://evil.example"><p>ok</p>`, `<p>ok</p>`},
	{"escaped script text", `<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`, `<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`},
	{"javascript in text", `<p>avoid javascript: links</p>`, `<p>avoid javascript&#58; links</p>`},

	// Links.
	{"tracking params", `<a href="https://example.com/?utm_source=fb&id=3&fbclid=X#top">ex</a>`, `<p><a href="https://example.com/?id=3#top" ` + rel + `>ex</a></p>`},
	{"only tracking params", `<a href="https://example.com/a?utm_source=x&amp;UTM_Medium=y&amp;gclid=1&amp;igshid=2&amp;mc_eid=3">ex</a>`, `<p><a href="https://example.com/a" ` + rel + `>ex</a></p>`},
	{"youtube si stripped", `<a href="https://youtu.be/dQw4w9WgXcQ?si=AbC&t=42">v</a>`, `<p><a href="https://youtu.be/dQw4w9WgXcQ?t=42" ` + rel + `>v</a></p>`},
	{"si kept elsewhere", `<a href="https://example.com/?si=1">x</a>`, `<p><a href="https://example.com/?si=1" ` + rel + `>x</a></p>`},
	{"facebook wrapper", `<a href="https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.npu.ac.th%2Fnews%3Fid%3D5%26fbclid%3Dabc&amp;h=AT0x">npu</a>`, `<p><a href="https://www.npu.ac.th/news?id=5" ` + rel + `>npu</a></p>`},
	{"google wrapper", `<a href="https://www.google.com/url?q=https://example.com/a%3Futm_source%3Dg&amp;sa=D&amp;ust=1">g</a>`, `<p><a href="https://example.com/a" ` + rel + `>g</a></p>`},
	{"wrapper to javascript", `<a href="https://l.facebook.com/l.php?u=javascript%3Aalert(1)">x</a>`, `<p>x</p>`},
	{"rel and target fixed", `<a href="https://example.com" rel="opener" target="_top">x</a> <a href="https://example.com" target="_BLANK">y</a>`, `<p><a href="https://example.com" ` + rel + `>x</a> <a href="https://example.com" ` + rel + ` target="_blank">y</a></p>`},
	{"mailto", `<a href="mailto:pr@npu.ac.th">pr</a>`, `<p><a href="mailto:pr@npu.ac.th" ` + rel + `>pr</a></p>`},
	{"site-relative", `<a href="/news/12">n</a> <a href="news/12">r</a> <a href="#top">f</a>`, `<p><a href="/news/12" ` + rel + `>n</a> r f</p>`},
	{"scheme-less", `<a href="www.npu.ac.th">w</a> <a href="//example.com/x">p</a>`, `<p><a href="https://www.npu.ac.th" ` + rel + `>w</a> <a href="https://example.com/x" ` + rel + `>p</a></p>`},
	{"nested links", `<a href="https://a.example/">a<b><a href="https://b.example/">b</a></b></a>`, `<p><a href="https://a.example/" ` + rel + `>a</a><strong><a href="https://b.example/" ` + rel + `>b</a></strong></p>`},
	{"empty link", `<p>x<a href="https://example.com"> </a>y</p>`, `<p>x y</p>`},

	// Images.
	{"external image", `<img src="https://cdn.example/x.jpg">`, `<p><a href="https://cdn.example/x.jpg" ` + rel + `>https://cdn.example/x.jpg</a></p>`},
	{"external image alt", `<img src="http://cdn.example/x.jpg?utm_source=a" alt="โลโก้">`, `<p><a href="http://cdn.example/x.jpg" ` + rel + `>โลโก้</a></p>`},
	{"external image in link", `<a href="https://example.com/"><img src="https://cdn.example/x.jpg" alt="logo"></a>`, `<p><a href="https://example.com/" ` + rel + `>logo</a></p>`},
	{"media image", `<img src="/media/ab/cd.jpg" alt="ภาพ" width="800" height="600" style="float:left" class="x">`, `<p><img src="/media/ab/cd.jpg" alt="ภาพ"/></p>`},
	{"media image in link", `<a href="https://example.com/"><img src="/media/a.jpg"></a>`, `<p><a href="https://example.com/" ` + rel + `><img src="/media/a.jpg"/></a></p>`},
	{"dot-dot image", `<img src="/media/../etc/passwd"><img src="/media/%2e%2e/x.jpg"><img src="/media/./x.jpg">`, ``},
	{"host image", `<img src="//evil.example/media/x.jpg">`, `<p><a href="https://evil.example/media/x.jpg" ` + rel + `>https://evil.example/media/x.jpg</a></p>`},
	{"data image", `<p>a<img src="data:image/png;base64,iVBORw0KGgo=">b</p>`, `<p>ab</p>`},
	{"file image", `<img src="file:///C:/Users/pr/image001.png">`, ``},
	{"facebook emoji", `<p>ยินดี<img alt="🎉" src="https://static.xx.fbcdn.net/images/emoji.php/v9/t1/1/16/1f389.png" width="16"></p>`, `<p>ยินดี🎉</p>`},
	{"figure", `<figure class="image"><img src="/media/a.jpg" alt="a"><figcaption style="x">คำบรรยาย</figcaption></figure>`, `<figure><img src="/media/a.jpg" alt="a"/><figcaption>คำบรรยาย</figcaption></figure>`},
	{"figure without image", `<figure><img src="https://cdn.example/x.jpg" alt="x"><figcaption>cap</figcaption></figure>`, `<figure><a href="https://cdn.example/x.jpg" ` + rel + `>x</a><figcaption>cap</figcaption></figure>`},
	{"caption alone", `<figure><img src="data:image/png;base64,AA=="><figcaption>cap</figcaption></figure>`, `<p>cap</p>`},

	// Structure.
	{"quill bullets", `<ol><li data-list="bullet"><span class="ql-ui" contenteditable="false"></span>a</li><li data-list="bullet">b</li></ol>`, `<ul><li>a</li><li>b</li></ul>`},
	{"quill mixed and nested", `<ol><li data-list="ordered">1</li><li data-list="bullet" class="ql-indent-1">1a</li><li data-list="ordered">2</li><li data-list="bullet">x</li></ol>`, "<ol><li>1<ul><li>1a</li></ul></li><li>2</li></ol>\n<ul><li>x</li></ul>"},
	{"quill checklist", `<ol><li data-list="checked">done</li><li data-list="unchecked">todo</li></ol>`, `<ul><li>done</li><li>todo</li></ul>`},
	{"plain lists", `<ul><li>a</li><ul><li>a1</li></ul><li>b</li></ul><ol><li><p>x</p></li><li><br></li></ol>`, "<ul><li>a<ul><li>a1</li></ul></li><li>b</li></ul>\n<ol><li>x</li></ol>"},
	{"empty paragraphs", `<p><br></p><p>a</p><p><br></p><p><br></p><p>&nbsp;</p><p>b</p><p><br></p>`, "<p>a</p>\n<p><br/></p>\n<p>b</p>"},
	{"only empty", `<p><br></p><p> </p>`, ``},
	{"headings", `<h1>h1</h1><h2>h2</h2><h3>h3</h3><h5>h5</h5><h4></h4>`, "<h2>h1</h2>\n<h2>h2</h2>\n<h3>h3</h3>\n<h4>h5</h4>"},
	{"b and i", `<b>b</b> <i>i</i> <strike>s</strike> <del>d</del> <ins>u</ins>`, `<p><strong>b</strong> <em>i</em> <s>s</s> <s>d</s> <u>u</u></p>`},
	{"divs", `<div>a</div><div><span>b</span></div>c`, "<p>a</p>\n<p>b</p>\n<p>c</p>"},
	{"formatting around blocks", `<b>x<div>y</div><p>z</p></b>`, "<p><strong>x</strong></p>\n<p><strong>y</strong></p>\n<p><strong>z</strong></p>"},
	{"white space", "<p>  a \n\t b  <br>  </p>", `<p>a b</p>`},
	{"spans and fonts", `<p><span style="font-size:14px"><font face="Tahoma" color="red">ข่าว</font></span><span></span></p>`, `<p>ข่าว</p>`},
	{"table", `<table border="1" style="x"><caption>ตาราง</caption><thead><tr><th>a</th></tr></thead><tr><td colspan="2" width="9">b</td><td rowspan="x">c</td></tr><tfoot><tr><td>f</td></tr></tfoot></table>`, "<p>ตาราง</p>\n<table><thead><tr><th>a</th></tr></thead><tbody><tr><td colspan=\"2\">b</td><td>c</td></tr></tbody><tbody><tr><td>f</td></tr></tbody></table>"},
	{"empty table", `<table><tr><td></td></tr></table><table></table>`, `<table><tbody><tr><td></td></tr></tbody></table>`},
	{"blockquote", `<blockquote><p>q1</p><p>q2</p></blockquote><blockquote>q3</blockquote>`, "<blockquote><p>q1</p><p>q2</p></blockquote>\n<blockquote>q3</blockquote>"},
	{"hr and pre", `a<hr>b<pre>c</pre>`, "<p>a</p>\n<p>b</p>\n<p>c</p>"},
	{"word conditional comments", `<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]--><p class=MsoNormal>x<o:p></o:p></p>`, `<p>x</p>`},
	{"control characters", "<p>a\x01b\x7fc\u0085d</p>", `<p>abcd</p>`},

	// Plain text (LINE).
	{"plain lines", "บรรทัดหนึ่ง\r\nบรรทัดสอง\n\n\nย่อหน้าสอง", "<p>บรรทัดหนึ่ง<br/>บรรทัดสอง</p>\n<p>ย่อหน้าสอง</p>"},
	{"plain not a tag", "a < b and c > d & <<ด่วน>>", `<p>a &lt; b and c &gt; d &amp; &lt;&lt;ด่วน&gt;&gt;</p>`},
	{"plain autolink", "ดู https://example.com/a?utm_source=line&x=1, (https://example.com/b) ok",
		`<p>ดู <a href="https://example.com/a?x=1" ` + rel + `>https://example.com/a?x=1</a>, (<a href="https://example.com/b" ` + rel + `>https://example.com/b</a>) ok</p>`},
	{"plain javascript url", "javascript:alert(1)", `<p>javascript&#58;alert(1)</p>`},
	{"empty", "  \n\t ", ``},
}

func TestSanitize(t *testing.T) {
	for _, tc := range sanitizeCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Sanitize(tc.in)
			if got != tc.want {
				t.Errorf("Sanitize(%q)\n got: %s\nwant: %s", tc.in, got, tc.want)
			}
			if again := Sanitize(got); again != got {
				t.Errorf("not idempotent:\n once: %s\ntwice: %s", got, again)
			}
			checkSafe(t, got)
		})
	}
}

// Real clipboard content, as the browser hands it to our editor.
func TestSanitizePastes(t *testing.T) {
	cases := []struct{ file, want string }{
		{"word.html", `<p><strong>มหาวิทยาลัยนครพนม จัดโครงการอบรม</strong></p>
<p>เมื่อวันที่ 12 มิถุนายน 2561 ณ ห้องประชุม</p>
<p><br/></p>
<ul><li>ข้อหนึ่ง<ul><li>ข้อย่อย</li></ul></li><li>ข้อสอง</li></ul>
<ol><li>ขั้นแรก</li></ol>
<table><tbody><tr><td><strong>ชื่อ</strong></td><td>หน่วยงาน</td></tr><tr><td colspan="2">รวม</td></tr></tbody></table>
<p><br/></p>
<p>ติดต่อ <a href="mailto:pr@npu.ac.th" rel="noopener noreferrer">pr@npu.ac.th</a> หรือ <a href="https://www.npu.ac.th/" rel="noopener noreferrer">เว็บไซต์</a></p>`},
		{"facebook.html", `<p>🎉 ขอแสดงความยินดีกับนักศึกษา🏆 ที่ได้รับรางวัล</p>
<p>อ่านต่อ <a href="https://www.npu.ac.th/news/123" rel="noopener noreferrer" target="_blank">https://www.npu.ac.th/news/123</a></p>
<p><br/></p>
<p><a href="https://www.facebook.com/hashtag/npu" rel="noopener noreferrer">#NPU</a> <a href="https://www.facebook.com/npu.official?mibextid=ZbWKwL" rel="noopener noreferrer">NPU</a></p>`},
		{"quill.html", `<h2>หัวข้อข่าว</h2>
<p>ข้อความ <strong>ตัวหนา</strong> <em>เอียง</em> <u>ขีดเส้นใต้</u> <s>ขีดฆ่า</s></p>
<p><br/></p>
<ul><li>หนึ่ง<ul><li>หนึ่งย่อย</li></ul></li><li>สอง</li></ul>
<ol><li>แรก</li><li>ที่สอง</li></ol>
<p><a href="https://www.npu.ac.th" rel="noopener noreferrer" target="_blank">ลิงก์</a></p>
<p><img src="/media/ab/cd.jpg"/></p>
` + ytPlaceholder + `
<blockquote>คำกล่าว</blockquote>`},
		{"line.txt", `<p>📢 ประชาสัมพันธ์ มหาวิทยาลัยนครพนม<br/>ขอเชิญร่วมงานวันสถาปนา<br/>วันที่ 12 มิถุนายน 2568</p>
<p>รายละเอียด <a href="https://www.npu.ac.th/news/55" rel="noopener noreferrer">https://www.npu.ac.th/news/55</a><br/>ดูวิดีโอ <a href="https://youtu.be/dQw4w9WgXcQ" rel="noopener noreferrer">https://youtu.be/dQw4w9WgXcQ</a> (ย้อนหลัง)<br/>ราคา &lt;100 บาท &amp; ฟรี!</p>
<p>ติดต่อ 042-xxx</p>`},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			in, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			got := Sanitize(string(in))
			if got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
			if again := Sanitize(got); again != got {
				t.Errorf("not idempotent:\n once: %s\ntwice: %s", got, again)
			}
			checkSafe(t, got)
		})
	}
}

func TestSanitizeDeepNesting(t *testing.T) {
	for _, tag := range []string{"div", "b", "span", "blockquote", "table"} {
		in := strings.Repeat("<"+tag+">", 3000) + "deep" + strings.Repeat("</"+tag+">", 3000)
		got := Sanitize(in)
		if !strings.Contains(got, "deep") && tag != "table" {
			t.Errorf("%s: text lost: %.200s", tag, got)
		}
		if again := Sanitize(got); again != got {
			t.Errorf("%s: not idempotent:\n once: %.300s\ntwice: %.300s", tag, got, again)
		}
		checkSafe(t, got)
	}
}

func TestSanitizeConcurrent(t *testing.T) {
	in, err := os.ReadFile("testdata/word.html")
	if err != nil {
		t.Fatal(err)
	}
	want := Sanitize(string(in))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if got := Sanitize(string(in)); got != want {
					t.Error("concurrent Sanitize differs")
					return
				}
			}
		}()
	}
	wg.Wait()
}

// allowedTags are all elements Sanitize may output.
var allowedTags = map[string]bool{
	"p": true, "br": true, "strong": true, "em": true, "u": true, "s": true, "h2": true, "h3": true,
	"h4": true, "blockquote": true, "ul": true, "ol": true, "li": true, "a": true, "img": true,
	"figure": true, "figcaption": true, "table": true, "thead": true, "tbody": true, "tr": true,
	"th": true, "td": true, "div": true,
}

// checkSafe fails if out holds anything executable or styled: a tag outside
// the allow-list, an event handler or style attribute, a URL with another
// scheme, or the strings "<script" and "javascript:" anywhere.
func checkSafe(t testing.TB, out string) {
	t.Helper()
	lower := strings.ToLower(out)
	for _, bad := range []string{"<script", "javascript:"} {
		if strings.Contains(lower, bad) {
			t.Fatalf("output contains %q: %s", bad, out)
		}
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken && tt != html.EndTagToken {
			continue
		}
		tok := z.Token()
		if !allowedTags[tok.Data] {
			t.Fatalf("output has <%s>: %s", tok.Data, out)
		}
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			val := strings.ToLower(strings.TrimSpace(a.Val))
			switch {
			case strings.HasPrefix(key, "on"), key == "style", key == "id", key == "srcset":
				t.Fatalf("output has attribute %s: %s", a.Key, out)
			case key == "class" && (tok.Data != "div" || a.Val != "yt"):
				t.Fatalf("output has class %q: %s", a.Val, out)
			case key == "src" && !strings.HasPrefix(val, "/media/"):
				t.Fatalf("output has src %q: %s", a.Val, out)
			case key == "href" && !(strings.HasPrefix(val, "https://") || strings.HasPrefix(val, "http://") ||
				strings.HasPrefix(val, "mailto:") || strings.HasPrefix(val, "/") && !strings.HasPrefix(val, "//")):
				t.Fatalf("output has href %q: %s", a.Val, out)
			}
		}
	}
}

func BenchmarkSanitizeWord(b *testing.B) {
	in, err := os.ReadFile("testdata/word.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Sanitize(string(in))
	}
}
