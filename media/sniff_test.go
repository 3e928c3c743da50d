package media

import (
	"bytes"
	"testing"
)

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		want ImageType
		ok   bool
	}{
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, TypeJPEG, true},
		{"jpeg exif", []byte{0xFF, 0xD8, 0xFF, 0xE1}, TypeJPEG, true},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), TypePNG, true},
		{"gif87a", []byte("GIF87a\x01\x00"), TypeGIF, true},
		{"gif89a", []byte("GIF89a\x01\x00"), TypeGIF, true},
		{"webp lossy", []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"), TypeWebP, true},
		{"webp lossless", []byte("RIFF\x24\x00\x00\x00WEBPVP8L\x18\x00\x00\x00"), TypeWebP, true},
		{"webp extended", []byte("RIFF\x24\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00"), TypeWebP, true},
		{"heic iphone", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), TypeHEIC, true},
		{"heic by compatible brand", []byte("\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic"), TypeHEIC, true},
		{"heic fixture", fixture(t, "photo_640x480.heic")[:sniffLen], TypeHEIC, true},
		{"webp fixture", fixture(t, "photo_640x480.webp")[:sniffLen], TypeWebP, true},

		{"empty", nil, "", false},
		{"html", []byte("<!doctype html><html>"), "", false},
		{"pdf", []byte("%PDF-1.4\n"), "", false},
		{"zip", []byte("PK\x03\x04"), "", false},
		{"tiff little-endian", []byte("II*\x00\x08\x00\x00\x00"), "", false},
		{"tiff big-endian", []byte("MM\x00*\x00\x00\x00\x08"), "", false},
		{"bmp", []byte("BM\x36\x00\x00\x00"), "", false},
		{"avif", []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"), "", false},
		{"mp4", []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"), "", false},
		{"riff wave", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), "", false},
		{"jpeg too short", []byte{0xFF, 0xD8}, "", false},
		{"ftyp box too small", []byte("\x00\x00\x00\x08ftypheic\x00\x00\x00\x00"), "", false},
		{"text", bytes.Repeat([]byte("a"), 100), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Sniff(tt.head)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Sniff = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}
