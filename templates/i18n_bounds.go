package templates

// boundsCatalog holds the messages of numeric fields and unit choices
// (issue 10: every number a form accepts has a range and says it).
var boundsCatalog = map[string][2]string{
	"err.unit_sort": {"ลำดับต้องเป็นตัวเลข 0–9999", "The order must be a number from 0 to 9999."},
	"err.unit":      {"ไม่มีหน่วยงานนี้หรือหน่วยงานเลิกใช้แล้ว กรุณาเลือกจากรายการ", "This unit does not exist or is no longer in use; please choose one from the list."},
}
