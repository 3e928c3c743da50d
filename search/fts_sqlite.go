package search

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"newsroom/db"
)

// FTS is the Engine on SQLite FTS4 (db/migrations/0004_search.sql):
// search_fts holds the chunk tokens of each item (grams.go), search_docs
// what a search filters and orders on. This file is the only code that
// knows the index is SQLite FTS4.
//
// The migration's triggers keep search_docs' status in step when any code
// changes an item's status or deletes its row; text, language and start
// change only through the save paths, which call Index.
type FTS struct {
	db      *db.DB
	sources []Source
}

// NewFTS returns the FTS4 engine over the sources of d.
func NewFTS(d *db.DB, sources []Source) *FTS {
	return &FTS{db: d, sources: sources}
}

var _ Engine = (*FTS)(nil)

// ftsDDL re-creates search_fts for a rebuild. It must stay the same as in
// 0004_search.sql (a test compares them).
const ftsDDL = `CREATE VIRTUAL TABLE search_fts USING fts4(grams, content="", tokenize=simple, order=DESC)`

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
	if lang == "en" {
		l = 1
	}
	return l<<docidLangBit | (max(startMS, 0)/docidMinute)<<docidSeqBits
}

// docidRange is the docids of lang's items started in or before nowMS's
// minute, and the first docid of that minute (where items may start after
// nowMS).
func docidRange(lang string, nowMS int64) (lo, hi, minute int64) {
	minute = docidBase(lang, nowMS)
	return docidBase(lang, 0), minute | (1<<docidSeqBits - 1), minute
}

// ftsMatch is the FTS4 MATCH expression of words: every phrase of every
// long word (grams.go), in double quotes. It is built only from our own
// [0-9a-z] tokens, so nothing the visitor types (quotes, *, -, OR, NEAR,
// parentheses) can reach the FTS query syntax. "" when no word is long.
func ftsMatch(words []string) string {
	var phrases []string
	for _, w := range longWords(words) {
		for _, p := range wordPhrases([]rune(w)) {
			if p = `"` + p + `"`; !containsString(phrases, p) {
				phrases = append(phrases, p)
			}
		}
	}
	return strings.Join(phrases, " ")
}

// Query pages through the index matches of q's long words, or, for a short
// query, the titles of the newest public items.
func (f *FTS) Query(ctx context.Context, q Query) (Result, error) {
	if q.Short() {
		return f.queryTitles(ctx, q)
	}
	return f.queryIndex(ctx, q)
}

// queryIndex pages through the index matches of the query's long words.
// FTS gives them in docid order, newest first, inside the docid range of
// lang's started items (see docidBase), so the page needs no sort and stops
// early. The total is a second pass that counts in FTS alone, leaving out
// the few hidden documents (dead, draft, trashed…), and is skipped when the
// first page already holds every hit. CROSS JOIN keeps SQLite from putting
// search_docs first and running the MATCH once per row.
func (f *FTS) queryIndex(ctx context.Context, q Query) (Result, error) {
	match, now := ftsMatch(q.Words), q.Now.UnixMilli()
	lo, hi, minute := docidRange(q.Lang, now)
	refs, err := f.refs(ctx, `SELECT d.kind, d.item_id FROM search_fts CROSS JOIN search_docs d ON d.docid = search_fts.docid
		WHERE search_fts MATCH ?1 AND search_fts.docid BETWEEN ?2 AND ?3 AND d.status = 'published' AND d.start_at <= ?4
		ORDER BY search_fts.docid DESC LIMIT ?5 OFFSET ?6`, match, lo, hi, now, q.Limit, q.Offset)
	if err != nil || (len(refs) < q.Limit && (len(refs) > 0 || q.Offset == 0)) {
		return Result{Refs: refs, Total: q.Offset + len(refs)}, err
	}
	var total int
	err = f.db.R.QueryRowContext(ctx, `SELECT count(*) FROM search_fts WHERE search_fts MATCH ?1 AND docid BETWEEN ?2 AND ?3
		AND docid NOT IN (SELECT docid FROM search_docs WHERE status <> 'published' AND docid BETWEEN ?2 AND ?3
			UNION ALL SELECT docid FROM search_docs WHERE docid BETWEEN ?4 AND ?3 AND start_at > ?5)`,
		match, lo, hi, minute, now).Scan(&total)
	return Result{Refs: refs, Total: total}, err
}

// queryTitles is the fallback for queries whose words are all shorter than
// MinWord: a LIKE over the titles of the newest public items (see
// TitleWindow), all read in one pass as there are few. LIKE ignores the
// case of ASCII letters only, which is enough for such short words.
func (f *FTS) queryTitles(ctx context.Context, q Query) (Result, error) {
	now := q.Now.UnixMilli()
	lo, hi, _ := docidRange(q.Lang, now)
	args := []any{lo, hi, now, TitleWindow}
	conds := make([]string, len(q.Words))
	for i, w := range q.Words {
		conds[i], args = `title LIKE ? ESCAPE '\'`, append(args, likeArg(w))
	}
	var title strings.Builder
	title.WriteString("CASE kind")
	for _, src := range f.sources {
		fmt.Fprintf(&title, " WHEN '%s' THEN (SELECT %s FROM %s WHERE id = item_id)", src.Kind, src.Title, src.Table)
	}
	title.WriteString(" END")
	refs, err := f.refs(ctx, `SELECT kind, item_id FROM (SELECT docid, kind, item_id, `+title.String()+` AS title
		FROM search_docs WHERE docid BETWEEN ? AND ? AND status = 'published' AND start_at <= ? ORDER BY docid DESC LIMIT ?)
		WHERE `+strings.Join(conds, " AND ")+` ORDER BY docid DESC`, args...)
	if err != nil {
		return Result{}, err
	}
	return Result{Refs: refs[min(q.Offset, len(refs)):min(q.Offset+q.Limit, len(refs))], Total: len(refs)}, nil
}

// likeArg is a LIKE pattern finding s anywhere, with \ as the escape.
func likeArg(s string) string { return "%" + likeEscaper.Replace(s) + "%" }

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// refs runs a query whose rows are kind, item id.
func (f *FTS) refs(ctx context.Context, query string, args ...any) ([]Ref, error) {
	return queryRefs(ctx, f.db.R, query, args...)
}

// Index indexes one item. When its text, language and start are unchanged
// (a save that only moved the end date, the order or the status) its row is
// just updated; otherwise the old document is marked dead (a contentless
// FTS4 table cannot delete one) and the item gets a new one.
func (f *FTS) Index(ctx context.Context, tx *sql.Tx, d Doc) error {
	return writeDoc(ctx, tx, d, true)
}

// Unindex marks an item's document dead: it stays in the contentless index
// until the next rebuild and every search leaves it out. (A trigger does
// the same when a row is deleted by other code.)
func (f *FTS) Unindex(ctx context.Context, tx *sql.Tx, kind string, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE search_docs SET status = 'dead' WHERE kind = ? AND item_id = ? AND status <> 'dead'`, kind, id)
	return err
}

// writeDoc writes d's document; update looks for the item's current one
// first (a rebuild starts from an empty index).
func writeDoc(ctx context.Context, tx *sql.Tx, d Doc, update bool) error {
	g := grams(d.Title, d.Body)
	h := fnv.New64a()
	h.Write([]byte(g))
	sum := int64(h.Sum64())
	start, end := d.Start.UnixMilli(), d.End.UnixMilli()
	if update {
		res, err := tx.ExecContext(ctx, `UPDATE search_docs SET status = ?, end_at = ?
			WHERE kind = ? AND item_id = ? AND status <> 'dead' AND grams_sum = ? AND lang = ? AND start_at = ?`,
			d.Status, end, d.Kind, d.ID, sum, d.Lang, start)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE search_docs SET status = 'dead' WHERE kind = ? AND item_id = ? AND status <> 'dead'`,
			d.Kind, d.ID); err != nil {
			return err
		}
	}
	docid, err := nextDocid(ctx, tx, docidBase(d.Lang, start))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_docs (docid, kind, item_id, lang, status, start_at, end_at, grams_sum)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, docid, d.Kind, d.ID, d.Lang, d.Status, start, end, sum); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO search_fts (docid, grams) VALUES (?, ?)`, docid, g)
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

// Rebuild reindexes every item of the sources from scratch, dropping dead
// documents, and returns how many it indexed. It holds the write lock
// meanwhile (about a minute at 100,000 items): call it at startup or from
// the CLI, not per request.
func (f *FTS) Rebuild(ctx context.Context) (int, error) {
	n := 0
	err := f.db.Tx(ctx, func(tx *sql.Tx) error {
		// A contentless FTS4 table cannot be emptied with DELETE.
		for _, q := range []string{`DROP TABLE search_fts`, ftsDDL, `DELETE FROM search_docs`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		for _, src := range f.sources {
			err := EachDoc(ctx, tx, src, func(d Doc) error {
				n++
				return writeDoc(ctx, tx, d, false)
			})
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
		return 0, fmt.Errorf("search: rebuild index: %w", err)
	}
	return n, nil
}

// Ensure rebuilds the index when it does not cover the items (the first
// start after the search migration, rows added by a script) or when dead
// documents outnumber live ones (many text edits since the last rebuild).
func (f *FTS) Ensure(ctx context.Context) (int, error) {
	var items, live, dead int
	err := f.db.R.QueryRowContext(ctx, `SELECT `+countItems(f.sources)+`,
		(SELECT count(*) FROM search_docs WHERE status <> 'dead'),
		(SELECT count(*) FROM search_docs WHERE status = 'dead')`).Scan(&items, &live, &dead)
	if err != nil {
		return 0, fmt.Errorf("search: check index: %w", err)
	}
	if items == live && dead <= max(live, 1000) {
		return 0, nil
	}
	return f.Rebuild(ctx)
}
