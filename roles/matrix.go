// Package roles owns users, units, passwords, login throttling, login
// sessions and the permission matrix. Every permission decision in the
// system is made by Check (or Can) here; handlers gate routes with it and
// stores filter lists with the scope it reports. A session here is data: a
// database row keyed by the hash of a random token, ended at once by
// logout, disabling a user or a new password; the cookie that carries the
// token is package web's. It uses no HTTP types.
package roles

import (
	"fmt"
	"slices"

	"newsroom"
)

// Role is what a user is employed to do.
type Role string

// The roles of SPEC §1.
const (
	Central     Role = "central"     // central PR office: everything
	UnitPR      Role = "unit"        // faculty/unit PR: own unit's activity news
	Admissions  Role = "admissions"  // admissions office: announcements
	HR          Role = "hr"          // HR office: job notices
	Procurement Role = "procurement" // procurement office: procurement notices
)

// AllRoles lists the roles in the order forms show them.
var AllRoles = []Role{Central, UnitPR, Admissions, HR, Procurement}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(AllRoles, r) }

// Kind is a kind of thing a permission is about.
type Kind string

// The kinds of SPEC §1's matrix.
const (
	News      Kind = "news"      // activity news (รอบรั้วกันเกรา)
	Video     Kind = "video"     // NPU Channel
	Banner    Kind = "banner"    // homepage banners
	Notice    Kind = "notice"    // PR notices; Target.Category says which
	Featured  Kind = "featured"  // daily featured pick
	Reports   Kind = "reports"   // featured tally reports
	Users     Kind = "users"     // user management
	Units     Kind = "units"     // unit list
	ActionLog Kind = "actionlog" // browsing the admin action log
	Pages     Kind = "pages"     // institutional pages (about, contact, policies…)
	Tags      Kind = "tags"      // the list of news tags
	ITA       Kind = "ita"       // the ITA/OIT hub: items and their evidence
	// Procurements are procurement records and their monthly summaries
	// (สขร.1): central PR and whoever may post procurement notices.
	Procurements Kind = "procurements"
	QA           Kind = "qa" // visitors' questions: answer, publish, discard
)

// AllKinds lists every kind, for exhaustive tests and the permissions page.
var AllKinds = []Kind{News, Video, Banner, Notice, Featured, Reports, Users, Units, ActionLog, Pages, Tags, ITA, Procurements, QA}

// Category is a notice category.
type Category string

// The six notice categories of SPEC §2.4.
const (
	Announcement Category = "announcement" // ข่าว/ประกาศ มนพ.
	Jobs         Category = "jobs"         // ข่าวรับสมัครงาน
	Procure      Category = "procurement"  // ข่าวจัดซื้อจัดจ้าง
	ExternalPR   Category = "external"     // ข่าวฝากประชาสัมพันธ์
	Scholarship  Category = "scholarship"  // ข่าวทุนการศึกษา
	Training     Category = "training"     // ข่าวอบรม/สัมมนา
)

// AllCategories lists the notice categories in display order.
var AllCategories = []Category{Announcement, Jobs, Procure, ExternalPR, Scholarship, Training}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(AllCategories, c) }

// Action is what the actor wants to do.
type Action string

// Actions. Manage covers view, create, edit and delete of one's own scope;
// TakeDown (notice-and-takedown, Computer Crime Act s.15) is central only.
const (
	View     Action = "view"
	Create   Action = "create"
	Edit     Action = "edit"
	Delete   Action = "delete"
	TakeDown Action = "takedown"
)

// Review approves or returns a unit's items (Target.UnitID; 0: any unit,
// for the review inbox). It is decided by CanReview, not by the kind
// matrix, so it is not in AllActions.
const Review Action = "review"

// AllActions lists the actions, for exhaustive tests.
var AllActions = []Action{View, Create, Edit, Delete, TakeDown}

// Scope says how far a role's right over a kind reaches.
type Scope int

// Scopes.
const (
	None    Scope = iota // no right
	OwnUnit              // items of the actor's unit only
	All                  // every item
)

// kindScope is the matrix of SPEC §1 for everything but notices, which go by
// category (noticeDefaults). It is read-only data.
var kindScope = map[Role]map[Kind]Scope{
	Central: {News: All, Video: All, Banner: All, Featured: All, Reports: All, Users: All, Units: All, ActionLog: All, Pages: All,
		Tags: All, ITA: All, Procurements: All, QA: All},
	UnitPR: {News: OwnUnit},
}

// noticeDefaults are the notice categories each role may post without a grant.
var noticeDefaults = map[Role][]Category{
	Central:     {Announcement, Jobs, ExternalPR, Scholarship, Training},
	Admissions:  {Announcement},
	HR:          {Jobs},
	Procurement: {Procure},
}

// Actor is who is asking: the parts of a user that permissions depend on.
type Actor struct {
	UserID int64
	UnitID int64
	Role   Role
	Grants []Category // extra notice categories
	Active bool
	// Reviews lists the units whose items the actor reviews (besides
	// central PR, who review every unit).
	Reviews []int64
}

// Target is what the action is about. UnitID is the owning unit of an
// existing item (or the unit a new item would belong to); 0 means "not about
// one unit" (a list or the menu). Category matters for notices only; empty
// means "any category" (may the actor see the notices menu at all?).
type Target struct {
	Kind     Kind
	Category Category
	UnitID   int64
}

// Denied explains a refusal. Reason is a message key of the i18n catalog;
// Detail names the missing right for the 403 page.
type Denied struct {
	Reason string
	Detail string
}

func (d *Denied) Error() string { return "forbidden: " + d.Reason + " " + d.Detail }

// Is makes errors.Is(err, newsroom.ErrForbidden) true.
func (d *Denied) Is(target error) bool { return target == newsroom.ErrForbidden }

// NoticeCategories returns the categories a may post, in display order.
func NoticeCategories(a Actor) []Category {
	if !a.Active {
		return nil
	}
	var out []Category
	for _, c := range AllCategories {
		if slices.Contains(noticeDefaults[a.Role], c) || slices.Contains(a.Grants, c) {
			out = append(out, c)
		}
	}
	return out
}

// ScopeOf reports how far a's right over kind reaches; lists use it to filter
// in SQL (OwnUnit → WHERE unit_id = a.UnitID).
func ScopeOf(a Actor, k Kind) Scope {
	if !a.Active {
		return None
	}
	if k == Notice {
		if len(NoticeCategories(a)) > 0 {
			return All
		}
		return None
	}
	if k == Procurements && slices.Contains(NoticeCategories(a), Procure) {
		return All
	}
	return kindScope[a.Role][k]
}

// Check decides whether a may do act on t. It returns nil or a *Denied.
func Check(a Actor, act Action, t Target) error {
	if !a.Active {
		return &Denied{Reason: "deny.inactive"}
	}
	if act == Review {
		if !CanReview(a, t.UnitID) {
			return &Denied{Reason: "deny.review", Detail: fmt.Sprint(t.UnitID)}
		}
		return nil
	}
	if act == TakeDown {
		if a.Role != Central {
			return &Denied{Reason: "deny.central_only", Detail: string(act)}
		}
		return nil
	}
	if t.Kind == Notice {
		cats := NoticeCategories(a)
		if t.Category == "" {
			if len(cats) == 0 {
				return &Denied{Reason: "deny.no_category"}
			}
			return nil
		}
		if !slices.Contains(cats, t.Category) {
			return &Denied{Reason: "deny.category", Detail: string(t.Category)}
		}
		return nil
	}
	switch ScopeOf(a, t.Kind) {
	case All:
		return nil
	case OwnUnit:
		if t.UnitID != 0 && t.UnitID != a.UnitID {
			return &Denied{Reason: "deny.other_unit", Detail: fmt.Sprint(t.UnitID)}
		}
		return nil
	}
	if t.Kind == News {
		return &Denied{Reason: "deny.kind", Detail: string(t.Kind)}
	}
	return &Denied{Reason: "deny.central_only", Detail: string(t.Kind)}
}

// ChoosesUnit reports whether a may choose the unit an item of kind k
// belongs to: only central PR, whose right reaches every unit. Everyone
// else posts for their own unit, and an item they edit keeps its unit.
func ChoosesUnit(a Actor, k Kind) bool {
	return a.Active && a.Role == Central && ScopeOf(a, k) == All
}

// ItemUnit is the unit an item of kind k belongs to once a saves it: the
// unit the form posted (0 for none) when a may choose one, else the item's
// current unit (0 for a new item), else a's own. A posted unit is checked
// to exist when the item is saved.
func ItemUnit(a Actor, k Kind, current, posted int64) int64 {
	switch {
	case ChoosesUnit(a, k) && posted != 0:
		return posted
	case current != 0:
		return current
	}
	return a.UnitID
}

// CanReview reports whether a approves and returns the items of unit (0:
// of any unit: may a see the review inbox at all?). Central PR review
// every unit; a unit's reviewers (a faculty's head of PR) their units.
func CanReview(a Actor, unit int64) bool {
	switch {
	case !a.Active:
		return false
	case a.Role == Central:
		return true
	case unit == 0:
		return len(a.Reviews) > 0
	}
	return slices.Contains(a.Reviews, unit)
}

// ReviewUnits are the units a reviews: nil for every unit (central PR).
func ReviewUnits(a Actor) []int64 {
	if a.Active && a.Role == Central {
		return nil
	}
	if !a.Active {
		return []int64{}
	}
	return append([]int64{}, a.Reviews...)
}

// Can is Check as a yes/no, for menus and buttons.
func Can(a Actor, act Action, t Target) bool { return Check(a, act, t) == nil }
