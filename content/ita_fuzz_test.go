package content

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// The item form's fields come from outside: whatever they hold, Validate
// neither panics nor lets through a code that is not a URL segment, an
// external link that is not http(s), or a ref longer than its column.
func FuzzITAItemInput(f *testing.F) {
	f.Add("O1", "url", "", "https://example.org/a.pdf", "ชื่อ")
	f.Add("O 1", "page", "../etc", "", "")
	f.Add("O11", "notice", "-1", "javascript:alert(1)", strings.Repeat("ก", 500))
	f.Add("ก", "news_tag", "No-Gift", "", "")
	f.Fuzz(func(t *testing.T, code, source, ref, link, label string) {
		in := ITAItemInput{MetaInput: MetaInput{Lang: Thai, Sort: 1, Start: itaStart, End: itaEnd, UnitID: 1}, FY: 2570, Code: code,
			TitleTH: "รายการ", Span: SpanCurrent, Evidence: []ITAEvidence{{Source: source, Ref: ref, URL: link, LabelTH: label}}}
		if err := in.Validate(); err != nil {
			return
		}
		if !ValidITACode(in.Code) || strings.ContainsAny(in.Code, "/?#% ") {
			t.Fatalf("code %q accepted", in.Code)
		}
		e := in.Evidence[0]
		if utf8.RuneCountInString(e.Ref) > 60 || utf8.RuneCountInString(e.LabelTH) > MaxITALabel {
			t.Fatalf("evidence %+v accepted", e)
		}
		if e.Source == EvURL {
			u, err := url.Parse(e.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
				t.Fatalf("link %q accepted", e.URL)
			}
		} else if e.URL != "" {
			t.Fatalf("a %s row keeps a URL %q", e.Source, e.URL)
		}
		// What is saved reads back the same.
		back := parseEvidenceText(evidenceText(in.Evidence))
		if len(back) != 1 || back[0] != e {
			t.Fatalf("evidence_text round trip: %+v, want %+v", back, e)
		}
	})
}

// evidence_text comes back from revisions (possibly of older layouts):
// reading it never panics and yields only known sources.
func FuzzITAEvidenceText(f *testing.F) {
	f.Add(`{"position":1,"source":"page","ref":"about"}` + "\n" + `{"source":"url","url":"https://x"}`)
	f.Add("{\n}\nnot json\n{\"source\":\"file\"}")
	f.Fuzz(func(t *testing.T, s string) {
		for _, e := range parseEvidenceText(s) {
			found := false
			for _, src := range ITASources {
				found = found || src == e.Source
			}
			if !found {
				t.Fatalf("source %q read", e.Source)
			}
		}
	})
}
