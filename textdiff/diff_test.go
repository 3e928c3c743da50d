package textdiff

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDiff(t *testing.T) {
	E := func(s string) Span { return Span{Equal, s} }
	D := func(s string) Span { return Span{Delete, s} }
	I := func(s string) Span { return Span{Insert, s} }
	for _, c := range []struct {
		name, a, b string
		want       []Span
	}{
		{"one Thai word changed (issue 12's acceptance)",
			"มหาวิทยาลัยนครพนมจัดกิจกรรมวันเด็กแห่งชาติ", "มหาวิทยาลัยนครพนมจัดงานวันเด็กแห่งชาติ",
			[]Span{E("มหาวิทยาลัยนครพนมจัด"), D("กิจกรรม"), I("งาน"), E("วันเด็กแห่งชาติ")}},
		{"a Thai word inserted",
			"คณะครุศาสตร์จัดอบรมครู", "คณะครุศาสตร์จัดอบรมครูประจำปี",
			[]Span{E("คณะครุศาสตร์จัดอบรมครู"), I("ประจำปี")}},
		{"a Thai word deleted",
			"นักศึกษาได้รับรางวัลชนะเลิศ", "นักศึกษาได้รับรางวัล",
			[]Span{E("นักศึกษาได้รับรางวัล"), D("ชนะเลิศ")}},
		{"English words",
			"the quick brown fox jumps", "the slow red fox jumped",
			[]Span{E("the "), D("quick brown"), I("slow red"), E(" fox "), D("jumps"), I("jumped")}},
		{"a deletion and a later insertion stay apart",
			"p x q", "p q z", []Span{E("p "), D("x "), E("q"), I(" z")}},
		{"a space between two changes joins them",
			"a b", "x y", []Span{D("a b"), I("x y")}},
		{"mixed Thai, English and numbers",
			"ประชุม NPU Council ครั้งที่ 12 วันที่ 5 ธันวาคม 2569", "ประชุม NPU Council ครั้งที่ 13 วันที่ 6 ธันวาคม 2569",
			[]Span{E("ประชุม NPU Council ครั้งที่ "), D("12"), I("13"), E(" วันที่ "), D("5"), I("6"), E(" ธันวาคม 2569")}},
		{"a number changed, not its digits",
			"ราคา 1,250 บาท", "ราคา 1,350 บาท",
			[]Span{E("ราคา "), D("1,250"), I("1,350"), E(" บาท")}},
		{"a line changed", "line one\nline two\n", "line one\nline 2\n",
			[]Span{E("line one\nline "), D("two"), I("2"), E("\n")}},
		{"identical", "ข่าว news", "ข่าว news", []Span{E("ข่าว news")}},
		{"both empty", "", "", nil},
		{"old empty", "", "ข่าวใหม่", []Span{I("ข่าวใหม่")}},
		{"new empty", "ข่าวเก่า", "", []Span{D("ข่าวเก่า")}},
		{"no shared word kept from a cluster", "คน", "คณะ", []Span{D("คน"), I("คณะ")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Diff(c.a, c.b)
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", c.want) {
				t.Errorf("Diff(%q, %q)\n got %q\nwant %q", c.a, c.b, got, c.want)
			}
			checkSpans(t, c.a, c.b, got)
		})
	}
}

// checkSpans checks what every diff must hold: both texts come back, no
// empty spans, no two adjacent spans with the same op, valid UTF-8 when
// the inputs are, and Changed exactly when the texts differ.
func checkSpans(t *testing.T, a, b string, spans []Span) {
	t.Helper()
	valid := utf8.ValidString(a) && utf8.ValidString(b)
	var oa, ob strings.Builder
	for i, s := range spans {
		if s.Text == "" {
			t.Fatalf("empty span %d in %q", i, spans)
		}
		if i > 0 && spans[i-1].Op == s.Op {
			t.Fatalf("spans %d and %d share an op: %q", i-1, i, spans)
		}
		if s.Op != Insert {
			oa.WriteString(s.Text)
		}
		if s.Op != Delete {
			ob.WriteString(s.Text)
		}
		if valid && !utf8.ValidString(s.Text) {
			t.Fatalf("span %d is not valid UTF-8: %q", i, s.Text)
		}
	}
	if oa.String() != a {
		t.Fatalf("old side %q, want %q", oa.String(), a)
	}
	if ob.String() != b {
		t.Fatalf("new side %q, want %q", ob.String(), b)
	}
	if Changed(spans) != (a != b) {
		t.Fatalf("Changed = %v for %q, %q", Changed(spans), a, b)
	}
}

func TestHTML(t *testing.T) {
	for _, c := range []struct {
		spans []Span
		want  string
	}{
		{nil, ""},
		{[]Span{{Equal, "a<b>&\"c\""}}, "a&lt;b&gt;&amp;&#34;c&#34;"},
		{[]Span{{Equal, "x "}, {Delete, "<i>"}, {Insert, "ใหม่"}}, "x <del>&lt;i&gt;</del><ins>ใหม่</ins>"},
		{[]Span{{Equal, "a\nb\r\nc\rd"}, {Insert, "\n\n"}}, "a<br>b<br>c<br>d<ins><br><br></ins>"},
		{[]Span{{Delete, ""}}, ""},
	} {
		if got := string(HTML(c.spans)); got != c.want {
			t.Errorf("HTML(%q) = %q, want %q", c.spans, got, c.want)
		}
	}
}

func TestChanged(t *testing.T) {
	for _, c := range []struct {
		spans []Span
		want  bool
	}{
		{nil, false},
		{[]Span{{Equal, "a"}}, false},
		{[]Span{{Equal, "a"}, {Insert, "b"}}, true},
		{[]Span{{Delete, "a"}}, true},
		{[]Span{{Insert, ""}}, false},
	} {
		if got := Changed(c.spans); got != c.want {
			t.Errorf("Changed(%q) = %v, want %v", c.spans, got, c.want)
		}
	}
}
