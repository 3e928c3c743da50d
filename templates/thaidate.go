package templates

import (
	"fmt"
	"time"

	"newsroom"
)

var thaiMonths = [...]string{"มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
	"กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"}

var thaiMonthsShort = [...]string{"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
	"ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."}

// Date formats t's calendar day in Asia/Bangkok: "12 มิถุนายน 2561" in Thai
// (Buddhist Era), "12 June 2018" in English. A zero time is "".
func Date(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(newsroom.Bangkok)
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d %s %d", t.Day(), thaiMonths[t.Month()-1], t.Year()+543)
}

// ShortDate is the compact form for tables: "12 มิ.ย. 61" / "12 Jun 2018".
func ShortDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(newsroom.Bangkok)
	if lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return fmt.Sprintf("%d %s %02d", t.Day(), thaiMonthsShort[t.Month()-1], (t.Year()+543)%100)
}

// DateTime adds the Bangkok clock time: "12 มิถุนายน 2561 18:24 น.".
func DateTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	hm := t.In(newsroom.Bangkok).Format("15:04")
	if lang == "en" {
		return Date(lang, t) + ", " + hm
	}
	return Date(lang, t) + " " + hm + " น."
}

// MonthName is a month's full name: "พฤศจิกายน" / "November".
func MonthName(lang string, m int) string {
	if m < 1 || m > 12 {
		return ""
	}
	if lang == "en" {
		return time.Month(m).String()
	}
	return thaiMonths[m-1]
}
