//go:build !cgo

package media

// Without cgo (CGO_ENABLED=0) the pipeline falls back to Go's JPEG codec:
// correct, but it decodes every pixel and is several times slower than the
// libjpeg-turbo path in jpeg.go, which is what we build and benchmark.

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
)

func jpegHeader(data []byte) (jpegInfo, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return jpegInfo{}, fmt.Errorf("media: jpeg header: %v: %w", err, fileErr("media.corrupt"))
	}
	progressive, components := jpegSOF(data)
	return jpegInfo{w: cfg.Width, h: cfg.Height, components: components, multiScan: progressive, goFallback: true}, nil
}

// decodeJPEG decodes at full size whatever n asks; callers resize anyway.
func decodeJPEG(data []byte, w, h, n int, maxMem int64) (*image.NRGBA, error) {
	src, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("media: jpeg decode: %v: %w", err, fileErr("media.corrupt"))
	}
	return toNRGBA(src), nil
}

// encodeJPEG writes no metadata: Go's encoder emits none.
func encodeJPEG(img *image.NRGBA, quality int) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		return nil, fmt.Errorf("media: jpeg encode: %w", err)
	}
	return buf.Bytes(), nil
}
