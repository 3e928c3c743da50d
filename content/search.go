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
	// which the index could answer only with slow prefix queries: they are
	// looked for in the titles of the newest searchTitleWindow public items
	// only, which keeps them as fast as the rest.
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
// FTS gives them in docid order, newest first, inside the docid range of
// lang's started items (see docidBase), so the page needs no sort and stops
// early. The total is a second pass that counts in FTS alone, leaving out
// the few hidden documents (dead, draft, trashed…), and is skipped when the
// first page already holds every hit. CROSS JOIN keeps SQLite from putting
// search_docs first and running the MATCH once per row.
func (s *Store) searchIndex(ctx context.Context, sq searchQuery, lang Lang, now time.Time, limit, offset int) ([]searchRef, int, error) {
	lo, hi, minute := docidRange(lang, ms(now))
	refs, err := s.searchRefs(ctx, `SELECT d.kind, d.item_id FROM search_fts CROSS JOIN search_docs d ON d.docid = search_fts.docid
		WHERE search_fts MATCH ?1 AND search_fts.docid BETWEEN ?2 AND ?3 AND d.status = 'published' AND d.start_at <= ?4
		ORDER BY search_fts.docid DESC LIMIT ?5 OFFSET ?6`, sq.match, lo, hi, ms(now), limit, offset)
	if err != nil || (len(refs) < limit && (len(refs) > 0 || offset == 0)) {
		return refs, offset + len(refs), err
	}
	var total int
	err = s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM search_fts WHERE search_fts MATCH ?1 AND docid BETWEEN ?2 AND ?3
		AND docid NOT IN (SELECT docid FROM search_docs WHERE status <> 'published' AND docid BETWEEN ?2 AND ?3
			UNION ALL SELECT docid FROM search_docs WHERE docid BETWEEN ?4 AND ?3 AND start_at > ?5)`,
		sq.match, lo, hi, minute, ms(now)).Scan(&total)
	return refs, total, err
}

// searchTitles is the fallback for queries whose words are all shorter than
// three code points: a LIKE over the titles of the newest public items
// (see searchTitleWindow), all read in one pass as there are few. LIKE
// ignores the case of ASCII letters only, which is enough for such short
// words.
func (s *Store) searchTitles(ctx context.Context, sq searchQuery, lang Lang, now time.Time, limit, offset int) ([]searchRef, int, error) {
	lo, hi, _ := docidRange(lang, ms(now))
	args := []any{lo, hi, ms(now), searchTitleWindow}
	conds := make([]string, len(sq.words))
	for i, w := range sq.words {
		conds[i], args = `title LIKE ? ESCAPE '\'`, append(args, likeArg(w))
	}
	refs, err := s.searchRefs(ctx, `SELECT kind, item_id FROM (SELECT docid, kind, item_id, CASE kind
			WHEN 'news' THEN (SELECT headline FROM news WHERE id = item_id)
			WHEN 'video' THEN (SELECT title FROM videos WHERE id = item_id)
			ELSE (SELECT headline FROM notices WHERE id = item_id) END AS title
		FROM search_docs WHERE docid BETWEEN ? AND ? AND status = 'published' AND start_at <= ? ORDER BY docid DESC LIMIT ?)
		WHERE `+strings.Join(conds, " AND ")+` ORDER BY docid DESC`, args...)
	if err != nil {
		return nil, 0, err
	}
	return refs[min(offset, len(refs)):min(offset+limit, len(refs))], len(refs), nil
}

// searchRefs runs a query whose rows are kind, item id.
func (s *Store) searchRefs(ctx context.Context, query string, args ...any) ([]searchRef, error) {
	rows, err := s.db.R.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var refs []searchRef
	for rows.Next() {
		var r searchRef
		if err := rows.Scan(&r.kind, &r.id); err != nil {
			return nil, err
		}
		refs = append(refs, r)
	}
	return refs, rows.Err()
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
