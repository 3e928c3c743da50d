package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"runtime"
	"sync"
	"testing"

	"github.com/disintegration/imaging"
)

func TestProcessPhotoFormats(t *testing.T) {
	tests := []struct {
		name         string
		data         func(t *testing.T) []byte
		typ          ImageType
		srcW, srcH   int
		fullW, fullH int
		thW, thH     int
		marker       bool // red top-left corner to look for
	}{
		{"jpeg 4:3 shrunk", func(t *testing.T) []byte { return encodeTestJPEG(t, markedImage(1600, 1200)) },
			TypeJPEG, 1600, 1200, 800, 600, 400, 300, true},
		{"jpeg 640x480 not upscaled", func(t *testing.T) []byte { return encodeTestJPEG(t, markedImage(640, 480)) },
			TypeJPEG, 640, 480, 640, 480, 400, 300, true},
		{"jpeg portrait", func(t *testing.T) []byte { return encodeTestJPEG(t, markedImage(1200, 1600)) },
			TypeJPEG, 1200, 1600, 450, 600, 400, 300, true},
		{"jpeg panorama", func(t *testing.T) []byte { return encodeTestJPEG(t, markedImage(2000, 500)) },
			TypeJPEG, 2000, 500, 800, 200, 400, 300, true},
		{"jpeg odd size", func(t *testing.T) []byte { return encodeTestJPEG(t, markedImage(1601, 1201)) },
			TypeJPEG, 1601, 1201, 800, 600, 400, 300, true},
		{"jpeg smaller than thumb", func(t *testing.T) []byte { return encodeTestJPEG(t, markedImage(300, 200)) },
			TypeJPEG, 300, 200, 300, 200, 267, 200, true},
		{"jpeg greyscale", func(t *testing.T) []byte {
			g := image.NewGray(image.Rect(0, 0, 1024, 768))
			for i := range g.Pix {
				g.Pix[i] = uint8(i)
			}
			return encodeTestJPEG(t, g)
		}, TypeJPEG, 1024, 768, 800, 600, 400, 300, false},
		{"jpeg progressive", func(t *testing.T) []byte { return fixture(t, "photo_progressive.jpg") },
			TypeJPEG, 640, 480, 640, 480, 400, 300, true},
		{"jpeg cmyk", func(t *testing.T) []byte { return fixture(t, "photo_cmyk.jpg") },
			TypeJPEG, 160, 120, 160, 120, 160, 120, true},
		{"png", func(t *testing.T) []byte { return encodeTestPNG(t, markedImage(1024, 768)) },
			TypePNG, 1024, 768, 800, 600, 400, 300, true},
		{"gif", func(t *testing.T) []byte { return encodeTestGIF(t, markedImage(640, 480)) },
			TypeGIF, 640, 480, 640, 480, 400, 300, true},
		{"webp", func(t *testing.T) []byte { return fixture(t, "photo_640x480.webp") },
			TypeWebP, 640, 480, 640, 480, 400, 300, true},
		{"heic", func(t *testing.T) []byte { return fixture(t, "photo_640x480.heic") },
			TypeHEIC, 640, 480, 640, 480, 400, 300, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ProcessPhoto(bytes.NewReader(tt.data(t)), DefaultPhotoLimits)
			if err != nil {
				t.Fatal(err)
			}
			if p.Source != tt.typ || p.SourceWidth != tt.srcW || p.SourceHeight != tt.srcH {
				t.Errorf("source = %s %dx%d, want %s %dx%d", p.Source, p.SourceWidth, p.SourceHeight, tt.typ, tt.srcW, tt.srcH)
			}
			full, thumb := decodeOutput(t, p.Full), decodeOutput(t, p.Thumb)
			if b := full.Bounds(); b.Dx() != tt.fullW || b.Dy() != tt.fullH || p.Width != tt.fullW || p.Height != tt.fullH {
				t.Errorf("full = %v (fields %dx%d), want %dx%d", b, p.Width, p.Height, tt.fullW, tt.fullH)
			}
			if b := thumb.Bounds(); b.Dx() != tt.thW || b.Dy() != tt.thH || p.ThumbWidth != tt.thW || p.ThumbHeight != tt.thH {
				t.Errorf("thumb = %v (fields %dx%d), want %dx%d", b, p.ThumbWidth, p.ThumbHeight, tt.thW, tt.thH)
			}
			assertNoMetadata(t, p.Full)
			assertNoMetadata(t, p.Thumb)
			if tt.marker {
				if c := full.At(2, 2); !isRed(c) {
					t.Errorf("full top-left = %v, want the red marker", c)
				}
				if c := full.At(tt.fullW-3, tt.fullH-3); !isBlue(c) {
					t.Errorf("full bottom-right = %v, want blue", c)
				}
			}
		})
	}
}

func TestProcessPhotoOrientation(t *testing.T) {
	// Where the stored image's top-left corner must end up once upright.
	type corner int
	const (
		topLeft corner = iota
		topRight
		bottomRight
		bottomLeft
	)
	tests := []struct {
		orientation uint16
		order       byteOrder
		want        corner
	}{
		{1, binary.LittleEndian, topLeft},
		{2, binary.BigEndian, topRight},
		{3, binary.LittleEndian, bottomRight},
		{4, binary.BigEndian, bottomLeft},
		{5, binary.LittleEndian, topLeft},
		{6, binary.BigEndian, topRight},
		{6, binary.LittleEndian, topRight},
		{7, binary.LittleEndian, bottomRight},
		{8, binary.BigEndian, bottomLeft},
	}
	src := encodeTestJPEG(t, markedImage(1600, 1200))
	for _, tt := range tests {
		t.Run(string(rune('0'+tt.orientation)), func(t *testing.T) {
			data := withEXIF(src, exifTIFF(tt.order, tt.orientation, true))
			p, err := ProcessPhoto(bytes.NewReader(data), DefaultPhotoLimits)
			if err != nil {
				t.Fatal(err)
			}
			w, h, sw, sh := 800, 600, 1600, 1200
			if tt.orientation >= 5 {
				w, h, sw, sh = 450, 600, 1200, 1600
			}
			if p.Width != w || p.Height != h || p.SourceWidth != sw || p.SourceHeight != sh {
				t.Fatalf("full %dx%d source %dx%d, want %dx%d source %dx%d",
					p.Width, p.Height, p.SourceWidth, p.SourceHeight, w, h, sw, sh)
			}
			full := decodeOutput(t, p.Full)
			corners := []image.Point{{5, 5}, {w - 6, 5}, {w - 6, h - 6}, {5, h - 6}}
			for i, pt := range corners {
				if got := isRed(full.At(pt.X, pt.Y)); got != (corner(i) == tt.want) {
					t.Errorf("corner %d at %v red = %v, want the marker in corner %d", i, pt, got, tt.want)
				}
			}
			assertNoMetadata(t, p.Full)
			assertNoMetadata(t, p.Thumb)
		})
	}
}

func TestProcessPhotoDropsMetadata(t *testing.T) {
	jpg := withEXIF(encodeTestJPEG(t, markedImage(640, 480)), exifTIFF(binary.LittleEndian, 1, true))
	jpg = append(jpg[:2], append([]byte("\xFF\xFE\x00\x09comment"), jpg[2:]...)...)
	pngData := withPNGChunk(encodeTestPNG(t, markedImage(640, 480)), "eXIf", exifTIFF(binary.BigEndian, 1, true))
	pngData = withPNGChunk(pngData, "tEXt", []byte("Author\x00somebody"))
	for name, data := range map[string][]byte{"jpeg": jpg, "png": pngData} {
		t.Run(name, func(t *testing.T) {
			if !bytes.Contains(data, []byte("\x00\x02\x00\x05")) && !bytes.Contains(data, []byte("\x02\x00\x05\x00")) {
				t.Fatal("input carries no GPS latitude; the test is wrong")
			}
			p, err := ProcessPhoto(bytes.NewReader(data), DefaultPhotoLimits)
			if err != nil {
				t.Fatal(err)
			}
			for _, out := range [][]byte{p.Full, p.Thumb} {
				assertNoMetadata(t, out)
				if bytes.Contains(out, []byte("Exif")) || bytes.Contains(out, []byte("somebody")) {
					t.Error("output still holds metadata")
				}
			}
		})
	}
}

func TestProcessPhotoTransparency(t *testing.T) {
	// Transparent black around an opaque red square: the transparent part
	// must come out white, not black.
	img := image.NewNRGBA(image.Rect(0, 0, 640, 480))
	for y := 140; y < 340; y++ {
		for x := 220; x < 420; x++ {
			img.SetNRGBA(x, y, red)
		}
	}
	pal := image.NewPaletted(img.Rect, color.Palette{color.NRGBA{}, red})
	for y := 140; y < 340; y++ {
		for x := 220; x < 420; x++ {
			pal.SetColorIndex(x, y, 1)
		}
	}
	tests := []struct {
		name string
		data []byte
		w, h int
	}{
		{"png", encodeTestPNG(t, img), 640, 480},
		{"png shrunk", encodeTestPNG(t, imageScaled(img, 2)), 800, 600},
		{"gif", encodeTestGIF(t, pal), 640, 480},
		{"webp", fixture(t, "photo_alpha.webp"), 64, 48},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ProcessPhoto(bytes.NewReader(tt.data), DefaultPhotoLimits)
			if err != nil {
				t.Fatal(err)
			}
			for _, out := range []struct {
				name string
				data []byte
			}{{"full", p.Full}, {"thumb", p.Thumb}} {
				o := decodeOutput(t, out.data)
				b := o.Bounds()
				if c := o.At(1, 1); !isWhite(c) {
					t.Errorf("%s corner = %v, want white", out.name, c)
				}
				if c := o.At(b.Dx()/2, b.Dy()/2); !isRed(c) {
					t.Errorf("%s centre = %v, want red", out.name, c)
				}
			}
			if p.Width != tt.w || p.Height != tt.h {
				t.Errorf("full %dx%d, want %dx%d", p.Width, p.Height, tt.w, tt.h)
			}
		})
	}
}

// imageScaled is img enlarged k times by repeating pixels.
func imageScaled(img *image.NRGBA, k int) *image.NRGBA {
	b := img.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, b.Dx()*k, b.Dy()*k))
	for y := range out.Rect.Dy() {
		for x := range out.Rect.Dx() {
			out.SetNRGBA(x, y, img.NRGBAAt(x/k, y/k))
		}
	}
	return out
}

func TestProcessPhotoQuality(t *testing.T) {
	// The fast path (DCT-scaled decode, Catmull-Rom, libjpeg encode) must look
	// like the slow textbook one: full decode with Go, Lanczos, no encode.
	src, err := encodeJPEG(cameraLike(2400, 1800), 92)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ProcessPhoto(bytes.NewReader(src), DefaultPhotoLimits)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := jpeg.Decode(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		out  []byte
		w, h int
	}{{"full", p.Full, 800, 600}, {"thumb", p.Thumb, 400, 300}} {
		want := imaging.Resize(ref, c.w, c.h, imaging.Lanczos)
		got := imaging.Clone(decodeOutput(t, c.out))
		if db := psnr(want, got); db < 32 {
			t.Errorf("%s: PSNR %.1f dB against full decode + Lanczos, want ≥ 32", c.name, db)
		}
	}
}

// psnr compares the colour of two images of one size, in dB.
func psnr(a, b *image.NRGBA) float64 {
	var se float64
	for i := range a.Pix {
		if i%4 != 3 {
			d := float64(a.Pix[i]) - float64(b.Pix[i])
			se += d * d
		}
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255/(se/float64(len(a.Pix)/4*3)))
}

func TestProcessPhotoConcurrent(t *testing.T) {
	inputs := [][]byte{
		encodeTestJPEG(t, markedImage(1600, 1200)),
		fixture(t, "photo_640x480.heic"),
		fixture(t, "photo_640x480.webp"),
		encodeTestPNG(t, markedImage(800, 600)),
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(inputs))
	for range 4 {
		for _, in := range inputs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := ProcessPhoto(bytes.NewReader(in), DefaultPhotoLimits); err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestSizes(t *testing.T) {
	fits := []struct{ w, h, fw, fh int }{
		{4000, 3000, 800, 600}, {3000, 4000, 450, 600}, {640, 480, 640, 480}, {800, 600, 800, 600},
		{801, 600, 800, 599}, {6000, 1000, 800, 133}, {1, 5000, 1, 600}, {5000, 1, 800, 1},
	}
	for _, f := range fits {
		if w, h := fitSize(f.w, f.h, 800, 600); w != f.fw || h != f.fh {
			t.Errorf("fitSize(%d, %d) = %dx%d, want %dx%d", f.w, f.h, w, h, f.fw, f.fh)
		}
	}
	thumbs := []struct{ w, h, tw, th int }{
		{4000, 3000, 400, 300}, {3000, 4000, 400, 300}, {400, 300, 400, 300}, {300, 200, 267, 200}, {100, 400, 100, 75},
	}
	for _, f := range thumbs {
		if w, h := thumbSize(f.w, f.h); w != f.tw || h != f.th {
			t.Errorf("thumbSize(%d, %d) = %dx%d, want %dx%d", f.w, f.h, w, h, f.tw, f.th)
		}
	}
	scales := []struct{ w, h, minW, minH, n int }{
		{4000, 3000, 800, 600, 2},   // 1000×750
		{4000, 3000, 1000, 750, 2},  // exactly
		{4000, 3000, 1001, 600, 3},  // 1500×1125
		{3000, 2000, 800, 533, 3},   // 1125×750
		{6000, 4000, 800, 533, 2},   // 1500×1000
		{8000, 6000, 800, 600, 1},   // 1000×750
		{640, 480, 640, 480, 8},     // full size
		{4000, 3000, 4000, 3000, 8}, // full size
	}
	for _, s := range scales {
		if n := jpegScale(s.w, s.h, s.minW, s.minH); n != s.n {
			t.Errorf("jpegScale(%d, %d, %d, %d) = %d/8, want %d/8", s.w, s.h, s.minW, s.minH, n, s.n)
		}
	}
}

func TestWorkers(t *testing.T) {
	if Workers() != runtime.NumCPU() {
		t.Errorf("Workers() = %d, want NumCPU %d", Workers(), runtime.NumCPU())
	}
}
