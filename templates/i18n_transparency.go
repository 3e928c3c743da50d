package templates

// transparencyCatalog holds the strings shared by the transparency hub's
// areas (issue 13): the admin menu and the public section names. Each area
// keeps its own strings in its own i18n_<area>.go.
var transparencyCatalog = map[string][2]string{
	"nav.tags":        {"แท็กข่าว", "News tags"},
	"nav.procurement": {"จัดซื้อจัดจ้าง", "Procurement"},
	"nav.ita":         {"ITA/OIT", "ITA/OIT"},
	"nav.qa":          {"ถาม-ตอบ", "Q&A"},
	"sitemap.home":    {"หน้าแรก", "Home"},
	"sitemap.videos":  {"NPU Channel", "NPU Channel"},
}

func init() { addCatalog(transparencyCatalog) }
