package audit

import (
	"context"
	"database/sql"
	"fmt"
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

// Problem is one inconsistency, named by the seq it concerns.
type Problem struct {
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
// and checks the daily checkpoints. A read error is returned as an error;
// tampering is reported in the result, never as an error. The check runs in
// one read transaction, so a writer or a purge running meanwhile is not
// mistaken for tampering.
func (r *TrafficReader) Verify(ctx context.Context) (VerifyResult, error) {
	tx, err := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return VerifyResult{}, fmt.Errorf("audit: verify traffic log: %w", err)
	}
	defer tx.Rollback()
	anchorSeq, anchorHash, err := loadAnchor(ctx, tx)
	if err != nil {
		return VerifyResult{}, err
	}
	v := &verifier{
		anchor: anchorSeq, next: anchorSeq + 1, prev: anchorHash,
		recent: make(map[string]int64),
	}
	v.res.HeadHash = anchorHash
	if err := v.scan(ctx, tx); err != nil {
		return VerifyResult{}, err
	}
	if err := v.checkAnchors(ctx, tx); err != nil {
		return VerifyResult{}, err
	}
	v.res.OK = v.found == 0
	return v.res, nil
}

// verifier walks the records in seq order, carrying what the next record
// must look like.
type verifier struct {
	res    VerifyResult
	found  int    // problems found, including those beyond maxProblems
	anchor int64  // seq of the last purged record
	next   int64  // seq the next record must have
	prev   string // prev_hash the next record must have
	alt    string // also accepted: the recomputed hash of an edited record
	recent map[string]int64
	ring   []string
}

func (v *verifier) scan(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+trafficColumns+` FROM traffic ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("audit: verify traffic log: %w", err)
	}
	defer rows.Close()
	raw := make([]any, len(columnNames))
	dest := make([]any, len(raw))
	for i := range raw {
		dest[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("audit: verify traffic log: %w", err)
		}
		s, decodeErr := decodeRow(raw)
		v.check(&s, decodeErr)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit: verify traffic log: %w", err)
	}
	return nil
}

// check classifies one record. Each record yields at most one problem.
func (v *verifier) check(s *storedRecord, decodeErr error) {
	if s.seq <= v.anchor {
		v.add(s.seq, KindInserted, fmt.Sprintf(
			"seq %d is at or before the purge anchor (seq %d)", s.seq, v.anchor))
		return
	}
	v.res.Checked++
	if v.res.FirstSeq == 0 {
		v.res.FirstSeq = s.seq
	}
	v.res.LastSeq, v.res.HeadHash = s.seq, s.hash
	alt := ""
	switch {
	case decodeErr != nil:
		v.add(s.seq, KindEdited, decodeErr.Error())
	case s.seq > v.next:
		v.gap(s)
	case s.prev != v.prev && (v.alt == "" || s.prev != v.alt):
		v.chainBreak(s)
	case s.hash != s.computeHash():
		v.add(s.seq, KindEdited, "stored hash does not match the record's contents")
		alt = s.computeHash()
	}
	v.next, v.prev, v.alt = s.seq+1, s.hash, alt
	v.remember(s.hash, s.seq)
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
		v.res.Problems = append(v.res.Problems, Problem{Seq: seq, Kind: kind, Detail: detail})
	}
}

// checkAnchors compares each daily checkpoint newer than the purge anchor
// with the record it names.
func (v *verifier) checkAnchors(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT a.day, a.seq, a.hash, t.hash
		FROM anchors a LEFT JOIN traffic t ON t.seq = a.seq
		WHERE a.seq > ? ORDER BY a.seq`, v.anchor)
	if err != nil {
		return fmt.Errorf("audit: verify traffic checkpoints: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day, want string
		var seq int64
		var got sql.NullString
		if err := rows.Scan(&day, &seq, &want, &got); err != nil {
			return fmt.Errorf("audit: verify traffic checkpoints: %w", err)
		}
		switch {
		case !got.Valid:
			v.add(seq, KindAnchor, fmt.Sprintf(
				"checkpoint of %s names seq %d, which is gone: the log was cut short", day, seq))
		case got.String != want:
			v.add(seq, KindAnchor, fmt.Sprintf(
				"checkpoint of %s does not match the hash of seq %d", day, seq))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("audit: verify traffic checkpoints: %w", err)
	}
	return nil
}
