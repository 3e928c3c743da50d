package main

import (
	"bytes"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// photo draws a w×h "photo" (colour gradient, rings and a wave, different
// for every seed) as a JPEG, so the data set needs no binary files.
func photo(seed, w, h int) []byte {
	r := rand.New(rand.NewPCG(uint64(seed), 11))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	base := [3]float64{r.Float64(), r.Float64(), r.Float64()}
	cx, cy := r.Float64()*float64(w), r.Float64()*float64(h)
	period := 30 + r.Float64()*40
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			d := math.Hypot(float64(x)-cx, float64(y)-cy)
			ring := 0.15 * math.Sin(d/period)
			wave := 0.2 + 0.2*math.Sin(float64(x+2*y)/(period*1.7))
			i := img.PixOffset(x, y)
			for c := 0; c < 3; c++ {
				v := base[c]*(1-d/float64(2*w)) + wave + ring*float64(c-1)
				img.Pix[i+c] = uint8(255 * math.Max(0, math.Min(1, v)))
			}
			img.Pix[i+3] = 255
		}
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, &jpeg.Options{Quality: 88})
	return buf.Bytes()
}

const ytAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// youtubeID makes an ID of YouTube's form (11 characters).
func youtubeID(r *rand.Rand) string {
	b := make([]byte, 11)
	for i := range b {
		b[i] = ytAlphabet[r.IntN(len(ytAlphabet))]
	}
	return string(b)
}
