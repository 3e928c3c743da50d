package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"newsroom/db"
)

// Instance names this process among the instances that share a database:
// the host, the process id and a random part (a restarted process is a new
// instance). It is what a job lease records as its holder.
var Instance = instanceName()

func instanceName() string {
	host, _ := os.Hostname()
	if len(host) > 100 {
		host = host[:100]
	}
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Once reports whether this instance may run the periodic job called name
// now: exactly one of the instances sharing the database gets a true for
// each period (a daily tally, a purge). It takes the job's lease in
// job_leases with one atomic upsert: the lease is taken when it has run out
// or is this instance's already, and then lasts period, less a tenth so
// that the next scheduled run finds it free whatever the timers' jitter.
// An instance that holds the lease keeps it by running on schedule; when
// it dies, another takes the job over at its first run after the lease.
//
// On SQLite there is one instance; its restarts count as the same holder,
// so Once is always true there and the jobs run as they always did (at
// start, then each period).
func Once(ctx context.Context, d *db.DB, name string, period time.Duration) (bool, error) {
	return OnceAs(ctx, d, Instance, name, period)
}

// OnceAs is Once for the instance called holder (Instance and a suffix of
// its own when one process runs several instances, as tests do).
func OnceAs(ctx context.Context, d *db.DB, holder, name string, period time.Duration) (bool, error) {
	if !d.IsPostgres() {
		holder = "sqlite"
	}
	return takeLease(ctx, d, name, holder, period, time.Now())
}

// takeLease is Once for holder at now.
func takeLease(ctx context.Context, d *db.DB, name, holder string, period time.Duration, now time.Time) (bool, error) {
	until := now.Add(period - period/10).UnixMilli()
	res, err := d.W.ExecContext(ctx, `INSERT INTO job_leases (name, holder, lease_until, runs) VALUES (?, ?, ?, 1)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until, runs = job_leases.runs + 1
		WHERE job_leases.lease_until <= ? OR job_leases.holder = excluded.holder`, name, holder, until, now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("jobs: lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("jobs: lease %s: %w", name, err)
	}
	return n == 1, nil
}
