package public

import (
	"cmp"
	"slices"
)

// siteSection is one public section of the site: listed on the
// human-readable site map (/sitemap) in both languages and, when Footer, in
// every page's footer. Each handler file declares its own sections with
// addSiteSection; Path is the Thai path ("/ita"), the English page being the
// same under /en.
type siteSection struct {
	Path   string
	Label  string // i18n catalog key of its name
	Order  int    // position on the site map
	Footer bool   // also linked from every page's footer
}

var siteSections []siteSection

// addSiteSection declares a public section; it returns true so a handler
// file can declare it as a package-level variable.
func addSiteSection(s siteSection) bool {
	siteSections = append(siteSections, s)
	return true
}

// sectionsInOrder lists the declared sections by Order, then path.
func sectionsInOrder() []siteSection {
	out := slices.Clone(siteSections)
	slices.SortStableFunc(out, func(a, b siteSection) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Path, b.Path))
	})
	return out
}

// The sections every install has since before the transparency hub.
var (
	_ = addSiteSection(siteSection{Path: "/", Label: "sitemap.home", Order: 0})
	_ = addSiteSection(siteSection{Path: "/news", Label: "news.list_title", Order: 10})
	_ = addSiteSection(siteSection{Path: "/videos", Label: "sitemap.videos", Order: 20})
	_ = addSiteSection(siteSection{Path: "/notices", Label: "notices.list_title", Order: 30})
	_ = addSiteSection(siteSection{Path: "/search", Label: "search.title", Order: 90})
)
