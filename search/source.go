package search

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Source is one searchable content kind: the table its items are rows of
// (primary key id) and the columns a search reads. Content declares the
// list; this package only reads it. Lang, Status, Start and End may be left
// empty for the usual "lang", "status", "start_at" and "end_at" (times in
// Unix milliseconds).
type Source struct {
	Kind     string // the kind's name in documents and hits ("video")
	Table    string // its table ("videos")
	Title    string // column of the title: matched and shown
	Body     string // column of the plain text: matched, and the snippet
	Category string // column shown as the hit's category
	Lang     string
	Status   string
	Start    string
	End      string
}

func orDefault(col, def string) string {
	if col == "" {
		return def
	}
	return col
}

func (src Source) lang() string   { return orDefault(src.Lang, "lang") }
func (src Source) status() string { return orDefault(src.Status, "status") }
func (src Source) start() string  { return orDefault(src.Start, "start_at") }
func (src Source) end() string    { return orDefault(src.End, "end_at") }

// SourceOf finds the source of a table or kind name.
func SourceOf(sources []Source, tableOrKind string) (Source, bool) {
	for _, s := range sources {
		if s.Table == tableOrKind || s.Kind == tableOrKind {
			return s, true
		}
	}
	return Source{}, false
}

func (src Source) selectDocs() string {
	return `SELECT id, ` + src.Title + `, ` + src.Body + `, ` + src.lang() + `, ` + src.status() + `, ` +
		src.start() + `, ` + src.end() + ` FROM ` + src.Table
}

func (src Source) scanDoc(r interface{ Scan(...any) error }) (Doc, error) {
	d := Doc{Kind: src.Kind}
	var start, end int64
	err := r.Scan(&d.ID, &d.Title, &d.Body, &d.Lang, &d.Status, &start, &end)
	d.Start, d.End = time.UnixMilli(start), time.UnixMilli(end)
	return d, err
}

// IndexItem brings e up to date for one saved item of the source of
// tableOrKind (anything that is not a source is ignored), inside the save's
// transaction: it reads the item's row and indexes it, or unindexes it when
// the row is gone.
func IndexItem(ctx context.Context, e Engine, tx *sql.Tx, sources []Source, tableOrKind string, id int64) error {
	src, ok := SourceOf(sources, tableOrKind)
	if !ok {
		return nil
	}
	d, err := src.scanDoc(tx.QueryRowContext(ctx, src.selectDocs()+` WHERE id = ?`, id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = e.Unindex(ctx, tx, src.Kind, id)
	case err == nil:
		err = e.Index(ctx, tx, d)
	}
	if err != nil {
		return fmt.Errorf("search: index %s %d: %w", tableOrKind, id, err)
	}
	return nil
}

// UnindexItem removes a deleted item of the source of tableOrKind from e
// (anything that is not a source is ignored).
func UnindexItem(ctx context.Context, e Engine, tx *sql.Tx, sources []Source, tableOrKind string, id int64) error {
	src, ok := SourceOf(sources, tableOrKind)
	if !ok {
		return nil
	}
	if err := e.Unindex(ctx, tx, src.Kind, id); err != nil {
		return fmt.Errorf("search: unindex %s %d: %w", tableOrKind, id, err)
	}
	return nil
}

// EachDoc calls fn with the document of every item of src in id order,
// streaming the rows: what an engine's rebuild indexes.
func EachDoc(ctx context.Context, tx *sql.Tx, src Source, fn func(Doc) error) error {
	rows, err := tx.QueryContext(ctx, src.selectDocs()+` ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		d, err := src.scanDoc(rows)
		if err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return rows.Err()
}

// countItems is the SQL of the number of items of all sources: what an
// index covers when it is current.
func countItems(sources []Source) string {
	q := ""
	for i, src := range sources {
		if i > 0 {
			q += " + "
		}
		q += `(SELECT count(*) FROM ` + src.Table + `)`
	}
	if q == "" {
		return "0"
	}
	return q
}
