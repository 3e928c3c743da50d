package roles_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"newsroom"
	"newsroom/roles"
)

// expectation is one role's row of SPEC §1's matrix, written out by hand
// (not derived from the code's own tables).
type expectation struct {
	kinds map[roles.Kind]roles.Scope // every kind but Notice; missing = none
	cats  []roles.Category           // notice categories without a grant
}

var centralKinds = map[roles.Kind]roles.Scope{
	roles.News: roles.All, roles.Video: roles.All, roles.Banner: roles.All, roles.Featured: roles.All,
	roles.Reports: roles.All, roles.Users: roles.All, roles.Units: roles.All, roles.ActionLog: roles.All,
	roles.Pages: roles.All, roles.Tags: roles.All, roles.ITA: roles.All, roles.Procurements: roles.All, roles.QA: roles.All,
}

var specMatrix = map[roles.Role]expectation{
	roles.Central: {
		kinds: centralKinds,
		// Procurement notices are not central's by default (grantable).
		cats: []roles.Category{roles.Announcement, roles.Jobs, roles.ExternalPR, roles.Scholarship, roles.Training},
	},
	roles.UnitPR:      {kinds: map[roles.Kind]roles.Scope{roles.News: roles.OwnUnit}},
	roles.Admissions:  {cats: []roles.Category{roles.Announcement}},
	roles.HR:          {cats: []roles.Category{roles.Jobs}},
	roles.Procurement: {kinds: map[roles.Kind]roles.Scope{roles.Procurements: roles.All}, cats: []roles.Category{roles.Procure}},
}

const ownUnit, otherUnit = 7, 8

// TestMatrixListsAreComplete pins the lists the exhaustive tests iterate, so
// a new role, kind, category or action forces this file to be updated.
func TestMatrixListsAreComplete(t *testing.T) {
	if want := []roles.Role{"central", "unit", "admissions", "hr", "procurement"}; !slices.Equal(roles.AllRoles, want) {
		t.Errorf("AllRoles = %v, want %v", roles.AllRoles, want)
	}
	if want := []roles.Kind{"news", "video", "banner", "notice", "featured", "reports", "users", "units", "actionlog", "pages", "tags", "ita", "procurements", "qa"}; !slices.Equal(roles.AllKinds, want) {
		t.Errorf("AllKinds = %v, want %v", roles.AllKinds, want)
	}
	if want := []roles.Category{"announcement", "jobs", "procurement", "external", "scholarship", "training"}; !slices.Equal(roles.AllCategories, want) {
		t.Errorf("AllCategories = %v, want %v", roles.AllCategories, want)
	}
	if want := []roles.Action{"view", "create", "edit", "delete", "takedown"}; !slices.Equal(roles.AllActions, want) {
		t.Errorf("AllActions = %v, want %v", roles.AllActions, want)
	}
	for _, r := range roles.AllRoles {
		if !r.Valid() {
			t.Errorf("%s not Valid", r)
		}
	}
	for _, c := range roles.AllCategories {
		if !c.Valid() {
			t.Errorf("%s not Valid", c)
		}
	}
	for _, bad := range []string{"", "admin", "Central", "root"} {
		if roles.Role(bad).Valid() {
			t.Errorf("role %q Valid", bad)
		}
		if roles.Category(bad).Valid() {
			t.Errorf("category %q Valid", bad)
		}
	}
}

// targets lists every target worth asking about for kind k.
func targets(k roles.Kind) []roles.Target {
	var out []roles.Target
	cats := []roles.Category{""}
	if k == roles.Notice {
		cats = append(cats, roles.AllCategories...)
		cats = append(cats, "bogus")
	}
	for _, c := range cats {
		for _, u := range []int64{0, ownUnit, otherUnit} {
			out = append(out, roles.Target{Kind: k, Category: c, UnitID: u})
		}
	}
	return out
}

// expectAllowed is the decision SPEC §1 asks for.
func expectAllowed(role roles.Role, cats []roles.Category, act roles.Action, tg roles.Target) bool {
	if act == roles.TakeDown {
		return role == roles.Central
	}
	if tg.Kind == roles.Notice {
		if tg.Category == "" {
			return len(cats) > 0
		}
		return slices.Contains(cats, tg.Category)
	}
	// Procurement records go with the right to post procurement notices.
	if tg.Kind == roles.Procurements && slices.Contains(cats, roles.Procure) {
		return true
	}
	switch specMatrix[role].kinds[tg.Kind] {
	case roles.All:
		return true
	case roles.OwnUnit:
		return tg.UnitID == 0 || tg.UnitID == ownUnit
	}
	return false
}

// checkMatrix runs Check, Can, ScopeOf and NoticeCategories for a over every
// kind, action and target against the expected categories.
func checkMatrix(t *testing.T, a roles.Actor, cats []roles.Category) {
	t.Helper()
	if got := roles.NoticeCategories(a); !slices.Equal(got, cats) {
		t.Errorf("NoticeCategories = %v, want %v", got, cats)
	}
	for _, k := range roles.AllKinds {
		wantScope := specMatrix[a.Role].kinds[k]
		if k == roles.Notice {
			wantScope = roles.None
			if len(cats) > 0 {
				wantScope = roles.All
			}
		}
		if k == roles.Procurements && slices.Contains(cats, roles.Procure) {
			wantScope = roles.All
		}
		if got := roles.ScopeOf(a, k); got != wantScope {
			t.Errorf("ScopeOf(%s) = %d, want %d", k, got, wantScope)
		}
		for _, act := range roles.AllActions {
			for _, tg := range targets(k) {
				name := fmt.Sprintf("%s %s cat=%q unit=%d", act, k, tg.Category, tg.UnitID)
				want := expectAllowed(a.Role, cats, act, tg)
				err := roles.Check(a, act, tg)
				if roles.Can(a, act, tg) != (err == nil) {
					t.Errorf("%s: Can and Check disagree", name)
				}
				if want {
					if err != nil {
						t.Errorf("%s: denied (%v), want allowed", name, err)
					}
					continue
				}
				var d *roles.Denied
				if !errors.As(err, &d) {
					t.Errorf("%s: got %v, want *roles.Denied", name, err)
					continue
				}
				if !errors.Is(err, newsroom.ErrForbidden) || !errors.Is(fmt.Errorf("wrapped: %w", err), newsroom.ErrForbidden) {
					t.Errorf("%s: errors.Is(err, ErrForbidden) is false", name)
				}
				if errors.Is(err, newsroom.ErrNotFound) || errors.Is(err, newsroom.ErrInvalid) {
					t.Errorf("%s: Denied matches another error kind", name)
				}
				if !strings.HasPrefix(d.Reason, "deny.") || !strings.Contains(d.Error(), d.Reason) {
					t.Errorf("%s: Reason %q / Error %q", name, d.Reason, d.Error())
				}
				if act != roles.TakeDown && specMatrix[a.Role].kinds[k] == roles.OwnUnit && tg.UnitID == otherUnit && d.Reason != "deny.other_unit" {
					t.Errorf("%s: Reason %q, want deny.other_unit", name, d.Reason)
				}
				if k == roles.Notice && act != roles.TakeDown && tg.Category != "" && d.Reason != "deny.category" {
					t.Errorf("%s: Reason %q, want deny.category", name, d.Reason)
				}
			}
		}
	}
	// ScopeOf agrees with Check on lists (unit 0) and on other units' items.
	for _, k := range roles.AllKinds {
		if k == roles.Notice {
			continue
		}
		list := roles.Can(a, roles.View, roles.Target{Kind: k})
		other := roles.Can(a, roles.Edit, roles.Target{Kind: k, UnitID: otherUnit})
		own := roles.Can(a, roles.Edit, roles.Target{Kind: k, UnitID: ownUnit})
		var want roles.Scope
		switch {
		case other:
			want = roles.All
		case own && list:
			want = roles.OwnUnit
		}
		if got := roles.ScopeOf(a, k); got != want {
			t.Errorf("ScopeOf(%s) = %d but Check says %d", k, got, want)
		}
	}
	// NoticeCategories agrees with Check per category.
	for _, c := range roles.AllCategories {
		if roles.Can(a, roles.Create, roles.Target{Kind: roles.Notice, Category: c}) != slices.Contains(roles.NoticeCategories(a), c) {
			t.Errorf("notice %s: Check and NoticeCategories disagree", c)
		}
	}
}

func TestMatrixEveryRoleKindActionCategory(t *testing.T) {
	for _, role := range roles.AllRoles {
		t.Run(string(role), func(t *testing.T) {
			a := roles.Actor{UserID: 1, UnitID: ownUnit, Role: role, Active: true}
			checkMatrix(t, a, specMatrix[role].cats)
		})
	}
}

// TestMatrixSpotChecks spells out the rows of SPEC §1 one by one, so a
// mistake shared by the table above and the code still shows.
func TestMatrixSpotChecks(t *testing.T) {
	act := func(r roles.Role, g ...roles.Category) roles.Actor {
		return roles.Actor{UserID: 1, UnitID: ownUnit, Role: r, Grants: g, Active: true}
	}
	notice := func(c roles.Category) roles.Target { return roles.Target{Kind: roles.Notice, Category: c} }
	tests := []struct {
		name   string
		a      roles.Actor
		act    roles.Action
		t      roles.Target
		ok     bool
		reason string
	}{
		{"central edits any unit's news", act(roles.Central), roles.Edit, roles.Target{Kind: roles.News, UnitID: otherUnit}, true, ""},
		{"central posts a video", act(roles.Central), roles.Create, roles.Target{Kind: roles.Video}, true, ""},
		{"central manages users", act(roles.Central), roles.Edit, roles.Target{Kind: roles.Users}, true, ""},
		{"central posts announcement", act(roles.Central), roles.Create, notice(roles.Announcement), true, ""},
		{"central posts training", act(roles.Central), roles.Create, notice(roles.Training), true, ""},
		{"central may not post procurement by default", act(roles.Central), roles.Create, notice(roles.Procure), false, "deny.category"},
		{"central with grant posts procurement", act(roles.Central, roles.Procure), roles.Create, notice(roles.Procure), true, ""},
		{"central takes down procurement notice", act(roles.Central), roles.TakeDown, notice(roles.Procure), true, ""},
		{"central takes down unit news", act(roles.Central), roles.TakeDown, roles.Target{Kind: roles.News, UnitID: otherUnit}, true, ""},
		{"unit PR edits own unit news", act(roles.UnitPR), roles.Edit, roles.Target{Kind: roles.News, UnitID: ownUnit}, true, ""},
		{"unit PR lists news", act(roles.UnitPR), roles.View, roles.Target{Kind: roles.News}, true, ""},
		{"unit PR edits other unit news", act(roles.UnitPR), roles.Edit, roles.Target{Kind: roles.News, UnitID: otherUnit}, false, "deny.other_unit"},
		{"unit PR creates for other unit (forged form)", act(roles.UnitPR), roles.Create, roles.Target{Kind: roles.News, UnitID: otherUnit}, false, "deny.other_unit"},
		{"unit PR takes down own news", act(roles.UnitPR), roles.TakeDown, roles.Target{Kind: roles.News, UnitID: ownUnit}, false, ""},
		{"unit PR banners", act(roles.UnitPR), roles.Create, roles.Target{Kind: roles.Banner}, false, ""},
		{"unit PR notices menu", act(roles.UnitPR), roles.View, notice(""), false, ""},
		{"unit PR featured", act(roles.UnitPR), roles.Edit, roles.Target{Kind: roles.Featured}, false, ""},
		{"admissions announcement", act(roles.Admissions), roles.Create, notice(roles.Announcement), true, ""},
		{"admissions jobs", act(roles.Admissions), roles.Create, notice(roles.Jobs), false, "deny.category"},
		{"admissions news", act(roles.Admissions), roles.Create, roles.Target{Kind: roles.News, UnitID: ownUnit}, false, ""},
		{"HR jobs", act(roles.HR), roles.Edit, notice(roles.Jobs), true, ""},
		{"HR scholarship without grant", act(roles.HR), roles.Create, notice(roles.Scholarship), false, "deny.category"},
		{"HR scholarship with grant", act(roles.HR, roles.Scholarship), roles.Create, notice(roles.Scholarship), true, ""},
		{"HR grant does not give training", act(roles.HR, roles.Scholarship), roles.Create, notice(roles.Training), false, "deny.category"},
		{"HR with grant cannot take down", act(roles.HR, roles.Scholarship), roles.TakeDown, notice(roles.Scholarship), false, ""},
		{"procurement procurement", act(roles.Procurement), roles.Delete, notice(roles.Procure), true, ""},
		{"procurement announcement", act(roles.Procurement), roles.Create, notice(roles.Announcement), false, "deny.category"},
		{"procurement reports", act(roles.Procurement), roles.View, roles.Target{Kind: roles.Reports}, false, ""},
		{"unit PR with grant gets notices menu", act(roles.UnitPR, roles.ExternalPR), roles.View, notice(""), true, ""},
		{"bogus grant is ignored", act(roles.UnitPR, "bogus"), roles.Create, notice("bogus"), false, "deny.category"},
		{"inactive central", roles.Actor{UserID: 1, Role: roles.Central}, roles.View, roles.Target{Kind: roles.News}, false, "deny.inactive"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := roles.Check(tc.a, tc.act, tc.t)
			if tc.ok {
				if err != nil {
					t.Fatalf("denied: %v", err)
				}
				return
			}
			var d *roles.Denied
			if !errors.As(err, &d) || !errors.Is(err, newsroom.ErrForbidden) {
				t.Fatalf("got %v, want *roles.Denied matching ErrForbidden", err)
			}
			if tc.reason != "" && d.Reason != tc.reason {
				t.Errorf("Reason = %q, want %q", d.Reason, tc.reason)
			}
		})
	}
}

func TestMatrixInactiveActorIsDeniedEverything(t *testing.T) {
	for _, role := range roles.AllRoles {
		t.Run(string(role), func(t *testing.T) {
			a := roles.Actor{UserID: 1, UnitID: ownUnit, Role: role, Grants: roles.AllCategories, Active: false}
			if c := roles.NoticeCategories(a); len(c) != 0 {
				t.Errorf("NoticeCategories = %v, want none", c)
			}
			for _, k := range roles.AllKinds {
				if s := roles.ScopeOf(a, k); s != roles.None {
					t.Errorf("ScopeOf(%s) = %d, want None", k, s)
				}
				for _, act := range roles.AllActions {
					for _, tg := range targets(k) {
						err := roles.Check(a, act, tg)
						var d *roles.Denied
						if !errors.As(err, &d) || !errors.Is(err, newsroom.ErrForbidden) || d.Reason != "deny.inactive" {
							t.Errorf("%s %s %+v: got %v, want Denied deny.inactive", act, k, tg, err)
						}
					}
				}
			}
		})
	}
}

func TestMatrixGrantsAddCategoriesOnly(t *testing.T) {
	tests := []struct {
		role   roles.Role
		grants []roles.Category
		want   []roles.Category // display order
	}{
		{roles.HR, []roles.Category{roles.Scholarship}, []roles.Category{roles.Jobs, roles.Scholarship}},
		{roles.Central, []roles.Category{roles.Procure}, roles.AllCategories},
		{roles.UnitPR, []roles.Category{roles.Training, roles.Announcement}, []roles.Category{roles.Announcement, roles.Training}},
		{roles.Admissions, []roles.Category{roles.Jobs, roles.ExternalPR}, []roles.Category{roles.Announcement, roles.Jobs, roles.ExternalPR}},
		{roles.Procurement, []roles.Category{roles.Procure, roles.Procure}, []roles.Category{roles.Procure}},
		{roles.HR, []roles.Category{"bogus", ""}, []roles.Category{roles.Jobs}},
		{roles.UnitPR, roles.AllCategories, roles.AllCategories},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s+%v", tc.role, tc.grants), func(t *testing.T) {
			a := roles.Actor{UserID: 1, UnitID: ownUnit, Role: tc.role, Grants: tc.grants, Active: true}
			// Grants change notices (and, with procurement, procurement
			// records) only: every other kind and TakeDown stay as the role's
			// row says.
			checkMatrix(t, a, tc.want)
		})
	}
}
