package roles

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"newsroom"
	"newsroom/db"
)

// Store keeps users, units, sessions and login throttling in the database.
type Store struct {
	db     *db.DB
	hash   HashParams
	Policy ThrottlePolicy
	// Hashing bounds the memory of the password hashes running at once.
	Hashing *HashGate
	login   loginState
}

// NewStore returns a Store using the given password-hash cost.
func NewStore(d *db.DB, hash HashParams) *Store {
	return &Store{db: d, hash: hash, Policy: DefaultThrottlePolicy, Hashing: NewHashGate(DefaultHashBudget)}
}

// DB exposes the database handle for packages that join against users.
func (s *Store) DB() *db.DB { return s.db }

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v) }

func nullMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64)
}

// notFound turns sql.ErrNoRows into newsroom.ErrNotFound with context.
func notFound(what string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("roles: %s: %w", what, newsroom.ErrNotFound)
	}
	return fmt.Errorf("roles: %s: %w", what, err)
}
