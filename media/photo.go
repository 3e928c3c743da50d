package media

import (
	"image"
	"io"
	"runtime"

	"github.com/disintegration/imaging"
)

// Sizes of what we store (SPEC §2.1 and §2.3).
const (
	FullMaxWidth  = 800 // Full fits within FullMaxWidth×FullMaxHeight
	FullMaxHeight = 600
	ThumbWidth    = 400 // card thumbnail, centre-cropped to 4:3
	ThumbHeight   = 300
)

// JPEG qualities of the outputs (libjpeg scale, 4:2:0, optimised Huffman).
// Below ~75 ringing shows around text and edges and banding in skies; above
// ~85 the file grows fast for a difference nobody sees on a phone (a noisy
// 12 MP benchmark photo's Full: 44 KB at 75, 58 KB at 82, 66 KB at 85,
// 97 KB at 92). Full at 82 is the knee of that curve. Thumbnails are shown small and many per page, so
// bytes count more there: 78. Banners are the one big image of the homepage
// and often carry lettering: 85.
const (
	fullQuality   = 82
	thumbQuality  = 78
	bannerQuality = 85
)

// PhotoLimits bound what ProcessPhoto and ProcessBanner accept. A zero field
// means its DefaultPhotoLimits value.
type PhotoLimits struct {
	MaxBytes  int64 // size of the uploaded file
	MaxPixels int64 // width×height of the image, checked before decoding
}

// DefaultPhotoLimits are 30 MB and 50 megapixels: well above any phone or
// camera photo, well below what would exhaust the server's memory.
var DefaultPhotoLimits = PhotoLimits{MaxBytes: 30 << 20, MaxPixels: 50_000_000}

func (l PhotoLimits) withDefaults() PhotoLimits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultPhotoLimits.MaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultPhotoLimits.MaxPixels
	}
	return l
}

// Photo is what one uploaded image becomes: two JPEGs without any metadata.
type Photo struct {
	// Full fits within 800×600, aspect kept, never upscaled, EXIF
	// orientation applied.
	Full []byte
	// Thumb is the largest centred 4:3 part of the image at 400×300, or at
	// its own size when the image is smaller than that.
	Thumb []byte

	Width, Height           int // of Full
	ThumbWidth, ThumbHeight int

	Source                    ImageType
	SourceWidth, SourceHeight int // after orientation
}

// Workers is how many photos should be processed at once: one per CPU. Each
// photo is worked on by one goroutine (the libjpeg decode and encode are
// single-threaded), so the server's pool, the benchmark and ZIP imports all
// bound parallelism across photos with this number.
func Workers() int { return runtime.NumCPU() }

// ProcessPhoto reads one uploaded image (JPEG, PNG, GIF's first frame, WebP
// or HEIC, recognised by content) and produces the stored versions. The
// size limit is enforced while reading and the pixel limit from the header,
// before any pixel is decoded. Problems the user can fix are *FileError.
// It is safe for concurrent use.
func ProcessPhoto(r io.Reader, lim PhotoLimits) (Photo, error) {
	lim = lim.withDefaults()
	data, err := readLimited(r, lim.MaxBytes)
	if err != nil {
		return Photo{}, err
	}
	var p Photo
	src, release, err := decodeImage(data, lim, func(sw, sh int) (int, int, error) {
		// Enough pixels for both outputs, and not more: see jpegScale.
		fw, fh := fitSize(sw, sh, FullMaxWidth, FullMaxHeight)
		return max(fw, min(sw, ThumbWidth)), max(fh, min(sh, ThumbHeight)), nil
	})
	if err != nil {
		return Photo{}, err
	}
	defer release()
	p.Source, p.SourceWidth, p.SourceHeight = src.typ, src.width, src.height

	fw, fh := fitSize(src.width, src.height, FullMaxWidth, FullMaxHeight)
	full := resizeTo(src.img, fw, fh)
	if !src.opaque {
		flattenWhite(full)
	}
	tw, th := thumbSize(src.width, src.height)
	// The thumbnail comes from Full when Full holds enough pixels (the usual
	// case: a quarter of the work), else from the decoded image.
	from := image.Image(full)
	if c := centreCrop(fw, fh, ThumbWidth, ThumbHeight); c.Dx() < tw || c.Dy() < th {
		from = src.img
	}
	b := from.Bounds()
	crop := centreCrop(b.Dx(), b.Dy(), ThumbWidth, ThumbHeight).Add(b.Min)
	thumb := resizeTo(subImage(from, crop), tw, th)
	if !src.opaque && from != image.Image(full) {
		flattenWhite(thumb)
	}
	// Colours to sRGB before the profile is dropped; a thumbnail that is
	// Full itself is converted once.
	toSRGB(full, src.icc)
	if &thumb.Pix[0] != &full.Pix[0] {
		toSRGB(thumb, src.icc)
	}

	if p.Full, err = encodeJPEG(full, fullQuality); err != nil {
		return Photo{}, err
	}
	if p.Thumb, err = encodeJPEG(thumb, thumbQuality); err != nil {
		return Photo{}, err
	}
	p.Width, p.Height = fw, fh
	p.ThumbWidth, p.ThumbHeight = tw, th
	return p, nil
}

// ProcessBanner scales and centre-crops an uploaded image to exactly w×h
// (SPEC §2.3: 1000×300) and returns it as JPEG with the source's size after
// orientation. An image smaller than w×h in either direction is refused with
// media.banner_too_small and the actual size.
func ProcessBanner(r io.Reader, lim PhotoLimits, w, h int) (img []byte, srcW, srcH int, err error) {
	lim = lim.withDefaults()
	data, err := readLimited(r, lim.MaxBytes)
	if err != nil {
		return nil, 0, 0, err
	}
	src, release, err := decodeImage(data, lim, func(sw, sh int) (int, int, error) {
		if sw < w || sh < h {
			return 0, 0, fileErr("media.banner_too_small", sw, sh, w, h)
		}
		return w, h, nil
	})
	if err != nil {
		return nil, 0, 0, err
	}
	defer release()
	b := src.img.Bounds()
	out := resizeTo(subImage(src.img, centreCrop(b.Dx(), b.Dy(), w, h).Add(b.Min)), w, h)
	if !src.opaque {
		flattenWhite(out)
	}
	toSRGB(out, src.icc)
	if img, err = encodeJPEG(out, bannerQuality); err != nil {
		return nil, 0, 0, err
	}
	return img, src.width, src.height, nil
}

// fitSize is the size of a w×h image fitted within maxW×maxH, aspect kept,
// never upscaled.
func fitSize(w, h, maxW, maxH int) (int, int) {
	if w <= maxW && h <= maxH {
		return w, h
	}
	if w*maxH > h*maxW { // wider than the box
		return maxW, max(1, (h*maxW+w/2)/w)
	}
	return max(1, (w*maxH+h/2)/h), maxH
}

// thumbSize is the card thumbnail's size for a w×h image: its largest
// centred 4:3 part shrunk to 400×300, or kept at its size when smaller
// (upscaling would only blur it).
func thumbSize(w, h int) (int, int) {
	c := centreCrop(w, h, ThumbWidth, ThumbHeight)
	if c.Dx() > ThumbWidth || c.Dy() > ThumbHeight {
		return ThumbWidth, ThumbHeight
	}
	return c.Dx(), c.Dy()
}

// centreCrop is the largest rectangle of aspect aw:ah centred in w×h.
func centreCrop(w, h, aw, ah int) image.Rectangle {
	cw, ch := w, h
	if w*ah > h*aw {
		cw = max(1, (h*aw+ah/2)/ah)
	} else {
		ch = max(1, (w*ah+aw/2)/aw)
	}
	x, y := (w-cw)/2, (h-ch)/2
	return image.Rect(x, y, x+cw, y+ch)
}

// subImage is img cut to r without copying pixels when img allows it.
func subImage(img image.Image, r image.Rectangle) image.Image {
	if r == img.Bounds() {
		return img
	}
	if s, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok {
		return s.SubImage(r)
	}
	return imaging.Crop(img, r)
}

// resampleFilter is the final resize's filter. Catmull-Rom (sharp bicubic)
// rather than Lanczos: on the 12 MP benchmark photos a Full made from the
// 1/4-scale DCT decode with Catmull-Rom is 48.8 dB PSNR from one made by
// full decode + Lanczos (Lanczos: 49.5 dB), and after the quality-82 encode
// the two differ by 0.02 dB — invisible — while the resize, the largest
// cost after decoding, takes 30% less time.
var resampleFilter = imaging.CatmullRom

// resizeTo returns img at w×h as a fresh or the same NRGBA image.
func resizeTo(img image.Image, w, h int) *image.NRGBA {
	b := img.Bounds()
	if b.Dx() == w && b.Dy() == h {
		return toNRGBA(img)
	}
	return imaging.Resize(img, w, h, resampleFilter)
}

// toNRGBA returns img as an NRGBA image with its origin at 0,0, copying only
// when it is not one already.
func toNRGBA(img image.Image) *image.NRGBA {
	if n, ok := img.(*image.NRGBA); ok && n.Rect.Min == (image.Point{}) {
		return n
	}
	return imaging.Clone(img)
}

// flattenWhite lays img over a white background in place, so transparent
// PNG/GIF/WebP areas come out white, not black, in the JPEG.
func flattenWhite(img *image.NRGBA) {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):img.PixOffset(b.Max.X, y)]
		for i := 0; i+3 < len(row); i += 4 {
			a := uint32(row[i+3])
			if a == 0xFF {
				continue
			}
			for c := range 3 {
				row[i+c] = uint8((uint32(row[i+c])*a + 0xFF*(0xFF-a) + 0x7F) / 0xFF)
			}
			row[i+3] = 0xFF
		}
	}
}
