package templates

// publicCatalog holds the strings of the public site's homepage, archives,
// feeds and footer pages.
var publicCatalog = map[string][2]string{
	"home.banners":     {"ป้ายประชาสัมพันธ์", "Announcements"},
	"home.prev":        {"ภาพก่อนหน้า", "Previous"},
	"home.next":        {"ภาพถัดไป", "Next"},
	"home.pause":       {"หยุดเลื่อนอัตโนมัติ", "Pause"},
	"home.play":        {"เลื่อนอัตโนมัติ", "Play"},
	"home.featured":    {"ข่าวเด่น", "Featured"},
	"home.latest":      {"ข่าวกิจกรรมล่าสุด", "Latest news"},
	"home.all_news":    {"ข่าวกิจกรรมทั้งหมด", "All news"},
	"home.all_in":      {"ดูทั้งหมดใน", "All in"},
	"site.description": {"ข่าวกิจกรรม วิดีโอ และข่าวประชาสัมพันธ์ของมหาวิทยาลัยนครพนม", "News, videos and notices of Nakhon Phanom University"},
	"nav.pages":        {"หน้าข้อมูลท้ายเว็บ", "Footer pages"},
	"pages.title":      {"หน้าข้อมูลท้ายเว็บ (PDPA)", "Footer pages (PDPA)"},
	"pages.edit":       {"แก้ไขหน้า", "Edit page"},
	"pages.help":       {"ประกาศความเป็นส่วนตัวและนโยบายคุกกี้ที่ลิงก์จากท้ายทุกหน้า", "The privacy notice and cookie policy linked from every page's footer."},
	"pages.page":       {"หน้า", "Page"},
	"pages.default":    {"ข้อความเริ่มต้น", "Default text"},
	"pages.saved":      {"บันทึกหน้าแล้ว", "Page saved."},
}
