package templates

// searchCatalog holds the strings of site search that the public part
// (i18n_public.go: search.title, .placeholder, .button, .count, .none,
// .kind.*) does not already define.
var searchCatalog = map[string][2]string{
	"search.label":         {"คำค้นหา", "Search words"},
	"search.results":       {"ผลการค้นหา", "Search results"},
	"search.how":           {"แสดงรายการที่มีทุกคำที่ค้นหา เรียงจากใหม่ไปเก่า", "Items that contain every word you searched for, newest first."},
	"search.short_titles":  {"คำที่สั้นกว่า 3 ตัวอักษรจะค้นหาเฉพาะในหัวข้อของรายการล่าสุด", "Words shorter than three letters are looked for in the headlines of recent items only."},
	"search.short_ignored": {"ไม่ได้ใช้คำที่สั้นกว่า 3 ตัวอักษรในการค้นหา: %s", "Words shorter than three letters were left out: %s"},
	"search.expired_note":  {"ผลการค้นหารวมรายการที่หมดเวลาแสดงผลแล้ว", "Results include items no longer on display."},
}
