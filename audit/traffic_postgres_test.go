package audit

import (
	"bytes"
	"context"
	"encoding/csv"
	"log/slog"
	"sync"
	"testing"
	"time"

	"newsroom/db"
	"newsroom/db/dbtest"
)

// pgDatabase is a new PostgreSQL database and a way to open further
// handles on it, each standing for one server process.
func pgDatabase(t testing.TB) func() *db.DB {
	t.Helper()
	dbtest.RequirePostgres(t)
	url := dbtest.NewDatabase(t, "")
	return func() *db.DB {
		d, err := db.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
}

// openInstance opens the traffic log of the instance on handle d.
func openInstance(t testing.TB, d *db.DB, instance string) *TrafficLog {
	t.Helper()
	tl, err := OpenTrafficFor(d, "", instance, TrafficOptions{FlushEvery: time.Hour, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("open %s: %v", instance, err)
	}
	t.Cleanup(func() { tl.Close() })
	return tl
}

// verifyChains verifies every chain and returns the results by chain.
func verifyChains(t *testing.T, d *db.DB) map[string]ChainResult {
	t.Helper()
	r, err := OpenTrafficReaderFor(d, "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	res, err := r.VerifyChains(context.Background())
	if err != nil {
		t.Fatalf("VerifyChains: %v", err)
	}
	out := map[string]ChainResult{}
	for _, c := range res {
		out[c.Chain] = c
	}
	return out
}

// logInterleaved logs n records on each log from goroutines of their own,
// log i's k-th record at t0 + (k*len(logs)+i) minutes, and flushes.
func logInterleaved(t *testing.T, n int, start time.Time, logs ...*TrafficLog) {
	t.Helper()
	var wg sync.WaitGroup
	for i, tl := range logs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range n {
				r := testRecord(k, start)
				r.Time = start.Add(time.Duration(k*len(logs)+i) * time.Minute)
				tl.Log(r)
				if k%100 == 0 {
					tl.Flush(context.Background()) // many small batches, side by side
				}
			}
		}()
	}
	wg.Wait()
	for _, tl := range logs {
		if err := tl.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

// Two instances on one database write at once; each chain verifies on its
// own and holds exactly its records.
func TestPostgresTwoInstancesVerify(t *testing.T) {
	open := pgDatabase(t)
	da, dbb := open(), open()
	a, b := openInstance(t, da, "web-a"), openInstance(t, dbb, "web-b")
	logInterleaved(t, 700, t0, a, b)
	res := verifyChains(t, da)
	if len(res) != 2 {
		t.Fatalf("chains %v; want web-a and web-b", res)
	}
	for _, id := range []string{"web-a", "web-b"} {
		c := res[id]
		if !c.OK || c.Checked != 700 || c.FirstSeq != 1 || c.LastSeq != 700 {
			t.Errorf("chain %s: %+v; want 700 records, ok", id, c)
		}
	}
	if sum := mustVerify(t, a); !sum.OK || sum.Checked != 1400 {
		t.Errorf("Verify: %+v; want 1400 records, ok", sum)
	}
}

// Editing a record of one chain is found, and named with its chain; the
// other chain still verifies.
func TestPostgresTamperNamesChain(t *testing.T) {
	open := pgDatabase(t)
	d := open()
	a, b := openInstance(t, d, "web-a"), openInstance(t, open(), "web-b")
	logInterleaved(t, 200, t0, a, b)
	ctx := context.Background()
	var first int64
	var data []byte
	if err := d.W.QueryRowContext(ctx, `SELECT first_seq, data FROM traffic_blocks WHERE chain = ? ORDER BY first_seq OFFSET 1 LIMIT 1`,
		"web-b").Scan(&first, &data); err != nil {
		t.Fatal(err)
	}
	recs, err := decodeBlock(data)
	if err != nil {
		t.Fatal(err)
	}
	recs[5].uri = "/forged"
	var bb blockBuilder
	for i := range recs {
		prev, hash := rawDigest(recs[i].prev), rawDigest(recs[i].hash)
		bb.add(&recs[i], &prev, &hash)
	}
	if _, err := d.W.ExecContext(ctx, `UPDATE traffic_blocks SET data = ? WHERE chain = ? AND first_seq = ?`,
		bb.data, "web-b", first); err != nil {
		t.Fatal(err)
	}
	res := verifyChains(t, d)
	if !res["web-a"].OK {
		t.Errorf("web-a: %+v; want ok", res["web-a"])
	}
	got := res["web-b"]
	if got.OK || len(got.Problems) != 1 {
		t.Fatalf("web-b: %+v; want one problem", got)
	}
	if p := got.Problems[0]; p.Chain != "web-b" || p.Seq != recs[5].seq || p.Kind != KindEdited {
		t.Errorf("problem %+v; want web-b seq %d edited", p, recs[5].seq)
	}
	if sum := mustVerify(t, a); sum.OK || len(sum.Problems) != 1 || sum.Problems[0].Chain != "web-b" {
		t.Errorf("Verify: %+v; want one problem in web-b", sum)
	}
}

// Export merges the chains in time order, each row naming its chain.
func TestPostgresExportMerges(t *testing.T) {
	open := pgDatabase(t)
	d := open()
	a, b := openInstance(t, d, "web-a"), openInstance(t, open(), "web-b")
	logInterleaved(t, 150, t0, a, b)
	var buf bytes.Buffer
	// Records 20 to 249 minutes after t0: 230 of the 300.
	n, err := a.Export(context.Background(), &buf, t0.Add(20*time.Minute), t0.Add(250*time.Minute))
	if err != nil || n != 230 {
		t.Fatalf("Export: %d, %v; want 230", n, err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 231 || rows[0][0] != "chain" || rows[0][1] != "seq" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	for i, row := range rows[1:] {
		want := t0.Add(time.Duration(20+i) * time.Minute).Format(exportTime)
		chain := []string{"web-a", "web-b"}[i%2]
		if row[2] != want || row[0] != chain {
			t.Fatalf("row %d: %v at %s; want %s at %s", i+1, row[0], row[2], chain, want)
		}
	}
}

// Purge deletes the old records of every chain and leaves each verifiable;
// two instances purging at once delete each record once.
func TestPostgresPurgeKeepsChainsVerifiable(t *testing.T) {
	open := pgDatabase(t)
	d, d2 := open(), open()
	a, b := openInstance(t, d, "web-a"), openInstance(t, d2, "web-b")
	// 500 records a minute apart on each; the purge keeps those of the
	// last 600 minutes of the 1000.
	logInterleaved(t, 500, t0, a, b)
	now := t0.Add(90*24*time.Hour + 400*time.Minute)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var total int64
	for _, tl := range []*TrafficLog{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := tl.Purge(context.Background(), now)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	if total != 400 {
		t.Errorf("purged %d records; want 400, each once", total)
	}
	if n, err := b.Purge(context.Background(), now); err != nil || n != 0 {
		t.Errorf("purge again: %d, %v; want nothing left", n, err)
	}
	res := verifyChains(t, d)
	for _, id := range []string{"web-a", "web-b"} {
		if c := res[id]; !c.OK || c.Checked != 300 || c.FirstSeq != 201 {
			t.Errorf("chain %s after purge: %+v; want 300 records from seq 201, ok", id, c)
		}
	}
	// Both keep logging on top of their anchors.
	logInterleaved(t, 10, now, a, b)
	for id, c := range verifyChains(t, d) {
		if !c.OK || c.LastSeq != 510 {
			t.Errorf("chain %s: %+v; want ok up to seq 510", id, c)
		}
	}
}

// A restarted instance continues its own chain; while it runs, a second
// process with the same instance name gets a chain of its own.
func TestPostgresRestartContinuesChain(t *testing.T) {
	open := pgDatabase(t)
	d := open()
	a := openInstance(t, d, "web-a")
	logN(t, a, 100, t0)
	twin := openInstance(t, open(), "web-a")
	if a.Chain() != "web-a" || twin.Chain() != "web-a~2" {
		t.Fatalf("chains %q and %q; want web-a and web-a~2", a.Chain(), twin.Chain())
	}
	logN(t, twin, 5, t0)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	again := openInstance(t, open(), "web-a")
	if again.Chain() != "web-a" {
		t.Fatalf("restart took chain %q; want web-a", again.Chain())
	}
	logN(t, again, 50, t0.Add(time.Hour))
	res := verifyChains(t, d)
	if c := res["web-a"]; !c.OK || c.FirstSeq != 1 || c.LastSeq != 150 {
		t.Errorf("web-a: %+v; want one chain of 150 records", c)
	}
	if c := res["web-a~2"]; !c.OK || c.Checked != 5 {
		t.Errorf("web-a~2: %+v; want 5 records", c)
	}
}

func TestValidInstance(t *testing.T) {
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{"web-1", true}, {"host.example_2", true}, {"", false}, {"a b", false},
		{"ก", false}, {string(bytes.Repeat([]byte("a"), 65)), false}, {DefaultInstance(t.TempDir()), true},
	} {
		if err := ValidInstance(tt.name); (err == nil) != tt.ok {
			t.Errorf("ValidInstance(%q) = %v; want ok %v", tt.name, err, tt.ok)
		}
	}
	if DefaultInstance("data") != DefaultInstance("./data") || DefaultInstance("a") == DefaultInstance("b") {
		t.Error("DefaultInstance must follow the data directory's absolute path")
	}
}

// The writer's connection dies (a PostgreSQL restart, a network cut): the
// batch that fails stays pending, the writer takes its chain's lock again on
// a new connection and the chain goes on without a gap.
func TestPostgresWriterReconnects(t *testing.T) {
	open := pgDatabase(t)
	d := open()
	a := openInstance(t, d, "web-a")
	logN(t, a, 10, t0)
	ctx := context.Background()
	var pid int64
	if err := a.lease.conn.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := open().W.ExecContext(ctx, `SELECT pg_terminate_backend(CAST(? AS INTEGER))`, pid); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		a.Log(testRecord(10+i, t0))
	}
	if err := a.Flush(ctx); err == nil {
		t.Log("the first write after the cut already reconnected")
	}
	if err := a.Flush(ctx); err != nil {
		t.Fatalf("second flush: %v", err)
	}
	if c := verifyChains(t, d)["web-a"]; !c.OK || c.LastSeq != 20 {
		t.Fatalf("web-a: %+v; want 20 records, ok", c)
	}
	// The lock came back with the new connection: a twin takes web-a~2.
	if twin := openInstance(t, open(), "web-a"); twin.Chain() != "web-a~2" {
		t.Fatalf("twin took %q while web-a is held", twin.Chain())
	}
}

// BenchmarkWritePostgres is BenchmarkWrite on PostgreSQL: the process's CPU
// per record (the server's is not counted) and the records written a
// second.
func BenchmarkWritePostgres(b *testing.B) {
	tl := openInstance(b, pgDatabase(b)(), "bench")
	rec := testRecord(1, t0)
	rec.UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
	cpu0, start := processCPU(), time.Now()
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
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "records/s")
	if tl.Dropped() != 0 {
		b.Fatalf("dropped %d", tl.Dropped())
	}
}

// A site moving from SQLite brings its traffic log: the imported chain
// verifies as the file did (purge anchor and checkpoints included), finds an
// edit made in the file, and the instance named like it goes on writing it.
func TestPostgresImportSQLite(t *testing.T) {
	open := pgDatabase(t)
	d := open()
	ctx := context.Background()
	file, path := openTestLog(t, TrafficOptions{})
	logN(t, file, 300, t0)
	if _, err := file.Purge(ctx, t0.Add(90*24*time.Hour+100*time.Minute)); err != nil {
		t.Fatal(err)
	}
	want := mustVerify(t, file)
	if !want.OK || want.FirstSeq != 101 {
		t.Fatalf("file: %+v", want)
	}
	file.Close()
	n, err := ImportSQLite(ctx, path, d.W, "web-a")
	if err != nil || n != 200 {
		t.Fatalf("import: %d, %v; want 200", n, err)
	}
	got := verifyChains(t, d)["web-a"]
	if !got.OK || got.Checked != want.Checked || got.FirstSeq != want.FirstSeq || got.HeadHash != want.HeadHash {
		t.Fatalf("imported chain %+v; want as the file %+v", got, want)
	}
	if _, err := ImportSQLite(ctx, path, d.W, "web-a"); err == nil {
		t.Fatal("a second import into the same chain was accepted")
	}
	a := openInstance(t, d, "web-a")
	logN(t, a, 10, t0.Add(91*24*time.Hour))
	if c := verifyChains(t, d)["web-a"]; !c.OK || c.LastSeq != 310 {
		t.Fatalf("after the instance wrote on: %+v; want ok to seq 310", c)
	}
	// An edit made in the file before the move is still found.
	tampered, tpath := openTestLog(t, TrafficOptions{})
	logN(t, tampered, 100, t0)
	rewrite(t, tampered, func(rs []storedRecord) []storedRecord { rs[41].uri = "/forged"; return rs })
	tampered.Close()
	if _, err := ImportSQLite(ctx, tpath, d.W, "web-b"); err != nil {
		t.Fatal(err)
	}
	if c := verifyChains(t, d)["web-b"]; c.OK || len(c.Problems) != 1 || c.Problems[0].Seq != 42 {
		t.Fatalf("imported tampered chain: %+v; want seq 42 named", c)
	}
}

// While the writer's connection was gone, a new process with the same
// instance name took its chain: the writer goes on in the instance's next
// free chain rather than share one, and nothing is lost.
func TestPostgresWriterMovesWhenChainTaken(t *testing.T) {
	open := pgDatabase(t)
	d := open()
	a := openInstance(t, d, "web-a")
	logN(t, a, 10, t0)
	ctx := context.Background()
	var pid int64
	if err := a.lease.conn.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := d.W.ExecContext(ctx, `SELECT pg_terminate_backend(CAST(? AS INTEGER))`, pid); err != nil {
		t.Fatal(err)
	}
	for gone := false; !gone; {
		var n int
		if err := d.W.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE pid = CAST(? AS INTEGER)`, pid).Scan(&n); err != nil {
			t.Fatal(err)
		}
		gone = n == 0
	}
	intruder := openInstance(t, open(), "web-a")
	if intruder.Chain() != "web-a" {
		t.Fatalf("the new process took %q; want the freed web-a", intruder.Chain())
	}
	for i := range 10 {
		a.Log(testRecord(10+i, t0))
	}
	a.Flush(ctx) // may fail: the connection is gone
	if err := a.Flush(ctx); err != nil {
		t.Fatalf("second flush: %v", err)
	}
	if a.Chain() != "web-a~2" {
		t.Fatalf("writer now in %q; want web-a~2", a.Chain())
	}
	logN(t, intruder, 5, t0)
	res := verifyChains(t, d)
	if c := res["web-a"]; !c.OK || c.LastSeq != 15 {
		t.Errorf("web-a: %+v; want ok to seq 15", c)
	}
	if c := res["web-a~2"]; !c.OK || c.Checked != 10 {
		t.Errorf("web-a~2: %+v; want the 10 records written after the move", c)
	}
}
