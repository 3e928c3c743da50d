package media

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"image/jpeg"
	"path"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"newsroom/bench/fuzz/tally"
)

// One fuzz target per image decoder. Each feeds ProcessPhoto and
// ProcessBanner (the public entry points an upload reaches) with inputs that
// Sniff as its own format, so the fuzzer's time goes to that decoder, and
// checks what a visitor relies on: no panic, every refusal is a *FileError
// or a media: error, and every accepted image comes out as JPEGs of the
// promised sizes without any metadata segment (EXIF, GPS, XMP, ICC).

// decodeFuzzLimits keep each input fast: a few bytes may claim a big image.
var decodeFuzzLimits = PhotoLimits{MaxBytes: 256 << 10, MaxPixels: 1_000_000}

func fuzzDecoder(f *testing.F, typ ImageType, seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tally.Count()
		if got, ok := Sniff(data[:min(len(data), sniffLen)]); !ok || got != typ {
			return // another target's format
		}
		p, err := ProcessPhoto(bytes.NewReader(data), decodeFuzzLimits)
		if err != nil {
			checkDecodeErr(t, err)
		} else {
			if p.Source != typ {
				t.Fatalf("source %q, sniffed %q", p.Source, typ)
			}
			if p.Width < 1 || p.Width > FullMaxWidth || p.Height < 1 || p.Height > FullMaxHeight {
				t.Fatalf("full %dx%d", p.Width, p.Height)
			}
			if p.ThumbWidth < 1 || p.ThumbWidth > ThumbWidth || p.ThumbHeight < 1 || p.ThumbHeight > ThumbHeight {
				t.Fatalf("thumb %dx%d", p.ThumbWidth, p.ThumbHeight)
			}
			checkOutputJPEG(t, p.Full, p.Width, p.Height)
			checkOutputJPEG(t, p.Thumb, p.ThumbWidth, p.ThumbHeight)
		}
		// A banner of a small size, so that fuzzed images can reach the crop.
		img, sw, sh, err := ProcessBanner(bytes.NewReader(data), decodeFuzzLimits, 20, 6)
		if err != nil {
			checkDecodeErr(t, err)
			return
		}
		if sw < 20 || sh < 6 {
			t.Fatalf("banner accepted from %dx%d", sw, sh)
		}
		checkOutputJPEG(t, img, 20, 6)
	})
}

func checkDecodeErr(t *testing.T, err error) {
	t.Helper()
	if !errors.As(err, new(*FileError)) && !strings.Contains(err.Error(), "media:") {
		t.Fatalf("unexpected error kind: %v", err)
	}
}

// checkOutputJPEG: b is a baseline JPEG of w×h with no metadata segment.
func checkOutputJPEG(t *testing.T, b []byte, w, h int) {
	t.Helper()
	assertNoMetadata(t, b)
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("output is not a JPEG: %v", err)
	}
	if cfg.Width != w || cfg.Height != h {
		t.Fatalf("output %dx%d, reported %dx%d", cfg.Width, cfg.Height, w, h)
	}
}

// FuzzDecodeJPEG exercises the libjpeg-turbo binding (cgo) or its pure Go
// stand-in, with the EXIF orientation step in front of it.
func FuzzDecodeJPEG(f *testing.F) {
	jpg := encodeTestJPEG(f, markedImage(64, 48))
	fuzzDecoder(f, TypeJPEG,
		jpg,
		jpg[:len(jpg)/2],
		withEXIF(jpg, exifTIFF(binary.BigEndian, 6, true)),
		withEXIF(jpg, exifTIFF(binary.LittleEndian, 8, false)),
		fixture(f, "photo_cmyk.jpg"),
		fixture(f, "photo_progressive.jpg"),
		[]byte("\xff\xd8\xff\xc0\x00\x11\x08\xff\xff\xff\xff\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xd9"),
	)
}

func FuzzDecodePNG(f *testing.F) {
	png := encodeTestPNG(f, markedImage(40, 30))
	fuzzDecoder(f, TypePNG,
		png,
		png[:len(png)-12],
		withPNGChunk(png, "eXIf", exifTIFF(binary.LittleEndian, 6, true)),
		hugePNGHeader(3000, 3000),
		hugePNGHeader(1, 1),
	)
}

func FuzzDecodeGIF(f *testing.F) {
	gif := encodeTestGIF(f, markedImage(40, 30))
	fuzzDecoder(f, TypeGIF,
		gif,
		gif[:len(gif)/2],
		// A logical screen larger than its only frame.
		append([]byte("GIF89a\x20\x00\x20\x00\x00\x00\x00"), gif[13:]...),
	)
}

func FuzzDecodeWebP(f *testing.F) {
	fuzzDecoder(f, TypeWebP,
		fixture(f, "photo_640x480.webp"),
		fixture(f, "photo_alpha.webp"),
		[]byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x08\x00\x00\x00\xff\xff\x00\xff\xff\x00EXIF\x08\x00\x00\x00II*\x00\x08\x00\x00\x00"),
	)
}

// FuzzDecodeHEIC runs the WASM HEIC decoder; inputs stay small because each
// call costs a module instance.
func FuzzDecodeHEIC(f *testing.F) {
	heic := fixture(f, "photo_640x480.heic")
	f.Add(heic)
	f.Add(heic[:len(heic)/2])
	f.Add(heifFile(64, 48, 1, 0, 0))
	f.Add(heifFile(4032, 3024, 0, 1, 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		tally.Count()
		if len(data) > 8<<10 {
			return
		}
		if got, ok := Sniff(data[:min(len(data), sniffLen)]); !ok || got != TypeHEIC {
			return
		}
		p, err := ProcessPhoto(bytes.NewReader(data), decodeFuzzLimits)
		if err != nil {
			checkDecodeErr(t, err)
			return
		}
		if p.Source != TypeHEIC {
			t.Fatalf("source %q", p.Source)
		}
		checkOutputJPEG(t, p.Full, p.Width, p.Height)
		checkOutputJPEG(t, p.Thumb, p.ThumbWidth, p.ThumbHeight)
	})
}

// FuzzExifSegments: the EXIF locators of each container return either
// nothing or a part of the input (never a copy reaching past it), and the
// orientation read from any of them is 1–8, whatever the bytes.
func FuzzExifSegments(f *testing.F) {
	jpg := encodeTestJPEG(f, markedImage(16, 16))
	f.Add(withEXIF(jpg, exifTIFF(binary.LittleEndian, 6, true)))
	f.Add(withPNGChunk(encodeTestPNG(f, markedImage(8, 8)), "eXIf", exifTIFF(binary.BigEndian, 7, true)))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00EXIF\x08\x00\x00\x00II*\x00\x08\x00\x00\x00"))
	f.Add([]byte("\xff\xd8\xff\xff\xff\xe1\x00\x02\xff\xe1\xff\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tally.Count()
		for name, find := range map[string]func([]byte) []byte{"jpeg": jpegEXIF, "png": pngEXIF, "webp": webpEXIF} {
			seg := find(data)
			if len(seg) == 0 {
				continue
			}
			if !within(data, seg) {
				t.Fatalf("%s: EXIF block is not inside the input", name)
			}
			if o := tiffOrientation(seg); o < 1 || o > 8 {
				t.Fatalf("%s: orientation %d", name, o)
			}
		}
	})
}

// within reports whether sub is a subslice of b's memory.
func within(b, sub []byte) bool {
	if len(sub) == 0 {
		return true
	}
	if len(b) == 0 {
		return false
	}
	bs := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	ss := uintptr(unsafe.Pointer(unsafe.SliceData(sub)))
	return ss >= bs && ss+uintptr(len(sub)) <= bs+uintptr(len(b))
}

// FuzzZipEntryName: whatever a ZIP entry's raw name, flags and extra field
// say, the path kept is valid UTF-8, relative, without "." or ".."
// components, backslashes or control characters, never one of the names
// ignored on purpose (dotfiles, __MACOSX, Thumbs.db), and cleaning it again
// gives it back unchanged.
func FuzzZipEntryName(f *testing.F) {
	f.Add("ภาพ/รูป 1.jpg", []byte{}, false)
	f.Add(`C:\Users\pr\..\..\x.jpg`, []byte{}, false)
	f.Add("a/./b/../../../etc/passwd", []byte{}, true)
	f.Add("__MACOSX/._a.jpg", []byte{}, false)
	f.Add("\xc0\xd2\xbe 1.jpg", []byte{}, false) // "ภาพ 1.jpg" in Windows-874
	f.Add("u.jpg", zipTUnicodeExtra("u.jpg", "ภาพ.jpg"), false)
	f.Add("u.jpg", zipTUnicodeExtra("other.jpg", "../ภาพ.jpg"), false)
	f.Add("dir/Thumbs.db", []byte{}, false)
	f.Add("a\x00b/\x7f.jpg", []byte{}, true)
	f.Fuzz(func(t *testing.T, name string, extra []byte, utf8Flag bool) {
		tally.Count()
		fh := zip.FileHeader{Name: name, Extra: extra}
		if utf8Flag {
			fh.Flags |= zipFlagUTF8
		}
		p, ok := zipEntryPath(&zip.File{FileHeader: fh})
		if !ok {
			if p != "" {
				t.Fatalf("ignored entry %q has path %q", name, p)
			}
			return
		}
		if !utf8.ValidString(p) || p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, `\`) {
			t.Fatalf("%q → %q", name, p)
		}
		for _, c := range strings.Split(p, "/") {
			if c == "" || c == "." || c == ".." || strings.HasPrefix(c, ".") || strings.EqualFold(c, "__MACOSX") {
				t.Fatalf("%q → %q: component %q", name, p, c)
			}
		}
		if strings.IndexFunc(p, unicode.IsControl) >= 0 {
			t.Fatalf("%q → %q: control character", name, p)
		}
		switch strings.ToLower(path.Base(p)) {
		case "thumbs.db", "ehthumbs.db", "desktop.ini":
			t.Fatalf("%q → %q: an ignored name", name, p)
		}
		if again, ok := zipCleanPath(p); !ok || again != p {
			t.Fatalf("%q → %q, cleaned again → %q, %v", name, p, again, ok)
		}
	})
}
