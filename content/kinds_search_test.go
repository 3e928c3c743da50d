package content

import (
	"testing"

	"newsroom/kind"
)

// The search index indexes exactly the kinds that declare search, with the
// registry's columns. (When search moves to its own package and reads the
// registry, this check goes with it.)
func TestRegistrySearch(t *testing.T) {
	for _, k := range kind.All() {
		src, ok := searchSourceOf(k.Table)
		if ok != k.Has(kind.Search) {
			t.Errorf("%s: declares search %v, indexed %v", k.Name, k.Has(kind.Search), ok)
			continue
		}
		if !ok {
			continue
		}
		if s := k.Search; src.kind != k.Name || src.title != s.Title || src.body != s.Body || src.category != s.Category {
			t.Errorf("%s: the index has %+v, the registry %+v", k.Name, src, *s)
		}
	}
}
