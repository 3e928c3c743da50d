package content

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"newsroom/search"
)

// Site search lives in package search; content tells it which kinds are
// searchable (search_sources.go) and keeps the index in step with saves
// (indexRow, unindexRow, inside the save's transaction).

// SearchHit is one search result.
type SearchHit = search.Hit

// Segment is a piece of text that a template prints, wrapped in <mark> when
// Match is set.
type Segment = search.Segment

// Highlight splits text around the case-insensitive matches of the query's
// words (Thai ones inside words too) so a template can mark them.
func Highlight(text, q string) []Segment { return search.Highlight(text, q) }

// searchEngine is the search index of the content, chosen in NewStore.
func (s *Store) searchEngine() search.Engine { return s.search }

// Search finds public items in lang matching q at now, newest first.
// Public means published and started: expired items are found too
// (transparency). Every word of q must occur (in the title or the body),
// inside other words too, ignoring case. It returns one page of hits and the
// total; a query with no words finds nothing.
func (s *Store) Search(ctx context.Context, q string, lang Lang, now time.Time, limit, offset int) ([]SearchHit, int, error) {
	hits, total, err := search.Find(ctx, s.searchEngine(), s.db.R, searchSources(), q, string(lang), now, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("content: %w", err)
	}
	return hits, total, nil
}

// indexRow brings the search index up to date for one saved item of table
// (news, videos, notices; anything else is ignored). It runs inside the
// save's transaction, so the index never disagrees with a committed save.
func (s *Store) indexRow(ctx context.Context, tx *sql.Tx, table string, id int64) error {
	return search.IndexItem(ctx, s.searchEngine(), tx, searchSources(), table, id)
}

// unindexRow removes a deleted item of table from the search index.
func (s *Store) unindexRow(ctx context.Context, tx *sql.Tx, table string, id int64) error {
	return search.UnindexItem(ctx, s.searchEngine(), tx, searchSources(), table, id)
}

// RebuildSearchIndex reindexes every news item, video and notice from
// scratch and returns how many it indexed. It holds the write lock
// meanwhile (about a minute at 100,000 items): call it at startup or from
// the CLI, not per request.
func (s *Store) RebuildSearchIndex(ctx context.Context) (int, error) {
	n, err := s.searchEngine().Rebuild(ctx)
	if err != nil {
		return 0, fmt.Errorf("content: %w", err)
	}
	return n, nil
}

// EnsureSearchIndex rebuilds the search index when it does not cover the
// content or needs compacting, and returns how many items it indexed (0:
// nothing to do). Call it once at startup.
func (s *Store) EnsureSearchIndex(ctx context.Context) (int, error) {
	n, err := s.searchEngine().Ensure(ctx)
	if err != nil {
		return 0, fmt.Errorf("content: %w", err)
	}
	return n, nil
}
