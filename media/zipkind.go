package media

// zipkind.go recognises, from an entry's first bytes, what ReadZip must
// refuse (archives inside the archive) or tolerate (office documents).

import (
	"bytes"
	"path"
	"slices"
	"strings"
)

// zipIsArchive reports whether head starts an archive or compressed file.
// Those are refused as a whole: the user most likely meant the photos in
// it. Office documents (.docx, .odt, .epub, ...) are zips too; they are
// told apart by their first member or, failing that, by their name.
func zipIsArchive(head []byte, name string) bool {
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return !zipIsDocument(head, name)
	}
	for _, magic := range []string{
		"PK\x05\x06", "PK\x07\x08", // empty or spanned zip
		"Rar!\x1a\x07",         // RAR 4 and 5
		"7z\xbc\xaf\x27\x1c",   // 7-Zip
		"\x1f\x8b",             // gzip (.tar.gz, .tgz)
		"\xfd7zXZ\x00",         // xz
		"\x28\xb5\x2f\xfd",     // zstd
		"MSCF\x00\x00\x00\x00", // Windows cabinet
	} {
		if bytes.HasPrefix(head, []byte(magic)) {
			return true
		}
	}
	if len(head) >= 4 && string(head[:3]) == "BZh" && head[3] >= '1' && head[3] <= '9' {
		return true // bzip2
	}
	return len(head) >= 262 && string(head[257:262]) == "ustar" // tar
}

// zipIsDocument tells an office document or e-book from a nested zip.
func zipIsDocument(head []byte, name string) bool {
	if len(head) >= 30 {
		n := int(head[26]) | int(head[27])<<8
		if 30+n <= len(head) {
			first := string(head[30 : 30+n])
			if first == "mimetype" || first == "[Content_Types].xml" {
				return true
			}
			for _, dir := range []string{"_rels/", "docProps/", "word/", "xl/", "ppt/", "META-INF/"} {
				if strings.HasPrefix(first, dir) {
					return true
				}
			}
		}
	}
	ext := strings.ToLower(path.Ext(name))
	return slices.Contains([]string{".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm",
		".odt", ".ods", ".odp", ".odg", ".epub", ".pages", ".numbers", ".key",
		".jar", ".apk", ".kmz", ".xps", ".vsdx"}, ext)
}

// zipLooksLikeImage is the isImage used when ReadZip is given nil.
func zipLooksLikeImage(h []byte) bool {
	switch {
	case bytes.HasPrefix(h, []byte("\xff\xd8\xff")),
		bytes.HasPrefix(h, []byte("\x89PNG\r\n\x1a\n")),
		bytes.HasPrefix(h, []byte("GIF87a")), bytes.HasPrefix(h, []byte("GIF89a")):
		return true
	case len(h) >= 12 && string(h[:4]) == "RIFF" && string(h[8:12]) == "WEBP":
		return true
	case len(h) >= 12 && string(h[4:8]) == "ftyp":
		brand := string(h[8:12])
		return brand == "heic" || brand == "heix" || brand == "mif1" || brand == "msf1"
	}
	return false
}
