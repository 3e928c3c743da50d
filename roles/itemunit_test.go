package roles_test

import (
	"testing"

	"newsroom/roles"
)

// Only central PR chooses an item's unit; anyone else's new item is their
// unit's and an item they edit keeps its unit, whatever the form posted.
func TestItemUnit(t *testing.T) {
	const own, other, current = 7, 8, 9
	actor := func(r roles.Role, grants ...roles.Category) roles.Actor {
		return roles.Actor{UserID: 1, UnitID: own, Role: r, Grants: grants, Active: true}
	}
	inactive := actor(roles.Central)
	inactive.Active = false
	tests := []struct {
		name            string
		a               roles.Actor
		kind            roles.Kind
		current, posted int64
		want            int64
		chooses         bool
	}{
		{"central news, chosen", actor(roles.Central), roles.News, 0, other, other, true},
		{"central news, none posted", actor(roles.Central), roles.News, 0, 0, own, true},
		{"central edit, none posted", actor(roles.Central), roles.News, current, 0, current, true},
		{"central edit, moved", actor(roles.Central), roles.News, current, other, other, true},
		{"central notice", actor(roles.Central), roles.Notice, 0, other, other, true},
		{"central video, bad id kept for the store to refuse", actor(roles.Central), roles.Video, 0, -1, -1, true},
		{"unit PR forges", actor(roles.UnitPR), roles.News, 0, other, own, false},
		{"unit PR edit forges", actor(roles.UnitPR), roles.News, own, other, own, false},
		{"HR notice forges", actor(roles.HR), roles.Notice, 0, other, own, false},
		{"HR with a grant forges", actor(roles.HR, roles.Announcement), roles.Notice, 0, other, own, false},
		{"HR edits central's notice", actor(roles.HR), roles.Notice, current, other, current, false},
		{"procurement forges", actor(roles.Procurement), roles.Notice, 0, -1, own, false},
		{"inactive central", inactive, roles.News, 0, other, own, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := roles.ChoosesUnit(tc.a, tc.kind); got != tc.chooses {
				t.Errorf("ChoosesUnit = %v, want %v", got, tc.chooses)
			}
			if got := roles.ItemUnit(tc.a, tc.kind, tc.current, tc.posted); got != tc.want {
				t.Errorf("ItemUnit = %d, want %d", got, tc.want)
			}
		})
	}
}
