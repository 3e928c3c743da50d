package public_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"newsroom/content"
)

// The transparency pages' cost without the page cache: a distinct query
// string per request makes every request build its answer. Run with
//
//	go test ./public -run '^$' -bench 'Transparency' -benchtime 200x
func BenchmarkTransparencyPages(b *testing.B) {
	ta := newTestApp(b)
	ta.clock.Set(procNow)
	threeRecords(b, ta)
	if err := ta.content.PublishProcurementMonth(context.Background(), 2570, 10, "published", content.Author{Name: "พัสดุ"}, procNow); err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/procurement/2570/10", "/procurement/2570/10.csv", "/procurement/2570/10.xlsx", "/procurement/2570",
		"/ita/2570", "/ita/2570/O20", "/units/science", "/sitemap"} {
		b.Run(path, func(b *testing.B) {
			run := strconv.FormatInt(time.Now().UnixNano(), 36) // a fresh cache key per run too
			for i := range b.N {
				res, err := http.Get(ta.srv.URL + path + "?n=" + run + "-" + strconv.Itoa(i))
				if err != nil {
					b.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != 200 {
					b.Fatalf("%s: %d", path, res.StatusCode)
				}
			}
		})
	}
}
