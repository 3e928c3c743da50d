package db

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Moving a site between engines (newsroom migrate-to): CopyTables copies
// every row of every table the two schemas share, and Digests proves the
// copy by a count and a hash of each table's rows, computed alike on both
// engines. What a table is and which columns it has comes from each
// dialect's catalogue (tables() in sqlite.go and postgres.go).

// copySkip are tables not copied: goose's own, and the search index, whose
// layout is the engine's (the target rebuilds it from the items). The
// traffic log's tables are not copied either: its SQLite file is imported
// as a chain (audit.ImportSQLite).
var copySkip = map[string]bool{versionTable: true, "search_docs": true,
	"traffic_chains": true, "traffic_blocks": true, "traffic_checkpoints": true}

// Table is one table of a schema: its columns, and those of its primary key.
type Table struct {
	Name    string
	Columns []string
	Key     []string
}

// TableDigest is a table's row count and a SHA-256 over its rows (order
// independent: each row's hash, sorted, hashed again).
type TableDigest struct {
	Rows int64
	Hash string
}

// CopyReport says what CopyTables did.
type CopyReport struct {
	Tables []string         // copied, in order
	Rows   map[string]int64 // rows copied per table
	Only   []string         // tables in one schema only (not copied)
}

// CopyTables copies every row of the tables src and dst share (the
// columns both have) into dst, in one transaction: dst's rows in those
// tables (a fresh schema's seed rows) are replaced. Tables are written
// parents first, by dst's foreign keys. Afterwards dst's id counters
// continue after the copied ids.
func CopyTables(ctx context.Context, src, dst *DB) (CopyReport, error) {
	rep := CopyReport{Rows: map[string]int64{}}
	st, err := src.tables(ctx)
	if err != nil {
		return rep, fmt.Errorf("db: copy: read the source's tables: %w", err)
	}
	dt, err := dst.tables(ctx)
	if err != nil {
		return rep, fmt.Errorf("db: copy: read the target's tables: %w", err)
	}
	order, err := dst.parentsFirst(ctx, dt)
	if err != nil {
		return rep, err
	}
	shared := map[string][]string{}
	for name, t := range dt {
		s, ok := st[name]
		if copySkip[name] {
			continue
		}
		if !ok {
			rep.Only = append(rep.Only, name+" (target only)")
			continue
		}
		var cols []string
		for _, c := range t.Columns {
			if slices.Contains(s.Columns, c) {
				cols = append(cols, c)
			}
		}
		shared[name] = cols
	}
	for name := range st {
		if _, ok := dt[name]; !ok && !copySkip[name] {
			rep.Only = append(rep.Only, name+" (source only)")
		}
	}
	sort.Strings(rep.Only)
	err = dst.Tx(ctx, func(tx *sql.Tx) error {
		rep.Tables = rep.Tables[:0]
		for i := len(order) - 1; i >= 0; i-- { // children first
			if _, ok := shared[order[i]]; ok {
				if _, err := tx.ExecContext(ctx, `DELETE FROM `+quoteIdent(order[i])); err != nil {
					return fmt.Errorf("empty %s: %w", order[i], err)
				}
			}
		}
		for _, name := range order {
			cols, ok := shared[name]
			if !ok {
				continue
			}
			// Rows a trigger wrote while parents were copied (page_people
			// from pages) are replaced by the source's own.
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+quoteIdent(name)); err != nil {
				return fmt.Errorf("empty %s: %w", name, err)
			}
			n, err := copyTable(ctx, src, tx, name, cols)
			if err != nil {
				return fmt.Errorf("copy %s: %w", name, err)
			}
			rep.Tables, rep.Rows[name] = append(rep.Tables, name), n
		}
		return dst.resetCounters(ctx, tx, dt)
	})
	if err != nil {
		return rep, fmt.Errorf("db: copy: %w", err)
	}
	return rep, nil
}

// copyBatch is how many rows one INSERT carries.
const copyBatch = 200

func copyTable(ctx context.Context, src *DB, tx *sql.Tx, name string, cols []string) (int64, error) {
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c)
	}
	list := strings.Join(quoted, ", ")
	rows, err := src.R.QueryContext(ctx, `SELECT `+list+` FROM `+quoteIdent(name))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n int64
	var batch []any
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		k := len(batch) / len(cols)
		q := `INSERT INTO ` + quoteIdent(name) + ` (` + list + `) VALUES ` + strings.TrimSuffix(strings.Repeat(tuple+", ", k), ", ")
		_, err := tx.ExecContext(ctx, q, batch...)
		batch = batch[:0]
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for _, v := range vals {
			if b, ok := v.([]byte); ok { // a TEXT value some drivers give as bytes
				v = string(b)
			}
			batch = append(batch, v)
		}
		n++
		if n%copyBatch == 0 {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

// Digests counts and hashes the rows of every table of d but the skipped
// ones, over the columns named in cols (a table's shared columns; all of
// its columns when the table is not in cols).
func Digests(ctx context.Context, d *DB, cols map[string][]string) (map[string]TableDigest, error) {
	ts, err := d.tables(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]TableDigest{}
	for name, t := range ts {
		if copySkip[name] {
			continue
		}
		c := cols[name]
		if c == nil {
			c = t.Columns
		}
		dg, err := digest(ctx, d, name, c)
		if err != nil {
			return nil, fmt.Errorf("db: digest %s: %w", name, err)
		}
		out[name] = dg
	}
	return out, nil
}

// SharedColumns are the columns of each table both databases have.
func SharedColumns(ctx context.Context, a, b *DB) (map[string][]string, error) {
	at, err := a.tables(ctx)
	if err != nil {
		return nil, err
	}
	bt, err := b.tables(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for name, t := range at {
		u, ok := bt[name]
		if !ok {
			continue
		}
		var cols []string
		for _, c := range t.Columns {
			if slices.Contains(u.Columns, c) {
				cols = append(cols, c)
			}
		}
		sort.Strings(cols)
		out[name] = cols
	}
	return out, nil
}

func digest(ctx context.Context, d *DB, name string, cols []string) (TableDigest, error) {
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c)
	}
	rows, err := d.R.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM `+quoteIdent(name))
	if err != nil {
		return TableDigest{}, err
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var sums [][32]byte
	var buf bytes.Buffer
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return TableDigest{}, err
		}
		buf.Reset()
		for _, v := range vals {
			canonical(&buf, v)
		}
		sums = append(sums, sha256.Sum256(buf.Bytes()))
	}
	if err := rows.Err(); err != nil {
		return TableDigest{}, err
	}
	sort.Slice(sums, func(i, j int) bool { return bytes.Compare(sums[i][:], sums[j][:]) < 0 })
	h := sha256.New()
	for _, s := range sums {
		h.Write(s[:])
	}
	return TableDigest{Rows: int64(len(sums)), Hash: hex.EncodeToString(h.Sum(nil))}, nil
}

// canonical writes v so that equal values from either driver write equal
// bytes: its kind, its length and its text.
func canonical(b *bytes.Buffer, v any) {
	var kind byte
	var s string
	switch x := v.(type) {
	case nil:
		kind = 'n'
	case int64:
		kind, s = 'i', strconv.FormatInt(x, 10)
	case int32:
		kind, s = 'i', strconv.FormatInt(int64(x), 10)
	case float64:
		kind, s = 'f', strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		kind, s = 'i', map[bool]string{false: "0", true: "1"}[x]
	case []byte:
		kind, s = 's', string(x)
	case string:
		kind, s = 's', x
	default:
		kind, s = '?', fmt.Sprint(x)
	}
	b.WriteByte(kind)
	b.WriteString(strconv.Itoa(len(s)))
	b.WriteByte(':')
	b.WriteString(s)
}

// quoteIdent quotes a table or column name read from a catalogue.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// parentsFirst orders the tables so that each comes after the tables its
// foreign keys point to.
func (d *DB) parentsFirst(ctx context.Context, ts map[string]Table) ([]string, error) {
	deps, err := d.foreignKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("db: read foreign keys: %w", err)
	}
	names := make([]string, 0, len(ts))
	for n := range ts {
		names = append(names, n)
	}
	sort.Strings(names)
	var order []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(n string) error
	visit = func(n string) error {
		switch state[n] {
		case 1:
			return fmt.Errorf("db: foreign keys form a cycle through %s", n)
		case 2:
			return nil
		}
		state[n] = 1
		parents := deps[n]
		sort.Strings(parents)
		for _, p := range parents {
			if p == n {
				continue
			}
			if _, ok := ts[p]; ok {
				if err := visit(p); err != nil {
					return err
				}
			}
		}
		state[n] = 2
		order = append(order, n)
		return nil
	}
	for _, n := range names {
		if err := visit(n); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// tables reads d's tables and columns from its catalogue.
func (d *DB) tables(ctx context.Context) (map[string]Table, error) {
	if d.IsPostgres() {
		return postgresTables(ctx, d.R)
	}
	return sqliteTables(ctx, d.R)
}

// foreignKeys maps each table to the tables its foreign keys reference.
func (d *DB) foreignKeys(ctx context.Context) (map[string][]string, error) {
	if d.IsPostgres() {
		return postgresForeignKeys(ctx, d.R)
	}
	return sqliteForeignKeys(ctx, d.R)
}

// resetCounters lets d's id counters continue after the copied ids
// (PostgreSQL's identity sequences; SQLite takes max(id)+1 by itself).
func (d *DB) resetCounters(ctx context.Context, tx *sql.Tx, ts map[string]Table) error {
	if !d.IsPostgres() {
		return nil
	}
	return postgresResetIdentities(ctx, tx)
}

var errNotEmpty = errors.New("the target database already holds a site")

// RequireEmptySite refuses a target that already has accounts: migrate-to
// writes a new site, it never merges two.
func RequireEmptySite(ctx context.Context, d *DB) error {
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%w (%d accounts): give an empty database", errNotEmpty, n)
	}
	return nil
}

// Columns lists the columns of every table of d, in their order, from the
// dialect's catalogue (for tests that check the schema against code).
func Columns(ctx context.Context, d *DB) (map[string][]string, error) {
	ts, err := d.tables(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for n, t := range ts {
		out[n] = t.Columns
	}
	return out, nil
}

// HasTrigger reports whether d has a trigger of that name.
func HasTrigger(ctx context.Context, d *DB, name string) (bool, error) {
	var n int
	q := sqliteTriggerCount
	if d.IsPostgres() {
		q = postgresTriggerCount
	}
	err := d.R.QueryRowContext(ctx, q, name).Scan(&n)
	return n > 0, err
}
