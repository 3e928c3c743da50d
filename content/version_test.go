package content

import "testing"

// The version a listener hears only moves forward, whatever order the
// notifications and re-reads arrive in, and forget makes the next Version
// read the database again without losing what was known.
func TestVersionCacheHeardAndForget(t *testing.T) {
	var c versionCache
	for i, s := range []struct {
		op   string
		v    int64
		want int64
	}{
		{"heard", 5, 5},
		{"heard", 7, 7},
		{"heard", 6, 7}, // an older notification arriving late
		{"forget", 0, 7},
		{"heard", 9, 9},
	} {
		if s.op == "heard" {
			c.heard(s.v)
		} else {
			c.forget()
		}
		r := c.mu.Load()
		if r == nil || r.v != s.want {
			t.Fatalf("step %d (%s %d): version %+v, want %d", i, s.op, s.v, r, s.want)
		}
		if s.op == "forget" && !r.at.IsZero() {
			t.Fatalf("step %d: forget left the read time %v; the next Version must read again", i, r.at)
		}
	}
}
