package templates

// statusCatalog holds the strings of the trash and of takedown (Computer
// Crime Act s.15).
var statusCatalog = map[string][2]string{
	"takedown.title":           {"ระงับการเผยแพร่เนื้อหา", "Take down"},
	"takedown.link":            {"ระงับการเผยแพร่ (แจ้งเตือนและนำออก ตาม พ.ร.บ.คอมพิวเตอร์ ม.15)", "Take down (notice and takedown, Computer Crime Act s.15)"},
	"takedown.help":            {"เนื้อหาจะหายจากหน้าเว็บ รายการ ฟีด และการค้นหาทันที ลิงก์เดิมจะแจ้งว่าถูกระงับ และยกเลิกการระงับได้ภายหลัง", "The item leaves every public page, list, feed and search at once; its link says it was taken down. The takedown can be lifted later."},
	"takedown.reason":          {"เหตุผลการระงับ", "Reason"},
	"takedown.reason_help":     {"บันทึกไว้ในประวัติการใช้งาน (ไม่เกิน 500 ตัวอักษร)", "Kept in the action log (at most 500 characters)."},
	"takedown.reference":       {"เลขที่เรื่องร้องเรียน", "Complaint reference"},
	"takedown.reference_help":  {"ถ้ามี เช่น เลขที่หนังสือหรือเลขรับเรื่อง", "If there is one, e.g. the letter or case number."},
	"takedown.submit":          {"ระงับทันที", "Take down now"},
	"status.down_title":        {"เนื้อหานี้ถูกระงับการเผยแพร่", "This item is taken down"},
	"status.down_since":        {"ระงับเมื่อ %s", "Taken down on %s"},
	"status.reinstate":         {"ยกเลิกการระงับ", "Lift the takedown"},
	"status.reinstate_confirm": {"ยกเลิกการระงับและเผยแพร่เนื้อหานี้อีกครั้ง?", "Lift the takedown and publish this item again?"},
	"status.trash_title":       {"รายการนี้อยู่ในถังขยะ", "This item is in the trash"},
	"status.trash_since":       {"ย้ายไปถังขยะเมื่อ %s จะถูกลบถาวรในวันที่ %s กู้คืนก่อนจึงจะแก้ไขได้", "Moved to the trash on %s; it will be deleted for good on %s. Restore it to edit it."},
	"status.restore":           {"กู้คืน", "Restore"},
	"status.trashed":           {"ย้ายไปถังขยะแล้ว กู้คืนได้ภายใน 30 วัน (ตัวกรองสถานะ \"ถังขยะ\")", "Moved to the trash; it can be restored for 30 days (state filter \"Trash\")."},
	"status.restored":          {"กู้คืนแล้ว", "Restored."},
	"status.takendown":         {"ระงับการเผยแพร่แล้ว", "Taken down."},
	"status.reinstated":        {"ยกเลิกการระงับแล้ว", "The takedown is lifted."},
	"status.unchanged":         {"สถานะของรายการนี้เปลี่ยนไปแล้ว ไม่ได้ทำรายการซ้ำ", "This item's state had already changed; nothing was done."},
	"error.410.title":          {"เนื้อหานี้ถูกระงับการเผยแพร่", "This item was taken down"},
	"error.410.body":           {"ผู้ดูแลระบบได้ระงับการเผยแพร่เนื้อหานี้แล้ว", "The site's administrators have taken this item down."},
}
