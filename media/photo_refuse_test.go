package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"runtime"
	"testing"

	"newsroom"
)

func TestProcessPhotoRefused(t *testing.T) {
	jpg := encodeTestJPEG(t, markedImage(640, 480))
	tests := []struct {
		name string
		data []byte
		key  string
	}{
		{"empty", nil, "media.empty"},
		{"html named .jpg", []byte("<!DOCTYPE html><html><body>not a photo</body></html>"), "media.not_image"},
		{"pdf", []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"), "media.not_image"},
		{"tiff", []byte("II*\x00\x08\x00\x00\x00\x00\x00"), "media.not_image"},
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), "media.not_image"},
		{"avif", []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"), "media.not_image"},
		{"jpeg truncated in the scan", jpg[:len(jpg)/2], "media.corrupt"},
		{"jpeg truncated in the header", jpg[:40], "media.corrupt"},
		{"jpeg magic then garbage", append([]byte{0xFF, 0xD8, 0xFF}, bytes.Repeat([]byte{0x42}, 500)...), "media.corrupt"},
		{"png truncated", encodeTestPNG(t, markedImage(640, 480))[:300], "media.corrupt"},
		{"gif truncated", encodeTestGIF(t, markedImage(64, 48))[:40], "media.corrupt"},
		{"webp truncated", fixture(t, "photo_640x480.webp")[:100], "media.corrupt"},
		{"heic truncated", fixture(t, "photo_640x480.heic")[:600], "media.corrupt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ProcessPhoto(bytes.NewReader(tt.data), DefaultPhotoLimits)
			fileErrorOf(t, err, tt.key)
			if !errors.Is(err, newsroom.ErrInvalid) {
				t.Errorf("%v does not match newsroom.ErrInvalid", err)
			}
		})
	}
}

func TestProcessPhotoTooManyPixels(t *testing.T) {
	data := hugePNGHeader(20000, 20000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ProcessPhoto(bytes.NewReader(data), DefaultPhotoLimits)
	runtime.ReadMemStats(&after)
	fe := fileErrorOf(t, err, "media.too_many_pixels")
	want := []any{20000, 20000, 400.0, 50.0}
	if len(fe.Args) != len(want) {
		t.Fatalf("args = %v, want %v", fe.Args, want)
	}
	for i := range want {
		if fe.Args[i] != want[i] {
			t.Errorf("args = %v, want %v", fe.Args, want)
		}
	}
	// Decoding would allocate 1.6 GB; refusing from the header, almost nothing.
	if d := after.TotalAlloc - before.TotalAlloc; d > 16<<20 {
		t.Errorf("refusing allocated %d MB", d>>20)
	}

	t.Run("jpeg and custom limit", func(t *testing.T) {
		_, err := ProcessPhoto(bytes.NewReader(encodeTestJPEG(t, markedImage(1000, 800))), PhotoLimits{MaxPixels: 500_000})
		fe := fileErrorOf(t, err, "media.too_many_pixels")
		if fe.Args[0] != 1000 || fe.Args[1] != 800 || fe.Args[2] != 0.8 || fe.Args[3] != 0.5 {
			t.Errorf("args = %v", fe.Args)
		}
	})
}

func TestProcessPhotoTooLarge(t *testing.T) {
	data := append(encodeTestJPEG(t, markedImage(64, 48)), make([]byte, 3<<19)...) // 1.5 MB
	lim := PhotoLimits{MaxBytes: 1 << 20}
	tests := []struct {
		name string
		r    io.Reader
	}{
		{"size known", bytes.NewReader(data)},
		{"size found by reading", io.MultiReader(bytes.NewReader(data))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ProcessPhoto(tt.r, lim)
			fe := fileErrorOf(t, err, "media.too_large")
			if len(fe.Args) != 2 || fe.Args[0] != 1.5 || fe.Args[1] != 1.0 {
				t.Errorf("args = %v, want [1.5 1]", fe.Args)
			}
		})
	}
	if _, err := ProcessPhoto(bytes.NewReader(data[:1<<20]), lim); err != nil {
		t.Errorf("a file of exactly the limit: %v", err)
	}
}

func TestProcessBanner(t *testing.T) {
	tests := []struct {
		name       string
		data       []byte
		srcW, srcH int
		tooSmall   bool
	}{
		{"2000x600 scaled", encodeTestJPEG(t, markedImage(2000, 600)), 2000, 600, false},
		{"exact 1000x300", encodeTestPNG(t, markedImage(1000, 300)), 1000, 300, false},
		{"square centre-cropped", encodeTestJPEG(t, markedImage(1500, 1500)), 1500, 1500, false},
		{"rotated by exif", withEXIF(encodeTestJPEG(t, markedImage(700, 1200)), exifTIFF(binary.LittleEndian, 6, false)), 1200, 700, false},
		{"999x300", encodeTestJPEG(t, markedImage(999, 300)), 999, 300, true},
		{"1000x299", encodeTestPNG(t, markedImage(1000, 299)), 1000, 299, true},
		{"portrait taller but too narrow", encodeTestJPEG(t, markedImage(800, 3000)), 800, 3000, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, sw, sh, err := ProcessBanner(bytes.NewReader(tt.data), DefaultPhotoLimits, 1000, 300)
			if tt.tooSmall {
				fe := fileErrorOf(t, err, "media.banner_too_small")
				want := []any{tt.srcW, tt.srcH, 1000, 300}
				for i := range want {
					if i >= len(fe.Args) || fe.Args[i] != want[i] {
						t.Fatalf("args = %v, want %v", fe.Args, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sw != tt.srcW || sh != tt.srcH {
				t.Errorf("source %dx%d, want %dx%d", sw, sh, tt.srcW, tt.srcH)
			}
			out := decodeOutput(t, img)
			if b := out.Bounds(); b.Dx() != 1000 || b.Dy() != 300 {
				t.Errorf("banner = %v, want exactly 1000x300", b)
			}
			assertNoMetadata(t, img)
		})
	}
}
