package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func FuzzProcessPhoto(f *testing.F) {
	jpg := encodeTestJPEG(f, markedImage(64, 48))
	f.Add(jpg)
	f.Add(jpg[:len(jpg)/2])
	f.Add(withEXIF(jpg, exifTIFF(binary.BigEndian, 6, true)))
	f.Add(encodeTestPNG(f, markedImage(40, 30)))
	f.Add(encodeTestGIF(f, markedImage(40, 30)))
	f.Add(fixture(f, "photo_alpha.webp"))
	f.Add(fixture(f, "photo_cmyk.jpg"))
	f.Add(hugePNGHeader(3000, 3000))
	f.Add([]byte("<html>"))
	// Small limits keep each input fast: a few bytes may claim a big image.
	lim := PhotoLimits{MaxBytes: 1 << 20, MaxPixels: 2_000_000}
	f.Fuzz(func(t *testing.T, data []byte) {
		if t, ok := Sniff(data); ok && t == TypeHEIC {
			return // the WASM decoder is covered by its own project's fuzzing and is slow here
		}
		p, err := ProcessPhoto(bytes.NewReader(data), lim)
		if err != nil {
			if !errors.As(err, new(*FileError)) && !strings.Contains(err.Error(), "media:") {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if p.Width < 1 || p.Width > 800 || p.Height < 1 || p.Height > 600 || len(p.Full) == 0 || len(p.Thumb) == 0 {
			t.Fatalf("bad photo %dx%d", p.Width, p.Height)
		}
	})
}

// cameraLike is a w×h image with smooth light and colour, some edges and
// sensor-like noise: what a photo costs to code, unlike a flat colour.
func cameraLike(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		row := img.Pix[y*img.Stride:]
		for x := range w {
			n := rng.IntN(24) - 12
			row[4*x+0] = clamp8(90 + x*120/w + (y*60/h%7)*6 + n)
			row[4*x+1] = clamp8(60 + y*140/h + (x*50/w%5)*8 + n)
			row[4*x+2] = clamp8(160 - x*60/w + y*40/h + n)
			row[4*x+3] = 255
		}
	}
	return img
}

// benchJPEG is a camera-like 4000×3000 JPEG at quality 92, 4:2:0.
func benchJPEG(b *testing.B) []byte {
	b.Helper()
	data, err := encodeJPEG(cameraLike(4000, 3000), 92)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func clamp8(v int) uint8 { return uint8(max(0, min(255, v))) }

// BenchmarkProcessPhoto is one 12 MP JPEG through the whole pipeline.
func BenchmarkProcessPhoto(b *testing.B) {
	data := benchJPEG(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := ProcessPhoto(bytes.NewReader(data), DefaultPhotoLimits); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProcessPhotos50 runs every *.jpg of $NEWSROOM_PHOTO_BENCH_DIR
// (bench/photos/run.sh makes 50 of 12 MP in bench/out/photos12mp) through
// ProcessPhoto with Workers() goroutines, reading each file as the server
// would. It is skipped when the variable is unset.
func BenchmarkProcessPhotos50(b *testing.B) {
	dir := os.Getenv("NEWSROOM_PHOTO_BENCH_DIR")
	if dir == "" {
		b.Skip("NEWSROOM_PHOTO_BENCH_DIR is not set")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.jpg"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no *.jpg in %s (%v)", dir, err)
	}
	for b.Loop() {
		jobs := make(chan string)
		var wg sync.WaitGroup
		var failed atomic.Value
		for range Workers() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for name := range jobs {
					f, err := os.Open(name)
					if err == nil {
						_, err = ProcessPhoto(f, DefaultPhotoLimits)
						f.Close()
					}
					if err != nil {
						failed.Store(fmt.Errorf("%s: %w", name, err))
					}
				}
			}()
		}
		for _, name := range files {
			jobs <- name
		}
		close(jobs)
		wg.Wait()
		if err, _ := failed.Load().(error); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/batch")
}
