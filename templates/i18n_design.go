package templates

// designCatalog holds the strings of the public site's redesign: the
// homepage's faculty links, breadcrumbs, share links and related news.
var designCatalog = map[string][2]string{
	"nav.units_public": {"คณะ/หน่วยงาน", "Faculties"},
	"home.units":       {"คณะและหน่วยงาน", "Faculties and units"},
	"crumbs.label":     {"เส้นทางนำทาง", "Breadcrumb"},
	"share.label":      {"แชร์ข่าวนี้", "Share this story"},
	"share.facebook":   {"Facebook", "Facebook"},
	"share.line":       {"LINE", "LINE"},
	"share.x":          {"X", "X"},
	"share.copy":       {"คัดลอกลิงก์", "Copy link"},
	"share.copied":     {"คัดลอกลิงก์แล้ว", "Link copied"},
	"share.new_window": {"(เปิดหน้าต่างใหม่)", "(opens a new window)"},
	"news.related":     {"ข่าวที่เกี่ยวข้อง", "Related news"},
	"news.print":       {"พิมพ์", "Print"},
}

func init() { addCatalog(designCatalog) }
