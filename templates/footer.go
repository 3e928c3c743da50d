package templates

// Footer is the public footer's links in the page's language: the
// institutional menu in the order central PR set, the site sections that
// declare themselves for the footer, and the human-readable site map.
// Package public fills it (web.Web.Footer); nil on admin pages.
type Footer struct {
	Pages    []FooterLink
	Sections []FooterLink
	Sitemap  string // path of the site-map page
}

// FooterLink is one footer link: its path and its (translated) label.
type FooterLink struct {
	Path  string
	Label string
}
