package audit

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
)

// VerifyResult is the outcome of checking a traffic log's hash chain.
type VerifyResult struct {
	OK       bool   // no problem found
	Checked  int64  // records read
	FirstSeq int64  // first record checked (0 when none)
	LastSeq  int64  // last record checked (0 when none)
	HeadHash string // hash of the last record, or the anchor's when none
	// Problems lists what is wrong: chain problems in seq order, then
	// checkpoint problems; at most maxProblems of them.
	Problems []Problem
}

// Problem is one inconsistency, named by the seq it concerns (and, on
// PostgreSQL, by the chain that seq belongs to).
type Problem struct {
	Chain  string // "" in the SQLite file's single chain
	Seq    int64
	Kind   string // "edited", "deleted", "inserted", "reordered" or "anchor"
	Detail string
}

// Problem kinds.
const (
	KindEdited    = "edited"
	KindDeleted   = "deleted"
	KindInserted  = "inserted"
	KindReordered = "reordered"
	KindAnchor    = "anchor"
)

const (
	// maxProblems bounds the report when a whole log was rewritten.
	maxProblems = 1000
	// recentWindow is how many recent hashes are remembered to tell a record
	// that chains from an earlier one (reordered) from a foreign one.
	recentWindow = 4096
)

// Verify recomputes the hash chain from the purge anchor to the newest record
// and checks the hourly checkpoints. A read error is returned as an error;
// tampering is reported in the result, never as an error. The check runs in
// one read transaction, so a writer or a purge running meanwhile is not
// mistaken for tampering.
//
// On PostgreSQL it verifies every chain (VerifyChains) and sums them up:
// each problem names its chain, FirstSeq, LastSeq and HeadHash are left
// empty since seqs of different chains do not compare.
func (r *TrafficReader) Verify(ctx context.Context) (VerifyResult, error) {
	if r.pg {
		return r.verifyAll(ctx)
	}
	tx, err := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return VerifyResult{}, fmt.Errorf("audit: verify traffic log: %w", err)
	}
	defer tx.Rollback()
	return verifyChain(ctx, tx, sqliteChain)
}

// verifyChain checks chain c in the read transaction tx.
func verifyChain(ctx context.Context, tx *sql.Tx, c chainScope) (VerifyResult, error) {
	anchorSeq, anchorHash, err := loadAnchor(ctx, tx, c)
	if err != nil {
		return VerifyResult{}, err
	}
	v := &verifier{
		chain: c, anchor: anchorSeq, next: anchorSeq + 1, prev: anchorHash,
		recent: make(map[string]int64),
	}
	v.res.HeadHash = anchorHash
	if err := v.loadCheckpoints(ctx, tx); err != nil {
		return VerifyResult{}, err
	}
	if err := v.scan(ctx, tx); err != nil {
		return VerifyResult{}, err
	}
	if v.unread != nil {
		v.closeUnreadable(math.MaxInt64)
	}
	v.checkCheckpoints()
	v.res.OK = v.found == 0
	return v.res, nil
}

// verifier walks the records in seq order, carrying what the next record
// must look like.
type verifier struct {
	chain  chainScope
	res    VerifyResult
	found  int    // problems found, including those beyond maxProblems
	anchor int64  // seq of the last purged record
	next   int64  // seq the next record must have
	prev   string // prev_hash the next record must have
	alt    string // also accepted: the recomputed hash of an edited record
	resync bool   // records were unreadable: accept the next one's prev_hash
	unread *unreadable
	gaps   []unreadable // closed ranges of unreadable records
	recent map[string]int64
	ring   []string
	checks []checkpoint // checkpoints after the anchor, by seq
	byseq  map[int64][]int
}

// unreadable is a run of records that a damaged block hides: from the first
// seq that could not be read to the record before the next one that could.
// A damaged block's own seq columns are not trusted for its extent.
type unreadable struct {
	block, from, to int64
	err             error
}

// checkpoint is one hourly checkpoint and the hash its record turned out to
// have ("" when no record with its seq was found).
type checkpoint struct {
	day, want, got string
	seq            int64
}

func (v *verifier) scan(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, v.chain.sql.verifyBlocks, v.chain.args()...)
	if err != nil {
		return fmt.Errorf("audit: verify traffic log: %w", err)
	}
	defer rows.Close()
	var first int64
	var last, minAt, maxAt, data any
	for rows.Next() {
		if err := rows.Scan(&first, &last, &minAt, &maxAt, &data); err != nil {
			return fmt.Errorf("audit: verify traffic log: %w", err)
		}
		v.block(first, last, minAt, maxAt, data)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit: verify traffic log: %w", err)
	}
	return nil
}

// block checks one block's records, then that its index columns describe
// them: Export and Purge trust those columns.
func (v *verifier) block(first int64, last, minAt, maxAt, data any) {
	var b []byte
	switch d := data.(type) {
	case []byte:
		b = d
	case string:
		b = []byte(d)
	}
	recs, err := decodeBlock(b)
	for i := range recs {
		v.check(&recs[i])
	}
	if err != nil {
		// Reported once the next readable record shows how far it reaches.
		v.unread = &unreadable{block: first, from: v.next, err: err}
		v.prev, v.alt, v.resync = "", "", true
		return
	}
	n := len(recs)
	if n == 0 {
		v.add(first, KindInserted, fmt.Sprintf("block %d holds no records", first))
		return
	}
	lo, hi := recs[0].at, recs[0].at
	for _, s := range recs {
		lo, hi = min(lo, s.at), max(hi, s.at)
	}
	if recs[0].seq != first || last != any(recs[n-1].seq) || minAt != any(lo) || maxAt != any(hi) {
		v.add(first, KindEdited, fmt.Sprintf(
			"block %d: its seq or time columns do not match its records (seq %d to %d)",
			first, recs[0].seq, recs[n-1].seq))
	}
}

// check classifies one record. Each record yields at most one problem.
func (v *verifier) check(s *storedRecord) {
	if s.seq <= v.anchor {
		v.add(s.seq, KindInserted, fmt.Sprintf(
			"seq %d is at or before the purge anchor (seq %d)", s.seq, v.anchor))
		return
	}
	if v.unread != nil {
		v.closeUnreadable(s.seq - 1)
	}
	if s.seq < v.next {
		v.add(s.seq, KindInserted, fmt.Sprintf("seq %d appears again after seq %d", s.seq, v.next-1))
		return
	}
	v.res.Checked++
	if v.res.FirstSeq == 0 {
		v.res.FirstSeq = s.seq
	}
	v.res.LastSeq, v.res.HeadHash = s.seq, s.hash
	for _, i := range v.byseq[s.seq] {
		v.checks[i].got = s.hash
	}
	alt := ""
	switch {
	case v.resync:
		// The records before are unreadable, so the chain cannot be
		// followed into this one; its own hash can still be checked.
		if s.hash != s.computeHash() {
			v.add(s.seq, KindEdited, "stored hash does not match the record's contents")
		}
	case s.seq > v.next:
		v.gap(s)
	case s.prev != v.prev && (v.alt == "" || s.prev != v.alt):
		v.chainBreak(s)
	case s.hash != s.computeHash():
		v.add(s.seq, KindEdited, "stored hash does not match the record's contents")
		alt = s.computeHash()
	}
	v.next, v.prev, v.alt, v.resync = s.seq+1, s.hash, alt, false
	v.remember(s.hash, s.seq)
}

// closeUnreadable reports the records a damaged block hides, through to.
func (v *verifier) closeUnreadable(to int64) {
	u := *v.unread
	v.unread = nil
	u.to = to
	what := fmt.Sprintf("records %d to %d cannot be read (or are missing)", u.from, to)
	if to < u.from {
		what = "no record after it could be read"
	} else if to == math.MaxInt64 {
		what = fmt.Sprintf("records from %d to the end of the log cannot be read", u.from)
	}
	v.add(u.from, KindEdited, fmt.Sprintf("block %d: %v; %s", u.block, u.err, what))
	v.gaps = append(v.gaps, u)
}

// gap handles a record whose seq skips some. A genuine record after deleted
// ones still hashes correctly but does not chain; a record that chains across
// the gap, or does not even hash correctly, was put there.
func (v *verifier) gap(s *storedRecord) {
	if s.prev != v.prev && s.hash == s.computeHash() {
		v.add(v.next, KindDeleted, fmt.Sprintf("records %d to %d are missing", v.next, s.seq-1))
		return
	}
	v.add(s.seq, KindInserted, fmt.Sprintf(
		"seq jumps from %d to %d, which the writer never does", v.next-1, s.seq))
}

// chainBreak handles a record at the right seq whose prev_hash does not
// match its predecessor.
func (v *verifier) chainBreak(s *storedRecord) {
	earlier, seen := v.recent[s.prev]
	switch {
	case s.hash != s.computeHash() && s.hash == s.hashWith(v.prev):
		v.add(s.seq, KindEdited, "prev_hash was altered")
	case seen:
		v.add(s.seq, KindReordered, fmt.Sprintf(
			"record chains from seq %d, not from seq %d", earlier, s.seq-1))
	default:
		v.add(s.seq, KindInserted, fmt.Sprintf(
			"prev_hash does not match seq %d: a forged record, or seq %d was replaced",
			s.seq-1, s.seq-1))
	}
}

// remember keeps the last recentWindow hashes for chainBreak.
func (v *verifier) remember(hash string, seq int64) {
	if len(v.ring) == recentWindow {
		delete(v.recent, v.ring[0])
		v.ring = v.ring[1:]
	}
	v.recent[hash] = seq
	v.ring = append(v.ring, hash)
}

func (v *verifier) add(seq int64, kind, detail string) {
	v.found++
	if len(v.res.Problems) < maxProblems {
		v.res.Problems = append(v.res.Problems, Problem{Chain: v.chain.chain, Seq: seq, Kind: kind, Detail: detail})
	}
}

// loadCheckpoints reads the checkpoints newer than the purge anchor;
// check fills in the hash each one's record has.
func (v *verifier) loadCheckpoints(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, v.chain.sql.checkpoints, v.chain.args(v.anchor)...)
	if err != nil {
		return fmt.Errorf("audit: verify traffic checkpoints: %w", err)
	}
	defer rows.Close()
	v.byseq = make(map[int64][]int)
	for rows.Next() {
		var c checkpoint
		if err := rows.Scan(&c.day, &c.seq, &c.want); err != nil {
			return fmt.Errorf("audit: verify traffic checkpoints: %w", err)
		}
		v.byseq[c.seq] = append(v.byseq[c.seq], len(v.checks))
		v.checks = append(v.checks, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit: verify traffic checkpoints: %w", err)
	}
	return nil
}

// checkCheckpoints compares each checkpoint with the record it names.
// A forger who rewrites the tail with valid hashes, or cuts it off, leaves
// the chain intact but not the checkpoint.
func (v *verifier) checkCheckpoints() {
	for _, c := range v.checks {
		hidden := slices.ContainsFunc(v.gaps, func(u unreadable) bool { return c.seq >= u.from && c.seq <= u.to })
		switch {
		case c.got == "" && hidden:
			v.add(c.seq, KindAnchor, fmt.Sprintf(
				"checkpoint of %s names seq %d, which cannot be read", c.day, c.seq))
		case c.got == "":
			v.add(c.seq, KindAnchor, fmt.Sprintf(
				"checkpoint of %s names seq %d, which is gone: the log was cut short", c.day, c.seq))
		case c.got != c.want:
			v.add(c.seq, KindAnchor, fmt.Sprintf(
				"checkpoint of %s does not match the hash of seq %d", c.day, c.seq))
		}
	}
}
