package media

import (
	"encoding/binary"
	"testing"

	"newsroom/bench/fuzz/tally"
)

func TestExifOrientation(t *testing.T) {
	jpg := encodeTestJPEG(t, markedImage(32, 24))
	pngData := encodeTestPNG(t, markedImage(32, 24))
	webpWith := func(chunk string, payload []byte) []byte {
		b := []byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x08\x00\x00\x00\x1f\x00\x00\x17\x00\x00")
		b = append(b, chunk...)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(payload)))
		b = append(b, payload...)
		if len(payload)%2 == 1 {
			b = append(b, 0)
		}
		return b
	}
	le6 := exifTIFF(binary.LittleEndian, 6, true)
	be8 := exifTIFF(binary.BigEndian, 8, false)
	bad := func(mod func(b []byte)) []byte {
		b := append([]byte{}, le6...)
		mod(b)
		return b
	}
	tests := []struct {
		name string
		typ  ImageType
		data []byte
		want int
	}{
		{"jpeg without exif", TypeJPEG, jpg, 1},
		{"jpeg little-endian 6 with gps", TypeJPEG, withEXIF(jpg, le6), 6},
		{"jpeg big-endian 8", TypeJPEG, withEXIF(jpg, be8), 8},
		{"jpeg each value", TypeJPEG, withEXIF(jpg, exifTIFF(binary.LittleEndian, 3, false)), 3},
		{"jpeg value 0", TypeJPEG, withEXIF(jpg, exifTIFF(binary.LittleEndian, 0, false)), 1},
		{"jpeg value 9", TypeJPEG, withEXIF(jpg, exifTIFF(binary.BigEndian, 9, false)), 1},
		{"jpeg exif after scan ignored", TypeJPEG, append(jpg, withEXIF([]byte{0xFF, 0xD8}, le6)...), 1},
		{"jpeg wrong tiff magic", TypeJPEG, withEXIF(jpg, bad(func(b []byte) { b[2] = 43 })), 1},
		{"jpeg ifd offset outside", TypeJPEG, withEXIF(jpg, bad(func(b []byte) { b[4] = 0xF0 })), 1},
		{"jpeg entry count past the end, tag first", TypeJPEG, withEXIF(jpg, bad(func(b []byte) { b[8], b[9] = 0xFF, 0xFF })), 6},
		{"jpeg no entries", TypeJPEG, withEXIF(jpg, bad(func(b []byte) { b[8] = 0 })), 1},
		{"jpeg tag not found before the end", TypeJPEG, withEXIF(jpg, bad(func(b []byte) { b[8], b[10] = 0xFF, 0x13 })), 1},
		{"jpeg orientation as LONG", TypeJPEG, withEXIF(jpg, bad(func(b []byte) { b[12] = 4 })), 1},
		{"jpeg segment length past end", TypeJPEG, []byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E'}, 1},
		{"png eXIf", TypePNG, withPNGChunk(pngData, "eXIf", le6), 6},
		{"png without", TypePNG, pngData, 1},
		{"webp EXIF", TypeWebP, webpWith("EXIF", be8), 8},
		{"webp EXIF with jpeg prefix", TypeWebP, webpWith("EXIF", append([]byte("Exif\x00\x00"), le6...)), 6},
		{"webp odd chunk before", TypeWebP, append(webpWith("ICCP", []byte{1, 2, 3}), webpWith("EXIF", le6)[12:]...), 6},
		{"gif has none", TypeGIF, withEXIF(jpg, le6), 1},
		{"truncated tiff", TypeJPEG, withEXIF(jpg, le6[:15]), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exifOrientation(tt.typ, tt.data); got != tt.want {
				t.Errorf("orientation = %d, want %d", got, tt.want)
			}
		})
	}
}

func FuzzExifOrientation(f *testing.F) {
	jpg := encodeTestJPEG(f, markedImage(16, 16))
	f.Add(withEXIF(jpg, exifTIFF(binary.LittleEndian, 6, true)))
	f.Add(withEXIF(jpg, exifTIFF(binary.BigEndian, 8, false)))
	f.Add(exifTIFF(binary.BigEndian, 3, true))
	f.Add(withPNGChunk(encodeTestPNG(f, markedImage(8, 8)), "eXIf", exifTIFF(binary.LittleEndian, 5, false)))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPEXIF\x08\x00\x00\x00II*\x00\x08\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tally.Count()
		for _, typ := range []ImageType{TypeJPEG, TypePNG, TypeWebP, TypeGIF, TypeHEIC} {
			if o := exifOrientation(typ, data); o < 1 || o > 8 {
				t.Fatalf("%s: orientation %d", typ, o)
			}
		}
		if o := tiffOrientation(data); o < 1 || o > 8 {
			t.Fatalf("tiff: orientation %d", o)
		}
	})
}
