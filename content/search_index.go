package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"time"
)

// The search index (db/migrations/0004_search.sql): search_fts holds the
// chunk tokens of each item (search_text.go explains them), search_docs
// what a search filters and orders on. These few functions and Search are
// the only code that knows the index is SQLite FTS4.

// searchFTSDDL re-creates search_fts for a rebuild. It must stay the same as
// in 0004_search.sql (a test compares them).
const searchFTSDDL = `CREATE VIRTUAL TABLE search_fts USING fts4(grams, content="", tokenize=simple, order=DESC)`

// A document's docid orders the index by language, then start minute, then
// the order of writing: bit 62 is the language (English set), bits 8–61
// the start in Unix minutes, bits 0–7 a sequence among the items of that
// minute. So "public in lang at now" is a docid range that FTS applies
// itself, and FTS yields the range newest first without a sort. FTS stores
// docids as deltas, so the gap between neighbours is what a docid costs in
// every position list: minutes, not milliseconds, keep the gaps small.
const (
	docidSeqBits = 8
	docidLangBit = 62
	docidMinute  = int64(time.Minute / time.Millisecond)
)

// docidBase is the first docid of lang's items that start in the minute of
// startMS.
func docidBase(lang string, startMS int64) int64 {
	var l int64
	if lang == string(English) {
		l = 1
	}
	return l<<docidLangBit | (max(startMS, 0)/docidMinute)<<docidSeqBits
}

// docidRange is the docids of lang's items started in or before nowMS's
// minute, and the first docid of that minute (where items may start after
// nowMS).
func docidRange(lang Lang, nowMS int64) (lo, hi, minute int64) {
	minute = docidBase(string(lang), nowMS)
	return docidBase(string(lang), 0), minute | (1<<docidSeqBits - 1), minute
}

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
	if err == nil {
		err = writeSearchDoc(ctx, tx, src.kind, it, true)
	}
	if err != nil {
		return fmt.Errorf("content: index %s %d: %w", table, id, err)
	}
	return nil
}

// unindexRow removes a deleted item from the search index: its document
// stays in the contentless index, dead. (A trigger does the same when a row
// is deleted by other code.)
func unindexRow(ctx context.Context, tx *sql.Tx, table string, id int64) error {
	src, ok := searchSourceOf(table)
	if !ok {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE search_docs SET status = 'dead' WHERE kind = ? AND item_id = ? AND status <> 'dead'`,
		src.kind, id); err != nil {
		return fmt.Errorf("content: unindex %s %d: %w", table, id, err)
	}
	return nil
}

// writeSearchDoc indexes one item. When its text, language and start are
// unchanged (a save that only moved the end date, the order or the status)
// its row is just updated; otherwise the old document is marked dead and
// the item gets a new one.
func writeSearchDoc(ctx context.Context, tx *sql.Tx, kind string, it searchItem, update bool) error {
	grams := searchGrams(it.title, it.body)
	h := fnv.New64a()
	h.Write([]byte(grams))
	sum := int64(h.Sum64())
	if update {
		res, err := tx.ExecContext(ctx, `UPDATE search_docs SET status = ?, end_at = ?
			WHERE kind = ? AND item_id = ? AND status <> 'dead' AND grams_sum = ? AND lang = ? AND start_at = ?`,
			it.status, it.endMS, kind, it.id, sum, it.lang, it.startMS)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE search_docs SET status = 'dead' WHERE kind = ? AND item_id = ? AND status <> 'dead'`,
			kind, it.id); err != nil {
			return err
		}
	}
	docid, err := nextDocid(ctx, tx, docidBase(it.lang, it.startMS))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_docs (docid, kind, item_id, lang, status, start_at, end_at, grams_sum)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, docid, kind, it.id, it.lang, it.status, it.startMS, it.endMS, sum); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO search_fts (docid, grams) VALUES (?, ?)`, docid, grams)
	return err
}

// nextDocid is the next free docid of the minute at base. Dead rows count,
// so a docid is never reused while its document is in the index. When a
// minute is full (256 items, say a bulk import), it takes the next minute
// with room: such an item sorts a little late and is found from that minute.
func nextDocid(ctx context.Context, tx *sql.Tx, base int64) (int64, error) {
	for range 10_000 {
		var docid int64
		err := tx.QueryRowContext(ctx, `SELECT coalesce(max(docid) + 1, ?1) FROM search_docs WHERE docid BETWEEN ?1 AND ?2`,
			base, base|(1<<docidSeqBits-1)).Scan(&docid)
		if err != nil || docid <= base|(1<<docidSeqBits-1) {
			return docid, err
		}
		base += 1 << docidSeqBits
	}
	return 0, errors.New("no free docid within a week of the start")
}

// RebuildSearchIndex reindexes every news item, video and notice from
// scratch, dropping dead documents, and returns how many it indexed. It
// holds the write lock meanwhile (about a minute at 100,000 items): call it
// at startup or from the CLI, not per request.
func (s *Store) RebuildSearchIndex(ctx context.Context) (int, error) {
	n := 0
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		// A contentless FTS4 table cannot be emptied with DELETE.
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
		// Merge the segments the bulk insert left into one (fewer b-trees for
		// every query to read), and set automerge as the migration does.
		for _, cmd := range []string{"optimize", "automerge=8"} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO search_fts (search_fts) VALUES (?)`, cmd); err != nil {
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
	var items, live, dead int
	err := s.db.R.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM news) + (SELECT count(*) FROM videos) + (SELECT count(*) FROM notices),
		(SELECT count(*) FROM search_docs WHERE status <> 'dead'),
		(SELECT count(*) FROM search_docs WHERE status = 'dead')`).Scan(&items, &live, &dead)
	if err != nil {
		return 0, fmt.Errorf("content: check search index: %w", err)
	}
	if items == live && dead <= max(live, 1000) {
		return 0, nil
	}
	return s.RebuildSearchIndex(ctx)
}
