package audit

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
)

// exportTime is RFC 3339 with milliseconds, always written in UTC ("Z").
const exportTime = "2006-01-02T15:04:05.000Z07:00"

var exportHeader = []string{"seq", "time", "ip", "user_id", "method", "uri", "status",
	"bytes", "duration_us", "user_agent", "prev_hash", "hash"}

// Export writes the records with from <= time < to as CSV, with a header
// row, ordered by time, and returns how many records it wrote. The hashes are
// included so an exported range can be checked against the chain. Values are
// written exactly as logged (no spreadsheet escaping): this is evidence.
func (r *TrafficReader) Export(ctx context.Context, w io.Writer, from, to time.Time) (int, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT `+trafficColumns+` FROM traffic
		WHERE at >= ? AND at < ? ORDER BY at, seq`, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("audit: export traffic log: %w", err)
	}
	defer rows.Close()
	cw := csv.NewWriter(w)
	if err := cw.Write(exportHeader); err != nil {
		return 0, fmt.Errorf("audit: export traffic log: %w", err)
	}
	n := 0
	for rows.Next() {
		var s storedRecord
		if err := rows.Scan(s.fields()...); err != nil {
			return n, fmt.Errorf("audit: export traffic log: record after %d rows: %w", n, err)
		}
		if err := cw.Write(csvRow(&s)); err != nil {
			return n, fmt.Errorf("audit: export traffic log: %w", err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("audit: export traffic log: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, fmt.Errorf("audit: export traffic log: %w", err)
	}
	return n, nil
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
