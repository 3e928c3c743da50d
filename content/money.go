package content

import (
	"strconv"
	"strings"
)

// Money is an amount in satang (1/100 baht), stored as an integer so sums
// are exact.
type Money int64

// MaxMoney bounds every amount: 100,000,000,000 baht, far above any
// university's purchase and far below int64's range when summed.
const MaxMoney Money = 100_000_000_000_00

// ParseBaht reads an amount typed in baht: digits with optional thousands
// separators (commas, spaces, Thai-style), an optional "บาท", and at most two
// decimals: "1,250,000.50" is 125000050 satang. ok is false for anything
// else (negative, three decimals, letters, too large). Empty is 0, ok.
func ParseBaht(s string) (Money, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimSuffix(s, "บาท"))
	if s == "" {
		return 0, true
	}
	s = strings.NewReplacer(",", "", " ", "", "\u00a0", "", "_", "").Replace(s)
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	if len(whole) > 12 || len(frac) > 2 || (hasDot && frac == "") || !digits(whole) || !digits(frac) {
		return 0, false
	}
	b, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, false
	}
	frac += strings.Repeat("0", 2-len(frac))
	st, _ := strconv.ParseInt(frac, 10, 64)
	m := Money(b*100 + st)
	if m > MaxMoney {
		return 0, false
	}
	return m, true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String writes the amount with thousands separators and two decimals:
// "1,250,000.50".
func (m Money) String() string {
	neg := m < 0
	if neg {
		m = -m
	}
	b := strconv.FormatInt(int64(m/100), 10)
	var out []byte
	for i := range len(b) {
		if i > 0 && (len(b)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, b[i])
	}
	s := string(out) + "." + strconv.FormatInt(int64(m%100)/10, 10) + strconv.FormatInt(int64(m%10), 10)
	if neg {
		return "-" + s
	}
	return s
}

// Baht is the amount as a number of baht, for spreadsheets.
func (m Money) Baht() float64 { return float64(m) / 100 }
