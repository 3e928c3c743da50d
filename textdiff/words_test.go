package textdiff

import (
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"news sentence", "มหาวิทยาลัยนครพนมจัดกิจกรรมวันเด็กแห่งชาติ",
			[]string{"มหาวิทยาลัย", "นครพนม", "จัดกิจกรรม", "วัน", "เด็ก", "แห่งชาติ"}},
		{"faculty and numbers", "ข่าวประชาสัมพันธ์ คณะครุศาสตร์ ปี 2,569 COVID-19 เด็กๆ ไปโรงเรียน",
			[]string{"ข่าวประชาสัมพันธ์", " ", "คณะครุศาสตร์", " ", "ปี", " ", "2,569", " ", "COVID", "-", "19", " ", "เด็ก", "ๆ", " ", "ไป", "โรงเรียน"}},
		{"titles and a name outside the dictionary", "ผู้ช่วยศาสตราจารย์ ดร.สมชาย ใจดี เป็นอธิการบดี",
			[]string{"ผู้ช่วยศาสตราจารย์", " ", "ดร", ".", "สม", "ชาย", " ", "ใจดี", " ", "เป็น", "อธิการบดี"}},
		{"Thai digits and a slash", "การประชุมสภามหาวิทยาลัยครั้งที่๑๒/๒๕๖๘เมื่อวันที่ 5 ธันวาคม",
			[]string{"การประชุม", "สภา", "มหาวิทยาลัย", "ครั้ง", "ที่", "๑๒", "/", "๒๕๖๘", "เมื่อ", "วันที่", " ", "5", " ", "ธันวาคม"}},
		{"English", "Hello,  world! 3.14 is π.",
			[]string{"Hello", ",", "  ", "world", "!", " ", "3.14", " ", "is", " ", "π", "."}},
		{"line breaks", "a\r\nb\n\nc\r",
			[]string{"a", "\r\n", "b", "\n", "\n", "c", "\r"}},
		{"invalid UTF-8", "a\xffข่าว\xe0\xb8",
			[]string{"a", "\xff", "ข่าว", "\xe0", "\xb8"}},
		{"a trailing number separator", "ปี 2569.", []string{"ปี", " ", "2569", "."}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Words(c.in)
			if strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
				t.Errorf("Words(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}

// TestSegmentUnknown checks the segmentation itself with a small dictionary:
// known words are found, and characters outside the dictionary stay
// together, never split inside a cluster.
func TestSegmentUnknown(t *testing.T) {
	d := newDict("แมว", "กิน", "ปลา", "ปลาทู", "ทู", "นา", "เก")
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"แมวกินปลา", []string{"แมว", "กิน", "ปลา"}},
		{"แมวกินปลาทู", []string{"แมว", "กิน", "ปลาทู"}},           // fewest words
		{"แมวกินปลาทูน่า", []string{"แมว", "กิน", "ปลาทู", "น่า"}}, // น่า is not นา
		{"เสือกินแมว", []string{"เสือ", "กิน", "แมว"}},             // เสือ unknown, kept whole
		{"หมาแมว", []string{"หมา", "แมว"}},
		{"โรงเรียนแมว", []string{"โรงเรียน", "แมว"}},
		{"เกาะแมว", []string{"เกาะ", "แมว"}}, // not เก|าะ: า and ะ belong to ก
	} {
		got := d.segment(nil, c.in)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("segment(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestClusters(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"เกาะแก่ง", "เกาะ|แก่|ง"},
		{"เด็ก", "เด็|ก"},
		{"ไม้", "ไม้"},
		{"ประชาสัมพันธ์", "ป|ระ|ชา|สั|ม|พั|น|ธ์"},
		{"กำลัง", "กำ|ลั|ง"},
		{"ฤๅษี", "ฤๅ|ษี"},
		{"ิก", "ิ|ก"}, // a stray mark starts a cluster of its own
	} {
		b := clusters(nil, c.in)
		var parts []string
		for i := 1; i < len(b); i++ {
			parts = append(parts, c.in[b[i-1]:b[i]])
		}
		if got := strings.Join(parts, "|"); got != c.want {
			t.Errorf("clusters(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

// TestDictionary checks the embedded list decodes whole and sorted.
func TestDictionary(t *testing.T) {
	d := thai()
	if d.len() != 51625 {
		t.Errorf("%d words, want 51625", d.len())
	}
	for i := 1; i < d.len(); i++ {
		if d.word(i-1) >= d.word(i) {
			t.Fatalf("not sorted at %d: %q >= %q", i, d.word(i-1), d.word(i))
		}
	}
	for _, w := range []string{"กก", "มหาวิทยาลัย", "กิจกรรม", "ประชาสัมพันธ์"} {
		if !d.known(w) {
			t.Errorf("%q not found", w)
		}
	}
	for _, w := range []string{"มหาวิทยา", "กิจกรร", "ข"} {
		if d.known(w) {
			t.Errorf("%q found", w)
		}
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"", "มหาวิทยาลัยนครพนม", "a b\r\n1,000.5", "\xff\xe0\xb8", "เเเ่่่ๆๆ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws := Words(s)
		if strings.Join(ws, "") != s {
			t.Fatalf("Words(%q) = %q does not join back", s, ws)
		}
		for _, w := range ws {
			if w == "" {
				t.Fatalf("Words(%q) has an empty token", s)
			}
		}
	})
}
