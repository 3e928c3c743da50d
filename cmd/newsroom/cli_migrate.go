package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"newsroom/audit"
	"newsroom/db"
	"newsroom/media"
)

// migrateToCommand moves a site from SQLite (and media on local disk) to
// PostgreSQL (and, when given, an S3-compatible store): it copies a
// consistent snapshot of every table and every media file, then proves the
// copy: each table's row count and row hash, and each file's SHA-256 read
// back from the target. The traffic log file becomes this instance's chain
// in PostgreSQL, unchanged and verified. The source is only read. The
// search index is rebuilt by the target at its first start.
func migrateToCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fsArgs := flag.NewFlagSet("migrate-to", flag.ContinueOnError)
	fsArgs.SetOutput(stderr)
	toDB := fsArgs.String("to-database-url", "", "the PostgreSQL database to move to (postgres://…, empty or new)")
	toMedia := fsArgs.String("to-media-url", "", "the object store to move the media to (s3://bucket?endpoint=…); empty: they stay in the data directory")
	cfgArgs, rest := splitConfigArgs(args)
	if err := fsArgs.Parse(rest); err != nil {
		return usageError{err}
	}
	if fsArgs.NArg() > 0 {
		return usageError{fmt.Errorf("migrate-to: unexpected %q", fsArgs.Arg(0))}
	}
	if !db.IsPostgresURL(*toDB) {
		return usageError{errors.New("migrate-to: give --to-database-url postgres://user:pass@host:5432/name")}
	}
	env := func(k string) string {
		if k == "NEWSROOM_DATABASE_URL" || k == "NEWSROOM_MEDIA_URL" {
			return "" // the source is this data directory's SQLite site
		}
		return getenv(k)
	}
	cfg, _, err := parseConfig("migrate-to", cfgArgs, env, stderr)
	if err != nil {
		return err
	}
	if _, err := os.Stat(cfg.DBPath()); err != nil {
		return fmt.Errorf("migrate-to: %w (is --data right?)", err)
	}
	start := time.Now()

	// A consistent snapshot of the source, taken while it may still run.
	snapDir, err := os.MkdirTemp(cfg.DataDir, ".migrate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(snapDir)
	live, err := db.Open(ctx, cfg.DBPath())
	if err != nil {
		return err
	}
	snapPath := filepath.Join(snapDir, "newsroom.db")
	err = db.Backup(ctx, live.W, snapPath)
	live.Close()
	if err != nil {
		return fmt.Errorf("migrate-to: snapshot the source: %w", err)
	}
	src, err := db.Open(ctx, snapPath)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := db.Open(ctx, *toDB)
	if err != nil {
		return err
	}
	defer dst.Close()
	if err := db.RequireEmptySite(ctx, dst); err != nil {
		return fmt.Errorf("migrate-to: %w", err)
	}
	sv, _ := src.Version(ctx)
	dv, _ := dst.Version(ctx)
	if sv != dv {
		return fmt.Errorf("migrate-to: the source is at schema version %d, the target at %d", sv, dv)
	}
	rep, err := db.CopyTables(ctx, src, dst)
	if err != nil {
		return err
	}
	var rows int64
	for _, n := range rep.Rows {
		rows += n
	}
	fmt.Fprintf(stdout, "copied %d tables, %d rows\n", len(rep.Tables), rows)
	if len(rep.Only) > 0 {
		fmt.Fprintf(stdout, "not copied (in one schema only): %s\n", strings.Join(rep.Only, ", "))
	}
	if err := verifyTables(ctx, src, dst, stdout); err != nil {
		return err
	}

	if _, err := os.Stat(cfg.TrafficPath()); err == nil {
		n, err := audit.ImportSQLite(ctx, cfg.TrafficPath(), dst.W, cfg.InstanceID())
		if err != nil {
			return fmt.Errorf("migrate-to: traffic log: %w", err)
		}
		fmt.Fprintf(stdout, "traffic log: %d records became chain %q (start the server with NEWSROOM_INSTANCE=%s to go on writing it)\n", n, cfg.InstanceID(), cfg.InstanceID())
	}

	if *toMedia != "" {
		n, size, err := copyMedia(ctx, filepath.Join(cfg.DataDir, "media"), *toMedia, cfg.DataDir)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "copied %d media files (%.1f MB), each read back and its SHA-256 checked\n", n, float64(size)/1e6)
	} else {
		fmt.Fprintf(stdout, "media stay in %s\n", filepath.Join(cfg.DataDir, "media"))
	}
	fmt.Fprintf(stdout, "moved in %s. Start the site with NEWSROOM_DATABASE_URL", time.Since(start).Round(time.Millisecond))
	if *toMedia != "" {
		fmt.Fprint(stdout, " and NEWSROOM_MEDIA_URL")
	}
	fmt.Fprintln(stdout, " set; it rebuilds the search index at its first start.")
	return nil
}

// verifyTables compares each shared table's row count and row hash.
func verifyTables(ctx context.Context, src, dst *db.DB, stdout io.Writer) error {
	cols, err := db.SharedColumns(ctx, src, dst)
	if err != nil {
		return err
	}
	a, err := db.Digests(ctx, src, cols)
	if err != nil {
		return err
	}
	b, err := db.Digests(ctx, dst, cols)
	if err != nil {
		return err
	}
	var names []string
	for n := range cols {
		if _, ok := a[n]; ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var bad []string
	for _, n := range names {
		if a[n] != b[n] {
			bad = append(bad, fmt.Sprintf("%s: source %d rows %.12s, target %d rows %.12s", n, a[n].Rows, a[n].Hash, b[n].Rows, b[n].Hash))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("migrate-to: the copy differs:\n  %s", strings.Join(bad, "\n  "))
	}
	fmt.Fprintf(stdout, "verified %d tables: row counts and row hashes equal\n", len(names))
	return nil
}

// copyMedia copies every stored file under dir into the store at url,
// reading each back and comparing its SHA-256. It returns how many files
// and bytes it copied.
func copyMedia(ctx context.Context, dir, url, dataDir string) (int, int64, error) {
	store, err := media.OpenStorage(ctx, url, dataDir)
	if err != nil {
		return 0, 0, fmt.Errorf("migrate-to: media store: %w", err)
	}
	var n int
	var size int64
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if !media.ValidKey(key) {
			return nil // a temporary file of an interrupted write
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := store.Put(ctx, key, data); err != nil {
			return fmt.Errorf("migrate-to: store %s: %w", key, err)
		}
		if err := checkStored(store, key, data); err != nil {
			return err
		}
		n, size = n+1, size+int64(len(data))
		return nil
	})
	return n, size, err
}

// checkStored reads key back from the store and compares it with data.
func checkStored(store media.Storage, key string, data []byte) error {
	f, _, err := store.Open(key)
	if err != nil {
		return fmt.Errorf("migrate-to: read back %s: %w", key, err)
	}
	defer f.Close()
	got, err := io.ReadAll(f)
	if err != nil {
		return fmt.Errorf("migrate-to: read back %s: %w", key, err)
	}
	if a, b := sha256.Sum256(got), sha256.Sum256(data); !bytes.Equal(a[:], b[:]) {
		return fmt.Errorf("migrate-to: %s reads back different from what was written", key)
	}
	return nil
}
