package audit

import (
	"encoding/binary"
	"sync"
)

// maxQueueBytes bounds the queue's memory whatever the records hold.
const maxQueueBytes = 16 << 20

// queue carries records from requests to the writer. Each record is encoded
// on arrival (see appendQueued) into one byte slice, which the writer swaps
// for an empty one when it drains. A byte slice holds no pointers, so the
// garbage collector neither scans the queue nor runs write barriers while
// requests fill it; a channel of Record values cost the busy server more
// in collector work than the writer's hashing.
type queue struct {
	mu      sync.Mutex
	buf     []byte // records, encoded
	n       int    // records in buf
	marks   []mark
	stopped bool // a stop mark was queued: refuse records
	max     int  // records the queue holds at most
	nudgeAt int  // queue length at which push pokes the writer
	wake    chan struct{}
}

// mark asks the writer to store every record queued before it (at is the
// number of records in the queue when it was put there) and then answer ack;
// stop also ends the writer.
type mark struct {
	at   int
	ack  chan error
	stop bool
}

func newQueue(max int) *queue {
	return &queue{max: max, nudgeAt: max / 2, wake: make(chan struct{}, 1)}
}

// push encodes and queues s, or reports false when the queue is full or
// stopped.
func (q *queue) push(s *storedRecord) bool {
	q.mu.Lock()
	if q.stopped || q.n >= q.max || len(q.buf) >= maxQueueBytes {
		q.mu.Unlock()
		return false
	}
	q.buf = appendQueued(q.buf, s)
	q.n++
	nudge := q.n == q.nudgeAt
	q.mu.Unlock()
	if nudge {
		q.poke()
	}
	return true
}

// mark queues a marker and pokes the writer; false when the queue is stopped.
func (q *queue) mark(ack chan error, stop bool) bool {
	q.mu.Lock()
	if q.stopped {
		q.mu.Unlock()
		return false
	}
	q.marks = append(q.marks, mark{at: q.n, ack: ack, stop: stop})
	q.stopped = stop
	q.mu.Unlock()
	q.poke()
	return true
}

// poke asks the writer to drain now rather than at its next tick.
func (q *queue) poke() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// take hands the queued records and marks to the writer and starts an empty
// queue in spare's storage.
func (q *queue) take(spare []byte) (buf []byte, n int, marks []mark) {
	q.mu.Lock()
	buf, n, marks = q.buf, q.n, q.marks
	q.buf, q.n, q.marks = spare[:0], 0, nil
	q.mu.Unlock()
	return buf, n, marks
}

// appendQueued appends s as the queue stores it: the length, then the
// fields a block frame holds between seq and the hashes (appendFields).
func appendQueued(b []byte, s *storedRecord) []byte {
	b = binary.AppendUvarint(b, uint64(fieldsSize(s)))
	return appendFields(b, s)
}

// nextQueued splits the first queued record off buf.
func nextQueued(buf []byte) (fields, rest []byte) {
	size, k := binary.Uvarint(buf)
	end := k + int(size)
	return buf[k:end], buf[end:]
}
