package content

import (
	"context"
	"fmt"
	"time"
)

// defaulter adds content every installation has, demo or not: the
// institutional pages, the ITA hub's fiscal years. It runs at every start,
// after the first run made the unit list, so it must be idempotent and
// leave alone what central PR edited or deleted.
type defaulter struct {
	name string
	fn   func(ctx context.Context, s *Store, now time.Time) error
}

var defaulters []defaulter

// addDefaults declares an area's default content; it returns true so a file
// can declare it as a package-level variable.
func addDefaults(name string, fn func(ctx context.Context, s *Store, now time.Time) error) bool {
	defaulters = append(defaulters, defaulter{name, fn})
	return true
}

// EnsureDefaults adds whatever default content is missing.
func (s *Store) EnsureDefaults(ctx context.Context, now time.Time) error {
	for _, d := range defaulters {
		if err := d.fn(ctx, s, now); err != nil {
			return fmt.Errorf("content: defaults %s: %w", d.name, err)
		}
	}
	return nil
}
