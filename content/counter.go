package content

import (
	"context"
	"database/sql"
	"fmt"
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
	mu         sync.Mutex
	pending    map[counterKey]int64
}

// NewCounter returns a counter writing through s.
func NewCounter(s *Store) *Counter {
	return &Counter{store: s, FlushEvery: 10 * time.Second, pending: map[counterKey]int64{}}
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
	c.mu.Lock()
	batch := c.pending
	c.pending = map[counterKey]int64{}
	c.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	err := c.store.db.Tx(ctx, func(tx *sql.Tx) error {
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
