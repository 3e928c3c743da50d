package templates

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestEveryCodeHasALabel: every action code, programme, notice category,
// news type, status badge and content kind has a label in Thai and in
// English that is not the code itself.
func TestEveryCodeHasALabel(t *testing.T) {
	type code struct{ group, code, th, en string }
	var codes []code
	for _, c := range ActionCodes() {
		codes = append(codes, code{"action", c, ActionLabel("th", c), ActionLabel("en", c)})
	}
	for _, a := range ActionAreas() {
		codes = append(codes, code{"action area", a, ActionAreaLabel("th", a), ActionAreaLabel("en", a)})
	}
	// The codes the other lists print through a catalog prefix.
	for _, prefix := range []string{"programme.", "cat.", "newstype.", "state.", "kind.", "role."} {
		n := 0
		for k := range catalog {
			if c, ok := strings.CutPrefix(k, prefix); ok && !strings.Contains(c, "_") || ok && prefix == "state." {
				codes = append(codes, code{prefix, c, T("th", k), T("en", k)})
				n++
			}
		}
		if n == 0 {
			t.Errorf("no catalog key starts with %q", prefix)
		}
	}
	if len(codes) < 150 {
		t.Fatalf("only %d codes: the enumeration is broken", len(codes))
	}
	for _, c := range codes {
		for lang, label := range map[string]string{"th": c.th, "en": c.en} {
			if strings.TrimSpace(label) == "" || label == c.code && strings.ContainsAny(c.code, ".-_") || strings.Contains(label, "%!") ||
				regexp.MustCompile(`^[a-z_]+\.[a-z_.-]+$`).MatchString(label) {
				t.Errorf("%s %q has no %s label: %q", c.group, c.code, lang, label)
			}
		}
	}
	if got := ActionLabel("th", "news.takedown") + " / " + ActionLabel("en", "news.takedown"); got != "นำข่าวลง / Took news down" {
		t.Errorf("news.takedown reads %q", got)
	}
}

// recorded matches the action codes the admin and the command line write:
// a literal code in a call that records, or a verb added to a kind's
// action name.
var (
	recordedCode = regexp.MustCompile(`(?:record|recordAs|logCLI)\((?:c, )?(?:u, )?"([a-z]+\.[a-z_]+)"`)
	mapCode      = regexp.MustCompile(`"([a-z]+\.[a-z_]+)"`)
	addedVerb    = regexp.MustCompile(`(\w+)\.Action\s*\+\s*"\.([a-z_]+)"`)
	kindAction   = map[string]string{"NewsKind": "news", "VideoKind": "video", "BannerKind": "banner", "NoticeKind": "notice",
		"PageKind": "page", "ITAKind": "ita", "ProcurementKind": "procurement", "QuestionKind": "qa"}
	changeVerb = regexp.MustCompile(`r\.change\(h, roles\.\w+, "([a-z_]+)"`)
)

// TestRecordedActionsHaveLabels reads the code that writes the action log
// and fails when an action it records has no label (add it to
// adminPolishCatalog, or the verb to contentVerbs).
func TestRecordedActionsHaveLabels(t *testing.T) {
	known := ActionCodes()
	var files []string
	for _, dir := range []string{"../admin", "../cmd/newsroom"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		files = append(files, m...)
	}
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			var codes []string
			for _, m := range recordedCode.FindAllStringSubmatch(line, -1) {
				codes = append(codes, m[1])
			}
			if strings.Contains(line, "record(c, map[") || strings.Contains(line, `action, flash = "`) || strings.Contains(line, `action = "`) ||
				strings.Contains(line, `action := "`) || strings.Contains(line, `action, flash := "`) {
				for _, m := range mapCode.FindAllStringSubmatch(line, -1) {
					codes = append(codes, m[1])
				}
			}
			for _, m := range addedVerb.FindAllStringSubmatch(line, -1) {
				k, ok := kindAction[m[1]]
				if !ok {
					k = "news" // r.kind or k: any content kind
				}
				codes = append(codes, k+"."+m[2])
			}
			for _, m := range changeVerb.FindAllStringSubmatch(line, -1) {
				codes = append(codes, "news."+m[1])
			}
			for _, c := range codes {
				if strings.HasSuffix(c, "month_") || strings.HasPrefix(c, "users.") || strings.HasPrefix(c, "status.") {
					continue // a flash message, or the procurement month's prefix (its codes are listed)
				}
				found++
				if !slices.Contains(known, c) {
					t.Errorf("%s records %q, which has no label:\n  %s", filepath.Base(f), c, strings.TrimSpace(line))
				}
			}
		}
	}
	if found < 30 {
		t.Fatalf("found only %d recorded codes: the scan is broken", found)
	}
}

// TestEnglishSaysOneResult: every English message with a count reads in the
// singular for 1 ("1 result", "1 news item") and in the plural otherwise;
// Thai is unchanged.
func TestEnglishSaysOneResult(t *testing.T) {
	tests := []struct {
		key  string
		args []any
		want string
	}{
		{"search.count", []any{1, "ข่าว"}, "1 result for “ข่าว”"},
		{"search.count", []any{2, "ข่าว"}, "2 results for “ข่าว”"},
		{"search.count", []any{int64(1), "results"}, "1 result for “results”"}, // an argument is never changed
		{"news.count", []any{1}, "1 news item"},
		{"common.count", []any{float64(1)}, "1 item"},
		{"dash.expiring_n", []any{1, 3}, "1 banner · 3 notices"},
		{"dash.expiring_n", []any{2, 1}, "2 banners · 1 notice"},
		{"dash.yesterday_units", []any{1, 1}, "1 story from 1 unit"},
		{"notices.read_count", []any{1}, "Read 1 time"},
		{"waited.days", []any{1}, "1 day"},
		{"users.count", []any{0}, "0 users"},
		// English shows the Gregorian year; the B.E. year names the fiscal year.
		{"ita.year_title", []any{2570}, "ITA/OIT, FY 2027 (B.E. 2570)"},
		{"archive.fy_n", []any{2569}, "Fiscal year 2026 (B.E. 2569)"},
		{"archive.showing_month", []any{"March", 2569}, "Archive of March, fiscal year 2026 (B.E. 2569)"},
		{"proc.year_title", []any{int64(2570)}, "Procurement results, fiscal year 2027 (B.E. 2570)"},
		{"ita.fy_n", []any{12}, "FY 12"},
	}
	for _, tc := range tests {
		if got := Tf("en", tc.key, tc.args...); got != tc.want {
			t.Errorf("%s %v: %q; want %q", tc.key, tc.args, got, tc.want)
		}
	}
	if got := Tf("th", "ita.year_title", 2570); got != "ITA/OIT ปีงบประมาณ 2570" {
		t.Errorf("Thai ita.year_title: %q; want the B.E. year alone", got)
	}
	if got, want := Tf("th", "search.count", 1, "ข่าว"), format(catalog["search.count"][0], []any{1, "ข่าว"}); got != want || strings.Contains(got, "%") {
		t.Errorf("Thai search.count: %q", got)
	}
	// Every English message, every number 1: no "1 <plural>".
	plural := regexp.MustCompile(`(^|[^×\d])\b1 (news items|[a-z]+s)\b`)
	for key, m := range catalog {
		verbs := argVerbs(m[1], 8)
		args := make([]any, 0, 8)
		for _, v := range verbs {
			if v == 's' || v == 'q' || v == 'v' {
				args = append(args, "x")
			} else if v != 0 {
				args = append(args, 1)
			}
		}
		if len(args) == 0 {
			continue
		}
		if got := Tf("en", key, args...); plural.MatchString(got) && !strings.Contains(got, "1 news ") {
			t.Errorf("%s reads %q for 1: give englishSingular its singular", key, got)
		}
	}
}
