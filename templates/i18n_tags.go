package templates

// tagsCatalog holds the strings of news tags (issue 13).
var tagsCatalog = map[string][2]string{
	"tags.title":          {"แท็กข่าว", "News tags"},
	"tags.new":            {"เพิ่มแท็ก", "Add a tag"},
	"tags.edit":           {"แก้ไขแท็ก", "Edit tag"},
	"tags.label":          {"แท็ก", "Tags"},
	"tags.help":           {"เลือกแท็กที่ตรงกับข่าว เช่น กิจกรรมการมีส่วนร่วม หรือ No Gift Policy ข่าวที่ติดแท็กจะแสดงเป็นหลักฐาน ITA ของปีงบประมาณโดยอัตโนมัติ", "Tick the tags that fit, such as public participation or No Gift Policy: tagged news shows as the fiscal year's ITA evidence automatically."},
	"tags.admin_help":     {"งานประชาสัมพันธ์ส่วนกลางดูแลรายการแท็ก ผู้เขียนข่าวเลือกแท็กได้ในแบบฟอร์มข่าว หน้าเว็บแสดงข่าวตามแท็กที่ /news?tag=…", "Central PR keeps the tag list; authors tick tags on the news form; the site lists a tag's news at /news?tag=…"},
	"tags.name_th":        {"ชื่อแท็ก (ไทย)", "Name (Thai)"},
	"tags.name_en":        {"ชื่อแท็ก (อังกฤษ)", "Name (English)"},
	"tags.slug":           {"ที่อยู่ (slug)", "Address (slug)"},
	"tags.slug_help":      {"ตัวอักษร a-z ตัวเลข และขีด ไม่เกิน 60 ตัว ใช้ในลิงก์ /news?tag=… ถ้าเปลี่ยน ลิงก์เดิมจะใช้ไม่ได้", "a-z, 0-9 and dashes, up to 60, used in /news?tag=… links; changing it breaks old links."},
	"tags.uses":           {"จำนวนข่าว", "News"},
	"tags.saved":          {"บันทึกแท็กแล้ว", "Tag saved."},
	"tags.deleted":        {"ลบแท็กแล้ว", "Tag deleted."},
	"tags.delete_confirm": {"ลบแท็ก “%s”? ข่าว %d รายการที่ติดแท็กนี้จะไม่มีแท็กนี้อีก", "Delete the tag “%s”? The %d news items carrying it will lose it."},
	"err.tag_slug":        {"ใช้ได้เฉพาะ a-z 0-9 และขีด ขึ้นต้นด้วยตัวอักษรหรือตัวเลข ไม่เกิน 60 ตัว", "Use a-z, 0-9 and dashes, starting with a letter or digit, up to 60."},
	"err.tag_slug_taken":  {"แท็กอื่นใช้ที่อยู่นี้แล้ว", "Another tag already has this address."},
	"err.tag_sort":        {"ลำดับต้องเป็น 0–9999", "The order must be 0 to 9999."},
	"err.too_many_tags":   {"เลือกแท็กได้ไม่เกิน 20 แท็ก", "Choose at most 20 tags."},
	"rev.field.tags_text": {"แท็ก", "Tags"},
	"action.tag.create":   {"เพิ่มแท็ก", "Added a tag"},
	"action.tag.update":   {"แก้ไขแท็ก", "Edited a tag"},
	"action.tag.delete":   {"ลบแท็ก", "Deleted a tag"},
}

func init() { addCatalog(tagsCatalog) }
