package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"time"

	"newsroom"
	"newsroom/audit"
	"newsroom/db"
	"newsroom/media"
)

// backupCommand writes a full backup into a directory: consistent snapshots
// of the database and the traffic log, the media files (only those changed
// since the backup already there), and a MANIFEST of every file's SHA-256,
// written last once everything was read back. Safe while the server runs.
func backupCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfgArgs, rest := splitConfigArgs(args)
	cfg, _, err := parseConfig("backup", cfgArgs, getenv, stderr)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{errors.New("backup: give exactly one destination directory")}
	}
	dir := rest[0]
	if cfg.DatabaseURL != "" {
		return errors.New("backup: this site's data is in PostgreSQL: back it up with PostgreSQL's own tools (pg_dump, or continuous archiving) and the bucket with the object store's, as the README's \"Running several instances\" says; `newsroom backup` copies a SQLite site")
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return usageError{fmt.Errorf("backup: %s is a file; a backup is now a directory (database, traffic log, media and MANIFEST): give a directory", dir)}
	}
	for _, p := range []string{cfg.DBPath(), cfg.TrafficPath()} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("backup: %w (is --data right?)", err)
		}
	}
	start := time.Now()
	src := db.BackupSource{
		Databases: []string{cfg.DBPath(), cfg.TrafficPath()},
		MediaDir:  filepath.Join(cfg.DataDir, "media"),
		Versions:  map[string]string{"newsroom": programVersion()},
	}
	if cfg.MediaURL != "" { // media in a bucket: read through the store
		if src.Media, err = media.OpenStorage(ctx, cfg.MediaURL, cfg.DataDir); err != nil {
			return err
		}
	}
	rep, err := db.BackupDir(ctx, src, dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s in %s: %d files, media copied %d, unchanged %d, removed %d; %.1f MB written; verified\n",
		dir, time.Since(start).Round(time.Millisecond), len(rep.Manifest.Files), rep.Copied, rep.Skipped, rep.Removed, float64(rep.Bytes)/1e6)
	return nil
}

// restoreCommand restores a backup directory into the (new or empty) data
// directory and verifies it, the traffic log's hash chain included.
func restoreCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfgArgs, rest := splitConfigArgs(args)
	cfg, _, err := parseConfig("restore", cfgArgs, getenv, stderr)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{errors.New("restore: give exactly one backup directory (restored into --data)")}
	}
	if cfg.DatabaseURL != "" {
		return errors.New("restore: NEWSROOM_DATABASE_URL is set: a backup of this command holds a SQLite site; restore a PostgreSQL site with pg_restore (see the README's \"Running several instances\")")
	}
	if m, err := db.ReadManifest(rest[0]); err == nil {
		ms, err := db.Migrations()
		if err != nil {
			return err
		}
		if v, _ := strconv.Atoi(m.Versions["schema:newsroom.db"]); v > len(ms) {
			return fmt.Errorf("restore refused: the backup's database schema (%d) is newer than this program's (%d); restore with the release that wrote it (%s)",
				v, len(ms), m.Versions["newsroom"])
		}
	}
	var traffic audit.VerifyResult
	var sink db.MediaSink // nil: media go to the data directory
	if cfg.MediaURL != "" {
		if sink, err = media.OpenStorage(ctx, cfg.MediaURL, cfg.DataDir); err != nil {
			return err
		}
	}
	m, err := db.RestoreTo(ctx, rest[0], cfg.DataDir, sink, func(ctx context.Context, dir string) error {
		if _, err := os.Stat(filepath.Join(dir, filepath.Base(cfg.DBPath()))); err != nil {
			return fmt.Errorf("the backup has no database: %w", err)
		}
		r, err := audit.OpenTrafficReadOnly(filepath.Join(dir, filepath.Base(cfg.TrafficPath())))
		if err != nil {
			return err
		}
		defer r.Close()
		if traffic, err = r.Verify(ctx); err != nil {
			return err
		}
		if !traffic.OK {
			return fmt.Errorf("traffic log: %d problem(s); run traffic verify on the backup", len(traffic.Problems))
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %d files from %s (backup of %s) into %s; integrity check ok; traffic log ok: %d records\n",
		len(m.Files), rest[0], m.CreatedAt.Format(time.RFC3339), cfg.DataDir, traffic.Checked)
	return nil
}

// programVersion is the module version and VCS revision the binary was
// built from, as far as the build recorded them.
func programVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
	}
	return v
}

// verifyFailed makes "traffic verify" exit 1 when the log was tampered with.
type verifyFailed struct{ n int }

func (v verifyFailed) Error() string {
	return fmt.Sprintf("traffic log verification failed: %d problem(s)", v.n)
}
func (v verifyFailed) ExitCode() int { return 1 }

func trafficCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{errors.New("traffic: verify, export, purge or import")}
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
	case "import":
		return trafficImport(ctx, cfg, rest, stdout, stderr)
	case "purge":
		if cfg.DatabaseURL != "" {
			return trafficPurgePostgres(ctx, cfg, stdout)
		}
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

// openTrafficReader opens the traffic log for reading: the SQLite file, or
// on PostgreSQL every instance's chain (its close also closes the database).
func openTrafficReader(ctx context.Context, cfg Config) (*audit.TrafficReader, func() error, error) {
	if cfg.DatabaseURL == "" {
		r, err := audit.OpenTrafficReadOnly(cfg.TrafficPath())
		if err != nil {
			return nil, nil, err
		}
		return r, r.Close, nil
	}
	d, err := db.Open(ctx, cfg.DBTarget())
	if err != nil {
		return nil, nil, err
	}
	r, err := audit.OpenTrafficReaderFor(d, cfg.TrafficPath())
	if err != nil {
		return nil, nil, errors.Join(err, d.Close())
	}
	return r, func() error { return errors.Join(r.Close(), d.Close()) }, nil
}

// trafficImport copies a SQLite traffic.db into the PostgreSQL database as
// this instance's chain (NEWSROOM_INSTANCE or the default), which the
// instance then goes on writing: part of moving a site to PostgreSQL.
func trafficImport(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("traffic import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("file", cfg.TrafficPath(), "the SQLite traffic log to import")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if cfg.DatabaseURL == "" {
		return usageError{errors.New("traffic import: set NEWSROOM_DATABASE_URL to the PostgreSQL database to import into")}
	}
	d, err := db.Open(ctx, cfg.DBTarget())
	if err != nil {
		return err
	}
	defer d.Close()
	n, err := audit.ImportSQLite(ctx, *file, d.W, cfg.InstanceID())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d records from %s as chain %s\n", n, *file, cfg.InstanceID())
	return nil
}

// trafficPurgePostgres purges every instance's chain: what the daily job
// does, without starting a chain of its own.
func trafficPurgePostgres(ctx context.Context, cfg Config, stdout io.Writer) error {
	d, err := db.Open(ctx, cfg.DBTarget())
	if err != nil {
		return err
	}
	defer d.Close()
	n, err := audit.PurgePostgres(ctx, d.W, cfg.TrafficRetentionDays, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "purged %d records older than %d days\n", n, cfg.TrafficRetentionDays)
	return nil
}

// trafficVerify verifies the log and reports per chain: on SQLite the
// file's one chain, on PostgreSQL each instance's, every problem prefixed
// with its chain's id.
func trafficVerify(ctx context.Context, cfg Config, stdout io.Writer) error {
	r, closeReader, err := openTrafficReader(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeReader()
	chains, err := r.VerifyChains(ctx)
	if err != nil {
		return err
	}
	problems := 0
	for _, c := range chains {
		prefix := ""
		if c.Chain != "" {
			prefix = "chain " + c.Chain + ": "
		}
		for _, p := range c.Problems {
			fmt.Fprintf(stdout, "%srecord %d: %s: %s\n", prefix, p.Seq, p.Kind, p.Detail)
		}
		problems += len(c.Problems)
		switch {
		case !c.OK && c.Chain != "":
			fmt.Fprintf(stdout, "%straffic log FAILED: %d problem(s)\n", prefix, len(c.Problems))
		case c.OK:
			fmt.Fprintf(stdout, "%straffic log ok: %d records (seq %d..%d), head %s\n", prefix, c.Checked, c.FirstSeq, c.LastSeq, c.HeadHash)
		}
	}
	if len(chains) == 0 {
		fmt.Fprintln(stdout, "traffic log ok: no chains yet")
	}
	if problems > 0 {
		return verifyFailed{problems}
	}
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
	r, closeReader, err := openTrafficReader(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeReader()
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
