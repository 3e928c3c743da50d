package templates

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Every user-facing message of the catalog, in Thai and English, rendered
// with realistic arguments of every form they arrive in (as produced, after
// a JSON round trip as upload problems make, as plain strings), shows no
// formatting code. A key added to the catalog is covered without editing
// this test.
func TestEveryMessageRendersCleanly(t *testing.T) {
	if len(catalog) < 100 {
		t.Fatalf("only %d catalog keys: the enumeration is broken", len(catalog))
	}
	keys := make([]string, 0, len(catalog))
	for k := range catalog {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		th, en := catalog[key][0], catalog[key][1]
		n := max(verbCount(th), verbCount(en))
		if tv, ev := verbKinds(th, n), verbKinds(en, n); tv != ev {
			t.Errorf("%s: Thai uses arguments as %q, English as %q", key, tv, ev)
		}
		for _, args := range argForms(verbKinds(en, n)) {
			for _, lang := range Langs {
				out := Tf(lang, key, args...)
				if bad := formattingCode(out); bad != "" {
					t.Errorf("%s (%s) with %#v: %q shows %q", key, lang, args, out, bad)
				}
				for i, a := range args {
					if want := plain(a); verbKinds(en, n)[i] == 'd' && !strings.Contains(out, want) {
						t.Errorf("%s (%s): argument %d (%s) is not in %q", key, lang, i+1, want, out)
					}
				}
			}
		}
	}
}

// Every place the code formats a message or makes a user error with a
// literal key (fileErr, FileError/Problem/ZipSkip literals, Tf, trf) names
// a catalog key and passes as many arguments as its messages use. New
// media error kinds are found by this scan, not by a list.
func TestMessageCallSitesMatchTheCatalog(t *testing.T) {
	sites := messageSites(t, "..")
	if len(sites) < 30 {
		t.Fatalf("found only %d message call sites: the scan is broken", len(sites))
	}
	kinds := 0
	for _, s := range sites {
		if strings.HasPrefix(s.key, "media.") {
			kinds++
		}
		m, ok := catalog[s.key]
		if !ok {
			t.Errorf("%s: key %q is not in the catalog", s.pos, s.key)
			continue
		}
		if s.nargs < 0 {
			continue // arguments passed on with ...
		}
		for i, msg := range m {
			if got := verbCount(msg); got != s.nargs {
				t.Errorf("%s: %q gets %d argument(s), its %s message uses %d", s.pos, s.key, s.nargs, Langs[i], got)
			}
		}
	}
	if kinds < 20 {
		t.Errorf("found only %d media error sites", kinds)
	}
}

// argForms are the forms one message's arguments arrive in, given the
// verb kind of each: as produced, after a JSON round trip (numbers become
// float64), with whole numbers made int64 again, and with every
// number as a string.
func argForms(kinds string) [][]any {
	ints := []int64{4032, 3024, 1000, 300, 900, 25}
	floats := []float64{31.2, 30, 64.5, 50, 900}
	texts := []string{"ภาพกิจกรรม 01.jpg", "โฟลเดอร์/ภาพ 2.png", "25 MB", "3 นาที"}
	var produced, strs []any
	for i, k := range []byte(kinds) {
		switch k {
		case 'd':
			produced = append(produced, ints[i%len(ints)])
		case 'g':
			produced = append(produced, floats[i%len(floats)])
		default:
			// %s gets names and pre-formatted sizes, and numbers.
			if i%2 == 0 {
				produced = append(produced, texts[i%len(texts)])
			} else {
				produced = append(produced, floats[i%len(floats)])
			}
		}
		strs = append(strs, plain(produced[i]))
	}
	raw, _ := json.Marshal(produced)
	var roundTrip []any
	json.Unmarshal(raw, &roundTrip)
	if roundTrip == nil {
		roundTrip = []any{}
	}
	// Whole numbers made integers again, as the progress poll did.
	whole := make([]any, len(roundTrip))
	for i, a := range roundTrip {
		if f, ok := a.(float64); ok && f == float64(int64(f)) {
			a = int64(f)
		}
		whole[i] = a
	}
	return [][]any{produced, roundTrip, whole, strs}
}

// plain writes a as a person would read it.
func plain(a any) string {
	switch v := a.(type) {
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(v, 10)
	case string:
		return v
	}
	return ""
}

// verbKinds classes the verb using each of n arguments: d (whole number),
// g (float), s (text or anything else), - (unused).
func verbKinds(msg string, n int) string {
	out := make([]byte, n)
	for i, v := range argVerbs(msg, n) {
		switch {
		case v == 0:
			out[i] = '-'
		case strings.IndexByte("dxXobcU", v) >= 0:
			out[i] = 'd'
		case strings.IndexByte("eEfFgG", v) >= 0:
			out[i] = 'g'
		default:
			out[i] = 's'
		}
	}
	return string(out)
}

// verbCount is how many arguments msg uses.
func verbCount(msg string) int {
	n := 0
	for _, v := range argVerbs(msg, 64) {
		if v != 0 {
			n++
		}
	}
	return n
}

var leftoverVerb = regexp.MustCompile(`%[-+# 0-9.\[\]*]*[a-zA-Z]`)

// formattingCode returns what in a rendered message betrays formatting
// gone wrong, or "".
func formattingCode(out string) string {
	if strings.TrimSpace(out) == "" {
		return "(empty)"
	}
	for _, bad := range []string{"%!", "MISSING", "EXTRA", "BADINDEX", "{{", "}}", "<nil>", "%v"} {
		if strings.Contains(out, bad) {
			return bad
		}
	}
	return leftoverVerb.FindString(out)
}

type messageSite struct {
	pos   string
	key   string
	nargs int // -1: passed on with ...
}

// messageSites scans the module's Go files (not tests) for message keys
// used with arguments.
func messageSites(t *testing.T, root string) []messageSite {
	t.Helper()
	var sites []messageSite
	fset := token.NewFileSet()
	keyArg := map[string]int{"fileErr": 0, "Tf": 1, "trf": 1}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "vendor" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				i, ok := keyArg[name]
				if !ok || len(n.Args) <= i {
					return true
				}
				if key, ok := stringLit(n.Args[i]); ok {
					nargs := len(n.Args) - i - 1
					if n.Ellipsis.IsValid() {
						nargs = -1
					}
					sites = append(sites, messageSite{fset.Position(n.Pos()).String(), key, nargs})
				}
			case *ast.CompositeLit:
				key, nargs := "", 0
				for _, e := range n.Elts {
					kv, ok := e.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					field, _ := kv.Key.(*ast.Ident)
					if field == nil {
						continue
					}
					switch field.Name {
					case "Key", "Reason":
						if s, ok := stringLit(kv.Value); ok && (strings.HasPrefix(s, "media.") || strings.HasPrefix(s, "upload.")) {
							key = s
						}
					case "Args":
						if lit, ok := kv.Value.(*ast.CompositeLit); ok {
							nargs = len(lit.Elts)
						} else {
							nargs = -1
						}
					}
				}
				if key != "" {
					sites = append(sites, messageSite{fset.Position(n.Pos()).String(), key, nargs})
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sites
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}
