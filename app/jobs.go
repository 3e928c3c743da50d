package app

import (
	"context"
	"errors"
	"time"
)

// Job is background work: a function that runs until its context ends.
type Job struct {
	Name string
	Fn   func(ctx context.Context) error
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

// Jobs is the background work the server runs beside the HTTP handler.
func (a *App) Jobs() []Job {
	logErr := func(name string, fn func(ctx context.Context) error) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			if err := fn(ctx); err != nil && ctx.Err() == nil {
				a.Log.Error("job failed", "job", name, "err", err)
			}
			return nil
		}
	}
	js := []Job{
		{"session-purge", every(10*time.Minute, logErr("session-purge", a.Sessions.Purge))},
		{"throttle-purge", every(time.Hour, logErr("throttle-purge", func(ctx context.Context) error {
			return a.Users.PurgeThrottle(ctx, time.Now())
		}))},
	}
	js = append(js,
		Job{"photo-workers", a.Queue.Run},
		// E-mail of notifications; a temporary failure waits its backoff.
		Job{"mail", a.MailQueue.Run},
		Job{"notification-purge", every(24*time.Hour, logErr("notification-purge", func(ctx context.Context) error {
			_, err := a.Notify.Purge(ctx, notificationAge)
			return err
		}))},
		Job{"view-counter", a.Counter.Run},
		Job{"featured-tally", a.Content.TallyJob(time.Now)},
		// The ITA/OIT hub's current fiscal year opens by itself on 1 October.
		Job{"ita-year", every(time.Hour, logErr("ita-year", func(ctx context.Context) error {
			_, err := a.Content.EnsureITAYear(ctx, time.Now())
			return err
		}))},
		Job{"job-purge", every(24*time.Hour, logErr("job-purge", func(ctx context.Context) error { return a.Queue.PurgeDone(ctx, 7*24*time.Hour) }))},
		Job{"media-sweep", every(24*time.Hour, logErr("media-sweep", func(ctx context.Context) error {
			_, err := a.Content.SweepOrphans(ctx, a.Files, time.Now())
			return err
		}))},
		// At start and daily: batches left "running" with nothing to do are
		// closed, and interrupted writes and uploads leave no litter.
		Job{"upload-sweep", every(24*time.Hour, logErr("upload-sweep", func(ctx context.Context) error {
			return a.sweepUploads(ctx, time.Now())
		}))},
		Job{"draft-photo-purge", every(time.Hour, logErr("draft-photo-purge", func(ctx context.Context) error {
			if err := a.Content.PurgePending(ctx, time.Now(), 48*time.Hour); err != nil {
				return err
			}
			return a.Content.PurgeDrafts(ctx, time.Now(), 48*time.Hour)
		}))},
		// Form drafts untouched for 30 days, and forms stashed from expired
		// sessions over a day ago.
		Job{"form-draft-purge", every(time.Hour, logErr("form-draft-purge", a.Web.Drafts.Purge))},
		// Items in the trash longer than content.TrashDays go for good,
		// with their files and preview links; long-expired preview links go.
		Job{"trash-purge", every(time.Hour, logErr("trash-purge", func(ctx context.Context) error {
			_, err := a.Content.PurgeTrash(ctx, time.Now())
			_, perr := a.Content.PurgePreviewLinks(ctx, time.Now())
			return errors.Join(err, perr)
		}))},
		// At start and daily: askers' names and e-mails older than the Q&A
		// retention period are blanked (PDPA).
		Job{"qa-purge", every(24*time.Hour, logErr("qa-purge", func(ctx context.Context) error {
			_, err := a.Content.PurgeAskers(ctx, time.Now())
			return err
		}))},
	)
	if a.Traffic != nil {
		js = append(js, Job{"traffic-purge", a.Traffic.PurgeJob(time.Now)})
	}
	return js
}

// notificationAge is how long a notification is kept, read or not.
const notificationAge = 365 * 24 * time.Hour

// uploadLitterAge is how long a temporary or staging file must have been
// left alone before the sweep removes it: a write or upload still in
// progress is younger.
const uploadLitterAge = time.Hour

// sweepUploads repairs upload batches stuck "running" with every job done
// and removes the temporary files of interrupted writes and the staging
// files no live upload refers to.
func (a *App) sweepUploads(ctx context.Context, now time.Time) error {
	repaired, rerr := a.Content.RepairBatches(ctx, now)
	temps, terr := a.Files.SweepTemp(now, uploadLitterAge)
	staged, serr := a.Content.SweepStaging(ctx, now, uploadLitterAge)
	if repaired+temps+staged > 0 {
		a.Log.Info("upload sweep", "batches_closed", repaired, "temp_files", temps, "staging_entries", staged)
	}
	return errors.Join(rerr, terr, serr)
}
