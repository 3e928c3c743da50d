//go:build !linux

package media

import (
	"bytes"
	"image"

	"github.com/disintegration/imaging"
	"github.com/gen2brain/heic"
)

// Elsewhere than Linux (no anonymous mapping here) HEIC goes through
// heic.Decode, whose WASM memory grows by copying: the 10 B/px budgeted in
// photo_cost.go is then an underestimate. We build and measure on Linux.

func heicCompile() error { heic.Init(); return nil }

func heicDecodeWASM(data []byte, limit int64) (image.Image, error) {
	img, err := heic.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return imaging.Clone(img), nil
}
