package templates

// notifyCatalog holds the strings of notifications (issue 12): the header's
// count, the notifications page, the user form's e-mail field and the
// e-mail itself.
var notifyCatalog = map[string][2]string{
	"nav.notifications":       {"การแจ้งเตือน", "Notifications"},
	"notify.title":            {"การแจ้งเตือน", "Notifications"},
	"notify.unread":           {"ยังไม่อ่าน %d รายการ", "%d unread"},
	"notify.unread_many":      {"ยังไม่อ่านมากกว่า 99 รายการ", "more than 99 unread"},
	"notify.none":             {"ยังไม่มีการแจ้งเตือน", "No notifications yet."},
	"notify.new":              {"ใหม่", "new"},
	"notify.by":               {"โดย %s", "by %s"},
	"notify.note":             {"หมายเหตุ", "Note"},
	"notify.mark_all":         {"ทำเครื่องหมายว่าอ่านแล้วทั้งหมด", "Mark all as read"},
	"notify.marked":           {"อ่านการแจ้งเตือนทั้งหมดแล้ว", "All notifications are marked read."},
	"notify.action.submitted": {"ส่งตรวจ", "Submitted for review"},
	"notify.action.returned":  {"ส่งกลับแก้ไข", "Returned for correction"},
	"notify.action.approved":  {"อนุมัติแล้ว", "Approved"},
	"notify.action.published": {"เผยแพร่แล้ว", "Published"},
	"notify.action.takendown": {"ระงับการเผยแพร่", "Taken down"},
	"notify.mail.tag":         {"ข่าวประชาสัมพันธ์", "Newsroom"},
	"notify.mail.from":        {"ระบบจัดการข่าว มหาวิทยาลัยนครพนม", "NPU Newsroom"},
	"notify.mail.greeting":    {"เรียน %s", "Dear %s,"},
	"notify.mail.submitted":   {"%s ส่ง%s “%s” มาให้ตรวจ", "%s submitted the %s “%s” for review."},
	"notify.mail.returned":    {"%s ส่ง%s “%s” กลับให้แก้ไข", "%s returned the %s “%s” for correction."},
	"notify.mail.approved":    {"%s อนุมัติ%s “%s” แล้ว", "%s approved the %s “%s”."},
	"notify.mail.published":   {"%s เผยแพร่%s “%s” แล้ว", "%s published the %s “%s”."},
	"notify.mail.takendown":   {"%s ระงับการเผยแพร่%s “%s”", "%s took down the %s “%s”."},
	"notify.mail.note":        {"หมายเหตุ: %s", "Note: %s"},
	"notify.mail.when":        {"เมื่อ: %s", "When: %s"},
	"notify.mail.open":        {"เปิดดู: %s", "Open: %s"},
	"notify.mail.footer":      {"อีเมลนี้ส่งอัตโนมัติจากระบบจัดการข่าว โปรดอย่าตอบกลับ", "This e-mail was sent automatically by the newsroom; replies are not read."},
	"notify.someone":          {"ผู้ใช้ระบบ", "A user"},
	"users.email":             {"อีเมล", "E-mail"},
	"users.email_help":        {"ไม่บังคับ ใช้ส่งการแจ้งเตือนทางอีเมล (ถ้าระบบเปิดใช้)", "Optional: notifications are e-mailed here (when e-mail is on)."},
	"err.email":               {"รูปแบบอีเมลไม่ถูกต้อง ตัวอย่าง name@npu.ac.th", "Not a valid e-mail address, e.g. name@npu.ac.th"},
}

func init() { addCatalog(notifyCatalog) }
