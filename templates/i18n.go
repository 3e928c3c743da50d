package templates

import "fmt"

// Langs are the UI languages; the first is the default.
var Langs = []string{"th", "en"}

// NormLang maps anything but "en" to Thai, the default.
func NormLang(lang string) string {
	if lang == "en" {
		return "en"
	}
	return "th"
}

// T returns the message for key in lang. A missing key shows as the key
// itself (tests look for that) rather than breaking the page.
func T(lang, key string) string {
	m, ok := catalog[key]
	if !ok {
		return key
	}
	if lang == "en" && m[1] != "" {
		return m[1]
	}
	return m[0]
}

// Tf formats the message for key with args (fmt verbs in the catalog).
func Tf(lang, key string, args ...any) string {
	return fmt.Sprintf(T(lang, key), args...)
}

// HasKey reports whether the catalog defines key, for tests.
func HasKey(key string) bool { _, ok := catalog[key]; return ok }

// catalog holds every UI string: key → {Thai, English}. One place, so a
// missing translation is easy to see in review.
var catalog = map[string][2]string{
	// site
	"site.name":        {"มหาวิทยาลัยนครพนม", "Nakhon Phanom University"},
	"site.admin":       {"ระบบจัดการข่าว", "Newsroom admin"},
	"site.skip":        {"ข้ามไปยังเนื้อหา", "Skip to content"},
	"site.lang_switch": {"English", "ภาษาไทย"},
	"site.home":        {"หน้าแรก", "Home"},
	"site.contact":     {"งานประชาสัมพันธ์ กองกลาง สำนักงานอธิการบดี มหาวิทยาลัยนครพนม", "Public Relations, Office of the President, Nakhon Phanom University"},
	"site.address":     {"167 หมู่ 4 ตำบลนาราชควาย อำเภอเมือง จังหวัดนครพนม 48000", "167 Moo 4, Na Ratchakhwai, Mueang, Nakhon Phanom 48000, Thailand"},
	"site.welcome":     {"ยินดีต้อนรับสู่เว็บไซต์ข่าวมหาวิทยาลัยนครพนม", "Welcome to Nakhon Phanom University news"},
	"site.soon":        {"เนื้อหาข่าวจะแสดงที่นี่เมื่อมีการเผยแพร่", "News will appear here once published."},
	"site.privacy":     {"ประกาศความเป็นส่วนตัว", "Privacy notice"},
	"site.cookies":     {"นโยบายคุกกี้", "Cookie policy"},
	"site.cookie_note": {"เว็บไซต์นี้ใช้เฉพาะคุกกี้ที่จำเป็นต่อการทำงาน ไม่มีคุกกี้ติดตาม", "This site uses only essential cookies; no tracking."},

	// navigation (the legacy admin's menu)
	"nav.dashboard": {"หน้าหลัก", "Dashboard"},
	"nav.news":      {"ข่าวกิจกรรม", "Activity news"},
	"nav.videos":    {"วิดีโอ", "Videos"},
	"nav.banners":   {"Banner ข่าว", "Banners"},
	"nav.notices":   {"ข่าวประชาสัมพันธ์", "PR notices"},
	"nav.featured":  {"ข่าวเด่น", "Featured news"},
	"nav.reports":   {"รายงาน", "Reports"},
	"nav.users":     {"ผู้ใช้", "Users"},
	"nav.units":     {"หน่วยงาน", "Units"},
	"nav.actions":   {"บันทึกการใช้งาน", "Action log"},
	"nav.password":  {"เปลี่ยนรหัสผ่าน", "Change password"},
	"nav.logout":    {"ออกจากระบบ", "Log out"},
	"nav.menu":      {"เมนู", "Menu"},
	"nav.view_site": {"ดูหน้าเว็บไซต์", "View site"},

	// login
	"login.title":      {"เข้าสู่ระบบ", "Log in"},
	"login.citizen_id": {"เลขประจำตัวประชาชน 13 หลัก", "13-digit citizen ID"},
	"login.password":   {"รหัสผ่าน", "Password"},
	"login.submit":     {"เข้าสู่ระบบ", "Log in"},
	"login.failed":     {"เลขประจำตัวประชาชนหรือรหัสผ่านไม่ถูกต้อง", "Wrong citizen ID or password."},
	"login.throttled":  {"ลองเข้าสู่ระบบผิดหลายครั้งเกินไป กรุณารอ %s แล้วลองใหม่", "Too many failed attempts. Please wait %s and try again."},
	"login.disabled":   {"บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่องานประชาสัมพันธ์ส่วนกลาง", "This account is disabled. Please contact central PR."},
	"login.expired":    {"หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง", "Your session has ended. Please log in again."},
	"login.logged_out": {"ออกจากระบบแล้ว", "You have logged out."},

	// dashboard
	"dash.title":      {"หน้าหลักผู้ดูแล", "Dashboard"},
	"dash.hello":      {"สวัสดี %s", "Hello, %s"},
	"dash.your_unit":  {"หน่วยงาน", "Unit"},
	"dash.your_role":  {"สิทธิ์", "Role"},
	"dash.can_post":   {"หมวดที่คุณโพสต์ได้", "What you can post"},
	"dash.users":      {"ผู้ใช้ที่ใช้งานอยู่", "Active users"},
	"dash.units":      {"หน่วยงาน", "Units"},
	"dash.last_login": {"เข้าสู่ระบบล่าสุด", "Last login"},

	// coming soon
	"coming.title": {"กำลังพัฒนา", "Coming soon"},
	"coming.body":  {"ส่วนนี้อยู่ระหว่างการพัฒนาและจะเปิดใช้งานเร็ว ๆ นี้", "This section is being built and will open soon."},

	// roles
	"role.central":     {"ประชาสัมพันธ์ส่วนกลาง", "Central PR"},
	"role.unit":        {"ประชาสัมพันธ์คณะ/หน่วยงาน", "Unit PR"},
	"role.admissions":  {"งานรับเข้านักศึกษา", "Admissions"},
	"role.hr":          {"งานการเจ้าหน้าที่", "Human resources"},
	"role.procurement": {"งานพัสดุ", "Procurement"},

	// notice categories
	"cat.announcement": {"ข่าว/ประกาศ มนพ.", "NPU announcements"},
	"cat.jobs":         {"ข่าวรับสมัครงาน", "Jobs"},
	"cat.procurement":  {"ข่าวจัดซื้อจัดจ้าง", "Procurement"},
	"cat.external":     {"ข่าวฝากประชาสัมพันธ์", "External PR"},
	"cat.scholarship":  {"ข่าวทุนการศึกษา", "Scholarships"},
	"cat.training":     {"ข่าวอบรม/สัมมนา", "Training and seminars"},

	// kinds (for 403 messages)
	"kind.news":      {"ข่าวกิจกรรม", "activity news"},
	"kind.video":     {"วิดีโอ NPU Channel", "NPU Channel videos"},
	"kind.banner":    {"Banner", "banners"},
	"kind.notice":    {"ข่าวประชาสัมพันธ์", "PR notices"},
	"kind.featured":  {"ข่าวเด่น", "featured news"},
	"kind.reports":   {"รายงาน", "reports"},
	"kind.users":     {"การจัดการผู้ใช้", "user management"},
	"kind.units":     {"การจัดการหน่วยงาน", "unit management"},
	"kind.actionlog": {"บันทึกการใช้งาน", "the action log"},
	"kind.pages":     {"หน้าข้อมูลท้ายเว็บ", "footer pages"},
	"kind.takedown":  {"การระงับเนื้อหา", "takedown"},

	// unit kinds
	"unitkind.faculty":   {"คณะ", "Faculty"},
	"unitkind.college":   {"วิทยาลัย", "College"},
	"unitkind.institute": {"สถาบัน/สำนัก", "Institute"},
	"unitkind.office":    {"หน่วยงาน", "Office"},

	// errors pages
	"error.403.title":   {"ไม่มีสิทธิ์เข้าถึง", "Access denied"},
	"error.403.body":    {"บัญชีของคุณไม่มีสิทธิ์ทำรายการนี้", "Your account may not do this."},
	"error.404.title":   {"ไม่พบหน้าที่ต้องการ", "Page not found"},
	"error.404.body":    {"หน้านี้อาจถูกย้ายหรือลบไปแล้ว", "The page may have moved or been removed."},
	"error.500.title":   {"ระบบขัดข้อง", "Something went wrong"},
	"error.500.body":    {"ขออภัย ระบบทำงานผิดพลาด เราบันทึกปัญหาไว้แล้ว รหัสอ้างอิง %s", "Sorry, something failed on our side. We have logged it; reference %s."},
	"error.csrf.title":  {"คำขอไม่ถูกต้อง", "Request refused"},
	"error.csrf.body":   {"แบบฟอร์มหมดอายุหรือถูกส่งมาจากเว็บไซต์อื่น กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง", "The form expired or came from another site. Please reload the page and try again."},
	"error.back":        {"กลับหน้าหลัก", "Back to the dashboard"},
	"deny.inactive":     {"บัญชีของคุณถูกระงับ", "Your account is disabled."},
	"deny.central_only": {"ต้องเป็นเจ้าหน้าที่ประชาสัมพันธ์ส่วนกลางจึงจะจัดการ%sได้", "Only central PR staff may manage %s."},
	"deny.kind":         {"บัญชีของคุณไม่มีสิทธิ์จัดการ%s", "Your account may not manage %s."},
	"deny.other_unit":   {"รายการนี้เป็นของหน่วยงานอื่น คุณจัดการได้เฉพาะของหน่วยงานตนเอง", "This item belongs to another unit; you may only manage your own unit's items."},
	"deny.category":     {"คุณไม่มีสิทธิ์โพสต์ในหมวด %s — ขอสิทธิ์เพิ่มได้จากงานประชาสัมพันธ์ส่วนกลาง", "You may not post in the category %s; central PR can grant it."},
	"deny.no_category":  {"คุณไม่มีสิทธิ์โพสต์ข่าวประชาสัมพันธ์หมวดใดเลย", "You may not post PR notices in any category."},

	// field errors
	"err.required":          {"กรุณากรอกข้อมูลนี้", "This field is required."},
	"err.too_long":          {"ข้อความยาวเกินกำหนด", "This is too long."},
	"err.choose":            {"กรุณาเลือกจากรายการ", "Please choose from the list."},
	"err.citizen_id":        {"เลขประจำตัวประชาชนต้องมี 13 หลักและเลขตรวจสอบถูกต้อง", "A citizen ID has 13 digits with a valid check digit."},
	"err.citizen_id_taken":  {"มีผู้ใช้เลขประจำตัวประชาชนนี้แล้ว", "A user with this citizen ID already exists."},
	"err.password_short":    {"รหัสผ่านต้องยาวอย่างน้อย 10 ตัวอักษร", "The password must be at least 10 characters."},
	"err.password_mismatch": {"รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน", "The two new passwords do not match."},
	"err.password_wrong":    {"รหัสผ่านปัจจุบันไม่ถูกต้อง", "The current password is wrong."},
	"err.unit_code":         {"รหัสหน่วยงานใช้ได้เฉพาะ a-z 0-9 และขีด (ไม่เกิน 40 ตัว)", "Use a-z, 0-9 and dashes (up to 40)."},
	"err.unit_code_taken":   {"รหัสหน่วยงานนี้มีอยู่แล้ว", "This unit code is taken."},
	"err.self_disable":      {"ไม่สามารถระงับบัญชีของตนเองได้", "You cannot disable your own account."},
	"form.has_errors":       {"กรุณาแก้ไขข้อมูลที่มีเครื่องหมายผิดพลาด", "Please correct the marked fields."},

	// users
	"users.title":         {"ผู้ใช้งานระบบ", "Users"},
	"users.new":           {"เพิ่มผู้ใช้", "Add user"},
	"users.edit":          {"แก้ไขผู้ใช้", "Edit user"},
	"users.citizen_id":    {"เลขประจำตัวประชาชน", "Citizen ID"},
	"users.name":          {"ชื่อที่แสดง (Post by)", "Display name (Post by)"},
	"users.unit":          {"หน่วยงาน", "Unit"},
	"users.role":          {"สิทธิ์", "Role"},
	"users.grants":        {"หมวดข่าวประชาสัมพันธ์เพิ่มเติม", "Extra notice categories"},
	"users.grants_help":   {"ให้สิทธิ์โพสต์หมวดเหล่านี้เพิ่มจากสิทธิ์ปกติ", "Lets the user post in these categories on top of their role's."},
	"users.password":      {"รหัสผ่านเริ่มต้น", "Initial password"},
	"users.password_help": {"อย่างน้อย 10 ตัวอักษร แจ้งผู้ใช้ให้เปลี่ยนหลังเข้าสู่ระบบครั้งแรก", "At least 10 characters; ask the user to change it after the first login."},
	"users.status":        {"สถานะ", "Status"},
	"users.active":        {"ใช้งาน", "Active"},
	"users.disabled":      {"ระงับ", "Disabled"},
	"users.disable":       {"ระงับการใช้งาน", "Disable"},
	"users.enable":        {"เปิดใช้งาน", "Enable"},
	"users.reset":         {"ตั้งรหัสผ่านใหม่", "Reset password"},
	"users.reset_help":    {"ผู้ใช้จะถูกออกจากระบบทุกอุปกรณ์ทันที", "The user is logged out everywhere at once."},
	"users.new_password":  {"รหัสผ่านใหม่", "New password"},
	"users.created":       {"เพิ่มผู้ใช้แล้ว", "User added."},
	"users.saved":         {"บันทึกข้อมูลผู้ใช้แล้ว", "User saved."},
	"users.disabled_ok":   {"ระงับบัญชีและออกจากระบบทุกอุปกรณ์แล้ว", "Account disabled and logged out everywhere."},
	"users.enabled_ok":    {"เปิดใช้งานบัญชีแล้ว", "Account enabled."},
	"users.reset_ok":      {"ตั้งรหัสผ่านใหม่แล้ว", "Password reset."},
	"users.none":          {"ยังไม่มีผู้ใช้", "No users yet."},
	"users.count":         {"ทั้งหมด %d คน", "%d users"},

	// units
	"units.title":   {"หน่วยงาน", "Units"},
	"units.new":     {"เพิ่มหน่วยงาน", "Add unit"},
	"units.edit":    {"แก้ไขหน่วยงาน", "Edit unit"},
	"units.code":    {"รหัส", "Code"},
	"units.name_th": {"ชื่อภาษาไทย", "Thai name"},
	"units.name_en": {"ชื่อภาษาอังกฤษ", "English name"},
	"units.kind":    {"ประเภท", "Kind"},
	"units.sort":    {"ลำดับ", "Order"},
	"units.retire":  {"เลิกใช้", "Retire"},
	"units.restore": {"นำกลับมาใช้", "Reinstate"},
	"units.retired": {"เลิกใช้แล้ว", "Retired"},
	"units.saved":   {"บันทึกหน่วยงานแล้ว", "Unit saved."},
	"units.help":    {"หน่วยงานที่เลิกใช้ยังคงประวัติข่าวไว้ แต่เลือกให้ผู้ใช้ใหม่ไม่ได้", "A retired unit keeps its history but cannot be given to users."},

	// own password
	"pw.title":   {"เปลี่ยนรหัสผ่าน", "Change password"},
	"pw.current": {"รหัสผ่านปัจจุบัน", "Current password"},
	"pw.new":     {"รหัสผ่านใหม่ (อย่างน้อย 10 ตัวอักษร)", "New password (10 characters or more)"},
	"pw.confirm": {"ยืนยันรหัสผ่านใหม่", "Confirm new password"},
	"pw.changed": {"เปลี่ยนรหัสผ่านแล้ว กรุณาเข้าสู่ระบบด้วยรหัสผ่านใหม่", "Password changed. Please log in with the new password."},

	// action log
	"actions.title":  {"บันทึกการใช้งานของผู้ดูแล", "Admin action log"},
	"actions.when":   {"เวลา", "When"},
	"actions.who":    {"ผู้ใช้", "Who"},
	"actions.what":   {"การกระทำ", "Action"},
	"actions.item":   {"รายการ", "Item"},
	"actions.ip":     {"IP", "IP"},
	"actions.detail": {"รายละเอียด", "Detail"},
	"actions.filter": {"กรองตามการกระทำ", "Filter by action"},
	"actions.none":   {"ยังไม่มีบันทึก", "Nothing logged yet."},

	// common
	"common.save":     {"บันทึกข้อมูล", "Save"},
	"common.cancel":   {"ยกเลิก", "Cancel"},
	"common.edit":     {"แก้ไข", "Edit"},
	"common.delete":   {"ลบ", "Delete"},
	"common.search":   {"ค้นหา", "Search"},
	"common.actions":  {"จัดการ", "Actions"},
	"common.no":       {"#", "#"},
	"common.prev":     {"ก่อนหน้า", "Previous"},
	"common.next":     {"ถัดไป", "Next"},
	"common.page":     {"หน้า %d จาก %d", "Page %d of %d"},
	"common.never":    {"ยังไม่เคย", "never"},
	"common.confirm":  {"ยืนยันการทำรายการนี้?", "Are you sure?"},
	"common.required": {"จำเป็น", "required"},
}
