package roles_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"newsroom"
	"newsroom/roles"
)

func TestCreateUnitValidation(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	mustUnit(t, s, "sci")
	tests := []struct {
		name  string
		u     roles.Unit
		field string
		key   string
	}{
		{"duplicate code", roles.Unit{Code: "sci", NameTH: "ซ้ำ", Kind: "faculty"}, "code", "err.unit_code_taken"},
		{"empty code", roles.Unit{Code: "", NameTH: "ชื่อ", Kind: "faculty"}, "code", "err.unit_code"},
		{"upper-case code", roles.Unit{Code: "SCI2", NameTH: "ชื่อ", Kind: "faculty"}, "code", "err.unit_code"},
		{"thai code", roles.Unit{Code: "วิทย์", NameTH: "ชื่อ", Kind: "faculty"}, "code", "err.unit_code"},
		{"code starting with dash", roles.Unit{Code: "-x", NameTH: "ชื่อ", Kind: "faculty"}, "code", "err.unit_code"},
		{"blank Thai name", roles.Unit{Code: "x1", NameTH: "   ", Kind: "faculty"}, "name_th", "err.required"},
		{"bad kind", roles.Unit{Code: "x2", NameTH: "ชื่อ", Kind: "company"}, "kind", "err.choose"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.CreateUnit(ctx, tc.u, t0)
			var fe newsroom.FieldErrors
			if !errors.As(err, &fe) || !errors.Is(err, newsroom.ErrInvalid) {
				t.Fatalf("got %v, want field errors", err)
			}
			if fe[tc.field] != tc.key {
				t.Errorf("field %s = %q, want %q (all: %v)", tc.field, fe[tc.field], tc.key, fe)
			}
		})
	}
	us, err := s.Units(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(us) != 1 {
		t.Errorf("invalid units were stored: %+v", us)
	}
}

func TestUnitCreateRenameRetire(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	a, err := s.CreateUnit(ctx, roles.Unit{Code: "edu", NameTH: " คณะครุศาสตร์ ", NameEN: "Education", Kind: "faculty", Sort: 2}, t0)
	if err != nil {
		t.Fatal(err)
	}
	b := mustUnit(t, s, "agri")
	if a.ID == 0 || b.ID == 0 || a.ID == b.ID {
		t.Fatalf("ids %d %d", a.ID, b.ID)
	}
	got, err := s.Unit(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Code != "edu" || got.NameTH != "คณะครุศาสตร์" || got.NameEN != "Education" || got.Kind != "faculty" || got.Sort != 2 || got.Retired() {
		t.Errorf("stored unit %+v", got)
	}
	if got.Name("en") != "Education" || got.Name("th") != "คณะครุศาสตร์" {
		t.Errorf("Name: %q %q", got.Name("en"), got.Name("th"))
	}

	// Rename: the code cannot change.
	if err := s.UpdateUnit(ctx, roles.Unit{ID: a.ID, Code: "changed", NameTH: "คณะครุศาสตร์ใหม่", NameEN: "", Kind: "college", Sort: 0}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Unit(ctx, a.ID)
	if got.Code != "edu" || got.NameTH != "คณะครุศาสตร์ใหม่" || got.Kind != "college" || got.Sort != 0 {
		t.Errorf("after rename %+v", got)
	}
	if got.Name("en") != "คณะครุศาสตร์ใหม่" {
		t.Errorf("English name falls back to Thai: got %q", got.Name("en"))
	}
	// The edit form does not post the code: an empty one is fine.
	if err := s.UpdateUnit(ctx, roles.Unit{ID: a.ID, NameTH: "คณะครุศาสตร์ใหม่", Kind: "college"}); err != nil {
		t.Errorf("rename without a code: %v", err)
	}
	if err := s.UpdateUnit(ctx, roles.Unit{ID: a.ID, NameTH: "", Kind: "college"}); !errors.Is(err, newsroom.ErrInvalid) {
		t.Errorf("rename to empty: %v", err)
	}

	// Retire: hidden from the active list, kept in the full list.
	retiredAt := t0.Add(time.Hour)
	if err := s.SetUnitRetired(ctx, a.ID, true, retiredAt); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Unit(ctx, a.ID)
	if !got.Retired() || !got.RetiredAt.Equal(retiredAt) {
		t.Errorf("retired unit %+v", got)
	}
	active, _ := s.Units(ctx, false)
	all, _ := s.Units(ctx, true)
	if len(active) != 1 || active[0].ID != b.ID {
		t.Errorf("active units %+v", active)
	}
	if len(all) != 2 {
		t.Errorf("all units %+v", all)
	}
	// A retired unit's code stays taken.
	if _, err := s.CreateUnit(ctx, roles.Unit{Code: "edu", NameTH: "x", Kind: "office"}, t0); !errors.Is(err, newsroom.ErrInvalid) {
		t.Errorf("reusing a retired code: %v", err)
	}
	// Reinstate.
	if err := s.SetUnitRetired(ctx, a.ID, false, t0); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Unit(ctx, a.ID); got.Retired() {
		t.Error("reinstated unit still retired")
	}
}

func TestUnitsOrder(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	for _, u := range []roles.Unit{
		{Code: "c", NameTH: "ค", Kind: "office", Sort: 3},
		{Code: "a", NameTH: "ก", Kind: "office", Sort: 1},
		{Code: "b", NameTH: "ข", Kind: "office", Sort: 1},
	} {
		if _, err := s.CreateUnit(ctx, u, t0); err != nil {
			t.Fatal(err)
		}
	}
	us, _ := s.Units(ctx, false)
	var codes []string
	for _, u := range us {
		codes = append(codes, u.Code)
	}
	if len(codes) != 3 || codes[0] != "a" || codes[1] != "b" || codes[2] != "c" {
		t.Errorf("order %v, want [a b c] (sort, then id)", codes)
	}
}

func TestUnitNotFound(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	tests := map[string]error{}
	_, tests["Unit"] = s.Unit(ctx, 404)
	tests["UpdateUnit"] = s.UpdateUnit(ctx, roles.Unit{ID: 404, NameTH: "x", Kind: "office"})
	tests["SetUnitRetired"] = s.SetUnitRetired(ctx, 404, true, t0)
	for name, err := range tests {
		if !errors.Is(err, newsroom.ErrNotFound) {
			t.Errorf("%s: got %v, want ErrNotFound", name, err)
		}
	}
}
