package templates

// Strings of the admin date fields (the user's calendar) and of the
// editorial calendar.
var datesCatalog = map[string][2]string{
	// date fields: the format under the field, with an example in this year
	"date.hint_datetime":   {"วว/ดด/ปปปป ชช:นน (ปี พ.ศ.) เช่น %s", "dd/mm/yyyy hh:mm, e.g. %s"},
	"date.hint_date":       {"วว/ดด/ปปปป (ปี พ.ศ.) เช่น %s", "dd/mm/yyyy, e.g. %s"},
	"date.err_year":        {"ปีไม่ถูกต้อง ใช้ปี พ.ศ. เช่น %d", "Impossible year: use the Gregorian (A.D.) year, e.g. %d."},
	"date.err_day":         {"ไม่มีวันที่นี้ในปฏิทิน ใช้รูปแบบ วว/ดด/ปปปป เช่น %s", "There is no such day: use dd/mm/yyyy, e.g. %s."},
	"date.err_time":        {"เวลาไม่ถูกต้อง ใช้ ชช:นน (00:00–23:59) เช่น %s", "No such time of day: use hh:mm (00:00–23:59), e.g. %s."},
	"date.err_format":      {"อ่านวันที่ไม่ได้ ใช้รูปแบบ วว/ดด/ปปปป (ปี พ.ศ.) เช่น %s", "Not a date: use dd/mm/yyyy, e.g. %s."},
	"date.err_format_time": {"อ่านวันที่ไม่ได้ ใช้รูปแบบ วว/ดด/ปปปป ชช:นน (ปี พ.ศ.) เช่น %s", "Not a date: use dd/mm/yyyy hh:mm, e.g. %s."},
	"date.pick":            {"เลือกจากปฏิทิน", "Pick from the calendar"},
	"date.prev_month":      {"เดือนก่อนหน้า", "Previous month"},
	"date.next_month":      {"เดือนถัดไป", "Next month"},
	"date.close":           {"ปิด", "Close"},

	// the editorial calendar
	"nav.calendar":         {"ปฏิทินเผยแพร่", "Editorial calendar"},
	"calendar.title":       {"ปฏิทินเผยแพร่", "Editorial calendar"},
	"calendar.month_title": {"%s %d", "%s %d"},
	"calendar.intro":       {"สิ่งที่เริ่มแสดง (▶) และหยุดแสดง (■) ในแต่ละวัน", "What starts (▶) and stops (■) showing each day"},
	"calendar.starts":      {"เริ่มแสดง", "starts"},
	"calendar.stops":       {"หยุดแสดง", "stops"},
	"calendar.prev":        {"เดือนก่อนหน้า", "Previous month"},
	"calendar.next":        {"เดือนถัดไป", "Next month"},
	"calendar.today":       {"เดือนนี้", "This month"},
	"calendar.empty":       {"ไม่มีรายการเริ่มหรือหยุดแสดงในเดือนนี้", "Nothing starts or stops showing this month."},
	"calendar.truncated":   {"แสดง %d รายการแรกเท่านั้น", "Only the first %d items are shown."},
	"calendar.scope_unit":  {"เฉพาะหน่วยงานของคุณ", "Your unit only"},
	"calendar.weekday.0":   {"อา.", "Sun"},
	"calendar.weekday.1":   {"จ.", "Mon"},
	"calendar.weekday.2":   {"อ.", "Tue"},
	"calendar.weekday.3":   {"พ.", "Wed"},
	"calendar.weekday.4":   {"พฤ.", "Thu"},
	"calendar.weekday.5":   {"ศ.", "Fri"},
	"calendar.weekday.6":   {"ส.", "Sat"},
}

func init() { addCatalog(datesCatalog) }
