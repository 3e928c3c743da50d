package search

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"newsroom/db"
)

// Trigram is the Engine on PostgreSQL with pg_trgm (the search_docs table
// of db/migrations/postgres): one row per item holding its title and its
// title and body folded for search (foldForIndex: lower case, Thai digits
// as ASCII, separators as single spaces). A query's long words are found
// with LIKE '%word%' on the folded text, which the GIN trigram index
// answers for words of three or more code points, Thai included (the
// index narrows the rows, LIKE decides), newest first. This file is the
// only code that knows the index is pg_trgm.
//
// The baseline's triggers keep search_docs' status in step when any code
// changes an item's status, and delete the row when the item is deleted.
type Trigram struct {
	db      *db.DB
	sources []Source
}

// NewTrigram returns the pg_trgm engine over the sources of d.
func NewTrigram(d *db.DB, sources []Source) *Trigram {
	return &Trigram{db: d, sources: sources}
}

var _ Engine = (*Trigram)(nil)

// NewEngine is the search engine of d's dialect: FTS4 on SQLite, pg_trgm
// on PostgreSQL.
func NewEngine(d *db.DB, sources []Source) Engine {
	if d.IsPostgres() {
		return NewTrigram(d, sources)
	}
	return NewFTS(d, sources)
}

// Query pages through the public items whose folded text holds every long
// word (or, for a short query, whose folded title among the newest
// TitleWindow holds every word), newest first.
func (e *Trigram) Query(ctx context.Context, q Query) (Result, error) {
	now := q.Now.UnixMilli()
	if q.Short() {
		args := []any{q.Lang, now, TitleWindow}
		conds := make([]string, len(q.Words))
		for i, w := range q.Words {
			conds[i], args = `title LIKE ? ESCAPE '\'`, append(args, likeArg(w))
		}
		refs, err := e.refs(ctx, `SELECT kind, item_id FROM (SELECT docid, start_at, kind, item_id, title FROM search_docs
			WHERE lang = ? AND status = 'published' AND start_at <= ? ORDER BY start_at DESC, docid DESC LIMIT ?) recent
			WHERE `+strings.Join(conds, " AND ")+` ORDER BY start_at DESC, docid DESC`, args...)
		if err != nil {
			return Result{}, err
		}
		return Result{Refs: refs[min(q.Offset, len(refs)):min(q.Offset+q.Limit, len(refs))], Total: len(refs)}, nil
	}
	where := `lang = ? AND status = 'published' AND start_at <= ?`
	args := []any{q.Lang, now}
	for _, w := range q.Long() {
		where += ` AND folded LIKE ? ESCAPE '\'`
		args = append(args, likeArg(w))
	}
	refs, err := e.refs(ctx, `SELECT kind, item_id FROM search_docs WHERE `+where+`
		ORDER BY start_at DESC, docid DESC LIMIT ? OFFSET ?`, append(args, q.Limit, q.Offset)...)
	if err != nil || (len(refs) < q.Limit && (len(refs) > 0 || q.Offset == 0)) {
		return Result{Refs: refs, Total: q.Offset + len(refs)}, err
	}
	// The total counts up to CountCap+1 matches: LIKE rechecks each row's
	// text, so an exact count of a common word (65,000 of 100,000 items)
	// would cost a second where the page itself costs a millisecond.
	var total int
	err = e.db.R.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM search_docs WHERE `+where+` LIMIT ?) capped`,
		append(args, CountCap+1)...).Scan(&total)
	return Result{Refs: refs, Total: total}, err
}

func (e *Trigram) refs(ctx context.Context, query string, args ...any) ([]Ref, error) {
	return queryRefs(ctx, e.db.R, query, args...)
}

// Index writes (inserts or replaces) the item's row.
func (e *Trigram) Index(ctx context.Context, tx *sql.Tx, d Doc) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO search_docs (kind, item_id, lang, status, start_at, end_at, title, folded)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, item_id) DO UPDATE SET lang = excluded.lang, status = excluded.status, start_at = excluded.start_at,
			end_at = excluded.end_at, title = excluded.title, folded = excluded.folded`,
		d.Kind, d.ID, d.Lang, d.Status, d.Start.UnixMilli(), d.End.UnixMilli(),
		string(foldForIndex(d.Title)), string(foldForIndex(d.Title, d.Body)))
	return err
}

// Unindex deletes the item's row.
func (e *Trigram) Unindex(ctx context.Context, tx *sql.Tx, kind string, id int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM search_docs WHERE kind = ? AND item_id = ?`, kind, id)
	return err
}

// Rebuild reindexes every item of the sources in one transaction.
func (e *Trigram) Rebuild(ctx context.Context) (int, error) {
	n := 0
	err := e.db.Tx(ctx, func(tx *sql.Tx) error {
		n = 0
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_docs`); err != nil {
			return err
		}
		for _, src := range e.sources {
			// A connection cannot write while it still streams rows, so the
			// items are read through the reader pool (a rebuild runs at
			// start or from the CLI; an item saved meanwhile is indexed by
			// its own save).
			rows, err := e.db.R.QueryContext(ctx, src.selectDocs()+` ORDER BY id`)
			if err != nil {
				return err
			}
			for rows.Next() {
				d, err := src.scanDoc(rows)
				if err == nil {
					err = e.Index(ctx, tx, d)
				}
				if err != nil {
					rows.Close()
					return err
				}
				n++
			}
			if err := rows.Close(); err != nil {
				return err
			}
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("search: rebuild index: %w", err)
	}
	// Fresh statistics, so that the planner looks a rare word up in the
	// trigram index rather than walking the newest items.
	if _, err := e.db.W.ExecContext(ctx, `ANALYZE search_docs`); err != nil {
		return n, fmt.Errorf("search: analyze the index: %w", err)
	}
	return n, nil
}

// Ensure rebuilds the index when it does not cover the items.
func (e *Trigram) Ensure(ctx context.Context) (int, error) {
	var items, docs int
	err := e.db.R.QueryRowContext(ctx, `SELECT `+countItems(e.sources)+`, (SELECT count(*) FROM search_docs)`).Scan(&items, &docs)
	if err != nil {
		return 0, fmt.Errorf("search: check index: %w", err)
	}
	if items == docs {
		return 0, nil
	}
	return e.Rebuild(ctx)
}
