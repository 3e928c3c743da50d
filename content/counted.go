package content

import (
	"context"
	"sync"

	"newsroom/counter"
	"newsroom/kind"
)

// Counted things: which column of which table a view adds to (the view
// counter, package counter, is configured with Counted).
const (
	CountNewsView    = "news.views"
	CountVideoView   = "videos.views"
	CountNoticeRead  = "notices.reads"
	CountBannerClick = "banners.clicks"
)

// Counted maps each counted thing ("news.views": a kind's table and its
// counter column, as the registry declares them) to its column, for
// counter.New. Built at first use, once every kind has registered.
var Counted = sync.OnceValue(func() map[string]counter.Target {
	out := map[string]counter.Target{}
	for _, k := range kind.With(kind.Counter) {
		out[k.Table+"."+k.Counter] = counter.Target{Table: k.Table, Column: k.Counter}
	}
	return out
})

// MaxCount is the largest count an item shows (counter.MaxCount).
const MaxCount = counter.MaxCount

// Changed tells the page caches that what visitors see changed outside the
// store's own writes (the view counter's flushes).
func (s *Store) Changed(ctx context.Context) { s.changed(ctx) }

// count scans a stored counter robustly: whatever the column holds (an
// integer out of range, a REAL left by an old overflow, text), the value
// read is in 0..MaxCount and the row still loads.
type count struct{ v *int64 }

func (c count) Scan(src any) error {
	*c.v = counter.Clamp(src, 0, MaxCount)
	return nil
}

// bounded scans a small stored number (display order, photos per row, NEW
// days) into lo..hi, so a bad value shows clamped instead of failing a page.
type bounded struct {
	v      *int
	lo, hi int64
}

func (b bounded) Scan(src any) error {
	*b.v = int(counter.Clamp(src, b.lo, b.hi))
	return nil
}
