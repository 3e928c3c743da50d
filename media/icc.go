//go:build cgo

package media

// Colour management through Little CMS 2 (Debian's liblcms2-dev): a photo
// whose embedded ICC profile is not sRGB (Adobe RGB from cameras, Display P3
// from iPhones, ProPhoto from raw converters) has its output pixels converted
// from that profile to sRGB, relative colorimetric, before the profile is
// dropped with the rest of the metadata. Without it the same numbers would
// be read as sRGB and the colours shift (washed-out Adobe RGB and P3,
// garish ProPhoto).
//
// The conversion runs on the outputs (800×600 and 400×300), not on the
// decoded source: a per-pixel colour transform commutes with resizing to
// well under one level, and it costs a millisecond instead of one pass over
// up to 50 MP. Rules as in jpeg.go: Go memory is lent to C only during the
// call; every lcms object is freed on every path; lcms reports errors by
// return values (its default error logger prints nothing).

/*
#cgo LDFLAGS: -llcms2 -lm
#include <stdlib.h>
#include <math.h>
#include <lcms2.h>

// sRGB's colorants as an ICC profile stores them (adapted to D50).
static const double nr_srgb_xyz[3][3] = {
	{0.4361, 0.2225, 0.0139}, {0.3851, 0.7169, 0.0971}, {0.1431, 0.0606, 0.7141},
};

static double nr_srgb_eotf(double v) {
	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

// nr_is_srgb reports whether an RGB matrix/TRC profile is sRGB in effect:
// its colorants and tone curves match sRGB's.
static int nr_is_srgb(cmsHPROFILE p) {
	cmsTagSignature cols[3] = {cmsSigRedColorantTag, cmsSigGreenColorantTag, cmsSigBlueColorantTag};
	cmsTagSignature trcs[3] = {cmsSigRedTRCTag, cmsSigGreenTRCTag, cmsSigBlueTRCTag};
	for (int i = 0; i < 3; i++) {
		cmsCIEXYZ *c = (cmsCIEXYZ *)cmsReadTag(p, cols[i]);
		cmsToneCurve *t = (cmsToneCurve *)cmsReadTag(p, trcs[i]);
		if (c == NULL || t == NULL) return 0;
		if (fabs(c->X - nr_srgb_xyz[i][0]) > 0.003 || fabs(c->Y - nr_srgb_xyz[i][1]) > 0.003 ||
		    fabs(c->Z - nr_srgb_xyz[i][2]) > 0.003) return 0;
		for (int k = 1; k < 16; k++) {
			double v = k / 16.0;
			if (fabs(cmsEvalToneCurveFloat(t, (cmsFloat32Number)v) - nr_srgb_eotf(v)) > 0.002) return 0;
		}
	}
	return 1;
}

// nr_to_srgb converts h rows of w RGBA pixels (stride bytes apart) in place
// from the profile to sRGB, keeping alpha. It returns 0 when converted, 1
// when the profile is sRGB already, 2 when it is unusable (broken, not RGB,
// or no transform can be built): the caller then keeps the pixels as they are.
static int nr_to_srgb(const void *icc, cmsUInt32Number len, unsigned char *pix, int w, int h, int stride) {
	cmsHPROFILE in = cmsOpenProfileFromMem(icc, len);
	if (in == NULL) return 2;
	if (cmsGetColorSpace(in) != cmsSigRgbData ||
	    (cmsGetDeviceClass(in) != cmsSigDisplayClass && cmsGetDeviceClass(in) != cmsSigInputClass &&
	     cmsGetDeviceClass(in) != cmsSigColorSpaceClass && cmsGetDeviceClass(in) != cmsSigOutputClass)) {
		cmsCloseProfile(in);
		return 2;
	}
	if (nr_is_srgb(in)) {
		cmsCloseProfile(in);
		return 1;
	}
	cmsHPROFILE out = cmsCreate_sRGBProfile();
	if (out == NULL) {
		cmsCloseProfile(in);
		return 2;
	}
	cmsHTRANSFORM t = cmsCreateTransform(in, TYPE_RGBA_8, out, TYPE_RGBA_8,
		INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_COPY_ALPHA);
	cmsCloseProfile(in);
	cmsCloseProfile(out);
	if (t == NULL) return 2;
	cmsDoTransformLineStride(t, pix, pix, w, h, stride, stride, 0, 0);
	cmsDeleteTransform(t);
	return 0;
}
*/
import "C"

import (
	"image"
	"unsafe"
)

// iccResult says what toSRGB did.
type iccResult int

const (
	iccConverted iccResult = iota
	iccIsSRGB
	iccUnusable
)

// toSRGB converts img in place from the ICC profile to sRGB. An sRGB
// profile leaves it as it is; so does a broken or non-RGB one (the image is
// then taken as sRGB, as browsers do), which is not an error.
func toSRGB(img *image.NRGBA, profile []byte) iccResult {
	b := img.Bounds()
	if len(profile) == 0 || b.Empty() {
		return iccUnusable
	}
	pix := img.Pix[img.PixOffset(b.Min.X, b.Min.Y):]
	return iccResult(C.nr_to_srgb(unsafe.Pointer(&profile[0]), C.cmsUInt32Number(len(profile)),
		(*C.uchar)(unsafe.Pointer(&pix[0])), C.int(b.Dx()), C.int(b.Dy()), C.int(img.Stride)))
}
