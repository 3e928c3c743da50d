package roles_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"newsroom/db"
	"newsroom/db/dbtest"
	"newsroom/roles"
)

// t0 is the fixed instant the store tests stand at.
var t0 = time.Date(2025, 6, 12, 9, 0, 0, 0, time.UTC)

// openDB opens a fresh, migrated database file in the test's temp dir.
func openDB(t *testing.T) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), dbtest.Target(t, t.TempDir()))
	if err != nil {
		t.Fatalf("db.Open: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func newStore(t *testing.T) (*roles.Store, *db.DB) {
	t.Helper()
	d := openDB(t)
	return roles.NewStore(d, roles.TestHashParams), d
}

// checkDigit is the SPEC §1 formula written independently of the code under
// test: d13 = (11 - (Σ d_i·(14-i), i=1..12) mod 11) mod 10.
func checkDigit(first12 string) int {
	sum := 0
	for i := 1; i <= 12; i++ {
		sum += int(first12[i-1]-'0') * (14 - i)
	}
	return (11 - sum%11) % 10
}

// cid makes a valid citizen ID from a 12-digit prefix.
func cid(first12 string) string {
	return fmt.Sprintf("%s%d", first12, checkDigit(first12))
}

// cidN makes the n-th distinct valid citizen ID.
func cidN(n int) string { return cid(fmt.Sprintf("3%011d", n)) }

func mustUnit(t *testing.T, s *roles.Store, code string) roles.Unit {
	t.Helper()
	u, err := s.CreateUnit(context.Background(), roles.Unit{Code: code, NameTH: "หน่วย " + code, NameEN: "Unit " + code, Kind: "faculty"}, t0)
	if err != nil {
		t.Fatalf("CreateUnit %s: %v", code, err)
	}
	return u
}

const goodPW = "correct horse battery"

func mustUser(t *testing.T, s *roles.Store, n int, unit int64, role roles.Role, grants ...roles.Category) roles.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), roles.UserInput{
		CitizenID: cidN(n), Name: fmt.Sprintf("ผู้ใช้ %d", n), UnitID: unit, Role: role, Grants: grants, Password: goodPW,
	}, t0)
	if err != nil {
		t.Fatalf("CreateUser %d: %v", n, err)
	}
	return u
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.R.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
