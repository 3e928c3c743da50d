// Package kind is the registry of content kinds: news, videos, banners,
// notices, footer pages. Each kind is declared once, in the domain (package
// content registers them when it is loaded), with its table, its public and
// admin addresses, its labels, the features it takes part in, the files it
// refers to, its counter and its action-log name. Every cross-cutting
// feature (status, trash and takedown, the media sweep, withdrawn files,
// feeds, the sitemap, the JSON API, search, admin routes, the action log,
// the takedown register) reads this registry instead of keeping its own
// list, so adding a kind is one declaration plus its own code.
//
// Adding a kind takes, besides its migration (its table with the status
// columns; takedown_files checks item_table against a list of tables), its
// templates and its i18n labels:
//   - one file in package content with its type, its store methods and its
//     declaration (kind.Register); a purger in content/kinds.go only when
//     deleting its row and its own file columns is not enough;
//   - one handler file in package admin declaring its section (addSection)
//     and, for public pages, feeds or the API, one in package public (its
//     pages, addFeed, addAPI).
//
// The registry tests (content, admin, public) walk every kind against the
// schema and the features it declares.
//
// The package imports no other newsroom package, so every layer may use it.
package kind

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Feature is one cross-cutting feature a kind takes part in; a kind's
// features are a bit set.
type Feature uint32

// The features.
const (
	// Status: the table has the publishing-status columns (status,
	// status_note, status_ref, prev_status, status_at).
	Status Feature = 1 << iota
	// Trash: items can be deleted to the trash, restored, and are purged
	// for good after the trash days.
	Trash
	// Takedown: central admins can take items down (Computer Crime Act
	// s.15); they are listed in the takedown register.
	Takedown
	// Feeds: the kind has RSS and Atom feeds at /{section}/rss.xml.
	Feeds
	// Sitemap: its public items are listed in the sitemap.
	Sitemap
	// Search: its items are in the search index (see Kind.Search).
	Search
	// API: the JSON API serves /api/v1/{section} and /api/v1/{section}/{id}.
	API
	// Featured: its items can be picked on the featured desk.
	Featured
	// Counter: views, reads or clicks are counted (see Kind.Counter).
	Counter
	// Archive: its public lists have the fiscal-year archive.
	Archive
)

var featureNames = []string{"status", "trash", "takedown", "feeds", "sitemap", "search", "api", "featured", "counter", "archive"}

// Features lists every feature, in declaration order.
func Features() []Feature {
	out := make([]Feature, len(featureNames))
	for i := range featureNames {
		out[i] = 1 << i
	}
	return out
}

// String names a single feature ("feeds"), or a set joined by "|".
func (f Feature) String() string {
	var names []string
	for i, n := range featureNames {
		if f&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, "|")
}

// Files is a column that holds stored media keys.
type Files struct {
	Table  string // e.g. "photos"
	Column string // e.g. "thumb_key"
	// Item is the column of Table holding the id of the item the file
	// belongs to (photos.news_id); "" when Table is the kind's own table
	// and the row is the item itself.
	Item string
}

// SearchColumns is how a kind's items go into the search index and its results.
type SearchColumns struct {
	Title    string // column of the title (matched and shown)
	Body     string // column of the plain text (matched, snippet)
	Category string // column shown as the hit's category (type, programme, category)
	Lang     string // column of the item's language ("lang")
}

// Kind is one content kind.
type Kind struct {
	// Name is the kind's name: in the action log, search documents,
	// the roles matrix, pending uploads and i18n keys ("news", "video").
	Name string
	// Table is the content table ("videos"). Footer pages live in
	// "settings", selected by Rows.
	Table string
	// Rows restricts Table to the kind's rows ("key LIKE 'page.%'"); "" for
	// a table of its own.
	Rows string
	// Section is the path segment of its public and admin lists and of its
	// feeds, sitemap files and API ("videos"); "" when it has none.
	Section string
	// Public is the pattern of an item's public path, {ref} standing for
	// its id (or a footer page's slug): "/videos/{ref}". English pages are
	// the same under /en. "" when items have no page of their own.
	Public string
	// Edit is the pattern of an item's admin editor: "/admin/videos/{ref}/edit".
	Edit string
	// Label is the i18n catalog key of the kind's name ("kind.video"); Use
	// is the key naming one item of it in lists of file uses ("use.video").
	Label, Use string
	// Title is the column shown as an item's title ("headline").
	Title string
	// Features are the cross-cutting features it takes part in.
	Features Feature
	// Files are the columns holding media keys of its items.
	Files []Files
	// Bodies are rich-text columns of Table whose images (/media/ keys)
	// are files of the item too.
	Bodies []string
	// Counter is the column its views, reads or clicks add to ("views").
	Counter string
	// Search says how its items are indexed; nil unless it has Search.
	Search *SearchColumns
	// Action is its name in the action log ("video" gives "video.trash").
	Action string
}

// Has reports whether k takes part in every feature of f.
func (k *Kind) Has(f Feature) bool { return k != nil && k.Features&f == f }

// String is the kind's name.
func (k *Kind) String() string {
	if k == nil {
		return "<nil kind>"
	}
	return k.Name
}

// Path is the public path of the item ref (an id, or a footer page's slug)
// in lang ("th" or "en"): "/en/videos/12". It is "" when the kind has no
// public pages.
func (k *Kind) Path(lang, ref string) string {
	if k.Public == "" {
		return ""
	}
	p := strings.ReplaceAll(k.Public, "{ref}", ref)
	if lang == "en" {
		return "/en" + p
	}
	return p
}

// EditPath is the admin editor of the item ref, "" when there is none.
func (k *Kind) EditPath(ref string) string {
	if k.Edit == "" {
		return ""
	}
	return strings.ReplaceAll(k.Edit, "{ref}", ref)
}

// AdminList is the kind's list in the admin: "/admin/videos".
func (k *Kind) AdminList() string { return "/admin/" + k.Section }

// FileTable is a table holding media keys that is not a content kind:
// uploads waiting for their form, files withdrawn by a takedown, the
// upload records of body images.
type FileTable struct {
	Table, Column string
	// Keeps: a row keeps a trashed item's file served (an upload
	// waiting for its form will show it).
	Keeps bool
}

var (
	mu     sync.RWMutex
	kinds  []*Kind
	tables []FileTable
)

// Register adds k to the registry and returns it. It panics on a name,
// table or section that is already taken, or on an inconsistent
// declaration: registration happens at program start, where a mistake
// must stop the program.
func Register(k *Kind) *Kind {
	if err := k.check(); err != nil {
		panic(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, o := range kinds {
		if o.Name == k.Name || (o.Table == k.Table && o.Rows == k.Rows) || (k.Section != "" && o.Section == k.Section) {
			panic(fmt.Sprintf("kind: %s clashes with %s", k.Name, o.Name))
		}
	}
	kinds = append(kinds, k)
	return k
}

func (k *Kind) check() error {
	switch {
	case k.Name == "" || k.Table == "" || k.Action == "" || k.Label == "":
		return fmt.Errorf("kind: %q needs a name, table, action and label", k.Name)
	case (k.Has(Trash) || k.Has(Takedown)) && !k.Has(Status):
		return fmt.Errorf("kind: %s: trash and takedown need status", k.Name)
	case k.Has(Search) != (k.Search != nil):
		return fmt.Errorf("kind: %s: the Search feature and its columns go together", k.Name)
	case k.Has(Counter) != (k.Counter != ""):
		return fmt.Errorf("kind: %s: the Counter feature and its column go together", k.Name)
	case (k.Has(Feeds) || k.Has(Sitemap) || k.Has(API) || k.Has(Archive)) && k.Section == "":
		return fmt.Errorf("kind: %s: feeds, sitemap, API and archive need a section", k.Name)
	case (k.Has(Feeds) || k.Has(Sitemap)) && k.Public == "":
		return fmt.Errorf("kind: %s: feeds and the sitemap need public pages", k.Name)
	case k.Has(Takedown) && k.Title == "":
		return fmt.Errorf("kind: %s: the takedown register needs a title column", k.Name)
	}
	return nil
}

// RegisterFiles declares tables holding media keys that are not kinds.
func RegisterFiles(ts ...FileTable) {
	mu.Lock()
	defer mu.Unlock()
	tables = append(tables, ts...)
}

// All returns every kind in the order they were registered.
func All() []*Kind {
	mu.RLock()
	defer mu.RUnlock()
	return slices.Clone(kinds)
}

// With returns the kinds that take part in every feature of f, in order.
func With(f Feature) []*Kind {
	var out []*Kind
	for _, k := range All() {
		if k.Has(f) {
			out = append(out, k)
		}
	}
	return out
}

// ByName returns the kind named name, nil when there is none.
func ByName(name string) *Kind {
	return find(func(k *Kind) bool { return k.Name == name })
}

// ByTable returns the kind stored in table (its own table), nil when none.
func ByTable(table string) *Kind {
	return find(func(k *Kind) bool { return k.Table == table && k.Rows == "" })
}

// BySection returns the kind whose lists live at /{section}, nil when none.
func BySection(section string) *Kind {
	if section == "" {
		return nil
	}
	return find(func(k *Kind) bool { return k.Section == section })
}

func find(ok func(*Kind) bool) *Kind {
	for _, k := range All() {
		if ok(k) {
			return k
		}
	}
	return nil
}

// Registered reports whether k is the registry's own declaration (not a
// copy or a made-up kind).
func Registered(k *Kind) bool { return k != nil && ByName(k.Name) == k }

// FileTables returns the non-kind tables holding media keys.
func FileTables() []FileTable {
	mu.RLock()
	defer mu.RUnlock()
	return slices.Clone(tables)
}

// FileColumns returns every table and column holding media keys: the
// kinds' files and the non-kind file tables, each once, in order.
func FileColumns() []FileTable {
	seen := map[[2]string]bool{}
	var out []FileTable
	add := func(t FileTable) {
		if k := [2]string{t.Table, t.Column}; !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	for _, k := range All() {
		for _, f := range k.Files {
			add(FileTable{Table: f.Table, Column: f.Column})
		}
	}
	for _, t := range FileTables() {
		add(t)
	}
	return out
}
