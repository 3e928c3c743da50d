package counter

import (
	"math"
	"strconv"
	"strings"
)

// Clamp converts a stored column value to an integer in lo..hi, so a
// counter (or any small stored number) out of range, a REAL left by an old
// overflow or text still loads: what is not a number reads as lo.
func Clamp(src any, lo, hi int64) int64 {
	var f float64
	switch x := src.(type) {
	case int64:
		return min(max(x, lo), hi)
	case float64:
		f = x
	case []byte:
		return Clamp(string(x), lo, hi)
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
			return Clamp(int64(1), lo, hi)
		}
		return Clamp(int64(0), lo, hi)
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
