//go:build cgo

package media

// A small binding to libjpeg-turbo (Debian's libjpeg62-turbo-dev, part of the
// base image) for the two costly steps of the photo pipeline: decoding a
// camera JPEG straight at a reduced size in the DCT domain (a 12 MP photo
// decoded at 1/4 costs a fraction of a full decode and a sixteenth of the
// pixels to resize), and encoding the outputs.
//
// Rules that keep it safe: libjpeg's error_exit longjmps back to the C entry
// function instead of calling exit(); every exit path destroys the libjpeg
// object and frees what was malloc'd; Go memory handed to C (the input bytes,
// the output pixels, the result struct) is used only during the call and no
// pointer to it is kept by C; C memory (the encoded bytes) is copied into Go
// and freed before returning.

/*
#cgo LDFLAGS: -ljpeg
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>
#include <jerror.h>

// A progressive JPEG can carry thousands of tiny scans that cost CPU each;
// cameras write at most a dozen. djpeg's -maxscans guards the same way.
#define NR_MAX_SCANS 500

typedef struct {
	int width, height;   // of the image
	int color_space;     // J_COLOR_SPACE of the file
	int scale;           // decode at scale/8 (1..8)
	int out_width, out_height;
	int components;      // in the file
	int multi_scan;      // progressive or non-interleaved: whole-image coefficient buffer
	double coef_bytes;   // size of that buffer (0 for a single-scan file)
	long max_memory;     // cap on libjpeg's own allocations during a decode (0: none)
	char msg[JMSG_LENGTH_MAX];
} nr_jpeg;

typedef struct {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
	char *msg;
} nr_error;

static void nr_error_exit(j_common_ptr c) {
	nr_error *e = (nr_error *)c->err;
	(*c->err->format_message)(c, e->msg);
	longjmp(e->jump, 1);
}

// nr_emit_message turns a premature end of data (a truncated upload) into an
// error instead of a silently grey lower half; other warnings (extraneous
// bytes and the like, common in real camera files) are tolerated.
static void nr_emit_message(j_common_ptr c, int level) {
	if (level < 0) {
		if (c->err->msg_code == JWRN_JPEG_EOF) nr_error_exit(c);
		c->err->num_warnings++;
	}
}

static void nr_output_message(j_common_ptr c) { (void)c; }

static void nr_progress(j_common_ptr c) {
	if (c->is_decompressor && ((j_decompress_ptr)c)->input_scan_number > NR_MAX_SCANS) {
		nr_error *e = (nr_error *)c->err;
		snprintf(e->msg, JMSG_LENGTH_MAX, "more than %d scans", NR_MAX_SCANS);
		longjmp(e->jump, 1);
	}
}

static void nr_errors(nr_error *e, char *msg) {
	jpeg_std_error(&e->pub);
	e->pub.error_exit = nr_error_exit;
	e->pub.emit_message = nr_emit_message;
	e->pub.output_message = nr_output_message;
	e->msg = msg;
	msg[0] = 0;
}

// nr_jpeg_header reads the header only. It returns 0, or 1 with r->msg set.
static int nr_jpeg_header(const unsigned char *data, unsigned long len, nr_jpeg *r) {
	struct jpeg_decompress_struct d;
	nr_error e;
	nr_errors(&e, r->msg);
	d.err = &e.pub;
	if (setjmp(e.jump)) {
		jpeg_destroy_decompress(&d);
		return 1;
	}
	jpeg_create_decompress(&d);
	jpeg_mem_src(&d, data, len);
	jpeg_read_header(&d, TRUE);
	r->width = d.image_width;
	r->height = d.image_height;
	r->color_space = d.jpeg_color_space;
	r->components = d.num_components;
	r->multi_scan = jpeg_has_multiple_scans(&d) ? 1 : 0;
	r->coef_bytes = 0;
	if (r->multi_scan) {
		// jdcoefct.c keeps every block of every component, in rows
		// padded to the component's vertical sampling factor.
		for (int i = 0; i < d.num_components; i++) {
			jpeg_component_info *c = &d.comp_info[i];
			double rows = (double)((c->height_in_blocks + c->v_samp_factor - 1) / c->v_samp_factor) * c->v_samp_factor;
			double cols = (double)((c->width_in_blocks + c->h_samp_factor - 1) / c->h_samp_factor) * c->h_samp_factor;
			r->coef_bytes += rows * cols * sizeof(JBLOCK);
		}
	}
	jpeg_destroy_decompress(&d);
	return 0;
}

// nr_jpeg_decode decodes at r->scale/8 into out as RGBA rows of
// out_width*4 bytes (alpha 255); cap is the size of out. It returns 0, 1 with
// r->msg set, or 2 when the colour space cannot be converted to RGB (CMYK).
static int nr_jpeg_decode(const unsigned char *data, unsigned long len, nr_jpeg *r,
		unsigned char *out, size_t cap) {
	struct jpeg_decompress_struct d;
	struct jpeg_progress_mgr prog;
	nr_error e;
	JSAMPROW rows[32];
	nr_errors(&e, r->msg);
	d.err = &e.pub;
	if (setjmp(e.jump)) {
		jpeg_destroy_decompress(&d);
		return 1;
	}
	jpeg_create_decompress(&d);
	// The budget reserved for this decode bounds libjpeg too: with no
	// backing store, a request past it fails instead of allocating.
	if (r->max_memory > 0) d.mem->max_memory_to_use = r->max_memory;
	prog.progress_monitor = nr_progress;
	d.progress = &prog;
	jpeg_mem_src(&d, data, len);
	jpeg_read_header(&d, TRUE);
	if (d.jpeg_color_space == JCS_CMYK || d.jpeg_color_space == JCS_YCCK) {
		jpeg_destroy_decompress(&d);
		return 2;
	}
	d.out_color_space = JCS_EXT_RGBA;
	d.scale_num = r->scale;
	d.scale_denom = 8;
	d.dct_method = JDCT_ISLOW;
	jpeg_start_decompress(&d);
	r->out_width = d.output_width;
	r->out_height = d.output_height;
	size_t stride = (size_t)d.output_width * 4;
	if (d.output_components != 4 || stride * d.output_height > cap) {
		snprintf(r->msg, JMSG_LENGTH_MAX, "output %ux%u does not fit the buffer",
			d.output_width, d.output_height);
		jpeg_destroy_decompress(&d);
		return 1;
	}
	while (d.output_scanline < d.output_height) {
		int n = d.rec_outbuf_height;
		if (n > 32) n = 32;
		for (int i = 0; i < n; i++) {
			unsigned int y = d.output_scanline + i;
			if (y >= d.output_height) y = d.output_height - 1;
			rows[i] = out + stride * y;
		}
		jpeg_read_scanlines(&d, rows, n);
	}
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	return 0;
}

// nr_jpeg_encode encodes RGBX rows (the 4th byte ignored) as a baseline JPEG
// with optimised Huffman tables, 4:2:0, JFIF header and nothing else. On
// success *buf is malloc'd and the caller frees it; on failure it is NULL.
static int nr_jpeg_encode(const unsigned char *pix, int w, int h, int stride, int quality,
		unsigned char **buf, unsigned long *size, char *msg) {
	struct jpeg_compress_struct c;
	nr_error e;
	nr_errors(&e, msg);
	c.err = &e.pub;
	*buf = NULL;
	*size = 0;
	if (setjmp(e.jump)) {
		jpeg_destroy_compress(&c);
		free(*buf);
		*buf = NULL;
		return 1;
	}
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, buf, size);
	c.image_width = w;
	c.image_height = h;
	c.input_components = 4;
	c.in_color_space = JCS_EXT_RGBX;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, quality, TRUE);
	c.optimize_coding = TRUE;
	c.dct_method = JDCT_ISLOW;
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		JSAMPROW row = (JSAMPROW)(pix + (size_t)stride * c.next_scanline);
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	return 0;
}
*/
import "C"

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"unsafe"
)

// jpegHeader reads the dimensions and the decode's memory needs from a JPEG
// header.
func jpegHeader(data []byte) (jpegInfo, error) {
	if len(data) == 0 {
		return jpegInfo{}, fileErr("media.empty")
	}
	var r C.nr_jpeg
	if C.nr_jpeg_header((*C.uchar)(unsafe.Pointer(&data[0])), C.ulong(len(data)), &r) != 0 {
		return jpegInfo{}, fmt.Errorf("media: jpeg header: %s: %w", C.GoString(&r.msg[0]), fileErr("media.corrupt"))
	}
	cs := r.color_space
	return jpegInfo{
		w: int(r.width), h: int(r.height),
		components: int(r.components),
		multiScan:  r.multi_scan != 0,
		coefBytes:  int64(r.coef_bytes),
		// libjpeg's row buffers: a few MCU rows per component.
		rowBytes:   int64(r.width) * int64(r.components) * 32,
		goFallback: cs == C.JCS_CMYK || cs == C.JCS_YCCK,
	}, nil
}

// decodeJPEG decodes data at the scale n/8 (1 ≤ n ≤ 8) into an opaque NRGBA
// image of scaledSize(w, n)×scaledSize(h, n), letting libjpeg allocate at
// most maxMem bytes (0: no cap). CMYK/YCCK files, which libjpeg-turbo cannot
// turn into RGB, go through Go's decoder at full size.
func decodeJPEG(data []byte, w, h, n int, maxMem int64) (*image.NRGBA, error) {
	if n < 1 || n > 8 {
		n = 8
	}
	ow, oh := scaledSize(w, n), scaledSize(h, n)
	img := image.NewNRGBA(image.Rect(0, 0, ow, oh))
	r := C.nr_jpeg{scale: C.int(n), max_memory: C.long(maxMem)}
	var out *C.uchar
	if len(img.Pix) > 0 {
		out = (*C.uchar)(unsafe.Pointer(&img.Pix[0]))
	}
	switch C.nr_jpeg_decode((*C.uchar)(unsafe.Pointer(&data[0])), C.ulong(len(data)), &r, out, C.size_t(len(img.Pix))) {
	case 0:
	case 2:
		return decodeJPEGGo(data)
	default:
		return nil, fmt.Errorf("media: jpeg decode: %s: %w", C.GoString(&r.msg[0]), fileErr("media.corrupt"))
	}
	if int(r.out_width) != ow || int(r.out_height) != oh {
		return nil, fmt.Errorf("media: jpeg decode: got %dx%d at %d/8, want %dx%d: %w",
			r.out_width, r.out_height, n, ow, oh, fileErr("media.corrupt"))
	}
	return img, nil
}

// decodeJPEGGo is the slow path for what libjpeg-turbo cannot convert.
func decodeJPEGGo(data []byte) (*image.NRGBA, error) {
	src, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("media: jpeg decode: %v: %w", err, fileErr("media.corrupt"))
	}
	return toNRGBA(src), nil
}

// encodeJPEG encodes the colour of img (alpha ignored: flatten first) at the
// given quality. The result holds no metadata segment at all.
func encodeJPEG(img *image.NRGBA, quality int) ([]byte, error) {
	b := img.Bounds()
	if b.Empty() {
		return nil, fmt.Errorf("media: jpeg encode: empty image")
	}
	var buf *C.uchar
	var size C.ulong
	var msg [C.JMSG_LENGTH_MAX]C.char
	pix := img.Pix[img.PixOffset(b.Min.X, b.Min.Y):]
	if C.nr_jpeg_encode((*C.uchar)(unsafe.Pointer(&pix[0])), C.int(b.Dx()), C.int(b.Dy()),
		C.int(img.Stride), C.int(quality), &buf, &size, &msg[0]) != 0 {
		return nil, fmt.Errorf("media: jpeg encode: %s", C.GoString(&msg[0]))
	}
	defer C.free(unsafe.Pointer(buf))
	return C.GoBytes(unsafe.Pointer(buf), C.int(size)), nil
}
