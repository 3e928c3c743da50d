package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// t0 is a fixed instant the tests stand at.
var t0 = time.Date(2025, 3, 1, 8, 30, 0, 123_000_000, time.UTC)

// openTestLog opens a fresh log; FlushEvery is long so that only Flush,
// Close or a full batch writes, which keeps batches deterministic.
func openTestLog(t testing.TB, opt TrafficOptions) (*TrafficLog, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "traffic.db")
	if opt.FlushEvery == 0 {
		opt.FlushEvery = time.Hour
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	tl, err := OpenTraffic(path, opt)
	if err != nil {
		t.Fatalf("OpenTraffic: %v", err)
	}
	t.Cleanup(func() { tl.Close() })
	return tl, path
}

// testRecord is the i-th request of a test, at start + i minutes.
func testRecord(i int, start time.Time) Record {
	return Record{
		Time: start.Add(time.Duration(i) * time.Minute), IP: fmt.Sprintf("10.0.0.%d", i%250),
		UserID: int64(i % 3), Method: "GET", URI: fmt.Sprintf("/news/%d?lang=th", i),
		Status: 200, Bytes: int64(1000 + i), Duration: time.Duration(i) * time.Millisecond,
		UserAgent: "Mozilla/5.0 (ทดสอบ)",
	}
}

// logN logs n records starting at start and flushes.
func logN(t testing.TB, tl *TrafficLog, n int, start time.Time) {
	t.Helper()
	for i := range n {
		tl.Log(testRecord(i, start))
	}
	if err := tl.Flush(context.Background()); err != nil {
		t.Fatalf("Flush: %v", err)
	}
}

func count(t testing.TB, tl *TrafficLog) int64 {
	t.Helper()
	return int64(len(allRecords(t, tl)))
}

// allRecords decodes every stored record in seq order.
func allRecords(t testing.TB, tl *TrafficLog) []storedRecord {
	t.Helper()
	rows, err := tl.DB().Query(`SELECT data FROM traffic_blocks ORDER BY first_seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []storedRecord
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			t.Fatal(err)
		}
		recs, err := decodeBlock(data)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, recs...)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// rewrite is a forger who knows the file format: it decodes every record,
// lets change edit the list and stores the result as well-formed blocks,
// with the hashes as change left them.
func rewrite(t testing.TB, tl *TrafficLog, change func([]storedRecord) []storedRecord) {
	t.Helper()
	recs := change(allRecords(t, tl))
	tx, err := tl.DB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`DELETE FROM traffic_blocks`); err != nil {
		t.Fatal(err)
	}
	stmt, err := tx.Prepare(insertBlock)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	var b blockBuilder
	for i := range recs {
		prev, hash := rawDigest(recs[i].prev), rawDigest(recs[i].hash)
		b.add(&recs[i], &prev, &hash)
		if b.n == blockRecords || i == len(recs)-1 {
			if err := b.insert(context.Background(), stmt); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func mustVerify(t testing.TB, v interface {
	Verify(context.Context) (VerifyResult, error)
}) VerifyResult {
	t.Helper()
	res, err := v.Verify(context.Background())
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return res
}

func TestLogFlushVerify(t *testing.T) {
	for _, n := range []int{0, 1, 20, 1500} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			tl, _ := openTestLog(t, TrafficOptions{})
			logN(t, tl, n, t0)
			res := mustVerify(t, tl)
			if !res.OK || res.Checked != int64(n) || res.LastSeq != int64(n) {
				t.Fatalf("Verify = %+v, want OK with %d records", res, n)
			}
			if n > 0 && res.FirstSeq != 1 {
				t.Errorf("FirstSeq = %d, want 1", res.FirstSeq)
			}
		})
	}
}

func TestRetention(t *testing.T) {
	tests := []struct {
		days    int
		wantErr bool
	}{{89, true}, {1, true}, {-5, true}, {0, false}, {90, false}, {730, false}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.days), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "traffic.db")
			tl, err := OpenTraffic(path, TrafficOptions{RetentionDays: tt.days})
			if !tt.wantErr {
				if err != nil {
					t.Fatalf("OpenTraffic: %v", err)
				}
				tl.Close()
				return
			}
			if !errors.Is(err, ErrRetentionTooShort) {
				t.Fatalf("err = %v, want ErrRetentionTooShort", err)
			}
			for _, s := range []string{"90", "s.26", "Computer Crime Act"} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
}

func TestRecordRoundTrip(t *testing.T) {
	tl, _ := openTestLog(t, TrafficOptions{})
	in := Record{
		Time: t0.Add(456 * time.Microsecond), IP: "2001:db8::1", UserID: 42, Method: "POST",
		URI: "/admin/news?q=" + strings.Repeat("ข", 2000), Status: 303, Bytes: 12,
		Duration: 1500*time.Microsecond + 300, UserAgent: "a\x00b,\"c\"\n",
	}
	tl.Log(in)
	if err := tl.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	recs := allRecords(t, tl)
	if len(recs) != 1 {
		t.Fatalf("stored %d records, want 1", len(recs))
	}
	s := recs[0]
	got := s.record()
	want := in
	want.Seq, want.Time, want.Duration = 1, t0, 1500*time.Microsecond
	want.URI = clip(in.URI, maxURI)
	if got != want {
		t.Errorf("stored %+v\nwant %+v", got, want)
	}
	if len(got.URI) > maxURI || !strings.HasPrefix(in.URI, got.URI) || strings.ContainsRune(got.URI, '\uFFFD') {
		t.Errorf("URI clipped badly: %d bytes", len(got.URI))
	}
	if s.prev != genesisHash || s.hash != s.computeHash() {
		t.Errorf("first record prev=%s hash=%s", s.prev, s.hash)
	}
}

func TestHashEncodingIsUnambiguous(t *testing.T) {
	a := storedRecord{seq: 1, ip: "1.2.3.4", method: "GET", uri: "/a"}
	b := a
	b.ip, b.method = "1.2.3.4G", "ET"
	if a.hashWith(genesisHash) == b.hashWith(genesisHash) {
		t.Error("shifting bytes between fields kept the hash")
	}
}

func TestCloseFlushesAndReopenContinues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "traffic.db")
	opt := TrafficOptions{FlushEvery: time.Hour, Logger: slog.New(slog.DiscardHandler)}
	for round := range 3 {
		tl, err := OpenTraffic(path, opt)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 100 {
			tl.Log(testRecord(round*100+i, t0))
		}
		if err := tl.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if err := tl.Close(); err != nil {
			t.Fatalf("second Close: %v", err)
		}
		if err := tl.Flush(context.Background()); !errors.Is(err, ErrClosed) {
			t.Errorf("Flush after Close = %v, want ErrClosed", err)
		}
		tl.Log(testRecord(0, t0)) // must not panic
	}
	r, err := OpenTrafficReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	res := mustVerify(t, r)
	if !res.OK || res.Checked != 300 || res.LastSeq != 300 {
		t.Fatalf("after three sessions: %+v", res)
	}
}

func TestLogNeverBlocks(t *testing.T) {
	tl, _ := openTestLog(t, TrafficOptions{Buffer: 4})
	// Hold the write lock from another connection: the writer stalls on
	// its first batch, the queue fills, and Log must drop instead of wait.
	lock, err := tl.DB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	const n = 10000
	returned := make(chan time.Duration)
	go func() {
		start := time.Now()
		for i := range n {
			tl.Log(testRecord(i, t0))
		}
		returned <- time.Since(start)
	}()
	select {
	case d := <-returned:
		t.Logf("%d Log calls took %v", n, d)
	case <-time.After(5 * time.Second):
		t.Fatal("Log blocked")
	}
	lock.Rollback()
	if tl.Dropped() == 0 {
		t.Fatal("Dropped() = 0, want > 0")
	}
	if err := tl.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := count(t, tl) + tl.Dropped(); got != n {
		t.Errorf("written + dropped = %d, want %d", got, n)
	}
	if res := mustVerify(t, tl); !res.OK {
		t.Errorf("Verify: %+v", res.Problems)
	}
}

// Records with long URIs fill the queue's byte budget before its record
// budget: while the file is locked the queue stays within maxQueueBytes.
func TestLogQueueIsBoundedInBytes(t *testing.T) {
	tl, _ := openTestLog(t, TrafficOptions{})
	lock, err := tl.DB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	const n = 10000 // 10000 x 4 KB = 40 MB: more than a batch and the queue hold
	for i := range n {
		r := testRecord(i, t0)
		r.URI = "/" + strings.Repeat("u", maxURI)
		tl.Log(r)
	}
	tl.queue.mu.Lock()
	queued := len(tl.queue.buf)
	tl.queue.mu.Unlock()
	if queued > maxQueueBytes+maxURI+maxUserAgent+200 {
		t.Errorf("queue holds %d bytes, budget %d", queued, maxQueueBytes)
	}
	if tl.Dropped() == 0 {
		t.Error("nothing dropped")
	}
	lock.Rollback()
	if err := tl.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := count(t, tl) + tl.Dropped(); got != n {
		t.Errorf("written + dropped = %d, want %d", got, n)
	}
}

func TestConcurrentLog(t *testing.T) {
	tl, _ := openTestLog(t, TrafficOptions{FlushEvery: 5 * time.Millisecond})
	const goroutines, each = 16, 500
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				tl.Log(testRecord(g*each+i, t0))
			}
		})
	}
	wg.Wait()
	if err := tl.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := count(t, tl); n != goroutines*each || tl.Dropped() != 0 {
		t.Fatalf("count = %d, dropped = %d, want %d and 0", n, tl.Dropped(), goroutines*each)
	}
	if res := mustVerify(t, tl); !res.OK {
		t.Fatalf("Verify: %+v", res.Problems)
	}
}

// Purge and Verify run while many goroutines log: every Verify sees a
// consistent snapshot, so it must never report a problem.
func TestConcurrentLogPurgeVerify(t *testing.T) {
	tl, _ := openTestLog(t, TrafficOptions{FlushEvery: time.Millisecond})
	old := t0.Add(-200 * 24 * time.Hour) // + up to 16000 minutes: still old
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				tl.Log(testRecord(g*2000+i, old))
			}
		})
	}
	stop := make(chan struct{})
	checked := make(chan error)
	go func() {
		var err error
		for err == nil {
			select {
			case <-stop:
				checked <- nil
				return
			default:
			}
			if _, err = tl.Purge(context.Background(), t0); err == nil {
				if res := mustVerify(t, tl); !res.OK {
					err = fmt.Errorf("Verify during logging: %+v", res.Problems)
				}
			}
		}
		checked <- err
	}()
	wg.Wait()
	close(stop)
	if err := <-checked; err != nil {
		t.Fatal(err)
	}
	if err := tl.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := tl.Purge(context.Background(), t0); err != nil {
		t.Fatal(err)
	}
	if res := mustVerify(t, tl); !res.OK || res.Checked != 0 || count(t, tl) != 0 {
		t.Fatalf("after final purge: %+v", res)
	}
}

func TestOddPath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a?b#c%20d e")
	tl, err := OpenTraffic(filepath.Join(dir, "traffic.db"), TrafficOptions{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	logN(t, tl, 3, t0)
	if res := mustVerify(t, tl); !res.OK || res.Checked != 3 {
		t.Fatalf("Verify = %+v", res)
	}
}

func TestFlushHonoursContext(t *testing.T) {
	tl, _ := openTestLog(t, TrafficOptions{})
	lock, err := tl.DB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback()
	tl.Log(testRecord(1, t0))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := tl.Flush(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Flush = %v, want deadline exceeded", err)
	}
}

func TestReadOnly(t *testing.T) {
	tl, path := openTestLog(t, TrafficOptions{})
	logN(t, tl, 10, t0)
	r, err := OpenTrafficReadOnly(path) // while the writer is running
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if res := mustVerify(t, r); !res.OK || res.Checked != 10 {
		t.Fatalf("Verify = %+v", res)
	}
	if _, err := r.db.Exec(`DELETE FROM traffic_blocks`); err == nil {
		t.Error("read-only reader could delete")
	}
	if _, err := OpenTrafficReadOnly(filepath.Join(t.TempDir(), "missing.db")); err == nil {
		t.Error("opening a missing file read-only succeeded")
	}
	other := filepath.Join(t.TempDir(), "other.db")
	db, err := sql.Open("sqlite3", other)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE x (y)`); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenTrafficReadOnly(other); err == nil || !strings.Contains(err.Error(), "not a traffic log") {
		t.Errorf("opening another database: %v", err)
	}
}

func BenchmarkLog(b *testing.B) {
	tl, _ := openTestLog(b, TrafficOptions{FlushEvery: time.Second})
	rec := testRecord(1, t0)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			tl.Log(rec)
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(tl.Dropped())/float64(b.N), "dropped/op")
}

// BenchmarkWrite measures the writer: hashing and inserting one record. It
// reports the process's CPU time per record (Log, hashing, SQLite), which
// set beside a request's CPU time (bench/site) is the log's cost: steadier
// than comparing req/s on a shared machine.
func BenchmarkWrite(b *testing.B) {
	tl, _ := openTestLog(b, TrafficOptions{})
	rec := testRecord(1, t0)
	rec.UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
	cpu0 := processCPU()
	b.ResetTimer()
	for i := range b.N {
		tl.Log(rec)
		if i%10000 == 9999 {
			tl.Flush(context.Background())
		}
	}
	tl.Flush(context.Background())
	b.StopTimer()
	b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
	if tl.Dropped() != 0 {
		b.Fatalf("dropped %d", tl.Dropped())
	}
}

// processCPU is the user+system CPU time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
