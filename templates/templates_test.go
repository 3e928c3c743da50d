package templates

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"newsroom"
)

func TestDate(t *testing.T) {
	// 2018-06-12 11:24 UTC is 18:24 in Bangkok, the legacy manual's screenshot.
	at := time.Date(2018, 6, 12, 11, 24, 0, 0, time.UTC)
	late := time.Date(2018, 6, 12, 17, 30, 0, 0, time.UTC) // already 13 June in Bangkok
	tests := []struct {
		name string
		fn   func(string, time.Time) string
		lang string
		t    time.Time
		want string
	}{
		{"thai BE", Date, "th", at, "12 มิถุนายน 2561"},
		{"english", Date, "en", at, "12 June 2018"},
		{"bangkok day", Date, "th", late, "13 มิถุนายน 2561"},
		{"short thai", ShortDate, "th", at, "12 มิ.ย. 61"},
		{"short english", ShortDate, "en", at, "12 Jun 2018"},
		{"with time", DateTime, "th", at, "12 มิถุนายน 2561 18:24 น."},
		{"with time en", DateTime, "en", at, "12 June 2018, 18:24"},
		{"zero", Date, "th", time.Time{}, ""},
		{"new year BE", Date, "th", time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC), "1 มกราคม 2569"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.fn(tc.lang, tc.t); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCatalogKeysAreDefinedOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, part := range catalogParts {
		for k := range part {
			if seen[k] {
				t.Errorf("key %q is defined in two catalog parts", k)
			}
			seen[k] = true
		}
	}
}

func TestCatalogIsComplete(t *testing.T) {
	for k, v := range catalog {
		if strings.TrimSpace(v[0]) == "" || strings.TrimSpace(v[1]) == "" {
			t.Errorf("%s: missing Thai or English", k)
		}
		if strings.Count(v[0], "%") != strings.Count(v[1], "%") {
			t.Errorf("%s: Thai and English take different arguments", k)
		}
	}
	if T("en", "no.such.key") != "no.such.key" || T("th", "nav.news") != "ข่าวกิจกรรม" || T("en", "nav.news") != "Activity news" {
		t.Fatal("T lookups")
	}
}

// Every message key written in a template or in Go code must be in the
// catalog, or a user would see the raw key.
func TestEveryUsedKeyExists(t *testing.T) {
	tplKey := regexp.MustCompile(`\bt[f]? \$?\.Lang "([a-z0-9_.]+)"`)
	goKey := regexp.MustCompile(`"((?:err|deny|login|users|units|pw|error|form|dash|nav|common|actions|coming|site)\.[a-z0-9_.]+)"`)
	seen := 0
	check := func(path string, re *regexp.Regexp) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			seen++
			if !HasKey(m[1]) {
				t.Errorf("%s: key %q is not in the catalog", path, m[1])
			}
		}
	}
	fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			check(p, tplKey)
		}
		return nil
	})
	for _, dir := range []string{"../roles", "../admin", "../web", "../public"} {
		gofiles, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range gofiles {
			if !strings.HasSuffix(f, "_test.go") {
				check(f, goKey)
			}
		}
	}
	if seen < 100 {
		t.Fatalf("only %d keys found: the patterns no longer match the code", seen)
	}
}

type fakeAssets struct{}

func (fakeAssets) URL(name string) string { return "/assets/" + name }

func TestEngineRendersEveryPage(t *testing.T) {
	e, err := New(fakeAssets{})
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"admin/login", "public/home", "public/error"} {
		var b strings.Builder
		p := Page{Lang: "th", Data: map[string]any{"Now": time.Now(), "Message": "m", "Next": "/admin/"}, Errors: newsroom.FieldErrors{}}
		if err := e.Render(&b, page, p); err != nil {
			t.Errorf("%s: %v", page, err)
		}
		if !strings.Contains(b.String(), `<html lang="th">`) {
			t.Errorf("%s: no lang attribute", page)
		}
	}
	if err := e.Render(&strings.Builder{}, "admin/nope", nil); err == nil {
		t.Fatal("unknown page rendered")
	}
}
