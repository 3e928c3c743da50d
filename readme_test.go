package newsroom

import (
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
)

// The README must stand on its own in a fresh clone: every link and every
// repository path it names is inside the repository and exists, and it
// sends the reader to no other site (the reader's own server aside).

var (
	mdLink   = regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	autoLink = regexp.MustCompile(`<((?:https?|file|ftp)://[^>\s]+)>`)
	refLink  = regexp.MustCompile(`(?m)^\s{0,3}\[[^\]]+\]:\s*(\S+)`)
	htmlLink = regexp.MustCompile(`(?i)(?:href|src)\s*=\s*["']([^"']+)["']`)
	codeSpan = regexp.MustCompile("`([^`\n]+)`")
)

// readmeRef is one reference the README makes: a link target or a
// backticked path, with its line.
type readmeRef struct {
	line   int
	target string
	code   bool // a backticked path rather than a link
}

// readmeRefs returns the links (outside fenced code) and the backticked
// repository-looking paths of a Markdown text.
func readmeRefs(md string) []readmeRef {
	var refs []readmeRef
	fenced := false
	for i, l := range strings.Split(md, "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
			continue
		}
		if fenced {
			// Commands: only what points outside the repository by its
			// form matters here (../, /work/, ~/).
			for _, f := range strings.Fields(l) {
				if outsideForm(f) {
					refs = append(refs, readmeRef{i + 1, f, true})
				}
			}
			continue
		}
		prose := codeSpan.ReplaceAllString(l, "")
		for _, re := range []*regexp.Regexp{mdLink, autoLink, refLink, htmlLink} {
			for _, m := range re.FindAllStringSubmatch(prose, -1) {
				refs = append(refs, readmeRef{i + 1, m[1], false})
			}
		}
		for _, m := range codeSpan.FindAllStringSubmatch(l, -1) {
			refs = append(refs, readmeRef{i + 1, m[1], true})
		}
	}
	return refs
}

// outsideForm reports whether a path is outside the repository by its
// very form: a parent directory, a home directory, the machine this
// project was written on, another checkout beside this one.
func outsideForm(p string) bool {
	p = strings.Trim(p, `"'(),;:`)
	return strings.HasPrefix(p, "../") || p == ".." || strings.HasPrefix(p, "~/") || strings.Contains(p, "/work/") ||
		strings.HasPrefix(p, "/work") || strings.Contains(p, "shared/") || strings.HasPrefix(p, "file:")
}

// checkRef returns why a reference is not allowed, or "".
func checkRef(r readmeRef, exists func(string) bool, topLevel map[string]bool) string {
	t := r.target
	if outsideForm(t) {
		return "points outside the repository"
	}
	if r.code {
		// A backticked word is a repository path when its first segment is
		// a top-level entry of the repository and it names a source-like
		// file or a directory (not a data file the program writes, like
		// db/newsroom.db of a backup, and not a URL path, which starts
		// with "/").
		if strings.ContainsAny(t, " *?{}$…=&") || strings.HasPrefix(t, "/") || strings.Contains(t, "://") {
			return ""
		}
		first, _, hasSlash := strings.Cut(strings.TrimPrefix(t, "./"), "/")
		if !hasSlash || !topLevel[first] {
			return ""
		}
		switch path.Ext(strings.TrimSuffix(t, "/")) {
		case "", ".go", ".sh", ".md", ".txt", ".sql", ".html", ".css", ".js", ".json", ".gz", ".woff2", ".tsv", ".csv", ".mod", ".sum", ".yml", ".yaml":
		default:
			return ""
		}
		if !exists(strings.TrimSuffix(strings.TrimPrefix(t, "./"), "/")) {
			return "names a repository path that does not exist"
		}
		return ""
	}
	u, err := url.Parse(t)
	if err != nil {
		return "is not a valid link"
	}
	switch {
	case u.Scheme == "http" || u.Scheme == "https":
		if h := u.Hostname(); h != "localhost" && h != "127.0.0.1" {
			return "links to another site: write the facts the reader needs instead"
		}
		return ""
	case u.Scheme != "" || strings.HasPrefix(u.Path, "/"):
		return "is not a link inside the repository"
	case u.Path == "":
		return "" // an anchor within the README
	}
	if !exists(path.Clean(u.Path)) {
		return "links to a repository file that does not exist"
	}
	return ""
}

func TestReadmeStandsAlone(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	top := map[string]bool{}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		top[e.Name()] = true
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	refs := readmeRefs(string(b))
	checked := 0
	for _, r := range refs {
		if why := checkRef(r, exists, top); why != "" {
			t.Errorf("README.md:%d: %q %s", r.line, r.target, why)
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d references found in the README: the parser no longer sees them", checked)
	}
}

// TestReadmeRefCheck: the checker itself, on the cases it must tell apart.
func TestReadmeRefCheck(t *testing.T) {
	top := map[string]bool{"bench": true, "db": true, "textdiff": true, "e2e": true, ".ci": true}
	files := map[string]bool{"bench/site/README.md": true, "textdiff/NOTICE": true, "e2e": true, ".ci/run": true, "db": true}
	exists := func(p string) bool { return files[p] }
	for _, tc := range []struct {
		md   string
		want []string // one verdict per reference found, "" for allowed
	}{
		{"see [the spec](../shared/SPEC.md)", []string{"points outside the repository"}},
		{"see [the notes](/work/shared/NOTES.md)", []string{"points outside the repository"}},
		{"see [bench](bench/site/README.md) and [gone](bench/gone.md)", []string{"", "links to a repository file that does not exist"}},
		{"see [Go](https://go.dev/doc/)", []string{"links to another site: write the facts the reader needs instead"}},
		{"open <http://localhost:8080/admin/>", []string{""}},
		{"see [top](#configuration)", []string{""}},
		{"see [abs](/etc/passwd)", []string{"is not a link inside the repository"}},
		{"`textdiff/NOTICE` and `textdiff/NOTICE2.md` and `e2e/`", []string{"", "names a repository path that does not exist", ""}},
		{"`db/newsroom.db` `/news/{id}` `media/**/.tmp-*` `.ci/run`", []string{"", "", "", ""}},
		{"```sh\ncat ../shared/x.md\nnewsroom backup /backup/newsroom\n```", []string{"points outside the repository"}},
		{"[ref]: ../x.md", []string{"points outside the repository"}},
	} {
		refs := readmeRefs(tc.md)
		var got []string
		for _, r := range refs {
			got = append(got, checkRef(r, exists, top))
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q: got %q, want %q", tc.md, got, tc.want)
		}
	}
}
