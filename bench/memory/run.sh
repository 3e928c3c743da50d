#!/usr/bin/env bash
# Memory benchmark (issue 10, defect 12): the worst inputs a user can upload,
# each given to the real photo pipeline (media.ProcessPhoto through
# bench/photos' photobench, media.Workers() goroutines: one per CPU, as the
# server's pool) as 2 × workers copies at once, under GNU time. Prints per
# case what was processed or refused and the peak RSS; the goal is under
# 300 MB for every case (the server adds its own ~60 MB: see README.md).
#
#   bench/memory/run.sh                        # this checkout
#   PHOTOBENCH=/path/to/old/photobench bench/memory/run.sh   # another build, e.g. before the fix
#   CASES="png16_49mp.png heic_12mp_8bit.heic" bench/memory/run.sh   # some cases only
#
# Needs Go, gcc, libjpeg62-turbo-dev, liblcms2-dev, libvips-tools (JPEG, WebP
# and HEIC inputs are written with vips) and time.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out/memory"
mkdir -p "$out"
command -v vips >/dev/null || { apt-get update -qq && apt-get install -y -qq libvips-tools >/dev/null; }
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null

cd "$root"
go build -o "$out/memgen" ./bench/memory/gen
bin=${PHOTOBENCH:-$out/photobench}
[ -n "${PHOTOBENCH:-}" ] || go build -o "$bin" ./bench/photos

# Inputs, made once.
mk() { [ -s "$out/$1" ] || { echo "making $1" >&2; shift; "$@"; }; }
mk png16_49mp.png "$out/memgen" -kind png16 -w 7000 -h 7000 "$out/png16_49mp.png"
mk png8_49mp.png "$out/memgen" -kind png8 -w 7000 -h 7000 "$out/png8_49mp.png"
mk png8_24mp.png "$out/memgen" -kind png8 -w 6000 -h 4000 "$out/png8_24mp.png"
mk png16_12mp.png "$out/memgen" -kind png16 -w 4000 -h 3000 "$out/png16_12mp.png"
mk gif_49mp_300frames.gif "$out/memgen" -kind gif -w 7000 -h 7000 -frames 300 "$out/gif_49mp_300frames.gif"
mk png8_50mp.png "$out/memgen" -kind png8 -w 7071 -h 7071 "$out/png8_50mp.png"
mk jpeg_prog444_50mp.jpg vips jpegsave "$out/png8_50mp.png" "$out/jpeg_prog444_50mp.jpg" --interlace --subsample-mode off --Q 90
mk jpeg_prog420_50mp.jpg vips jpegsave "$out/png8_50mp.png" "$out/jpeg_prog420_50mp.jpg" --interlace --subsample-mode on --Q 90
mk jpeg_base_50mp.jpg vips jpegsave "$out/png8_50mp.png" "$out/jpeg_base_50mp.jpg" --Q 90
mk webp_lossless_12mp.webp vips webpsave "$out/png16_12mp.png" "$out/webp_lossless_12mp.webp" --lossless
mk heic_12mp_12bit_alpha.heic vips heifsave "$out/png16_12mp.png" "$out/heic_12mp_12bit_alpha.heic" --Q 80 --bitdepth 12
mk png8_12mp.png "$out/memgen" -kind png8 -w 4032 -h 3024 "$out/png8_12mp.png"
mk heic_12mp_8bit.heic vips heifsave "$out/png8_12mp.png" "$out/heic_12mp_8bit.heic" --Q 80  # as an iPhone's
mk png8_5mp.png "$out/memgen" -kind png8 -w 2600 -h 1950 "$out/png8_5mp.png"
mk heic_5mp.heic vips heifsave "$out/png8_5mp.png" "$out/heic_5mp.heic" --Q 80

workers=$(nproc)
copies=$((2 * workers))
printf '%-26s %-70s %s\n' case result "peak RSS"
worst=0
cases=${CASES:-png16_49mp.png png8_49mp.png png8_24mp.png png16_12mp.png gif_49mp_300frames.gif
	jpeg_prog444_50mp.jpg jpeg_prog420_50mp.jpg jpeg_base_50mp.jpg webp_lossless_12mp.webp
	heic_12mp_8bit.heic heic_12mp_12bit_alpha.heic heic_5mp.heic}
for f in $cases; do
	args=()
	for _ in $(seq "$copies"); do args+=("$out/$f"); done
	/usr/bin/time -v -o "$out/time.txt" "$bin" "${args[@]}" >"$out/log.txt" 2>"$out/err.txt" || true
	rss=$(awk -F': ' '/Maximum resident set size/ { print int($2 / 1024) }' "$out/time.txt")
	res=$(head -1 "$out/log.txt" | sed 's/, Full.*avg//')
	[ -n "$res" ] || res="error: $(tail -1 "$out/err.txt")"
	refused=$(grep -o 'refused: [^ ]* \[.*\]' "$out/err.txt" | head -1 || true)
	printf '%-26s %-70s %d MB\n' "$f" "$res${refused:+ — ${refused#refused: }}" "$rss"
	[ "$rss" -gt "$worst" ] && worst=$rss
done
echo "worst peak RSS: $worst MB with $workers workers ($copies copies of each input at once); goal < 300 MB"
