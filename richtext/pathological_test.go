package richtext

import (
	"strings"
	"testing"
)

// TestSanitizePathological feeds shapes that stress the parser and the
// converter (deep nesting, misnested formatting, long runs): the output stays
// safe, stable and of bounded size.
func TestSanitizePathological(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("<a href=/x>", 20000),
		strings.Repeat("<b><i>", 10000),
		strings.Repeat("<p><b>x", 10000),
		strings.Repeat("<div>", 20000),
		strings.Repeat("<table><tr><td>", 5000),
		strings.Repeat("<li>", 20000),
		strings.Repeat("<ul><li>", 5000),
		strings.Repeat("<span>x</span>", 50000),
		strings.Repeat("x<br>", 50000),
		strings.Repeat("<a href=/x>x</a>", 20000),
		strings.Repeat("<font><b>x</font>", 10000),
		strings.Repeat("<p style='mso-list:l0 level1 lfo1'>x</p>", 10000),
		"<ol>" + strings.Repeat("<li data-list=bullet class=ql-indent-8>x</li><li data-list=ordered>y</li>", 5000),
		strings.Repeat("<blockquote>", 300) + strings.Repeat("x ", 50000),
		strings.Repeat("<b>", 90) + strings.Repeat("<div>x</div>", 5000),
	} {
		out := Sanitize(s)
		if len(out) > 4*len(s)+1000 {
			t.Errorf("%.40q: %d bytes in, %d out", s, len(s), len(out))
		}
		if again := Sanitize(out); again != out {
			t.Errorf("%.40q: not idempotent", s)
		}
		checkSafe(t, out)
	}
}
