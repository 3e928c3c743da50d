package db

// This file holds what is PostgreSQL's own in package db: opening a
// database/sql pool through pgx v5, the placeholder rewriting that lets the
// stores keep writing portable SQL with "?" placeholders, the migrations'
// dialect and the driver's error codes. sqlite.go is its counterpart.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// IsPostgresURL reports whether target names a PostgreSQL database
// (postgres:// or postgresql://) rather than a SQLite file.
func IsPostgresURL(target string) bool {
	return strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://")
}

// openPostgres opens the pools of the PostgreSQL database at url and
// migrates it. Both pools are ordinary pgx pools: PostgreSQL runs writers
// side by side, so there is no single writer connection as with SQLite.
// Several instances may start at once; goose holds an advisory lock while
// it migrates, so one migrates and the others wait.
func openPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("db: NEWSROOM_DATABASE_URL: %w", err)
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	// Times are unix milliseconds in BIGINT columns, so the session time
	// zone matters only to what an operator reads in psql.
	cfg.RuntimeParams["timezone"] = "Asia/Bangkok"
	cfg.RuntimeParams["application_name"] = "newsroom"
	// Arguments travel as literals that pgx quotes (the simple protocol), so
	// each takes its type from its value as in SQLite (1796431130473 is a
	// BIGINT) rather than from what PostgreSQL would infer from the query
	// ("CASE ... THEN ? ELSE 0 END" would infer INTEGER and refuse a unix-ms
	// time). It also saves the round trip of preparing each statement.
	cfg.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	w := sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
	w.SetMaxOpenConns(16)
	w.SetMaxIdleConns(8)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("db: connect to PostgreSQL: %w", err)
	}
	// goose writes its own SQL for PostgreSQL ($1 placeholders, boolean
	// arguments), so it gets a plain pgx pool, not the rewriting one.
	m := stdlib.OpenDB(*cfg)
	err = migratePostgres(ctx, m)
	m.Close()
	if err != nil {
		w.Close()
		return nil, err
	}
	r := sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
	r.SetMaxOpenConns(24)
	r.SetMaxIdleConns(12)
	return &DB{W: w, R: r, dialect: Postgres, url: url}, nil
}

// migratePostgres applies the PostgreSQL migrations under goose's advisory
// lock.
func migratePostgres(ctx context.Context, w *sql.DB) error {
	ms, err := readMigrations(migrationFS, "migrations/postgres")
	if err != nil {
		return err
	}
	newest := int64(ms[len(ms)-1].Version)
	var cur int64
	var tables int
	if err := w.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`, versionTable).Scan(&tables); err != nil {
		return fmt.Errorf("db: read schema version: %w", err)
	}
	if tables > 0 {
		if err := w.QueryRowContext(ctx, currentVersionSQL).Scan(&cur); err != nil {
			return fmt.Errorf("db: read schema version: %w", err)
		}
	}
	if cur > newest {
		return newerSchemaError(cur, newest)
	}
	if cur == newest {
		return nil
	}
	sub, err := fsSub("migrations/postgres")
	if err != nil {
		return err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, w, sub,
		goose.WithDisableGlobalRegistry(true),
		goose.WithSessionLocker(locker),
		goose.WithLogger(goose.NopLogger()))
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("db: migrate: %w", err)
	}
	return nil
}

// isPostgresUnique reports a unique or primary-key violation (SQLSTATE
// 23505).
func isPostgresUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// isPostgresRetry reports an error after which a transaction may simply run
// again: a serialization failure or a deadlock.
func isPostgresRetry(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// rebindConnector hands out connections that rewrite "?" placeholders to
// PostgreSQL's "$1", "$2", ... and pass Go booleans as 0/1, the way the
// schema stores flags (BIGINT, as in SQLite).
type rebindConnector struct{ inner driver.Connector }

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	pc, ok := conn.(*stdlib.Conn)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("db: unexpected PostgreSQL driver connection %T", conn)
	}
	return &rebindConn{conn: pc}, nil
}

func (c rebindConnector) Driver() driver.Driver { return c.inner.Driver() }

// rebindConn wraps pgx's database/sql connection.
type rebindConn struct{ conn *stdlib.Conn }

func (c *rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.conn.Prepare(Rebind(query))
}
func (c *rebindConn) Close() error { return c.conn.Close() }
func (c *rebindConn) Begin() (driver.Tx, error) {
	return c.conn.BeginTx(context.Background(), driver.TxOptions{})
}
func (c *rebindConn) BeginTx(ctx context.Context, o driver.TxOptions) (driver.Tx, error) {
	return c.conn.BeginTx(ctx, o)
}
func (c *rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.conn.PrepareContext(ctx, Rebind(query))
}
func (c *rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.conn.ExecContext(ctx, rebindTyped(query, args), args)
}
func (c *rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.conn.QueryContext(ctx, rebindTyped(query, args), args)
}
func (c *rebindConn) Ping(ctx context.Context) error         { return c.conn.Ping(ctx) }
func (c *rebindConn) ResetSession(ctx context.Context) error { return c.conn.ResetSession(ctx) }
func (c *rebindConn) CheckNamedValue(nv *driver.NamedValue) error {
	switch v := nv.Value.(type) {
	case bool:
		if v {
			nv.Value = int64(1)
		} else {
			nv.Value = int64(0)
		}
		return nil
	}
	return c.conn.CheckNamedValue(nv)
}

var (
	rebound     sync.Map // query (and which arguments are integers) -> rewritten query
	reboundSize atomic.Int64
)

// maxRebound bounds the cache of rewritten queries. The stores' queries are
// a fixed set (lists of "?" vary in length, within bounds), so it is never
// reached unless something builds queries without end; then the rest are
// rewritten each time rather than remembered.
const maxRebound = 20000

func remember(key, q string) {
	if reboundSize.Load() < maxRebound {
		if _, loaded := rebound.LoadOrStore(key, q); !loaded {
			reboundSize.Add(1)
		}
	}
}

// rebindTyped is Rebind, with each placeholder whose argument is an integer
// written "$N::bigint". An argument otherwise reaches PostgreSQL as an
// untyped literal, and PostgreSQL would guess its type from the query:
// "CASE ... THEN ? ELSE 0 END" guesses INTEGER and refuses a unix-ms time,
// where SQLite stores any integer. (Strings stay untyped, so "id = ?" with
// a string still compares as a number, as in SQLite.)
func rebindTyped(query string, args []driver.NamedValue) string {
	var mask []byte
	for i, a := range args {
		if _, ok := a.Value.(int64); ok {
			if mask == nil {
				mask = make([]byte, len(args))
				for j := range mask {
					mask[j] = '.'
				}
			}
			mask[i] = 'i'
		}
	}
	if mask == nil {
		return Rebind(query)
	}
	key := query + "\x00" + string(mask)
	if q, ok := rebound.Load(key); ok {
		return q.(string)
	}
	q := rebind(query, mask)
	remember(key, q)
	return q
}

// Rebind rewrites each "?" placeholder of query to "$N", leaving question
// marks inside string literals, quoted identifiers, dollar-quoted strings
// and comments alone. Results are cached: the stores' queries are a fixed
// set of constants (a query built with user text would only grow the
// cache if it also held a "?", which bound parameters keep out).
func Rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	q := rebind(query, nil)
	remember(query, q)
	return q
}

// rebind numbers the placeholders of q; ints[i] == 'i' casts the (i+1)th to
// BIGINT.
func rebind(q string, ints []byte) string {
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c { // doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(q))
			b.WriteString(q[i:end])
			i = end - 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			j := strings.Index(q[i+2:], "*/")
			end := len(q)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(q[i:end])
			i = end - 1
		case c == '$' && i+1 < len(q) && (q[i+1] == '$' || isTagStart(q[i+1])):
			// A dollar-quoted string: $$...$$ or $tag$...$tag$.
			k := i + 1
			for k < len(q) && q[k] != '$' && isTagChar(q[k]) {
				k++
			}
			if k >= len(q) || q[k] != '$' {
				b.WriteByte(c)
				continue
			}
			tag := q[i : k+1]
			j := strings.Index(q[k+1:], tag)
			end := len(q)
			if j >= 0 {
				end = k + 1 + j + len(tag)
			}
			b.WriteString(q[i:end])
			i = end - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			if n <= len(ints) && ints[n-1] == 'i' {
				b.WriteString("::bigint")
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isTagStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isTagChar(c byte) bool { return isTagStart(c) || c >= '0' && c <= '9' }

// postgresTables reads the tables and columns of the current schema.
func postgresTables(ctx context.Context, r *sql.DB) (map[string]Table, error) {
	rows, err := r.QueryContext(ctx, `SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, err
	}
	out := map[string]Table{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			rows.Close()
			return nil, err
		}
		tb := out[t]
		tb.Name, tb.Columns = t, append(tb.Columns, c)
		out[t] = tb
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	keys, err := r.QueryContext(ctx, `SELECT k.table_name, k.column_name FROM information_schema.table_constraints c
		JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema
		WHERE c.table_schema = current_schema() AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.table_name, k.ordinal_position`)
	if err != nil {
		return nil, err
	}
	defer keys.Close()
	for keys.Next() {
		var t, c string
		if err := keys.Scan(&t, &c); err != nil {
			return nil, err
		}
		tb := out[t]
		tb.Key = append(tb.Key, c)
		out[t] = tb
	}
	return out, keys.Err()
}

// postgresForeignKeys maps each table to the tables it references.
func postgresForeignKeys(ctx context.Context, r *sql.DB) (map[string][]string, error) {
	rows, err := r.QueryContext(ctx, `SELECT cl.relname, pc.relname FROM pg_constraint c
		JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class pc ON pc.oid = c.confrelid
		JOIN pg_namespace n ON n.oid = cl.relnamespace
		WHERE c.contype = 'f' AND n.nspname = current_schema()`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var t, p string
		if err := rows.Scan(&t, &p); err != nil {
			return nil, err
		}
		out[t] = append(out[t], p)
	}
	return out, rows.Err()
}

// postgresResetIdentities moves every identity sequence of the schema past
// the largest id its table holds.
func postgresResetIdentities(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES'`)
	if err != nil {
		return err
	}
	var cols [][2]string
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			rows.Close()
			return err
		}
		cols = append(cols, [2]string{t, c})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, tc := range cols {
		t, c := quoteIdent(tc[0]), quoteIdent(tc[1])
		q := `SELECT setval(pg_get_serial_sequence('` + strings.ReplaceAll(t, `'`, `''`) + `', '` + strings.ReplaceAll(tc[1], `'`, `''`) +
			`'), coalesce((SELECT max(` + c + `) FROM ` + t + `), 0) + 1, false)`
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("reset the ids of %s: %w", tc[0], err)
		}
	}
	return nil
}

const postgresTriggerCount = `SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname = ?`
