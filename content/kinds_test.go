package content

import (
	"context"
	"errors"
	"newsroom/db"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom/kind"
	"newsroom/templates"
)

// schema reads the real schema (every migration applied): each table's
// columns.
func schema(t *testing.T, f *fixture) map[string][]string {
	t.Helper()
	out, err := db.Columns(context.Background(), f.db)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The registry against the schema and the features that read it: every
// column holding media keys is known to the sweep, and every kind has what
// each feature it declares needs.
func TestRegistry(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	cols := schema(t, f)
	has := func(table, col string) bool { return slices.Contains(cols[table], col) }

	// Every column holding media keys (named *_key) is a file column of a
	// kind or a declared file table, and so counted by references(): the
	// daily sweep deletes any file no declared column refers to.
	declared := map[[2]string]bool{}
	for _, c := range kind.FileColumns() {
		declared[[2]string{c.Table, c.Column}] = true
		if !has(c.Table, c.Column) {
			t.Errorf("file column %s.%s is declared but not in the schema", c.Table, c.Column)
		}
	}
	for table, cs := range cols {
		for _, c := range cs {
			if strings.HasSuffix(c, "_key") && !declared[[2]string{table, c}] {
				t.Errorf("%s.%s holds media keys but no kind or file table declares it: the media sweep would delete its files", table, c)
			}
		}
	}
	refs, n := referencesQuery()
	if want := len(kind.FileColumns()); n != want {
		t.Errorf("references() takes the key %d times, want once per file column (%d)", n, want)
	}
	for _, c := range kind.FileColumns() {
		if !regexp.MustCompile(`FROM ` + c.Table + ` WHERE [^)]*\b` + c.Column + ` = \?`).MatchString(refs) {
			t.Errorf("references() does not count %s.%s: %s", c.Table, c.Column, refs)
		}
	}

	for _, k := range kind.All() {
		t.Run(k.Name, func(t *testing.T) {
			if cols[k.Table] == nil {
				t.Fatalf("table %s is not in the schema", k.Table)
			}
			for _, c := range append([]string{k.Title}, k.Bodies...) {
				if !has(k.Table, c) {
					t.Errorf("%s has no column %q", k.Table, c)
				}
			}
			for _, fc := range k.Files {
				if fc.Item != "" && !has(fc.Table, fc.Item) {
					t.Errorf("%s has no item column %q", fc.Table, fc.Item)
				}
				if fc.Item == "" && fc.Table != k.Table {
					t.Errorf("file column %s.%s is on another table without an item column", fc.Table, fc.Column)
				}
			}
			for _, key := range []string{k.Label, k.Use} {
				for _, lang := range []string{"th", "en"} {
					if templates.T(lang, key) == key {
						t.Errorf("the catalog has no %s label %q", lang, key)
					}
				}
			}
			if k.Has(kind.Status) {
				for _, c := range []string{"status", "status_note", "status_ref", "prev_status", "status_at"} {
					if !has(k.Table, c) {
						t.Errorf("declares status, but %s has no column %s", k.Table, c)
					}
				}
			}
			if k.Has(kind.Trash) {
				if _, err := f.store.PurgeTrash(ctx, now); err != nil {
					t.Errorf("purge trash: %v", err)
				}
				for _, fc := range k.Files {
					if fc.Item != "" && purgers[k] == nil {
						t.Errorf("declares trash and files in %s, but has no purger to delete them", fc.Table)
					}
				}
				if err := f.store.Trash(ctx, k, 1<<40, now); !errors.Is(err, ErrNotFound) {
					t.Errorf("trash of a missing item: %v, want not found", err)
				}
			}
			if k.Has(kind.Takedown) {
				// takedown_files accepts the kind's table.
				tx, err := f.db.W.Begin()
				if err != nil {
					t.Fatal(err)
				}
				if _, err := tx.Exec(`INSERT INTO takedown_files (item_table, item_id, file_key) VALUES (?, 1, 'x')`, k.Table); err != nil {
					t.Errorf("declares takedown, but takedown_files refuses %s: %v", k.Table, err)
				}
				tx.Rollback()
				if _, err := f.store.FileUses(ctx, k, 1<<40); err != nil {
					t.Errorf("file uses: %v", err)
				}
				// A kind without files (procurement records) is only hidden.
				q, _ := usesOfQuery("k", nil, 0)
				if !strings.Contains(q, "FROM "+k.Table+" WHERE id <> ?") && (len(k.Files) > 0 || len(k.Bodies) > 0) {
					t.Errorf("the file uses do not look in %s: %s", k.Table, q)
				}
				if !strings.Contains(filesWhere("1 = 1"), " "+k.Table+" ") && len(k.Files) > 0 {
					t.Errorf("withdrawn files do not look in %s", k.Table)
				}
				if _, err := f.store.TakenDown(ctx, 1); err != nil {
					t.Errorf("takedown register: %v", err)
				}
			}
			if k.Has(kind.Sitemap) {
				if _, err := f.store.SitemapFiles(ctx, k, now); err != nil {
					t.Errorf("declares a sitemap: %v", err)
				}
			}
			if k.Has(kind.Archive) {
				if _, err := f.store.FiscalYears(ctx, k, now); err != nil {
					t.Errorf("declares an archive: %v", err)
				}
			}
			if k.Has(kind.Counter) && !has(k.Table, k.Counter) {
				t.Errorf("declares counter column %q, not in %s", k.Counter, k.Table)
			}
			if s := k.Search; s != nil {
				for _, c := range []string{s.Title, s.Body, s.Category, s.Lang} {
					if !has(k.Table, c) {
						t.Errorf("declares search column %q, not in %s", c, k.Table)
					}
				}
			}
		})
	}
}
