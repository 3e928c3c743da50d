package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// Secret returns the named 32-byte key from the settings table, creating it
// on first use. Keys live in the database so every server of a cluster, and
// every restart, signs cookies alike.
func (d *DB) Secret(ctx context.Context, name string) ([]byte, error) {
	key := "secret." + name
	var v string
	err := d.W.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		v = hex.EncodeToString(b)
		// Another server may have raced us: keep whichever was stored first.
		if _, err := d.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING`, key, v); err != nil {
			return nil, fmt.Errorf("db: store secret %s: %w", name, err)
		}
		err = d.W.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	}
	if err != nil {
		return nil, fmt.Errorf("db: secret %s: %w", name, err)
	}
	return hex.DecodeString(v)
}
