package roles

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// MinPasswordLength is the shortest password accepted (SPEC §1).
const MinPasswordLength = 10

// HashParams are Argon2id cost settings. The defaults follow OWASP's
// recommendation for Argon2id (19 MiB, 2 passes, 1 lane): about 30 ms on one
// core, so a login burst cannot exhaust the server's memory.
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
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return errors.New("roles: unknown password hash format")
	}
	var p HashParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return fmt.Errorf("roles: password hash parameters: %w", err)
	}
	// argon2.IDKey panics on t or p below 1 (and on an empty key length).
	if p.Time < 1 || p.Threads < 1 {
		return fmt.Errorf("roles: password hash parameters out of range: %s", parts[3])
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
