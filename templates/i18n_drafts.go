package templates

// draftsCatalog holds the strings of autosave, the leave warning and the
// forms kept from an expired session (issue 12, "never lose work").
var draftsCatalog = map[string][2]string{
	"drafts.saved_at":         {"บันทึกร่างอัตโนมัติ %s", "Draft saved at %s"},
	"drafts.restored":         {"กู้คืนร่างที่ยังไม่ได้บันทึกจาก %s แล้ว", "Restored your unsaved draft from %s."},
	"drafts.restored_stash":   {"กู้คืนข้อมูลที่คุณส่งเมื่อ %s ขณะหมดเวลาการใช้งานแล้ว ตรวจดูแล้วกดบันทึกอีกครั้ง", "Restored what you sent at %s when your session had ended. Check it and save again."},
	"drafts.restored_pending": {"แสดงการแก้ไขที่รออนุมัติจาก %s", "Showing the changes waiting for review from %s."},
	"drafts.discard":          {"ทิ้งร่างนี้", "Discard draft"},
	"drafts.save_failed":      {"บันทึกร่างอัตโนมัติไม่สำเร็จ จะลองใหม่", "The draft could not be saved; retrying."},
	"drafts.expired":          {"หมดเวลาการใช้งาน สิ่งที่พิมพ์ไว้ยังอยู่ในหน้านี้ กรุณาเข้าสู่ระบบอีกครั้งแล้วกลับมาที่แท็บนี้", "Your session has ended. What you typed is still on this page: log in again, then come back to this tab."},
	"drafts.login_again":      {"เข้าสู่ระบบอีกครั้ง (แท็บใหม่)", "Log in again (new tab)"},
	"drafts.logged_out":       {"กรุณาเข้าสู่ระบบ", "Please log in."},
	"drafts.login_kept":       {"หมดเวลาการใช้งาน ข้อมูลที่คุณส่งถูกเก็บไว้แล้ว เข้าสู่ระบบเพื่อกลับไปที่แบบฟอร์ม", "Your session has ended. What you sent is kept: log in to go back to the form."},
	"drafts.bad":              {"คำขอร่างไม่ถูกต้อง", "Bad draft request."},
	"drafts.too_large":        {"ร่างมีขนาดใหญ่เกินไป จึงไม่ได้บันทึกอัตโนมัติ", "The draft is too large to be saved automatically."},
	"drafts.retry_upload":     {"กำลังอัปโหลดอีกครั้ง", "Uploading again"},
}

func init() { addCatalog(draftsCatalog) }
