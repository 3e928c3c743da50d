package e2e

import (
	"fmt"
	"time"
)

// formDate is the day `days` days after now's day in Bangkok as the Thai
// admin's date fields write it: dd/mm/yyyy with the Buddhist-Era year.
func formDate(now time.Time, days int) string {
	d := now.In(bangkok).AddDate(0, 0, days)
	return fmt.Sprintf("%02d/%02d/%04d", d.Day(), int(d.Month()), d.Year()+543)
}
