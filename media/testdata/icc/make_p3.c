// Writes display_p3.icc (Display P3: DCI-P3 primaries, D65, sRGB tone
// curve, as iPhones embed) with Little CMS.
//   gcc make_p3.c -o /tmp/make_p3 -llcms2 -lm && /tmp/make_p3
#include <lcms2.h>
#include <math.h>

static cmsHPROFILE p3(cmsToneCurve *c) {
	cmsCIExyY white = {0.3127, 0.3290, 1.0};
	cmsCIExyYTRIPLE prim = {{0.680, 0.320, 1.0}, {0.265, 0.690, 1.0}, {0.150, 0.060, 1.0}};
	cmsToneCurve *curves[3] = {c, c, c};
	cmsHPROFILE p = cmsCreateRGBProfile(&white, &prim, curves);
	cmsMLU *d = cmsMLUalloc(NULL, 1);
	cmsMLUsetASCII(d, "en", "US", "Display P3 (test)");
	cmsWriteTag(p, cmsSigProfileDescriptionTag, d);
	cmsMLUfree(d);
	return p;
}

int main(void) {
	cmsFloat64Number srgb[5] = {2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045};
	cmsToneCurve *para = cmsBuildParametricToneCurve(NULL, 4, srgb);
	cmsHPROFILE a = p3(para);
	cmsSaveProfileToFile(a, "display_p3.icc");
	return 0;
}
