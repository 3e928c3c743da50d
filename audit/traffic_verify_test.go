package audit

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// swapContents exchanges what records i and j say, each keeping its seq
// and, unless withHashes, its hashes.
func swapContents(recs []storedRecord, i, j int, withHashes bool) []storedRecord {
	a, b := recs[i], recs[j]
	a.seq, b.seq = b.seq, a.seq
	if !withHashes {
		a.prev, a.hash, b.prev, b.hash = b.prev, b.hash, a.prev, a.hash
	}
	recs[i], recs[j] = b, a
	return recs
}

func TestVerifyDetectsTampering(t *testing.T) {
	const n = 20
	forged := func(seq int64, prev string) storedRecord {
		return storedRecord{seq: seq, ip: "6.6.6.6", method: "GET", uri: "/forged", status: 200,
			bytes: 1, durUS: 1, ua: "x", prev: prev, hash: "beef"}
	}
	edit := func(f func(s *storedRecord)) func([]storedRecord) []storedRecord {
		return func(recs []storedRecord) []storedRecord { f(&recs[4]); return recs }
	}
	tests := []struct {
		name   string
		change func([]storedRecord) []storedRecord
		kind   string
		seqs   []int64 // each must be named by a problem
	}{
		{"edit ip", edit(func(s *storedRecord) { s.ip = "10.0.0.6" }), KindEdited, []int64{5}},
		{"edit user", edit(func(s *storedRecord) { s.userID++ }), KindEdited, []int64{5}},
		{"edit method", edit(func(s *storedRecord) { s.method = "PUT" }), KindEdited, []int64{5}},
		{"edit uri one byte", edit(func(s *storedRecord) { s.uri = strings.Replace(s.uri, "/news/", "/newz/", 1) }), KindEdited, []int64{5}},
		{"edit status", edit(func(s *storedRecord) { s.status = 404 }), KindEdited, []int64{5}},
		{"edit bytes", edit(func(s *storedRecord) { s.bytes-- }), KindEdited, []int64{5}},
		{"edit duration", edit(func(s *storedRecord) { s.durUS++ }), KindEdited, []int64{5}},
		{"edit agent", edit(func(s *storedRecord) { s.ua = "Mozilla/5.1" }), KindEdited, []int64{5}},
		{"edit time", edit(func(s *storedRecord) { s.at++ }), KindEdited, []int64{5}},
		{"edit hash", edit(func(s *storedRecord) { s.hash = "f" + s.hash[1:] }), KindEdited, []int64{5}},
		{"edit prev_hash", edit(func(s *storedRecord) { s.prev = "f" + s.prev[1:] }), KindEdited, []int64{5}},
		{"delete middle", func(r []storedRecord) []storedRecord { return slices.Delete(r, 6, 7) }, KindDeleted, []int64{7}},
		{"delete range", func(r []storedRecord) []storedRecord { return slices.Delete(r, 2, 9) }, KindDeleted, []int64{3}},
		{"delete first", func(r []storedRecord) []storedRecord { return r[1:] }, KindDeleted, []int64{1}},
		{"insert at end", func(r []storedRecord) []storedRecord { return append(r, forged(n+1, "cafe")) }, KindInserted, []int64{n + 1}},
		{"insert after gap, chained", func(r []storedRecord) []storedRecord {
			return append(r, forged(n+5, r[n-1].hash))
		}, KindInserted, []int64{n + 5}},
		{"insert before start", func(r []storedRecord) []storedRecord {
			return append([]storedRecord{forged(0, "cafe")}, r...)
		}, KindInserted, []int64{0}},
		{"insert a seq twice", func(r []storedRecord) []storedRecord {
			return slices.Insert(r, 9, forged(9, r[7].hash))
		}, KindInserted, []int64{9}},
		{"replace middle", func(r []storedRecord) []storedRecord { r[7] = forged(8, "cafe"); return r }, KindInserted, []int64{8}},
		{"swap rows", func(r []storedRecord) []storedRecord { return swapContents(r, 2, 6, true) }, "", []int64{3, 7}},
		{"swap contents", func(r []storedRecord) []storedRecord { return swapContents(r, 2, 6, false) }, KindEdited, []int64{3, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl, _ := openTestLog(t, TrafficOptions{})
			logN(t, tl, n, t0)
			rewrite(t, tl, tt.change)
			res := mustVerify(t, tl)
			t.Logf("problems: %+v", res.Problems)
			if res.OK {
				t.Fatalf("tampered log verified OK: %+v", res)
			}
			for _, seq := range tt.seqs {
				if !names(res.Problems, seq, tt.kind) {
					t.Errorf("no %q problem names seq %d; got %+v", tt.kind, seq, res.Problems)
				}
			}
		})
	}
}

// Whatever single byte of a stored block changes, Verify fails and names a
// record of that block: the acceptance test of issue 2, at every offset.
func TestVerifyNamesEveryChangedByte(t *testing.T) {
	tl, _ := openTestLog(t, TrafficOptions{})
	logN(t, tl, 3, t0)
	logN(t, tl, 2, t0.Add(time.Hour)) // a second block: damage must not spill into it
	var data []byte
	if err := tl.DB().QueryRow(`SELECT data FROM traffic_blocks WHERE first_seq = 1`).Scan(&data); err != nil {
		t.Fatal(err)
	}
	orig := slices.Clone(data)
	for off := range data {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			data := slices.Clone(orig)
			data[off] ^= mask
			exec(t, tl, `UPDATE traffic_blocks SET data = ? WHERE first_seq = 1`, data)
			res := mustVerify(t, tl)
			if res.OK || !slices.ContainsFunc(res.Problems, func(p Problem) bool { return p.Seq >= 1 && p.Seq <= 3 }) {
				t.Fatalf("byte %d ^ %#x: want a problem naming seq 1-3, got %+v", off, mask, res)
			}
			if slices.ContainsFunc(res.Problems, func(p Problem) bool { return p.Seq > 4 }) {
				t.Errorf("byte %d ^ %#x: damage reported in the next block: %+v", off, mask, res.Problems)
			}
		}
	}
	exec(t, tl, `UPDATE traffic_blocks SET data = ? WHERE first_seq = 1`, orig)
	if res := mustVerify(t, tl); !res.OK {
		t.Fatalf("restored block: %+v", res.Problems)
	}
}

// The columns beside a block's data steer Export and Purge, so Verify
// checks them too; deleting a whole block is a deletion like any other.
func TestVerifyBlockColumns(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		kind string
		seq  int64
	}{
		{"min_at", `UPDATE traffic_blocks SET min_at = min_at + 1 WHERE first_seq = 4`, KindEdited, 4},
		{"max_at as text", `UPDATE traffic_blocks SET max_at = 'later' WHERE first_seq = 4`, KindEdited, 4},
		{"last_seq", `UPDATE traffic_blocks SET last_seq = 99 WHERE first_seq = 4`, KindEdited, 4},
		{"first_seq", `UPDATE traffic_blocks SET first_seq = 5 WHERE first_seq = 4`, KindEdited, 5},
		{"data as text", `UPDATE traffic_blocks SET data = 'x' WHERE first_seq = 4`, KindEdited, 4},
		{"empty block", `UPDATE traffic_blocks SET data = X'01' WHERE first_seq = 4`, "", 4},
		{"whole block deleted", `DELETE FROM traffic_blocks WHERE first_seq = 4`, KindDeleted, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl, _ := openTestLog(t, TrafficOptions{})
			logN(t, tl, 3, t0)
			logN(t, tl, 3, t0)
			logN(t, tl, 3, t0)
			exec(t, tl, tt.sql)
			res := mustVerify(t, tl)
			t.Logf("problems: %+v", res.Problems)
			if res.OK || !names(res.Problems, tt.seq, tt.kind) {
				t.Fatalf("want a %q problem naming seq %d, got %+v", tt.kind, tt.seq, res)
			}
		})
	}
}

// names reports whether a problem of kind (any kind if "") names seq.
func names(ps []Problem, seq int64, kind string) bool {
	for _, p := range ps {
		if p.Seq == seq && (kind == "" || p.Kind == kind) {
			return true
		}
	}
	return false
}

// A forger who knows the hash algorithm can rewrite the tail consistently,
// or cut it off; the hourly checkpoint still notices.
func TestVerifyCheckpoints(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, tl *TrafficLog)
	}{
		{"truncate tail", func(t *testing.T, tl *TrafficLog) {
			rewrite(t, tl, func(r []storedRecord) []storedRecord { return r[:17] })
		}},
		{"rewrite tail with valid hashes", func(t *testing.T, tl *TrafficLog) {
			rewrite(t, tl, func(r []storedRecord) []storedRecord {
				r[19].uri = "/innocent"
				r[19].hash = r[19].computeHash()
				return r
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl, _ := openTestLog(t, TrafficOptions{})
			logN(t, tl, 20, t0)
			tt.tamper(t, tl)
			res := mustVerify(t, tl)
			if res.OK || !names(res.Problems, 20, KindAnchor) {
				t.Fatalf("want an anchor problem at seq 20, got %+v", res)
			}
		})
	}
}

func exec(t *testing.T, tl *TrafficLog, q string, args ...any) {
	t.Helper()
	if _, err := tl.DB().Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func TestCheckpointOncePerHour(t *testing.T) {
	clock := t0 // 08:30 UTC
	tl, _ := openTestLog(t, TrafficOptions{Now: func() time.Time { return clock }})
	logN(t, tl, 5, t0) // checkpoint of 08:00 at 5
	clock = clock.Add(20 * time.Minute)
	logN(t, tl, 5, t0) // same hour: none
	clock = clock.Add(20 * time.Minute)
	logN(t, tl, 5, t0) // 09:10: checkpoint at 15
	clock = clock.Add(24 * time.Hour)
	logN(t, tl, 1, t0) // the next day, same hour: checkpoint at 16
	rows, err := tl.DB().Query(`SELECT day, seq FROM anchors ORDER BY day`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var day string
		var seq int64
		if err := rows.Scan(&day, &seq); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s=%d", day, seq))
	}
	if want := "[2025-03-01T08=5 2025-03-01T09=15 2025-03-02T09=16]"; fmt.Sprint(got) != want {
		t.Errorf("anchors = %v, want %s", got, want)
	}
	if res := mustVerify(t, tl); !res.OK {
		t.Errorf("Verify: %+v", res.Problems)
	}
}

func TestPurge(t *testing.T) {
	now := t0
	day := 24 * time.Hour
	tests := []struct {
		name     string
		ages     []time.Duration // age of each record at now, in seq order
		wantGone int64
	}{
		{"old ones go", []time.Duration{100 * day, 99 * day, 91 * day, 89 * day, day, 0}, 3},
		{"nothing old", []time.Duration{89 * day, day}, 0},
		{"everything old", []time.Duration{200 * day, 95 * day}, 2},
		{"stops at first recent record", []time.Duration{100 * day, 10 * day, 100 * day, day}, 1},
		{"empty log", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl, _ := openTestLog(t, TrafficOptions{})
			for i, age := range tt.ages {
				r := testRecord(i, now)
				r.Time = now.Add(-age)
				tl.Log(r)
			}
			if err := tl.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			gone, err := tl.Purge(context.Background(), now)
			if err != nil || gone != tt.wantGone {
				t.Fatalf("Purge = %d, %v; want %d", gone, err, tt.wantGone)
			}
			var first int64
			if left := allRecords(t, tl); len(left) > 0 {
				first = left[0].seq
			}
			if left := count(t, tl); left != int64(len(tt.ages))-gone || (left > 0 && first != gone+1) {
				t.Errorf("left %d records from seq %d", left, first)
			}
			logN(t, tl, 3, now) // the chain goes on from the anchor
			res := mustVerify(t, tl)
			if !res.OK || res.Checked != int64(len(tt.ages))-gone+3 {
				t.Fatalf("after purge: %+v", res)
			}
		})
	}
}

func TestPurgeManyChunks(t *testing.T) {
	tl, _ := openTestLog(t, TrafficOptions{})
	const n = 2*purgeChunk + 17
	logN(t, tl, n, t0.Add(-200*24*time.Hour))
	logN(t, tl, 4, t0)
	gone, err := tl.Purge(context.Background(), t0)
	if err != nil || gone != n {
		t.Fatalf("Purge = %d, %v; want %d", gone, err, n)
	}
	if res := mustVerify(t, tl); !res.OK || res.FirstSeq != n+1 || res.Checked != 4 {
		t.Fatalf("after purge: %+v", res)
	}
}

func TestPurgeJob(t *testing.T) {
	tl, _ := openTestLog(t, TrafficOptions{})
	logN(t, tl, 5, t0.Add(-100*24*time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- tl.PurgeJob(func() time.Time { return t0 })(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for count(t, tl) != 0 {
		if time.Now().After(deadline) {
			t.Fatal("purge job did not purge at start")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("job returned %v, want nil", err)
	}
	if res := mustVerify(t, tl); !res.OK {
		t.Errorf("Verify: %+v", res.Problems)
	}
}

// Whatever was done to the newest block, the server keeps logging after a
// restart: the head is read from what can be read, past every seq a block
// claims, and Verify reports the damage.
func TestDamagedHeadDoesNotStopLogging(t *testing.T) {
	for _, tc := range []struct{ name, sql string }{
		{"last_seq set back", `UPDATE traffic_blocks SET last_seq = 0 WHERE first_seq = 7`},
		{"last_seq as text", `UPDATE traffic_blocks SET last_seq = 'x' WHERE first_seq = 7`},
		{"last_seq set forward", `UPDATE traffic_blocks SET last_seq = 50 WHERE first_seq = 7`},
		{"data unreadable", `UPDATE traffic_blocks SET data = X'0102' WHERE first_seq = 7`},
		{"data as text", `UPDATE traffic_blocks SET data = 'x' WHERE first_seq = 7`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "traffic.db")
			opt := TrafficOptions{FlushEvery: time.Hour, Logger: slog.New(slog.DiscardHandler)}
			tl, err := OpenTraffic(path, opt)
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				logN(t, tl, 3, t0) // blocks 1, 4 and 7
			}
			exec(t, tl, tc.sql)
			tl.Close()
			if tl, err = OpenTraffic(path, opt); err != nil {
				t.Fatal(err)
			}
			defer tl.Close()
			logN(t, tl, 5, t0)
			if tl.Dropped() != 0 {
				t.Fatalf("dropped %d records after the restart", tl.Dropped())
			}
			res := mustVerify(t, tl)
			t.Logf("problems: %+v", res.Problems)
			if res.OK || res.LastSeq < 14 {
				t.Fatalf("after the restart: %+v", res)
			}
		})
	}
}

// A damaged block hides how many records it held, so Verify does not take
// its seq columns' word for it: blocks deleted after it are inside the
// range it names, and a checkpoint inside that range is "cannot be read".
func TestVerifyNamesWhatADamagedBlockHides(t *testing.T) {
	clock := t0
	tl, _ := openTestLog(t, TrafficOptions{Now: func() time.Time { return clock }})
	logN(t, tl, 3, t0) // block 1: seq 1-3, checkpoint of day 1 at seq 3
	logN(t, tl, 3, t0) // block 4
	clock = clock.Add(24 * time.Hour)
	logN(t, tl, 3, t0) // block 7, checkpoint of day 2 at seq 9
	logN(t, tl, 3, t0) // block 10
	exec(t, tl, `UPDATE traffic_blocks SET data = X'01ff', last_seq = 3 WHERE first_seq = 1`)
	exec(t, tl, `DELETE FROM traffic_blocks WHERE first_seq IN (4, 7)`)
	res := mustVerify(t, tl)
	t.Logf("problems: %+v", res.Problems)
	if res.OK || len(res.Problems) == 0 || res.Problems[0].Seq != 1 ||
		!strings.Contains(res.Problems[0].Detail, "records 1 to 9 cannot be read (or are missing)") {
		t.Fatalf("want the range 1 to 9 named at seq 1, got %+v", res.Problems)
	}
	for _, seq := range []int64{3, 9} {
		if !slices.ContainsFunc(res.Problems, func(p Problem) bool {
			return p.Seq == seq && p.Kind == KindAnchor && strings.Contains(p.Detail, "cannot be read")
		}) {
			t.Errorf("no checkpoint problem says seq %d cannot be read", seq)
		}
	}
	if res.Checked != 3 || res.LastSeq != 12 {
		t.Errorf("checked %d records up to %d, want 3 up to 12", res.Checked, res.LastSeq)
	}
}

// Purge reads what it deletes: damage in old blocks does not stop the
// retention for good, and edited time columns cannot make it delete
// recent records.
func TestPurgeAroundDamage(t *testing.T) {
	old, recent := t0.Add(-200*24*time.Hour), t0
	tests := []struct {
		name      string
		blocks    []time.Time // three records each: blocks 1, 4, 7...
		sql       string
		wantGone  int64
		wantErr   bool
		wantFirst int64 // first seq left
		verifyOK  bool
	}{
		{"a damaged old block between old and recent ones", []time.Time{old, old, recent},
			`UPDATE traffic_blocks SET data = X'01ff' WHERE first_seq = 4`, 3, false, 7, true},
		{"a damaged old block with nothing after it", []time.Time{old, old},
			`UPDATE traffic_blocks SET data = X'01ff' WHERE first_seq = 4`, 3, true, 4, false},
		{"a damaged block that may be recent", []time.Time{old, recent},
			`UPDATE traffic_blocks SET data = X'01ff', max_at = 9e15 WHERE first_seq = 4`, 3, true, 4, false},
		{"a recent block dated back", []time.Time{old, recent},
			`UPDATE traffic_blocks SET min_at = 0, max_at = 0 WHERE first_seq = 4`, 3, false, 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl, _ := openTestLog(t, TrafficOptions{})
			for _, start := range tt.blocks {
				logN(t, tl, 3, start)
			}
			exec(t, tl, tt.sql)
			gone, err := tl.Purge(context.Background(), t0)
			if gone != tt.wantGone || (err != nil) != tt.wantErr {
				t.Fatalf("Purge = %d, %v; want %d, error %v", gone, err, tt.wantGone, tt.wantErr)
			}
			var first int64
			tl.DB().QueryRow(`SELECT min(first_seq) FROM traffic_blocks`).Scan(&first)
			if first != tt.wantFirst {
				t.Errorf("first block left is %d, want %d", first, tt.wantFirst)
			}
			res := mustVerify(t, tl)
			t.Logf("after the purge: %+v", res.Problems)
			if res.OK != tt.verifyOK {
				t.Errorf("Verify OK = %v, want %v", res.OK, tt.verifyOK)
			}
		})
	}
}
