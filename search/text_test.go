package search

import (
	"slices"
	"strings"
	"testing"
)

func TestHighlight(t *testing.T) {
	type seg = Segment
	tests := []struct {
		text, q string
		want    []Segment
	}{
		{"มหาวิทยาลัยประกาศมอบทุนการศึกษาแก่นักศึกษา", "ทุนการศึกษา",
			[]seg{{"มหาวิทยาลัยประกาศมอบ", false}, {"ทุนการศึกษา", true}, {"แก่นักศึกษา", false}}},
		{"นักศึกษาได้รับทุนการศึกษา", "ศึกษา",
			[]seg{{"นัก", false}, {"ศึกษา", true}, {"ได้รับทุนการ", false}, {"ศึกษา", true}}},
		{"University Opens SCHOLARSHIP", "scholarship OPEN",
			[]seg{{"University ", false}, {"Open", true}, {"s ", false}, {"SCHOLARSHIP", true}}},
		{"ปีงบประมาณ ๒๕๖๘", "2568", []seg{{"ปีงบประมาณ ", false}, {"๒๕๖๘", true}}},
		{"overlapping words", "overlap lapping", []seg{{"overlapping", true}, {" words", false}}},
		{"no match here", "ทุน", []seg{{"no match here", false}}},
		{"no query", "", []seg{{"no query", false}}},
		{"", "ทุน", nil},
	}
	for _, tc := range tests {
		t.Run(tc.text+"/"+tc.q, func(t *testing.T) {
			got := Highlight(tc.text, tc.q)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("Highlight(%q, %q) = %+v, want %+v", tc.text, tc.q, got, tc.want)
			}
		})
	}
}

func TestSnippet(t *testing.T) {
	body := strings.Repeat("ก่อนหน้า ", 40) + "ประกาศทุนการศึกษาประจำปี" + strings.Repeat(" ต่อท้าย", 40)
	got := snippet(foldText(body), []string{"ทุนการศึกษา"})
	if n := len([]rune(got)); !strings.Contains(got, "ทุนการศึกษา") || n > snippetRunes+25 || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("snippet %q (%d runes)", got, n)
	}
	if got := snippet(foldText("สั้น ๆ มีทุน"), []string{"ทุน"}); got != "สั้น ๆ มีทุน" {
		t.Errorf("short body snippet %q", got)
	}
	if got := snippet(foldText("ไม่มีคำ"), []string{"ทุน"}); got != "" {
		t.Errorf("no match snippet %q", got)
	}
}

func TestParseWords(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"ทุนการศึกษา", []string{"ทุนการศึกษา"}},
		{`"สมัคร"—ทุนการศึกษา! สมัคร`, []string{"สมัคร", "ทุนการศึกษา"}},
		{"University OPENS a* OR b", []string{"university", "opens", "a", "or", "b"}},
		{"ปีงบประมาณ ๒๕๖๘", []string{"ปีงบประมาณ", "2568"}},
		{"1 2 3 4 5 6 7 8 9 10", []string{"1", "2", "3", "4", "5", "6", "7", "8"}},
		{strings.Repeat("ก", 60), []string{strings.Repeat("ก", maxWordRunes)}},
		{strings.Repeat("x", maxQueryRunes) + " tail", []string{strings.Repeat("x", maxWordRunes)}},
		{" -- ", nil},
	}
	for _, tc := range tests {
		if got := ParseWords(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("ParseWords(%.40q) = %q, want %q", tc.q, got, tc.want)
		}
	}
}

func TestShortWords(t *testing.T) {
	tests := []struct {
		q          string
		titlesOnly bool
		ignored    []string
	}{
		{"ปี", true, nil},
		{"AI ml", true, nil},
		{"ทุนการศึกษา ปี", false, []string{"ปี"}},
		{"scholarship", false, nil},
		{"", false, nil},
	}
	for _, tc := range tests {
		titlesOnly, ignored := ShortWords(tc.q)
		if titlesOnly != tc.titlesOnly || !slices.Equal(ignored, tc.ignored) {
			t.Errorf("ShortWords(%q) = %v, %q; want %v, %q", tc.q, titlesOnly, ignored, tc.titlesOnly, tc.ignored)
		}
	}
}
