package web

import (
	"net/url"
	"strconv"
)

// Pager describes one page of a list and builds links to the others,
// keeping the list's filters in the query.
type Pager struct {
	Page, Pages, PerPage, Total int
	Path                        string
	Query                       url.Values
}

// NewPager clamps page into range for total items.
func NewPager(path string, q url.Values, page, perPage, total int) Pager {
	pages := max(1, (total+perPage-1)/perPage)
	page = min(max(page, 1), pages)
	return Pager{Page: page, Pages: pages, PerPage: perPage, Total: total, Path: path, Query: q}
}

// Offset is the SQL OFFSET of the page.
func (p Pager) Offset() int { return (p.Page - 1) * p.PerPage }

// URL links to page n with the same filters.
func (p Pager) URL(n int) string {
	q := url.Values{}
	for k, v := range p.Query {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	return p.Path + "?" + q.Encode()
}
