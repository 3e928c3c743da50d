package audit

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
)

// The traffic log stores records in blocks: one row of traffic_blocks holds
// up to blockRecords consecutive records, encoded one after another in its
// data column. Inserting one row of 64 records costs the writer about a
// third of what 64 rows of twelve columns cost, which is what keeps the log
// under its budget of a few percent of a busy server's CPU.
//
// A block's data is a version byte followed by frames. A frame is the
// body's length (uvarint) and the body:
//
//	seq, at          varint
//	ip               dictionary string
//	user_id          varint
//	method, uri      string: uvarint length, bytes
//	status, bytes    varint
//	duration_us      varint
//	user_agent       dictionary string
//	prev_hash, hash  32 bytes each (SHA-256, see storedRecord.hashWith)
//
// A dictionary string starts with a uvarint v: an even v is a new value of
// v/2 bytes, which follow; an odd v repeats the block's (v-1)/2-th new value
// of that field. The requests of one page view share an address and a user
// agent, and a user agent is half a record, so this halves what the writer
// stores (and the CPU it spends storing it).
//
// Varints must be minimal, a new value must not repeat an earlier one and
// every body must be used up exactly, so each value has one encoding:
// changing any byte of a block changes a record, breaks the framing or
// breaks the version, and Verify names where.
const (
	blockVersion = 1
	blockRecords = 64
)

// errBlock marks a block that cannot be decoded.
var errBlock = errors.New("damaged block")

// newBlock starts a block's data in buf's storage.
func newBlock(buf []byte) []byte { return append(buf[:0], blockVersion) }

// appendFields appends a record's fields from at to user_agent as the queue
// holds them: like a frame, with every dictionary string a new value.
func appendFields(b []byte, s *storedRecord) []byte {
	b = binary.AppendVarint(b, s.at)
	b = appendNew(b, s.ip)
	b = binary.AppendVarint(b, s.userID)
	b = appendField(b, s.method)
	b = appendField(b, s.uri)
	b = binary.AppendVarint(b, s.status)
	b = binary.AppendVarint(b, s.bytes)
	b = binary.AppendVarint(b, s.durUS)
	return appendNew(b, s.ua)
}

func appendField[S string | []byte](b []byte, s S) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendNew appends a dictionary string's new value.
func appendNew[S string | []byte](b []byte, s S) []byte {
	b = binary.AppendUvarint(b, uint64(len(s))<<1)
	return append(b, s...)
}

// fieldsSize is the length appendFields appends.
func fieldsSize(s *storedRecord) int {
	n := 0
	for _, v := range [...]int64{s.at, s.userID, s.status, s.bytes, s.durUS} {
		n += varintLen(v)
	}
	for _, f := range [...]string{s.method, s.uri} {
		n += uvarintLen(uint64(len(f))) + len(f)
	}
	for _, f := range [...]string{s.ip, s.ua} {
		n += uvarintLen(uint64(len(f))<<1) + len(f)
	}
	return n
}

// hashFields appends to a hash message (see hashMessage) the part that
// follows seq, read from fields as appendFields wrote them. The writer
// hashes queued records this way without decoding them into strings.
func hashFields(b, fields []byte) []byte {
	f := frame{b: fields}
	b = appendInt(b, f.varint())
	b = appendString(b, f.newValue())
	b = appendInt(b, f.varint())
	b = appendString(b, f.bytes())
	b = appendString(b, f.bytes())
	b = appendInt(b, f.varint())
	b = appendInt(b, f.varint())
	b = appendInt(b, f.varint())
	return appendString(b, f.newValue())
}

// dict is one field's new values in the block being built, kept in one
// buffer so that building a block allocates nothing.
type dict struct {
	buf  []byte
	ends []int
}

func (d *dict) reset() { d.buf, d.ends = d.buf[:0], d.ends[:0] }

// appendTo appends v to a frame as a dictionary string.
func (d *dict) appendTo(b, v []byte) []byte {
	start := 0
	for i, end := range d.ends {
		if string(d.buf[start:end]) == string(v) {
			return binary.AppendUvarint(b, uint64(i)<<1|1)
		}
		start = end
	}
	d.buf = append(d.buf, v...)
	d.ends = append(d.ends, len(d.buf))
	return appendNew(b, v)
}

func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

func varintLen(v int64) int {
	u := uint64(v) << 1
	if v < 0 {
		u = ^u
	}
	return uvarintLen(u)
}

// blockDecoder reads a block's frames in order.
type blockDecoder struct {
	data     []byte
	off      int // offset of the next frame
	n        int // frames read
	ips, uas []string
}

func newBlockDecoder(data []byte) (*blockDecoder, error) {
	if len(data) == 0 || data[0] != blockVersion {
		return nil, fmt.Errorf("%w: unknown format", errBlock)
	}
	return &blockDecoder{data: data, off: 1}, nil
}

// more reports whether frames remain.
func (d *blockDecoder) more() bool { return d.off < len(d.data) }

// next decodes the next frame into s, with prev and hash as hex.
func (d *blockDecoder) next(s *storedRecord) error {
	if d.n == blockRecords {
		// Also bounds the work an edited block can make a reader do.
		return fmt.Errorf("%w: more than %d records", errBlock, blockRecords)
	}
	d.n++
	f := frame{b: d.data[d.off:]}
	size := f.uvarint()
	if f.err != nil || size > uint64(len(f.b)) {
		return fmt.Errorf("%w: frame length at byte %d", errBlock, d.off)
	}
	body := frame{b: f.b[:size]}
	s.seq = body.varint()
	s.at = body.varint()
	s.ip = body.dictField(&d.ips)
	s.userID = body.varint()
	s.method = body.field()
	s.uri = body.field()
	s.status = body.varint()
	s.bytes = body.varint()
	s.durUS = body.varint()
	s.ua = body.dictField(&d.uas)
	s.prev = body.digest()
	s.hash = body.digest()
	if body.err == nil && len(body.b) != 0 {
		body.err = errors.New("bytes left over")
	}
	if body.err != nil {
		return fmt.Errorf("%w: record at byte %d: %v", errBlock, d.off, body.err)
	}
	d.off = len(d.data) - len(f.b) + int(size)
	return nil
}

// frame consumes a byte slice; the first error sticks.
type frame struct {
	b   []byte
	err error
}

func (f *frame) fail(what string) {
	if f.err == nil {
		f.err = errors.New(what)
	}
	f.b = nil
}

func (f *frame) uvarint() uint64 {
	v, n := binary.Uvarint(f.b)
	if n <= 0 || n != uvarintLen(v) {
		f.fail("bad number")
		return 0
	}
	f.b = f.b[n:]
	return v
}

func (f *frame) varint() int64 {
	v, n := binary.Varint(f.b)
	if n <= 0 || n != varintLen(v) {
		f.fail("bad number")
		return 0
	}
	f.b = f.b[n:]
	return v
}

func (f *frame) field() string { return string(f.bytes()) }

func (f *frame) bytes() []byte { return f.take(f.uvarint()) }

func (f *frame) take(n uint64) []byte {
	if n > uint64(len(f.b)) {
		f.fail("text runs past the record")
		return nil
	}
	s := f.b[:n]
	f.b = f.b[n:]
	return s
}

// newValue reads a dictionary string that must be a new value.
func (f *frame) newValue() []byte {
	v := f.uvarint()
	if v&1 != 0 {
		f.fail("reference where a value must be")
		return nil
	}
	return f.take(v >> 1)
}

// dictField reads a dictionary string, adding a new value to seen.
func (f *frame) dictField(seen *[]string) string {
	v := f.uvarint()
	if f.err != nil {
		return ""
	}
	if v&1 != 0 {
		if i := v >> 1; i < uint64(len(*seen)) {
			return (*seen)[i]
		}
		f.fail("reference to no earlier value")
		return ""
	}
	s := string(f.take(v >> 1))
	if slices.Contains(*seen, s) {
		f.fail("a repeated value not written as a reference")
		return ""
	}
	*seen = append(*seen, s)
	return s
}

func (f *frame) digest() string {
	if len(f.b) < 32 {
		f.fail("hash cut short")
		return ""
	}
	s := hex.EncodeToString(f.b[:32])
	f.b = f.b[32:]
	return s
}

// decodeBlock returns every record of a block; on damage it returns the
// records before the damaged one and the error.
func decodeBlock(data []byte) ([]storedRecord, error) {
	d, err := newBlockDecoder(data)
	if err != nil {
		return nil, err
	}
	var out []storedRecord
	for d.more() {
		var s storedRecord
		if err := d.next(&s); err != nil {
			return out, err
		}
		out = append(out, s)
	}
	return out, nil
}

// rawDigest converts a stored hex digest back to its 32 bytes. Only a
// tampered or converted value can be malformed; it then keeps what decodes,
// so the damage stays visible to Verify rather than stopping the program.
func rawDigest(h string) (d [32]byte) {
	b, _ := hex.DecodeString(h)
	copy(d[:], b)
	return d
}
