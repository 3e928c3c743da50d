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

const usage = `usage: newsroom [command] [flags]

commands:
  serve                         run the web server (default)
  user add|passwd|disable|enable|list   manage accounts
  backup DIR                    write a verified full backup (databases, media, MANIFEST) while it runs
  restore DIR                   restore a backup into an empty --data directory and verify it
  traffic verify                check the traffic log's hash chain
  traffic export --from --to    write traffic records of a date range as CSV
  traffic purge                 delete traffic records older than the retention

Run "newsroom serve -h" for the settings; each flag also reads $NEWSROOM_*.
`

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
// arguments, environment and output, so tests can run it in-process.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd, rest := "serve", args[1:]
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		cmd, rest = rest[0], rest[1:]
	}
	switch cmd {
	case "serve":
		cfg, _, err := parseConfig("serve", rest, getenv, stderr)
		if err != nil {
			return err
		}
		return serve(ctx, cfg, newLogger(cfg, stderr), stdout)
	case "user":
		return userCommand(ctx, rest, getenv, stdout, stderr)
	case "backup":
		return backupCommand(ctx, rest, getenv, stdout, stderr)
	case "restore":
		return restoreCommand(ctx, rest, getenv, stdout, stderr)
	case "traffic":
		return trafficCommand(ctx, rest, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Errorf("unknown command %q", cmd)}
}

func newLogger(cfg Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	lvl.UnmarshalText([]byte(cfg.LogLevel))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl}))
}

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
