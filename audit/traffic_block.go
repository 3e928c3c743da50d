package audit

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
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
//	ip               string: uvarint length, bytes
//	user_id          varint
//	method, uri      string
//	status, bytes    varint
//	duration_us      varint
//	user_agent       string
//	prev_hash, hash  32 bytes each (SHA-256, see storedRecord.hashInto)
//
// Varints must be minimal and every body must be used up exactly, so each
// value has one encoding: changing any byte of a block changes a record,
// breaks the framing or breaks the version, and Verify names where.
const (
	blockVersion = 1
	blockRecords = 64
)

// errBlock marks a block that cannot be decoded.
var errBlock = errors.New("damaged block")

// newBlock starts a block's data in buf's storage.
func newBlock(buf []byte) []byte { return append(buf[:0], blockVersion) }

// appendFrame appends one record's frame to a block: its seq, its fields
// as appendFields encodes them, and the raw 32-byte digests.
func appendFrame(b []byte, seq int64, fields []byte, prev, hash *[32]byte) []byte {
	b = binary.AppendUvarint(b, uint64(varintLen(seq)+len(fields)+64))
	b = binary.AppendVarint(b, seq)
	b = append(b, fields...)
	b = append(b, prev[:]...)
	return append(b, hash[:]...)
}

// appendFields appends a record's fields from at to user_agent.
func appendFields(b []byte, s *storedRecord) []byte {
	b = binary.AppendVarint(b, s.at)
	b = appendField(b, s.ip)
	b = binary.AppendVarint(b, s.userID)
	b = appendField(b, s.method)
	b = appendField(b, s.uri)
	b = binary.AppendVarint(b, s.status)
	b = binary.AppendVarint(b, s.bytes)
	b = binary.AppendVarint(b, s.durUS)
	return appendField(b, s.ua)
}

func appendField(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// fieldsSize is the length appendFields appends.
func fieldsSize(s *storedRecord) int {
	n := 0
	for _, v := range [...]int64{s.at, s.userID, s.status, s.bytes, s.durUS} {
		n += varintLen(v)
	}
	for _, f := range [...]string{s.ip, s.method, s.uri, s.ua} {
		n += uvarintLen(uint64(len(f))) + len(f)
	}
	return n
}

// hashFields appends to a hash message (see hashMessage) the part that
// follows seq, read from fields as appendFields wrote them, and returns the
// record's time. The writer hashes queued records this way without
// decoding them into strings.
func hashFields(b, fields []byte) ([]byte, int64) {
	f := frame{b: fields}
	at := f.varint()
	b = appendInt(b, at)
	b = appendString(b, f.bytes())
	b = appendInt(b, f.varint())
	b = appendString(b, f.bytes())
	b = appendString(b, f.bytes())
	b = appendInt(b, f.varint())
	b = appendInt(b, f.varint())
	b = appendInt(b, f.varint())
	b = appendString(b, f.bytes())
	return b, at
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
	data []byte
	off  int // offset of the next frame
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
	f := frame{b: d.data[d.off:]}
	size := f.uvarint()
	if f.err != nil || size > uint64(len(f.b)) {
		return fmt.Errorf("%w: frame length at byte %d", errBlock, d.off)
	}
	body := frame{b: f.b[:size]}
	s.seq = body.varint()
	s.at = body.varint()
	s.ip = body.field()
	s.userID = body.varint()
	s.method = body.field()
	s.uri = body.field()
	s.status = body.varint()
	s.bytes = body.varint()
	s.durUS = body.varint()
	s.ua = body.field()
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

func (f *frame) bytes() []byte {
	n := f.uvarint()
	if n > uint64(len(f.b)) {
		f.fail("text runs past the record")
		return nil
	}
	s := f.b[:n]
	f.b = f.b[n:]
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
