package content

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// SearchHit is one search result.
type SearchHit struct {
	Kind     string // "news", "video", "notice"
	ID       int64
	Title    string
	Snippet  string    // plain text around the first match (~160 runes), "" if the match is only in the title
	When     time.Time // start
	Category string    // notice category or video programme or news type code
}

// Search limits.
const (
	searchMaxLimit = 100
	// searchTitleWindow bounds the fallback for one- and two-letter queries,
	// which have no trigram: they are looked for in the titles of the newest
	// searchTitleWindow public items only, which keeps them as fast as the
	// rest.
	searchTitleWindow = 5000
)

// searchRef is a result before its item is loaded.
type searchRef struct {
	kind string
	id   int64
}

// Search finds public items in lang matching q at now, newest first.
// Public means published and started: expired items are found too
// (transparency). Every word of q must occur (in the title or the body),
// inside other words too, ignoring case. It returns one page of hits and the
// total; a query with no words finds nothing.
func (s *Store) Search(ctx context.Context, q string, lang Lang, now time.Time, limit, offset int) ([]SearchHit, int, error) {
	sq := parseSearchQuery(q)
	if len(sq.words) == 0 {
		return nil, 0, nil
	}
	switch {
	case limit <= 0:
		limit = 20
	case limit > searchMaxLimit:
		limit = searchMaxLimit
	}
	offset = max(offset, 0)
	var refs []searchRef
	var total int
	var err error
	if sq.short {
		refs, total, err = s.searchTitles(ctx, sq, lang, now, limit, offset)
	} else {
		refs, total, err = s.searchIndex(ctx, sq, lang, now, limit, offset)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("content: search %q: %w", q, err)
	}
	hits, dropped, err := s.searchHits(ctx, refs, sq)
	if err != nil {
		return nil, 0, fmt.Errorf("content: search %q: %w", q, err)
	}
	return hits, total - dropped, nil
}

// searchIndex pages through the index matches of the query's long words.
// The count comes in the same pass (a window function) as the page.
func (s *Store) searchIndex(ctx context.Context, sq searchQuery, lang Lang, now time.Time, limit, offset int) ([]searchRef, int, error) {
	const from = ` FROM search_fts JOIN search_docs d ON d.docid = search_fts.docid
		WHERE search_fts MATCH ? AND d.status = 'published' AND d.lang = ? AND d.start_at <= ?`
	args := []any{sq.match, string(lang), ms(now)}
	return s.searchPage(ctx, `SELECT d.kind, d.item_id, count(*) OVER ()`+from+
		` ORDER BY d.start_at DESC, d.item_id DESC, d.kind LIMIT ? OFFSET ?`,
		`SELECT count(*)`+from, args, limit, offset)
}

// searchTitles is the fallback for queries whose words are all shorter than
// three code points: a LIKE over the titles of the newest public items
// (see searchTitleWindow). LIKE ignores the case of ASCII letters only,
// which is enough for such short words.
func (s *Store) searchTitles(ctx context.Context, sq searchQuery, lang Lang, now time.Time, limit, offset int) ([]searchRef, int, error) {
	args := []any{string(lang), ms(now), searchTitleWindow}
	conds := make([]string, len(sq.words))
	for i, w := range sq.words {
		conds[i], args = `title LIKE ? ESCAPE '\'`, append(args, likeArg(w))
	}
	from := ` FROM (SELECT d.kind, d.item_id, d.start_at, coalesce(n.headline, v.title, o.headline) AS title
		FROM (SELECT kind, item_id, start_at FROM search_docs WHERE status = 'published' AND lang = ? AND start_at <= ?
			ORDER BY start_at DESC LIMIT ?) d
		LEFT JOIN news n ON d.kind = 'news' AND n.id = d.item_id
		LEFT JOIN videos v ON d.kind = 'video' AND v.id = d.item_id
		LEFT JOIN notices o ON d.kind = 'notice' AND o.id = d.item_id)
		WHERE ` + strings.Join(conds, " AND ")
	return s.searchPage(ctx, `SELECT kind, item_id, count(*) OVER ()`+from+` ORDER BY start_at DESC, item_id DESC, kind LIMIT ? OFFSET ?`,
		`SELECT count(*)`+from, args, limit, offset)
}

// searchPage runs a page query whose rows are kind, id, total. A page past
// the end has no rows to carry the total, so then it is counted apart.
func (s *Store) searchPage(ctx context.Context, page, count string, args []any, limit, offset int) ([]searchRef, int, error) {
	rows, err := s.db.R.QueryContext(ctx, page, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var refs []searchRef
	total := 0
	for rows.Next() {
		var r searchRef
		if err := rows.Scan(&r.kind, &r.id, &total); err != nil {
			return nil, 0, err
		}
		refs = append(refs, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if len(refs) == 0 && offset > 0 {
		err = s.db.R.QueryRowContext(ctx, count, args...).Scan(&total)
	}
	return refs, total, err
}

// searchHits loads the page's items, in order, with their snippets. As a
// safety net an item whose text does not contain every word (which the
// index should never let through) is dropped; dropped says how many.
func (s *Store) searchHits(ctx context.Context, refs []searchRef, sq searchQuery) ([]SearchHit, int, error) {
	loaded := map[searchRef]searchHitText{}
	for _, src := range searchSources {
		var ids []any
		for _, r := range refs {
			if r.kind == src.kind {
				ids = append(ids, r.id)
			}
		}
		if len(ids) == 0 {
			continue
		}
		rows, err := s.db.R.QueryContext(ctx, `SELECT id, `+src.title+`, `+src.body+`, `+src.category+`, start_at FROM `+src.table+
			` WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, ids...)
		if err != nil {
			return nil, 0, err
		}
		for rows.Next() {
			var t searchHitText
			var start int64
			if err := rows.Scan(&t.hit.ID, &t.hit.Title, &t.body, &t.hit.Category, &start); err != nil {
				rows.Close()
				return nil, 0, err
			}
			t.hit.Kind, t.hit.When = src.kind, fromMS(start)
			loaded[searchRef{src.kind, t.hit.ID}] = t
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, 0, err
		}
	}
	hits := make([]SearchHit, 0, len(refs))
	dropped := 0
	for _, r := range refs {
		t, ok := loaded[r]
		title, body := foldText(t.hit.Title), foldText(t.body)
		var fine bool
		if sq.short {
			fine = containsAll(sq.words, title)
		} else {
			fine = containsAll(sq.longWords(), title, body)
		}
		if !ok || !fine {
			dropped++
			continue
		}
		t.hit.Snippet = snippet(body, sq.snippetWords())
		hits = append(hits, t.hit)
	}
	return hits, dropped, nil
}

type searchHitText struct {
	hit  SearchHit
	body string
}

// snippetWords are the words a snippet centres on: the long ones, as a
// short word is often a particle found everywhere.
func (sq searchQuery) snippetWords() []string {
	if long := sq.longWords(); len(long) > 0 {
		return long
	}
	return sq.words
}

// longWords are the words the index matched (three code points or more).
func (sq searchQuery) longWords() []string {
	var out []string
	for _, w := range sq.words {
		if len([]rune(w)) >= 3 {
			out = append(out, w)
		}
	}
	return out
}
