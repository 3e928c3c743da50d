package roles_test

import (
	"errors"
	"strings"
	"testing"

	"newsroom/roles"
)

func TestHashAndVerifyPassword(t *testing.T) {
	passwords := []string{
		"correct horse battery",
		"รหัสผ่านภาษาไทย๑๒๓",        // Thai letters, tone marks and digits
		"ก่อนหน้านี้ไม่มีใครรู้",    // combining vowels and tone marks
		"with spaces and émojis 🙂🙂", // non-BMP
		strings.Repeat("a", 500),
		"",
	}
	for _, pw := range passwords {
		t.Run(pw, func(t *testing.T) {
			h, err := roles.HashPassword(pw, roles.TestHashParams)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
				t.Errorf("hash %q: not a PHC argon2id string with the given parameters", h)
			}
			if strings.Contains(h, pw) && pw != "" {
				t.Errorf("hash contains the password")
			}
			if err := roles.VerifyPassword(h, pw); err != nil {
				t.Errorf("right password: %v", err)
			}
			for _, wrong := range []string{pw + " ", pw + "x", strings.ToUpper(pw) + "X", "x" + pw, "ก" + pw} {
				if err := roles.VerifyPassword(h, wrong); !errors.Is(err, roles.ErrPasswordMismatch) {
					t.Errorf("wrong password %q: got %v, want ErrPasswordMismatch", wrong, err)
				}
			}
			if len(pw) > 1 {
				if err := roles.VerifyPassword(h, pw[:len(pw)-1]); !errors.Is(err, roles.ErrPasswordMismatch) {
					t.Errorf("truncated password: got %v, want ErrPasswordMismatch", err)
				}
			}
		})
	}
}

func TestHashPasswordIsSalted(t *testing.T) {
	a, err := roles.HashPassword("same password!", roles.TestHashParams)
	if err != nil {
		t.Fatal(err)
	}
	b, err := roles.HashPassword("same password!", roles.TestHashParams)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatalf("two hashes of one password are equal: %s", a)
	}
	pa, pb := strings.Split(a, "$"), strings.Split(b, "$")
	if pa[4] == pb[4] || pa[5] == pb[5] {
		t.Errorf("salt or key repeated: %s / %s", a, b)
	}
	for _, h := range []string{a, b} {
		if err := roles.VerifyPassword(h, "same password!"); err != nil {
			t.Errorf("verify %s: %v", h, err)
		}
	}
}

// TestVerifyUsesParametersFromHash: a hash made with other costs (e.g. the
// production defaults) still verifies, since the parameters travel with it.
func TestVerifyUsesParametersFromHash(t *testing.T) {
	p := roles.HashParams{Memory: 2048, Time: 2, Threads: 2}
	h, err := roles.HashPassword("another password", p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h, "$m=2048,t=2,p=2$") {
		t.Errorf("hash %s does not record its parameters", h)
	}
	if err := roles.VerifyPassword(h, "another password"); err != nil {
		t.Errorf("verify: %v", err)
	}
	// The same salt and key under changed parameters must not verify.
	tampered := strings.Replace(h, "t=2", "t=1", 1)
	if err := roles.VerifyPassword(tampered, "another password"); err == nil {
		t.Errorf("hash with altered parameters still verifies")
	}
}

func TestVerifyPasswordMalformedHash(t *testing.T) {
	good, err := roles.HashPassword("pw that is long", roles.TestHashParams)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$") // "", argon2id, v=19, m=..., salt, key
	join := func(p ...string) string { return strings.Join(p, "$") }
	tests := map[string]string{
		"empty":              "",
		"plain text":         "pw that is long",
		"bcrypt":             "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":            join("", "argon2i", parts[2], parts[3], parts[4], parts[5]),
		"too few parts":      join("", "argon2id", parts[2], parts[3], parts[4]),
		"too many parts":     good + "$extra",
		"bad params":         join("", "argon2id", parts[2], "m=x,t=1,p=1", parts[4], parts[5]),
		"params missing":     join("", "argon2id", parts[2], "", parts[4], parts[5]),
		"threads overflow":   join("", "argon2id", parts[2], "m=1024,t=1,p=300", parts[4], parts[5]),
		"zero time":          join("", "argon2id", parts[2], "m=1024,t=0,p=1", parts[4], parts[5]),
		"zero threads":       join("", "argon2id", parts[2], "m=1024,t=1,p=0", parts[4], parts[5]),
		"bad salt base64":    join("", "argon2id", parts[2], parts[3], "!!!!", parts[5]),
		"bad key base64":     join("", "argon2id", parts[2], parts[3], parts[4], "@@@@"),
		"empty key":          join("", "argon2id", parts[2], parts[3], parts[4], ""),
		"short key":          join("", "argon2id", parts[2], parts[3], parts[4], "AAAA"),
		"wrong version":      join("", "argon2id", "v=16", parts[3], parts[4], parts[5]),
		"padded base64 salt": join("", "argon2id", parts[2], parts[3], parts[4]+"==", parts[5]),
	}
	for name, h := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("VerifyPassword(%q) panicked: %v", h, r)
				}
			}()
			err := roles.VerifyPassword(h, "pw that is long")
			if err == nil {
				t.Fatalf("VerifyPassword(%q) accepted the password", h)
			}
			if errors.Is(err, roles.ErrPasswordMismatch) {
				// A malformed hash is an error of its own, not "wrong password".
				t.Errorf("VerifyPassword(%q) = ErrPasswordMismatch, want a format error", h)
			}
		})
	}
}

func TestCheckPasswordPolicy(t *testing.T) {
	tests := []struct {
		pw   string
		want string
	}{
		{"", "err.password_short"},
		{"123456789", "err.password_short"},
		{"1234567890", ""},
		{"กขคงจฉชซฌ", "err.password_short"}, // 9 Thai letters = 27 bytes, still 9 characters
		{"กขคงจฉชซฌญ", ""},                  // 10 Thai letters
		{"ก่อนหน้านี้", ""},                 // 11 code points incl. tone marks
		{"🙂🙂🙂🙂🙂🙂🙂🙂🙂", "err.password_short"}, // 36 bytes, 9 characters
		{strings.Repeat("x", 200), ""},
	}
	for _, tc := range tests {
		t.Run(tc.pw, func(t *testing.T) {
			if got := roles.CheckPasswordPolicy(tc.pw); got != tc.want {
				t.Errorf("CheckPasswordPolicy(%q) = %q, want %q", tc.pw, got, tc.want)
			}
		})
	}
	if roles.MinPasswordLength != 10 {
		t.Errorf("MinPasswordLength = %d, SPEC §1 says 10", roles.MinPasswordLength)
	}
}

func TestGeneratePassword(t *testing.T) {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	seen := map[string]bool{}
	used := map[rune]bool{}
	for _, n := range []int{0, 1, 10, 12, 16, 64} {
		for range 50 {
			pw := roles.GeneratePassword(n)
			if len(pw) != n {
				t.Fatalf("GeneratePassword(%d) = %q, length %d", n, pw, len(pw))
			}
			for _, r := range pw {
				if !strings.ContainsRune(alphabet, r) {
					t.Fatalf("GeneratePassword(%d) = %q has %q outside the alphabet", n, pw, r)
				}
				if strings.ContainsRune("0O1lI", r) {
					t.Fatalf("look-alike %q in %q", r, pw)
				}
				used[r] = true
			}
			if n >= 10 {
				if seen[pw] {
					t.Fatalf("GeneratePassword repeated %q", pw)
				}
				seen[pw] = true
				if roles.CheckPasswordPolicy(pw) != "" {
					t.Fatalf("generated %q fails the policy", pw)
				}
			}
		}
	}
	// ~7,000 draws from 57 characters: every one should have come up.
	if len(used) != len(alphabet) {
		t.Errorf("only %d of %d alphabet characters ever generated", len(used), len(alphabet))
	}
}
