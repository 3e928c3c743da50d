package audit

// The traffic log on PostgreSQL (NEWSROOM_DATABASE_URL). Several instances
// of the server write to one database at once, so the log is not one hash
// chain but one chain per instance, in the tables traffic_chains,
// traffic_blocks and traffic_checkpoints of the main database (the
// "traffic log" section of db/migrations/postgres/0021_baseline.sql). Each
// row carries its chain's id; a chain is written by one process only, which
// holds a session advisory lock on it (lease) for as long as it logs, and is
// verified, purged and anchored on its own exactly as the SQLite file's
// single chain is. Export merges the chains in time order.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"newsroom"
	"newsroom/db"
)

// postgresSQL is trafficSQL for the shared tables: the chain's id is each
// statement's first argument.
var postgresSQL = trafficSQL{
	head: `SELECT CASE WHEN count(*) = 0 THEN NULL ELSE greatest(max(first_seq), max(last_seq)) END
		FROM traffic_blocks WHERE chain = ?`,
	lastBlock:      `SELECT data FROM traffic_blocks WHERE chain = ? ORDER BY first_seq DESC LIMIT 1`,
	lastCheckpoint: `SELECT COALESCE(MAX(day), '') FROM traffic_checkpoints WHERE chain = ?`,
	insertBlock: `INSERT INTO traffic_blocks (chain, first_seq, last_seq, min_at, max_at, data)
		VALUES (?, ?, ?, ?, ?, ?)`,
	checkpoint: `INSERT INTO traffic_checkpoints (chain, day, seq, hash) VALUES (?, ?, ?, ?)
		ON CONFLICT (chain, day) DO NOTHING`,
	verifyBlocks: `SELECT first_seq, last_seq, min_at, max_at, data FROM traffic_blocks
		WHERE chain = ? ORDER BY first_seq`,
	checkpoints: `SELECT day, seq, hash FROM traffic_checkpoints WHERE chain = ? AND seq > ? ORDER BY seq, day`,
	purgeBlocks: `SELECT first_seq, max_at, data FROM traffic_blocks WHERE chain = ? ORDER BY first_seq LIMIT ?`,
	deleteBlock: `DELETE FROM traffic_blocks WHERE chain = ? AND first_seq = ?`,
	nextBlock:   `SELECT data FROM traffic_blocks WHERE chain = ? AND first_seq > ? ORDER BY first_seq LIMIT 1`,
	// Export reads every chain at once: exportChainPage.
}

func pgChain(id string) chainScope { return chainScope{sql: &postgresSQL, pg: true, chain: id} }

// maxInstanceLen bounds an instance name (NEWSROOM_INSTANCE).
const maxInstanceLen = 64

// maxChainsPerInstance is how many chains one instance name may have at
// once: "name", then "name~2" to "name~8" while the earlier ones are held by
// live processes (a new process started before the old one stopped).
const maxChainsPerInstance = 8

// ValidInstance checks an instance name: 1 to 64 letters, digits, dots,
// dashes or underscores.
func ValidInstance(s string) error {
	if s == "" || len(s) > maxInstanceLen {
		return fmt.Errorf("instance name must be 1 to %d characters", maxInstanceLen)
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return fmt.Errorf("instance name %q: use letters, digits, '.', '-' or '_'", s)
		}
	}
	return nil
}

// DefaultInstance is the instance name when none is configured: the host
// name and the first 8 hex digits of the SHA-256 of the data directory's
// absolute path, so a restart of the same server on the same machine
// continues its chain, and two servers on one machine with different data
// directories get chains of their own.
func DefaultInstance(dataDir string) string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "host"
	}
	host = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, host)
	if len(host) > maxInstanceLen-9 {
		host = host[:maxInstanceLen-9]
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		abs = dataDir
	}
	sum := sha256.Sum256([]byte(abs))
	return host + "-" + hex.EncodeToString(sum[:4])
}

// OpenTrafficFor opens the traffic log of database d: the SQLite file at
// path, or on PostgreSQL the chain of this instance (OpenTrafficPostgres).
func OpenTrafficFor(d *db.DB, path, instance string, opt TrafficOptions) (*TrafficLog, error) {
	if d.IsPostgres() {
		return OpenTrafficPostgres(d.W, instance, opt)
	}
	return OpenTraffic(path, opt)
}

// OpenTrafficReaderFor opens the traffic log of database d for reading:
// the SQLite file at path (read-only), or every chain on PostgreSQL.
func OpenTrafficReaderFor(d *db.DB, path string) (*TrafficReader, error) {
	if d.IsPostgres() {
		return &TrafficReader{db: d.R, pg: true}, nil
	}
	return OpenTrafficReadOnly(path)
}

// OpenTrafficPostgres starts this instance's chain in the PostgreSQL
// database of pool (which the log shares and does not close). The chain is
// named after the instance; when a live process already holds that chain,
// the next free of "instance~2" ... "instance~8" is taken instead, and with
// all of them held it refuses. A restart takes its chain back once the old
// process has gone (its lock goes with its connection).
func OpenTrafficPostgres(pool *sql.DB, instance string, opt TrafficOptions) (*TrafficLog, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("audit: open traffic log: %w", err)
	}
	if err := ValidInstance(instance); err != nil {
		return nil, fmt.Errorf("audit: open traffic log: %w", err)
	}
	ctx := context.Background()
	l, err := takeChain(ctx, pool, instance, opt.Now())
	if err != nil {
		return nil, err
	}
	w := &writer{db: l.conn, chain: pgChain(l.chain), lease: l, log: opt.Logger, now: opt.Now,
		hashBuf: make([]byte, 0, 6<<10)}
	if err := w.start(ctx); err != nil {
		return nil, errors.Join(err, l.release())
	}
	t := &TrafficLog{
		db: pool, reader: &TrafficReader{db: pool, pg: true}, retention: opt.RetentionDays,
		log: opt.Logger, now: opt.Now, lease: l,
		queue: newQueue(opt.Buffer), done: make(chan struct{}),
	}
	w.dropped = &t.dropped
	go w.run(t.queue, t.done, opt.FlushEvery)
	return t, nil
}

// takeChain locks the first chain of the instance no live process holds
// ("instance", then "instance~2" ...) and makes sure it has its row.
func takeChain(ctx context.Context, pool *sql.DB, instance string, now time.Time) (*lease, error) {
	var l *lease
	for i := 1; i <= maxChainsPerInstance && l == nil; i++ {
		chain := instance
		if i > 1 {
			chain += "~" + strconv.Itoa(i)
		}
		cand := &lease{pool: pool, instance: instance, chain: chain}
		ok, err := cand.take(ctx)
		if err != nil {
			return nil, err
		}
		if ok {
			l = cand
		}
	}
	if l == nil {
		return nil, fmt.Errorf("audit: open traffic log: the chains %q to %q~%d are all held by running processes",
			instance, instance, maxChainsPerInstance)
	}
	_, err := l.conn.ExecContext(ctx, `INSERT INTO traffic_chains (chain, created_at) VALUES (?, ?)
		ON CONFLICT (chain) DO NOTHING`, l.chain, now.UnixMilli())
	if err != nil {
		return nil, errors.Join(fmt.Errorf("audit: start traffic chain %s: %w", l.chain, err), l.release())
	}
	return l, nil
}

// Chain is the id of the chain this log appends to ("" on SQLite).
func (t *TrafficLog) Chain() string {
	if t.lease == nil {
		return ""
	}
	t.lease.mu.Lock()
	defer t.lease.mu.Unlock()
	return t.lease.chain
}

// lease makes a chain one process's own: a session advisory lock, held on
// the connection the writer writes through for as long as the log is open.
type lease struct {
	pool     *sql.DB
	instance string // whose chain it is
	chain    string // written by the writer goroutine only, under mu
	conn     *sql.Conn
	mu       sync.Mutex
}

// lockKey is the chain's advisory lock key: the chain id's SHA-256 in the
// key space of the traffic log. (Two ids that share a key only make the
// second process take its next chain.)
func (l *lease) lockKey() int64 {
	sum := sha256.Sum256([]byte("newsroom/audit/traffic-chain\x00" + l.chain))
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

// take tries to lock the chain on a connection of its own.
func (l *lease) take(ctx context.Context) (bool, error) {
	conn, err := l.pool.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("audit: traffic chain %s: %w", l.chain, err)
	}
	var ok bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(?)`, l.lockKey()).Scan(&ok); err != nil {
		conn.Close()
		return false, fmt.Errorf("audit: lock traffic chain %s: %w", l.chain, err)
	}
	if !ok {
		conn.Close()
		return false, nil
	}
	l.conn = conn
	return true, nil
}

// ensure returns the lease's connection, taking the lock again on a new one
// when the old connection was lost (and its lock with it). Should another
// process have taken the chain meanwhile (one started with the same
// instance name), it moves to the instance's next free chain rather than
// share one or stop logging; l.chain then names the new chain.
func (l *lease) ensure(ctx context.Context, now time.Time) (*sql.Conn, error) {
	if l.conn != nil {
		if err := l.conn.PingContext(ctx); err == nil {
			return l.conn, nil
		}
		l.conn.Close()
		l.conn = nil
	}
	ok, err := l.take(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		next, err := takeChain(ctx, l.pool, l.instance, now)
		if err != nil {
			return nil, err
		}
		l.mu.Lock()
		l.chain, l.conn = next.chain, next.conn
		l.mu.Unlock()
	}
	return l.conn, nil
}

// release unlocks the chain and returns the connection to the pool.
func (l *lease) release() error {
	if l.conn == nil {
		return nil
	}
	_, err := l.conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(?)`, l.lockKey())
	err = errors.Join(err, l.conn.Close())
	l.conn = nil
	if err != nil {
		return fmt.Errorf("audit: release traffic chain %s: %w", l.chain, err)
	}
	return nil
}

// pgLoadAnchor reads a chain's purge anchor; a chain without a row has
// nothing purged.
func pgLoadAnchor(ctx context.Context, q querier, chain string) (int64, string, error) {
	var seq int64
	var hash string
	err := q.QueryRowContext(ctx, `SELECT anchor_seq, anchor_hash FROM traffic_chains WHERE chain = ?`, chain).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, genesisHash, nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("audit: load purge anchor of chain %s: %w", chain, err)
	}
	return seq, hash, nil
}

func pgSetAnchor(ctx context.Context, tx *sql.Tx, chain string, seq int64, hash string) error {
	_, err := tx.ExecContext(ctx, `UPDATE traffic_chains SET anchor_seq = ?, anchor_hash = ? WHERE chain = ?`, seq, hash, chain)
	if err != nil {
		return fmt.Errorf("audit: set purge anchor of chain %s: %w", chain, err)
	}
	return nil
}

// purgeLockKey is the transaction advisory lock each purge chunk holds, so
// that instances purging at the same moment take turns chunk by chunk: a
// chunk waits for the other's to commit, then plans from what is left (the
// lock comes before the chunk's first read), so no record is counted twice
// and no chain is left half purged.
const purgeLockKey = int64(0x6e7274726166) // "nrtraf"

func pgPurgeLock(ctx context.Context, tx *sql.Tx) (bool, error) {
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, purgeLockKey); err != nil {
		return false, fmt.Errorf("lock traffic purge: %w", err)
	}
	return true, nil
}

// pgChains lists every chain by id.
func pgChains(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT chain FROM traffic_chains ORDER BY chain`)
	if err != nil {
		return nil, fmt.Errorf("audit: list traffic chains: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("audit: list traffic chains: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// PurgePostgres purges every chain of the PostgreSQL traffic log in pool:
// the records older than now minus retentionDays, each chain keeping its
// anchor (see TrafficLog.Purge). It is idempotent and safe to run on
// several instances at once: chunks take turns under an advisory lock, so
// whichever instance comes second finds the work done.
func PurgePostgres(ctx context.Context, pool *sql.DB, retentionDays int, now time.Time) (int64, error) {
	if retentionDays < MinRetentionDays {
		return 0, fmt.Errorf("audit: purge traffic log: %w: got %d", ErrRetentionTooShort, retentionDays)
	}
	cutoff := now.Add(-time.Duration(retentionDays) * 24 * time.Hour).UnixMilli()
	chains, err := pgChains(ctx, pool)
	if err != nil {
		return 0, err
	}
	var total int64
	var errs []error
	for _, id := range chains {
		for {
			n, more, err := purgeOnce(ctx, pool, pgChain(id), cutoff)
			total += n
			if err != nil {
				errs = append(errs, fmt.Errorf("audit: purge traffic chain %s: %w", id, err))
			}
			if err != nil || !more {
				break
			}
		}
	}
	return total, errors.Join(errs...)
}

// ChainResult is the verification of one chain.
type ChainResult struct {
	Chain string // "" for the SQLite file's single chain
	VerifyResult
}

// VerifyChains verifies each chain on its own: on PostgreSQL every chain in
// one snapshot, by chain id; on SQLite the file's single chain.
func (r *TrafficReader) VerifyChains(ctx context.Context) ([]ChainResult, error) {
	if !r.pg {
		res, err := r.Verify(ctx)
		if err != nil {
			return nil, err
		}
		return []ChainResult{{VerifyResult: res}}, nil
	}
	tx, err := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return nil, fmt.Errorf("audit: verify traffic log: %w", err)
	}
	defer tx.Rollback()
	chains, err := pgChains(ctx, tx)
	if err != nil {
		return nil, err
	}
	out := make([]ChainResult, 0, len(chains))
	for _, id := range chains {
		res, err := verifyChain(ctx, tx, pgChain(id))
		if err != nil {
			return nil, fmt.Errorf("audit: verify traffic chain %s: %w", id, err)
		}
		out = append(out, ChainResult{Chain: id, VerifyResult: res})
	}
	return out, nil
}

// verifyAll is Verify on PostgreSQL: every chain's result summed up.
func (r *TrafficReader) verifyAll(ctx context.Context) (VerifyResult, error) {
	chains, err := r.VerifyChains(ctx)
	if err != nil {
		return VerifyResult{}, err
	}
	sum := VerifyResult{OK: true}
	for _, c := range chains {
		sum.OK = sum.OK && c.OK
		sum.Checked += c.Checked
		for _, p := range c.Problems {
			if len(sum.Problems) < maxProblems {
				sum.Problems = append(sum.Problems, p)
			}
		}
	}
	return sum, nil
}

// exportPage is how many blocks of one chain the merged export reads at a
// time.
const exportPage = 64

// exportChainPage reads the next page of a chain's blocks in the period.
const exportChainPage = `SELECT first_seq, data FROM traffic_blocks
	WHERE chain = ? AND first_seq > ? AND max_at >= ? AND min_at < ? ORDER BY first_seq LIMIT ?`

// exportCursor walks one chain's records in the period, a page of blocks
// at a time.
type exportCursor struct {
	chain string
	after int64          // first_seq of the last block read
	recs  []storedRecord // records read and not yet written
	done  bool           // no blocks left
}

// exportAll is Export on PostgreSQL: the records of every chain in the
// period, merged in time order (each chain's records in their own seq
// order, the chain whose next record is earliest first; ties by chain id),
// with the chain's id in a first column. It reads in one snapshot.
func (r *TrafficReader) exportAll(ctx context.Context, w io.Writer, from, to time.Time) (int, error) {
	lo, hi := from.UnixMilli(), to.UnixMilli()
	tx, err := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return 0, fmt.Errorf("audit: export traffic log: %w", err)
	}
	defer tx.Rollback()
	ids, err := pgChains(ctx, tx)
	if err != nil {
		return 0, err
	}
	cursors := make([]*exportCursor, len(ids))
	for i, id := range ids {
		cursors[i] = &exportCursor{chain: id}
	}
	var damage error
	fill := func(c *exportCursor) error {
		for len(c.recs) == 0 && !c.done {
			rows, err := tx.QueryContext(ctx, exportChainPage, c.chain, c.after, lo, hi, exportPage)
			if err != nil {
				return err
			}
			blocks := 0
			for rows.Next() {
				blocks++
				var data []byte
				if err := rows.Scan(&c.after, &data); err != nil {
					rows.Close()
					return err
				}
				recs, err := decodeBlock(data)
				for _, s := range recs {
					if s.at >= lo && s.at < hi {
						c.recs = append(c.recs, s)
					}
				}
				if err != nil && damage == nil {
					damage = fmt.Errorf("audit: export traffic log: chain %s, block %d: %w; run traffic verify", c.chain, c.after, err)
				}
			}
			if err := rows.Err(); err != nil {
				return err
			}
			rows.Close()
			c.done = blocks < exportPage
		}
		return nil
	}
	cw := newsroom.NewCSVWriter(w)
	if err := cw.Write(append([]string{"chain"}, exportHeader...)); err != nil {
		return 0, fmt.Errorf("audit: export traffic log: %w", err)
	}
	n := 0
	for {
		var next *exportCursor
		for _, c := range cursors {
			if err := fill(c); err != nil {
				return n, fmt.Errorf("audit: export traffic log: chain %s: %w", c.chain, err)
			}
			if len(c.recs) > 0 && (next == nil || c.recs[0].at < next.recs[0].at) {
				next = c
			}
		}
		if next == nil {
			break
		}
		if err := cw.Write(append([]string{next.chain}, csvRow(&next.recs[0])...)); err != nil {
			return n, fmt.Errorf("audit: export traffic log: %w", err)
		}
		next.recs = next.recs[1:]
		n++
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, fmt.Errorf("audit: export traffic log: %w", err)
	}
	return n, damage
}

// ImportSQLite copies the SQLite traffic log file at path into the
// PostgreSQL database of pool as the chain called chain: every block,
// checkpoint and the purge anchor exactly as stored, so the chain verifies
// there as the file did (and a record edited in the file is still found).
// Named after an instance, the chain is the one that instance then goes on
// writing, so a site moved from SQLite keeps one unbroken chain. It refuses
// a chain that exists already, and one a running process holds. It returns
// how many records it copied.
func ImportSQLite(ctx context.Context, path string, pool *sql.DB, chain string) (int64, error) {
	if err := ValidInstance(chain); err != nil {
		return 0, fmt.Errorf("audit: import traffic log: %w", err)
	}
	r, err := OpenTrafficReadOnly(path)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	src, err := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, fmt.Errorf("audit: import traffic log: %w", err)
	}
	defer src.Rollback()
	anchorSeq, anchorHash, err := loadAnchor(ctx, src, sqliteChain)
	if err != nil {
		return 0, err
	}
	l := &lease{pool: pool, chain: chain}
	ok, err := l.take(ctx)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, fmt.Errorf("audit: import traffic log: chain %s is held by a running process", chain)
	}
	defer l.release()
	tx, err := l.conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("audit: import traffic log: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO traffic_chains (chain, anchor_seq, anchor_hash, created_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (chain) DO NOTHING`, chain, anchorSeq, anchorHash, time.Now().UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("audit: import traffic log: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return 0, fmt.Errorf("audit: import traffic log: chain %s exists already", chain)
	}
	c := pgChain(chain)
	var n int64
	rows, err := src.QueryContext(ctx, sqliteSQL.verifyBlocks)
	if err != nil {
		return 0, fmt.Errorf("audit: import traffic log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var first, last, minAt, maxAt int64
		var data []byte
		if err := rows.Scan(&first, &last, &minAt, &maxAt, &data); err != nil {
			return n, fmt.Errorf("audit: import traffic log: block after %d records (run traffic verify on the file): %w", n, err)
		}
		if _, err := tx.ExecContext(ctx, c.sql.insertBlock, c.args(first, last, minAt, maxAt, data)...); err != nil {
			return n, fmt.Errorf("audit: import traffic log: block %d: %w", first, err)
		}
		recs, _ := decodeBlock(data)
		n += int64(len(recs))
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("audit: import traffic log: %w", err)
	}
	rows.Close()
	cps, err := src.QueryContext(ctx, sqliteSQL.checkpoints, int64(-1))
	if err != nil {
		return n, fmt.Errorf("audit: import traffic checkpoints: %w", err)
	}
	defer cps.Close()
	for cps.Next() {
		var day, hash string
		var seq int64
		if err := cps.Scan(&day, &seq, &hash); err != nil {
			return n, fmt.Errorf("audit: import traffic checkpoints: %w", err)
		}
		if _, err := tx.ExecContext(ctx, c.sql.checkpoint, c.args(day, seq, hash)...); err != nil {
			return n, fmt.Errorf("audit: import traffic checkpoint %s: %w", day, err)
		}
	}
	if err := cps.Err(); err != nil {
		return n, fmt.Errorf("audit: import traffic checkpoints: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return n, fmt.Errorf("audit: import traffic log: %w", err)
	}
	return n, nil
}
