package textdiff

import (
	"strings"
	"testing"
)

// TestDiffBounds diffs texts of about 200,000 characters whose differences
// exceed what a word diff may search, and checks that the work stays within
// the budget (so the time is bounded whatever the input) and that the
// result is still a correct diff that keeps the unchanged paragraphs.
func TestDiffBounds(t *testing.T) {
	long := newsBody(600 << 10) // ~200,000 Thai characters
	if n := len([]rune(long)); n < 190_000 {
		t.Fatalf("test text has %d characters", n)
	}
	// every third paragraph rewritten: thousands of word edits
	paras := strings.SplitAfter(long, "\n\n")
	for i := range paras {
		if i%3 == 0 {
			paras[i] = strings.ReplaceAll(paras[i], "มหาวิทยาลัย", "ม.")
			paras[i] = strings.ReplaceAll(paras[i], "กิจกรรม", "งาน")
			paras[i] = strings.ReplaceAll(paras[i], " ", "  ")
		}
	}
	edited := strings.Join(paras, "")
	// two texts with nothing in common but their letters
	other := strings.Map(func(r rune) rune {
		if r >= 'ก' && r <= 'ฮ' {
			return 'ก' + ('ฮ'-r+7)%('ฮ'-'ก'+1)
		}
		return r
	}, long)
	// one long line of 600 sentences, every other one with three words
	// changed: too many word edits for one search, few enough phrases
	var line, lineEdited strings.Builder
	for i := 0; i < 300; i++ {
		s := newsSentences[2]
		line.WriteString(s + " " + newsSentences[3] + " ")
		s = strings.NewReplacer("ร่วมกับ", "และ", "จัดอบรม", "จัดสัมมนา", "ทักษะ", "ความรู้").Replace(s)
		lineEdited.WriteString(s + " " + newsSentences[3] + " ")
	}
	for _, c := range []struct {
		name         string
		a, b         string
		wantEqualMin int // bytes shown as unchanged at least
	}{
		{"many edits: by paragraphs, then words", long, edited, len(long) / 2},
		{"one long line, many edits: by phrases, then words", line.String(), lineEdited.String(), line.Len() / 2},
		{"one long line, edits everywhere", strings.ReplaceAll(long, "\n", " "), strings.ReplaceAll(edited, "\n", " "), 0},
		{"nothing in common", long, other, 0},
		{"an empty side", long, "", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := &differ{budget: workBudget}
			d.text(c.a, c.b, byLines)
			spent := workBudget - d.budget
			// a search stops after the diagonal that exceeds its limit:
			// at most one snake (shorter than the texts' tokens) over
			if spent > workBudget+len(c.a)+len(c.b) {
				t.Errorf("work %d exceeds the budget %d", spent, workBudget)
			}
			spans := d.spans()
			checkSpans(t, c.a, c.b, spans)
			eq := 0
			for _, s := range spans {
				if s.Op == Equal {
					eq += len(s.Text)
				}
			}
			if eq < c.wantEqualMin {
				t.Errorf("%d bytes unchanged, want at least %d", eq, c.wantEqualMin)
			}
			t.Logf("%d spans, %d of %d bytes unchanged, work %d", len(spans), eq, len(c.a), spent)
		})
	}
}

// TestMyersLimits checks the search gives up beyond maxEdits edits and
// beyond its work limit, and finds the shortest script within them.
func TestMyersLimits(t *testing.T) {
	tokens := func(n int, p string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = p + string(rune('a'+i%26)) + string(rune('a'+i/26%26))
		}
		return out
	}
	a := tokens(600, "x")
	for _, c := range []struct {
		name   string
		a, b   []string
		limit  int
		ok     bool
		wantOp int // edits (non-Equal ops) expected when ok
	}{
		{"within maxEdits", a, tokens(maxEdits-600, "y"), workBudget, true, maxEdits},
		{"beyond maxEdits", a, tokens(maxEdits-600+1, "y"), workBudget, false, 0},
		{"beyond the work limit", a, tokens(100, "y"), 1000, false, 0},
		{"one replaced", []string{"a", "b", "c"}, []string{"a", "x", "c"}, workBudget, true, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := &differ{budget: workBudget}
			ops, ok := d.myers(c.a, c.b, c.limit)
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v", ok, c.ok)
			}
			if !ok {
				return
			}
			edits, i, j := 0, 0, 0
			for _, op := range ops {
				switch op {
				case Equal:
					if c.a[i] != c.b[j] {
						t.Fatalf("Equal of %q and %q", c.a[i], c.b[j])
					}
					i, j = i+1, j+1
				case Delete:
					i, edits = i+1, edits+1
				case Insert:
					j, edits = j+1, edits+1
				}
			}
			if i != len(c.a) || j != len(c.b) || edits != c.wantOp {
				t.Errorf("script covers %d/%d, %d/%d with %d edits, want %d", i, len(c.a), j, len(c.b), edits, c.wantOp)
			}
		})
	}
}

func FuzzDiff(f *testing.F) {
	for _, c := range [][2]string{
		{"มหาวิทยาลัยนครพนมจัดกิจกรรมวันเด็กแห่งชาติ", "มหาวิทยาลัยนครพนมจัดงานวันเด็กแห่งชาติ"},
		{"a b c\nd", "a x c\r\nd e"},
		{"", "x"},
		{"1,250 บาท", "1,350 บาท"},
		{"\xff\xe0", "\xe0\xb8\x81"},
		{"เกาะแก่ง", "เกาะแกง"},
	} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		checkSpans(t, a, b, Diff(a, b))
	})
}
