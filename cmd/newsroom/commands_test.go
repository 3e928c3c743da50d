package main

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

// helpLines are the command lines of "newsroom --help": each line of its
// "commands:" block as the words naming the command (one, or a group and
// its subcommand).
func helpLines(t *testing.T, help string) [][]string {
	t.Helper()
	_, block, ok := strings.Cut(help, "\ncommands:\n")
	if !ok {
		t.Fatalf("no commands block in the help:\n%s", help)
	}
	block, _, _ = strings.Cut(block, "\n\n")
	var out [][]string
	for _, l := range strings.Split(block, "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			t.Fatalf("help line without a description: %q", l)
		}
		name := f[:1]
		if c, ok := findCommand(f[0]); ok && c.subs != nil {
			name = f[:2]
		}
		out = append(out, name)
	}
	return out
}

// TestHelpListsEveryCommand: "newsroom --help", "-h" and "help" print every
// command and subcommand of the dispatch table, each with a description,
// and every setting, on standard output with exit 0.
func TestHelpListsEveryCommand(t *testing.T) {
	var want [][]string
	for _, c := range commands {
		if c.subs == nil {
			want = append(want, []string{c.name})
		}
		for _, s := range c.subs {
			want = append(want, []string{c.name, s.name})
		}
	}
	for _, arg := range []string{"--help", "-h", "help", "-help"} {
		out, errOut, err := runCmd(t, t.TempDir(), arg)
		if err != nil || errOut != "" {
			t.Fatalf("newsroom %s: %v, stderr %q", arg, err, errOut)
		}
		got := helpLines(t, out)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("newsroom %s lists %q, the dispatch table has %q", arg, got, want)
		}
		for _, s := range settings {
			if !strings.Contains(out, "--"+s.flag) || !strings.Contains(out, "$"+s.env) {
				t.Errorf("newsroom %s does not name the setting --%s / $%s", arg, s.flag, s.env)
			}
		}
	}
}

// TestEveryHelpLineIsACommand: every command the help names answers
// "--help" with its own usage (exit 0, on standard output) and every group
// "--help" lists its subcommands; none of them touches the data directory.
func TestEveryHelpLineIsACommand(t *testing.T) {
	top, _, _ := runCmd(t, t.TempDir(), "--help")
	lines := helpLines(t, top)
	groups := map[string]bool{}
	for _, name := range lines {
		if len(name) == 2 {
			groups[name[0]] = true
		}
	}
	type tc struct {
		args []string
		want []string
	}
	var cases []tc
	for _, name := range lines {
		want := "usage: newsroom " + strings.Join(name, " ")
		if name[0] == "help" {
			want = "usage: newsroom [command]"
		}
		cases = append(cases, tc{append(slices.Clone(name), "--help"), []string{want}}, tc{append(slices.Clone(name), "-h"), []string{want}})
	}
	for g := range groups {
		c, _ := findCommand(g)
		want := []string{"usage: newsroom " + g + " SUBCOMMAND"}
		for _, s := range c.subs {
			want = append(want, "\n  "+s.name)
		}
		for _, h := range []string{"--help", "-h", "help"} {
			cases = append(cases, tc{[]string{g, h}, want})
		}
	}
	cases = append(cases, tc{[]string{"help", "user"}, []string{"usage: newsroom user SUBCOMMAND", "\n  passwd"}},
		tc{[]string{"serve", "--help"}, []string{"--base-url", "$NEWSROOM_DATA"}},
		tc{[]string{"--addr", ":9", "--help"}, []string{"usage: newsroom serve"}})
	for _, c := range cases {
		dir := filepath.Join(t.TempDir(), "data")
		out, errOut, err := runCmd(t, dir, c.args...)
		if err != nil || errOut != "" {
			t.Errorf("newsroom %s: %v, stderr %q", strings.Join(c.args, " "), err, errOut)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("newsroom %s: output lacks %q:\n%s", strings.Join(c.args, " "), w, out)
			}
		}
		if _, err := filepath.Glob(dir); err == nil {
			if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) > 0 {
				t.Errorf("newsroom %s created %v", strings.Join(c.args, " "), m)
			}
		}
	}
}

// TestUnknownCommandsExit2: an unknown command or subcommand prints the
// list on standard error and exits 2.
func TestUnknownCommandsExit2(t *testing.T) {
	for _, tc := range []struct {
		args []string
		list string // a line the printed list must have
	}{
		{[]string{"frobnicate"}, "  user passwd"},
		{[]string{"help", "frobnicate"}, "  traffic export"},
		{[]string{"user"}, "  passwd ID"},
		{[]string{"user", "delete"}, "  disable ID"},
		{[]string{"unit", "add"}, "  list"},
		{[]string{"unit"}, "  list"},
		{[]string{"traffic", "rewrite"}, "  verify"},
		{[]string{"traffic", "--data", "x"}, "  purge"},
	} {
		out, errOut, err := runCmd(t, t.TempDir(), tc.args...)
		if exitCode(err) != 2 || out != "" || !strings.Contains(errOut, tc.list) {
			t.Errorf("newsroom %s: exit %d (%v), stdout %q, stderr:\n%s", strings.Join(tc.args, " "), exitCode(err), err, out, errOut)
		}
	}
}

// TestSubcommandSwitchesMatchTable: the subcommand names the command
// functions switch on (case "…" of a switch on sub) are all in the
// dispatch table, so a subcommand added to a function is also in the help.
func TestSubcommandSwitchesMatchTable(t *testing.T) {
	inTable := map[string]bool{}
	for _, c := range commands {
		for _, s := range c.subs {
			inTable[s.name] = true
		}
	}
	fset := token.NewFileSet()
	files, _ := filepath.Glob("*.go")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(node ast.Node) bool {
			sw, ok := node.(*ast.SwitchStmt)
			if !ok {
				return true
			}
			if id, isID := sw.Tag.(*ast.Ident); !isID || id.Name != "sub" {
				return true
			}
			for _, st := range sw.Body.List {
				for _, e := range st.(*ast.CaseClause).List {
					if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						name, _ := strconv.Unquote(lit.Value)
						n++
						if !inTable[name] {
							t.Errorf("%s: subcommand %q is handled but not in the dispatch table (commands.go)", fset.Position(lit.Pos()), name)
						}
					}
				}
			}
			return true
		})
	}
	if n == 0 {
		t.Fatal("found no switch on sub: the test no longer sees the subcommands")
	}
}

// TestUnitList: "unit list" shows every unit, retired ones too, with code,
// slug, kind, names and whether retired, in aligned columns.
func TestUnitList(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	units, err := ta.users.Units(ctx, false)
	if err != nil || len(units) < 3 {
		t.Fatalf("units: %v %d", err, len(units))
	}
	gone := units[len(units)-1]
	if err := ta.users.SetUnitRetired(ctx, gone.ID, true, time.Now()); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runCmd(t, ta.dataDir, "unit", "list")
	if err != nil {
		t.Fatalf("unit list: %v %s", err, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(units)+1 {
		t.Fatalf("unit list: %d lines for %d units:\n%s", len(lines), len(units), out)
	}
	header := lines[0]
	cols := []string{"CODE", "SLUG", "KIND", "NAME (TH)", "NAME (EN)", "RETIRED"}
	for _, c := range cols {
		if !strings.Contains(header, c) {
			t.Fatalf("header %q lacks %s", header, c)
		}
	}
	// Columns start where their heading does, counted in display columns
	// (Thai vowel and tone marks take none).
	at := func(s, sub string) int {
		n := 0
		for _, r := range s[:strings.Index(s, sub)] {
			if !unicode.Is(unicode.Mn, r) {
				n++
			}
		}
		return n
	}
	for _, u := range units {
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, u.Code+" ") })
		if i < 0 {
			t.Errorf("unit %s missing:\n%s", u.Code, out)
			continue
		}
		l := lines[i]
		for j, v := range []string{u.Slug, u.Kind, u.NameTH, u.NameEN} {
			if !strings.Contains(l, "  "+v+" ") || at(l, "  "+v+" ")+2 != at(header, cols[j+1]) {
				t.Errorf("unit %s: %q not under %s:\n%s\n%s", u.Code, v, cols[j+1], header, l)
			}
		}
		want := "no"
		if u.ID == gone.ID {
			want = "yes"
		}
		if !strings.HasSuffix(l, "  "+want) || at(l, "  "+want)+2 != at(header, "RETIRED") {
			t.Errorf("unit %s: retired column, want %s:\n%s\n%s", u.Code, want, header, l)
		}
	}
	// A wrong --data is said so, and no database is made there.
	dir := filepath.Join(t.TempDir(), "nothing")
	if _, _, err := runCmd(t, dir, "unit", "list"); err == nil || !strings.Contains(err.Error(), "--data") {
		t.Errorf("unit list on a missing data directory: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) > 0 {
		t.Errorf("unit list made %v", m)
	}
}

// TestHelpWordOnlyFirst: "help" asks for help only in first place; later it
// is a value ("user add --name help"), while -h and --help count anywhere
// before "--".
func TestHelpWordOnlyFirst(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"help"}, true},
		{[]string{"--help"}, true},
		{[]string{"--name", "x", "-h"}, true},
		{[]string{"--name", "help"}, false},
		{[]string{"--", "--help"}, false},
		{[]string{"/backup/help"}, false},
		{nil, false},
	} {
		if got := wantsHelp(tc.args); got != tc.want {
			t.Errorf("wantsHelp(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
