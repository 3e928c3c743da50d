package db_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// seamPackages are the packages whose SQL must stay portable outside their
// dialect file.
var seamPackages = []string{"db", "roles", "audit", "content", "media", "jobs", "search", "counter"}

// dialectFile names the one file per package that may hold SQLite's own SQL:
// sqlite.go, or <engine>_sqlite.go (search/fts_sqlite.go).
const dialectFile = "sqlite.go"

// postgresFile names the file per package that holds PostgreSQL's own SQL
// (postgres.go or <engine>_postgres.go); the same rules keep it out of the
// portable files (postgresOnly).
const postgresFile = "postgres.go"

// sqliteOnly are the SQLite-only spellings the seam keeps out of portable
// code, matched in string literals (SQL, and error texts compared with).
var sqliteOnly = []struct {
	name string
	re   *regexp.Regexp
}{
	{"numbered placeholder ?N", regexp.MustCompile(`\?[0-9]|\?%d`)},
	{"INSERT OR IGNORE/REPLACE", regexp.MustCompile(`(?i)\bINSERT\s+OR\s+(IGNORE|REPLACE|ABORT|FAIL|ROLLBACK)\b`)},
	{"group_concat", regexp.MustCompile(`(?i)\bgroup_concat\s*\(`)},
	{"instr", regexp.MustCompile(`(?i)\binstr\s*\(`)},
	{"rowid", regexp.MustCompile(`(?i)\b(_?rowid_?|oid)\b`)},
	{"typeof", regexp.MustCompile(`(?i)\btypeof\s*\(`)},
	{"PRAGMA", regexp.MustCompile(`(?i)\bPRAGMA\b`)},
	{"VACUUM", regexp.MustCompile(`(?i)\bVACUUM\b`)},
	{"sqlite_master", regexp.MustCompile(`(?i)\bsqlite_(master|schema|sequence)\b`)},
	{"driver name", regexp.MustCompile(`^sqlite3$`)},
	{"error text", regexp.MustCompile(`(?i)constraint failed|database is locked|no such table|SQLITE_[A-Z]`)},
	// PostgreSQL's own spellings belong in postgres.go.
	{"PostgreSQL placeholder $N", regexp.MustCompile(`\$[1-9]`)},
	{"PostgreSQL cast ::", regexp.MustCompile(`::[a-z]`)},
	{"PostgreSQL-only function", regexp.MustCompile(`(?i)\b(strpos|greatest|least|ilike|to_tsvector|similarity|string_to_array|array_agg|jsonb_[a-z_]+)\s*\(`)},
	{"PostgreSQL row locking", regexp.MustCompile(`(?i)\bFOR\s+UPDATE\b|\bSKIP\s+LOCKED\b|\bpg_[a-z_]+\b|\bLISTEN\b|\bNOTIFY\b|\bctid\b`)},
}

// seamPending lists SQLite-only SQL that other parts of issue 11 still
// convert: "dir/file.go" (the whole file) or "dir/file.go:func". Remove an
// entry when its code is converted; the test fails on an entry that no
// longer matches anything, so the list only shrinks.
var seamPending = []string{}

type seamHit struct{ file, fn, what, text string }

// scanSeam reports the SQLite-only spellings in the Go file at path (shown
// as rel): string literals, LastInsertId calls and driver imports.
func scanSeam(t *testing.T, path, rel string) []seamHit {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var hits []seamHit
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); strings.Contains(p, "sqlite") {
			hits = append(hits, seamHit{rel, "", "driver import", p})
		}
	}
	for _, decl := range f.Decls {
		fn := ""
		if fd, ok := decl.(*ast.FuncDecl); ok {
			fn = fd.Name.Name
		}
		ast.Inspect(decl, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(n.Value)
				if err != nil {
					s = n.Value
				}
				for _, p := range sqliteOnly {
					if m := p.re.FindString(s); m != "" {
						hits = append(hits, seamHit{rel, fn, p.name, m})
					}
				}
			case *ast.SelectorExpr:
				if n.Sel.Name == "LastInsertId" {
					hits = append(hits, seamHit{rel, fn, "LastInsertId", "LastInsertId"})
				}
			}
			return true
		})
	}
	return hits
}

// The SQL seam: SQLite-only SQL lives in each package's dialect file
// (sqlite.go) and nowhere else in production code, so another dialect
// means new dialect files, not edits all over the stores.
func TestSQLSeamSQLiteOnlyInDialectFiles(t *testing.T) {
	used := map[string]bool{}
	for _, pkg := range seamPackages {
		files, err := filepath.Glob(filepath.Join("..", pkg, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no Go files in package %s", pkg)
		}
		for _, path := range files {
			base := filepath.Base(path)
			if strings.HasSuffix(base, "_test.go") || base == dialectFile || strings.HasSuffix(base, "_"+dialectFile) ||
				base == postgresFile || strings.HasSuffix(base, "_"+postgresFile) {
				continue
			}
			rel := pkg + "/" + base
			for _, h := range scanSeam(t, path, rel) {
				if slices.Contains(seamPending, h.file) {
					used[h.file] = true
					continue
				}
				if key := h.file + ":" + h.fn; slices.Contains(seamPending, key) {
					used[key] = true
					continue
				}
				where := h.file
				if h.fn != "" {
					where += " (" + h.fn + ")"
				}
				t.Errorf("%s: %s %q outside %s: use portable SQL or put the fragment in %s/%s",
					where, h.what, h.text, dialectFile, pkg, dialectFile)
			}
		}
	}
	for _, p := range seamPending {
		if !used[p] {
			t.Errorf("seamPending lists %s, which holds no SQLite-only SQL any more: remove the entry", p)
		}
	}
}

// The scanner finds what it looks for (a check of the check).
func TestSeamScannerFindsSQLiteOnlySQL(t *testing.T) {
	src := `package x

import _ "github.com/mattn/go-sqlite3"

func f(db any) {
	q := "SELECT * FROM t WHERE a = ?1 AND b = ?2"
	_ = "INSERT OR IGNORE INTO t (a) VALUES (?)"
	_ = "SELECT group_concat(a) FROM t ORDER BY rowid"
	_ = "SELECT 1 WHERE instr(a, ?) > 0 AND typeof(b) = 'integer'"
	_ = "PRAGMA user_version"
	_ = strings.Contains(err.Error(), "UNIQUE constraint failed")
	id, _ := res.LastInsertId()
	_ = "SELECT id FROM t WHERE a = ? ORDER BY id" // portable: no hit
}
`
	path := filepath.Join(t.TempDir(), "x.go")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range scanSeam(t, path, "x/x.go") {
		got = append(got, h.what)
	}
	want := []string{"driver import", "numbered placeholder ?N", "INSERT OR IGNORE/REPLACE", "group_concat", "rowid",
		"instr", "typeof", "PRAGMA", "error text", "LastInsertId"}
	if !slices.Equal(got, want) {
		t.Errorf("found %q\nwant  %q", got, want)
	}
}
