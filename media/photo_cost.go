package media

import (
	"encoding/binary"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// Decoding memory is budgeted by what a decode really allocates, not by
// megapixels: a 49 MP 16-bit PNG decodes into 392 MB while a 49 MP baseline
// JPEG, decoded at 1/8 in the DCT domain, needs 3 MB. Before any pixel is
// decoded, the header is read (dimensions, PNG bit depth and colour type,
// JPEG scan structure and sampling, WebP coding, HEIC size), the bytes the
// whole pipeline will hold are computed (file, decoder buffers, decoded
// image, orientation copy, resize intermediates and outputs), and that many
// bytes are taken from one process-wide budget shared by every caller (the
// upload queue's workers, the body-image and banner handlers, ZIP imports).
// A photo whose cost exceeds the whole budget is refused with its size and
// the largest size of its kind that fits; others wait for their turn.

// DecodeBudget is the process-wide decode budget in bytes. With the idle
// server's 70–80 MB and the garbage collector's margin it keeps the peak RSS
// under 300 MB whatever is uploaded and however many workers run: about
// 220 MB at worst in bench/memory/server.sh (README there).
const DecodeBudget = 176 << 20

// decodeBudget is the shared budget; tests may swap it.
var decodeBudget = newByteBudget(DecodeBudget)

// freeAfter is the reservation above which the memory is handed back to the
// OS as soon as the photo is done, before the budget is released: otherwise
// the next large decode may allocate before the collector has run and the
// process briefly holds both.
const freeAfter = 48 << 20

// byteBudget is a weighted semaphore of bytes. Waiters are served in arrival
// order, so a large photo is not starved by a stream of small ones.
type byteBudget struct {
	mu      sync.Mutex
	size    int64
	used    int64
	waiters []budgetWaiter
}

type budgetWaiter struct {
	n     int64
	ready chan struct{}
}

func newByteBudget(size int64) *byteBudget { return &byteBudget{size: size} }

// acquire blocks until n bytes (at most the budget's size) are free.
func (b *byteBudget) acquire(n int64) {
	b.mu.Lock()
	if len(b.waiters) == 0 && b.used+n <= b.size {
		b.used += n
		b.mu.Unlock()
		return
	}
	w := budgetWaiter{n: n, ready: make(chan struct{})}
	b.waiters = append(b.waiters, w)
	b.mu.Unlock()
	<-w.ready
}

// release gives back n bytes and wakes the waiters that now fit, in order.
func (b *byteBudget) release(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	if b.used < 0 {
		panic("media: decode budget released more than acquired")
	}
	for len(b.waiters) > 0 && b.used+b.waiters[0].n <= b.size {
		w := b.waiters[0]
		b.waiters = b.waiters[1:]
		b.used += w.n
		close(w.ready)
	}
}

// imageInfo is what the header tells about the memory a decode needs.
type imageInfo struct {
	w, h int // as stored (before orientation)
	// perPixel is what the decoder allocates per pixel of a full-size
	// decode (result plus its own full-size buffers), fixed is what it
	// allocates whatever the size.
	perPixel float64
	fixed    int64
	// jpeg: the scaled decode's extra buffer (progressive or multi-scan
	// files keep every DCT coefficient of the whole image).
	jpeg *jpegInfo
}

// Bytes per pixel of each decoder's result and working buffers, from their
// sources: image/png keeps 16-bit samples (RGBA64/NRGBA64: 8 B) and
// de-interlaces through one image per pass; image/gif decodes the first frame
// as paletted; x/image/webp decodes lossy as 4:2:0 YCbCr and lossless into
// NRGBA through a transform buffer of the same size; the HEIC decoder's
// WASM memory (mapped, grown in place: photo_heic_wazero.go) measured with
// our copy of its result 8.2–9.2 B/px at 8 bits (3 and 12 MP), 14.2 at
// 12 bits, and with an alpha plane 10.4 at 8 and 19.2 at 12 bits, plus the
// module's compilation once per process, reserved on its own (heicPrepare).
const (
	heicPerPixel      = 10
	heicDeepPerPixel  = 17       // more than 8 bits per sample: libde265 keeps 16
	heicAlphaShare    = 0.3      // an alpha plane adds this much
	heicCompileCost   = 64 << 20 // once per process, before the first decode
	heicFixedCompiled = 8 << 20
	webpLossyPx       = 1.5
	webpAlphaPx       = 5 // the alpha plane, decoded as NRGBA, then kept as 1 B
	webpLossless      = 12
	rgbaPerPixel      = 4 // NRGBA copies: orientation, resize passes, outputs
	outputsFixed      = (FullMaxWidth*FullMaxHeight + ThumbWidth*ThumbHeight) * rgbaPerPixel * 2
	pipelineFixed     = 2 << 20 // encoder state, row buffers
)

// pngInfo reads the IHDR of a PNG: bytes per decoded pixel by colour type
// and bit depth (what image/png's result holds), doubled for Adam7
// interlacing (the passes are separate images merged at the end).
func pngInfo(data []byte, w, h int) (imageInfo, error) {
	if len(data) < 8+8+13 || string(data[12:16]) != "IHDR" {
		return imageInfo{}, errBadHeader
	}
	depth, ct, interlace := data[24], data[25], data[28]
	var px float64
	switch ct {
	case 0: // grey
		px = 1
		if depth == 16 {
			px = 2
		}
	case 3: // paletted
		px = 1
	case 2, 4, 6: // RGB, grey+alpha, RGBA: RGBA/NRGBA, or their 16-bit forms
		px = 4
		if depth == 16 {
			px = 8
		}
	default:
		return imageInfo{}, errBadHeader
	}
	if interlace == 1 {
		px *= 2
	}
	return imageInfo{w: w, h: h, perPixel: px}, nil
}

// webpInfo tells lossy from lossless and alpha by the RIFF chunks.
func webpInfo(data []byte, w, h int) imageInfo {
	info := imageInfo{w: w, h: h, perPixel: webpLossyPx}
	for i := 12; i+8 <= len(data); {
		n := int(binary.LittleEndian.Uint32(data[i+4:]))
		switch string(data[i : i+4]) {
		case "VP8L":
			info.perPixel = webpLossless
		case "ALPH":
			info.perPixel += webpAlphaPx
		}
		if n < 0 || n > len(data)-i-8 {
			break
		}
		i += 8 + n + n&1
	}
	return info
}

var errBadHeader = fmt.Errorf("malformed header")

// headerInfo reads what decodeCost needs from an image of type t whose
// dimensions are w×h.
func headerInfo(t ImageType, data []byte, w, h int, ji *jpegInfo) (imageInfo, error) {
	switch t {
	case TypeJPEG:
		return imageInfo{w: w, h: h, jpeg: ji}, nil
	case TypePNG:
		return pngInfo(data, w, h)
	case TypeGIF:
		return imageInfo{w: w, h: h, perPixel: 1}, nil
	case TypeWebP:
		return webpInfo(data, w, h), nil
	case TypeHEIC:
		deep, alpha := heicDepthAlpha(data)
		px := float64(heicPerPixel)
		if deep {
			px = heicDeepPerPixel
		}
		if alpha {
			px += px * heicAlphaShare
		}
		return imageInfo{w: w, h: h, perPixel: px, fixed: heicFixedCompiled}, nil
	}
	return imageInfo{}, errBadHeader
}

// decodeCost is the bytes the pipeline holds at most for one image: the file
// itself, the decode at scale n/8 (JPEG; 8 elsewhere), the orientation copy,
// the resize to outW×outH (both passes' buffers) and the outputs.
func decodeCost(info imageInfo, fileSize int, n int, oriented bool, outW, outH int) int64 {
	w, h := int64(info.w), int64(info.h)
	cost := int64(fileSize) + info.fixed + pipelineFixed + outputsFixed
	var dw, dh int64 // decoded size
	if j := info.jpeg; j != nil {
		if j.goFallback {
			// Go's decoder at full size: its image, per-component
			// coefficients when progressive, and the NRGBA copy.
			dw, dh = w, h
			cost += w*h*int64(j.components) + w*h*rgbaPerPixel
			if j.multiScan {
				cost += w * h * int64(j.components) * 4
			}
		} else {
			dw, dh = int64(scaledSize(info.w, n)), int64(scaledSize(info.h, n))
			cost += dw*dh*rgbaPerPixel + j.coefBytes + j.rowBytes
		}
	} else {
		dw, dh = w, h
		cost += int64(float64(w*h) * info.perPixel)
	}
	if oriented {
		cost += dw * dh * rgbaPerPixel
	}
	// imaging.Resize works in two passes through an NRGBA intermediate of
	// outW×dh or dw×outH; when no resize is needed it clones the source.
	cost += max(int64(outW)*dh, dw*int64(outH)) * rgbaPerPixel
	cost += int64(outW) * int64(outH) * rgbaPerPixel
	return cost
}

// maxPixelsFor is the largest pixel count of an image shaped like info whose
// cost fits in budget (0 if none does), for the refusal message.
func maxPixelsFor(info imageInfo, fileSize, n int, oriented bool, outW, outH int, budget int64) int64 {
	lo, hi := 0.0, 1.0
	for range 40 {
		mid := (lo + hi) / 2
		s := info
		s.w, s.h = max(1, int(float64(info.w)*mid)), max(1, int(float64(info.h)*mid))
		if info.jpeg != nil { // its buffers shrink with the image
			j := *info.jpeg
			j.coefBytes = int64(float64(j.coefBytes) * mid * mid)
			j.rowBytes = int64(float64(j.rowBytes) * mid)
			s.jpeg = &j
		}
		if decodeCost(s, fileSize, n, oriented, min(outW, s.w), min(outH, s.h)) <= budget {
			lo = mid
		} else {
			hi = mid
		}
	}
	return int64(float64(info.w)*lo) * int64(float64(info.h)*lo)
}

// reserve takes cost bytes from the budget, or refuses the image when it
// alone exceeds the whole budget. The returned func gives them back.
func reserve(cost int64, refuse func(limit int64) error) (func(), error) {
	b := decodeBudget
	if cost > b.size {
		return nil, refuse(b.size)
	}
	b.acquire(cost)
	if hook := testReserveHook; hook != nil {
		hook(cost)
	}
	return func() {
		if hook := testReleaseHook; hook != nil {
			hook(cost)
		}
		if cost >= freeAfter {
			debug.FreeOSMemory()
		}
		b.release(cost)
	}, nil
}

// Test hooks around the reservation (nil outside tests).
var testReserveHook, testReleaseHook func(cost int64)

// tooCostly is the refusal of an image whose decode alone would take more
// than the whole budget: its size and the largest of its kind that fits.
func tooCostly(w, h int, maxPixels int64) error {
	return fileErr("media.too_costly", fmt.Sprintf("%d×%d", w, h), fmt.Sprintf("%.1f", float64(maxPixels/100_000)/10))
}

// heicCompiled is set once a HEIC decode has compiled the WASM module.
var heicCompiled atomic.Bool

// jpegInfo is what a JPEG header tells about its decode.
type jpegInfo struct {
	w, h       int
	components int
	multiScan  bool  // progressive or non-interleaved
	coefBytes  int64 // libjpeg's whole-image coefficient buffer (multi-scan only)
	rowBytes   int64 // libjpeg's row buffers
	goFallback bool  // decoded by Go's decoder at full size (CMYK, or no cgo)
}

// jpegSOF finds the frame header: whether the file is progressive and how
// many components it has (3 when unreadable: the usual case).
func jpegSOF(data []byte) (progressive bool, components int) {
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			break
		}
		m := data[i+1]
		if m == 0xFF || m == 0x01 || (m >= 0xD0 && m <= 0xD8) {
			i += map[bool]int{true: 1, false: 2}[m == 0xFF]
			continue
		}
		if m == 0xDA || m == 0xD9 {
			break
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			break
		}
		if m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC {
			if n >= 8 {
				return m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE, max(1, int(data[i+9]))
			}
			break
		}
		i += 2 + n
	}
	return false, 3
}

// jpegConfig reads the dimensions from a JPEG header.
func jpegConfig(data []byte) (w, h int, err error) {
	j, err := jpegHeader(data)
	return j.w, j.h, err
}
