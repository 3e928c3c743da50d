package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the database to dest with VACUUM INTO,
// which reads one snapshot and so may run while the server keeps writing.
// dest must not exist. The copy is checked with PRAGMA integrity_check.
func Backup(ctx context.Context, src *sql.DB, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("db: backup: %s already exists", dest)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("db: backup: %w", err)
	}
	if _, err := src.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("db: backup to %s: %w", dest, err)
	}
	if err := IntegrityCheck(ctx, dest); err != nil {
		return fmt.Errorf("db: backup to %s: %w", dest, err)
	}
	return nil
}

// IntegrityCheck opens the database file at path read-only and runs
// PRAGMA integrity_check; any answer but "ok" is an error.
func IntegrityCheck(ctx context.Context, path string) error {
	c, err := sql.Open("sqlite3", "file:"+uriPath(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer c.Close()
	var res string
	if err := c.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check: %s", res)
	}
	return nil
}
