package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// serve runs the web server until ctx ends (SIGINT/SIGTERM), then lets
// in-flight requests finish, stops background jobs and flushes the logs.
func serve(ctx context.Context, cfg Config, log *slog.Logger, stdout io.Writer) error {
	a, err := newApp(ctx, cfg, log, stdout, appOptions{})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return errors.Join(fmt.Errorf("listen on %s: %w", cfg.Addr, err), a.Close())
	}
	return a.serveOn(ctx, ln)
}

func (a *app) serveOn(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Minute, // large photo ZIPs over slow links
		WriteTimeout:      10 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	jobCtx, stopJobs := context.WithCancel(context.Background())
	var jobs sync.WaitGroup
	for _, j := range a.jobs() {
		jobs.Go(func() {
			if err := j.fn(jobCtx); err != nil && !errors.Is(err, context.Canceled) {
				a.log.Error("background job stopped", "job", j.name, "err", err)
			}
		})
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.log.Info("newsroom listening", "addr", ln.Addr().String(), "base_url", a.cfg.BaseURL, "data", a.cfg.DataDir)

	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
		a.log.Info("shutting down", "grace", a.cfg.ShutdownTimeout)
		sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
		serveErr = srv.Shutdown(sctx)
		cancel()
	}
	stopJobs()
	jobs.Wait()
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	}
	err := errors.Join(serveErr, a.Close())
	a.log.Info("stopped")
	return err
}
