package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// Helpers shared by the photo, EXIF and JPEG tests: images are made in code
// so each test shows what it feeds in; only formats Go cannot write (WebP,
// HEIC, CMYK and progressive JPEG) come from testdata/photo_*.

var (
	red  = color.NRGBA{R: 230, G: 20, B: 20, A: 255}
	blue = color.NRGBA{R: 30, G: 60, B: 200, A: 255}
)

// markedImage is a w×h blue gradient with a red marker in its top-left
// corner (w/10 × h/10), to see where the corner goes after orientation.
func markedImage(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := blue
			c.G = uint8(60 + 80*y/h)
			if x < max(w/10, 8) && y < max(h/10, 8) {
				c = red
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func encodeTestJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeTestPNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeTestGIF(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// byteOrder reads and appends (binary.LittleEndian, binary.BigEndian).
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// exifTIFF is a TIFF-structured EXIF block with Orientation in IFD0 and,
// when gps, a GPS IFD with a latitude: what a phone writes.
func exifTIFF(bo byteOrder, orientation uint16, gps bool) []byte {
	var b []byte
	if bo.String() == binary.BigEndian.String() {
		b = append(b, "MM"...)
	} else {
		b = append(b, "II"...)
	}
	b = bo.AppendUint16(b, 42)
	b = bo.AppendUint32(b, 8)
	entries := uint16(1)
	if gps {
		entries = 2
	}
	b = bo.AppendUint16(b, entries)
	b = bo.AppendUint16(b, tagOrientation)
	b = bo.AppendUint16(b, 3) // SHORT
	b = bo.AppendUint32(b, 1)
	b = bo.AppendUint16(b, orientation)
	b = bo.AppendUint16(b, 0)
	gpsIFD := uint32(8 + 2 + 12*int(entries) + 4)
	if gps {
		b = bo.AppendUint16(b, 0x8825) // GPSInfo IFD pointer
		b = bo.AppendUint16(b, 4)      // LONG
		b = bo.AppendUint32(b, 1)
		b = bo.AppendUint32(b, gpsIFD)
	}
	b = bo.AppendUint32(b, 0) // no next IFD
	if gps {
		b = bo.AppendUint16(b, 2)
		b = bo.AppendUint16(b, 1) // GPSLatitudeRef "N"
		b = bo.AppendUint16(b, 2) // ASCII
		b = bo.AppendUint32(b, 2)
		b = append(b, 'N', 0, 0, 0)
		b = bo.AppendUint16(b, 2) // GPSLatitude, 3 RATIONALs
		b = bo.AppendUint16(b, 5)
		b = bo.AppendUint32(b, 3)
		b = bo.AppendUint32(b, gpsIFD+2+24+4)
		b = bo.AppendUint32(b, 0)
		for _, v := range []uint32{17, 1, 24, 1, 36, 1} {
			b = bo.AppendUint32(b, v)
		}
	}
	return b
}

// withEXIF inserts an Exif APP1 segment right after a JPEG's SOI.
func withEXIF(jpg []byte, tiff []byte) []byte {
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xE1, byte((len(seg)+2)>>8), byte(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// pngChunk is one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

// withPNGChunk inserts a chunk right after a PNG's IHDR.
func withPNGChunk(p []byte, typ string, data []byte) []byte {
	const afterIHDR = 8 + 8 + 13 + 4
	out := append([]byte{}, p[:afterIHDR]...)
	out = append(out, pngChunk(typ, data)...)
	return append(out, p[afterIHDR:]...)
}

// hugePNGHeader is a PNG that claims w×h RGBA pixels but holds only a few
// bytes: the pixel limit must refuse it from the header alone.
func hugePNGHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, pngChunk("IHDR", ihdr)...)
	b = append(b, pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00})...)
	return append(b, pngChunk("IEND", nil)...)
}

// decodeOutput decodes one of our output JPEGs with Go's decoder.
func decodeOutput(t testing.TB, b []byte) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("output is not a JPEG: %v", err)
	}
	return img
}

// assertNoMetadata fails when a JPEG's header segments hold anything but
// JFIF, tables and frame: no APP1..APP15 (EXIF, XMP, ICC, ...), no comment.
func assertNoMetadata(t testing.TB, b []byte) {
	t.Helper()
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		t.Fatal("not a JPEG")
	}
	for i := 2; i+4 <= len(b); {
		m := b[i+1]
		if m == 0xDA {
			return
		}
		if (m >= 0xE1 && m <= 0xEF) || m == 0xFE {
			t.Fatalf("output has metadata segment 0x%X", m)
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	t.Fatal("no scan found")
}

// fileErrorOf returns err's *FileError or fails.
func fileErrorOf(t testing.TB, err error, key string) *FileError {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a FileError %s", err, key)
	}
	if fe.Key != key {
		t.Fatalf("key = %s (%v), want %s", fe.Key, err, key)
	}
	return fe
}

func isRed(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r>>8 > 180 && g>>8 < 90 && b>>8 < 90
}

func isWhite(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r>>8 > 245 && g>>8 > 245 && b>>8 > 245
}

func isBlue(c color.Color) bool {
	r, _, b, _ := c.RGBA()
	return b>>8 > 120 && r>>8 < 120
}
