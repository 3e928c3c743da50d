package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"

	"newsroom/app"
)

// serve runs the web server until ctx ends (SIGINT/SIGTERM), then lets
// in-flight requests finish, stops background jobs and flushes the logs.
func serve(ctx context.Context, cfg Config, log *slog.Logger, stdout io.Writer) error {
	a, err := app.New(ctx, cfg, log, stdout, app.Options{})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return errors.Join(fmt.Errorf("listen on %s: %w", cfg.Addr, err), a.Close())
	}
	return a.Serve(ctx, ln)
}
