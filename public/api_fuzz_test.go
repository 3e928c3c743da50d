package public_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"newsroom/bench/fuzz/tally"
)

// fuzzPaths are the public paths that read query parameters (and ids) from
// visitors; %s is replaced by the fuzzed id segment.
var fuzzPaths = []string{
	"/api/v1/news", "/api/v1/news/%s", "/api/v1/videos", "/api/v1/videos/%s", "/api/v1/banners", "/api/v1/banners/%s",
	"/api/v1/notices", "/api/v1/notices/%s", "/api/v1/featured",
	"/news", "/en/news/%s", "/videos", "/videos/%s", "/notices", "/notices/%s", "/notices/%s/file", "/search",
	"/news/rss.xml", "/en/notices/atom.xml", "/sitemap/%s", "/",
}

// FuzzPublicQuery: whatever the query string and id a visitor sends, the
// JSON API answers 200 with a JSON page of at most 100 items, or 400 / 404
// with a JSON error, and the pages answer without a server error; never 500.
func FuzzPublicQuery(f *testing.F) {
	ta := newDemoApp(f)
	seeds := []struct {
		path  uint8
		id, q string
	}{
		{0, "", "lang=en&page=2&per_page=100"}, {0, "", "page=0"}, {0, "", "page=9223372036854775807&per_page=100"},
		{0, "", "per_page=-1"}, {0, "", "lang=xx"}, {0, "", "page=%zz"}, {1, "1", ""}, {1, "-1", ""}, {1, "99999999999999999999", ""},
		{2, "", "programme=x&page=1000000&per_page=100"}, {4, "", "placement=sidebar"}, {6, "", "category=jobs&lang=en"},
		{6, "", "category=%00"}, {8, "", "lang=en"}, {9, "", "fy=2569&month=13&after=1.2"}, {9, "", "fy=99999999999999999999&after=-1.-1"},
		{13, "", "category=procurement&fy=2569&month=10"}, {16, "", "q=%22unterminated+OR+NEAR%2F3"}, {16, "", "q=" + strings.Repeat("ก", 300)},
		{19, "news-1.xml", ""}, {19, "news-01.xml", ""}, {11, "2", "page=-5"},
	}
	for _, s := range seeds {
		f.Add(s.path, s.id, s.q)
	}
	f.Fuzz(func(t *testing.T, which uint8, id, query string) {
		tally.Count()
		if len(id) > 200 || len(query) > 2000 {
			return
		}
		p := fuzzPaths[int(which)%len(fuzzPaths)]
		p = strings.Replace(p, "%s", id, 1)
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path, req.URL.RawQuery, req.RequestURI = p, query, ""
		req.Header.Set("User-Agent", browserUA)
		rec := httptest.NewRecorder()
		ta.handler.ServeHTTP(rec, req)
		status, body := rec.Code, rec.Body.Bytes()
		if strings.HasPrefix(p, "/api/") && strings.Count(p, "/") >= 3 {
			switch status {
			case http.StatusOK:
				var page struct {
					Items   []json.RawMessage `json:"items"`
					PerPage int               `json:"per_page"`
				}
				if err := json.Unmarshal(body, &page); err != nil {
					t.Fatalf("GET %s?%s: 200 with %v: %.300s", p, query, err, body)
				}
				if len(page.Items) > 100 || page.PerPage > 100 {
					t.Fatalf("GET %s?%s: %d items, per_page %d", p, query, len(page.Items), page.PerPage)
				}
			case http.StatusBadRequest, http.StatusNotFound, http.StatusMovedPermanently:
				// A path the API has no route for (an id with a slash) gets
				// the site's 404 page.
				if status == http.StatusBadRequest && !json.Valid(body) || status == http.StatusNotFound && !strings.Contains(id, "/") && !json.Valid(body) {
					t.Fatalf("GET %s?%s: %d with a body that is not JSON: %.300s", p, query, status, body)
				}
			default:
				t.Fatalf("GET %s?%s: status %d: %.300s", p, query, status, body)
			}
			return
		}
		if status >= 500 {
			t.Fatalf("GET %s?%s: status %d: %.300s", p, query, status, body)
		}
	})
}
