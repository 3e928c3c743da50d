//go:build cgo

package media

import (
	"bytes"
	"image"
	"math/rand/v2"
	"testing"
)

func TestDecodeJPEGScales(t *testing.T) {
	src := encodeTestJPEG(t, markedImage(1601, 1201))
	w, h, err := jpegConfig(src)
	if err != nil || w != 1601 || h != 1201 {
		t.Fatalf("config = %dx%d, %v", w, h, err)
	}
	for n := 1; n <= 8; n++ {
		t.Run(string(rune('0'+n))+"/8", func(t *testing.T) {
			img, err := decodeJPEG(src, w, h, n, 0)
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			if b.Dx() != scaledSize(w, n) || b.Dy() != scaledSize(h, n) {
				t.Fatalf("size %v, want %dx%d", b, scaledSize(w, n), scaledSize(h, n))
			}
			if c := img.At(2, 2); !isRed(c) {
				t.Errorf("top-left = %v, want red", c)
			}
			if c := img.At(b.Dx()-3, b.Dy()-3); !isBlue(c) {
				t.Errorf("bottom-right = %v, want blue", c)
			}
			for i := 3; i < len(img.Pix); i += 4 {
				if img.Pix[i] != 0xFF {
					t.Fatal("decoded JPEG is not opaque")
				}
			}
		})
	}
}

func TestDecodeJPEGDamaged(t *testing.T) {
	src := encodeTestJPEG(t, markedImage(320, 240))
	w, h, err := jpegConfig(src)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("truncated at every length", func(t *testing.T) {
		for n := 3; n < len(src)-2; n += 97 {
			cut := src[:n]
			if _, _, err := jpegConfig(cut); err != nil {
				fileErrorOf(t, err, "media.corrupt")
				continue
			}
			_, err := decodeJPEG(cut, w, h, 2, 0)
			fileErrorOf(t, err, "media.corrupt")
		}
	})
	t.Run("flipped bytes never crash", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for range 200 {
			b := append([]byte{}, src...)
			for range 1 + rng.IntN(8) {
				b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
			}
			cw, ch, err := jpegConfig(b)
			if err != nil || cw*ch > 4_000_000 {
				continue
			}
			if img, err := decodeJPEG(b, cw, ch, 1+rng.IntN(8), 0); err == nil && img.Bounds().Empty() {
				t.Fatal("no error and no pixels")
			}
		}
	})
}

func TestEncodeJPEG(t *testing.T) {
	big := markedImage(400, 300)
	// A sub-image with an offset and a stride wider than its rows.
	sub := big.SubImage(image.Rect(0, 0, 333, 222)).(*image.NRGBA)
	out, err := encodeJPEG(sub, 90)
	if err != nil {
		t.Fatal(err)
	}
	assertNoMetadata(t, out)
	img := decodeOutput(t, out)
	if b := img.Bounds(); b.Dx() != 333 || b.Dy() != 222 {
		t.Fatalf("size %v", b)
	}
	if !isRed(img.At(3, 3)) || !isBlue(img.At(300, 200)) {
		t.Errorf("colours moved: %v %v", img.At(3, 3), img.At(300, 200))
	}
	if _, err := encodeJPEG(image.NewNRGBA(image.Rect(0, 0, 0, 0)), 90); err == nil {
		t.Error("empty image encoded")
	}
	if bytes.Equal(out[:4], []byte{0xFF, 0xD8, 0xFF, 0xE1}) {
		t.Error("starts with APP1")
	}
}
