package app_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The test harness is for tests only: no production file imports it.
func TestNoProductionCodeImportsApptest(t *testing.T) {
	const harness = "newsroom/app/apptest"
	root := ".."
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n != ".." && (strings.HasPrefix(n, ".") || n == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		if strings.HasSuffix(filepath.ToSlash(filepath.Dir(path)), "/app/apptest") {
			return nil // the harness itself
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, im := range f.Imports {
			if p, _ := strconv.Unquote(im.Path.Value); p == harness {
				t.Errorf("%s imports %s, which is for tests only", path, harness)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d production files checked: is the walk rooted at the module?", checked)
	}
}

// Every package with HTTP tests has the same harness_test.go, but for its
// package clause (and cmd/newsroom's, without the Config alias main has).
func TestHarnessCopiesAreEqual(t *testing.T) {
	norm := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		s = s[strings.Index(s, "\n"):] // the package clause
		return strings.Replace(s, "\ntype Config = app.Config\n", "", 1)
	}
	want := norm("harness_test.go")
	for _, dir := range []string{"admin", "public", "web", "cmd/newsroom"} {
		if got := norm(filepath.Join("..", dir, "harness_test.go")); got != want {
			t.Errorf("%s/harness_test.go differs from app/harness_test.go: keep the copies equal", dir)
		}
	}
}
