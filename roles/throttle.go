package roles

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"newsroom"
)

// ThrottleRule is the back-off for one kind of key: after Free failures each
// further failure locks the key for Base·2^(n-Free-1), never more than Max.
// Counters reset when a key has had no failure for Reset.
type ThrottleRule struct {
	Free  int
	Base  time.Duration
	Max   time.Duration
	Reset time.Duration
}

func (r ThrottleRule) lockFor(failures int) time.Duration {
	if failures <= r.Free {
		return 0
	}
	d := r.Base
	for i := r.Free + 1; i < failures && d < r.Max; i++ {
		d *= 2
	}
	return min(d, r.Max)
}

// ThrottlePolicy holds the rules per account and per client IP. The account
// rule's Max is short on purpose: an attacker who knows someone's ID can slow
// them down but never lock them out for long, while the IP rule stops one
// address from spraying guesses over many accounts.
type ThrottlePolicy struct {
	Account ThrottleRule
	IP      ThrottleRule
}

// DefaultThrottlePolicy is used in production.
var DefaultThrottlePolicy = ThrottlePolicy{
	Account: ThrottleRule{Free: 5, Base: 30 * time.Second, Max: 5 * time.Minute, Reset: time.Hour},
	IP:      ThrottleRule{Free: 20, Base: time.Minute, Max: 15 * time.Minute, Reset: time.Hour},
}

// Throttled is returned when a login is refused before checking the password.
// It says how long to wait and nothing about whether the account exists.
type Throttled struct{ RetryAfter time.Duration }

func (t *Throttled) Error() string {
	return fmt.Sprintf("roles: too many failed logins, retry in %s", t.RetryAfter)
}

// ErrBadCredentials is the one answer for an unknown ID or a wrong password.
var ErrBadCredentials = errors.New("roles: wrong citizen ID or password")

// ErrDisabled means the password was right but the account is disabled.
var ErrDisabled = errors.New("roles: account disabled")

// ErrBusy means as many password checks are running as the Store's HashGate
// allows. The login is refused at once, before anything is counted against
// the account or address; the client may retry after BusyRetryAfter.
var ErrBusy = errors.New("roles: too many logins in progress")

// BusyRetryAfter is the wait suggested with ErrBusy: a check takes tens of
// milliseconds, so the gate has room again almost at once.
const BusyRetryAfter = time.Second

// loginState is the Store's in-memory part of Authenticate.
type loginState struct {
	checks     atomic.Int64
	verifyHook func() // tests: runs just before each password check
	dummyOnce  sync.Once
	dummy      string
}

// PasswordChecks returns how many password checks (against a real hash or
// the dummy one) Authenticate has run since the Store was made.
func (s *Store) PasswordChecks() int64 { return s.login.checks.Load() }

// dummyHash is verified against when the ID is unknown, at the Store's own
// cost, so both paths take the same time and the same memory.
func (s *Store) dummyHash() string {
	s.login.dummyOnce.Do(func() {
		s.login.dummy, _ = HashPassword("not a real password", s.hash)
	})
	return s.login.dummy
}

type throttleKey struct {
	key  string
	rule ThrottleRule
}

type throttleRow struct {
	failures    int
	last, until int64 // ms
}

// reservation is one key's counter before and after an attempt counted
// itself as a failure in advance.
type reservation struct {
	throttleKey
	existed       bool
	before, after throttleRow
}

// Authenticate checks a login attempt from ip at now, with throttling per
// account and per IP. It returns *Throttled, ErrBadCredentials, ErrDisabled,
// ErrBusy, or the user.
//
// Every attempt reserves its place in both counters before the password is
// checked: one write transaction refuses it if a key is locked, else counts
// it as a failure in advance (setting the lock that failure earns). So
// concurrent attempts are throttled exactly like sequential ones: no more
// than Free+1 passwords of one account, or of one address, are checked
// before the lock, however many arrive at once. A right password takes the
// reservation back. The citizen ID is normalised once, here; one that is not
// a valid ID is never looked up nor used as a key, but still costs the
// address a failure.
func (s *Store) Authenticate(ctx context.Context, citizenID, password, ip string, now time.Time) (User, error) {
	cid, wellFormed := NormalizeCitizenID(citizenID)
	keys := []throttleKey{{"ip:" + ip, s.Policy.IP}}
	if wellFormed {
		keys = append([]throttleKey{{"acct:" + cid, s.Policy.Account}}, keys...)
	}
	// A locked key is refused from a read, without taking the writer or a
	// hashing slot; the reservation below decides atomically.
	if wait, err := s.lockedFor(ctx, keys, now); err != nil {
		return User{}, err
	} else if wait > 0 {
		return User{}, &Throttled{RetryAfter: wait}
	}
	if !wellFormed {
		if _, err := s.reserve(ctx, keys, now); err != nil {
			return User{}, err
		}
		return User{}, ErrBadCredentials
	}
	u, hash, err := s.passwordHash(ctx, cid)
	if errors.Is(err, newsroom.ErrNotFound) {
		hash = s.dummyHash()
	} else if err != nil {
		return User{}, err
	}
	cost, _, err := parseHash(hash)
	if err != nil {
		cost = s.hash
	}
	release, ok := s.Hashing.TryAcquire(cost)
	if !ok {
		return User{}, ErrBusy
	}
	res, err := s.reserve(ctx, keys, now)
	if err != nil {
		release()
		return User{}, err
	}
	if s.login.verifyHook != nil {
		s.login.verifyHook()
	}
	s.login.checks.Add(1)
	err = VerifyPassword(hash, password)
	release()
	if err != nil || u.ID == 0 {
		return User{}, ErrBadCredentials // already counted by the reservation
	}
	if !u.Active {
		// A right password is not a failure, even for a disabled account.
		if err := s.db.Tx(ctx, func(tx *sql.Tx) error { return unreserve(ctx, tx, res...) }); err != nil {
			return User{}, err
		}
		return User{}, ErrDisabled
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_throttle WHERE key = ?`, res[0].key); err != nil {
			return fmt.Errorf("roles: clear throttle: %w", err)
		}
		if err := unreserve(ctx, tx, res[1]); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET prev_login_at = last_login_at, last_login_at = ? WHERE id = ?`, ms(now), u.ID); err != nil {
			return fmt.Errorf("roles: record login: %w", err)
		}
		return nil
	})
	if err != nil {
		return User{}, err
	}
	u.PrevLoginAt, u.LastLoginAt = u.LastLoginAt, now
	return u, nil
}

func (s *Store) passwordHash(ctx context.Context, cid string) (User, string, error) {
	u, err := s.UserByCitizenID(ctx, cid)
	if err != nil {
		return User{}, "", err
	}
	var hash string
	if err := s.db.R.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, u.ID).Scan(&hash); err != nil {
		return User{}, "", notFound("password hash", err)
	}
	return u, hash, nil
}

// retryAfter is the wait until a lock ends, in whole seconds, at least 1
// while the lock holds.
func retryAfter(until int64, now time.Time) time.Duration {
	wait := fromMS(until).Sub(now)
	if wait <= 0 {
		return 0
	}
	return (wait + time.Second - 1).Truncate(time.Second)
}

// lockedFor returns the longest wait any of keys is locked for at now.
func (s *Store) lockedFor(ctx context.Context, keys []throttleKey, now time.Time) (time.Duration, error) {
	var wait time.Duration
	for _, k := range keys {
		var until int64
		err := s.db.R.QueryRowContext(ctx, `SELECT locked_until FROM login_throttle WHERE key = ?`, k.key).Scan(&until)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return 0, fmt.Errorf("roles: read throttle: %w", err)
		}
		wait = max(wait, retryAfter(until, now))
	}
	return wait, nil
}

// reserve counts one attempt as a failure on every key, in one write
// transaction, unless a key is locked: then nothing is counted and the
// answer is *Throttled with the longest wait. The failure that passes a
// rule's Free sets the lock at once, so attempts racing this one are refused.
func (s *Store) reserve(ctx context.Context, keys []throttleKey, now time.Time) ([]reservation, error) {
	var out []reservation
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		var wait time.Duration
		for _, k := range keys {
			r := reservation{throttleKey: k, existed: true}
			err := tx.QueryRowContext(ctx, `SELECT failures, last_failure, locked_until FROM login_throttle WHERE key = ?`, k.key).
				Scan(&r.before.failures, &r.before.last, &r.before.until)
			if errors.Is(err, sql.ErrNoRows) {
				r.existed = false
			} else if err != nil {
				return fmt.Errorf("roles: read throttle: %w", err)
			}
			wait = max(wait, retryAfter(r.before.until, now))
			out = append(out, r)
		}
		if wait > 0 {
			return &Throttled{RetryAfter: wait}
		}
		for i := range out {
			r := &out[i]
			failures := r.before.failures
			if !r.existed || now.Sub(fromMS(r.before.last)) > r.rule.Reset {
				failures = 0
			}
			failures++
			r.after = throttleRow{failures: failures, last: ms(now), until: ms(now.Add(r.rule.lockFor(failures)))}
			_, err := tx.ExecContext(ctx, `INSERT INTO login_throttle (key, failures, last_failure, locked_until) VALUES (?, ?, ?, ?)
				ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure, locked_until = excluded.locked_until`,
				r.key, r.after.failures, r.after.last, r.after.until)
			if err != nil {
				return fmt.Errorf("roles: record failed login: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// unreserve takes reservations back: a key nobody has counted on since is
// restored exactly as it was (lock included); otherwise only this attempt's
// failure is taken off the count.
func unreserve(ctx context.Context, tx *sql.Tx, rs ...reservation) error {
	for _, r := range rs {
		var res sql.Result
		var err error
		if r.existed {
			res, err = tx.ExecContext(ctx, `UPDATE login_throttle SET failures = ?, last_failure = ?, locked_until = ?
				WHERE key = ? AND failures = ? AND last_failure = ? AND locked_until = ?`,
				r.before.failures, r.before.last, r.before.until, r.key, r.after.failures, r.after.last, r.after.until)
		} else {
			res, err = tx.ExecContext(ctx, `DELETE FROM login_throttle WHERE key = ? AND failures = ? AND last_failure = ? AND locked_until = ?`,
				r.key, r.after.failures, r.after.last, r.after.until)
		}
		if err != nil {
			return fmt.Errorf("roles: release throttle: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("roles: release throttle: %w", err)
		} else if n == 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE login_throttle SET failures = CASE WHEN failures > 1 THEN failures - 1 ELSE 0 END WHERE key = ?`, r.key); err != nil {
				return fmt.Errorf("roles: release throttle: %w", err)
			}
		}
	}
	return nil
}

// PurgeThrottle removes counters idle for a day; a background job calls it.
func (s *Store) PurgeThrottle(ctx context.Context, now time.Time) error {
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM login_throttle WHERE last_failure < ? AND locked_until < ?`, ms(now.Add(-24*time.Hour)), ms(now))
	return err
}
