package media

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

func TestDownscale(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 400, 300))
	for y := range 300 {
		for x := range 400 {
			src.Set(x, y, color.NRGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	full, err := encodeJPEG(src, thumbQuality)
	if err != nil {
		t.Fatal(err)
	}
	narrow, err := encodeJPEG(image.NewNRGBA(image.Rect(0, 0, 150, 100)), thumbQuality)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		data       []byte
		w          int
		wantW      int
		wantH      int
		wantErr    bool
		unchanged  bool
		smallerThn int
	}{
		{"thumbnail to 200", full, 200, 200, 150, false, false, len(full)},
		{"narrower source kept", narrow, 200, 150, 100, false, true, 0},
		{"width not offered", full, 300, 0, 0, true, false, 0},
		{"zero width", full, 0, 0, 0, true, false, 0},
		{"not a JPEG", []byte("<svg/>"), 200, 0, 0, true, false, 0},
		{"empty", nil, 200, 0, 0, true, false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Downscale(tc.data, tc.w)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("Downscale accepted it (%d bytes)", len(out))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(out))
			if err != nil || cfg.Width != tc.wantW || cfg.Height != tc.wantH {
				t.Fatalf("got %dx%d (%v), want %dx%d", cfg.Width, cfg.Height, err, tc.wantW, tc.wantH)
			}
			if tc.unchanged && !bytes.Equal(out, tc.data) {
				t.Error("a source narrower than the width was re-encoded")
			}
			if tc.smallerThn > 0 && len(out) >= tc.smallerThn {
				t.Errorf("the %d-wide copy is %d bytes, not smaller than the source's %d", tc.w, len(out), tc.smallerThn)
			}
		})
	}
}
