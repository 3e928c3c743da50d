package e2e

import (
	"context"
	"io"
	"net/http"
	"os"
	"regexp"
	"testing"

	"newsroom/bench/pageweight/weigh"
)

// TestPageWeight measures the demo homepage and the first news page it
// links to as a phone sees them, the same measurement as
// bench/pageweight/run.sh: first view <= 100 KB and repeat view <= 15 KB
// transferred for the homepage, no layout shift on either page, and the
// homepage's height at 390 px (<= 5,000 px, notices within 3,400 px).
func TestPageWeight(t *testing.T) {
	t.Parallel()
	if _, err := weigh.ChromiumPath(""); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but Chromium is missing: %v", err)
		}
		t.Skipf("skipping browser test: Chromium is missing (%v)", err)
	}
	res, err := http.Get(site.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`href="(/news/[0-9]+)"`).FindSubmatch(body)
	if m == nil {
		t.Fatal("no news link on the homepage")
	}
	rs, err := weigh.Measure(context.Background(), []string{site.URL + "/", site.URL + string(m[1])}, weigh.Options{Anchor: "notices-h"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", weigh.Table(rs, []string{"home", "news"}))
	home, news := rs[0], rs[1]
	for _, miss := range weigh.Misses(home, append(weigh.ByteTargets(), weigh.ShiftTarget()...)) {
		t.Errorf("homepage: %s", miss)
	}
	for _, miss := range weigh.Misses(news, weigh.ShiftTarget()) {
		t.Errorf("news page %s: %s", m[1], miss)
	}
	for i, r := range rs {
		for _, s := range r.Shifts {
			t.Logf("%s shift %s", []string{"home", "news"}[i], s)
		}
	}
	for _, miss := range weigh.Misses(home, weigh.HeightTargets()) {
		t.Errorf("homepage at 390 px: %s", miss)
	}
}
