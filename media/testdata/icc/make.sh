#!/usr/bin/env bash
# Makes the colour-management fixtures of icc_test.go (run from this folder;
# needs imagemagick, libvips-tools, liblcms2-dev). The references are made
# here, once, by libvips' colour management (vips icc_transform, relative
# colorimetric), so the tests need no vips.
#
#   adobe_rgb.icc, prophoto.icc, srgb.icc: Ghostscript's a98.icc, rommrgb.icc
#     and srgb.icc (Debian: ghostscript's /usr/share/color/icc/ghostscript/)
#   display_p3.icc: make_p3.c
#   src.png: a 160×120 saturated four-corner gradient, no profile
#   <profile>.<ext>: src.png's numbers with the profile attached (not
#     converted), as JPEG (q95, 4:4:4), PNG (iCCP), WebP (lossless) and HEIC
#   <profile>_ref.png: <profile>.png converted to sRGB by vips
set -euo pipefail
gcc make_p3.c -o /tmp/make_p3 -llcms2 -lm && /tmp/make_p3
convert -size 160x120 xc: -sparse-color Bilinear '0,0 #ff1010 159,0 #10ff10 0,119 #1010ff 159,119 #ffff20' \
	-depth 8 -define png:exclude-chunks=date,time src.png
for p in adobe_rgb display_p3 prophoto srgb; do
	# The same numbers, tagged with the profile:
	convert src.png -profile "$p.icc" -define png:exclude-chunks=date,time "$p.png"
	convert "$p.png" -quality 95 -sampling-factor 1x1 "$p.jpg"
	vips copy "$p.png" "$p.webp[lossless]"
	vips icc_transform "$p.png" "${p}_ref.png[strip]" srgb --intent relative --embedded
done
vips copy display_p3.png display_p3.heic[Q=95]
