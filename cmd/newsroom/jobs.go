package main

import (
	"context"
	"errors"
	"time"
)

// job is background work: a function that runs until its context ends.
type job struct {
	name string
	fn   func(ctx context.Context) error
}

// every runs fn at start and then each period until ctx ends. A failing run
// is logged by the caller's fn; the loop goes on.
func every(period time.Duration, fn func(ctx context.Context) error) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			fn(ctx)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
			}
		}
	}
}

func (a *app) jobs() []job {
	logErr := func(name string, fn func(ctx context.Context) error) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			if err := fn(ctx); err != nil && ctx.Err() == nil {
				a.log.Error("job failed", "job", name, "err", err)
			}
			return nil
		}
	}
	js := []job{
		{"session-purge", every(10*time.Minute, logErr("session-purge", a.sessions.Purge))},
		{"throttle-purge", every(time.Hour, logErr("throttle-purge", func(ctx context.Context) error {
			return a.users.PurgeThrottle(ctx, time.Now())
		}))},
	}
	js = append(js,
		job{"photo-workers", a.queue.Run},
		job{"view-counter", a.counter.Run},
		job{"featured-tally", a.content.TallyJob(time.Now)},
		job{"job-purge", every(24*time.Hour, logErr("job-purge", func(ctx context.Context) error { return a.queue.PurgeDone(ctx, 7*24*time.Hour) }))},
		job{"media-sweep", every(24*time.Hour, logErr("media-sweep", func(ctx context.Context) error {
			_, err := a.content.SweepOrphans(ctx, a.files, time.Now())
			return err
		}))},
		// At start and daily: batches left "running" with nothing to do are
		// closed, and interrupted writes and uploads leave no litter.
		job{"upload-sweep", every(24*time.Hour, logErr("upload-sweep", func(ctx context.Context) error {
			return a.sweepUploads(ctx, time.Now())
		}))},
		job{"draft-photo-purge", every(time.Hour, logErr("draft-photo-purge", func(ctx context.Context) error {
			if err := a.content.PurgePending(ctx, time.Now(), 48*time.Hour); err != nil {
				return err
			}
			return a.content.PurgeDrafts(ctx, time.Now(), 48*time.Hour)
		}))},
		// Items in the trash longer than content.TrashDays go for good,
		// with their files.
		job{"trash-purge", every(time.Hour, logErr("trash-purge", func(ctx context.Context) error {
			_, err := a.content.PurgeTrash(ctx, time.Now())
			return err
		}))},
	)
	if a.traffic != nil {
		js = append(js, job{"traffic-purge", a.traffic.PurgeJob(time.Now)})
	}
	return js
}

// uploadLitterAge is how long a temporary or staging file must have been
// left alone before the sweep removes it: a write or upload still in
// progress is younger.
const uploadLitterAge = time.Hour

// sweepUploads repairs upload batches stuck "running" with every job done
// and removes the temporary files of interrupted writes and the staging
// files no live upload refers to.
func (a *app) sweepUploads(ctx context.Context, now time.Time) error {
	repaired, rerr := a.content.RepairBatches(ctx, now)
	temps, terr := a.files.SweepTemp(now, uploadLitterAge)
	staged, serr := a.content.SweepStaging(ctx, now, uploadLitterAge)
	if repaired+temps+staged > 0 {
		a.log.Info("upload sweep", "batches_closed", repaired, "temp_files", temps, "staging_entries", staged)
	}
	return errors.Join(rerr, terr, serr)
}
