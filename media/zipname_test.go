package media

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestZipNaturalLess(t *testing.T) {
	tests := []struct{ a, b string }{
		{"img2.jpg", "img10.jpg"},
		{"IMG_0009.JPG", "IMG_0010.JPG"},
		{"img1.jpg", "IMG2.jpg"},    // case does not decide before numbers do
		{"a.jpg", "B.jpg"},          // case-insensitive
		{"B.jpg", "b.jpg"},          // ...with a byte-order tiebreak
		{"img01.jpg", "img1.jpg"},   // equal value: tiebreak
		{"img1.jpg", "img02.jpg"},   // leading zeros do not count
		{"ภาพ 2.jpg", "ภาพ 10.jpg"}, // Thai names
		{"ภาพกิจกรรม 9.jpg", "ภาพกิจกรรม 10.jpg"},
		{"ภาพ ๒.jpg", "ภาพ ๑๐.jpg"},                                     // Thai digits
		{"ภาพ 2.jpg", "ภาพ ๑๐.jpg"},                                     // mixed digit scripts
		{"a/x.jpg", "a b/x.jpg"},                                        // folders compare component-wise
		{"day2/z.jpg", "day10/a.jpg"},                                   // numbers in folders
		{"a/b/c.jpg", "a/d.jpg"},                                        // deeper folder by its name
		{"a", "a/b"},                                                    // shorter first
		{"x 1.jpg", "x1.jpg"},                                           // space sorts before digits
		{"x1.jpg", "xa.jpg"},                                            // digits before letters
		{"99999999999999999999999.jpg", "100000000000000000000000.jpg"}, // no overflow
	}
	for _, tt := range tests {
		t.Run(tt.a+" < "+tt.b, func(t *testing.T) {
			if !NaturalLess(tt.a, tt.b) {
				t.Errorf("NaturalLess(%q, %q) = false", tt.a, tt.b)
			}
			if NaturalLess(tt.b, tt.a) {
				t.Errorf("NaturalLess(%q, %q) = true", tt.b, tt.a)
			}
		})
	}
	if NaturalLess("x.jpg", "x.jpg") {
		t.Error("NaturalLess(x, x) = true")
	}
}

// TestZipNaturalLessTotalOrder checks that sorting with NaturalLess is
// consistent: sorted output is the same whatever the input order, and every
// pair in it is ordered.
func TestZipNaturalLessTotalOrder(t *testing.T) {
	names := []string{"a", "A", "a1", "a01", "a 1", "a-1", "a10", "a2", "a/b", "a b", "a.b", "ab",
		"1", "01", "10", "๑", "๐๑", "ภาพ", "ภาพ1", "ภาพ ๒", "Ā", "ā", "z9", "z", "_", "-", "",
		"x/1/2", "x/1 2", "x/12", "x/1/10", "\xff", "\xffa", "ß", "SS"}
	want := slices.Clone(names)
	slices.SortFunc(want, zipNaturalCompare)
	r := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		got := slices.Clone(names)
		r.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		slices.SortFunc(got, zipNaturalCompare)
		if !slices.Equal(got, want) {
			t.Fatalf("order depends on input:\n%q\n%q", got, want)
		}
	}
	for i := range want {
		for j := range want {
			if c := zipNaturalCompare(want[i], want[j]); (c < 0) != (i < j) || (c == 0) != (i == j) {
				t.Errorf("compare(%q, %q) = %d at positions %d, %d", want[i], want[j], c, i, j)
			}
		}
	}
}

func TestZipCleanPath(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" means ignored
	}{
		{"a.jpg", "a.jpg"},
		{"../../x.jpg", "x.jpg"},
		{"/etc/x.jpg", "etc/x.jpg"},
		{`C:\x.jpg`, "x.jpg"},
		{`c:/Users/pr/x.jpg`, "Users/pr/x.jpg"},
		{`\\server\share\x.jpg`, "server/share/x.jpg"},
		{"a/./b/../../../c.jpg", "c.jpg"},
		{"a//b.jpg", "a/b.jpg"},
		{"tab\there.jpg", "tabhere.jpg"},
		{"ภาพ/ข่าว.jpg", "ภาพ/ข่าว.jpg"},
		{"__MACOSX/a/._b.jpg", ""},
		{"a/__macosx/b.jpg", ""},
		{".DS_Store", ""},
		{"a/.git/config", ""},
		{"a/.b.jpg", ""},
		{"a/Thumbs.db", ""},
		{"THUMBS.DB", ""},
		{"x/desktop.ini", ""},
		{"Icon\r", ""},
		{"..", ""},
		{"/", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, ok := zipCleanPath(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("zipCleanPath(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}
