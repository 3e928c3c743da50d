package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"newsroom/app"
	"newsroom/roles"
)

// BenchmarkPublicPage measures what the legal traffic log costs per request:
// the same public page with the log off and on, in one run, the writer's
// queued work included. "handler" calls the router in-process (the least
// work per request, so the log's share looks largest); "http" serves it on
// loopback to 64 keep-alive clients in the same process, as a visitor's
// request is served. Each reports req/s and the process's CPU time per
// request. Separate runs drift apart on a shared machine; for the cost of
// the log, bench/traffic/run.sh uses BenchmarkTrafficLogCost below.
func BenchmarkPublicPage(b *testing.B) {
	for _, via := range []string{"handler", "http"} {
		for _, side := range []string{"off", "on"} {
			b.Run(via+"/traffic="+side, func(b *testing.B) { benchPublicPage(b, via == "http", side == "off") })
		}
	}
}

func benchPublicPage(b *testing.B, overHTTP, off bool) {
	a, get := benchApp(b, off, overHTTP)
	if overHTTP {
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
	if a.Traffic != nil {
		if err := a.Traffic.Flush(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(a.Traffic.Dropped()), "dropped")
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(began).Seconds(), "req/s")
	// CPU time per request, the process's user+system time over the run:
	// steadier than req/s on a machine shared with other work.
	b.ReportMetric(float64((processCPU()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// benchApp starts an app without demo content, with the traffic log unless
// off, and returns a function that fetches its homepage once: through the
// router in-process, or over loopback HTTP on a keep-alive client.
func benchApp(b *testing.B, off, overHTTP bool) (*app.App, func() int) {
	cfg := testConfig(b, b.TempDir())
	cfg.Demo = false
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := newApp(context.Background(), cfg, log, io.Discard, appOptions{hash: roles.TestHashParams, noTraffic: off})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	if !overHTTP {
		return a, func() int {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = "192.0.2.10:5000"
			rec := httptest.NewRecorder()
			a.Handler.ServeHTTP(rec, req)
			return rec.Code
		}
	}
	srv := httptest.NewServer(a.Handler)
	b.Cleanup(srv.Close)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	url := srv.URL + "/"
	return a, func() int {
		res, err := client.Get(url)
		if err != nil {
			return 0
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
}

// processCPU is the user+system CPU time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkTrafficLogCost is the same comparison with the two sides
// interleaved in one process: two apps, one with the log and one without,
// take turns serving slices of sliceRequests requests (each iteration is
// one slice per side, the order flipping every time), so the machine's
// slow and fast spells fall on both sides alike. On a shared machine whose
// speed drifts by 20% from one second to the next, this measures what
// separate runs cannot. The "on" slice ends with a Flush: the writer's work
// is inside the timed slice. It reports each side's req/s and CPU time per
// request over all its slices, and the cost of the log.
func BenchmarkTrafficLogCost(b *testing.B) {
	for _, via := range []string{"handler", "http"} {
		b.Run(via, func(b *testing.B) { benchTrafficLogCost(b, via == "http") })
	}
}

const sliceRequests = 20000

func benchTrafficLogCost(b *testing.B, overHTTP bool) {
	type side struct {
		app        *app.App
		get        func() int
		wall, cpu  time.Duration
		requests   int
		flushAfter bool
	}
	sides := make([]*side, 2) // 0: log off, 1: log on
	clients := 2
	for i := range sides {
		a, get := benchApp(b, i == 0, overHTTP)
		s := &side{app: a, get: get, flushAfter: i == 1}
		if overHTTP {
			clients = 64 // as wrk -c64
		}
		sides[i] = s
	}
	// serve runs one slice of s: clients goroutines share sliceRequests.
	serve := func(s *side) {
		var next atomic.Int64
		var wg sync.WaitGroup
		cpu0, began := processCPU(), time.Now()
		for range clients {
			wg.Go(func() {
				for next.Add(1) <= sliceRequests {
					if code := s.get(); code != http.StatusOK {
						b.Errorf("status %d", code)
						return
					}
				}
			})
		}
		wg.Wait()
		if s.flushAfter {
			if err := s.app.Traffic.Flush(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
		s.wall += time.Since(began)
		s.cpu += processCPU() - cpu0
		s.requests += sliceRequests
	}
	for _, s := range sides { // warm both up outside the clocks
		serve(s)
		s.wall, s.cpu, s.requests = 0, 0, 0
	}
	b.ResetTimer()
	for i := range b.N {
		serve(sides[i%2])
		serve(sides[1-i%2])
	}
	b.StopTimer()
	rps := func(s *side) float64 { return float64(s.requests) / s.wall.Seconds() }
	cpu := func(s *side) float64 { return float64(s.cpu.Nanoseconds()) / float64(s.requests) }
	off, on := sides[0], sides[1]
	b.ReportMetric(rps(off), "off-req/s")
	b.ReportMetric(rps(on), "on-req/s")
	b.ReportMetric(cpu(off), "off-cpu-ns/req")
	b.ReportMetric(cpu(on), "on-cpu-ns/req")
	b.ReportMetric((1-rps(on)/rps(off))*100, "cost-%")
	b.ReportMetric(float64(on.app.Traffic.Dropped()), "dropped")
}
