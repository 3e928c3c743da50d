package roles

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// MinPasswordLength is the shortest password accepted (SPEC §1).
const MinPasswordLength = 10

// HashParams are Argon2id cost settings. The defaults follow OWASP's
// recommendation for Argon2id (19 MiB, 2 passes, 1 lane): about 30 ms on one
// core. Each running hash holds Memory, so a Store's HashGate bounds how many
// run at once.
type HashParams struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultHashParams are used in production.
var DefaultHashParams = HashParams{Memory: 19 * 1024, Time: 2, Threads: 1}

// TestHashParams are cheap settings for tests only.
var TestHashParams = HashParams{Memory: 1024, Time: 1, Threads: 1}

// ErrPasswordMismatch means the password is wrong.
var ErrPasswordMismatch = errors.New("roles: password mismatch")

// CheckPasswordPolicy returns a message key when pw is too weak, else "".
func CheckPasswordPolicy(pw string) string {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return "err.password_short"
	}
	return ""
}

// HashPassword returns an encoded Argon2id hash in the PHC string format, so
// the parameters travel with the hash and can be raised later.
func HashPassword(pw string, p HashParams) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword checks pw against an encoded hash in constant time.
func VerifyPassword(encoded, pw string) error {
	p, parts, err := parseHash(encoded)
	if err != nil {
		return err
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return fmt.Errorf("roles: password hash salt: %w", err)
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return fmt.Errorf("roles: password hash key: %w", err)
	}
	if len(want) < 16 {
		return errors.New("roles: password hash key too short")
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return ErrPasswordMismatch
	}
	return nil
}

// hashPassword hashes pw at the Store's cost once the gate has room.
func (s *Store) hashPassword(ctx context.Context, pw string) (string, error) {
	release, err := s.Hashing.Acquire(ctx, s.hash)
	if err != nil {
		return "", err
	}
	defer release()
	return HashPassword(pw, s.hash)
}

// parseHash splits an encoded hash and reads its cost parameters.
func parseHash(encoded string) (HashParams, []string, error) {
	var p HashParams
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, nil, errors.New("roles: unknown password hash format")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, fmt.Errorf("roles: password hash parameters: %w", err)
	}
	// argon2.IDKey panics on t or p below 1 (and on an empty key length).
	if p.Time < 1 || p.Threads < 1 {
		return p, nil, fmt.Errorf("roles: password hash parameters out of range: %s", parts[3])
	}
	return p, parts, nil
}

// DefaultHashBudget is the memory, in KiB, that concurrent Argon2id hashes of
// one Store may use together: 256 MiB, i.e. 13 hashes at the default cost.
const DefaultHashBudget = 256 * 1024

// HashGate bounds the memory of the Argon2id hashes running at once. Each
// hash holds its Memory parameter (in KiB) for as long as it runs; one whose
// cost alone exceeds the budget holds the whole budget, so it still runs, but
// alone. Login answers "busy" at once when the gate is full (TryAcquire), so
// a burst of logins is refused instead of queued; setting a password, an
// authenticated and rare action, waits its turn (Acquire).
type HashGate struct {
	mu      sync.Mutex
	budget  uint64
	used    uint64
	changed chan struct{} // closed and replaced on every release
}

// NewHashGate returns a gate for budgetKiB of hashing memory (at least 1).
func NewHashGate(budgetKiB uint64) *HashGate {
	return &HashGate{budget: max(budgetKiB, 1), changed: make(chan struct{})}
}

func (g *HashGate) cost(p HashParams) uint64 {
	return min(max(uint64(p.Memory), 1), g.budget)
}

// TryAcquire reserves the memory of one hash with cost p if it is free now.
// release must be called exactly once when the hash is done.
func (g *HashGate) TryAcquire(p HashParams) (release func(), ok bool) {
	c := g.cost(p)
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.used+c > g.budget {
		return nil, false
	}
	g.used += c
	return g.releaser(c), true
}

// Acquire waits until the memory of one hash with cost p is free.
func (g *HashGate) Acquire(ctx context.Context, p HashParams) (release func(), err error) {
	for {
		g.mu.Lock()
		changed := g.changed
		g.mu.Unlock()
		if release, ok := g.TryAcquire(p); ok {
			return release, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (g *HashGate) releaser(c uint64) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			g.mu.Lock()
			g.used -= c
			close(g.changed)
			g.changed = make(chan struct{})
			g.mu.Unlock()
		})
	}
}

// GeneratePassword makes a random password of n characters from an alphabet
// without look-alikes (no 0/O, 1/l/I), for first-run admins and resets.
func GeneratePassword(n int) string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	return randomFrom(alphabet, n)
}

func randomFrom(alphabet string, n int) string {
	// Rejection sampling keeps every character equally likely.
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, 1)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic(err) // crypto/rand does not fail on supported platforms
		}
		if int(buf[0]) < limit {
			out = append(out, alphabet[int(buf[0])%len(alphabet)])
		}
	}
	return string(out)
}
