package audit

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// tamperCols are the columns a swap moves between two rows.
const tamperCols = `at, ip, user_id, method, uri, status, bytes, duration_us, user_agent`

func swapSQL(cols string, a, b int) []string {
	return []string{
		fmt.Sprintf(`CREATE TEMP TABLE swap AS SELECT seq, %s FROM traffic WHERE seq IN (%d, %d)`, cols, a, b),
		fmt.Sprintf(`UPDATE traffic SET (%s) = (SELECT %s FROM swap WHERE swap.seq = %d + %d - traffic.seq)
			WHERE seq IN (%d, %d)`, cols, cols, a, b, a, b),
		`DROP TABLE swap`,
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	const n = 20
	forged := `INSERT INTO traffic (` + trafficColumns + `) VALUES
		(%d, 0, '6.6.6.6', 0, 'GET', '/forged', 200, 1, 1, 'x', %s, 'beef')`
	tests := []struct {
		name string
		sql  []string
		kind string
		seqs []int64 // each must be named by a problem
	}{
		{"edit ip", []string{`UPDATE traffic SET ip = '10.0.0.6' WHERE seq = 5`}, KindEdited, []int64{5}},
		{"edit user", []string{`UPDATE traffic SET user_id = user_id + 1 WHERE seq = 5`}, KindEdited, []int64{5}},
		{"edit method", []string{`UPDATE traffic SET method = 'PUT' WHERE seq = 5`}, KindEdited, []int64{5}},
		{"edit uri one byte", []string{`UPDATE traffic SET uri = replace(uri, '/news/', '/newz/') WHERE seq = 5`}, KindEdited, []int64{5}},
		{"edit status", []string{`UPDATE traffic SET status = 404 WHERE seq = 5`}, KindEdited, []int64{5}},
		{"edit bytes", []string{`UPDATE traffic SET bytes = bytes - 1 WHERE seq = 5`}, KindEdited, []int64{5}},
		{"edit duration", []string{`UPDATE traffic SET duration_us = duration_us + 1 WHERE seq = 5`}, KindEdited, []int64{5}},
		{"edit agent", []string{`UPDATE traffic SET user_agent = 'Mozilla/5.1' WHERE seq = 5`}, KindEdited, []int64{5}},
		{"edit time", []string{`UPDATE traffic SET at = at + 1 WHERE seq = 5`}, KindEdited, []int64{5}},
		{"edit time to text", []string{`UPDATE traffic SET at = 'yesterday' WHERE seq = 5`}, KindEdited, []int64{5}},
		{"edit hash", []string{`UPDATE traffic SET hash = 'f' || substr(hash, 2) WHERE seq = 5`}, KindEdited, []int64{5}},
		{"edit prev_hash", []string{`UPDATE traffic SET prev_hash = 'f' || substr(prev_hash, 2) WHERE seq = 5`}, KindEdited, []int64{5}},
		{"delete middle", []string{`DELETE FROM traffic WHERE seq = 7`}, KindDeleted, []int64{7}},
		{"delete range", []string{`DELETE FROM traffic WHERE seq BETWEEN 3 AND 9`}, KindDeleted, []int64{3}},
		{"delete first", []string{`DELETE FROM traffic WHERE seq = 1`}, KindDeleted, []int64{1}},
		{"insert at end", []string{fmt.Sprintf(forged, n+1, "'cafe'")}, KindInserted, []int64{n + 1}},
		{"insert after gap, chained", []string{fmt.Sprintf(forged, n+5,
			fmt.Sprintf("(SELECT hash FROM traffic WHERE seq = %d)", n))}, KindInserted, []int64{n + 5}},
		{"insert before start", []string{fmt.Sprintf(forged, 0, "'cafe'")}, KindInserted, []int64{0}},
		{"replace middle", []string{`DELETE FROM traffic WHERE seq = 8`, fmt.Sprintf(forged, 8, "'cafe'")}, KindInserted, []int64{8}},
		{"swap rows", swapSQL(tamperCols+", prev_hash, hash", 3, 7), "", []int64{3, 7}},
		{"swap contents", swapSQL(tamperCols, 3, 7), KindEdited, []int64{3, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl, _ := openTestLog(t, TrafficOptions{})
			logN(t, tl, n, t0)
			for _, q := range tt.sql {
				if _, err := tl.DB().Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
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
// or cut it off; the daily checkpoint still notices.
func TestVerifyCheckpoints(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, tl *TrafficLog)
	}{
		{"truncate tail", func(t *testing.T, tl *TrafficLog) {
			exec(t, tl, `DELETE FROM traffic WHERE seq > 17`)
		}},
		{"rewrite tail with valid hashes", func(t *testing.T, tl *TrafficLog) {
			var s storedRecord
			row := tl.DB().QueryRow(`SELECT ` + trafficColumns + ` FROM traffic WHERE seq = 20`)
			if err := row.Scan(s.fields()...); err != nil {
				t.Fatal(err)
			}
			s.uri = "/innocent"
			s.hash = s.computeHash()
			exec(t, tl, `UPDATE traffic SET uri = ?, hash = ? WHERE seq = 20`, s.uri, s.hash)
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

func TestCheckpointOncePerDay(t *testing.T) {
	clock := t0
	tl, _ := openTestLog(t, TrafficOptions{Now: func() time.Time { return clock }})
	logN(t, tl, 5, t0) // day 1: checkpoint at 5
	logN(t, tl, 5, t0) // same day: none
	clock = clock.Add(24 * time.Hour)
	logN(t, tl, 5, t0) // day 2: checkpoint at 15
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
	if want := "[2025-03-01=5 2025-03-02=15]"; fmt.Sprint(got) != want {
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
			tl.DB().QueryRow(`SELECT COALESCE(MIN(seq), 0) FROM traffic`).Scan(&first)
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
