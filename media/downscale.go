package media

import "slices"

// SmallWidths are the widths of the smaller copies of stored JPEGs that
// pages offer in srcset (/media/{key}?w=200): a row of stories on a phone
// shows its thumbnails about 120 px wide, and a 400-wide thumbnail is twice
// what such a screen needs. Only these widths are made, so the set of
// copies is bounded.
var SmallWidths = []int{200, 500}

// smallQuality is the encode quality of the smaller copies (as thumbnails).
const smallQuality = thumbQuality

// Downscale returns the stored JPEG data at width w, aspect ratio kept. A
// source no wider than w comes back as it is. Only our own stored files
// (already decoded, fitted and re-encoded on upload) reach it, but it is
// bounded anyway: w must be one of SmallWidths and the decode is capped.
func Downscale(data []byte, w int) ([]byte, error) {
	if !slices.Contains(SmallWidths, w) {
		return nil, fileErr("media.corrupt")
	}
	info, err := jpegHeader(data)
	if err != nil {
		return nil, err
	}
	if info.w <= w || info.h <= 0 {
		return data, nil
	}
	h := max(1, (info.h*w+info.w/2)/info.w)
	// Let libjpeg do most of the shrinking in the DCT: the smallest scale
	// n/8 that still leaves at least w pixels across.
	n := 8
	for n > 1 && scaledSize(info.w, n-1) >= w {
		n--
	}
	img, err := decodeJPEG(data, info.w, info.h, n, 64<<20)
	if err != nil {
		return nil, err
	}
	return encodeJPEG(resizeTo(img, w, h), smallQuality)
}
