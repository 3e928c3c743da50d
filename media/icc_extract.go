package media

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
)

// Every output is re-encoded without metadata, so an embedded ICC profile is
// dropped: before that, the pixels are converted from it to sRGB (icc.go).
// These readers find the profile in each format; their input is whatever a
// user uploaded, so every step is bounds-checked (FuzzICCProfile), and a
// profile that cannot be read is simply not found: the image is then taken
// as sRGB, as browsers do.

// maxICCSize bounds a profile: real ones are 0.5–60 KB (a CMYK one with
// big lookup tables up to a few MB).
const maxICCSize = 4 << 20

// iccProfile returns the ICC profile embedded in an image of type t, or nil.
func iccProfile(t ImageType, data []byte) []byte {
	var p []byte
	switch t {
	case TypeJPEG:
		p = jpegICC(data)
	case TypePNG:
		p = pngICC(data)
	case TypeWebP:
		p = webpICC(data)
	case TypeHEIC:
		p = heicICC(data)
	}
	if len(p) < 128 || len(p) > maxICCSize { // shorter than the profile header
		return nil
	}
	return p
}

// jpegICC joins the "ICC_PROFILE" APP2 segments, each numbered k of n (a
// profile over 64 KB is split across several), in their numbered order.
func jpegICC(data []byte) []byte {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return nil
	}
	var parts [][]byte
	total, count := 0, 0
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			break
		}
		m := data[i+1]
		if m == 0xFF {
			i++
			continue
		}
		if m == 0x01 || (m >= 0xD0 && m <= 0xD8) {
			i += 2
			continue
		}
		if m == 0xDA || m == 0xD9 {
			break
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			break
		}
		seg := data[i+4 : i+2+n]
		const tag = "ICC_PROFILE\x00"
		if m == 0xE2 && len(seg) >= len(tag)+2 && string(seg[:len(tag)]) == tag {
			k, of := int(seg[len(tag)]), int(seg[len(tag)+1])
			if of == 0 || k == 0 || k > of || (parts != nil && of != len(parts)) {
				return nil
			}
			if parts == nil {
				parts = make([][]byte, of)
			}
			if parts[k-1] != nil {
				return nil // the same chunk twice
			}
			parts[k-1] = seg[len(tag)+2:]
			total += len(parts[k-1])
			count++
		}
		i += 2 + n
	}
	if count == 0 || count != len(parts) || total > maxICCSize {
		return nil
	}
	return bytes.Join(parts, nil)
}

// pngICC inflates the iCCP chunk (name, NUL, method 0, zlib data), which
// must come before PLTE and IDAT.
func pngICC(data []byte) []byte {
	for i := 8; i+8 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[i:]))
		if n < 0 || n > len(data)-i-12 {
			return nil
		}
		body := data[i+8 : i+8+n]
		switch string(data[i+4 : i+8]) {
		case "iCCP":
			k := bytes.IndexByte(body, 0)
			if k < 1 || k > 79 || k+2 > len(body) || body[k+1] != 0 {
				return nil
			}
			z, err := zlib.NewReader(bytes.NewReader(body[k+2:]))
			if err != nil {
				return nil
			}
			p, err := io.ReadAll(io.LimitReader(z, maxICCSize+1))
			if err != nil || len(p) > maxICCSize {
				return nil
			}
			return p
		case "PLTE", "IDAT", "IEND":
			return nil
		}
		i += 12 + n
	}
	return nil
}

// webpICC returns the ICCP chunk of an extended (VP8X) WebP.
func webpICC(data []byte) []byte { return webpChunk(data, "ICCP") }

// heicICC returns the primary item's colr property of type "prof" or
// "rICC". (An "nclx" colr names primaries without a profile: not handled;
// iPhones write a "prof" one.)
func heicICC(data []byte) []byte {
	props, err := heicPrimaryProperties(data)
	if err != nil {
		return nil
	}
	for _, p := range props {
		if p.typ == "colr" && len(p.body) > 4 {
			if t := string(p.body[:4]); t == "prof" || t == "rICC" {
				return p.body[4:]
			}
		}
	}
	return nil
}
