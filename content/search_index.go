package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
)

// The search index (db/migrations/0004_search.sql): search_fts holds the
// trigram tokens of each item (search_text.go explains them), search_docs
// what a search filters and orders on. These few functions and Search are
// the only code that knows the index is SQLite FTS4.

// searchFTSDDL re-creates search_fts for a rebuild. It must stay the same as
// in 0004_search.sql (a test compares them).
const searchFTSDDL = `CREATE VIRTUAL TABLE search_fts USING fts4(grams, content="", tokenize=simple)`

// searchSource is how one content table is indexed and shown in results.
type searchSource struct {
	table, kind           string
	title, body, category string // column names
}

// searchSources are the searchable tables. Banners are not: their only text
// is alt text.
var searchSources = []searchSource{
	{table: "news", kind: "news", title: "headline", body: "body_text", category: "news_type"},
	{table: "videos", kind: "video", title: "title", body: "description", category: "programme"},
	{table: "notices", kind: "notice", title: "headline", body: "summary", category: "category"},
}

func searchSourceOf(tableOrKind string) (searchSource, bool) {
	for _, s := range searchSources {
		if s.table == tableOrKind || s.kind == tableOrKind {
			return s, true
		}
	}
	return searchSource{}, false
}

// searchItem is one item as the index sees it.
type searchItem struct {
	id             int64
	title, body    string
	lang, status   string
	startMS, endMS int64
}

func (src searchSource) selectItems() string {
	return `SELECT id, ` + src.title + `, ` + src.body + `, lang, status, start_at, end_at FROM ` + src.table
}

func scanSearchItem(r interface{ Scan(...any) error }) (searchItem, error) {
	var it searchItem
	err := r.Scan(&it.id, &it.title, &it.body, &it.lang, &it.status, &it.startMS, &it.endMS)
	return it, err
}

// indexRow brings the search index up to date for one saved item of table
// (news, videos, notices; anything else is ignored). It runs inside the
// save's transaction, so the index never disagrees with a committed save.
func indexRow(ctx context.Context, tx *sql.Tx, table string, id int64) error {
	src, ok := searchSourceOf(table)
	if !ok {
		return nil
	}
	it, err := scanSearchItem(tx.QueryRowContext(ctx, src.selectItems()+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return unindexRow(ctx, tx, table, id)
	}
	if err != nil {
		return fmt.Errorf("content: index %s %d: %w", table, id, err)
	}
	if err := writeSearchDoc(ctx, tx, src.kind, it, true); err != nil {
		return fmt.Errorf("content: index %s %d: %w", table, id, err)
	}
	return nil
}

// unindexRow removes a deleted item from the search index. (A trigger does
// the same when a row is deleted by other code.)
func unindexRow(ctx context.Context, tx *sql.Tx, table string, id int64) error {
	src, ok := searchSourceOf(table)
	if !ok {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_docs WHERE kind = ? AND item_id = ?`, src.kind, id); err != nil {
		return fmt.Errorf("content: unindex %s %d: %w", table, id, err)
	}
	return nil
}

// writeSearchDoc indexes one item. When the item's text is unchanged (a save
// that only moved dates or status, the most common edit) only its
// search_docs row is updated; otherwise the item gets a new document and the
// old one is left dead in the contentless index (see the migration).
func writeSearchDoc(ctx context.Context, tx *sql.Tx, kind string, it searchItem, reuse bool) error {
	grams := searchGrams(it.title, it.body)
	h := fnv.New64a()
	h.Write([]byte(grams))
	sum := int64(h.Sum64())
	if reuse {
		res, err := tx.ExecContext(ctx, `UPDATE search_docs SET lang = ?, status = ?, start_at = ?, end_at = ?
			WHERE kind = ? AND item_id = ? AND grams_sum = ?`, it.lang, it.status, it.startMS, it.endMS, kind, it.id, sum)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_docs WHERE kind = ? AND item_id = ?`, kind, it.id); err != nil {
			return err
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO search_docs (kind, item_id, lang, status, start_at, end_at, grams_sum)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, kind, it.id, it.lang, it.status, it.startMS, it.endMS, sum)
	if err != nil {
		return err
	}
	docid, err := res.LastInsertId()
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO search_fts (docid, grams) VALUES (?, ?)`, docid, grams)
	return err
}

// RebuildSearchIndex reindexes every news item, video and notice from
// scratch, dropping dead documents, and returns how many it indexed. It
// holds the write lock meanwhile (about a minute at 100,000 items): call it
// at startup or from the CLI, not per request.
func (s *Store) RebuildSearchIndex(ctx context.Context) (int, error) {
	n := 0
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DROP TABLE search_fts`, searchFTSDDL, `DELETE FROM search_docs`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		for _, src := range searchSources {
			c, err := indexTable(ctx, tx, src)
			n += c
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("content: rebuild search index: %w", err)
	}
	return n, nil
}

// indexTable writes a document for every row of src, streaming the rows.
func indexTable(ctx context.Context, tx *sql.Tx, src searchSource) (int, error) {
	rows, err := tx.QueryContext(ctx, src.selectItems()+` ORDER BY id`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		it, err := scanSearchItem(rows)
		if err != nil {
			return n, err
		}
		if err := writeSearchDoc(ctx, tx, src.kind, it, false); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// EnsureSearchIndex rebuilds the search index when it does not cover the
// content (the first start after the search migration, rows added by a
// script) or when dead documents outnumber live ones (many text edits since
// the last rebuild), and returns how many items it indexed (0: nothing to
// do). Call it once at startup.
func (s *Store) EnsureSearchIndex(ctx context.Context) (int, error) {
	var items, live, written int
	err := s.db.R.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM news) + (SELECT count(*) FROM videos) + (SELECT count(*) FROM notices),
		(SELECT count(*) FROM search_docs),
		(SELECT count(*) FROM search_fts_docsize)`).Scan(&items, &live, &written)
	if err != nil {
		return 0, fmt.Errorf("content: check search index: %w", err)
	}
	if items == live && written-live <= max(live, 1000) {
		return 0, nil
	}
	return s.RebuildSearchIndex(ctx)
}
