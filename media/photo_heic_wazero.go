//go:build linux

package media

// HEIC decoding runs gen2brain/heic's WebAssembly build of libheif and
// libde265 in our own wazero runtime, for memory's sake: through heic.Decode
// the module's linear memory is a Go slice that grows by copying (old and new
// both resident until the collector runs), which made a 12 MP photo cost
// 26 bytes per pixel. Here the linear memory is an anonymous mapping of at
// most the bytes reserved for the decode (photo_cost.go): it grows in place,
// pages are resident only once touched, and it is unmapped the moment the
// module closes. An image needing more than its reservation fails to
// allocate inside the sandbox instead of growing the process.
//
// The module and its ABI (exports malloc, free and
// decode(in, size, configOnly, &w, &h, &colourspace, &chroma, &premultiplied,
// out)) are gen2brain/heic's (lib/heif.c there); its embedded, gzipped
// binary is reached by linkname rather than copied into this repository.

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io"
	"sync"
	"syscall"
	_ "unsafe" // go:linkname

	_ "github.com/gen2brain/heic" // the module below
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

//go:linkname heifWasmGz github.com/gen2brain/heic.heifWasm
var heifWasmGz []byte

var heifModule struct {
	once sync.Once
	rt   wazero.Runtime
	cm   wazero.CompiledModule
	err  error
}

// heicCompile compiles the module once per process (about 50 MB of garbage
// and 1–2 s of CPU, the first time only).
func heicCompile() error {
	m := &heifModule
	m.once.Do(func() {
		ctx := context.Background()
		zr, err := gzip.NewReader(bytes.NewReader(heifWasmGz))
		if err != nil {
			m.err = err
			return
		}
		wasm, err := io.ReadAll(zr)
		if err != nil {
			m.err = err
			return
		}
		m.rt = wazero.NewRuntime(ctx)
		if _, err := wasi_snapshot_preview1.Instantiate(ctx, m.rt); err != nil {
			m.err = err
			return
		}
		m.cm, m.err = m.rt.CompileModule(ctx, wasm)
	})
	return m.err
}

// mappedMemory is a linear memory in an anonymous mapping of a fixed size.
type mappedMemory struct{ buf []byte }

func (m *mappedMemory) Reallocate(size uint64) []byte {
	if m.buf == nil || size > uint64(len(m.buf)) {
		return nil // the module's malloc fails: the image is refused
	}
	return m.buf[:size]
}

func (m *mappedMemory) Free() {
	if m.buf != nil {
		syscall.Munmap(m.buf)
		m.buf = nil
	}
}

// heicDecodeWASM decodes the primary image of data with at most limit bytes
// of linear memory and returns a copy in Go memory.
func heicDecodeWASM(data []byte, limit int64) (image.Image, error) {
	if err := heicCompile(); err != nil {
		return nil, fmt.Errorf("heif module: %w", err)
	}
	ctx := experimental.WithMemoryAllocator(context.Background(),
		experimental.MemoryAllocatorFunc(func(initial, most uint64) experimental.LinearMemory {
			// At least the module's initial memory, whole 64 KB pages.
			size := max(min(most, uint64(limit)), initial) &^ (1<<16 - 1)
			b, err := syscall.Mmap(-1, 0, int(size), syscall.PROT_READ|syscall.PROT_WRITE,
				syscall.MAP_PRIVATE|syscall.MAP_ANONYMOUS|syscall.MAP_NORESERVE)
			if err != nil {
				return &mappedMemory{}
			}
			return &mappedMemory{buf: b}
		}))
	mod, err := heifModule.rt.InstantiateModule(ctx, heifModule.cm,
		wazero.NewModuleConfig().WithStdout(io.Discard).WithStderr(io.Discard).WithName(""))
	if err != nil {
		return nil, err
	}
	defer mod.Close(ctx) // unmaps the memory
	mem := mod.Memory()
	malloc := mod.ExportedFunction("malloc")
	decode := mod.ExportedFunction("decode")
	if mem == nil || malloc == nil || decode == nil {
		return nil, errors.New("heif module: missing exports")
	}
	alloc := func(n int) (uint32, error) {
		r, err := malloc.Call(ctx, uint64(n))
		if err != nil || r[0] == 0 {
			return 0, fmt.Errorf("heif: cannot allocate %d bytes (limit %d)", n, limit)
		}
		return uint32(r[0]), nil
	}
	in, err := alloc(len(data))
	if err != nil {
		return nil, err
	}
	if !mem.Write(in, data) {
		return nil, errBadHEIF
	}
	vars, err := alloc(20)
	if err != nil {
		return nil, err
	}
	call := func(configOnly, out uint32) error {
		r, err := decode.Call(ctx, uint64(in), uint64(len(data)), uint64(configOnly),
			uint64(vars), uint64(vars+4), uint64(vars+8), uint64(vars+12), uint64(vars+16), uint64(out))
		if err != nil {
			return err
		}
		if r[0] == 0 {
			return errors.New("heif: decode failed")
		}
		return nil
	}
	if err := call(1, 0); err != nil {
		return nil, err
	}
	v, ok := mem.Read(vars, 20)
	if !ok {
		return nil, errBadHEIF
	}
	w, h := int(binary.LittleEndian.Uint32(v)), int(binary.LittleEndian.Uint32(v[4:]))
	space, chroma := binary.LittleEndian.Uint32(v[8:]), binary.LittleEndian.Uint32(v[12:])
	premul := binary.LittleEndian.Uint32(v[16:]) == 1
	if w <= 0 || h <= 0 || w > 1<<16 || h > 1<<16 {
		return nil, errBadHEIF
	}
	align := func(n int) int { return (n + 15) &^ 15 }
	rect := image.Rect(0, 0, w, h)
	var size int
	var ycc *image.YCbCr
	switch space {
	case 0: // YCbCr
		ratio, cw, ch := image.YCbCrSubsampleRatio444, w, h
		switch chroma {
		case 1:
			ratio, cw, ch = image.YCbCrSubsampleRatio420, (w+1)/2, (h+1)/2
		case 2:
			ratio, cw = image.YCbCrSubsampleRatio422, (w+1)/2
		case 3:
		default:
			return nil, fmt.Errorf("heif: chroma %d", chroma)
		}
		ys, cs := align(w), align(cw)
		size = ys*h + 2*cs*ch
		ycc = &image.YCbCr{YStride: ys, CStride: cs, SubsampleRatio: ratio, Rect: rect}
	case 1: // interleaved RGBA
		size = align(4*w) * h
	case 2: // monochrome
		size = align(w) * h
	default:
		return nil, fmt.Errorf("heif: colour space %d", space)
	}
	out, err := alloc(size)
	if err != nil {
		return nil, err
	}
	if err := call(0, out); err != nil {
		return nil, err
	}
	pix, ok := mem.Read(out, uint32(size))
	if !ok {
		return nil, errBadHEIF
	}
	pix = bytes.Clone(pix) // out of the mapping, which Close unmaps
	switch {
	case ycc != nil:
		n := ycc.YStride * h
		c := (size - n) / 2
		ycc.Y, ycc.Cb, ycc.Cr = pix[:n:n], pix[n:n+c:n+c], pix[n+c:]
		return ycc, nil
	case space == 1 && premul:
		return &image.RGBA{Pix: pix, Stride: align(4 * w), Rect: rect}, nil
	case space == 1:
		return &image.NRGBA{Pix: pix, Stride: align(4 * w), Rect: rect}, nil
	}
	return &image.Gray{Pix: pix, Stride: align(w), Rect: rect}, nil
}
