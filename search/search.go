// Package search is the site search over the public content: news, videos
// and notices, Thai words inside sentences included, newest first.
//
// The package does not know the content kinds: content passes them in as
// Sources (the table and columns of each searchable kind). An Engine keeps
// the index and answers queries with item references; Find parses what a
// visitor typed, asks the engine and loads the hits, checked against their
// text and with a snippet. Text folding, query words, snippets and
// highlighting (text.go) and the chunk tokens (grams.go) do not depend on
// the engine. The one engine today is SQLite FTS4 (fts_sqlite.go, the only
// file with FTS syntax); another (FTS5, PostgreSQL, an external service)
// replaces it by implementing Engine.
package search

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Doc is one item as an index sees it.
type Doc struct {
	Kind   string // Source.Kind
	ID     int64
	Title  string
	Body   string
	Lang   string // "th", "en"
	Status string // "published", "draft", …: only published items are found
	Start  time.Time
	End    time.Time
}

// Ref is an item a query found.
type Ref struct {
	Kind string
	ID   int64
}

// Query is what an engine looks for.
type Query struct {
	// Words are folded, distinct, in order (ParseWords); every one must
	// occur in the item's title or body. Words shorter than MinWord are left
	// to the caller's check unless all are that short (Short).
	Words []string
	// Lang is the items' language; items are public at Now: published and
	// started (ended ones are found too).
	Lang string
	Now  time.Time
	// Limit (1..MaxLimit) and Offset page through the matches, newest first.
	Limit, Offset int
}

// Long are the words of at least MinWord code points, which an engine
// looks up in its index.
func (q Query) Long() []string { return longWords(q.Words) }

// Short reports whether every word is shorter than MinWord: such a query
// is looked for in the titles of the newest TitleWindow public items only,
// which an index of chunks could answer only slowly.
func (q Query) Short() bool { return len(q.Words) > 0 && len(q.Long()) == 0 }

// Result is one page of references, newest first, and how many items match
// in all. The total may count a few strays that the check of the text
// drops when their page is loaded, and an engine may stop counting past
// CountCap (a total above CountCap means "more than CountCap").
type Result struct {
	Refs  []Ref
	Total int
}

// Engine keeps a search index of the sources' items and answers queries.
//
// Index and Unindex run inside the transaction that saves or deletes the
// item, so the index never disagrees with a committed save. (An engine
// outside the database would queue the change and apply it after commit.)
// Content calls them on the save and delete paths only: the FTS engine
// follows status changes and deletes by other code through triggers of its
// migration, which an engine outside the database would have to be told
// about too.
type Engine interface {
	// Index inserts or replaces the document of one item.
	Index(ctx context.Context, tx *sql.Tx, doc Doc) error
	// Unindex removes the document of one item, if any.
	Unindex(ctx context.Context, tx *sql.Tx, kind string, id int64) error
	// Query finds the public items matching q, newest first.
	Query(ctx context.Context, q Query) (Result, error)
	// Rebuild reindexes every item of every source from scratch and
	// returns how many it indexed.
	Rebuild(ctx context.Context) (int, error)
	// Ensure rebuilds the index when it does not cover the items (rows
	// written around the save paths) or needs compacting, and returns how
	// many items it indexed (0: nothing to do). Called once at startup.
	Ensure(ctx context.Context) (int, error)
}

// Hit is one search result.
type Hit struct {
	Kind     string // Source.Kind: "news", "video", "notice"
	ID       int64
	Title    string
	Snippet  string    // plain text around the first match (~160 runes), "" if the match is only in the title
	When     time.Time // start
	Category string    // notice category or video programme or news type code
}

// Page limits.
const (
	// CountCap is the largest total an engine must count exactly; above it
	// a page says "more than CountCap results".
	CountCap     = 1000
	MaxLimit     = 100
	defaultLimit = 20
	// TitleWindow bounds the fallback for short queries (Query.Short):
	// they are looked for in the titles of the newest TitleWindow public
	// items only, which keeps them as fast as the rest.
	TitleWindow = 5000
)

// Find finds the public items in lang matching q at now, newest first:
// every word of q must occur in the title or the body, inside other words
// too, ignoring case. Expired items are found too (transparency). It returns
// one page of hits, loaded from the sources through r, and the total; a
// query with no words finds nothing.
func Find(ctx context.Context, e Engine, r *sql.DB, sources []Source, q, lang string, now time.Time, limit, offset int) ([]Hit, int, error) {
	query := Query{Words: ParseWords(q), Lang: lang, Now: now, Limit: limit, Offset: max(offset, 0)}
	if len(query.Words) == 0 {
		return nil, 0, nil
	}
	switch {
	case limit <= 0:
		query.Limit = defaultLimit
	case limit > MaxLimit:
		query.Limit = MaxLimit
	}
	res, err := e.Query(ctx, query)
	if err != nil {
		return nil, 0, fmt.Errorf("search %q: %w", q, err)
	}
	hits, dropped, err := loadHits(ctx, r, sources, res.Refs, query)
	if err != nil {
		return nil, 0, fmt.Errorf("search %q: %w", q, err)
	}
	return hits, res.Total - dropped, nil
}

// queryRefs runs a query of an engine whose rows are kind, item id.
func queryRefs(ctx context.Context, r *sql.DB, query string, args ...any) ([]Ref, error) {
	rows, err := r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var refs []Ref
	for rows.Next() {
		var ref Ref
		if err := rows.Scan(&ref.Kind, &ref.ID); err != nil {
			return nil, err
		}
		refs = append(refs, ref)
	}
	return refs, rows.Err()
}
