// Command memgen writes the worst-case inputs of bench/memory/run.sh without
// holding them in memory: PNGs are written row by row through zlib, so a
// 49-megapixel 16-bit PNG costs this program a few megabytes.
//
//	memgen -kind png16 -w 7000 -h 7000 out.png   # RGBA, 16 bits per channel
//	memgen -kind png8 -w 7000 -h 7000 out.png    # RGB, 8 bits per channel
//	memgen -kind gif -w 7000 -h 7000 -frames 300 out.gif
package main

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/crc32"
	"image"
	"image/color/palette"
	"image/gif"
	"io"
	"os"
)

func main() {
	kind := flag.String("kind", "png16", "png16, png8 or gif")
	w := flag.Int("w", 7000, "width")
	h := flag.Int("h", 7000, "height")
	frames := flag.Int("frames", 300, "GIF frames after the first (small ones)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: memgen -kind K -w W -h H OUT")
		os.Exit(2)
	}
	f, err := os.Create(flag.Arg(0))
	if err == nil {
		bw := bufio.NewWriterSize(f, 1<<20)
		switch *kind {
		case "png16":
			err = writePNG(bw, *w, *h, 16, 6)
		case "png8":
			err = writePNG(bw, *w, *h, 8, 2)
		case "gif":
			err = writeGIF(bw, *w, *h, *frames)
		default:
			err = fmt.Errorf("unknown kind %q", *kind)
		}
		if err == nil {
			err = bw.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "memgen:", err)
		os.Exit(1)
	}
}

func chunk(w io.Writer, typ string, data []byte) error {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(b.Bytes()[4:]))
	_, err := w.Write(b.Bytes())
	return err
}

// idatWriter cuts the zlib stream into IDAT chunks.
type idatWriter struct{ w io.Writer }

func (i idatWriter) Write(p []byte) (int, error) { return len(p), chunk(i.w, "IDAT", p) }

// writePNG writes a smooth diagonal gradient (compresses to about 1 MB at
// 49 MP, like the upload of the issue) of the given depth and colour type.
func writePNG(w io.Writer, width, height, depth, colourType int) error {
	if _, err := w.Write([]byte("\x89PNG\r\n\x1a\n")); err != nil {
		return err
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(width))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(height))
	ihdr = append(ihdr, byte(depth), byte(colourType), 0, 0, 0)
	if err := chunk(w, "IHDR", ihdr); err != nil {
		return err
	}
	channels := map[int]int{2: 3, 6: 4}[colourType]
	bpp := channels * depth / 8
	bw := bufio.NewWriterSize(idatWriter{w}, 256<<10)
	z, _ := zlib.NewWriterLevel(bw, zlib.BestSpeed)
	row := make([]byte, 1+width*bpp)
	prev := make([]byte, len(row))
	out := make([]byte, len(row))
	for y := range height {
		for x := range width {
			p := row[1+x*bpp:]
			v := uint16((x+y)*255/(width+height)) * 257
			for c := range channels {
				s := v
				if c == 3 {
					s = 0xFFFF
				} else if c == 1 {
					s = uint16(y*255/height) * 257
				}
				if depth == 16 {
					binary.BigEndian.PutUint16(p[2*c:], s)
				} else {
					p[c] = byte(s >> 8)
				}
			}
		}
		// Filter "Up": the gradient leaves mostly zeros, so 49 MP
		// compress to about a megabyte.
		out[0] = 2
		for i := 1; i < len(row); i++ {
			out[i] = row[i] - prev[i]
		}
		if _, err := z.Write(out); err != nil {
			return err
		}
		row, prev = prev, row
	}
	if err := z.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return chunk(w, "IEND", nil)
}

// writeGIF writes a GIF whose first frame fills a width×height screen,
// followed by many small frames (which cost CPU to skip, not memory).
func writeGIF(w io.Writer, width, height, frames int) error {
	first := image.NewPaletted(image.Rect(0, 0, width, height), palette.Plan9)
	for y := range height {
		row := first.Pix[y*first.Stride : y*first.Stride+width]
		for x := range row {
			row[x] = uint8((x/64 + y/64) % 256)
		}
	}
	g := &gif.GIF{Image: []*image.Paletted{first}, Delay: []int{10}}
	for i := range frames {
		f := image.NewPaletted(image.Rect(0, 0, 16, 16), palette.Plan9)
		for k := range f.Pix {
			f.Pix[k] = uint8(i + k)
		}
		g.Image = append(g.Image, f)
		g.Delay = append(g.Delay, 10)
	}
	return gif.EncodeAll(w, g)
}
