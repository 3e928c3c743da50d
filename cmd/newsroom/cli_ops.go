package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"newsroom"
	"newsroom/audit"
	"newsroom/db"
)

// backupCommand writes a consistent copy of the database (VACUUM INTO) and
// checks it; safe while the server runs.
func backupCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfgArgs, rest := splitConfigArgs(args)
	cfg, _, err := parseConfig("backup", cfgArgs, getenv, stderr)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{errors.New("backup: give exactly one destination file")}
	}
	d, err := db.Open(ctx, cfg.DBPath())
	if err != nil {
		return err
	}
	defer d.Close()
	start := time.Now()
	if err := db.Backup(ctx, d.W, rest[0]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s in %s; integrity check ok\n", rest[0], time.Since(start).Round(time.Millisecond))
	return nil
}

// verifyFailed makes "traffic verify" exit 1 when the log was tampered with.
type verifyFailed struct{ n int }

func (v verifyFailed) Error() string {
	return fmt.Sprintf("traffic log verification failed: %d problem(s)", v.n)
}
func (v verifyFailed) ExitCode() int { return 1 }

func trafficCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{errors.New("traffic: verify, export or purge")}
	}
	sub, args := args[0], args[1:]
	cfgArgs, rest := splitConfigArgs(args)
	cfg, _, err := parseConfig("traffic", cfgArgs, getenv, stderr)
	if err != nil {
		return err
	}
	switch sub {
	case "verify":
		return trafficVerify(ctx, cfg, stdout)
	case "export":
		return trafficExport(ctx, cfg, rest, stdout, stderr)
	case "purge":
		t, err := audit.OpenTraffic(cfg.TrafficPath(), audit.TrafficOptions{RetentionDays: cfg.TrafficRetentionDays})
		if err != nil {
			return err
		}
		n, err := t.Purge(ctx, time.Now())
		if err != nil {
			return errors.Join(err, t.Close())
		}
		fmt.Fprintf(stdout, "purged %d records older than %d days\n", n, cfg.TrafficRetentionDays)
		return t.Close()
	}
	return usageError{fmt.Errorf("traffic: unknown subcommand %q", sub)}
}

func trafficVerify(ctx context.Context, cfg Config, stdout io.Writer) error {
	r, err := audit.OpenTrafficReadOnly(cfg.TrafficPath())
	if err != nil {
		return err
	}
	defer r.Close()
	res, err := r.Verify(ctx)
	if err != nil {
		return err
	}
	for _, p := range res.Problems {
		fmt.Fprintf(stdout, "record %d: %s: %s\n", p.Seq, p.Kind, p.Detail)
	}
	if !res.OK {
		return verifyFailed{len(res.Problems)}
	}
	fmt.Fprintf(stdout, "traffic log ok: %d records (seq %d..%d), head %s\n", res.Checked, res.FirstSeq, res.LastSeq, res.HeadHash)
	return nil
}

func trafficExport(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("traffic export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "first day, YYYY-MM-DD (Asia/Bangkok)")
	to := fs.String("to", "", "last day, YYYY-MM-DD, inclusive (Asia/Bangkok)")
	out := fs.String("out", "", "output file (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	f, err := time.ParseInLocation("2006-01-02", *from, newsroom.Bangkok)
	if err != nil {
		return usageError{fmt.Errorf("traffic export: --from %q: use YYYY-MM-DD", *from)}
	}
	t, err := time.ParseInLocation("2006-01-02", *to, newsroom.Bangkok)
	if err != nil {
		return usageError{fmt.Errorf("traffic export: --to %q: use YYYY-MM-DD", *to)}
	}
	if t.Before(f) {
		return usageError{errors.New("traffic export: --to is before --from")}
	}
	r, err := audit.OpenTrafficReadOnly(cfg.TrafficPath())
	if err != nil {
		return err
	}
	defer r.Close()
	w := stdout
	if *out != "" {
		file, err := os.OpenFile(*out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	n, err := r.Export(ctx, w, f, t.AddDate(0, 0, 1))
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "exported %d records\n", n)
	return nil
}
