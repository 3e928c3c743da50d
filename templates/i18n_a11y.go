package templates

// a11yCatalog holds the strings of the accessibility work (issue 14): the
// photo manager's warning about photos without a caption (a photo's caption
// is its alt text on the public site).
var a11yCatalog = map[string][2]string{
	"news.no_caption":      {"ไม่มีคำบรรยายภาพ (โปรแกรมอ่านหน้าจอต้องใช้)", "No caption (screen readers need one)"},
	"news.no_caption_one":  {"1 ภาพยังไม่มีคำบรรยายภาพ คำบรรยายภาพคือข้อความแทนภาพที่โปรแกรมอ่านหน้าจออ่านให้ผู้พิการทางการเห็นฟัง", "1 photo has no caption. The caption is the text that screen readers read out in place of the photo."},
	"news.no_caption_many": {"%d ภาพยังไม่มีคำบรรยายภาพ คำบรรยายภาพคือข้อความแทนภาพที่โปรแกรมอ่านหน้าจออ่านให้ผู้พิการทางการเห็นฟัง", "%d photos have no caption. The caption is the text that screen readers read out in place of the photo."},
}

func init() { addCatalog(a11yCatalog) }
