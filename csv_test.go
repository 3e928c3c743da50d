package newsroom

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCSVCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"คณะวิทยาศาสตร์", "คณะวิทยาศาสตร์"},
		{"2568-10-01..2569-09-30", "2568-10-01..2569-09-30"},
		{"/news/12?a=b", "/news/12?a=b"},
		{"a=b", "a=b"},
		{"Mozilla/5.0 (X11; Linux)", "Mozilla/5.0 (X11; Linux)"},
		// numbers stay numbers
		{"0", "0"},
		{"42", "42"},
		{"-5", "-5"},
		{"-12.75", "-12.75"},
		{"3.5", "3.5"},
		// formulas and their disguises
		{"=1+2", "'=1+2"},
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"+1", "'+1"},
		{"-1+2", "'-1+2"},
		{"-", "'-"},
		{"-5-", "'-5-"},
		{"--5", "'--5"},
		{"-.5", "'-.5"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\tplain", "'\tplain"},
		{"\rplain", "'\rplain"},
		{"\nplain", "'\nplain"},
		{"  =1", "'  =1"},
		{"\u00a0@x", "'\u00a0@x"},
		{"\u3000+x", "'\u3000+x"},
		{"\u200b=x", "'\u200b=x"},
		{"\ufeff=x", "'\ufeff=x"},
		{"＝1+1", "'＝1+1"},
		{"＠x", "'＠x"},
		{" plain", " plain"},
		// reversible: a leading apostrophe is doubled
		{"'=1", "''=1"},
		{"'quoted", "''quoted"},
	} {
		if got := CSVCell(tc.in); got != tc.want {
			t.Errorf("CSVCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := CSVCell(tc.in); got != tc.in && got[1:] != tc.in {
			t.Errorf("CSVCell(%q) = %q: dropping one apostrophe must give the value back", tc.in, got)
		}
	}
}

func TestCSVWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewCSVWriter(&b)
	w.Write([]string{"-3", "=cmd|' /C calc'!A0", "ok"})
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "-3" || rows[0][1] != "'=cmd|' /C calc'!A0" || rows[0][2] != "ok" {
		t.Fatalf("row %q", rows[0])
	}
}

// TestEveryCSVWriterIsSafe: no package writes CSV with encoding/csv's writer
// directly, so no export can forget the formula-injection rule.
func TestEveryCSVWriterIsSafe(t *testing.T) {
	err := filepath.WalkDir(".", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || p == "csv.go" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("csv.NewWriter(")) {
			t.Errorf("%s uses csv.NewWriter: use newsroom.NewCSVWriter, which neutralises formulas", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
