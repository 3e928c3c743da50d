package roles_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"newsroom/roles"
)

const attackerIP, userIP = "203.0.113.66", "192.0.2.10"

type throttleFixture struct {
	s    *roles.Store
	user roles.User
}

func newThrottleFixture(t *testing.T, p *roles.ThrottlePolicy) throttleFixture {
	t.Helper()
	s, _ := newStore(t)
	if p != nil {
		s.Policy = *p
	}
	unit := mustUnit(t, s, "sci")
	return throttleFixture{s: s, user: mustUser(t, s, 1, unit.ID, roles.Central)}
}

func (f throttleFixture) try(id, pw, ip string, now time.Time) (roles.User, error) {
	return f.s.Authenticate(context.Background(), id, pw, ip, now)
}

func wantThrottled(t *testing.T, err error, retry time.Duration) {
	t.Helper()
	var th *roles.Throttled
	if !errors.As(err, &th) {
		t.Fatalf("got %v, want *roles.Throttled", err)
	}
	if th.RetryAfter <= 0 || (retry > 0 && th.RetryAfter != retry) {
		t.Fatalf("RetryAfter = %s, want %s", th.RetryAfter, retry)
	}
	if errors.Is(err, roles.ErrBadCredentials) || errors.Is(err, roles.ErrDisabled) {
		t.Fatalf("Throttled %v also matches another answer", err)
	}
}

func TestAuthenticateAnswers(t *testing.T) {
	f := newThrottleFixture(t, nil)
	id := f.user.CitizenID
	dashed := id[:1] + "-" + id[1:5] + "-" + id[5:10] + "-" + id[10:12] + "-" + id[12:]
	tests := []struct {
		name, id, pw string
		want         error
	}{
		{"right", id, goodPW, nil},
		{"right, typed with dashes and spaces", " " + dashed + " ", goodPW, nil},
		{"wrong password", id, "wrong password", roles.ErrBadCredentials},
		{"password case", id, "Correct horse battery", roles.ErrBadCredentials},
		{"empty password", id, "", roles.ErrBadCredentials},
		{"unknown valid id", cidN(777), goodPW, roles.ErrBadCredentials},
		{"malformed id", "hello", goodPW, roles.ErrBadCredentials},
		{"empty id", "", goodPW, roles.ErrBadCredentials},
		// The password of the dummy hash checked for unknown IDs must not get
		// an unknown ID any further (e.g. to ErrDisabled).
		{"unknown id, dummy hash's password", cidN(778), "not a real password", roles.ErrBadCredentials},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// A separate IP and a later instant per case so no counter carries over.
			u, err := f.try(tc.id, tc.pw, fmt.Sprintf("198.51.100.%d", i), t0.Add(time.Duration(i)*2*time.Hour))
			if tc.want == nil {
				if err != nil || u.ID != f.user.ID {
					t.Fatalf("got %+v, %v", u, err)
				}
				return
			}
			if err != tc.want {
				t.Fatalf("got %v, want exactly %v", err, tc.want)
			}
			if u.ID != 0 {
				t.Errorf("a refused login returned user %d", u.ID)
			}
		})
	}
}

func TestAuthenticateRecordsLastLogin(t *testing.T) {
	f := newThrottleFixture(t, nil)
	at := t0.Add(3 * time.Hour)
	u, err := f.try(f.user.CitizenID, goodPW, userIP, at)
	if err != nil {
		t.Fatal(err)
	}
	if !u.LastLoginAt.Equal(at) {
		t.Errorf("returned LastLoginAt %s", u.LastLoginAt)
	}
	stored, _ := f.s.User(context.Background(), f.user.ID)
	if !stored.LastLoginAt.Equal(at) {
		t.Errorf("stored LastLoginAt %s", stored.LastLoginAt)
	}
}

// TestAccountLockout follows the documented rule: Free failures cost
// nothing, the next failure locks the account for Base, and while locked even
// the right password is refused with *Throttled.
func TestAccountLockout(t *testing.T) {
	p := roles.DefaultThrottlePolicy
	f := newThrottleFixture(t, &p)
	id := f.user.CitizenID
	now := t0
	for i := 1; i <= p.Account.Free+1; i++ {
		now = now.Add(time.Second)
		if _, err := f.try(id, "wrong password", attackerIP, now); err != roles.ErrBadCredentials {
			t.Fatalf("failure %d: got %v, want ErrBadCredentials", i, err)
		}
	}
	// Locked now, for Base (30 s), even with the right password and from another IP.
	_, err := f.try(id, goodPW, userIP, now)
	wantThrottled(t, err, p.Account.Base)
	_, err = f.try(id, goodPW, userIP, now.Add(p.Account.Base-time.Second))
	wantThrottled(t, err, time.Second)
	// A locked attempt is not counted: waiting out the lock is enough.
	now = now.Add(p.Account.Base)
	u, err := f.try(id, goodPW, userIP, now)
	if err != nil || u.ID != f.user.ID {
		t.Fatalf("after the lock: %v", err)
	}
	if n := count(t, f.s.DB(), `SELECT count(*) FROM login_throttle WHERE key = ?`, "acct:"+id); n != 0 {
		t.Errorf("a successful login left the account counter")
	}
	// The counter starts again from zero: Free more failures are free.
	for i := 1; i <= p.Account.Free; i++ {
		if _, err := f.try(id, "wrong password", attackerIP, now); err != roles.ErrBadCredentials {
			t.Fatalf("failure %d after reset: %v", i, err)
		}
	}
	if _, err := f.try(id, goodPW, userIP, now); err != nil {
		t.Fatalf("locked after %d failures following a successful login: %v", p.Account.Free, err)
	}
}

// TestUnknownIDLooksTheSame: an unknown ID gets the same answers, in the same
// order, with the same waits, as a real account (no existence leak).
func TestUnknownIDLooksTheSame(t *testing.T) {
	p := roles.ThrottlePolicy{
		Account: roles.ThrottleRule{Free: 2, Base: 30 * time.Second, Max: 5 * time.Minute, Reset: time.Hour},
		IP:      roles.ThrottleRule{Free: 100, Base: time.Minute, Max: time.Hour, Reset: time.Hour},
	}
	f := newThrottleFixture(t, &p)
	trace := func(id, ip string) []string {
		var out []string
		now := t0
		for i := 0; i < 5; i++ {
			_, err := f.try(id, "wrong password", ip, now)
			out = append(out, fmt.Sprintf("%T %v", err, err))
			now = now.Add(10 * time.Second)
		}
		return out
	}
	known, unknown := trace(f.user.CitizenID, attackerIP), trace(cidN(4242), "203.0.113.67")
	if fmt.Sprint(known) != fmt.Sprint(unknown) {
		t.Errorf("known and unknown IDs answer differently:\n known   %q\n unknown %q", known, unknown)
	}
	// Free 2: two failures, the third locks for 30 s; 10 s later 20 s remain.
	want := []string{"*errors.errorString " + roles.ErrBadCredentials.Error(), "*errors.errorString " + roles.ErrBadCredentials.Error(),
		"*errors.errorString " + roles.ErrBadCredentials.Error(), "*roles.Throttled " + (&roles.Throttled{RetryAfter: 20 * time.Second}).Error(),
		"*roles.Throttled " + (&roles.Throttled{RetryAfter: 10 * time.Second}).Error()}
	if fmt.Sprint(unknown) != fmt.Sprint(want) {
		t.Errorf("unknown ID trace\n got  %q\n want %q", unknown, want)
	}
}

// TestIPSprayIsThrottled: one address guessing over many accounts is locked
// by the IP rule though no single account reaches its limit.
func TestIPSprayIsThrottled(t *testing.T) {
	p := roles.ThrottlePolicy{
		Account: roles.ThrottleRule{Free: 5, Base: 30 * time.Second, Max: 5 * time.Minute, Reset: time.Hour},
		IP:      roles.ThrottleRule{Free: 3, Base: time.Minute, Max: 10 * time.Minute, Reset: time.Hour},
	}
	f := newThrottleFixture(t, &p)
	for i := 0; i < p.IP.Free+1; i++ {
		if _, err := f.try(cidN(100+i), "guess123456", attackerIP, t0); err != roles.ErrBadCredentials {
			t.Fatalf("spray %d: %v", i, err)
		}
	}
	// The sprayer is locked out, even for a real account with its right password.
	_, err := f.try(f.user.CitizenID, goodPW, attackerIP, t0)
	wantThrottled(t, err, p.IP.Base)
	_, err = f.try(cidN(999), "guess123456", attackerIP, t0.Add(30*time.Second))
	wantThrottled(t, err, 30*time.Second)
	// The real user, from their own address, is not affected.
	if _, err := f.try(f.user.CitizenID, goodPW, userIP, t0); err != nil {
		t.Fatalf("user from another IP: %v", err)
	}
	// A successful login does not clear the IP counter.
	if n := count(t, f.s.DB(), `SELECT count(*) FROM login_throttle WHERE key = ?`, "ip:"+attackerIP); n != 1 {
		t.Errorf("IP counter rows = %d", n)
	}
	// Next IP failure after the lock doubles it.
	now := t0.Add(p.IP.Base)
	if _, err := f.try(cidN(555), "guess123456", attackerIP, now); err != roles.ErrBadCredentials {
		t.Fatalf("after IP lock: %v", err)
	}
	_, err = f.try(cidN(556), "guess123456", attackerIP, now)
	wantThrottled(t, err, 2*p.IP.Base)
}

// TestAccountLockIsCapped: an attacker who keeps failing can slow a user but
// never lock them out for longer than Policy.Account.Max.
func TestAccountLockIsCapped(t *testing.T) {
	p := roles.ThrottlePolicy{
		Account: roles.ThrottleRule{Free: 1, Base: time.Second, Max: 8 * time.Second, Reset: time.Hour},
		IP:      roles.ThrottleRule{Free: 1000, Base: time.Second, Max: time.Second, Reset: time.Hour},
	}
	f := newThrottleFixture(t, &p)
	id := f.user.CitizenID
	now := t0
	// Failure n locks for Base·2^(n-Free-1), capped: 0 1 2 4 8 8 8 ...
	want := []time.Duration{0, 1, 2, 4, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8}
	for n, w := range want {
		w *= time.Second
		if _, err := f.try(id, "wrong password", attackerIP, now); err != roles.ErrBadCredentials {
			t.Fatalf("failure %d: %v", n+1, err)
		}
		_, err := f.try(id, goodPW, userIP, now)
		if w == 0 {
			if err != nil {
				t.Fatalf("failure %d should not lock: %v", n+1, err)
			}
			// That success reset the counter; fail again to go on.
			if _, err := f.try(id, "wrong password", attackerIP, now); err != roles.ErrBadCredentials {
				t.Fatal(err)
			}
			continue
		}
		wantThrottled(t, err, w)
		now = now.Add(w)
	}
	// The user gets in as soon as the (capped) lock passes.
	if _, err := f.try(id, goodPW, userIP, now); err != nil {
		t.Fatalf("after the capped lock: %v", err)
	}
}

// TestDefaultPolicyNeverLocksForever checks the production policy the same way.
func TestDefaultPolicyNeverLocksForever(t *testing.T) {
	p := roles.DefaultThrottlePolicy
	if p.Account.Max <= 0 || p.Account.Max > 15*time.Minute {
		t.Fatalf("default account Max = %s, want a short, finite cap", p.Account.Max)
	}
	if p.IP.Free <= p.Account.Free {
		t.Errorf("IP rule (%d free) should allow more than one account's (%d)", p.IP.Free, p.Account.Free)
	}
	p.IP.Free = 1 << 20 // let one address fail as long as it likes
	f := newThrottleFixture(t, &p)
	id := f.user.CitizenID
	now := t0
	for i := 0; i < 30; i++ {
		_, err := f.try(id, "wrong password", attackerIP, now)
		var th *roles.Throttled
		if errors.As(err, &th) {
			if th.RetryAfter > p.Account.Max {
				t.Fatalf("attempt %d: locked for %s > Max %s", i, th.RetryAfter, p.Account.Max)
			}
			now = now.Add(th.RetryAfter)
		}
	}
	now = now.Add(p.Account.Max)
	if _, err := f.try(id, goodPW, userIP, now); err != nil {
		t.Fatalf("after Max: %v", err)
	}
}

func TestThrottleCounterResets(t *testing.T) {
	p := roles.ThrottlePolicy{
		Account: roles.ThrottleRule{Free: 2, Base: time.Minute, Max: time.Minute, Reset: 10 * time.Minute},
		IP:      roles.ThrottleRule{Free: 100, Base: time.Minute, Max: time.Minute, Reset: 10 * time.Minute},
	}
	tests := []struct {
		gap    time.Duration
		locked bool
	}{
		{9 * time.Minute, true},   // failures still counted
		{11 * time.Minute, false}, // quiet longer than Reset: count starts again
	}
	for _, tc := range tests {
		t.Run(tc.gap.String(), func(t *testing.T) {
			f := newThrottleFixture(t, &p)
			id := f.user.CitizenID
			for i := 0; i < p.Account.Free; i++ {
				if _, err := f.try(id, "wrong password", attackerIP, t0); err != roles.ErrBadCredentials {
					t.Fatal(err)
				}
			}
			at := t0.Add(tc.gap)
			if _, err := f.try(id, "wrong password", attackerIP, at); err != roles.ErrBadCredentials {
				t.Fatal(err)
			}
			_, err := f.try(id, goodPW, userIP, at)
			if tc.locked {
				wantThrottled(t, err, p.Account.Base)
			} else if err != nil {
				t.Fatalf("got %v, want a login", err)
			}
		})
	}
}

func TestDisabledUserLogin(t *testing.T) {
	f := newThrottleFixture(t, nil)
	ctx := context.Background()
	mustUser(t, f.s, 2, f.user.UnitID, roles.Central) // the last central admin cannot be disabled
	if err := f.s.SetActive(ctx, f.user.ID, false, t0); err != nil {
		t.Fatal(err)
	}
	u, err := f.try(f.user.CitizenID, goodPW, userIP, t0)
	if err != roles.ErrDisabled || u.ID != 0 {
		t.Fatalf("right password of a disabled user: %+v, %v; want ErrDisabled", u, err)
	}
	if _, err := f.try(f.user.CitizenID, "wrong password", userIP, t0); err != roles.ErrBadCredentials {
		t.Fatalf("wrong password of a disabled user: %v, want ErrBadCredentials", err)
	}
	if got, _ := f.s.User(ctx, f.user.ID); !got.LastLoginAt.IsZero() {
		t.Error("a disabled user's refused login was recorded as a login")
	}
	if err := f.s.SetActive(ctx, f.user.ID, true, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := f.try(f.user.CitizenID, goodPW, userIP, t0); err != nil {
		t.Fatalf("re-enabled user: %v", err)
	}
}

func TestPurgeThrottle(t *testing.T) {
	f := newThrottleFixture(t, nil)
	ctx := context.Background()
	if _, err := f.try(cidN(1000), "x", "198.51.100.1", t0); err != roles.ErrBadCredentials {
		t.Fatal(err)
	}
	if _, err := f.try(cidN(1001), "x", "198.51.100.2", t0.Add(20*time.Hour)); err != roles.ErrBadCredentials {
		t.Fatal(err)
	}
	rows := func() int { return count(t, f.s.DB(), `SELECT count(*) FROM login_throttle`) }
	if rows() != 4 {
		t.Fatalf("%d throttle rows, want 4 (account + IP per attempt)", rows())
	}
	if err := f.s.PurgeThrottle(ctx, t0.Add(25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if rows() != 2 {
		t.Errorf("%d rows after purge, want 2 (the recent pair)", rows())
	}
}

// TestIDVariantsShareOneCounter: every spelling of one citizen ID that logs
// into the account counts against that account's one counter (issue 10: the
// ID followed by whitespace and a dash had its own counter yet logged in).
func TestIDVariantsShareOneCounter(t *testing.T) {
	p := roles.ThrottlePolicy{
		Account: roles.ThrottleRule{Free: 2, Base: time.Minute, Max: time.Minute, Reset: time.Hour},
		IP:      roles.ThrottleRule{Free: 1000, Base: time.Second, Max: time.Second, Reset: time.Hour},
	}
	variants := []struct {
		name string
		of   func(id string) string
	}{
		{"trailing tab dash", func(id string) string { return id + "\t-" }},
		{"trailing newline dash", func(id string) string { return id + "\n-" }},
		{"trailing space dash tab dash", func(id string) string { return id + " -\t-" }},
		{"leading dash tab", func(id string) string { return "-\t" + id }},
		{"inner spaces", func(id string) string {
			return id[:1] + " " + id[1:5] + " " + id[5:10] + " " + id[10:12] + " " + id[12:]
		}},
		{"inner tabs and dashes", func(id string) string { return id[:1] + "\t-" + id[1:5] + "-\t" + id[5:] }},
		{"dashes", func(id string) string {
			return id[:1] + "-" + id[1:5] + "-" + id[5:10] + "-" + id[10:12] + "-" + id[12:]
		}},
		{"en dash and NBSP", func(id string) string { return id[:5] + "\u2013" + id[5:10] + "\u00a0" + id[10:] }},
		{"zero-width space", func(id string) string { return id[:6] + "\u200b" + id[6:] }},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			f := newThrottleFixture(t, &p)
			id := f.user.CitizenID
			alt := v.of(id)
			// The variant is the account: the right password logs in.
			if u, err := f.try(alt, goodPW, userIP, t0); err != nil || u.ID != f.user.ID {
				t.Fatalf("variant %q: %+v, %v", alt, u, err)
			}
			// Failures typed either way add up: Free+1 of them lock every spelling.
			for i := 0; i <= p.Account.Free; i++ {
				typed := id
				if i%2 == 0 {
					typed = alt
				}
				if _, err := f.try(typed, "wrong password", fmt.Sprintf("198.51.100.%d", i), t0); err != roles.ErrBadCredentials {
					t.Fatalf("failure %d (%q): %v", i+1, typed, err)
				}
			}
			for _, typed := range []string{id, alt} {
				_, err := f.try(typed, goodPW, userIP, t0)
				wantThrottled(t, err, p.Account.Base)
			}
			if n := count(t, f.s.DB(), `SELECT count(*) FROM login_throttle WHERE key LIKE 'acct:%'`); n != 1 {
				t.Errorf("%d account counters, want 1", n)
			}
		})
	}
}

// TestMalformedIDIsRefusedBeforeLookup: an ID that is not 13 digits with a
// valid check digit after normalising gets the one wrong-login answer, is
// neither looked up, hashed nor made an account key, and costs the address
// a failure, so it is no free oracle.
func TestMalformedIDIsRefusedBeforeLookup(t *testing.T) {
	p := roles.ThrottlePolicy{
		Account: roles.ThrottleRule{Free: 5, Base: time.Minute, Max: time.Minute, Reset: time.Hour},
		IP:      roles.ThrottleRule{Free: 3, Base: time.Minute, Max: time.Minute, Reset: time.Hour},
	}
	f := newThrottleFixture(t, &p)
	id := f.user.CitizenID
	wrongCheck := id[:12] + string('0'+(id[12]-'0'+1)%10)
	malformed := []string{wrongCheck, id[:12], id + "0", "hello", "", id + "x", id + " " + id, "๑" + id[1:], id + "\xff"}
	for i, bad := range malformed {
		ip := fmt.Sprintf("198.51.100.%d", i)
		for n := 1; n <= p.IP.Free+1; n++ {
			if _, err := f.try(bad, goodPW, ip, t0); err != roles.ErrBadCredentials {
				t.Fatalf("%q attempt %d: got %v, want ErrBadCredentials", bad, n, err)
			}
		}
		// The address has spent its free failures on malformed IDs.
		_, err := f.try(id, goodPW, ip, t0)
		wantThrottled(t, err, p.IP.Base)
	}
	if n := f.s.PasswordChecks(); n != 0 {
		t.Errorf("%d password checks for malformed IDs, want 0", n)
	}
	if n := count(t, f.s.DB(), `SELECT count(*) FROM login_throttle WHERE key NOT LIKE 'ip:%'`); n != 0 {
		t.Errorf("%d non-IP throttle keys for malformed IDs, want 0", n)
	}
	// The real account was not touched: its owner logs in from elsewhere.
	if _, err := f.try(id, goodPW, userIP, t0); err != nil {
		t.Fatalf("owner: %v", err)
	}
}

// concurrentLogins runs n wrong-password logins at once. Each password check
// is held until every attempt has either reached its check or returned, so
// all n race past the throttle as far as they can; it returns how many
// passwords were checked and how many attempts were throttled.
func concurrentLogins(t *testing.T, s *roles.Store, n int, id func(i int) string, ip func(i int) string) (checks int64, throttled int) {
	t.Helper()
	var mu sync.Mutex
	arrived := 0 // attempts held at their check or finished
	progress := make(chan struct{}, 2*n)
	release := make(chan struct{})
	roles.SetVerifyHook(s, func() {
		mu.Lock()
		arrived++
		mu.Unlock()
		progress <- struct{}{}
		<-release
	})
	defer roles.SetVerifyHook(s, nil)
	before := s.PasswordChecks()
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := s.Authenticate(context.Background(), id(i), "wrong password", ip(i), t0)
			mu.Lock()
			arrived++
			mu.Unlock()
			progress <- struct{}{}
			errs <- err
		})
	}
	for {
		<-progress
		mu.Lock()
		done := arrived >= n
		mu.Unlock()
		if done {
			break
		}
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		var th *roles.Throttled
		switch {
		case errors.As(err, &th):
			throttled++
		case err != roles.ErrBadCredentials:
			t.Errorf("concurrent login: %v", err)
		}
	}
	return s.PasswordChecks() - before, throttled
}

// TestConcurrentLoginsOneAccount: n wrong passwords sent at once against one
// account get exactly Free+1 password checks, as many as sent one by one.
func TestConcurrentLoginsOneAccount(t *testing.T) {
	p := roles.DefaultThrottlePolicy
	f := newThrottleFixture(t, &p)
	const n = 60
	checks, throttled := concurrentLogins(t, f.s, n,
		func(int) string { return f.user.CitizenID }, func(i int) string { return fmt.Sprintf("198.51.100.%d", i) })
	if checks != int64(p.Account.Free+1) || throttled != n-p.Account.Free-1 {
		t.Fatalf("%d attempts at once: %d password checks, %d throttled; want %d and %d",
			n, checks, throttled, p.Account.Free+1, n-p.Account.Free-1)
	}
	_, err := f.try(f.user.CitizenID, goodPW, userIP, t0)
	wantThrottled(t, err, p.Account.Base)
}

// TestConcurrentLoginsOneIP: the same from one address over many accounts,
// known and unknown, is held to the IP rule's Free+1 checks.
func TestConcurrentLoginsOneIP(t *testing.T) {
	p := roles.DefaultThrottlePolicy
	f := newThrottleFixture(t, &p)
	const n = 200
	checks, throttled := concurrentLogins(t, f.s, n,
		func(i int) string {
			if i%10 == 0 {
				return f.user.CitizenID
			}
			return cidN(100 + i)
		}, func(int) string { return attackerIP })
	if checks != int64(p.IP.Free+1) || throttled != n-p.IP.Free-1 {
		t.Fatalf("%d attempts at once: %d password checks, %d throttled; want %d and %d",
			n, checks, throttled, p.IP.Free+1, n-p.IP.Free-1)
	}
	_, err := f.try(cidN(5000), "guess123456", attackerIP, t0)
	wantThrottled(t, err, p.IP.Base)
}

// TestFullHashGateAnswersBusy: while the hashing budget is taken, a login is
// refused at once with ErrBusy, nothing is hashed or counted, and it goes
// through once the budget is free.
func TestFullHashGateAnswersBusy(t *testing.T) {
	f := newThrottleFixture(t, nil)
	release, ok := f.s.Hashing.TryAcquire(roles.HashParams{Memory: math.MaxUint32})
	if !ok {
		t.Fatal("could not take the whole hashing budget")
	}
	for _, id := range []string{f.user.CitizenID, cidN(4444)} {
		if _, err := f.try(id, goodPW, userIP, t0); err != roles.ErrBusy {
			t.Fatalf("login %s while the gate is full: %v, want ErrBusy", id, err)
		}
	}
	if n := f.s.PasswordChecks(); n != 0 {
		t.Errorf("%d password checks while the gate was full", n)
	}
	if n := count(t, f.s.DB(), `SELECT count(*) FROM login_throttle`); n != 0 {
		t.Errorf("%d throttle rows for refused-busy logins, want 0", n)
	}
	release()
	if u, err := f.try(f.user.CitizenID, goodPW, userIP, t0); err != nil || u.ID != f.user.ID {
		t.Fatalf("after release: %+v, %v", u, err)
	}
}

// TestRightPasswordTakesBackItsReservation: a login counts itself as a
// failure before the check; a right password (of an active or a disabled
// account) must leave the counters as they were, even at the lock threshold.
func TestRightPasswordTakesBackItsReservation(t *testing.T) {
	p := roles.ThrottlePolicy{
		Account: roles.ThrottleRule{Free: 2, Base: time.Minute, Max: time.Minute, Reset: time.Hour},
		IP:      roles.ThrottleRule{Free: 2, Base: time.Minute, Max: time.Minute, Reset: time.Hour},
	}
	ctx := context.Background()
	for _, active := range []bool{true, false} {
		t.Run(fmt.Sprint("active=", active), func(t *testing.T) {
			f := newThrottleFixture(t, &p)
			for i := 0; i < p.IP.Free; i++ {
				if _, err := f.try(cidN(200+i), "guess123456", attackerIP, t0); err != roles.ErrBadCredentials {
					t.Fatal(err)
				}
			}
			want := roles.ErrDisabled
			if !active {
				mustUser(t, f.s, 3, f.user.UnitID, roles.Central) // the last central admin cannot be disabled
				if err := f.s.SetActive(ctx, f.user.ID, false, t0); err != nil {
					t.Fatal(err)
				}
			} else {
				want = nil
			}
			// At Free failures each right login would be the locking one if it counted.
			for i := 0; i < 3; i++ {
				if _, err := f.try(f.user.CitizenID, goodPW, attackerIP, t0); err != want {
					t.Fatalf("right login %d: %v, want %v", i+1, err, want)
				}
			}
			if n := count(t, f.s.DB(), `SELECT failures FROM login_throttle WHERE key = ?`, "ip:"+attackerIP); n != p.IP.Free {
				t.Errorf("IP failures = %d, want %d", n, p.IP.Free)
			}
		})
	}
}

func TestHashGate(t *testing.T) {
	g := roles.NewHashGate(100)
	cost := func(m uint32) roles.HashParams { return roles.HashParams{Memory: m, Time: 1, Threads: 1} }
	r1, ok1 := g.TryAcquire(cost(40))
	r2, ok2 := g.TryAcquire(cost(40))
	_, ok3 := g.TryAcquire(cost(40))
	if !ok1 || !ok2 || ok3 {
		t.Fatalf("40+40+40 in 100: %v %v %v, want true true false", ok1, ok2, ok3)
	}
	r1()
	r1() // a second release is a no-op
	r3, ok := g.TryAcquire(cost(60))
	if !ok {
		t.Fatal("60 did not fit after a release")
	}
	if _, ok := g.TryAcquire(cost(1)); ok {
		t.Fatal("a double release freed memory twice")
	}
	r2()
	r3()
	// A hash dearer than the whole budget still runs, alone.
	big, ok := g.TryAcquire(cost(1000))
	if !ok {
		t.Fatal("an over-budget hash cannot run even alone")
	}
	if _, ok := g.TryAcquire(cost(1)); ok {
		t.Fatal("something ran beside an over-budget hash")
	}
	// Acquire waits for room, and gives up with its context.
	got := make(chan error, 1)
	go func() {
		r, err := g.Acquire(context.Background(), cost(50))
		if err == nil {
			r()
		}
		got <- err
	}()
	big()
	if err := <-got; err != nil {
		t.Fatalf("Acquire after release: %v", err)
	}
	hold, _ := g.TryAcquire(cost(100))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := g.Acquire(ctx, cost(1)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Acquire on a full gate with a cancelled context: %v", err)
	}
	hold()
	// A zero budget still lets one hash run at a time.
	z := roles.NewHashGate(0)
	if r, ok := z.TryAcquire(cost(19 * 1024)); !ok {
		t.Fatal("zero budget runs nothing")
	} else {
		r()
	}
}

// TestAuthenticateKeepsPreviousLogin: the login before this one is kept, for
// the dashboard's "last login".
func TestAuthenticateKeepsPreviousLogin(t *testing.T) {
	f := newThrottleFixture(t, nil)
	first, second := t0.Add(3*time.Hour), t0.Add(27*time.Hour)
	u, err := f.try(f.user.CitizenID, goodPW, userIP, first)
	if err != nil {
		t.Fatal(err)
	}
	if !u.PrevLoginAt.IsZero() {
		t.Errorf("first login: PrevLoginAt %s, want none", u.PrevLoginAt)
	}
	u, err = f.try(f.user.CitizenID, goodPW, userIP, second)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := f.s.User(context.Background(), f.user.ID)
	for name, got := range map[string]roles.User{"returned": u, "stored": stored} {
		if !got.PrevLoginAt.Equal(first) || !got.LastLoginAt.Equal(second) {
			t.Errorf("%s after two logins: prev %s, last %s; want %s, %s", name, got.PrevLoginAt, got.LastLoginAt, first, second)
		}
	}
}
