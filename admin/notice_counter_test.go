package admin_test

import (
	"strings"
	"testing"
)

// TestNoticeFormHasHeadlineCounter: the notice form's headline carries the
// same 200-character counter as the news form's (admin.js counts).
func TestNoticeFormHasHeadlineCounter(t *testing.T) {
	ta := newTestApp(t)
	b := ta.browser(t)
	b.mustLogin(ta.adminID, ta.adminPW)
	for _, path := range []string{"/admin/notices/new", "/admin/news/new"} {
		p := b.get(path)
		wantStatus(t, p, 200, path)
		for _, want := range []string{`data-max="200"`, `aria-describedby="headline-count`, `<p class="counter" id="headline-count" aria-live="polite"><span class="n">0</span>/200</p>`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
	}
}
