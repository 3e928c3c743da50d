package content

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// Counted things: which column of which table a view adds to.
const (
	CountNewsView    = "news.views"
	CountVideoView   = "videos.views"
	CountNoticeRead  = "notices.reads"
	CountBannerClick = "banners.clicks"
)

// MaxCount is the largest value a view, read or click counter takes: counts
// saturate here instead of overflowing. It is the largest integer a
// JavaScript number holds exactly (2^53 - 1), so the JSON API's counts stay
// exact in every client; no real page gets anywhere near it.
const MaxCount int64 = 1<<53 - 1

// counterSQL adds ?2 (1 ≤ ?2 ≤ MaxCount) to a counter and saturates at ?1
// (MaxCount): the stored value is first clamped into 0..?1-?2 (what is not a
// number counts as 0), so the sum never leaves 0..MaxCount, whatever an
// older version or a hand edit left there (SQLite would turn an int64 overflow into a REAL that no longer
// scans as an integer, and every page listing the row would fail).
var counterSQL = map[string]string{
	CountNewsView:    saturatingAdd("news", "views"),
	CountVideoView:   saturatingAdd("videos", "views"),
	CountNoticeRead:  saturatingAdd("notices", "reads"),
	CountBannerClick: saturatingAdd("banners", "clicks"),
}

func saturatingAdd(table, col string) string {
	return `UPDATE ` + table + ` SET ` + col + ` = CASE WHEN typeof(` + col + `) IN ('integer', 'real')
		THEN CAST(min(max(` + col + `, 0), ?1 - ?2) AS INTEGER) + ?2 ELSE ?2 END WHERE id = ?3`
}

type counterKey struct {
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
	store      *Store
	FlushEvery time.Duration
	// Repeat is how long a visitor's repeated views of one item count once.
	Repeat  time.Duration
	now     func() time.Time
	mu      sync.Mutex
	pending map[counterKey]int64
	seen    seenSets
}

// NewCounter returns a counter writing through s.
func NewCounter(s *Store, now func() time.Time) *Counter {
	return &Counter{store: s, FlushEvery: 10 * time.Second, Repeat: 30 * time.Minute, now: now,
		pending: map[counterKey]int64{}, seen: seenSets{seed: maphash.MakeSeed()}}
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
	if _, ok := counterSQL[what]; !ok || id <= 0 || botPattern.MatchString(userAgent) {
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
	if _, ok := counterSQL[what]; !ok || id <= 0 {
		return
	}
	c.mu.Lock()
	k := counterKey{what, id}
	c.pending[k] = SatAdd(c.pending[k], 1)
	c.mu.Unlock()
}

// Pending reports counts not yet written, for pages that show a count
// including the reader's own view.
func (c *Counter) Pending(what string, id int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pending[counterKey{what, id}]
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
	c.pending = map[counterKey]int64{}
	c.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	err := c.store.tx(ctx, func(tx *sql.Tx) error { // shown counts change: caches refresh
		for k, n := range batch {
			if _, err := tx.ExecContext(ctx, counterSQL[k.what], MaxCount, ClampCount(n), k.id); err != nil {
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

// The visitors' de-duplication memory is two fixed open-addressing hash
// tables of (key, time) slots, the key a 64-bit hash of item and visitor: the
// current generation and the one before. A visit whose key either holds
// with a time less than Repeat ago is a repeat. The current generation
// becomes the previous one when it is Repeat old or 3/4 full, whichever
// comes first, so a visitor's repeats within Repeat count once unless more
// than SeenCapacity other visits came between (a flood makes
// de-duplication shorter, never memory larger).
//
// Memory bound: 2 × SeenSlots × 16 bytes = 4 MiB, allocated on the first
// visit and never grown, however many visitors and items there are.
const (
	SeenSlots    = 1 << 17               // slots per generation
	SeenCapacity = SeenSlots / 4 * 3     // keys per generation before it rotates
	SeenBytes    = 2 * SeenSlots * 16    // the whole de-duplication memory
	seenMask     = uint64(SeenSlots - 1) // slot index of a key
)

type seenSets struct {
	seed      maphash.Seed
	cur, prev seenSet
	since     time.Time // when cur started
}

// seenSlot is one visit: key 0 marks an empty slot; at is unix milliseconds.
type seenSlot struct {
	key uint64
	at  int64
}

// seenSet is an open-addressing hash table with linear probing.
type seenSet struct {
	slots []seenSlot
	n     int
}

func (s *seenSets) key(what string, id int64, visitor string) uint64 {
	var h maphash.Hash
	h.SetSeed(s.seed)
	h.WriteString(what)
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(id))
	h.Write(b[:])
	h.WriteString(visitor)
	if k := h.Sum64(); k != 0 {
		return k
	}
	return 1 // 0 marks an empty slot
}

// add records a visit with key at now and reports whether it counts: no
// visit with the same key counted less than repeat ago.
func (s *seenSets) add(key uint64, now time.Time, repeat time.Duration) bool {
	if s.cur.slots == nil {
		s.cur.slots, s.prev.slots, s.since = make([]seenSlot, SeenSlots), make([]seenSlot, SeenSlots), now
	}
	switch age := now.Sub(s.since); {
	case age >= 2*repeat: // every visit held is older than repeat
		s.cur.reset()
		s.prev.reset()
		s.since = now
	case age >= repeat:
		s.rotate(now)
	}
	at, window := now.UnixMilli(), repeat.Milliseconds()
	if sl := s.cur.find(key); sl != nil {
		if at-sl.at < window {
			return false
		}
		sl.at = at
		return true
	}
	if sl := s.prev.find(key); sl != nil && at-sl.at < window {
		return false
	}
	if s.cur.n >= SeenCapacity {
		s.rotate(now)
	}
	s.cur.insert(key, at)
	return true
}

func (s *seenSets) rotate(now time.Time) {
	s.cur, s.prev = s.prev, s.cur
	s.cur.reset()
	s.since = now
}

// entries is how many visits are held, for tests.
func (s *seenSets) entries() int { return s.cur.n + s.prev.n }

// bytes is the memory the tables hold, for tests.
func (s *seenSets) bytes() int {
	return (cap(s.cur.slots) + cap(s.prev.slots)) * int(unsafe.Sizeof(seenSlot{}))
}

func (s *seenSet) find(k uint64) *seenSlot {
	for i := k & seenMask; s.slots[i].key != 0; i = (i + 1) & seenMask {
		if s.slots[i].key == k {
			return &s.slots[i]
		}
	}
	return nil
}

func (s *seenSet) insert(k uint64, at int64) {
	i := k & seenMask
	for s.slots[i].key != 0 {
		i = (i + 1) & seenMask
	}
	s.slots[i] = seenSlot{k, at}
	s.n++
}

func (s *seenSet) reset() {
	clear(s.slots)
	s.n = 0
}

// count scans a stored counter robustly: whatever the column holds (an
// integer out of range, a REAL left by an old overflow, text), the value
// read is in 0..MaxCount and the row still loads.
type count struct{ v *int64 }

func (c count) Scan(src any) error {
	*c.v = clampAny(src, 0, MaxCount)
	return nil
}

// bounded scans a small stored number (display order, photos per row, NEW
// days) into lo..hi, so a bad value shows clamped instead of failing a page.
type bounded struct {
	v      *int
	lo, hi int64
}

func (b bounded) Scan(src any) error {
	*b.v = int(clampAny(src, b.lo, b.hi))
	return nil
}

// clampAny converts a column value to an integer in lo..hi; what is not a
// number reads as lo.
func clampAny(src any, lo, hi int64) int64 {
	var f float64
	switch x := src.(type) {
	case int64:
		return min(max(x, lo), hi)
	case float64:
		f = x
	case []byte:
		return clampAny(string(x), lo, hi)
	case string:
		s := strings.TrimSpace(x)
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return min(max(n, lo), hi)
		}
		var err error
		if f, err = strconv.ParseFloat(s, 64); err != nil {
			return lo
		}
	case bool:
		if x {
			return clampAny(int64(1), lo, hi)
		}
		return clampAny(int64(0), lo, hi)
	default:
		return lo
	}
	switch {
	case math.IsNaN(f), f <= float64(lo):
		return lo
	case f >= float64(hi):
		return hi
	}
	return int64(f)
}
