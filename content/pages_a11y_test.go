package content

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsroom/richtext"
)

// TestAccessibilityStatementNamesTheAxeVersion: the statement names the
// axe-core version the e2e sweep really runs (e2e/testdata/axe/VERSION).
func TestAccessibilityStatementNamesTheAxeVersion(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "e2e", "testdata", "axe", "VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), "axe-core ") {
		t.Fatalf("VERSION's first line %q; want \"axe-core X.Y.Z\"", sc.Text())
	}
	version := sc.Text() // "axe-core 4.14.1"
	for i, want := range []string{"WCAG 2.1", version, "390×844", "1366×900", "/pages/contact"} {
		for li, text := range accessibilityStatement {
			if !strings.Contains(text.Body, want) {
				t.Errorf("%d: the accessibility statement (language %d) does not say %q", i, li, want)
			}
		}
	}
}

// TestAccessibilityStatementUpdate: an install whose statement still has the
// previous default text gets the new one; an edited or deleted page is left
// as central PR made it; a new install has the new text from the start.
func TestAccessibilityStatementUpdate(t *testing.T) {
	edited := func(l Lang) string {
		return "<p>แก้ไขโดยงานประชาสัมพันธ์ " + string(l) + "</p>"
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, s *Store, p Page, li int) // the page as the install has it before the update
		want  func(li int) string                          // its body after; "" means deleted
	}{
		{"new install", nil, func(li int) string { return accessibilityStatement[li].Body }},
		{"previous default text", func(t *testing.T, s *Store, p Page, li int) {
			resave(t, s, p, previousAccessibilityStatement[li].Title, previousAccessibilityStatement[li].Body)
		}, func(li int) string { return accessibilityStatement[li].Body }},
		{"edited by central PR", func(t *testing.T, s *Store, p Page, li int) {
			resave(t, s, p, previousAccessibilityStatement[li].Title, edited(p.Lang))
		}, func(li int) string { return edited([]Lang{Thai, English}[li]) }},
		{"title edited", func(t *testing.T, s *Store, p Page, li int) {
			resave(t, s, p, "การเข้าถึง (แก้ไข)", previousAccessibilityStatement[li].Body)
		}, func(li int) string { return previousAccessibilityStatement[li].Body }},
		{"deleted", func(t *testing.T, s *Store, p Page, li int) {
			if _, err := s.db.W.Exec(`DELETE FROM pages WHERE id = ?`, p.ID); err != nil {
				t.Fatal(err)
			}
		}, func(int) string { return "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			ctx := context.Background()
			now := time.Now()
			if _, err := f.db.W.Exec(`INSERT INTO units (code, name_th, created_at) VALUES ('pr', 'งานประชาสัมพันธ์', 0)`); err != nil {
				t.Fatal(err)
			}
			if err := f.store.EnsureDefaults(ctx, now); err != nil {
				t.Fatal(err)
			}
			for li, lang := range []Lang{Thai, English} {
				p, err := f.store.PageBySlug(ctx, SlugAccessibility, lang)
				if err != nil {
					t.Fatal(err)
				}
				if tc.setup != nil {
					tc.setup(t, f.store, p, li)
				}
			}
			if err := f.store.EnsureDefaults(ctx, now.Add(time.Minute)); err != nil { // the next start
				t.Fatal(err)
			}
			for li, lang := range []Lang{Thai, English} {
				p, err := f.store.PageBySlug(ctx, SlugAccessibility, lang)
				want := tc.want(li)
				if want == "" {
					if !errors.Is(err, ErrNotFound) {
						t.Errorf("%s: a deleted statement came back (%v)", lang, err)
					}
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if p.Body != richtext.Sanitize(want) {
					t.Errorf("%s: body %.120q…; want %.120q…", lang, p.Body, want)
				}
				if p.Status != Published {
					t.Errorf("%s: status %s; want it still published", lang, p.Status)
				}
			}
		})
	}
}

// resave saves the page with another title and body, as an earlier
// version of the defaults or central PR would have.
func resave(t *testing.T, s *Store, p Page, title, body string) {
	t.Helper()
	in := PageInput{MetaInput: MetaInput{Lang: p.Lang, Sort: p.Sort, Start: p.Window.Start, End: p.Window.End, UnitID: p.UnitID, Publish: true},
		Slug: p.Slug, Section: p.Section, Title: title, Body: body, MenuSort: p.MenuSort, InMenu: p.InMenu}
	if _, err := s.SavePage(context.Background(), p, in, Author{Name: "พลอย"}, time.Now()); err != nil {
		t.Fatal(err)
	}
}
