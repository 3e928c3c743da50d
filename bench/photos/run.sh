#!/usr/bin/env bash
# Photo pipeline benchmark (issue 3): 50 camera-like 12 MP JPEGs through
# media.ProcessPhoto (Full 800×600 + Thumb 400×300, media.Workers() goroutines)
# against Debian's `vipsthumbnail --size 800x600` over the same files one after
# another. Prints both wall times, the ratio ours/vips and our peak RSS.
#
#   bench/photos/run.sh          # generate the set once, then RUNS=3 rounds
#   RUNS=5 bench/photos/run.sh   # more rounds
#   bench/photos/run.sh gen      # only generate the set
#
# Needs: imagemagick, libimage-exiftool-perl, libvips-tools, time (GNU), Go,
# gcc and libjpeg62-turbo-dev. See README.md beside this file.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out"
set_dir="$out/photos12mp"
count=50
runs=${RUNS:-3}

need() {
	local missing=()
	command -v convert >/dev/null && convert -version 2>/dev/null | grep -q ImageMagick || missing+=(imagemagick)
	command -v exiftool >/dev/null || missing+=(libimage-exiftool-perl)
	command -v vipsthumbnail >/dev/null || missing+=(libvips-tools)
	[ -x /usr/bin/time ] || missing+=(time)
	if [ ${#missing[@]} -gt 0 ]; then
		echo "installing: ${missing[*]}" >&2
		apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
}

# gen_one N writes photo N: a plasma fractal (smooth, colourful, like out-of-focus
# scenery) with Gaussian sensor-like noise, 4:2:0 at quality 92 like a phone
# camera, 2–5 MB. Every fifth photo carries EXIF orientation 6 (portrait held
# phone) and every seventh orientation 8, all of them a camera make and GPS.
gen_one() {
	local n=$1 f
	f=$(printf '%s/img_%02d.jpg' "$set_dir" "$n")
	[ -s "$f" ] && return 0
	local noise
	noise=$(awk -v n="$n" 'BEGIN { printf "%.2f", 0.15 + (n % 5) * 0.05 }')
	convert -seed "$n" -size 4000x3000 plasma: -attenuate "$noise" +noise Gaussian \
		-sampling-factor 2x2 -quality 92 "$f.tmp.jpg"
	local orient=1
	if [ $((n % 5)) -eq 0 ]; then orient=6; elif [ $((n % 7)) -eq 0 ]; then orient=8; fi
	exiftool -q -overwrite_original -n -Make=NPUcam -Model=Bench12 \
		-Orientation="$orient" -GPSLatitude=17.41 -GPSLatitudeRef=N \
		-GPSLongitude=104.78 -GPSLongitudeRef=E "$f.tmp.jpg"
	mv "$f.tmp.jpg" "$f"
}

generate() {
	mkdir -p "$set_dir"
	local have
	have=$(find "$set_dir" -name 'img_*.jpg' | wc -l)
	[ "$have" -ge "$count" ] && return 0
	echo "generating $count photos of 4000x3000 into $set_dir (a few minutes, once)" >&2
	export -f gen_one
	export set_dir
	seq 1 "$count" | xargs -P "$(nproc)" -I{} bash -c 'gen_one {}'
}

# rss_kb FILE reads GNU time's "Maximum resident set size (kbytes)".
rss_kb() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
# wall_s FILE reads GNU time's elapsed wall clock as seconds.
wall_s() {
	awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + p[i]
		printf "%.3f", s }' "$1"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

need
generate
[ "${1:-}" = gen ] && exit 0

cd "$root"
bin="$out/photobench"
go build -o "$bin" ./bench/photos
files=("$set_dir"/img_*.jpg)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Warm the page cache so both sides read from memory.
cat "${files[@]}" >/dev/null

ratio() { awk -v o="$1" -v v="$2" 'BEGIN { printf "%.2f", o / v }'; }

vips_t=() ours_t=() ratios=() ours_rss=() vips_rss=()
for i in $(seq 1 "$runs"); do
	rm -rf "$tmp/vips" "$tmp/ours" && mkdir -p "$tmp/vips"
	/usr/bin/time -v -o "$tmp/vips.time" vipsthumbnail --size 800x600 -o "$tmp/vips/tn_%s.jpg" "${files[@]}"
	/usr/bin/time -v -o "$tmp/ours.time" "$bin" -out "$tmp/ours" "${files[@]}" >"$tmp/ours.log"
	v=$(wall_s "$tmp/vips.time") o=$(wall_s "$tmp/ours.time")
	vips_t+=("$v") ours_t+=("$o") ratios+=("$(ratio "$o" "$v")")
	vips_rss+=("$(rss_kb "$tmp/vips.time")") ours_rss+=("$(rss_kb "$tmp/ours.time")")
	printf 'run %d: vipsthumbnail %6.2fs  ours %6.2fs  ratio %s  ours peak RSS %d MB  [%s]\n' \
		"$i" "$v" "$o" "${ratios[-1]}" "$(( ${ours_rss[-1]} / 1024 ))" "$(cat "$tmp/ours.log")"
done

med_v=$(printf '%s\n' "${vips_t[@]}" | median)
med_o=$(printf '%s\n' "${ours_t[@]}" | median)
med_r=$(printf '%s\n' "${ratios[@]}" | median)
max_rss=$(printf '%s\n' "${ours_rss[@]}" | sort -g | tail -1)
med_vrss=$(printf '%s\n' "${vips_rss[@]}" | median)
echo "medians of $runs runs, $count photos of 4000x3000, $(nproc) CPUs:"
printf '  vipsthumbnail --size 800x600, one file after another: %.2fs (peak RSS %d MB)\n' "$med_v" $((med_vrss / 1024))
printf '  media.ProcessPhoto, Full + Thumb, media.Workers() goroutines: %.2fs\n' "$med_o"
printf '  ratio ours/vips: %s (median of per-run ratios; of median times: %s). Goal <= 1.0, limit 2.0\n' \
	"$med_r" "$(ratio "$med_o" "$med_v")"
printf '  our peak RSS, highest of the runs: %d MB (limit 300 MB)\n' $((max_rss / 1024))
