package public_test

import (
	"fmt"
	"strings"
	"testing"

	"newsroom/search"
	"newsroom/templates"
)

// TestSearchCountManyNamesTheCap: "more than N results" says the number at
// which engines stop counting, in both languages.
func TestSearchCountManyNamesTheCap(t *testing.T) {
	n := fmt.Sprintf("%d,%03d", search.CountCap/1000, search.CountCap%1000)
	for _, lang := range []string{"th", "en"} {
		if got := templates.Tf(lang, "search.count_many", "ข่าว"); !strings.Contains(got, n) || !strings.Contains(got, "ข่าว") {
			t.Errorf("%s: %q does not name %s and the query", lang, got, n)
		}
	}
}
