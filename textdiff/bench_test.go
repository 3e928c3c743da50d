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
// Measured on the development machine (2 cores shared with other work,
// 2026-12-04, go1.26.8):
//
//	BenchmarkDiff-2          3.2 ms/op  630 KB/op  1016 allocs/op
//	BenchmarkWords-2         1.3 ms/op  242 KB/op   487 allocs/op
//	BenchmarkDecodeDict-2    8 ms/op   3.6 MB/op   102 allocs/op (once)
//	BenchmarkDiffLong (~200,000 characters): 42 ms/op with a few edits,
//	  0.28 s/op and 26 MB/op with every third paragraph rewritten
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

// BenchmarkDecodeDict is the one-time cost of the embedded word list,
// paid by the first Words or Diff of a process.
func BenchmarkDecodeDict(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeDict(wordsGz); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiffLong diffs ~200,000 Thai characters (600 KB) with a few
// edits, and with every third paragraph rewritten (the paragraph fallback).
func BenchmarkDiffLong(b *testing.B) {
	a := newsBody(600 << 10)
	paras := strings.SplitAfter(a, "\n\n")
	for i := range paras {
		if i%3 == 0 {
			paras[i] = strings.ReplaceAll(paras[i], "กิจกรรม", "งาน")
		}
	}
	for _, c := range []struct{ name, b string }{
		{"few edits", editNews(a)},
		{"every third paragraph", strings.Join(paras, "")},
	} {
		b.Run(c.name, func(b *testing.B) {
			thai()
			b.ReportAllocs()
			for b.Loop() {
				Diff(a, c.b)
			}
		})
	}
}
