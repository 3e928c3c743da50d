package textdiff

import (
	"fmt"
	"strings"
	"testing"
)

// Sentences in the style of the university's activity news.
var newsSentences = []string{
	"มหาวิทยาลัยนครพนมจัดกิจกรรมวันเด็กแห่งชาติ ประจำปี 2569 ณ หอประชุมใหญ่ โดยมีนักเรียนและผู้ปกครองเข้าร่วมกว่า 500 คน",
	"อธิการบดีกล่าวเปิดงานและมอบของขวัญให้แก่เด็ก ๆ ที่มาร่วมกิจกรรม พร้อมทั้งขอบคุณหน่วยงานภาคเอกชนที่ให้การสนับสนุน",
	"คณะครุศาสตร์ร่วมกับสำนักงานเขตพื้นที่การศึกษาจัดอบรมเชิงปฏิบัติการเพื่อพัฒนาทักษะการสอนของครูในจังหวัดนครพนม",
	"นักศึกษาสาขาวิชาวิทยาการคอมพิวเตอร์ได้รับรางวัลชนะเลิศการแข่งขันพัฒนาโปรแกรมระดับภาค",
	"ผู้สนใจสามารถติดตามข่าวสารเพิ่มเติมได้ที่งานประชาสัมพันธ์ มหาวิทยาลัยนครพนม โทร. 042-503777",
	"ทั้งนี้ การจัดกิจกรรมดังกล่าวเป็นไปตามแผนยุทธศาสตร์ของมหาวิทยาลัยในการบริการวิชาการแก่สังคม",
}

// newsBody returns a Thai news text of at least n bytes: paragraphs of
// three sentences each, numbered, separated by blank lines.
func newsBody(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		for j := 0; j < 3; j++ {
			b.WriteString(newsSentences[(i*5+j*7)%len(newsSentences)])
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "(ย่อหน้าที่ %d)\n\n", i+1)
	}
	return b.String()
}

// editNews makes a few editor's changes to a news body: a word replaced in
// three places, a sentence added, a phrase removed, a number corrected.
func editNews(s string) string {
	s = strings.Replace(s, "กิจกรรม", "งาน", 3)
	i := strings.Index(s, "(ย่อหน้าที่ 10)")
	s = s[:i] + "ในปีนี้มีผู้เข้าร่วมมากกว่าทุกปีที่ผ่านมา " + s[i:]
	s = strings.Replace(s, " ณ หอประชุมใหญ่", "", 1)
	return strings.Replace(s, "(ย่อหน้าที่ 20)", "(ย่อหน้าที่ 21)", 1)
}

// BenchmarkDiff diffs a 20 KB Thai news body against an edited copy.
//
//	go test ./textdiff -run '^$' -bench . -benchmem
//
// Measured on the development machine (2 shared cores, 2026-12-04):
// BenchmarkDiff  (see the report in the commit that sets this figure)
func BenchmarkDiff(b *testing.B) {
	a := newsBody(20 << 10)
	c := editNews(a)
	thai() // the dictionary is decoded once per process, not per diff
	b.SetBytes(int64(len(a) + len(c)))
	b.ReportAllocs()
	for b.Loop() {
		Diff(a, c)
	}
}

// BenchmarkWords segments a 20 KB Thai news body.
func BenchmarkWords(b *testing.B) {
	a := newsBody(20 << 10)
	thai()
	b.SetBytes(int64(len(a)))
	b.ReportAllocs()
	for b.Loop() {
		Words(a)
	}
}
