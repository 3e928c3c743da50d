package templates

import (
	"net/url"
	"time"

	"newsroom"
	"newsroom/roles"
)

// Page is what every layout needs; handlers put their own data in Data.
type Page struct {
	Lang      string
	Title     string      // already translated
	Nav       string      // active menu item key
	User      *roles.User // nil when logged out
	CSRF      string
	Flash     string // message key
	FlashArgs []any
	Errors    newsroom.FieldErrors
	Form      url.Values // the user's input, kept on a 422
	Path      string     // current path, for the language switch
	AltURL    string     // the same page in the other language (public)
	SelfURL   string     // this page with the query AltURL keeps (hreflang)
	RequestID string
	BaseURL   string // the site's public URL, for absolute links (OpenGraph, feeds)
	Unread    int    // the admin user's unread notifications (at most notify.UnreadCap)
	OG        *OpenGraph
	Data      any
	Footer    *Footer // the public footer's links (footer.go); nil in the admin

	// PreviewExpires is set on a preview link's page (public/preview.go):
	// the layout adds a robots noindex and a bar saying when the link expires.
	PreviewExpires time.Time
}

// OpenGraph describes a detail page for link previews (LINE, Facebook) and
// search engines. Paths are made absolute with the base URL.
type OpenGraph struct {
	Type        string // article, video.other, website
	Description string
	Image       string // a path on this site, e.g. /media/…
	Path        string // the canonical path
}

// Can is a shortcut for menus: may the page's user do act on kind?
func (p Page) Can(kind string) bool {
	if p.User == nil {
		return false
	}
	return roles.ScopeOf(p.User.Actor(), roles.Kind(kind)) != roles.None
}

// CanTakeDown reports whether the page's user may take items down.
func (p Page) CanTakeDown() bool {
	return p.User != nil && roles.Can(p.User.Actor(), roles.TakeDown, roles.Target{})
}

// Value returns the kept form input for a field, or def.
func (p Page) Value(field, def string) string {
	if p.Form != nil {
		if _, ok := p.Form[field]; ok {
			return p.Form.Get(field)
		}
	}
	return def
}

// Err returns the translated error for field, or "".
func (p Page) Err(field string) string { return fieldErr(p.Lang, p.Errors, field) }
