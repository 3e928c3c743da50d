package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"newsroom/content"
	"newsroom/jobs"
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

// instance names this App among the instances that share its database:
// the process's jobs.Instance and the App itself (a test runs two Apps in
// one process).
func (a *App) instance() string { return fmt.Sprintf("%s/%p", jobs.Instance, a) }

// once runs fn only on the one instance of the cluster that takes the
// job's lease for this period (jobs.Once): work that must not run twice, or
// would only be done twice for nothing. On SQLite's single instance it
// always runs.
func (a *App) once(name string, period time.Duration, fn func(ctx context.Context) error) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		ok, err := jobs.OnceAs(ctx, a.DB, a.instance(), name, period)
		if err != nil {
			return err
		}
		if leaseAnswered != nil {
			leaseAnswered(a, name, ok)
		}
		if !ok {
			return nil // another instance runs it this period
		}
		return fn(ctx)
	}
}

// leaseAnswered, when set (tests only, before any job starts), hears each
// answer an instance had from a job's lease: whether it runs the job now.
var leaseAnswered func(a *App, name string, ran bool)

// tallyLease is how long the instance that ran the featured tally keeps it
// to itself: the job runs at start and at 00:05, so instances starting
// together tally once, and at 00:05 the lease is free for whichever comes
// first.
const tallyLease = time.Hour

// tallyJob is the featured tally (content's CatchUpTally) at start and then
// daily at 00:05 Bangkok, on one instance of the cluster at a time.
func (a *App) tallyJob(now func() time.Time) func(ctx context.Context) error {
	tally := a.once("featured-tally", tallyLease, func(ctx context.Context) error {
		_, err := a.Content.CatchUpTally(ctx, now())
		return err
	})
	return func(ctx context.Context) error {
		for {
			if err := tally(ctx); err != nil && ctx.Err() == nil {
				a.Log.Error("featured tally", "err", err)
			}
			t := now()
			next := content.StartOfDay(t).AddDate(0, 0, 1).Add(5 * time.Minute)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(next.Sub(t)):
			}
		}
	}
}

// Jobs is the background work the server runs beside the HTTP handler.
//
// With several instances on one PostgreSQL database (issue 15) each runs
// these loops; the ones whose double run would be wrong or wasteful (the
// tally, the purges of shared data, the sweeps) go through a.once, so one
// instance does them per period. Per instance by design: the job queues'
// workers (they claim jobs safely), the view counter (each flushes its own
// counts, which add up), the listener of content changes, the cheap idempotent
// deletes of expired sessions and throttles, and the ITA year check (a
// serializable transaction).
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
		Job{"notification-purge", every(24*time.Hour, logErr("notification-purge", a.once("notification-purge", 24*time.Hour, func(ctx context.Context) error {
			_, err := a.Notify.Purge(ctx, notificationAge)
			return err
		})))},
		Job{"view-counter", a.Counter.Run},
		Job{"featured-tally", a.tallyJob(time.Now)},
		// The ITA/OIT hub's current fiscal year opens by itself on 1 October.
		Job{"ita-year", every(time.Hour, logErr("ita-year", func(ctx context.Context) error {
			_, err := a.Content.EnsureITAYear(ctx, time.Now())
			return err
		}))},
		Job{"job-purge", every(24*time.Hour, logErr("job-purge", a.once("job-purge", 24*time.Hour, func(ctx context.Context) error {
			return a.Queue.PurgeDone(ctx, 7*24*time.Hour)
		})))},
		Job{"media-sweep", every(24*time.Hour, logErr("media-sweep", a.once("media-sweep", 24*time.Hour, func(ctx context.Context) error {
			_, err := a.Content.SweepOrphans(ctx, a.Files, time.Now())
			return err
		})))},
		// At start and daily: batches left "running" with nothing to do are
		// closed, and interrupted writes and uploads leave no litter.
		Job{"upload-sweep", every(24*time.Hour, logErr("upload-sweep", func(ctx context.Context) error {
			return a.sweepUploads(ctx, time.Now())
		}))},
		Job{"draft-photo-purge", every(time.Hour, logErr("draft-photo-purge", a.once("draft-photo-purge", time.Hour, func(ctx context.Context) error {
			if err := a.Content.PurgePending(ctx, time.Now(), 48*time.Hour); err != nil {
				return err
			}
			return a.Content.PurgeDrafts(ctx, time.Now(), 48*time.Hour)
		})))},
		// Form drafts untouched for 30 days, and forms stashed from expired
		// sessions over a day ago.
		Job{"form-draft-purge", every(time.Hour, logErr("form-draft-purge", a.once("form-draft-purge", time.Hour, a.Web.Drafts.Purge)))},
		// Items in the trash longer than content.TrashDays go for good,
		// with their files and preview links; long-expired preview links go.
		Job{"trash-purge", every(time.Hour, logErr("trash-purge", a.once("trash-purge", time.Hour, func(ctx context.Context) error {
			_, err := a.Content.PurgeTrash(ctx, time.Now())
			_, perr := a.Content.PurgePreviewLinks(ctx, time.Now())
			return errors.Join(err, perr)
		})))},
		// At start and daily: askers' names and e-mails older than the Q&A
		// retention period are blanked (PDPA).
		Job{"qa-purge", every(24*time.Hour, logErr("qa-purge", a.once("qa-purge", 24*time.Hour, func(ctx context.Context) error {
			_, err := a.Content.PurgeAskers(ctx, time.Now())
			return err
		})))},
	)
	if a.DB.IsPostgres() {
		// Other instances' changes reach this one's page caches at once.
		js = append(js, Job{"content-listen", a.Content.ListenVersions})
	}
	switch {
	case a.Traffic != nil && a.DB.IsPostgres():
		// One purge of every instance's chain per day across the cluster
		// (the purge itself is idempotent and takes turns by an advisory
		// lock, should two ever overlap).
		js = append(js, Job{"traffic-purge", every(24*time.Hour, logErr("traffic-purge", a.once("traffic-purge", 24*time.Hour, func(ctx context.Context) error {
			n, err := a.Traffic.Purge(ctx, time.Now())
			if n > 0 {
				a.Log.Info("audit: purged old traffic records", "deleted", n, "retention_days", a.Cfg.TrafficRetentionDays)
			}
			return err
		})))})
	case a.Traffic != nil:
		// The single instance's traffic.db.
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
// files no live upload refers to. The batches and the staging area are
// shared by the instances, so one instance sweeps them per day (a.once);
// each sweeps the temporary files of its own writes.
func (a *App) sweepUploads(ctx context.Context, now time.Time) error {
	var repaired, staged int
	var rerr, serr error
	lerr := a.once("upload-sweep", 24*time.Hour, func(ctx context.Context) error {
		repaired, rerr = a.Content.RepairBatches(ctx, now)
		staged, serr = a.Content.SweepStaging(ctx, now, uploadLitterAge)
		return nil
	})(ctx)
	temps, terr := a.Files.SweepTemp(now, uploadLitterAge)
	if repaired+temps+staged > 0 {
		a.Log.Info("upload sweep", "batches_closed", repaired, "temp_files", temps, "staging_entries", staged)
	}
	return errors.Join(lerr, rerr, terr, serr)
}
