package app

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Serve runs the web server on ln and the background jobs until ctx ends
// (SIGINT/SIGTERM), then lets in-flight requests finish, stops the jobs and
// closes the app.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Minute, // large photo ZIPs over slow links
		WriteTimeout:      10 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	jobCtx, stopJobs := context.WithCancel(context.Background())
	var jobs sync.WaitGroup
	for _, j := range a.Jobs() {
		jobs.Go(func() {
			if err := j.Fn(jobCtx); err != nil && !errors.Is(err, context.Canceled) {
				a.Log.Error("background job stopped", "job", j.Name, "err", err)
			}
		})
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.Log.Info("newsroom listening", "addr", ln.Addr().String(), "base_url", a.Cfg.BaseURL, "data", a.Cfg.DataDir)
	if a.Cfg.SMTP != nil {
		a.Log.Info("e-mail notifications on", "smtp", a.Cfg.SMTP.String())
	}

	var serveErr error
	select {
	case serveErr = <-errc:
	case <-ctx.Done():
		a.Log.Info("shutting down", "grace", a.Cfg.ShutdownTimeout)
		sctx, cancel := context.WithTimeout(context.Background(), a.Cfg.ShutdownTimeout)
		serveErr = srv.Shutdown(sctx)
		cancel()
	}
	stopJobs()
	jobs.Wait()
	if errors.Is(serveErr, http.ErrServerClosed) {
		serveErr = nil
	}
	err := errors.Join(serveErr, a.Close())
	a.Log.Info("stopped")
	return err
}
