package audit

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"newsroom"
)

// exportTime is RFC 3339 with milliseconds, always written in UTC ("Z").
const exportTime = "2006-01-02T15:04:05.000Z07:00"

var exportHeader = []string{"seq", "time", "ip", "user_id", "method", "uri", "status",
	"bytes", "duration_us", "user_agent", "prev_hash", "hash"}

// Export writes the records with from <= time < to as CSV, with a header
// row, in the order they were logged (seq), and returns how many records it
// wrote. A record's time is when its request began, so a long request can
// follow shorter ones that began after it. The hashes are included so an
// exported range can be checked against the chain. The URI and user agent
// are chosen by whoever sent the request, so a text cell that a spreadsheet
// would run as a formula (= + - @ first, also after spaces, or a leading tab
// or CR) gets an apostrophe in front, and so does one that already starts
// with an apostrophe (newsroom.CSVCell): dropping one leading apostrophe
// from a text cell gives the value exactly as logged and hashed. Numbers are
// written as they are.
//
// On PostgreSQL it exports every chain, merged in time order, with the
// chain's id in a first column "chain" (see exportAll in postgres.go).
func (r *TrafficReader) Export(ctx context.Context, w io.Writer, from, to time.Time) (int, error) {
	if r.pg {
		return r.exportAll(ctx, w, from, to)
	}
	lo, hi := from.UnixMilli(), to.UnixMilli()
	rows, err := r.db.QueryContext(ctx, sqliteChain.sql.exportBlocks, lo, hi)
	if err != nil {
		return 0, fmt.Errorf("audit: export traffic log: %w", err)
	}
	defer rows.Close()
	cw := newsroom.NewCSVWriter(w)
	if err := cw.Write(exportHeader); err != nil {
		return 0, fmt.Errorf("audit: export traffic log: %w", err)
	}
	n := 0
	var damage error
	for rows.Next() {
		var first int64
		var data []byte
		if err := rows.Scan(&first, &data); err != nil {
			return n, fmt.Errorf("audit: export traffic log: block after %d records: %w", n, err)
		}
		recs, err := decodeBlock(data)
		for i := range recs {
			if s := &recs[i]; s.at >= lo && s.at < hi {
				if err := cw.Write(csvRow(s)); err != nil {
					return n, fmt.Errorf("audit: export traffic log: %w", err)
				}
				n++
			}
		}
		if err != nil && damage == nil {
			// Export what can be read, then say what could not be.
			damage = fmt.Errorf("audit: export traffic log: block %d: %w; run traffic verify", first, err)
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("audit: export traffic log: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, fmt.Errorf("audit: export traffic log: %w", err)
	}
	return n, damage
}

func csvRow(s *storedRecord) []string {
	r := s.record()
	return []string{
		strconv.FormatInt(r.Seq, 10),
		r.Time.Format(exportTime),
		r.IP,
		strconv.FormatInt(r.UserID, 10),
		r.Method,
		r.URI,
		strconv.Itoa(r.Status),
		strconv.FormatInt(r.Bytes, 10),
		strconv.FormatInt(s.durUS, 10),
		r.UserAgent,
		s.prev,
		s.hash,
	}
}
