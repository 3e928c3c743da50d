package kind

import (
	"strings"
	"testing"
)

func TestPaths(t *testing.T) {
	item := &Kind{Name: "video", Section: "videos", Public: "/videos/{ref}", Edit: "/admin/videos/{ref}/edit"}
	page := &Kind{Name: "page", Public: "/{ref}", Edit: "/admin/pages/{ref}"}
	none := &Kind{Name: "banner", Section: "banners"}
	tests := []struct {
		name, got, want string
	}{
		{"Thai item", item.Path("th", "12"), "/videos/12"},
		{"English item", item.Path("en", "12"), "/en/videos/12"},
		{"footer page", page.Path("en", "privacy"), "/en/privacy"},
		{"no public page", none.Path("th", "3"), ""},
		{"editor", item.EditPath("12"), "/admin/videos/12/edit"},
		{"page editor", page.EditPath("privacy/th"), "/admin/pages/privacy/th"},
		{"no editor", none.EditPath("3"), ""},
		{"admin list", none.AdminList(), "/admin/banners"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestCheck(t *testing.T) {
	ok := Kind{Name: "toy", Table: "toys", Section: "toys", Public: "/toys/{ref}", Label: "kind.toy", Action: "toy", Title: "title"}
	tests := []struct {
		name   string
		change func(*Kind)
		err    string // "" for valid
	}{
		{"valid", func(*Kind) {}, ""},
		{"all features", func(k *Kind) {
			k.Features = Status | Trash | Takedown | Feeds | Sitemap | Search | API | Counter | Archive
			k.Search, k.Counter = &SearchColumns{Title: "title"}, "views"
		}, ""},
		{"no name", func(k *Kind) { k.Name = "" }, "needs a name"},
		{"trash without status", func(k *Kind) { k.Features = Trash }, "need status"},
		{"search without columns", func(k *Kind) { k.Features = Search }, "Search feature"},
		{"columns without search", func(k *Kind) { k.Search = &SearchColumns{} }, "Search feature"},
		{"counter without column", func(k *Kind) { k.Features = Counter }, "Counter feature"},
		{"feeds without section", func(k *Kind) { k.Features, k.Section = Feeds, "" }, "need a section"},
		{"sitemap without pages", func(k *Kind) { k.Features, k.Public = Sitemap, "" }, "public pages"},
		{"takedown without title", func(k *Kind) { k.Features, k.Title = Status|Takedown, "" }, "title column"},
	}
	for _, tc := range tests {
		k := ok
		tc.change(&k)
		err := k.check()
		if (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.err)
		}
	}
}

func TestFeatureString(t *testing.T) {
	if got := (Status | Feeds).String(); got != "status|feeds" {
		t.Errorf("got %q", got)
	}
	if got := Feature(0).String(); got != "none" {
		t.Errorf("got %q", got)
	}
	if n := len(Features()); n != len(featureNames) {
		t.Errorf("%d features", n)
	}
}
