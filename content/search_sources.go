package content

import (
	"sync"

	"newsroom/kind"
	"newsroom/search"
)

// searchSources are the kinds that declare search in the registry, with the
// columns it names for them (package search reads them). Columns left empty
// are the usual lang, status, start_at and end_at. Built at first use, once
// every kind has registered.
var searchSources = sync.OnceValue(func() []search.Source {
	var out []search.Source
	for _, k := range kind.With(kind.Search) {
		c := k.Search
		out = append(out, search.Source{Kind: k.Name, Table: k.Table, Title: c.Title, Body: c.Body, Category: c.Category, Lang: c.Lang})
	}
	return out
})
