package app_test

import (
	"context"
	"strings"
	"testing"

	"newsroom/roles"
)

func TestFirstRunPrintsOneAdminLoginOnce(t *testing.T) {
	ta := newTestApp(t)
	if n := strings.Count(ta.out.String(), "admin login:"); n != 1 {
		t.Fatalf("admin login printed %d times", n)
	}
	if !roles.ValidCitizenID(ta.adminID) || len(ta.adminPW) < roles.MinPasswordLength {
		t.Fatalf("bad generated login %q %q", ta.adminID, ta.adminPW)
	}
	units, _ := ta.users.Units(context.Background(), false)
	if len(units) != len(npuUnits) {
		t.Fatalf("units: got %d, want %d", len(units), len(npuUnits))
	}
	// A restart on the same data prints nothing and creates no second admin.
	ta.srv.Close()
	ta.app.Close()
	var out strings.Builder
	a, err := newApp(context.Background(), ta.cfg, ta.log, &out, appOptions{hash: roles.TestHashParams})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if out.Len() != 0 {
		t.Fatalf("second start printed %q", out.String())
	}
}

func TestProductionStartHasNoDemoUsers(t *testing.T) {
	ta := newTestApp(t, func(c *Config) { c.Demo = false })
	n, _ := ta.users.CountUsers(context.Background())
	if n != 1 {
		t.Fatalf("users without demo: %d, want only the admin", n)
	}
}
