package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"sync"
)

// HEIC photos are decoded by gen2brain/heic's libheif and libde265 compiled
// to WebAssembly and run by wazero (photo_heic_wasm.go), so a plain
// `go build` brings them, and a bug in those C libraries stays inside the
// WASM sandbox. libheif applies the container's rotation and mirroring
// (irot/imir) itself.
//
// The size is read here, not with heic.DecodeConfig: that one hands libheif
// only the first 32 KB, which fails on any real photo (the image data box
// runs past it), and it would start a WASM instance just to learn a size.

// heicConfig reads the primary image's size (ispe), turned by its irot,
// from the ISO-BMFF boxes: ftyp, meta → pitm, iprp → ipco + ipma.
func heicConfig(data []byte) (image.Config, error) {
	props, err := heicPrimaryProperties(data)
	if err != nil {
		return image.Config{}, err
	}
	w, h, turned := 0, 0, false
	for _, p := range props {
		switch {
		case p.typ == "ispe" && len(p.body) >= 12:
			w = int(binary.BigEndian.Uint32(p.body[4:]))
			h = int(binary.BigEndian.Uint32(p.body[8:]))
		case p.typ == "irot" && len(p.body) >= 1:
			turned = p.body[0]&1 == 1 // 90° or 270°
		}
	}
	if w <= 0 || h <= 0 || w > 1<<20 || h > 1<<20 {
		return image.Config{}, fmt.Errorf("primary item: no usable ispe: %w", errBadHEIF)
	}
	if turned {
		w, h = h, w
	}
	return image.Config{Width: w, Height: h}, nil
}

// heicDepthAlpha tells whether the primary image has more than 8 bits per
// sample (its pixi property) and whether the file holds an alpha plane (an
// auxC property naming alpha), which cost the decoder more memory.
func heicDepthAlpha(data []byte) (deep, alpha bool) {
	props, err := heicPrimaryProperties(data)
	if err != nil {
		return false, false
	}
	for _, p := range props {
		if p.typ == "pixi" && len(p.body) >= 5 {
			for _, bits := range p.body[5:min(len(p.body), 5+int(p.body[4]))] {
				deep = deep || bits > 8
			}
		}
	}
	if meta, err := findBox(data, "meta"); err == nil && len(meta) > 4 {
		if iprp, err := findBox(meta[4:], "iprp"); err == nil {
			if ipco, err := findBox(iprp, "ipco"); err == nil {
				all, _ := boxList(ipco)
				for _, p := range all {
					alpha = alpha || (p.typ == "auxC" && bytes.Contains(p.body, []byte("alpha")))
				}
			}
		}
	}
	return deep, alpha
}

// heicPrimaryProperties lists the properties (ipco boxes) associated with
// the primary item (pitm) by ipma.
func heicPrimaryProperties(data []byte) ([]box, error) {
	meta, err := findBox(data, "meta")
	if err != nil {
		return nil, err
	}
	if len(meta) < 4 {
		return nil, errBadHEIF
	}
	meta = meta[4:] // FullBox version and flags
	pitm, err := findBox(meta, "pitm")
	if err != nil || len(pitm) < 6 {
		return nil, errBadHEIF
	}
	var primary uint32
	if pitm[0] == 0 {
		primary = uint32(binary.BigEndian.Uint16(pitm[4:]))
	} else if len(pitm) >= 8 {
		primary = binary.BigEndian.Uint32(pitm[4:])
	}
	iprp, err := findBox(meta, "iprp")
	if err != nil {
		return nil, err
	}
	ipco, err := findBox(iprp, "ipco")
	if err != nil {
		return nil, err
	}
	props, err := boxList(ipco)
	if err != nil {
		return nil, err
	}
	ipma, err := findBox(iprp, "ipma")
	if err != nil {
		return nil, err
	}
	assoc, err := itemProperties(ipma, primary)
	if err != nil {
		return nil, err
	}
	var out []box
	for _, i := range assoc {
		if i >= 1 && i <= len(props) {
			out = append(out, props[i-1])
		}
	}
	return out, nil
}

var errBadHEIF = errors.New("heif: malformed boxes")

type box struct {
	typ  string
	body []byte
}

// nextBox splits the first box off b.
func nextBox(b []byte) (box, []byte, error) {
	if len(b) < 8 {
		return box{}, nil, errBadHEIF
	}
	size, hdr := uint64(binary.BigEndian.Uint32(b)), uint64(8)
	typ := string(b[4:8])
	switch size {
	case 0: // to the end
		size = uint64(len(b))
	case 1: // 64-bit size follows
		if len(b) < 16 {
			return box{}, nil, errBadHEIF
		}
		size, hdr = binary.BigEndian.Uint64(b[8:]), 16
	}
	if size < hdr || size > uint64(len(b)) {
		if typ == "mdat" { // image data cut short matters only to the decoder
			return box{typ: typ}, nil, nil
		}
		return box{}, nil, errBadHEIF
	}
	return box{typ: typ, body: b[hdr:size]}, b[size:], nil
}

// boxList splits b into its boxes.
func boxList(b []byte) ([]box, error) {
	var out []box
	for len(b) > 0 {
		bx, rest, err := nextBox(b)
		if err != nil {
			return nil, err
		}
		out = append(out, bx)
		b = rest
	}
	return out, nil
}

// findBox returns the body of the first box of type typ in b.
func findBox(b []byte, typ string) ([]byte, error) {
	for len(b) > 0 {
		bx, rest, err := nextBox(b)
		if err != nil {
			return nil, err
		}
		if bx.typ == typ {
			return bx.body, nil
		}
		b = rest
	}
	return nil, fmt.Errorf("no %s box: %w", typ, errBadHEIF)
}

// itemProperties lists the 1-based ipco indexes associated with item in an
// ipma box.
func itemProperties(ipma []byte, item uint32) ([]int, error) {
	if len(ipma) < 8 {
		return nil, errBadHEIF
	}
	version, wide := ipma[0], ipma[3]&1 == 1
	n := binary.BigEndian.Uint32(ipma[4:])
	p := ipma[8:]
	for range n {
		var id uint32
		if version < 1 {
			if len(p) < 3 {
				return nil, errBadHEIF
			}
			id, p = uint32(binary.BigEndian.Uint16(p)), p[2:]
		} else {
			if len(p) < 5 {
				return nil, errBadHEIF
			}
			id, p = binary.BigEndian.Uint32(p), p[4:]
		}
		count := int(p[0])
		p = p[1:]
		size := 1
		if wide {
			size = 2
		}
		if len(p) < count*size {
			return nil, errBadHEIF
		}
		if id == item {
			out := make([]int, count)
			for k := range count {
				if wide {
					out[k] = int(binary.BigEndian.Uint16(p[2*k:]) & 0x7FFF)
				} else {
					out[k] = int(p[k] & 0x7F)
				}
			}
			return out, nil
		}
		p = p[count*size:]
	}
	return nil, fmt.Errorf("item %d has no properties: %w", item, errBadHEIF)
}

// heicMu lets one HEIC decode run at a time. Each runs in its own WASM
// instance whose memory grows by about 26 bytes per pixel (measured: 290 MB
// for a 12 MP single-image HEIC); the decode budget (photo_cost.go) counts
// that, so a HEIC larger than the budget allows is refused, and HEIC uploads
// are rare enough (phones convert to JPEG when uploading from the browser)
// that queueing them costs little.
var heicMu sync.Mutex

// heicPrepare compiles the HEIC module before the first decode, under a
// reservation of its own: compiling makes about 50 MB of garbage once per
// process, which is then handed back before any decode reserves its bytes.
func heicPrepare() error {
	if heicCompiled.Load() {
		return nil
	}
	release, err := reserve(heicCompileCost, func(int64) error { return errors.New("media: HEIC compile budget") })
	if err != nil {
		return err
	}
	defer release()
	err = heicCompile()
	heicCompiled.Store(err == nil)
	return err
}

// heicDecode decodes the primary image with at most limit bytes of WASM
// memory, one at a time, into Go memory.
func heicDecode(data []byte, limit int64) (img image.Image, err error) {
	defer recoverDecoder(&err)
	heicMu.Lock()
	defer heicMu.Unlock()
	return heicDecodeWASM(data, limit)
}
