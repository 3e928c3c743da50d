package templates

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
// Each argument is fitted to its verb first (see format), so a number that
// went through JSON still prints as a number.
func Tf(lang, key string, args ...any) string {
	return format(T(lang, key), args)
}

// HasKey reports whether the catalog defines key, for tests.
func HasKey(key string) bool { _, ok := catalog[key]; return ok }

// catalog holds every UI string: key → {Thai, English}, gathered from the
// parts below (one per area, so two people can add strings without editing
// the same lines). A key defined twice fails the catalog test.
var catalog = mergeCatalogs(baseCatalog, publicCatalog, searchCatalog, featuredCatalog, statusCatalog, boundsCatalog, uploadsCatalog)

func mergeCatalogs(parts ...map[string][2]string) map[string][2]string {
	out := map[string][2]string{}
	for _, p := range parts {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}

// catalogParts lists the parts, for the duplicate-key test.
var catalogParts = []map[string][2]string{baseCatalog, publicCatalog, searchCatalog, featuredCatalog, statusCatalog, uploadsCatalog}

// addCatalog adds a part from its own file's init, so a new area adds its
// strings without editing the lists above.
func addCatalog(part map[string][2]string) {
	catalogParts = append(catalogParts, part)
	for k, v := range part {
		catalog[k] = v
	}
}

var baseCatalog = map[string][2]string{
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
	"login.busy":       {"ขณะนี้มีผู้เข้าสู่ระบบพร้อมกันจำนวนมาก กรุณารอสักครู่แล้วลองใหม่", "Many logins are being checked right now. Please wait a moment and try again."},
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
	"error.409.title":   {"ทำรายการไม่ได้ในขณะนี้", "This cannot be done now"},
	"error.409.body":    {"รายการนี้ถูกเปลี่ยนไปแล้ว อาจมีผู้อื่นทำรายการก่อน กรุณาโหลดหน้าใหม่แล้วตรวจสอบอีกครั้ง", "The item has changed, perhaps someone else was first. Please reload the page and check again."},
	"error.422.title":   {"ข้อมูลไม่ถูกต้อง", "The input was not accepted"},
	"error.422.body":    {"กรุณาตรวจสอบข้อมูลที่กรอกแล้วลองอีกครั้ง", "Please check what you entered and try again."},
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
	"err.last_central":      {"บัญชีนี้เป็นผู้ดูแลส่วนกลางที่ใช้งานอยู่คนสุดท้าย จึงระงับหรือเปลี่ยนสิทธิ์ไม่ได้ — เพิ่มหรือเปิดใช้งานผู้ดูแลส่วนกลางอีกคนก่อน", "This is the last active central admin: add or enable another central admin before disabling this account or changing its role."},
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
	"common.save":           {"บันทึกข้อมูล", "Save"},
	"common.cancel":         {"ยกเลิก", "Cancel"},
	"common.edit":           {"แก้ไข", "Edit"},
	"common.delete":         {"ลบ", "Delete"},
	"common.search":         {"ค้นหา", "Search"},
	"common.actions":        {"จัดการ", "Actions"},
	"common.no":             {"#", "#"},
	"common.prev":           {"ก่อนหน้า", "Previous"},
	"common.next":           {"ถัดไป", "Next"},
	"common.page":           {"หน้า %d จาก %d", "Page %d of %d"},
	"common.never":          {"ยังไม่เคย", "never"},
	"common.delete_confirm": {"ย้ายรายการนี้ไปถังขยะ? กู้คืนได้ภายใน 30 วัน", "Move this item to the trash? It can be restored for 30 days."},
	"common.confirm":        {"ยืนยันการทำรายการนี้?", "Are you sure?"},
	"common.required":       {"จำเป็น", "required"},
	// activity news
	"news.title":                {"ข่าวกิจกรรม (รอบรั้วกันเกรา)", "Activity news"},
	"news.new":                  {"เพิ่มข่าวกิจกรรม", "Add activity news"},
	"news.edit":                 {"แก้ไขข่าวกิจกรรม", "Edit activity news"},
	"news.lang":                 {"ภาษา", "Language"},
	"news.type":                 {"ประเภทข่าว", "News type"},
	"news.headline":             {"หัวข้อข่าว", "Headline"},
	"news.body":                 {"รายละเอียดข่าว", "Body"},
	"news.body_ph":              {"วางหรือพิมพ์เนื้อหาข่าวที่นี่", "Paste or type the story here"},
	"news.body_help":            {"วางข้อความจาก LINE, Facebook หรือ Word ได้เลย ระบบจะตัดส่วนที่ไม่จำเป็นออกให้", "Paste from LINE, Facebook or Word; the clutter is removed for you."},
	"news.sort":                 {"ลำดับการแสดงผล (1 แสดงก่อน)", "Display order (1 shows first)"},
	"news.per_row":              {"จำนวนภาพต่อแถว", "Photos per row"},
	"news.start":                {"วันที่เริ่มแสดง", "Start"},
	"news.end":                  {"วันที่สิ้นสุดการแสดง", "End date"},
	"news.end_help":             {"แสดงถึง 23:59 น. ของวันนี้ จากนั้นข่าวยังค้นหาได้ในคลังข่าว", "Shown until 23:59 that day, then kept in the archive."},
	"news.photos":               {"ภาพข่าวหลักและภาพกิจกรรม", "Main photo and gallery"},
	"news.photos_help":          {"เลือกหลายภาพหรือไฟล์ .zip ได้ (JPEG, PNG, GIF, WebP, HEIC) ชื่อไฟล์ภาษาไทยได้ ระบบย่อภาพให้อัตโนมัติ", "Choose several photos or a .zip (JPEG, PNG, GIF, WebP, HEIC); Thai file names are fine; photos are resized for you."},
	"news.drop":                 {"ลากภาพหรือไฟล์ .zip มาวางที่นี่", "Drop photos or a .zip here"},
	"news.choose_files":         {"เลือกไฟล์ภาพ", "Choose files"},
	"news.needs_js":             {"การอัปโหลดภาพต้องเปิดใช้ JavaScript", "Uploading photos needs JavaScript."},
	"news.uploading":            {"กำลังอัปโหลด", "Uploading"},
	"news.processing":           {"กำลังประมวลผลภาพ", "Processing photos"},
	"news.processed":            {"ประมวลผลแล้ว %d จาก %d ภาพ", "Processed %d of %d photos"},
	"news.manager_help":         {"คลิกเครื่องหมายถูกสีเขียวเพื่อเลือกภาพหลัก ลากเพื่อเรียงลำดับ ถังขยะสีแดงเพื่อลบ", "Click the green check to choose the main photo, drag to reorder, the red bin deletes."},
	"news.no_photos":            {"ยังไม่มีภาพ", "No photos yet"},
	"news.set_main":             {"ตั้งเป็นภาพหลัก", "Make main photo"},
	"news.is_main":              {"ภาพหลัก", "Main photo"},
	"news.caption":              {"คำบรรยายภาพ", "Caption"},
	"news.photo_delete_confirm": {"ลบภาพนี้?", "Delete this photo?"},
	"news.move_left":            {"เลื่อนไปก่อนหน้า", "Move earlier"},
	"news.move_right":           {"เลื่อนไปถัดไป", "Move later"},
	"news.publish":              {"บันทึกและเผยแพร่", "Save and publish"},
	"news.preview":              {"ดูตัวอย่าง", "Preview"},
	"news.preview_note":         {"ตัวอย่างก่อนบันทึก — ยังไม่เผยแพร่", "Preview of unsaved changes: not published yet."},
	"news.save_draft":           {"บันทึกร่าง", "Save draft"},
	"news.saved":                {"บันทึกข่าวแล้ว", "News saved."},
	"news.deleted":              {"ลบข่าวแล้ว", "News deleted."},
	"news.delete_confirm":       {"ลบข่าวนี้พร้อมภาพทั้งหมด?", "Delete this news item and all its photos?"},
	"news.view_public":          {"ดูหน้าข่าว", "View on the site"},
	"news.post_by":              {"Post by :", "Post by:"},
	"news.main_photo":           {"ภาพหลัก", "Main photo"},
	"news.views":                {"อ่าน", "Views"},
	"news.state":                {"สถานะ", "State"},
	"news.count":                {"ทั้งหมด %d ข่าว", "%d news items"},
	"news.none":                 {"ไม่พบข่าว", "No news found."},
	"news.search_ph":            {"ค้นหาหัวข้อหรือเนื้อหา", "Search headlines and text"},
	"news.all_units":            {"ทุกหน่วยงาน", "All units"},
	"news.all_types":            {"ทุกประเภท", "All types"},
	"news.all_langs":            {"ทุกภาษา", "All languages"},
	"news.all_states":           {"ทุกสถานะ", "All states"},
	"news.photos_short":         {"ภาพ", "photos"},
	"news.list_title":           {"ข่าวกิจกรรม", "Activity news"},
	"news.updated":              {"ปรับปรุงล่าสุด", "Last updated"},
	"news.gallery":              {"ภาพกิจกรรม", "Gallery"},
	"news.close":                {"ปิด", "Close"},
	"news.prev_photo":           {"ภาพก่อนหน้า", "Previous photo"},
	"news.next_photo":           {"ภาพถัดไป", "Next photo"},
	"news.photo_n":              {"ภาพที่ %d จาก %d", "Photo %d of %d"},
	"news.by_unit":              {"โดย", "By"},
	"news.expired_note":         {"ข่าวนี้พ้นช่วงเวลาเผยแพร่แล้ว และเก็บไว้ในคลังข่าว", "This story has left the front page and is kept in the archive."},

	"newstype.activity":    {"กิจกรรมองค์กร", "Organisational activity"},
	"newstype.achievement": {"ความสำเร็จ", "Achievement"},
	"newstype.policy":      {"ประเด็นนโยบาย", "Policy"},
	"newstype.research":    {"ผลงานการศึกษา ค้นคว้า วิจัย", "Research"},
	"newstype.campaign":    {"การเชิญชวน รณรงค์", "Campaign"},
	"newstype.mou":         {"การลงนามความร่วมมือ/MOU", "Agreement/MOU"},

	"state.live":      {"กำลังแสดง", "Live"},
	"state.scheduled": {"รอเผยแพร่", "Scheduled"},
	"state.expired":   {"หมดเวลาแสดง", "Expired"},
	"state.draft":     {"ร่าง", "Draft"},
	"state.pending":   {"รอตรวจ", "Pending review"},
	"state.returned":  {"ส่งกลับแก้ไข", "Returned"},
	"state.published": {"เผยแพร่", "Published"},
	"state.takendown": {"ถูกระงับ", "Taken down"},
	"state.trashed":   {"ถังขยะ", "Trash"},

	"upload.none":       {"ไม่พบไฟล์ที่อัปโหลด", "No file was uploaded."},
	"upload.too_large":  {"ไฟล์ที่อัปโหลดมีขนาดรวม %s เกินกว่าที่รับได้ต่อครั้ง %s ไม่มีข้อมูลใดถูกบันทึก กรุณาแบ่งอัปโหลดเป็นหลายครั้ง", "The upload is %s, more than the %s one upload may carry; nothing was saved. Please upload in several parts."},
	"upload.over_limit": {"ไฟล์ที่อัปโหลดมีขนาดรวมเกินกว่าที่รับได้ต่อครั้ง %s ไม่มีข้อมูลใดถูกบันทึก กรุณาแบ่งอัปโหลดเป็นหลายครั้ง", "The upload is more than the %s one upload may carry; nothing was saved. Please upload in several parts."},
	"upload.broken":     {"การอัปโหลดขาดหาย ไม่มีข้อมูลใดถูกบันทึก กรุณาลองใหม่", "The upload broke off; nothing was saved. Please try again."},

	"err.headline_long":    {"หัวข้อข่าวยาวเกิน 200 ตัวอักษร", "The headline is longer than 200 characters."},
	"err.body_long":        {"เนื้อหาข่าวยาวเกินกำหนด", "The body is too long."},
	"err.sort":             {"ลำดับต้องเป็นตัวเลข 1–9999", "The order must be a number from 1 to 9999."},
	"err.photos_per_row":   {"จำนวนภาพต่อแถวต้องเป็น 1–6", "Photos per row must be 1 to 6."},
	"err.date":             {"กรุณาระบุวันที่", "Please give a date."},
	"err.end_before_start": {"วันสิ้นสุดต้องไม่ก่อนวันเริ่มแสดง", "The end date cannot be before the start."},
	"media.failed":         {"ประมวลผลภาพไม่สำเร็จ กรุณาลองอัปโหลดใหม่", "This photo could not be processed; please upload it again."},
	// ZIP uploads
	"media.zip_corrupt":            {"ไฟล์ ZIP เสียหายหรืออัปโหลดไม่ครบ กรุณาสร้างไฟล์ ZIP ใหม่แล้วอัปโหลดอีกครั้ง", "The ZIP file is damaged or incomplete. Please create it again and re-upload."},
	"media.zip_corrupt_entry":      {"ไฟล์ %s ใน ZIP เสียหาย อ่านไม่ได้ กรุณาสร้างไฟล์ ZIP ใหม่", "The file %s inside the ZIP is damaged and cannot be read. Please create the ZIP again."},
	"media.zip_nested":             {"ใน ZIP มีไฟล์บีบอัดซ้อนอยู่ (%s) กรุณาแตกไฟล์นั้นออกก่อน แล้วใส่เฉพาะภาพลงใน ZIP เดียว", "The ZIP contains another archive (%s). Please extract it and put only the photos in one ZIP."},
	"media.zip_bomb":               {"ไฟล์ %s ใน ZIP มีขนาดเมื่อแตกออกผิดปกติ (อาจเป็น zip bomb) ระบบจึงไม่รับ ZIP นี้", "The file %s in the ZIP expands to an implausible size (a possible zip bomb), so this ZIP was refused."},
	"media.zip_encrypted":          {"ไฟล์ %s ใน ZIP ถูกตั้งรหัสผ่านไว้ กรุณาสร้าง ZIP ใหม่โดยไม่ตั้งรหัสผ่าน", "The file %s in the ZIP is password-protected. Please create the ZIP without a password."},
	"media.zip_too_many_entries":   {"ZIP มีไฟล์และโฟลเดอร์เกิน %d รายการ กรุณาแบ่งเป็นหลายไฟล์ ZIP", "The ZIP holds more than %d files and folders. Please split it into several ZIPs."},
	"media.zip_too_many_photos":    {"ZIP มีภาพ %d ภาพ เกินกว่าที่รับได้ครั้งละ %d ภาพ", "The ZIP holds %d photos; at most %d can be uploaded at once."},
	"media.zip_too_large":          {"ภาพใน ZIP เมื่อแตกไฟล์มีขนาดรวม %s เกินกว่าที่รับได้ %s", "The photos in the ZIP add up to %s uncompressed, more than the %s allowed."},
	"media.zip_empty":              {"ไม่พบภาพใน ZIP (รับ JPEG, PNG, GIF, WebP)", "No photos were found in the ZIP (JPEG, PNG, GIF and WebP are accepted)."},
	"media.zip_not_image":          {"ไม่ใช่ไฟล์ภาพ จึงข้ามไป", "not a photo; skipped"},
	"media.zip_too_large_entry":    {"ภาพมีขนาด %s เกิน %s จึงข้ามไป", "the photo is %s, over the %s limit; skipped"},
	"media.zip_unsupported_method": {"บีบอัดด้วยวิธีที่ระบบอ่านไม่ได้ จึงข้ามไป (กรุณาสร้าง ZIP ด้วยโปรแกรมมาตรฐานของ Windows/macOS)", "compressed with a method we cannot read; skipped (please create the ZIP with the standard Windows or macOS tool)"},
	// NPU Channel
	"videos.title":          {"NPU Channel (วิดีโอ)", "NPU Channel videos"},
	"videos.new":            {"เพิ่มวิดีโอ", "Add video"},
	"videos.edit":           {"แก้ไขวิดีโอ", "Edit video"},
	"videos.video":          {"วิดีโอ", "Video"},
	"videos.title_col":      {"ชื่อเรื่อง", "Title"},
	"videos.programme":      {"กลุ่มรายการ", "Programme"},
	"videos.all_programmes": {"ทุกรายการ", "All programmes"},
	"videos.link":           {"ลิงก์ YouTube", "YouTube link"},
	"videos.link_help":      {"วางลิงก์จากปุ่มแชร์ของ YouTube ได้ทุกรูปแบบ เช่น youtu.be/…, youtube.com/watch?v=…, /shorts/…", "Paste any YouTube share link: youtu.be/…, youtube.com/watch?v=…, /shorts/…"},
	"videos.description":    {"คำอธิบายสั้น", "Short description"},
	"videos.poster":         {"ภาพปก (ไม่บังคับ)", "Poster image (optional)"},
	"videos.poster_help":    {"ถ้าไม่อัปโหลด ระบบใช้ภาพปกของกลุ่มรายการ", "Without one, the programme's own poster is shown."},
	"videos.search_ph":      {"ค้นหาชื่อเรื่อง", "Search titles"},
	"videos.saved":          {"บันทึกวิดีโอแล้ว", "Video saved."},
	"videos.list_title":     {"NPU Channel", "NPU Channel"},
	"videos.play":           {"เล่นวิดีโอ", "Play video"},
	"videos.all":            {"ทั้งหมด", "All"},
	"programme.npu-news":    {"NPU NEWS", "NPU NEWS"},
	"programme.3-minutes":   {"3 MINUTES@NPU", "3 MINUTES@NPU"},
	"programme.npu-talks":   {"NPU TALKS", "NPU TALKS"},

	// banners
	"banners.title":      {"Banner ข่าว", "Banners"},
	"banners.new":        {"เพิ่ม Banner", "Add banner"},
	"banners.edit":       {"แก้ไข Banner", "Edit banner"},
	"banners.image":      {"ภาพ Banner (1000×300 พิกเซล)", "Banner image (1000×300 pixels)"},
	"banners.image_help": {"ภาพใหญ่กว่าหรือสัดส่วนต่างจะถูกย่อและตัดกึ่งกลางเป็น 1000×300 ให้อัตโนมัติ ภาพเล็กกว่า 1000×300 ใช้ไม่ได้", "Larger or differently shaped images are scaled and centre-cropped to 1000×300; images smaller than 1000×300 are refused."},
	"banners.preview":    {"ตัวอย่างภาพหลังตัด", "Crop preview"},
	"banners.link":       {"ลิงก์เมื่อคลิก", "Link"},
	"banners.link_help":  {"ไม่บังคับ ต้องขึ้นต้นด้วย http:// หรือ https://", "Optional; must start with http:// or https://"},
	"banners.alt":        {"ข้อความแทนภาพ (สำหรับผู้พิการทางสายตา)", "Alternative text (for screen readers)"},
	"banners.placement":  {"ตำแหน่งที่แสดง", "Placement"},
	"banners.saved":      {"บันทึก Banner แล้ว", "Banner saved."},
	"files.scaled":       {"ภาพต้นฉบับ %d×%d ย่อและตัดเป็น 1000×300 แล้ว", "Original %d×%d, scaled and cropped to 1000×300."},

	// notices
	"notices.title":           {"ข่าวประชาสัมพันธ์", "PR notices"},
	"notices.new":             {"เพิ่มข่าวประชาสัมพันธ์", "Add notice"},
	"notices.edit":            {"แก้ไขข่าวประชาสัมพันธ์", "Edit notice"},
	"notices.category":        {"หมวดข่าว", "Category"},
	"notices.all_categories":  {"ทุกหมวด", "All categories"},
	"notices.attachment":      {"ไฟล์แนบหรือลิงก์ (เลือกอย่างใดอย่างหนึ่ง)", "Attachment or link (one of them)"},
	"notices.attachment_help": {"อัปโหลดไฟล์ PDF (ไม่เกิน 25 MB ชื่อไฟล์ภาษาไทยได้) หรือใส่ลิงก์", "Upload a PDF (up to 25 MB; Thai file names are fine) or give a link."},
	"notices.pdf":             {"ไฟล์ PDF", "PDF file"},
	"notices.remove_file":     {"เอาไฟล์ออก", "Remove file"},
	"notices.or_link":         {"หรือ ลิงก์", "or a link"},
	"notices.summary":         {"สรุปสั้น", "Short summary"},
	"notices.new_days":        {"จำนวนวันที่แสดงป้าย NEW", "Days shown as NEW"},
	"notices.initial_reads":   {"จำนวนผู้อ่านเริ่มต้น", "Initial read count"},
	"notices.announced":       {"วันที่ประกาศ", "Announced"},
	"notices.reads":           {"ผู้อ่าน", "Reads"},
	"notices.saved":           {"บันทึกข่าวประชาสัมพันธ์แล้ว", "Notice saved."},
	"notices.list_title":      {"ข่าวประชาสัมพันธ์", "Notices"},
	"notices.open_pdf":        {"เปิดไฟล์ PDF", "Open the PDF"},
	"notices.open_link":       {"เปิดลิงก์", "Open the link"},
	"notices.read_count":      {"อ่าน %d ครั้ง", "Read %d times"},

	"common.count":   {"ทั้งหมด %d รายการ", "%d items"},
	"common.none":    {"ไม่พบรายการ", "Nothing found."},
	"common.deleted": {"ลบแล้ว", "Deleted."},

	"err.youtube":         {"ต้องเป็นลิงก์วิดีโอ YouTube เช่น https://youtu.be/รหัส11ตัว หรือ https://www.youtube.com/watch?v=…", "Give a YouTube video link, e.g. https://youtu.be/<11-character id> or https://www.youtube.com/watch?v=…"},
	"err.link":            {"ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// และมีชื่อเว็บไซต์", "A link must start with http:// or https:// and name a site."},
	"err.banner_image":    {"กรุณาเลือกภาพ Banner", "Please choose the banner image."},
	"err.poster":          {"กรุณาอัปโหลดภาพปกใหม่", "Please upload the poster again."},
	"err.attach_both":     {"เลือกอย่างใดอย่างหนึ่ง: ไฟล์ PDF หรือ ลิงก์ ไม่ใช่ทั้งสองอย่าง", "Give either a PDF or a link, not both."},
	"err.attach_none":     {"กรุณาอัปโหลดไฟล์ PDF หรือใส่ลิงก์", "Please upload a PDF or give a link."},
	"err.new_days":        {"จำนวนวันที่แสดง NEW ต้องเป็น 0–60", "Days shown as NEW must be 0 to 60."},
	"err.reads":           {"จำนวนผู้อ่านเริ่มต้นต้องเป็นตัวเลข 0–1,000,000", "The initial read count must be a whole number from 0 to 1,000,000."},
	"media.not_pdf":       {"ไฟล์นี้ไม่ใช่ PDF (ตรวจจากเนื้อไฟล์ ไม่ใช่ชื่อไฟล์) กรุณาบันทึกเป็น PDF แล้วอัปโหลดใหม่", "This file is not a PDF (checked by its content, not its name). Please save it as PDF and upload again."},
	"media.pdf_corrupt":   {"ไฟล์ PDF เสียหายหรือไม่ครบ กรุณาสร้างไฟล์ใหม่", "The PDF is damaged or incomplete. Please create it again."},
	"media.pdf_too_large": {"ไฟล์ PDF ใหญ่เกิน %s กรุณาลดขนาดไฟล์", "The PDF is larger than %s. Please make it smaller."},
	"media.pdf_encrypted": {"ไฟล์ PDF นี้ตั้งรหัสผ่านหรือเข้ารหัสไว้ ผู้อ่านจะเปิดไม่ได้ กรุณาบันทึกสำเนาที่ไม่ตั้งรหัสผ่าน (เช่น สั่งพิมพ์เป็น PDF ใหม่) แล้วอัปโหลดอีกครั้ง", "This PDF is password-protected or encrypted, so readers could not open it. Save a copy without a password (for example, print it to a new PDF) and upload that."},
	// photos
	"media.empty":            {"ไฟล์ว่างเปล่า (0 ไบต์) กรุณาเลือกภาพใหม่อีกครั้ง", "The file is empty (0 bytes). Please choose the photo again."},
	"media.not_image":        {"ไฟล์นี้ไม่ใช่ภาพที่ระบบรองรับ กรุณาอัปโหลดไฟล์ JPEG, PNG, GIF, WebP หรือ HEIC", "This file is not a photo we can use. Upload a JPEG, PNG, GIF, WebP or HEIC image."},
	"media.corrupt":          {"ไฟล์ภาพเสียหายหรือไม่สมบูรณ์ จึงเปิดไม่ได้ กรุณาบันทึกหรือส่งออกภาพใหม่แล้วอัปโหลดอีกครั้ง", "The image is damaged or incomplete and cannot be opened. Save or export it again and re-upload."},
	"media.over_limit":       {"ไฟล์มีขนาดเกินขนาดสูงสุด %s MB", "The file is larger than the %s MB limit."},
	"media.too_large":        {"ไฟล์มีขนาด %s MB เกินขนาดสูงสุด %s MB", "The file is %s MB; the limit is %s MB."},
	"media.too_many_pixels":  {"ภาพมีขนาด %d×%d พิกเซล (%s ล้านพิกเซล) เกินขนาดสูงสุด %s ล้านพิกเซล กรุณาย่อภาพแล้วอัปโหลดใหม่", "The image is %d×%d pixels (%s megapixels); the limit is %s megapixels. Make it smaller and upload again."},
	"media.banner_too_small": {"ภาพมีขนาด %d×%d พิกเซล แบนเนอร์ต้องมีขนาดอย่างน้อย %d×%d พิกเซล", "The image is %d×%d pixels; a banner needs at least %d×%d."},
	"media.heic_unsupported": {"ระบบไม่รองรับภาพ HEIC (iPhone) กรุณาส่งออกภาพเป็น JPEG แล้วอัปโหลดใหม่", "HEIC photos (iPhone) are not supported. Export the photo as JPEG and upload again."},
	"media.too_costly":       {"ภาพมีขนาด %s พิกเซล ซึ่งต้องใช้หน่วยความจำในการประมวลผลเกินกว่าที่ระบบรับได้ ภาพชนิดนี้รับได้ไม่เกิน %s ล้านพิกเซล กรุณาย่อภาพหรือบันทึกเป็น JPEG แล้วอัปโหลดใหม่", "The image is %s pixels, which takes more memory to process than the server allows; images of this kind can be at most %s megapixels. Make it smaller or save it as JPEG and upload again."},
}
