package media

import "bytes"

// ImageType names an image format recognised by its content.
type ImageType string

// The image formats uploads may be in.
const (
	TypeJPEG ImageType = "jpeg"
	TypePNG  ImageType = "png"
	TypeGIF  ImageType = "gif"
	TypeWebP ImageType = "webp"
	TypeHEIC ImageType = "heic"
)

// sniffLen is how many leading bytes Sniff needs at most: an ISO-BMFF ftyp
// box with a few compatible brands (HEIC) is the longest signature.
const sniffLen = 64

// Sniff recognises an image by its first bytes (magic numbers), never by its
// name. It reports ok=false for anything else: HTML, PDF, ZIP, TIFF, BMP,
// AVIF, ... TIFF is refused on purpose: its decoder has a history of CVEs.
func Sniff(head []byte) (ImageType, bool) {
	switch {
	case len(head) >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF:
		return TypeJPEG, true
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return TypePNG, true
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return TypeGIF, true
	case len(head) >= 16 && string(head[0:4]) == "RIFF" && string(head[8:12]) == "WEBP" &&
		(string(head[12:16]) == "VP8 " || string(head[12:16]) == "VP8L" || string(head[12:16]) == "VP8X"):
		return TypeWebP, true
	case isHEIC(head):
		return TypeHEIC, true
	}
	return "", false
}

// heicBrands are the ISO-BMFF brands of HEVC-coded HEIF (what iPhones write).
// "mif1"/"msf1" alone are not enough: AVIF uses them too.
var heicBrands = map[string]bool{
	"heic": true, "heix": true, "heim": true, "heis": true, "hevc": true, "hevx": true,
}

// isHEIC reads the leading ftyp box: size, "ftyp", major brand, minor
// version, then compatible brands; any HEVC brand among them makes it HEIC.
func isHEIC(head []byte) bool {
	if len(head) < 16 || string(head[4:8]) != "ftyp" {
		return false
	}
	size := int(head[0])<<24 | int(head[1])<<16 | int(head[2])<<8 | int(head[3])
	if size < 16 || size%4 != 0 {
		return false
	}
	end := min(size, len(head))
	if heicBrands[string(head[8:12])] {
		return true
	}
	for i := 16; i+4 <= end; i += 4 {
		if heicBrands[string(head[i:i+4])] {
			return true
		}
	}
	return false
}
