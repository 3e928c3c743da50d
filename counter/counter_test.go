package counter

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"sync"
	"testing"
	"time"

	"newsroom/db"
	"newsroom/db/dbtest"
)

const reads = "notices.reads"

// targets counts into the real schema's notices.reads; the package knows no
// table of its own.
var targets = map[string]Target{reads: {Table: "notices", Column: "reads"}}

type fixture struct {
	db   *db.DB
	unit int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureAt(t, dbtest.Target(t, t.TempDir()))
}

// newFixtureAt is newFixture on the database target names.
func newFixtureAt(t *testing.T, target string) *fixture {
	t.Helper()
	d, err := db.Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	var unit int64
	if err := d.W.QueryRow(`INSERT INTO units (code, name_th, name_en, kind, created_at) VALUES ('sci', 'คณะวิทยาศาสตร์', 'Science', 'faculty', 0) RETURNING id`).Scan(&unit); err != nil {
		t.Fatal(err)
	}
	return &fixture{db: d, unit: unit}
}

// notice adds a published notice with the given stored read count.
func (f *fixture) notice(t *testing.T, stored any) int64 {
	t.Helper()
	var id int64
	if err := f.db.W.QueryRow(`INSERT INTO notices (category, headline, summary, link_url, reads, lang, start_at, end_at, status, unit_id, created_at, updated_at)
		VALUES ('jobs', 'x', '', 'https://npu.ac.th/', ?, 'th', 0, 0, 'published', ?, 0, 0) RETURNING id`, stored, f.unit).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// stored reads a notice's read count and its type as the database holds
// them (SQLite's typeof; a PostgreSQL BIGINT column holds only integers).
func (f *fixture) stored(t *testing.T, id int64) (any, string) {
	t.Helper()
	var v any
	typ := "integer"
	var err error
	if f.db.IsPostgres() {
		err = f.db.R.QueryRow(`SELECT reads FROM notices WHERE id = ?`, id).Scan(&v)
	} else {
		err = f.db.R.QueryRow(`SELECT reads, typeof(reads) FROM notices WHERE id = ?`, id).Scan(&v, &typ)
	}
	if err != nil {
		t.Fatal(err)
	}
	return v, typ
}

func TestCounterBatchesWrites(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.notice(t, 0)
	c := New(f.db, targets, time.Now)
	changed := 0
	c.Changed = func(context.Context) { changed++ }
	for range 5 {
		c.Add(reads, id)
	}
	c.Add("users.password", 1) // not a target: ignored
	if v, _ := f.stored(t, id); v != int64(0) || c.Pending(reads, id) != 5 || c.Pending("users.password", 1) != 0 {
		t.Fatalf("stored %v, pending %d before a flush", v, c.Pending(reads, id))
	}
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if v, _ := f.stored(t, id); v != int64(5) || c.Pending(reads, id) != 0 || changed != 1 {
		t.Fatalf("stored %v, pending %d, changed %d after flush", v, c.Pending(reads, id), changed)
	}
	if err := c.Flush(ctx); err != nil || changed != 1 {
		t.Fatalf("an empty flush: err %v, changed %d", err, changed)
	}
}

// A target that is not a plain identifier never reaches SQL.
func TestNewRefusesBadTargets(t *testing.T) {
	for _, tg := range []Target{{"notices; DROP TABLE users", "reads"}, {"notices", "reads = 0 --"}, {"", "reads"}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New accepted %+v", tg)
				}
			}()
			New(nil, map[string]Target{"x": tg}, time.Now)
		}()
	}
}

func TestCounterIgnoresBotsAndRepeats(t *testing.T) {
	now := time.Now()
	clock := now
	c := New(nil, targets, func() time.Time { return clock })
	browser := "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130 Mobile Safari/537.36"
	steps := []struct {
		visitor, ua string
		after       time.Duration
		counted     bool
	}{
		{"a", browser, 0, true},
		{"a", browser, time.Minute, false}, // same visitor again soon
		{"b", browser, 0, true},            // another visitor
		{"c", "Googlebot/2.1 (+http://www.google.com/bot.html)", 0, false},
		{"d", "facebookexternalhit/1.1", 0, false},
		{"e", "curl/8.5.0", 0, false},
		{"f", "", 0, false},
		{"a", browser, 31 * time.Minute, true}, // the same visitor much later
	}
	for i, s := range steps {
		clock = clock.Add(s.after)
		if got := c.Visit(reads, 7, s.visitor, s.ua); got != s.counted {
			t.Errorf("step %d (%s): counted %v, want %v", i, s.ua, got, s.counted)
		}
	}
	if got := c.Pending(reads, 7); got != 3 {
		t.Fatalf("pending %d, want 3", got)
	}
}

// Counting saturates at MaxCount, in SQL and in memory, whatever the column
// held before (an old overflow's REAL, a negative, text): the stored value
// is always an integer in 0..MaxCount afterwards.
func TestCounterSaturates(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := New(f.db, targets, time.Now)
	for _, tc := range []struct {
		stored any
		adds   int
		want   int64
	}{
		{int64(math.MaxInt64), 1, MaxCount},
		{int64(math.MaxInt64 - 1), 3, MaxCount},
		{MaxCount, 1, MaxCount},
		{MaxCount - 1, 5, MaxCount},
		{int64(41), 1, 42},
		{int64(-5), 1, 1},
		{float64(9.3e18), 1, MaxCount},
		{"not a number", 1, 1},
	} {
		t.Run(fmt.Sprint(tc.stored), func(t *testing.T) {
			if _, isInt := tc.stored.(int64); !isInt && f.db.IsPostgres() {
				t.Skip("a BIGINT column holds only integers")
			}
			id := f.notice(t, tc.stored)
			for range tc.adds {
				c.Add(reads, id)
			}
			if err := c.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if v, typ := f.stored(t, id); typ != "integer" || v != tc.want {
				t.Fatalf("reads stored as %s %v, want integer %d", typ, v, tc.want)
			}
			if got := c.Shown(reads, id, math.MaxInt64); got != MaxCount {
				t.Fatalf("shown %d", got)
			}
		})
	}
	for _, tc := range []struct{ a, b, want int64 }{
		{MaxCount, MaxCount, MaxCount}, {-3, 2, 2}, {math.MaxInt64, math.MaxInt64, MaxCount}, {1, 2, 3},
	} {
		if got := SatAdd(tc.a, tc.b); got != tc.want {
			t.Errorf("SatAdd(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestClamp(t *testing.T) {
	for _, tc := range []struct {
		src    any
		lo, hi int64
		want   int64
	}{
		{int64(5), 0, 10, 5},
		{int64(-5), 0, 10, 0},
		{int64(math.MaxInt64), 0, MaxCount, MaxCount},
		{float64(9.3e18), 0, MaxCount, MaxCount},
		{math.NaN(), 1, 10, 1},
		{float64(3.7), 0, 10, 3},
		{" 42 ", 0, 100, 42},
		{[]byte("7"), 0, 10, 7},
		{"1e3", 0, 100, 100},
		{"not a number", 1, 10, 1},
		{true, 0, 10, 1},
		{false, 1, 10, 1},
		{nil, 2, 10, 2},
	} {
		if got := Clamp(tc.src, tc.lo, tc.hi); got != tc.want {
			t.Errorf("Clamp(%#v, %d, %d) = %d, want %d", tc.src, tc.lo, tc.hi, got, tc.want)
		}
	}
}

// The visitors' de-duplication memory stays within its fixed bound however
// many visitor/item pairs come by (a flood of distinct visitors), and it
// still de-duplicates a visitor's repeated views.
func TestCounterSeenIsBounded(t *testing.T) {
	now := time.Now()
	c := New(nil, targets, func() time.Time { return now })
	if !c.Visit(reads, 1, "visitor", "Mozilla/5.0") || c.Visit(reads, 1, "visitor", "Mozilla/5.0") {
		t.Fatal("a repeated view counted twice, or the first not at all")
	}
	maxEntries := 0
	for i := range 1_000_000 {
		c.Visit(reads, int64(i%5000+1), "v"+strconv.Itoa(i), "Mozilla/5.0")
		if i%1000 == 0 {
			maxEntries = max(maxEntries, c.seen.entries())
		}
	}
	maxEntries = max(maxEntries, c.seen.entries())
	if maxEntries > 2*SeenCapacity {
		t.Fatalf("%d de-duplication entries, cap %d", maxEntries, 2*SeenCapacity)
	}
	if b := c.seen.bytes(); b > SeenBytes {
		t.Fatalf("de-duplication memory %d bytes, cap %d", b, SeenBytes)
	}
	t.Logf("1e6 distinct pairs: at most %d entries held, %d bytes", maxEntries, c.seen.bytes())
	// A recent visitor is still recognised after the flood rotated the sets.
	c.Visit(reads, 7, "late", "Mozilla/5.0")
	if c.Visit(reads, 7, "late", "Mozilla/5.0") {
		t.Fatal("a repeat right after a flood counted again")
	}
	// Within Repeat a view counts once; after Repeat it counts again.
	now = now.Add(c.Repeat - time.Second)
	if c.Visit(reads, 7, "late", "Mozilla/5.0") {
		t.Fatal("a repeat within Repeat counted")
	}
	now = now.Add(time.Second)
	if !c.Visit(reads, 7, "late", "Mozilla/5.0") {
		t.Fatal("a visit after Repeat did not count")
	}
	// Bots and unknown counters are never held.
	before := c.seen.entries()
	c.Visit(reads, 8, "bot", "Googlebot/2.1")
	c.Visit("nothing.here", 8, "x", "Mozilla/5.0")
	c.Visit(reads, 0, "x", "Mozilla/5.0")
	if c.seen.entries() != before {
		t.Fatal("a bot or an invalid id took de-duplication memory")
	}
}

// Two instances on one database count the same items side by side, each
// batching in memory and flushing on its own schedule: the stored counts
// are the sum of both, nothing lost to a concurrent flush (a flush the
// database refused keeps its counts for the next one).
func TestTwoInstancesFlushesAddUp(t *testing.T) {
	target := dbtest.Target(t, t.TempDir())
	f := newFixtureAt(t, target)
	second, err := db.Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.Close() })
	ids := []int64{f.notice(t, 0), f.notice(t, 0), f.notice(t, 0)}
	instances := []*Counter{New(f.db, targets, time.Now), New(second, targets, time.Now)}
	const perInstance = 300
	ctx := context.Background()
	var wg sync.WaitGroup
	for _, c := range instances {
		wg.Go(func() {
			for i := range perInstance {
				for _, id := range ids {
					c.Add(reads, id)
				}
				if i%10 == 9 {
					c.Flush(ctx) // a refused flush keeps its counts
				}
			}
		})
	}
	wg.Wait()
	for _, c := range instances {
		for try := 0; ; try++ {
			err := c.Flush(ctx)
			if err == nil {
				break
			}
			if try == 10 {
				t.Fatal(err)
			}
		}
	}
	for _, id := range ids {
		if v, _ := f.stored(t, id); v != int64(2*perInstance) {
			t.Errorf("notice %d: stored %v reads; the two instances counted %d", id, v, 2*perInstance)
		}
	}
}

// A server that stops flushes what it counted: Run writes the pending
// counts when its context ends.
func TestRunFlushesOnShutdown(t *testing.T) {
	f := newFixture(t)
	id := f.notice(t, 0)
	c := New(f.db, targets, time.Now)
	c.FlushEvery = time.Hour // no scheduled flush during the test
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- c.Run(ctx) }()
	for range 7 {
		c.Add(reads, id)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if v, _ := f.stored(t, id); v != int64(7) || c.Pending(reads, id) != 0 {
		t.Fatalf("after shutdown: stored %v, pending %d; want 7 stored", v, c.Pending(reads, id))
	}
}
