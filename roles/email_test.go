package roles_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"newsroom"
	"newsroom/roles"
)

// A user's e-mail address is optional, kept trimmed, bounded and checked;
// an update changes it and an empty one clears it.
func TestUserEmail(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	unit := mustUnit(t, s, "sci")
	for i, tc := range []struct {
		email, want, err string
	}{
		{"", "", ""},
		{"  dao.hr@npu.ac.th ", "dao.hr@npu.ac.th", ""},
		{"first+tag@mail.example.ac.th", "first+tag@mail.example.ac.th", ""},
		{"no-at-sign", "", "err.email"},
		{"Dao <dao@npu.ac.th>", "", "err.email"},
		{"dao@npu.ac.th, other@npu.ac.th", "", "err.email"},
		{"dao@npu.ac.th\r\nBcc: x@evil.example", "", "err.email"},
		{"ดาว@npu.ac.th", "", "err.email"},
		{"dao@.npu.ac.th", "", "err.email"},
		{"dao@[127.0.0.1]", "", "err.email"},
		{strings.Repeat("a", 250) + "@x.th", "", "err.too_long"},
	} {
		in := roles.UserInput{CitizenID: cidN(100 + i), Name: "ดาว", Email: tc.email, UnitID: unit.ID, Role: roles.UnitPR, Password: "รหัสผ่านยาวพอ"}
		u, err := s.CreateUser(ctx, in, t0)
		var fe newsroom.FieldErrors
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%q: %v", tc.email, err)
		case tc.err != "" && (!errors.As(err, &fe) || fe["email"] != tc.err):
			t.Errorf("%q: error %v; want %s on email", tc.email, err, tc.err)
		case tc.err == "" && u.Email != tc.want:
			t.Errorf("%q: stored %q; want %q", tc.email, u.Email, tc.want)
		}
	}
	u, err := s.CreateUser(ctx, roles.UserInput{CitizenID: cidN(1), Name: "ดาว", Email: "a@npu.ac.th", UnitID: unit.ID, Role: roles.UnitPR, Password: "รหัสผ่านยาวพอ"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []string{"b@npu.ac.th", ""} {
		if err := s.UpdateUser(ctx, u.ID, roles.UserInput{Name: u.Name, Email: e, UnitID: unit.ID, Role: roles.UnitPR}, t0); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.User(ctx, u.ID); got.Email != e {
			t.Errorf("after update to %q the address is %q", e, got.Email)
		}
	}
}
