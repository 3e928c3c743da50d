package main

import (
	"bytes"
	"fmt"
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

// pdf writes a small valid one-page PDF whose text makes it unique.
func pdf(title string) []byte {
	var b bytes.Buffer
	var offs []int
	obj := func(s string) { offs = append(offs, b.Len()); b.WriteString(s) }
	b.WriteString("%PDF-1.4\n")
	stream := fmt.Sprintf("BT /F1 18 Tf 72 720 Td (%s) Tj ET", title)
	obj("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n")
	obj("2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n")
	obj("3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n")
	obj(fmt.Sprintf("4 0 obj << /Length %d >> stream\n%s\nendstream endobj\n", len(stream), stream))
	obj("5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
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
