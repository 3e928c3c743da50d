package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"newsroom/roles"
)

// BenchmarkPublicPage measures what the legal traffic log costs per request:
// the same public page through the full middleware chain, with the log off
// and on, in one run. Compare the two ns/op (or req/s) figures:
//
//	go test -run '^$' -bench PublicPage -count 6 ./cmd/newsroom | tee new.txt
//	benchstat new.txt
func BenchmarkPublicPage(b *testing.B) {
	for _, tc := range []struct {
		name string
		off  bool
	}{{"traffic=off", true}, {"traffic=on", false}} {
		b.Run(tc.name, func(b *testing.B) {
			cfg := testConfig(b, b.TempDir())
			cfg.Demo = false
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			a, err := newApp(context.Background(), cfg, log, io.Discard, appOptions{hash: roles.TestHashParams, noTraffic: tc.off})
			if err != nil {
				b.Fatal(err)
			}
			defer a.Close()
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest(http.MethodGet, "/", nil)
					req.RemoteAddr = "192.0.2.10:5000"
					rec := httptest.NewRecorder()
					a.handler.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Fatalf("status %d", rec.Code)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
			if a.traffic != nil {
				if err := a.traffic.Flush(context.Background()); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(a.traffic.Dropped()), "dropped")
			}
		})
	}
}
