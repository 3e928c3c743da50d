package templates

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Message arguments often travel before they are formatted: a photo's
// problem is stored as JSON with its batch and formatted when the progress
// bar polls, so 900 (an int64 MB) comes back as the float64 900, and a
// width as a float64 too. fmt would then print "%!g(int64=900)" or
// "%!d(float64=4032)". format therefore fits each argument to the verb
// that uses it before formatting: whole-number verbs get an integer,
// float verbs a float, %s a plainly written number (never 1e+06). A
// message is never shown with a formatting code because of where its
// numbers came from.

// format is fmt.Sprintf(msg, args...) with the arguments fitted to their
// verbs.
func format(msg string, args []any) string {
	if len(args) == 0 && !strings.Contains(msg, "%") {
		return msg
	}
	msg = singular(msg, args) // "1 result", not "1 results" (i18n_adminpolish.go)
	verbs := argVerbs(msg, len(args))
	fitted := make([]any, len(args))
	for i, a := range args {
		fitted[i] = fit(verbs[i], a)
	}
	return fmt.Sprintf(msg, fitted...)
}

// argVerbs returns, for each of n arguments, the verb of msg that first
// uses it (0 when none does), following fmt's rules for explicit argument
// indexes (%[2]d) and * widths.
func argVerbs(msg string, n int) []byte {
	verbs := make([]byte, n)
	arg := 0
	use := func(v byte) {
		if arg >= 0 && arg < n && verbs[arg] == 0 {
			verbs[arg] = v
		}
		arg++
	}
	index := func(i int) int { // an explicit [n] at i: sets arg, returns the next i
		if i < len(msg) && msg[i] == '[' {
			if j := strings.IndexByte(msg[i:], ']'); j > 0 {
				if k, err := strconv.Atoi(msg[i+1 : i+j]); err == nil {
					arg = k - 1
				}
				return i + j + 1
			}
		}
		return i
	}
	digitsOrStar := func(i int) int {
		if i < len(msg) && msg[i] == '*' {
			use('d')
			return i + 1
		}
		for i < len(msg) && msg[i] >= '0' && msg[i] <= '9' {
			i++
		}
		return i
	}
	for i := 0; i < len(msg); i++ {
		if msg[i] != '%' {
			continue
		}
		i++
		for i < len(msg) && strings.IndexByte("+-# 0", msg[i]) >= 0 {
			i++
		}
		i = digitsOrStar(index(i))
		if i < len(msg) && msg[i] == '.' {
			i = digitsOrStar(index(i + 1))
		}
		i = index(i)
		if i >= len(msg) {
			break
		}
		if msg[i] == '%' {
			continue
		}
		use(msg[i])
	}
	return verbs
}

// fit converts a to what verb prints without a formatting code, when it
// is a number in another form.
func fit(verb byte, a any) any {
	switch verb {
	case 'd', 'x', 'X', 'o', 'O', 'b', 'c', 'U':
		if f, ok := number(a); ok {
			if i, exact := a.(int64); exact {
				return i
			}
			if math.Abs(f) < 1<<62 {
				return int64(math.Round(f))
			}
		}
	case 'e', 'E', 'f', 'F', 'g', 'G':
		if f, ok := number(a); ok {
			return f
		}
	case 's', 'q':
		switch v := a.(type) {
		case string, fmt.Stringer, error, []byte:
			return a
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		case float32:
			return strconv.FormatFloat(float64(v), 'f', -1, 32)
		case json.Number:
			return v.String()
		}
		if _, ok := number(a); ok {
			return fmt.Sprint(a)
		}
	}
	return a
}

// number returns a as a float64 when it is a number, or a string or
// json.Number holding one.
func number(a any) (float64, bool) {
	switch v := a.(type) {
	case int:
		return float64(v), true
	case int8:
		return float64(v), true
	case int16:
		return float64(v), true
	case int32:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint:
		return float64(v), true
	case uint8:
		return float64(v), true
	case uint16:
		return float64(v), true
	case uint32:
		return float64(v), true
	case uint64:
		return float64(v), true
	case float32:
		return float64(v), true
	case float64:
		return v, true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	return 0, false
}
