package search

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// loadHits loads the page's items, in order, with their snippets. As a
// safety net an item whose text does not contain every word (which the
// index should never let through) is dropped; dropped says how many. Words
// shorter than MinWord are checked only in the titles of a short query.
func loadHits(ctx context.Context, r *sql.DB, sources []Source, refs []Ref, q Query) ([]Hit, int, error) {
	loaded := map[Ref]hitText{}
	for _, src := range sources {
		var ids []any
		for _, ref := range refs {
			if ref.Kind == src.Kind {
				ids = append(ids, ref.ID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		if err := src.loadTexts(ctx, r, ids, loaded); err != nil {
			return nil, 0, err
		}
	}
	short, long := q.Short(), q.Long()
	snippetWords := long
	if len(snippetWords) == 0 {
		// A short word is often a particle found everywhere: a snippet
		// centres on the long words when there are some.
		snippetWords = q.Words
	}
	hits := make([]Hit, 0, len(refs))
	dropped := 0
	for _, ref := range refs {
		t, ok := loaded[ref]
		title, body := foldText(t.hit.Title), foldText(t.body)
		var fine bool
		if short {
			fine = containsAll(q.Words, title)
		} else {
			fine = containsAll(long, title, body)
		}
		if !ok || !fine {
			dropped++
			continue
		}
		t.hit.Snippet = snippet(body, snippetWords)
		hits = append(hits, t.hit)
	}
	return hits, dropped, nil
}

type hitText struct {
	hit  Hit
	body string
}

// loadTexts reads the items ids of src into loaded.
func (src Source) loadTexts(ctx context.Context, r *sql.DB, ids []any, loaded map[Ref]hitText) error {
	rows, err := r.QueryContext(ctx, `SELECT id, `+src.Title+`, `+src.Body+`, `+src.Category+`, `+src.start()+` FROM `+src.Table+
		` WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var t hitText
		var start int64
		if err := rows.Scan(&t.hit.ID, &t.hit.Title, &t.body, &t.hit.Category, &start); err != nil {
			return err
		}
		t.hit.Kind, t.hit.When = src.Kind, time.UnixMilli(start)
		loaded[Ref{src.Kind, t.hit.ID}] = t
	}
	return rows.Err()
}
