package roles_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"newsroom"
	"newsroom/roles"
)

func TestCreateUser(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	unit := mustUnit(t, s, "sci")
	u, err := s.CreateUser(ctx, roles.UserInput{
		CitizenID: "1-1017-00203-45-0", Name: "  สมชาย ใจดี  ", UnitID: unit.ID, Role: roles.HR,
		Grants: []roles.Category{roles.Scholarship, roles.Training, roles.Scholarship}, Password: "รหัสผ่านยาวพอ",
	}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || u.CitizenID != "1101700203450" || u.Name != "สมชาย ใจดี" || u.UnitID != unit.ID || u.UnitName != unit.NameTH ||
		u.Role != roles.HR || !u.Active || !u.CreatedAt.Equal(t0) || !u.UpdatedAt.Equal(t0) || !u.LastLoginAt.IsZero() {
		t.Errorf("created %+v", u)
	}
	g := slices.Clone(u.Grants)
	slices.Sort(g)
	if !slices.Equal(g, []roles.Category{roles.Scholarship, roles.Training}) {
		t.Errorf("grants %v", u.Grants)
	}
	if u.MaskedID() != "x-xxxx-xxxxx-45-0" {
		t.Errorf("MaskedID %q", u.MaskedID())
	}
	a := u.Actor()
	if a.UserID != u.ID || a.UnitID != unit.ID || a.Role != roles.HR || !a.Active || len(a.Grants) != 2 {
		t.Errorf("Actor %+v", a)
	}
	byID, err := s.UserByCitizenID(ctx, "1 1017 00203 45 0")
	if err != nil || byID.ID != u.ID {
		t.Errorf("UserByCitizenID: %+v %v", byID, err)
	}
	// The stored password is the one given, hashed.
	if _, err := s.Authenticate(ctx, u.CitizenID, "รหัสผ่านยาวพอ", "192.0.2.1", t0); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
	if n, _ := s.CountUsers(ctx); n != 1 {
		t.Errorf("CountUsers = %d", n)
	}
}

func TestCreateUserFieldErrors(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	unit := mustUnit(t, s, "sci")
	retired := mustUnit(t, s, "old")
	if err := s.SetUnitRetired(ctx, retired.ID, true, t0); err != nil {
		t.Fatal(err)
	}
	taken := mustUser(t, s, 1, unit.ID, roles.UnitPR)
	ok := func() roles.UserInput {
		return roles.UserInput{CitizenID: cidN(2), Name: "ชื่อ", UnitID: unit.ID, Role: roles.UnitPR, Password: goodPW}
	}
	tests := []struct {
		name   string
		edit   func(*roles.UserInput)
		fields map[string]string
	}{
		{"bad check digit", func(in *roles.UserInput) { in.CitizenID = "1101700203451" }, map[string]string{"citizen_id": "err.citizen_id"}},
		{"12 digits", func(in *roles.UserInput) { in.CitizenID = "110170020345" }, map[string]string{"citizen_id": "err.citizen_id"}},
		{"thai digits", func(in *roles.UserInput) { in.CitizenID = "๑๑๐๑๗๐๐๒๐๓๔๕๐" }, map[string]string{"citizen_id": "err.citizen_id"}},
		{"duplicate", func(in *roles.UserInput) { in.CitizenID = taken.CitizenID }, map[string]string{"citizen_id": "err.citizen_id_taken"}},
		{"duplicate typed with dashes", func(in *roles.UserInput) {
			c := taken.CitizenID
			in.CitizenID = c[:1] + "-" + c[1:5] + "-" + c[5:10] + "-" + c[10:12] + "-" + c[12:]
		}, map[string]string{"citizen_id": "err.citizen_id_taken"}},
		{"short password", func(in *roles.UserInput) { in.Password = "short" }, map[string]string{"password": "err.password_short"}},
		{"9 Thai characters", func(in *roles.UserInput) { in.Password = "กขคงจฉชซฌ" }, map[string]string{"password": "err.password_short"}},
		{"empty name", func(in *roles.UserInput) { in.Name = "" }, map[string]string{"name": "err.required"}},
		{"blank name", func(in *roles.UserInput) { in.Name = " \t " }, map[string]string{"name": "err.required"}},
		{"long name", func(in *roles.UserInput) { in.Name = strings.Repeat("ก", 101) }, map[string]string{"name": "err.too_long"}},
		{"bad role", func(in *roles.UserInput) { in.Role = "admin" }, map[string]string{"role": "err.choose"}},
		{"bad grant", func(in *roles.UserInput) { in.Grants = []roles.Category{roles.Jobs, "bogus"} }, map[string]string{"grants": "err.choose"}},
		{"missing unit", func(in *roles.UserInput) { in.UnitID = 9999 }, map[string]string{"unit_id": "err.choose"}},
		{"no unit", func(in *roles.UserInput) { in.UnitID = 0 }, map[string]string{"unit_id": "err.choose"}},
		{"retired unit", func(in *roles.UserInput) { in.UnitID = retired.ID }, map[string]string{"unit_id": "err.choose"}},
		{"everything wrong", func(in *roles.UserInput) {
			*in = roles.UserInput{CitizenID: "x", Name: "", UnitID: retired.ID, Role: "", Password: "1"}
		}, map[string]string{"citizen_id": "err.citizen_id", "name": "err.required", "unit_id": "err.choose", "role": "err.choose", "password": "err.password_short"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := ok()
			tc.edit(&in)
			_, err := s.CreateUser(ctx, in, t0)
			var fe newsroom.FieldErrors
			if !errors.As(err, &fe) || !errors.Is(err, newsroom.ErrInvalid) {
				t.Fatalf("got %v, want FieldErrors", err)
			}
			if len(fe) != len(tc.fields) {
				t.Errorf("field errors %v, want %v", fe, tc.fields)
			}
			for f, k := range tc.fields {
				if fe[f] != k {
					t.Errorf("field %s = %q, want %q (all %v)", f, fe[f], k, fe)
				}
			}
		})
	}
	if n, _ := s.CountUsers(ctx); n != 1 {
		t.Errorf("%d users stored, want only the first", n)
	}
	// The valid input itself is accepted (so the cases above fail for their one reason).
	if _, err := s.CreateUser(ctx, ok(), t0); err != nil {
		t.Errorf("baseline input refused: %v", err)
	}
}

func TestUpdateUser(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	sci := mustUnit(t, s, "sci")
	edu := mustUnit(t, s, "edu")
	u := mustUser(t, s, 1, sci.ID, roles.UnitPR)
	later := t0.Add(time.Hour)
	err := s.UpdateUser(ctx, u.ID, roles.UserInput{
		CitizenID: cidN(99), Name: "ชื่อใหม่", UnitID: edu.ID, Role: roles.Admissions,
		Grants: []roles.Category{roles.Jobs}, Password: "ignored on update",
	}, later)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.CitizenID != u.CitizenID {
		t.Errorf("citizen id changed on update: %s", got.CitizenID)
	}
	if got.Name != "ชื่อใหม่" || got.UnitID != edu.ID || got.UnitName != edu.NameTH || got.Role != roles.Admissions ||
		!slices.Equal(got.Grants, []roles.Category{roles.Jobs}) || !got.UpdatedAt.Equal(later) || !got.CreatedAt.Equal(t0) {
		t.Errorf("updated %+v", got)
	}
	// The password is not changed by an update.
	if _, err := s.Authenticate(ctx, u.CitizenID, goodPW, "192.0.2.1", later); err != nil {
		t.Errorf("old password after update: %v", err)
	}

	t.Run("grants round trip", func(t *testing.T) {
		for _, grants := range [][]roles.Category{
			{roles.Scholarship, roles.Training, roles.Procure},
			{},
			{roles.Procure},
			roles.AllCategories,
			nil,
		} {
			if err := s.UpdateUser(ctx, u.ID, roles.UserInput{Name: "ชื่อใหม่", UnitID: edu.ID, Role: roles.Admissions, Grants: grants}, later); err != nil {
				t.Fatal(err)
			}
			got, _ := s.User(ctx, u.ID)
			g := slices.Clone(got.Grants)
			slices.Sort(g)
			want := slices.Clone(grants)
			slices.Sort(want)
			if !slices.Equal(g, want) {
				t.Errorf("grants %v, want %v", got.Grants, grants)
			}
		}
	})

	t.Run("errors", func(t *testing.T) {
		base := roles.UserInput{Name: "x", UnitID: edu.ID, Role: roles.HR}
		if err := s.UpdateUser(ctx, 404, base, later); !errors.Is(err, newsroom.ErrNotFound) {
			t.Errorf("missing user: %v", err)
		}
		bad := base
		bad.Role = "root"
		if err := s.UpdateUser(ctx, u.ID, bad, later); !errors.Is(err, newsroom.ErrInvalid) {
			t.Errorf("bad role: %v", err)
		}
		bad = base
		bad.UnitID = 404
		if err := s.UpdateUser(ctx, u.ID, bad, later); !errors.Is(err, newsroom.ErrInvalid) {
			t.Errorf("missing unit: %v", err)
		}
		if got, _ := s.User(ctx, u.ID); got.Role != roles.Admissions {
			t.Errorf("a refused update changed the user: %+v", got)
		}
	})
}

func TestUserNotFound(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	errs := map[string]error{}
	_, errs["User"] = s.User(ctx, 404)
	_, errs["UserByCitizenID"] = s.UserByCitizenID(ctx, cidN(404))
	errs["SetActive"] = s.SetActive(ctx, 404, false, t0)
	errs["SetPassword"] = s.SetPassword(ctx, 404, "long enough password", t0)
	for name, err := range errs {
		if !errors.Is(err, newsroom.ErrNotFound) {
			t.Errorf("%s: got %v, want ErrNotFound", name, err)
		}
	}
}

func TestUsersList(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	b, _ := s.CreateUnit(ctx, roles.Unit{Code: "b", NameTH: "ข", Kind: "office", Sort: 2}, t0)
	a, _ := s.CreateUnit(ctx, roles.Unit{Code: "a", NameTH: "ก", Kind: "office", Sort: 1}, t0)
	for i, in := range []struct {
		unit int64
		name string
	}{{b.ID, "ค"}, {a.ID, "ข"}, {a.ID, "ก"}} {
		if _, err := s.CreateUser(ctx, roles.UserInput{CitizenID: cidN(i + 1), Name: in.name, UnitID: in.unit, Role: roles.UnitPR, Password: goodPW}, t0); err != nil {
			t.Fatal(err)
		}
	}
	us, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range us {
		names = append(names, u.Name)
	}
	if !slices.Equal(names, []string{"ก", "ข", "ค"}) {
		t.Errorf("order %v, want unit sort then name", names)
	}
}

// TestRevokingEndsSessions: disabling a user or setting a password deletes
// that user's session rows at once, so an old cookie finds nothing; other
// users' sessions survive.
func TestRevokingEndsSessions(t *testing.T) {
	tests := []struct {
		name   string
		revoke func(s *roles.Store, id int64) error
	}{
		{"SetActive false", func(s *roles.Store, id int64) error { return s.SetActive(context.Background(), id, false, t0) }},
		{"SetPassword", func(s *roles.Store, id int64) error {
			return s.SetPassword(context.Background(), id, "a brand new password", t0)
		}},
		{"UpdateUser role change", func(s *roles.Store, id int64) error {
			u, _ := s.User(context.Background(), id)
			return s.UpdateUser(context.Background(), id, roles.UserInput{Name: u.Name, UnitID: u.UnitID, Role: roles.HR}, t0)
		}},
		{"UpdateUser unit change", func(s *roles.Store, id int64) error {
			other, err := s.CreateUnit(context.Background(), roles.Unit{Code: "other", NameTH: "อื่น", Kind: "office"}, t0)
			if err != nil {
				return err
			}
			u, _ := s.User(context.Background(), id)
			return s.UpdateUser(context.Background(), id, roles.UserInput{Name: u.Name, UnitID: other.ID, Role: u.Role}, t0)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, d := newStore(t)
			unit := mustUnit(t, s, "sci")
			victim := mustUser(t, s, 1, unit.ID, roles.UnitPR)
			bystander := mustUser(t, s, 2, unit.ID, roles.UnitPR)
			ss := roles.NewSessionStore(d, roles.SessionOptions{Now: func() time.Time { return t0 }})
			c1 := login(t, ss, victim.ID)
			c1b := login(t, ss, victim.ID) // a second browser
			c2 := login(t, ss, bystander.ID)
			if n := count(t, d, `SELECT count(*) FROM sessions WHERE user_id = ?`, victim.ID); n != 2 {
				t.Fatalf("%d session rows before, want 2", n)
			}
			if err := tc.revoke(s, victim.ID); err != nil {
				t.Fatal(err)
			}
			if n := count(t, d, `SELECT count(*) FROM sessions WHERE user_id = ?`, victim.ID); n != 0 {
				t.Errorf("%d session rows of the user remain", n)
			}
			for _, c := range []string{c1, c1b} {
				if ok, _ := alive(t, ss, c); ok {
					t.Errorf("old token still gives a session")
				}
			}
			if ok, uid := alive(t, ss, c2); !ok || uid != bystander.ID {
				t.Errorf("another user's session was ended too: %v %d", ok, uid)
			}
		})
	}
}

func TestUpdateUserKeepsSessionsWhenRightsUnchanged(t *testing.T) {
	s, d := newStore(t)
	unit := mustUnit(t, s, "sci")
	u := mustUser(t, s, 1, unit.ID, roles.UnitPR)
	ss := roles.NewSessionStore(d, roles.SessionOptions{Now: func() time.Time { return t0 }})
	c := login(t, ss, u.ID)
	if err := s.UpdateUser(context.Background(), u.ID, roles.UserInput{Name: "renamed", UnitID: unit.ID, Role: roles.UnitPR}, t0); err != nil {
		t.Fatal(err)
	}
	if ok, _ := alive(t, ss, c); !ok {
		t.Error("a rename ended the user's session")
	}
}

func TestSetActiveAndSetPassword(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	unit := mustUnit(t, s, "sci")
	u := mustUser(t, s, 1, unit.ID, roles.Central)
	mustUser(t, s, 2, unit.ID, roles.Central) // the last central admin cannot be disabled
	later := t0.Add(time.Minute)
	if err := s.SetActive(ctx, u.ID, false, later); err != nil {
		t.Fatal(err)
	}
	got, _ := s.User(ctx, u.ID)
	if got.Active || got.Actor().Active || !got.UpdatedAt.Equal(later) {
		t.Errorf("disabled user %+v", got)
	}
	if roles.Can(got.Actor(), roles.View, roles.Target{Kind: roles.News}) {
		t.Error("a disabled central admin may still view news")
	}
	if err := s.SetActive(ctx, u.ID, true, later); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.User(ctx, u.ID); !got.Active {
		t.Error("re-enabled user still inactive")
	}

	var fe newsroom.FieldErrors
	if err := s.SetPassword(ctx, u.ID, "too short", later); !errors.As(err, &fe) || fe["password"] != "err.password_short" {
		t.Errorf("short password: %v", err)
	}
	if _, err := s.Authenticate(ctx, u.CitizenID, goodPW, "192.0.2.1", later); err != nil {
		t.Errorf("a refused SetPassword changed the password: %v", err)
	}
	if err := s.SetPassword(ctx, u.ID, "ใหม่เอี่ยมยาวพอ", later); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, u.CitizenID, goodPW, "192.0.2.1", later); !errors.Is(err, roles.ErrBadCredentials) {
		t.Errorf("old password after reset: %v", err)
	}
	if _, err := s.Authenticate(ctx, u.CitizenID, "ใหม่เอี่ยมยาวพอ", "192.0.2.1", later); err != nil {
		t.Errorf("new password: %v", err)
	}
}

// TestLastCentralAdminIsKept: disabling or demoting the last active central
// admin is refused with a field error, and nothing changes; with another
// active central admin both are allowed.
func TestLastCentralAdminIsKept(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	unit := mustUnit(t, s, "pr")
	a := mustUser(t, s, 1, unit.ID, roles.Central)
	b := mustUser(t, s, 2, unit.ID, roles.Central)
	pr := mustUser(t, s, 3, unit.ID, roles.UnitPR)
	demote := func(u roles.User) error {
		return s.UpdateUser(ctx, u.ID, roles.UserInput{Name: u.Name, UnitID: u.UnitID, Role: roles.UnitPR}, t0)
	}
	disable := func(u roles.User) error { return s.SetActive(ctx, u.ID, false, t0) }
	if err := disable(b); err != nil {
		t.Fatalf("disable one of two central admins: %v", err)
	}
	for _, tc := range []struct {
		name, field string
		change      func() error
	}{
		{"disable", "active", func() error { return disable(a) }},
		{"demote", "role", func() error { return demote(a) }},
	} {
		var fe newsroom.FieldErrors
		if err := tc.change(); !errors.As(err, &fe) || fe[tc.field] != "err.last_central" {
			t.Errorf("%s the last central admin: %v", tc.name, err)
		}
		if got, _ := s.User(ctx, a.ID); !got.Active || got.Role != roles.Central {
			t.Errorf("%s: a refused change changed the user: %+v", tc.name, got)
		}
	}
	// Others are not affected: a non-central user, a disabled central admin,
	// and the last central admin's name or unit.
	if err := disable(pr); err != nil {
		t.Errorf("disable a unit PR user: %v", err)
	}
	if err := demote(b); err != nil {
		t.Errorf("demote a disabled central admin: %v", err)
	}
	if err := s.UpdateUser(ctx, a.ID, roles.UserInput{Name: "ชื่อใหม่", UnitID: unit.ID, Role: roles.Central}, t0); err != nil {
		t.Errorf("rename the last central admin: %v", err)
	}
	// With a second active central admin again, the first may go.
	if err := s.SetActive(ctx, pr.ID, true, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateUser(ctx, pr.ID, roles.UserInput{Name: pr.Name, UnitID: unit.ID, Role: roles.Central}, t0); err != nil {
		t.Fatal(err)
	}
	if err := demote(a); err != nil {
		t.Errorf("demote one of two central admins: %v", err)
	}
	if err := disable(pr); !errors.Is(err, newsroom.ErrInvalid) {
		t.Errorf("disable the new last central admin: %v", err)
	}
}
