package admin

import (
	"testing"

	"newsroom/content"
	"newsroom/roles"
)

// TestRevisionComparisonNamesCodes: a comparison shows news types,
// programmes and categories by their names in the reader's language, never
// as stored codes; an unknown code stays as it is.
func TestRevisionComparisonNamesCodes(t *testing.T) {
	type code struct{ field, value string }
	var codes []code
	for _, v := range content.NewsTypes {
		codes = append(codes, code{"news_type", string(v)})
	}
	for _, v := range content.Programmes {
		codes = append(codes, code{"programme", string(v)})
	}
	for _, v := range roles.AllCategories {
		codes = append(codes, code{"category", string(v)})
	}
	if len(codes) < 8 {
		t.Fatalf("only %d codes found", len(codes))
	}
	for _, c := range codes {
		th, en := fieldText("th", c.field, c.value), fieldText("en", c.field, c.value)
		if th == "" || en == "" || th == c.value && en == c.value {
			t.Errorf("%s %q reads %q in Thai and %q in English; want its names", c.field, c.value, th, en)
		}
	}
	if got := fieldText("en", "programme", "no-such-programme"); got != "no-such-programme" {
		t.Errorf("an unknown programme reads %q", got)
	}
	if got := fieldText("en", "programme", "3-minutes"); got != "3 MINUTES@NPU" {
		t.Errorf("3-minutes reads %q; want 3 MINUTES@NPU", got)
	}
}
