package templates

// unitsCatalog holds the strings of faculty pages (issue 13): the unit
// form's public address and description, /units and /units/{slug}.
var unitsCatalog = map[string][2]string{
	"units.slug":           {"ที่อยู่หน้าหน่วยงาน (slug)", "Public address (slug)"},
	"units.slug_help":      {"ตัวอักษร a-z ตัวเลข และขีด ไม่เกิน 60 ตัว ว่างไว้ = ใช้รหัสหน่วยงาน ถ้าเปลี่ยน ลิงก์เดิมที่เว็บไซต์คณะนำไปใช้จะใช้ไม่ได้", "a-z, 0-9 and dashes, up to 60; empty = the unit's code. Changing it breaks links faculty websites already use."},
	"units.description_th": {"คำอธิบายสั้น (ภาษาไทย)", "Short description (Thai)"},
	"units.description_en": {"คำอธิบายสั้น (ภาษาอังกฤษ)", "Short description (English)"},
	"err.unit_slug":        {"ใช้ได้เฉพาะ a-z 0-9 และขีด ขึ้นต้นด้วยตัวอักษรหรือตัวเลข ไม่เกิน 60 ตัว", "Use a-z, 0-9 and dashes, starting with a letter or digit, up to 60."},
	"err.unit_slug_taken":  {"หน่วยงานอื่นใช้ที่อยู่นี้แล้ว", "Another unit already has this address."},

	"units.public_title":        {"คณะและหน่วยงาน", "Faculties and offices"},
	"units.public_intro":        {"ข่าว ประกาศ และวิดีโอล่าสุดของแต่ละคณะและหน่วยงาน พร้อมฟีดสำหรับเว็บไซต์คณะ", "Each faculty's and office's latest news, notices and videos, with feeds for faculty websites."},
	"units.breadcrumbs":         {"เส้นทาง", "Breadcrumbs"},
	"units.nothing_live":        {"ขณะนี้ยังไม่มีข่าว ประกาศ หรือวิดีโอของหน่วยงานนี้", "This unit has no news, notices or videos showing now."},
	"units.all_news":            {"ข่าวทั้งหมดของหน่วยงาน (%d)", "All this unit's news (%d)"},
	"units.all_notices":         {"ประกาศทั้งหมดของหน่วยงาน (%d)", "All this unit's notices (%d)"},
	"units.all_videos":          {"วิดีโอทั้งหมดของหน่วยงาน (%d)", "All this unit's videos (%d)"},
	"units.embed_title":         {"นำข่าวไปแสดงบนเว็บไซต์คณะ", "Show this news on a faculty website"},
	"units.embed_help":          {"เว็บไซต์คณะดึงข่าว ประกาศ และวิดีโอของหน่วยงานนี้ไปแสดงได้จากฟีด RSS/Atom หรือ JSON API ด้านล่าง (ไม่ต้องใช้สคริปต์ของเรา)", "A faculty website can show this unit's news, notices and videos from the RSS/Atom feed or the JSON API below (no script of ours needed)."},
	"units.filtered":            {"เฉพาะของ %s", "Only %s"},
	"units.page_link":           {"หน้าหน่วยงาน", "Unit page"},
	"unitkind_plural.faculty":   {"คณะ", "Faculties"},
	"unitkind_plural.college":   {"วิทยาลัย", "Colleges"},
	"unitkind_plural.institute": {"สถาบันและสำนัก", "Institutes"},
	"unitkind_plural.office":    {"หน่วยงาน", "Offices"},
}

func init() { addCatalog(unitsCatalog) }
