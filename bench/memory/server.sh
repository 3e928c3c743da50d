#!/usr/bin/env bash
# The worst inputs of bench/memory/run.sh uploaded to a running server, as a
# unit PR user uploads photos into a news draft: per case, 2 × CPUs copies in
# one upload, processed by the server's queue (media.Workers() workers);
# the server's peak RSS (VmHWM, reset between cases through clear_refs) is
# read once the batch is done. Run bench/memory/run.sh first (it makes the
# inputs).
#
#   bench/memory/server.sh                      # the server of this checkout
#   NEWSROOM_BIN=/path/to/newsroom bench/memory/server.sh   # another build
#   CASES="png16_49mp.png" bench/memory/server.sh            # some cases only
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
in="$root/bench/out/memory"
work=$(mktemp -d)
trap 'stop; rm -rf "$work"' EXIT
bin=${NEWSROOM_BIN:-$work/newsroom}
[ -n "${NEWSROOM_BIN:-}" ] || (cd "$root" && go build -o "$bin" ./cmd/newsroom)

srv=
hwm() { awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$srv/status"; }
rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$srv/status"; }
token() { curl -s -b "$jar" -c "$jar" "$base$1" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1; }

# start: a fresh server (a fresh data directory) and a logged-in unit user,
# so each case starts from an idle process.
start() {
	stop
	rm -rf "$work/data" "$work/jar"
	port=$((20000 + RANDOM % 20000))
	base="http://127.0.0.1:$port"
	NEWSROOM_DEMO=1 NEWSROOM_DATA="$work/data" NEWSROOM_ADDR="127.0.0.1:$port" NEWSROOM_LOG_LEVEL=warn \
		"$bin" >"$work/out.txt" 2>"$work/err.txt" &
	srv=$!
	until curl -sf "$base/healthz" >/dev/null; do sleep 0.2; done
	local id pw t
	read -r id pw < <(grep -m1 '(unit)' "$work/out.txt" | awk '{print $3, $4}')
	jar="$work/jar"
	t=$(token /admin/login)
	curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$t" --data-urlencode "citizen_id=$id" --data-urlencode "password=$pw" "$base/admin/login"
	sleep 1
	echo 5 >"/proc/$srv/clear_refs" # VmHWM := VmRSS: the demo set-up is not counted
}
stop() { [ -z "$srv" ] || { kill "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true; srv=; }; }

copies=$((2 * $(nproc)))
printf '%-26s %-40s %s\n' case "photos stored" "server peak RSS"
worst=0
cases=${CASES:-png16_49mp.png png8_49mp.png png8_24mp.png png16_12mp.png gif_49mp_300frames.gif
	jpeg_prog444_50mp.jpg jpeg_prog420_50mp.jpg jpeg_base_50mp.jpg webp_lossless_12mp.webp
	heic_12mp_8bit.heic heic_12mp_12bit_alpha.heic heic_5mp.heic}
for f in $cases; do
	[ -s "$in/$f" ] || { echo "missing $in/$f: run bench/memory/run.sh first" >&2; exit 1; }
	start
	idle=$(rss)
	t=$(token /admin/news/new)
	draft=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
	args=()
	for k in $(seq "$copies"); do args+=(-F "files=@$in/$f;filename=$k-$f"); done
	resp=$(curl -s -b "$jar" -H "X-CSRF-Token: $t" "${args[@]}" "$base/admin/news/photos?draft=$draft")
	progress=$(echo "$resp" | sed -n 's/.*"progress":"\([^"]*\)".*/\1/p')
	if [ -n "$progress" ]; then
		while :; do
			p=$(curl -s -b "$jar" "$base$progress")
			case "$p" in *'"state":"done"'* | *'"state":"failed"'*) break ;; esac
			sleep 0.5
		done
		res=$(echo "$p" | sed -n 's/.*"processed":\([0-9]*\).*/\1/p')" of $copies processed"
		msg=$(echo "$p" | grep -o '"problems":\[[^]]*' | cut -c 1-160 || true)
	else
		res="upload answered: $(echo "$resp" | head -c 120)"
		msg=
	fi
	peak=$(hwm)
	printf '%-26s %-40s %d MB (idle %d MB) %s\n' "$f" "$res" "$peak" "$idle" "$msg"
	[ "$peak" -gt "$worst" ] && worst=$peak
done
stop
echo "worst server peak RSS: $worst MB ($copies copies per upload, $(nproc) CPUs); goal < 300 MB"
