package content

import (
	"context"
	"newsroom/db"
	"testing"

	"newsroom/kind"
	"newsroom/search"
)

// The search index takes in exactly the kinds that declare search, with
// the registry's columns, and the schema accepts their documents and keeps
// them in step with status changes (a new searchable kind needs a
// migration for both).
func TestRegistrySearch(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, k := range kind.All() {
		src, ok := search.SourceOf(searchSources(), k.Name)
		if ok != k.Has(kind.Search) {
			t.Errorf("%s: declares search %v, indexed %v", k.Name, k.Has(kind.Search), ok)
			continue
		}
		if !ok {
			continue
		}
		if c := k.Search; src.Table != k.Table || src.Title != c.Title || src.Body != c.Body || src.Category != c.Category {
			t.Errorf("%s: the index reads %+v, the registry declares %+v", k.Name, src, *c)
		}
		tx, err := f.db.W.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO search_docs (docid, kind, item_id, lang, status, start_at, end_at, grams_sum)
			VALUES (-1, ?, -1, 'th', 'draft', 0, 0, 0)`, k.Name); err != nil {
			t.Errorf("%s: the search index refuses its documents: %v", k.Name, err)
		}
		tx.Rollback()
		if ok, err := db.HasTrigger(ctx, f.db, k.Table+"_search_status"); err != nil {
			t.Fatal(err)
		} else if !ok {
			t.Errorf("%s: no trigger keeps its search documents' status in step (%s_search_status)", k.Name, k.Table)
		}
	}
}
