// Package counter owns the public views, reads and clicks counters: it adds
// visitors' views up in memory (not bots, not one visitor's repeats), writes
// them in one transaction every few seconds with SQL that saturates at
// MaxCount, and scans stored counts robustly. Which table and column a
// counted thing adds to is the caller's configuration (Target); the package
// knows no content kind.
package counter

import (
	"context"
	"database/sql"
	"fmt"
	"hash/maphash"
	"log/slog"
	"regexp"
	"sync"
	"time"

	"newsroom/db"
)

// MaxCount is the largest value a view, read or click counter takes: counts
// saturate here instead of overflowing. It is the largest integer a
// JavaScript number holds exactly (2^53 - 1), so the JSON API's counts stay
// exact in every client; no real page gets anywhere near it.
const MaxCount int64 = 1<<53 - 1

// Target is the column a counted thing adds to, in the row whose id is the
// counted item's id.
type Target struct {
	Table, Column string
}

type key struct {
	what string
	id   int64
}

// Counter adds up views and reads in memory and writes them in one
// transaction every FlushEvery, so a page view costs no database write. A
// crash loses at most FlushEvery of counts; shutdown flushes.
//
// Callers count only items that exist and are public (the public handlers
// call Visit after the item's page answered 200), so pending holds at most
// one entry per item. The de-duplication memory of visitors is fixed: see
// SeenSlots.
type Counter struct {
	db         *db.DB
	FlushEvery time.Duration
	// Repeat is how long a visitor's repeated views of one item count once.
	Repeat time.Duration
	// Changed, when set, runs after a flush wrote counts: the counts pages
	// show changed, so their caches must forget.
	Changed func(context.Context)
	// Log receives the errors of background flushes (default slog.Default).
	Log     *slog.Logger
	now     func() time.Time
	sql     map[string]string // counted thing → its saturating UPDATE
	mu      sync.Mutex
	pending map[key]int64
	seen    seenSets
}

var identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// New returns a counter writing through d into the columns of targets, keyed
// by the names callers count under (for instance "news.views"). A target
// whose table or column is not a plain lower-case SQL identifier is a
// programming error: New panics.
func New(d *db.DB, targets map[string]Target, now func() time.Time) *Counter {
	c := &Counter{db: d, FlushEvery: 10 * time.Second, Repeat: 30 * time.Minute, now: now,
		sql: map[string]string{}, pending: map[key]int64{}, seen: seenSets{seed: maphash.MakeSeed()}}
	for what, t := range targets {
		if !identifier.MatchString(t.Table) || !identifier.MatchString(t.Column) {
			panic(fmt.Sprintf("counter: target %q: bad table or column %q.%q", what, t.Table, t.Column))
		}
		if d.IsPostgres() {
			c.sql[what] = postgresSaturatingAdd(t)
		} else {
			c.sql[what] = sqliteSaturatingAdd(t)
		}
	}
	return c
}

// botPattern matches the user agents of crawlers, link previewers and tools;
// their visits are not reads.
var botPattern = regexp.MustCompile(`(?i)bot|crawl|spider|slurp|preview|facebookexternalhit|whatsapp|line-poker|curl|wget|python|go-http-client|java/|okhttp|lighthouse|monitor|^$`)

// Visit counts a visitor's view unless it comes from a bot or repeats the
// same visitor's view of the same item within Repeat. visitor is an opaque
// key (a hash of address and browser); nothing personal is stored, only a
// 64-bit hash of the visitor and item. Call it only for an item that exists
// and that the visitor may see.
func (c *Counter) Visit(what string, id int64, visitor, userAgent string) bool {
	if _, ok := c.sql[what]; !ok || id <= 0 || botPattern.MatchString(userAgent) {
		return false
	}
	now := c.now()
	c.mu.Lock()
	first := c.seen.add(c.seen.key(what, id, visitor), now, c.Repeat)
	c.mu.Unlock()
	if !first {
		return false
	}
	c.Add(what, id)
	return true
}

// Add counts one view of item id.
func (c *Counter) Add(what string, id int64) {
	if _, ok := c.sql[what]; !ok || id <= 0 {
		return
	}
	c.mu.Lock()
	k := key{what, id}
	c.pending[k] = SatAdd(c.pending[k], 1)
	c.mu.Unlock()
}

// Pending reports counts not yet written, for pages that show a count
// including the reader's own view.
func (c *Counter) Pending(what string, id int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pending[key{what, id}]
}

// Shown is the count a page shows: the stored count plus the pending ones,
// saturated at MaxCount.
func (c *Counter) Shown(what string, id, stored int64) int64 {
	return SatAdd(stored, c.Pending(what, id))
}

// SatAdd adds two counts, clamping each and the sum into 0..MaxCount.
func SatAdd(a, b int64) int64 {
	a, b = ClampCount(a), ClampCount(b)
	if a > MaxCount-b {
		return MaxCount
	}
	return a + b
}

// ClampCount puts a count into 0..MaxCount.
func ClampCount(n int64) int64 { return min(max(n, 0), MaxCount) }

// Flush writes the pending counts in one transaction; on failure they are
// kept for the next try.
func (c *Counter) Flush(ctx context.Context) error {
	c.mu.Lock()
	batch := c.pending
	c.pending = map[key]int64{}
	c.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	err := c.db.Tx(ctx, func(tx *sql.Tx) error {
		for k, n := range batch {
			if _, err := tx.ExecContext(ctx, c.sql[k.what], c.addArgs(ClampCount(n), k.id)...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		c.mu.Lock()
		for k, n := range batch {
			c.pending[k] = SatAdd(c.pending[k], n)
		}
		c.mu.Unlock()
		return fmt.Errorf("counter: flush counts: %w", err)
	}
	if c.Changed != nil { // shown counts change: caches refresh
		c.Changed(ctx)
	}
	return nil
}

// Run flushes every FlushEvery until ctx ends, then once more.
func (c *Counter) Run(ctx context.Context) error {
	t := time.NewTicker(c.FlushEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return c.Flush(context.WithoutCancel(ctx))
		case <-t.C:
			if err := c.Flush(ctx); err != nil {
				log := c.Log
				if log == nil {
					log = slog.Default()
				}
				log.Error("counter", "err", err)
			}
		}
	}
}

// addArgs are the arguments of the dialect's add statement.
func (c *Counter) addArgs(n, id int64) []any {
	if c.db.IsPostgres() {
		return postgresAddArgs(n, id)
	}
	return sqliteAddArgs(n, id)
}
