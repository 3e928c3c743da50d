package app_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"newsroom/app"
	"newsroom/app/apptest"
	"newsroom/content"
	"newsroom/db/dbtest"
)

// Several instances, one truth (issue 15): two instances of the app on one
// PostgreSQL database, as two servers of a cluster behind a load balancer.

// Two instances start their background jobs at the same moment: each job
// that must run once across the cluster (the daily featured tally, the
// purges, the sweeps) is run by exactly one of them, and the tally's work
// is done.
func TestClusterDailyJobsRunOnce(t *testing.T) {
	dbtest.RequirePostgres(t)
	a, b := apptest.StartPair(t)
	yesterday := content.DayOf(time.Now()).Add(-1)
	unit := a.UnitID(t, "science")
	for slot := range 3 {
		if _, err := a.DB.W.Exec(`INSERT INTO featured_picks (day, slot, unit_id, unit_name, headline, picked_at) VALUES (?, ?, ?, 'คณะวิทยาศาสตร์', 'ข่าวเด่น', ?)`,
			string(yesterday), slot+1, unit, time.Now().UnixMilli()); err != nil {
			t.Fatal(err)
		}
	}

	type answer struct {
		instance *app.App
		ran      bool
	}
	var mu sync.Mutex
	answers := map[string][]answer{}
	app.SetLeaseAnswered(func(inst *app.App, name string, ran bool) {
		mu.Lock()
		answers[name] = append(answers[name], answer{inst, ran})
		mu.Unlock()
	})
	defer app.SetLeaseAnswered(nil)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, inst := range []*apptest.App{a, b} {
		for _, j := range inst.Jobs() {
			wg.Go(func() {
				if err := j.Fn(ctx); err != nil && !errors.Is(err, context.Canceled) {
					t.Errorf("%s: %v", j.Name, err)
				}
			})
		}
	}
	once := []string{"featured-tally", "trash-purge", "media-sweep", "upload-sweep", "job-purge", "notification-purge", "qa-purge", "draft-photo-purge", "form-draft-purge"}
	both := func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, name := range once {
			if len(answers[name]) < 2 {
				return false
			}
		}
		return true
	}
	for deadline := time.Now().Add(30 * time.Second); !both(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			break
		}
	}
	cancel()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for _, name := range once {
		ran := 0
		for _, ans := range answers[name] {
			if ans.ran {
				ran++
			}
		}
		if len(answers[name]) != 2 || ran != 1 {
			t.Errorf("%s: %d instances asked, %d ran it; want both asked, one ran", name, len(answers[name]), ran)
		}
	}
	var runs int
	if err := a.DB.R.QueryRow(`SELECT runs FROM job_leases WHERE name = 'featured-tally'`).Scan(&runs); err != nil || runs != 1 {
		t.Errorf("featured-tally lease taken %d times (%v); want once", runs, err)
	}
	var picks int
	if err := b.DB.R.QueryRow(`SELECT picks FROM featured_tally WHERE day = ? AND unit_id = ?`, string(yesterday), unit).Scan(&picks); err != nil || picks != 3 {
		t.Errorf("yesterday's tally: %d picks (%v); want 3", picks, err)
	}
}
