package templates

func init() {
	for k, v := range map[string][2]string{
		"kind.toy":   {"ของเล่น", "toys"},
		"use.toy":    {"ของเล่น", "toy"},
		"nav.toys":   {"ของเล่น", "Toys"},
		"toys.title": {"ของเล่น", "Toys"},
		"toys.new":   {"เพิ่มของเล่น", "New toy"},
		"toys.edit":  {"แก้ไขของเล่น", "Edit toy"},
		"toys.saved": {"บันทึกแล้ว", "Saved."},
	} {
		catalog[k] = v
	}
}
