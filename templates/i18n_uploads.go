package templates

// uploadsCatalog holds the strings of photo uploads into a gallery.
var uploadsCatalog = map[string][2]string{
	"upload.duplicate": {"ภาพนี้มีอยู่ในแกลเลอรีแล้ว จึงไม่เพิ่มซ้ำ", "This photo is already in the gallery, so it was not added again."},
}
