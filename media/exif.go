package media

import (
	"bytes"
	"encoding/binary"
)

// We read one EXIF tag, Orientation, and nothing else: every output is
// re-encoded from pixels, so all metadata (GPS above all) is dropped anyway.
// The reader is small and bounds-checked on every step because its input is
// whatever a user uploaded (FuzzExifOrientation exercises it).

const tagOrientation = 0x0112

// exifOrientation returns the EXIF orientation (1–8) of an image of type t,
// or 1 when there is none or it is unreadable. JPEG carries EXIF in an APP1
// segment, PNG in an eXIf chunk, WebP in an EXIF chunk. GIF has none, and
// the HEIC decoder applies the container's own rotation itself.
func exifOrientation(t ImageType, data []byte) int {
	var tiff []byte
	switch t {
	case TypeJPEG:
		tiff = jpegEXIF(data)
	case TypePNG:
		tiff = pngEXIF(data)
	case TypeWebP:
		tiff = webpEXIF(data)
	}
	return tiffOrientation(tiff)
}

// jpegEXIF walks the JPEG marker segments up to the first scan and returns
// the TIFF block of the first "Exif" APP1 segment.
func jpegEXIF(data []byte) []byte {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return nil
		}
		m := data[i+1]
		switch {
		case m == 0xFF: // fill byte
			i++
			continue
		case m == 0x01 || (m >= 0xD0 && m <= 0xD8): // markers without a length
			i += 2
			continue
		case m == 0xDA || m == 0xD9: // start of scan, end of image
			return nil
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return nil
		}
		seg := data[i+4 : i+2+n]
		if m == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return seg[6:]
		}
		i += 2 + n
	}
	return nil
}

// pngEXIF returns the content of the eXIf chunk, which must precede IDAT.
func pngEXIF(data []byte) []byte {
	const sig = 8
	for i := sig; i+8 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		if n < 0 || n > len(data)-i-12 {
			return nil
		}
		switch typ {
		case "eXIf":
			return data[i+8 : i+8+n]
		case "IDAT", "IEND":
			return nil
		}
		i += 12 + n // length, type, data, CRC
	}
	return nil
}

// webpEXIF returns the content of the EXIF chunk of an extended (VP8X) WebP.
func webpEXIF(data []byte) []byte {
	// Some writers keep JPEG's "Exif\0\0" prefix.
	return bytes.TrimPrefix(webpChunk(data, "EXIF"), []byte("Exif\x00\x00"))
}

// webpChunk returns the content of the first chunk of type fourcc in a RIFF
// WebP file, or nil; a chunk length past the end stops the walk.
func webpChunk(data []byte, fourcc string) []byte {
	for i := 12; i+8 <= len(data); {
		n := int(binary.LittleEndian.Uint32(data[i+4:]))
		if n < 0 || n > len(data)-i-8 {
			return nil
		}
		if string(data[i:i+4]) == fourcc {
			return data[i+8 : i+8+n]
		}
		i += 8 + n + n&1 // chunks are padded to an even size
	}
	return nil
}

// tiffOrientation reads tag 0x0112 from IFD0 of a TIFF-structured EXIF block.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	ifd := int64(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > int64(len(t)) {
		return 1
	}
	n := int64(bo.Uint16(t[ifd:]))
	for k := range n {
		e := ifd + 2 + 12*k
		if e+12 > int64(len(t)) {
			return 1
		}
		if bo.Uint16(t[e:]) != tagOrientation {
			continue
		}
		typ, count := bo.Uint16(t[e+2:]), bo.Uint32(t[e+4:])
		if typ != 3 || count != 1 { // one SHORT, stored inline
			return 1
		}
		if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}
