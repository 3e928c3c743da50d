package content

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sync"
	"time"
)

// Counted things: which column of which table a view adds to.
const (
	CountNewsView    = "news.views"
	CountVideoView   = "videos.views"
	CountNoticeRead  = "notices.reads"
	CountBannerClick = "banners.clicks"
)

var counterSQL = map[string]string{
	CountNewsView:    `UPDATE news SET views = views + ? WHERE id = ?`,
	CountVideoView:   `UPDATE videos SET views = views + ? WHERE id = ?`,
	CountNoticeRead:  `UPDATE notices SET reads = reads + ? WHERE id = ?`,
	CountBannerClick: `UPDATE banners SET clicks = clicks + ? WHERE id = ?`,
}

type counterKey struct {
	what string
	id   int64
}

// Counter adds up views and reads in memory and writes them in one
// transaction every FlushEvery, so a page view costs no database write. A
// crash loses at most FlushEvery of counts; shutdown flushes.
type Counter struct {
	store      *Store
	FlushEvery time.Duration
	// Repeat is how long a visitor's repeated views of one item count once.
	Repeat  time.Duration
	now     func() time.Time
	mu      sync.Mutex
	pending map[counterKey]int64
	seen    map[visitKey]time.Time
}

type visitKey struct {
	counterKey
	visitor string
}

// NewCounter returns a counter writing through s.
func NewCounter(s *Store, now func() time.Time) *Counter {
	return &Counter{store: s, FlushEvery: 10 * time.Second, Repeat: 30 * time.Minute, now: now,
		pending: map[counterKey]int64{}, seen: map[visitKey]time.Time{}}
}

// botPattern matches the user agents of crawlers, link previewers and tools;
// their visits are not reads.
var botPattern = regexp.MustCompile(`(?i)bot|crawl|spider|slurp|preview|facebookexternalhit|whatsapp|line-poker|curl|wget|python|go-http-client|java/|okhttp|lighthouse|monitor|^$`)

// Visit counts a visitor's view unless it comes from a bot or repeats the
// same visitor's view of the same item within Repeat. visitor is an opaque
// key (a hash of address and browser); nothing personal is stored.
func (c *Counter) Visit(what string, id int64, visitor, userAgent string) bool {
	if botPattern.MatchString(userAgent) {
		return false
	}
	k := visitKey{counterKey{what, id}, visitor}
	now := c.now()
	c.mu.Lock()
	last, ok := c.seen[k]
	if ok && now.Sub(last) < c.Repeat {
		c.mu.Unlock()
		return false
	}
	c.seen[k] = now
	c.mu.Unlock()
	c.Add(what, id)
	return true
}

// forget drops visits older than Repeat so memory stays bounded.
func (c *Counter) forget() {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, t := range c.seen {
		if now.Sub(t) >= c.Repeat {
			delete(c.seen, k)
		}
	}
}

// Add counts one view of item id.
func (c *Counter) Add(what string, id int64) {
	if _, ok := counterSQL[what]; !ok || id <= 0 {
		return
	}
	c.mu.Lock()
	c.pending[counterKey{what, id}]++
	c.mu.Unlock()
}

// Pending reports counts not yet written, for pages that show a count
// including the reader's own view.
func (c *Counter) Pending(what string, id int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pending[counterKey{what, id}]
}

// Flush writes the pending counts in one transaction; on failure they are
// kept for the next try.
func (c *Counter) Flush(ctx context.Context) error {
	c.forget()
	c.mu.Lock()
	batch := c.pending
	c.pending = map[counterKey]int64{}
	c.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	err := c.store.tx(ctx, func(tx *sql.Tx) error { // shown counts change: caches refresh
		for k, n := range batch {
			if _, err := tx.ExecContext(ctx, counterSQL[k.what], n, k.id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		c.mu.Lock()
		for k, n := range batch {
			c.pending[k] += n
		}
		c.mu.Unlock()
		return fmt.Errorf("content: flush counts: %w", err)
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
				c.store.log.Error("counter", "err", err)
			}
		}
	}
}
