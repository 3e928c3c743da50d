package templates

// previewCatalog holds the strings of preview links (issue 12): the
// section of every editor with a publishing status, and the preview page.
var previewCatalog = map[string][2]string{
	"preview.title":          {"ลิงก์ดูตัวอย่าง", "Preview links"},
	"preview.help":           {"ส่งลิงก์ให้ผู้ที่ไม่มีบัญชี (เช่น คณบดีผู้อนุมัติข่าว) ดูรายการนี้ก่อนเผยแพร่ ลิงก์ใช้ได้ตามเวลาที่กำหนดและยกเลิกได้ทุกเมื่อ", "Send a link to someone without an account (a dean approving a story) to see this item before it is published. It works for the hours you choose and can be revoked at any time."},
	"preview.hours":          {"อายุลิงก์ (ชั่วโมง)", "Link works for (hours)"},
	"preview.hours_help":     {"1–720 ชั่วโมง (ค่าเริ่มต้น 72 ชั่วโมง = 3 วัน)", "1–720 hours (72 by default: 3 days)"},
	"preview.create":         {"สร้างลิงก์ดูตัวอย่าง", "Create a preview link"},
	"preview.new":            {"ลิงก์ใหม่", "New link"},
	"preview.new_help":       {"คัดลอกลิงก์ไว้ตอนนี้ ระบบเก็บเฉพาะรหัสที่ย้อนกลับไม่ได้ จึงแสดงลิงก์นี้ได้ครั้งเดียว", "Copy the link now: only an irreversible hash of it is kept, so it is shown this once."},
	"preview.copy":           {"คัดลอก", "Copy"},
	"preview.copied":         {"คัดลอกแล้ว", "Copied"},
	"preview.active":         {"ลิงก์ที่ยังใช้ได้", "Active links"},
	"preview.none":           {"ยังไม่มีลิงก์ที่ใช้ได้", "No active links"},
	"preview.expires":        {"หมดอายุ", "Expires"},
	"preview.made_by":        {"สร้างโดย", "Made by"},
	"preview.made_at":        {"สร้างเมื่อ", "Made on"},
	"preview.revoke":         {"ยกเลิกลิงก์", "Revoke"},
	"preview.revoke_confirm": {"ยกเลิกลิงก์นี้? ผู้ที่ได้รับลิงก์จะเปิดดูไม่ได้อีก", "Revoke this link? Whoever has it can no longer open it."},
	"preview.unavailable":    {"รายการที่อยู่ในถังขยะหรือถูกระงับสร้างลิงก์ดูตัวอย่างไม่ได้", "An item in the trash or taken down gets no preview link."},
	"preview.created":        {"สร้างลิงก์ดูตัวอย่างแล้ว คัดลอกลิงก์ด้านล่าง", "Preview link created: copy it below."},
	"preview.revoked":        {"ยกเลิกลิงก์ดูตัวอย่างแล้ว", "Preview link revoked."},
	"preview.err_hours":      {"กรอกจำนวนชั่วโมง 1–720", "Enter 1 to 720 hours."},
	"preview.err_too_many":   {"รายการนี้มีลิงก์ที่ใช้ได้ครบ 20 ลิงก์แล้ว ยกเลิกลิงก์เดิมก่อน", "This item already has 20 active links: revoke one first."},
	"preview.bar":            {"ตัวอย่างก่อนเผยแพร่ — ลิงก์หมดอายุ %s", "Preview — link expires %s"},
	"preview.invalid":        {"ลิงก์ดูตัวอย่างนี้ใช้ไม่ได้ อาจหมดอายุหรือถูกยกเลิกแล้ว โปรดขอลิงก์ใหม่จากผู้ส่ง", "This preview link does not work: it may have expired or been revoked. Ask its sender for a new one."},
	"preview.banner_link":    {"ลิงก์ของแบนเนอร์", "The banner links to"},
	"preview.banner_nolink":  {"แบนเนอร์นี้ไม่มีลิงก์", "This banner links nowhere."},
}

func init() { addCatalog(previewCatalog) }
