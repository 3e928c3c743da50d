package templates

import (
	"time"
)

// Waited says how long something has waited, in lang: "3 ชั่วโมง",
// "2 days".
func Waited(lang string, since, now time.Time) string {
	d := now.Sub(since)
	switch {
	case d < time.Hour:
		return Tf(lang, "waited.minutes", max(int(d/time.Minute), 0))
	case d < 48*time.Hour:
		return Tf(lang, "waited.hours", int(d/time.Hour))
	}
	return Tf(lang, "waited.days", int(d/(24*time.Hour)))
}

var waitedCatalog = map[string][2]string{
	"waited.minutes": {"%d นาที", "%d min"},
	"waited.hours":   {"%d ชั่วโมง", "%d h"},
	"waited.days":    {"%d วัน", "%d days"},
}

func init() { addCatalog(waitedCatalog) }
