package media

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/png"
	"io"
	"io/fs"

	"github.com/disintegration/imaging"
	"golang.org/x/image/webp"
)

// We never call image.Decode: the decoder is picked by Sniff, so formats
// registered by imported packages (imaging registers TIFF and BMP) are never
// reached by an upload.

// decoded is an uploaded image ready to be resized.
type decoded struct {
	img           image.Image // oriented; at least the size asked for
	typ           ImageType
	width, height int    // of the source, after orientation
	opaque        bool   // no alpha channel to flatten
	icc           []byte // embedded ICC profile, nil when none: see toSRGB
}

// needFunc says, for a source of sw×sh (after orientation), how many pixels
// in each direction the decoded image must keep for the outputs, or refuses
// the source.
type needFunc func(sw, sh int) (minW, minH int, err error)

// readLimited reads all of r, refusing more than max bytes with
// media.too_large as soon as the limit is passed, and an empty r with
// media.empty.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	size, known := knownSize(r)
	if known && size > max {
		return nil, tooLarge(size, max)
	}
	var buf bytes.Buffer
	if known {
		buf.Grow(int(size) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, fmt.Errorf("media: read upload: %w", err)
	}
	if n := int64(buf.Len()); n > max {
		// Count the rest, without keeping it, to tell the real size.
		rest, _ := io.Copy(io.Discard, r)
		return nil, tooLarge(n+rest, max)
	}
	if buf.Len() == 0 {
		return nil, fileErr("media.empty")
	}
	return buf.Bytes(), nil
}

func tooLarge(size, max int64) error {
	return fileErr("media.too_large", megabytes(size), megabytes(max))
}

// megabytes is n in MB (2^20 bytes) to one decimal, as people read sizes.
func megabytes(n int64) float64 { return float64(n*10/(1<<20)) / 10 }

// knownSize is the size of r when it tells it (bytes.Reader, os.File, ...).
func knownSize(r io.Reader) (int64, bool) {
	switch s := r.(type) {
	case interface{ Size() int64 }:
		return s.Size(), true
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := s.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size(), true
		}
	}
	return 0, false
}

// decodeImage recognises data, checks its dimensions against lim and need
// from the header alone, reserves what the decode and the rest of the
// pipeline will cost from the process-wide budget (refusing the image when
// that alone exceeds the budget), then decodes it (a JPEG straight at the
// smallest DCT scale that still gives need's pixels) and applies its EXIF
// orientation. The caller calls release once done with the image and its
// outputs; release is nil when err is not.
func decodeImage(data []byte, lim PhotoLimits, need needFunc) (d decoded, release func(), err error) {
	typ, ok := Sniff(data[:min(len(data), sniffLen)])
	if !ok {
		return decoded{}, nil, fileErr("media.not_image")
	}
	w, h, ji, err := imageConfig(typ, data)
	if err != nil {
		return decoded{}, nil, err
	}
	if w <= 0 || h <= 0 {
		return decoded{}, nil, fmt.Errorf("media: %s header: %dx%d: %w", typ, w, h, fileErr("media.corrupt"))
	}
	if px := int64(w) * int64(h); px > lim.MaxPixels {
		return decoded{}, nil, fileErr("media.too_many_pixels", w, h, megapixels(px), megapixels(lim.MaxPixels))
	}
	info, err := headerInfo(typ, data, w, h, ji)
	if err != nil {
		return decoded{}, nil, asCorrupt(typ, "header", err)
	}
	orient := exifOrientation(typ, data)
	sw, sh := w, h
	if orient >= 5 { // 5–8 turn the image a quarter
		sw, sh = h, w
	}
	minW, minH, err := need(sw, sh)
	if err != nil {
		return decoded{}, nil, err
	}
	if orient >= 5 {
		minW, minH = minH, minW
	}

	if typ == TypeHEIC {
		if err := heicPrepare(); err != nil {
			return decoded{}, nil, fmt.Errorf("media: heic: %w", err)
		}
		info.fixed = 0
	}
	n := 8
	if typ == TypeJPEG {
		n = jpegScale(w, h, minW, minH)
	}
	cost := decodeCost(info, len(data), n, orient > 1, minW, minH)
	rel, err := reserve(cost, func(limit int64) error {
		return tooCostly(sw, sh, maxPixelsFor(info, len(data), n, orient > 1, minW, minH, limit))
	})
	if err != nil {
		return decoded{}, nil, err
	}
	defer func() {
		if err != nil {
			rel()
		}
	}()

	d = decoded{typ: typ, opaque: typ == TypeJPEG, icc: iccProfile(typ, data)}
	switch typ {
	case TypeJPEG:
		d.img, err = decodeJPEG(data, w, h, n, cost)
	default:
		d.img, err = decodeOther(typ, data, cost)
	}
	if err != nil {
		return decoded{}, nil, err
	}
	d.img = orientImage(d.img, orient)
	if typ == TypeJPEG {
		d.width, d.height = sw, sh
	} else { // a GIF's first frame may be smaller than its screen
		d.width, d.height = d.img.Bounds().Dx(), d.img.Bounds().Dy()
		if d.width < minW || d.height < minH { // need is checked on what we have
			if _, _, err := need(d.width, d.height); err != nil {
				return decoded{}, nil, err
			}
		}
	}
	return d, rel, nil
}

// megapixels is n in millions to one decimal.
func megapixels(n int64) float64 { return float64(n/100_000) / 10 }

// imageConfig reads the dimensions from the header of an image of type t,
// and for a JPEG what its decode needs.
func imageConfig(t ImageType, data []byte) (w, h int, ji *jpegInfo, err error) {
	if t == TypeJPEG {
		j, err := jpegHeader(data)
		if err != nil {
			return 0, 0, nil, err
		}
		return j.w, j.h, &j, nil
	}
	var cfg image.Config
	r := bytes.NewReader(data)
	switch t {
	case TypePNG:
		cfg, err = png.DecodeConfig(r)
	case TypeGIF:
		cfg, err = gif.DecodeConfig(r)
	case TypeWebP:
		cfg, err = webp.DecodeConfig(r)
	case TypeHEIC:
		cfg, err = heicConfig(data)
	}
	if err != nil {
		return 0, 0, nil, asCorrupt(t, "header", err)
	}
	return cfg.Width, cfg.Height, nil, nil
}

// decodeOther decodes the rarer formats with pure Go (or WASM) decoders.
func decodeOther(t ImageType, data []byte, limit int64) (img image.Image, err error) {
	r := bytes.NewReader(data)
	switch t {
	case TypePNG:
		img, err = png.Decode(r)
	case TypeGIF:
		img, err = gif.Decode(r) // the first frame
	case TypeWebP:
		img, err = webp.Decode(r)
	case TypeHEIC:
		img, err = heicDecode(data, limit)
	default:
		return nil, fileErr("media.not_image")
	}
	if err != nil {
		return nil, asCorrupt(t, "decode", err)
	}
	return img, nil
}

// recoverDecoder turns a panic of a third-party decoder on hostile input
// into an error.
func recoverDecoder(err *error) {
	if v := recover(); v != nil {
		*err = fmt.Errorf("decoder panic: %v", v)
	}
}

// asCorrupt wraps a decoder's error as media.corrupt, keeping its text for
// the log. A FileError from below is passed on as it is.
func asCorrupt(t ImageType, what string, err error) error {
	var fe *FileError
	if errors.As(err, &fe) {
		return err
	}
	return fmt.Errorf("media: %s %s: %v: %w", t, what, err, fileErr("media.corrupt"))
}

// jpegScale picks n for a decode at n/8 (libjpeg-turbo scales in the DCT
// domain by any n/8): the smallest whose output still has minW×minH pixels,
// so the final high-quality resize only ever shrinks, and (unless even 1/8
// is too big by more) by less than 2×.
func jpegScale(w, h, minW, minH int) int {
	for n := 1; n < 8; n++ {
		if scaledSize(w, n) >= minW && scaledSize(h, n) >= minH {
			return n
		}
	}
	return 8
}

// scaledSize is libjpeg's output size for a decode at n/8 (jdmaster.c:
// jdiv_round_up(size*n, 8)).
func scaledSize(size, n int) int { return (size*n + 7) / 8 }

// orientImage turns img upright according to its EXIF orientation.
func orientImage(img image.Image, orientation int) image.Image {
	switch orientation {
	case 2:
		return imaging.FlipH(img)
	case 3:
		return imaging.Rotate180(img)
	case 4:
		return imaging.FlipV(img)
	case 5:
		return imaging.Transpose(img)
	case 6:
		return imaging.Rotate270(img)
	case 7:
		return imaging.Transverse(img)
	case 8:
		return imaging.Rotate90(img)
	}
	return img
}
