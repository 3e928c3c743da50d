package media

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// flatPNG is a w×h PNG of the given bit depth, colour type and interlace
// method whose rows are all zero, written through zlib row by row so that
// even a huge one costs the test little memory. It decodes.
func flatPNG(t testing.TB, w, h int, depth, colourType, interlace byte) []byte {
	t.Helper()
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, depth, colourType, 0, 0, interlace)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	channels := map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colourType]
	row := make([]byte, 1+(w*channels*int(depth)+7)/8)
	rows := h
	if interlace == 1 { // enough zero bytes for every Adam7 pass
		rows = 2 * h
	}
	for range rows {
		zw.Write(row)
	}
	zw.Close()
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, pngChunk("IHDR", ihdr)...)
	if colourType == 3 {
		b = append(b, pngChunk("PLTE", make([]byte, 3*256))...)
	}
	b = append(b, pngChunk("IDAT", z.Bytes())...)
	return append(b, pngChunk("IEND", nil)...)
}

// withBudget runs the test with a decode budget of size bytes.
func withBudget(t *testing.T, size int64) {
	old := decodeBudget
	decodeBudget = newByteBudget(size)
	t.Cleanup(func() { decodeBudget = old })
}

// Defect 12 of issue 10: two 49 MP 16-bit PNGs (1 MB of upload) took the
// server from 59 MB to 853 MB. Such a file is refused from its header, with
// its size and the largest of its kind that fits, before any pixel is
// decoded, while the same dimensions in 8-bit grey are fine.
func TestProcessPhotoTooCostly(t *testing.T) {
	data := flatPNG(t, 5000, 5000, 16, 6, 0) // decodes into 200 MB of RGBA64
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ProcessPhoto(bytes.NewReader(data), DefaultPhotoLimits)
	runtime.ReadMemStats(&after)
	fe := fileErrorOf(t, err, "media.too_costly")
	if len(fe.Args) != 2 || fe.Args[0] != "5000×5000" || fe.Args[1] != "20.6" {
		t.Errorf("args = %v, want [5000×5000 20.6]", fe.Args)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d > 16<<20 {
		t.Errorf("refusing allocated %d MB", d>>20)
	}
	// Cheaper kinds of the same size pass: 8-bit grey is 25 MB decoded.
	if _, err := ProcessPhoto(bytes.NewReader(flatPNG(t, 5000, 5000, 8, 0, 0)), DefaultPhotoLimits); err != nil {
		t.Errorf("5000×5000 8-bit grey: %v", err)
	}
	// A banner goes through the same budget.
	if _, _, _, err := ProcessBanner(bytes.NewReader(data), DefaultPhotoLimits, 1000, 300); err == nil {
		t.Errorf("banner of a 5000×5000 16-bit PNG was accepted")
	} else {
		fileErrorOf(t, err, "media.too_costly")
	}
}

// The cost follows what each decoder really allocates per pixel.
func TestDecodeCostByKind(t *testing.T) {
	const w, h = 4000, 3000
	tests := []struct {
		name       string
		depth, ct  byte
		interlace  byte
		wantPerPix float64
	}{
		{"grey 8", 8, 0, 0, 1},
		{"grey 16", 16, 0, 0, 2},
		{"paletted", 8, 3, 0, 1},
		{"rgb 8", 8, 2, 0, 4},
		{"rgb 16", 16, 2, 0, 8},
		{"grey+alpha 16", 16, 4, 0, 8},
		{"rgba 8", 8, 6, 0, 4},
		{"rgba 16", 16, 6, 0, 8},
		{"rgba 16 interlaced", 16, 6, 1, 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := hugePNGHeader(w, h)
			data[24], data[25], data[28] = tt.depth, tt.ct, tt.interlace
			info, err := headerInfo(TypePNG, data, w, h, nil)
			if err != nil {
				t.Fatal(err)
			}
			if info.perPixel != tt.wantPerPix {
				t.Errorf("perPixel = %v, want %v", info.perPixel, tt.wantPerPix)
			}
			cost := decodeCost(info, len(data), 8, false, 800, 600)
			decoded := int64(w * h * tt.wantPerPix)
			if cost < decoded || cost > decoded+32<<20 {
				t.Errorf("cost %d MB for a %d MB decode", cost>>20, decoded>>20)
			}
			// Orientation adds an NRGBA copy of the whole image.
			if c := decodeCost(info, len(data), 8, true, 800, 600); c-cost != w*h*4 {
				t.Errorf("orientation adds %d bytes, want %d", c-cost, w*h*4)
			}
		})
	}

	t.Run("jpeg progressive keeps its coefficients", func(t *testing.T) {
		prog := fixture(t, "photo_progressive.jpg")
		j, err := jpegHeader(prog)
		if err != nil {
			t.Fatal(err)
		}
		if j.goFallback { // no cgo: Go's decoder, costed per component
			if !j.multiScan {
				t.Errorf("progressive not seen")
			}
			return
		}
		if !j.multiScan || j.coefBytes < 640*480*2 { // at least the luma's 2 B per pixel
			t.Errorf("progressive: multiScan %v, coefficients %d bytes", j.multiScan, j.coefBytes)
		}
		base, err := jpegHeader(encodeTestJPEG(t, markedImage(640, 480)))
		if err != nil {
			t.Fatal(err)
		}
		if base.multiScan || base.coefBytes != 0 {
			t.Errorf("baseline: multiScan %v, coefficients %d bytes", base.multiScan, base.coefBytes)
		}
	})

	t.Run("webp lossless costs more than lossy", func(t *testing.T) {
		lossy := webpInfo(fixture(t, "photo_640x480.webp"), 640, 480)
		alpha := webpInfo(fixture(t, "photo_alpha.webp"), 64, 48)
		if lossy.perPixel != webpLossyPx || alpha.perPixel <= lossy.perPixel {
			t.Errorf("lossy %v, with alpha %v", lossy.perPixel, alpha.perPixel)
		}
	})
}

// libjpeg's own allocations are capped by the reservation: a progressive
// file that needs more fails cleanly instead of allocating.
func TestDecodeJPEGMemoryCap(t *testing.T) {
	prog := fixture(t, "photo_progressive.jpg")
	j, err := jpegHeader(prog)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := decodeJPEG(prog, j.w, j.h, 8, 64<<10); err == nil {
		t.Skip("this libjpeg ignores max_memory_to_use") // the budget still holds
	} else {
		fileErrorOf(t, err, "media.corrupt")
	}
	if _, err := decodeJPEG(prog, j.w, j.h, 8, 4+int64(j.w*j.h*4)+j.coefBytes+j.rowBytes+1<<20); err != nil {
		t.Errorf("with its cost as cap: %v", err)
	}
}

// However many callers decode at once, the bytes reserved by the decodes in
// flight never exceed the budget; photos over it wait their turn.
func TestDecodeBudgetBoundsConcurrentDecodes(t *testing.T) {
	data := flatPNG(t, 1500, 1000, 16, 6, 0) // ~12 MB decoded
	info, _ := headerInfo(TypePNG, data, 1500, 1000, nil)
	one := decodeCost(info, len(data), 8, false, 800, 533)
	withBudget(t, one*3/2) // room for one at a time
	var inFlight, peak, peakCount, count atomic.Int64
	testReserveHook = func(cost int64) {
		v := inFlight.Add(cost)
		c := count.Add(1)
		for p := peak.Load(); v > p && !peak.CompareAndSwap(p, v); p = peak.Load() {
		}
		for p := peakCount.Load(); c > p && !peakCount.CompareAndSwap(p, c); p = peakCount.Load() {
		}
	}
	testReleaseHook = func(cost int64) { inFlight.Add(-cost); count.Add(-1) }
	t.Cleanup(func() { testReserveHook, testReleaseHook = nil, nil })

	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := ProcessPhoto(bytes.NewReader(data), DefaultPhotoLimits)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if peak.Load() > decodeBudget.size || peakCount.Load() != 1 {
		t.Errorf("peak reserved %d bytes by %d decodes; budget %d", peak.Load(), peakCount.Load(), decodeBudget.size)
	}
	if decodeBudget.used != 0 {
		t.Errorf("%d bytes still reserved", decodeBudget.used)
	}
}

// The budget serves waiters in arrival order: a small request that would
// fit does not pass a big one waiting before it.
func TestByteBudgetFIFO(t *testing.T) {
	b := newByteBudget(100)
	b.acquire(60)
	done := make(chan int64, 2)
	go func() { b.acquire(80); done <- 80 }()
	for waiting(b) < 1 {
		runtime.Gosched()
	}
	go func() { b.acquire(10); done <- 10 }()
	for waiting(b) < 2 {
		runtime.Gosched()
	}
	select {
	case n := <-done:
		t.Fatalf("%d was served while 80 waited for room", n)
	default:
	}
	b.release(60) // both fit now
	<-done
	<-done
	if b.used != 90 {
		t.Errorf("used %d, want 90", b.used)
	}
	b.release(90)
}

func waiting(b *byteBudget) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.waiters)
}

// FuzzDecodeCost feeds the header readers and the cost model whatever an
// upload may hold: they must not panic, and the cost must cover the file.
func FuzzDecodeCost(f *testing.F) {
	f.Add(hugePNGHeader(7000, 7000))
	f.Add(flatPNG(f, 40, 30, 16, 6, 1))
	f.Add(encodeTestJPEG(f, markedImage(64, 48)))
	f.Add(encodeTestGIF(f, markedImage(40, 30)))
	for _, name := range []string{"photo_progressive.jpg", "photo_cmyk.jpg", "photo_640x480.webp", "photo_alpha.webp", "photo_640x480.heic"} {
		f.Add(fixture(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		typ, ok := Sniff(data[:min(len(data), sniffLen)])
		if !ok {
			return
		}
		w, h, ji, err := imageConfig(typ, data)
		if err != nil || w <= 0 || h <= 0 || int64(w)*int64(h) > 50_000_000 {
			return
		}
		info, err := headerInfo(typ, data, w, h, ji)
		if err != nil {
			return
		}
		cost := decodeCost(info, len(data), 8, true, min(w, 800), min(h, 600))
		if cost < int64(len(data)) {
			t.Fatalf("cost %d below the file's %d bytes", cost, len(data))
		}
		if mp := maxPixelsFor(info, len(data), 8, true, 800, 600, DecodeBudget); mp < 0 || mp > int64(w)*int64(h) {
			t.Fatalf("max pixels %d for a %d×%d image", mp, w, h)
		}
	})
}

// The limit a refusal names is one that a file of that kind really passes.
func TestTooCostlyLimitFits(t *testing.T) {
	prog := fixture(t, "photo_progressive.jpg")
	j, err := jpegHeader(prog)
	if err != nil {
		t.Fatal(err)
	}
	big := imageInfo{w: 7071, h: 7071, jpeg: &jpegInfo{w: 7071, h: 7071, components: 3, multiScan: true,
		coefBytes: int64(float64(j.coefBytes) * 7071 * 7071 / float64(j.w*j.h)), rowBytes: 7071 * 3 * 32}}
	n := jpegScale(7071, 7071, 800, 600)
	if c := decodeCost(big, 20<<20, n, false, 800, 600); c <= DecodeBudget {
		t.Fatalf("a 50 MP progressive 4:4:4 JPEG costs %d MB: no refusal to test", c>>20)
	}
	mp := maxPixelsFor(big, 20<<20, n, false, 800, 600, DecodeBudget)
	if mp < 10_000_000 || mp >= 7071*7071 {
		t.Errorf("limit %d pixels", mp)
	}
}
