package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"

	"newsroom/roles"
)

// BenchmarkPublicPage measures what the legal traffic log costs per request:
// the same public page with the log off and on, in one run, the writer's
// queued work included. "handler" calls the router in-process (the least
// work per request, so the log's share looks largest); "http" serves it on
// loopback to 64 keep-alive clients in the same process, as a visitor's
// request is served. Each reports req/s and the process's CPU time per
// request. bench/traffic/run.sh runs it several times with the two sides
// alternating and prints the medians.
func BenchmarkPublicPage(b *testing.B) {
	for _, via := range []string{"handler", "http"} {
		for _, side := range []string{"off", "on"} {
			b.Run(via+"/traffic="+side, func(b *testing.B) { benchPublicPage(b, via == "http", side == "off") })
		}
	}
}

func benchPublicPage(b *testing.B, overHTTP, off bool) {
	cfg := testConfig(b, b.TempDir())
	cfg.Demo = false
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := newApp(context.Background(), cfg, log, io.Discard, appOptions{hash: roles.TestHashParams, noTraffic: off})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	get := func() int {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.RemoteAddr = "192.0.2.10:5000"
		rec := httptest.NewRecorder()
		a.handler.ServeHTTP(rec, req)
		return rec.Code
	}
	if overHTTP {
		srv := httptest.NewServer(a.handler)
		defer srv.Close()
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
		get = func() int {
			res, err := client.Get(srv.URL + "/")
			if err != nil {
				b.Error(err)
				return 0
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return res.StatusCode
		}
		b.SetParallelism(32) // 64 clients on 2 CPUs, as wrk -c64
	}
	b.ReportAllocs()
	cpu0 := processCPU()
	began := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if code := get(); code != http.StatusOK {
				b.Errorf("status %d", code)
				return
			}
		}
	})
	// The traffic writer's work still queued counts too: flush it before
	// the clocks stop.
	if a.traffic != nil {
		if err := a.traffic.Flush(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(a.traffic.Dropped()), "dropped")
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(began).Seconds(), "req/s")
	// CPU time per request, the process's user+system time over the run:
	// steadier than req/s on a machine shared with other work.
	b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// processCPU is the user+system CPU time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
