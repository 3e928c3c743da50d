package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// trafficMigration is one step of the traffic log's schema: SQL, then
// optionally Go code that moves data, in the same transaction.
type trafficMigration struct {
	sql  string
	move func(ctx context.Context, tx *sql.Tx) error
}

// trafficMigrations is the traffic log's schema, oldest first. Entry i brings
// the file to schema version i+1 (readSchemaVersion). Entries are never edited, only appended.
var trafficMigrations = []trafficMigration{
	{sql: `CREATE TABLE traffic (
		seq         INTEGER PRIMARY KEY, -- assigned by the writer, always +1
		at          INTEGER NOT NULL,    -- unix ms UTC
		ip          TEXT    NOT NULL,
		user_id     INTEGER NOT NULL,    -- 0 = anonymous
		method      TEXT    NOT NULL,
		uri         TEXT    NOT NULL,
		status      INTEGER NOT NULL,
		bytes       INTEGER NOT NULL,
		duration_us INTEGER NOT NULL,
		user_agent  TEXT    NOT NULL,
		prev_hash   TEXT    NOT NULL,
		hash        TEXT    NOT NULL
	);
	CREATE INDEX traffic_at ON traffic(at);
	-- meta holds the purge anchor: seq and hash of the last purged record.
	CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
	-- anchors holds one checkpoint of the chain head per UTC day.
	CREATE TABLE anchors (
		day  TEXT PRIMARY KEY,           -- YYYY-MM-DD, UTC
		seq  INTEGER NOT NULL,
		hash TEXT    NOT NULL
	);`},
	// 2: records move into blocks of up to 64 (see traffic_block.go); the
	// index columns let Export and Purge find blocks without decoding them.
	{sql: `CREATE TABLE traffic_blocks (
		first_seq INTEGER PRIMARY KEY, -- seq of the block's first record
		last_seq  INTEGER NOT NULL,
		min_at    INTEGER NOT NULL,    -- unix ms UTC, earliest record
		max_at    INTEGER NOT NULL,    -- unix ms UTC, latest record
		data      BLOB    NOT NULL
	);
	CREATE INDEX traffic_blocks_max_at ON traffic_blocks(max_at);`, move: moveRowsToBlocks},
}

// moveRowsToBlocks converts the one-row-per-record table of schema 1 into
// blocks, keeping every stored value and hash as it was, so a record
// tampered with before the upgrade still fails verification after it.
func moveRowsToBlocks(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+trafficColumns+` FROM traffic ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	raw := make([]any, len(columnNames))
	dest := make([]any, len(raw))
	for i := range raw {
		dest[i] = &raw[i]
	}
	stmt, err := tx.PrepareContext(ctx, insertBlock)
	if err != nil {
		return err
	}
	defer stmt.Close()
	var b blockBuilder
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		s, err := decodeRow(raw)
		if err != nil {
			return fmt.Errorf("record %v cannot be converted (%w); verify it with the previous release", raw[0], err)
		}
		prev, hash := rawDigest(s.prev), rawDigest(s.hash)
		if hex.EncodeToString(prev[:]) != s.prev || hex.EncodeToString(hash[:]) != s.hash {
			// A block stores digests as 32 bytes; converting an edited
			// hash text would repair the edit.
			return fmt.Errorf("record %d cannot be converted (its hashes are not 64 lowercase hex digits); verify it with the previous release", s.seq)
		}
		b.add(&s, &prev, &hash)
		if b.n == blockRecords {
			if err := b.insert(ctx, stmt); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if b.n > 0 {
		if err := b.insert(ctx, stmt); err != nil {
			return err
		}
	}
	rows.Close()
	_, err = tx.ExecContext(ctx, `DROP TABLE traffic`)
	return err
}

// insertBlock stores one block.
const insertBlock = `INSERT INTO traffic_blocks (first_seq, last_seq, min_at, max_at, data) VALUES (?, ?, ?, ?, ?)`

// trafficSQL holds the statements that read and write one chain's rows.
// The SQLite file holds a single chain, so its statements (sqliteSQL) take
// no chain argument; on PostgreSQL every instance writes a chain of its own
// in shared tables and each statement (postgres.go) takes the chain's id as
// its first argument (chainScope.args).
type trafficSQL struct {
	head           string // the highest seq any block claims, NULL when none
	lastBlock      string // data of the newest block
	lastCheckpoint string // the newest checkpoint's period, '' when none
	insertBlock    string // first_seq, last_seq, min_at, max_at, data
	checkpoint     string // period, seq, hash; a period's first checkpoint wins
	verifyBlocks   string // every block in seq order, columns as stored
	checkpoints    string // checkpoints after seq ?, in seq order
	purgeBlocks    string // the oldest ? blocks: first_seq, max_at, data
	deleteBlock    string // the block starting at seq ?
	nextBlock      string // data of the first block after seq ?
	exportBlocks   string // first_seq, data of blocks overlapping [?, ?) (SQLite only)
}

var sqliteSQL = trafficSQL{
	head: `SELECT max(max(first_seq),
		coalesce(max(CASE WHEN ` + isInteger("last_seq") + ` THEN last_seq END), 0)) FROM traffic_blocks`,
	lastBlock:      `SELECT CAST(data AS BLOB) FROM traffic_blocks ORDER BY first_seq DESC LIMIT 1`,
	lastCheckpoint: `SELECT COALESCE(MAX(day), '') FROM anchors`,
	insertBlock:    insertBlock,
	checkpoint:     `INSERT INTO anchors (day, seq, hash) VALUES (?, ?, ?) ON CONFLICT (day) DO NOTHING`,
	verifyBlocks:   `SELECT first_seq, last_seq, min_at, max_at, data FROM traffic_blocks ORDER BY first_seq`,
	checkpoints:    `SELECT day, seq, hash FROM anchors WHERE seq > ? ORDER BY seq, day`,
	purgeBlocks: `SELECT first_seq, max_at, CAST(data AS BLOB) FROM traffic_blocks
		ORDER BY first_seq LIMIT ?`,
	deleteBlock: `DELETE FROM traffic_blocks WHERE first_seq = ?`,
	nextBlock: `SELECT CAST(data AS BLOB) FROM traffic_blocks WHERE first_seq > ?
		ORDER BY first_seq LIMIT 1`,
	exportBlocks: `SELECT first_seq, data FROM traffic_blocks
		WHERE max_at >= ? AND min_at < ? ORDER BY first_seq`,
}

// chainScope is one chain: the statements of its engine and, on
// PostgreSQL, its id.
type chainScope struct {
	sql   *trafficSQL
	pg    bool
	chain string // "" for the SQLite file's single chain
}

// sqliteChain is the SQLite file's single chain.
var sqliteChain = chainScope{sql: &sqliteSQL}

// args is a statement's arguments: the chain's id first on PostgreSQL.
func (c chainScope) args(a ...any) []any {
	if !c.pg {
		return a
	}
	return append([]any{c.chain}, a...)
}

// blockBuilder collects records into one block with its index columns.
type blockBuilder struct {
	data                      []byte
	body, scratch             []byte
	ips, uas                  dict
	n                         int
	first, last, minAt, maxAt int64
}

// add appends a decoded record.
func (b *blockBuilder) add(s *storedRecord, prev, hash *[32]byte) {
	b.scratch = appendFields(b.scratch[:0], s)
	b.addFields(s.seq, b.scratch, prev, hash)
}

// addFields appends a record given as appendFields encodes it, which the
// writer has checked (hashFields read it whole).
func (b *blockBuilder) addFields(seq int64, fields []byte, prev, hash *[32]byte) {
	f := frame{b: fields}
	at := f.varint()
	if b.n == 0 {
		b.data = newBlock(b.data)
		b.ips.reset()
		b.uas.reset()
		b.first, b.minAt, b.maxAt = seq, at, at
	}
	body := binary.AppendVarint(b.body[:0], seq)
	body = binary.AppendVarint(body, at)
	body = b.ips.appendTo(body, f.newValue())
	mid := f.b // user_id to duration_us are copied as they are
	f.varint()
	f.bytes()
	f.bytes()
	f.varint()
	f.varint()
	f.varint()
	body = append(body, mid[:len(mid)-len(f.b)]...)
	body = b.uas.appendTo(body, f.newValue())
	body = append(body, prev[:]...)
	body = append(body, hash[:]...)
	b.body = body
	b.data = binary.AppendUvarint(b.data, uint64(len(body)))
	b.data = append(b.data, body...)
	b.n++
	b.last, b.minAt, b.maxAt = seq, min(b.minAt, at), max(b.maxAt, at)
}

// blockExec runs a chain's insertBlock: a prepared statement of the
// transaction (SQLite), or chainExec.
type blockExec interface {
	ExecContext(ctx context.Context, args ...any) (sql.Result, error)
}

// chainExec runs query for chain c in tx. On PostgreSQL the writer does not
// prepare its insert: arguments travel by the simple protocol.
type chainExec struct {
	tx    *sql.Tx
	c     chainScope
	query string
}

func (e chainExec) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return e.tx.ExecContext(ctx, e.query, e.c.args(args...)...)
}

// insert stores the block with stmt, an insertBlock of the transaction, and
// empties the builder.
func (b *blockBuilder) insert(ctx context.Context, stmt blockExec) error {
	_, err := stmt.ExecContext(ctx, b.first, b.last, b.minAt, b.maxAt, b.data)
	b.n = 0
	if err != nil {
		return fmt.Errorf("audit: store traffic records %d to %d: %w", b.first, b.last, err)
	}
	return nil
}

// genesisHash is the prev_hash of the first record ever written.
var genesisHash = strings.Repeat("0", 64)

// hashDomain starts every hashed message, so a traffic hash can never be
// mistaken for a hash of anything else, and a future format can change it.
const hashDomain = "newsroom/audit/traffic/v1"

// trafficColumns are the traffic table's columns in the order every query
// selects them; storedRecord.fields follows the same order.
const trafficColumns = `seq, at, ip, user_id, method, uri, status, bytes,
	duration_us, user_agent, prev_hash, hash`

var columnNames = strings.Fields(strings.ReplaceAll(trafficColumns, ",", ""))

// Field caps: an attacker controls the URI and user agent, and a megabyte
// header must not become a megabyte of log per request.
const (
	maxIP        = 64
	maxMethod    = 32
	maxURI       = 4096
	maxUserAgent = 1024
)

// storedRecord is a traffic row exactly as stored. The hash covers these
// values, so time and duration are already rounded to ms and µs.
type storedRecord struct {
	seq, at, userID, status, bytes, durUS int64
	ip, method, uri, ua                   string
	prev, hash                            string
}

func toStored(r Record) storedRecord {
	return storedRecord{
		at:     r.Time.UnixMilli(),
		ip:     clip(r.IP, maxIP),
		userID: r.UserID,
		method: clip(r.Method, maxMethod),
		uri:    clip(r.URI, maxURI),
		status: int64(r.Status),
		bytes:  r.Bytes,
		durUS:  r.Duration.Microseconds(),
		ua:     clip(r.UserAgent, maxUserAgent),
	}
}

func (s *storedRecord) record() Record {
	return Record{
		Seq: s.seq, Time: time.UnixMilli(s.at).UTC(), IP: s.ip, UserID: s.userID,
		Method: s.method, URI: s.uri, Status: int(s.status), Bytes: s.bytes,
		Duration: time.Duration(s.durUS) * time.Microsecond, UserAgent: s.ua,
	}
}

// fields returns pointers to the columns in trafficColumns order.
func (s *storedRecord) fields() []any {
	return []any{&s.seq, &s.at, &s.ip, &s.userID, &s.method, &s.uri, &s.status,
		&s.bytes, &s.durUS, &s.ua, &s.prev, &s.hash}
}

// hashWith returns hex(SHA-256(prev || fields)). Every string is prefixed
// with its length and every integer has 8 bytes, so no two different records
// share an encoding ("a"+"bc" and "ab"+"c" differ).
func (s *storedRecord) hashWith(prev string) string {
	sum := sha256.Sum256(hashMessage(nil, s, prev))
	return hex.EncodeToString(sum[:])
}

// hashMessage appends the message hashWith hashes to b; prev is the previous
// record's hash in hex. The writer passes a reused buffer and a byte slice,
// so it hashes thousands of records a second without garbage.
func hashMessage[P string | []byte](b []byte, s *storedRecord, prev P) []byte {
	b = appendString(b, hashDomain)
	b = appendString(b, prev)
	b = appendInt(b, s.seq)
	b = appendInt(b, s.at)
	b = appendString(b, s.ip)
	b = appendInt(b, s.userID)
	b = appendString(b, s.method)
	b = appendString(b, s.uri)
	b = appendInt(b, s.status)
	b = appendInt(b, s.bytes)
	b = appendInt(b, s.durUS)
	b = appendString(b, s.ua)
	return b
}

// computeHash is the hash the record should have given its stored prev_hash.
func (s *storedRecord) computeHash() string { return s.hashWith(s.prev) }

func appendString[S string | []byte](b []byte, s S) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

func appendInt(b []byte, n int64) []byte {
	return binary.BigEndian.AppendUint64(b, uint64(n))
}

// decodeRow converts a row scanned into plain values. It does not trust the
// column types: someone editing the file by hand can store text in an
// integer column, which verification must report rather than choke on. All
// decodable columns are filled; the first mismatch is returned.
func decodeRow(raw []any) (storedRecord, error) {
	var s storedRecord
	var first error
	for i, dst := range s.fields() {
		var ok bool
		switch d := dst.(type) {
		case *int64:
			*d, ok = raw[i].(int64)
		case *string:
			switch v := raw[i].(type) {
			case string:
				*d, ok = v, true
			case []byte:
				*d, ok = string(v), true
			}
		}
		if !ok && first == nil {
			first = fmt.Errorf("column %s holds %T", columnNames[i], raw[i])
		}
	}
	return s, first
}

// clip shortens s to at most n bytes without splitting a UTF-8 sequence.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// migrateTraffic applies each missing migration in its own transaction. The
// version is read inside the transaction, so two processes opening a new
// file at once cannot both apply a step.
func migrateTraffic(ctx context.Context, db *sql.DB) error {
	for {
		done, err := migrateStep(ctx, db)
		if err != nil || done {
			return err
		}
	}
}

func migrateStep(ctx context.Context, db *sql.DB) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("audit: migrate traffic log: %w", err)
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, readSchemaVersion).Scan(&v); err != nil {
		return false, fmt.Errorf("audit: read traffic log version: %w", err)
	}
	if v > len(trafficMigrations) {
		return false, fmt.Errorf("audit: traffic log schema %d is newer than this program (%d)", v, len(trafficMigrations))
	}
	if v == len(trafficMigrations) {
		return true, nil
	}
	m := trafficMigrations[v]
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("audit: traffic log migration %d: %w", v+1, err)
	}
	if m.move != nil {
		if err := m.move(ctx, tx); err != nil {
			return false, fmt.Errorf("audit: traffic log migration %d: %w", v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, setSchemaVersion(v+1)); err != nil {
		return false, fmt.Errorf("audit: traffic log migration %d: %w", v+1, err)
	}
	return false, tx.Commit()
}

// querier is what both *sql.DB and *sql.Tx offer for reading.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// loadHead returns the seq and hash the next record must chain from: the
// newest record, or the purge anchor when every record has been purged.
// Edited or damaged blocks never stop logging: the next seq is past every
// seq a block claims, so no insert can clash with an existing row, and the
// chain goes on from the newest record that can be read (Verify reports
// the damage).
func loadHead(ctx context.Context, q querier, c chainScope) (int64, string, error) {
	var floor sql.NullInt64
	err := q.QueryRowContext(ctx, c.sql.head, c.args()...).Scan(&floor)
	if err != nil {
		return 0, "", fmt.Errorf("audit: load traffic head: %w", err)
	}
	if !floor.Valid {
		return loadAnchor(ctx, q, c)
	}
	var data []byte
	err = q.QueryRowContext(ctx, c.sql.lastBlock, c.args()...).Scan(&data)
	if err != nil {
		return 0, "", fmt.Errorf("audit: load traffic head: %w", err)
	}
	recs, _ := decodeBlock(data)
	if n := len(recs); n > 0 {
		last := recs[n-1]
		return max(last.seq, floor.Int64), last.hash, nil
	}
	return floor.Int64, genesisHash, nil
}

// loadAnchor returns the chain's genesis for verification: the last purged
// record, or seq 0 with the all-zero hash when nothing was ever purged.
func loadAnchor(ctx context.Context, q querier, c chainScope) (int64, string, error) {
	if c.pg {
		return pgLoadAnchor(ctx, q, c.chain)
	}
	rows, err := q.QueryContext(ctx,
		`SELECT key, value FROM meta WHERE key IN ('anchor_seq', 'anchor_hash')`)
	if err != nil {
		return 0, "", fmt.Errorf("audit: load purge anchor: %w", err)
	}
	defer rows.Close()
	seq, hash := int64(0), genesisHash
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return 0, "", fmt.Errorf("audit: load purge anchor: %w", err)
		}
		if k == "anchor_hash" {
			hash = v
		} else if seq, err = strconv.ParseInt(v, 10, 64); err != nil {
			return 0, "", fmt.Errorf("audit: purge anchor seq %q: %w", v, err)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, "", fmt.Errorf("audit: load purge anchor: %w", err)
	}
	return seq, hash, nil
}

// setAnchor records the last purged record as the chain's new genesis.
func setAnchor(ctx context.Context, tx *sql.Tx, c chainScope, seq int64, hash string) error {
	if c.pg {
		return pgSetAnchor(ctx, tx, c.chain, seq, hash)
	}
	const q = `INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`
	if _, err := tx.ExecContext(ctx, q, "anchor_seq", strconv.FormatInt(seq, 10)); err != nil {
		return fmt.Errorf("audit: set purge anchor: %w", err)
	}
	if _, err := tx.ExecContext(ctx, q, "anchor_hash", hash); err != nil {
		return fmt.Errorf("audit: set purge anchor: %w", err)
	}
	return nil
}

// TrafficReader reads a traffic log file without writing to it, so the
// command line can verify or export while the server keeps logging.
type TrafficReader struct {
	db *sql.DB
	pg bool // every chain in the PostgreSQL database, through its shared pool
}

// OpenTrafficReadOnly opens an existing traffic log file read-only.
func OpenTrafficReadOnly(path string) (*TrafficReader, error) {
	db, err := sql.Open(driverName, trafficDSN(path, true))
	if err != nil {
		return nil, fmt.Errorf("audit: open traffic log %s: %w", path, err)
	}
	var v int
	if err := db.QueryRow(readSchemaVersion).Scan(&v); err != nil {
		db.Close()
		return nil, fmt.Errorf("audit: open traffic log %s: %w", path, err)
	}
	if v != len(trafficMigrations) {
		db.Close()
		return nil, fmt.Errorf("audit: %s is not a traffic log of this version (schema %d, want %d)",
			path, v, len(trafficMigrations))
	}
	return &TrafficReader{db: db}, nil
}

// Close closes the file.
func (r *TrafficReader) Close() error {
	if r.pg {
		return nil // the pool is the application's
	}
	if err := r.db.Close(); err != nil {
		return fmt.Errorf("audit: close traffic reader: %w", err)
	}
	return nil
}
