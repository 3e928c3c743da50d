package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"

	"newsroom/app"
)

// exitCoder lets a command choose its exit status (traffic verify: 1).
type exitCoder interface{ ExitCode() int }

func exitCode(err error) int {
	var ec exitCoder
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	var ue usageError
	var aue app.UsageError
	if errors.As(err, &ue) || errors.As(err, &aue) {
		return 2
	}
	return 1
}

// run is the whole program; main only supplies the process's context,
// arguments, environment and output, so tests can run it in-process. The
// commands are the table in commands.go.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd, rest := "serve", args[1:]
	if len(rest) > 0 && (!strings.HasPrefix(rest[0], "-") || wantsHelp(rest[:1])) {
		cmd, rest = rest[0], rest[1:]
	}
	switch cmd {
	case "-h", "-help", "--help":
		cmd = "help"
	}
	c, ok := findCommand(cmd)
	if !ok {
		writeUsage(stderr)
		return usageError{fmt.Errorf("unknown command %q", cmd)}
	}
	if c.subs != nil {
		return runGroup(ctx, c, rest, getenv, stdout, stderr)
	}
	if c.name != "help" && wantsHelp(rest) {
		writeCommandUsage(stdout, c)
		return nil
	}
	return c.run(ctx, rest, getenv, stdout, stderr)
}

func newLogger(cfg Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	lvl.UnmarshalText([]byte(cfg.LogLevel))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl}))
}

// serve runs the web server until ctx ends (SIGINT/SIGTERM), then lets
// in-flight requests finish, stops background jobs and flushes the logs.
func serve(ctx context.Context, cfg Config, log *slog.Logger, stdout io.Writer) error {
	if cfg.BaseURLDerived {
		log.Info("demo mode: base URL taken from the listen address", "base_url", cfg.BaseURL)
	}
	if w := cfg.BaseURLWarning(); w != "" {
		log.Warn(w)
	}
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
