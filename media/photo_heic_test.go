package media

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// bmffBox is one ISO-BMFF box around body.
func bmffBox(typ string, body ...[]byte) []byte {
	n := 8
	for _, b := range body {
		n += len(b)
	}
	out := binary.BigEndian.AppendUint32(nil, uint32(n))
	out = append(out, typ...)
	for _, b := range body {
		out = append(out, b...)
	}
	return out
}

// heifFile is a minimal HEIF header: item 1 primary, with an ispe of w×h
// and, when rot is not 0, an irot; the ipma written in its version 0 or 1
// and narrow or wide form.
func heifFile(w, h uint32, rot byte, version, flags byte) []byte {
	fullBox := []byte{version, 0, 0, flags}
	ispe := bmffBox("ispe", []byte{0, 0, 0, 0}, binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, w), h))
	props := [][]byte{bmffBox("hvcC", []byte{1, 2, 3}), ispe}
	assoc := []int{1, 2}
	if rot != 0 {
		props = append(props, bmffBox("irot", []byte{rot}))
		assoc = append(assoc, 3)
	}
	ipma := append([]byte{}, fullBox...)
	ipma = binary.BigEndian.AppendUint32(ipma, 2)
	for _, item := range []uint32{2, 1} { // another item first, as with thumbnails
		if version == 0 {
			ipma = binary.BigEndian.AppendUint16(ipma, uint16(item))
		} else {
			ipma = binary.BigEndian.AppendUint32(ipma, item)
		}
		ipma = append(ipma, byte(len(assoc)))
		for _, a := range assoc {
			if flags&1 == 1 {
				ipma = binary.BigEndian.AppendUint16(ipma, uint16(a)|0x8000)
			} else {
				ipma = append(ipma, byte(a)|0x80)
			}
		}
	}
	meta := bmffBox("meta", []byte{0, 0, 0, 0},
		bmffBox("pitm", []byte{0, 0, 0, 0, 0, 1}),
		bmffBox("iprp", bmffBox("ipco", props...), bmffBox("ipma", ipma)))
	ftyp := bmffBox("ftyp", []byte("heic\x00\x00\x00\x00mif1heic"))
	mdat := binary.BigEndian.AppendUint32(nil, 1<<20) // claims 1 MB, holds 4 bytes
	mdat = append(mdat, "mdat\x00\x00\x00\x00"...)
	return append(append(ftyp, meta...), mdat...)
}

func TestHEICConfig(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		w, h int
		ok   bool
	}{
		{"fixture", fixture(t, "photo_640x480.heic"), 640, 480, true},
		{"ipma v0 narrow", heifFile(4032, 3024, 0, 0, 0), 4032, 3024, true},
		{"ipma v1 wide", heifFile(4032, 3024, 0, 1, 1), 4032, 3024, true},
		{"irot 90", heifFile(4032, 3024, 1, 0, 0), 3024, 4032, true},
		{"irot 180", heifFile(4032, 3024, 2, 0, 1), 4032, 3024, true},
		{"irot 270", heifFile(4032, 3024, 3, 1, 0), 3024, 4032, true},
		{"huge claimed", heifFile(20000, 20000, 0, 0, 0), 20000, 20000, true},
		{"zero size", heifFile(0, 3024, 0, 0, 0), 0, 0, false},
		{"no meta", bmffBox("ftyp", []byte("heic\x00\x00\x00\x00")), 0, 0, false},
		{"cut in meta", heifFile(4032, 3024, 0, 0, 0)[:60], 0, 0, false},
		{"empty", nil, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := heicConfig(tt.data)
			if (err == nil) != tt.ok || cfg.Width != tt.w || cfg.Height != tt.h {
				t.Errorf("heicConfig = %dx%d, %v; want %dx%d, ok %v", cfg.Width, cfg.Height, err, tt.w, tt.h, tt.ok)
			}
		})
	}

	t.Run("pixel limit from the header", func(t *testing.T) {
		_, err := ProcessPhoto(bytes.NewReader(heifFile(20000, 20000, 0, 0, 0)), DefaultPhotoLimits)
		fe := fileErrorOf(t, err, "media.too_many_pixels")
		if fe.Args[0] != 20000 || fe.Args[2] != 400.0 {
			t.Errorf("args = %v", fe.Args)
		}
	})
}

func FuzzHEICConfig(f *testing.F) {
	f.Add(heifFile(4032, 3024, 1, 0, 0))
	f.Add(heifFile(640, 480, 0, 1, 1))
	f.Add(fixture(f, "photo_640x480.heic"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := heicConfig(data)
		if err == nil && (cfg.Width <= 0 || cfg.Height <= 0) {
			t.Fatalf("no error and size %dx%d", cfg.Width, cfg.Height)
		}
	})
}

// The WASM memory of a HEIC decode is capped at its reservation: a decode
// that needs more fails inside the sandbox instead of growing the process.
func TestHEICDecodeMemoryCap(t *testing.T) {
	data := fixture(t, "photo_640x480.heic")
	if _, err := heicDecode(data, 1<<20); err == nil {
		t.Errorf("decoded within 1 MB of WASM memory")
	}
	img, err := heicDecode(data, 640*480*heicPerPixel+heicFixedCompiled)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != 640 || img.Bounds().Dy() != 480 {
		t.Errorf("bounds %v", img.Bounds())
	}
}

func TestHEICDepthAlpha(t *testing.T) {
	plain := fixture(t, "photo_640x480.heic") // 10 bits per sample, no alpha
	if deep, alpha := heicDepthAlpha(plain); !deep || alpha {
		t.Errorf("10-bit photo: deep %v alpha %v", deep, alpha)
	}
	pixi := func(bits ...byte) []byte { return append([]byte{0, 0, 0, 0, byte(len(bits))}, bits...) }
	for _, tt := range []struct {
		bits []byte
		deep bool
	}{{[]byte{8, 8, 8}, false}, {[]byte{10, 10, 10}, true}, {[]byte{12}, true}, {nil, false}} {
		if deep, _ := heicDepthAlpha(heifFileWithProps(t, bmffBox("pixi", pixi(tt.bits...)))); deep != tt.deep {
			t.Errorf("pixi %v: deep %v, want %v", tt.bits, deep, tt.deep)
		}
	}
	if _, alpha := heicDepthAlpha(heifFileWithProps(t, bmffBox("auxC", []byte("\x00\x00\x00\x00urn:mpeg:hevc:2015:auxid:1\x00")))); alpha {
		t.Errorf("depth map taken for alpha")
	}
	if _, alpha := heicDepthAlpha(heifFileWithProps(t, bmffBox("auxC", []byte("\x00\x00\x00\x00urn:mpeg:mpegB:cicp:systems:auxiliary:alpha\x00")))); !alpha {
		t.Errorf("alpha not seen")
	}
}

// heifFileWithProps is a minimal HEIF header whose primary item 1 has an
// ispe of 64×48 and the extra property.
func heifFileWithProps(t *testing.T, extra []byte) []byte {
	t.Helper()
	ispe := bmffBox("ispe", []byte{0, 0, 0, 0}, binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, 64), 48))
	ipma := []byte{0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 3, 0x81, 0x82, 0x83}
	meta := bmffBox("meta", []byte{0, 0, 0, 0},
		bmffBox("pitm", []byte{0, 0, 0, 0, 0, 1}),
		bmffBox("iprp", bmffBox("ipco", bmffBox("hvcC", []byte{1}), ispe, extra), bmffBox("ipma", ipma)))
	out := append(bmffBox("ftyp", []byte("heic\x00\x00\x00\x00mif1heic")), meta...)
	if _, err := heicConfig(out); err != nil {
		t.Fatalf("test file: %v", err)
	}
	return out
}
