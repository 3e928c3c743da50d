package counter

import (
	"encoding/binary"
	"hash/maphash"
	"time"
	"unsafe"
)

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
