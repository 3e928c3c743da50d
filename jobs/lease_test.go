package jobs

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"newsroom/db"
)

// The lease of a periodic job, step by step: one instance at a time holds
// it; its holder may run again; another instance takes it only once it ran
// out (a tenth of the period early, so the next scheduled run finds it
// free).
func TestLeaseSteps(t *testing.T) {
	f := newQueueFixture(t)
	ctx := context.Background()
	const day = 24 * time.Hour
	t0 := f.now
	for i, s := range []struct {
		name, holder string
		at           time.Duration
		want         bool
	}{
		{"tally", "a", 0, true},
		{"tally", "b", 0, false},                    // the same moment: a holds it
		{"trash", "b", 0, true},                     // another job's lease is another row
		{"tally", "b", day / 2, false},              // still a's
		{"tally", "a", day / 2, true},               // a runs again on its own schedule: it keeps the lease
		{"tally", "b", day/2 + day*9/10 - 1, false}, // a's lease runs out 0.9 day after a's last run
		{"tally", "b", day/2 + day*9/10, true},      // a died: b takes the job over
		{"tally", "a", day/2 + day*9/10 + 1, false},
	} {
		got, err := takeLease(ctx, f.db, s.name, s.holder, day, t0.Add(s.at))
		if err != nil {
			t.Fatal(err)
		}
		if got != s.want {
			t.Errorf("step %d: %s takes %s at +%v: %v, want %v", i, s.holder, s.name, s.at, got, s.want)
		}
	}
	var holder string
	var runs int
	if err := f.db.R.QueryRow(`SELECT holder, runs FROM job_leases WHERE name = 'tally'`).Scan(&holder, &runs); err != nil || holder != "b" || runs != 3 {
		t.Errorf("tally lease: holder %q, runs %d, %v; want b after 3 runs", holder, runs, err)
	}
}

// Many instances (two database handles, many goroutines each, as many
// servers starting at once) ask for the same lease at the same moment:
// exactly one gets it.
func TestLeaseOnceAmongManyInstances(t *testing.T) {
	f := newQueueFixture(t)
	handles := []*db.DB{f.db, f.handle()}
	for round := range 3 {
		at := f.now.Add(time.Duration(round) * time.Hour)
		var won atomic.Int32
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Go(func() {
				ok, err := takeLease(context.Background(), handles[i%2], "daily", fmt.Sprintf("instance-%d-%d", round, i), time.Hour, at)
				if err != nil {
					t.Error(err)
				}
				if ok {
					won.Add(1)
				}
			})
		}
		wg.Wait()
		if won.Load() != 1 {
			t.Errorf("round %d: %d instances got the lease; want exactly 1", round, won.Load())
		}
	}
}

// On SQLite there is one instance, and a restarted process is still it:
// Once is always true, so the jobs run at start as they always did.
func TestOnceOnSQLiteIsAlwaysTrue(t *testing.T) {
	f := newQueueFixture(t)
	if f.db.IsPostgres() {
		t.Skip("SQLite's single instance")
	}
	for i := range 3 {
		if ok, err := Once(context.Background(), f.db, "tally", 24*time.Hour); err != nil || !ok {
			t.Fatalf("run %d: Once %v, %v", i, ok, err)
		}
	}
}
