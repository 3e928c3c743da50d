package templates

// adminPolishCatalog holds the strings of issue 14's admin polish: the
// featured desk's in-place messages, the dashboard's previous login and
// recent items, and the labels of codes that used to reach the page raw.
var adminPolishCatalog = map[string][2]string{
	"dash.first_login":      {"เข้าสู่ระบบครั้งแรก", "First login"},
	"featured.picked_one":   {"เลือก “%s” เป็นข่าวเด่นแล้ว (%d/%d)", "Picked “%s” (%d/%d)"},
	"featured.unpicked_one": {"เอา “%s” ออกจากข่าวเด่นแล้ว (%d/%d)", "Removed “%s” (%d/%d)"},
	"featured.failed":       {"บันทึกไม่สำเร็จ ลองอีกครั้ง", "Could not save. Please try again."},
}

func init() { addCatalog(adminPolishCatalog) }
