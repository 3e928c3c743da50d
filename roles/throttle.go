package roles

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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

// dummyHash is verified against when the ID is unknown so both paths take
// the same time.
var dummyHash, _ = HashPassword("not a real password", DefaultHashParams)

// Authenticate checks a login attempt from ip at now, with throttling per
// account and per IP. It returns *Throttled, ErrBadCredentials, ErrDisabled,
// or the user.
func (s *Store) Authenticate(ctx context.Context, citizenID, password, ip string, now time.Time) (User, error) {
	cid := NormalizeCitizenID(citizenID)
	keys := []struct {
		key  string
		rule ThrottleRule
	}{{"acct:" + cid, s.Policy.Account}, {"ip:" + ip, s.Policy.IP}}
	for _, k := range keys {
		if wait, err := s.lockedFor(ctx, k.key, now); err != nil {
			return User{}, err
		} else if wait > 0 {
			return User{}, &Throttled{RetryAfter: wait}
		}
	}
	u, hash, err := s.passwordHash(ctx, cid)
	if errors.Is(err, newsroom.ErrNotFound) {
		hash = dummyHash
	} else if err != nil {
		return User{}, err
	}
	if VerifyPassword(hash, password) != nil || u.ID == 0 {
		for _, k := range keys {
			if err := s.recordFailure(ctx, k.key, k.rule, now); err != nil {
				return User{}, err
			}
		}
		return User{}, ErrBadCredentials
	}
	if !u.Active {
		return User{}, ErrDisabled
	}
	if _, err := s.db.W.ExecContext(ctx, `DELETE FROM login_throttle WHERE key = ?`, keys[0].key); err != nil {
		return User{}, fmt.Errorf("roles: clear throttle: %w", err)
	}
	if _, err := s.db.W.ExecContext(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, ms(now), u.ID); err != nil {
		return User{}, fmt.Errorf("roles: record login: %w", err)
	}
	u.LastLoginAt = now
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

func (s *Store) lockedFor(ctx context.Context, key string, now time.Time) (time.Duration, error) {
	var until int64
	err := s.db.W.QueryRowContext(ctx, `SELECT locked_until FROM login_throttle WHERE key = ?`, key).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("roles: read throttle: %w", err)
	}
	if wait := fromMS(until).Sub(now); wait > 0 {
		return wait.Round(time.Second), nil
	}
	return 0, nil
}

func (s *Store) recordFailure(ctx context.Context, key string, rule ThrottleRule, now time.Time) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var failures int
		var last int64
		err := tx.QueryRowContext(ctx, `SELECT failures, last_failure FROM login_throttle WHERE key = ?`, key).Scan(&failures, &last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("roles: read throttle: %w", err)
		}
		if now.Sub(fromMS(last)) > rule.Reset {
			failures = 0
		}
		failures++
		until := now.Add(rule.lockFor(failures))
		_, err = tx.ExecContext(ctx, `INSERT INTO login_throttle (key, failures, last_failure, locked_until) VALUES (?, ?, ?, ?)
			ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure, locked_until = excluded.locked_until`,
			key, failures, ms(now), ms(until))
		if err != nil {
			return fmt.Errorf("roles: record failed login: %w", err)
		}
		return nil
	})
}

// PurgeThrottle removes counters idle for a day; a background job calls it.
func (s *Store) PurgeThrottle(ctx context.Context, now time.Time) error {
	_, err := s.db.W.ExecContext(ctx, `DELETE FROM login_throttle WHERE last_failure < ? AND locked_until < ?`, ms(now.Add(-24*time.Hour)), ms(now))
	return err
}
