#!/usr/bin/env bash
# Public-site load benchmark (issue 5). With 10,000 news items, 2,000 notices
# and 500 videos in the database, our server's homepage, a news detail page
# and the notice list are loaded with `wrk -t2 -c64 -d15s --latency`, side by
# side with Debian's nginx serving saved copies of the very same pages (no
# compression on either, both on loopback, same client, same run). Prints
# req/s of both, the ratio, our p50/p99 and the CPU each server spent per
# request, per round and as medians.
#
#   bench/site/run.sh               # build, make the data set once, RUNS=3 rounds
#   RUNS=5 bench/site/run.sh        # more rounds on a noisy machine
#   PERF=1 bench/site/run.sh        # also a perf profile of our server per page
#   FLOOR=1 bench/site/run.sh       # also bare Go net/http serving the same bytes
#   bench/site/run.sh gen           # only make the data set
#   COMPRESS=1 bench/site/run.sh    # also compressed answers (homepage and
#                                   # news page): ours with Accept-Encoding br
#                                   # and gzip, nginx with gzip_static on
#                                   # precompressed .gz copies (nginx-light has
#                                   # no Brotli module: gzip only for nginx)
#
# Targets: homepage >= 0.4x nginx with p99 <= 50 ms; detail and notice list
# >= 0.25x. Needs Go, gcc, libjpeg62-turbo-dev (as the project), wrk, curl and
# nginx-light (installed with apt-get when missing and run as root).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out"
data="$out/site-data"
bin="$out/site-newsroom"
genbin="$out/site-gen"
runs=${RUNS:-3}
duration=${DURATION:-15s}
port=${PORT:-18080}
nginx_port=${NGINX_PORT:-18081}
perf=${PERF:-0}
floor=${FLOOR:-0}
floor_port=${FLOOR_PORT:-18082}
floorbin="$out/site-floor"
compress=${COMPRESS:-0}
clk=$(getconf CLK_TCK)

need() {
	local missing=()
	command -v wrk >/dev/null || missing+=(wrk)
	command -v curl >/dev/null || missing+=(curl)
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
	if [ "$perf" = 1 ] && ! command -v perf >/dev/null; then missing+=(linux-perf); fi
	if [ ${#missing[@]} -gt 0 ]; then
		echo "installing: ${missing[*]}" >&2
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
}

tmp=$(mktemp -d)
server_pid='' nginx_pid='' floor_pid=''
stop() { # stop PID: TERM, then wait for it to exit
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
	kill -TERM "$1" 2>/dev/null || true
	for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$1" 2>/dev/null && kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null || true
}
cleanup() {
	stop "$floor_pid"
	stop "$nginx_pid"
	stop "$server_pid"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() { # wait_http URL: up to 30 s for a 200
	for _ in $(seq 300); do
		curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "no answer from $1" >&2
	return 1
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# init_data: the server itself creates the schema, the unit list and the
# central admin on an empty data directory (and prints its login), exactly as
# on a first install; then the generator adds the content.
init_data() {
	rm -rf "$data"
	mkdir -p "$data"
	NEWSROOM_DATA="$data" NEWSROOM_ADDR=127.0.0.1:0 NEWSROOM_LOG_LEVEL=warn "$bin" serve >"$tmp/init.out" 2>&1 &
	local pid=$!
	for _ in $(seq 600); do grep -q '^admin login:' "$tmp/init.out" && break; sleep 0.1; done
	stop "$pid"
	if ! grep -q '^admin login:' "$tmp/init.out"; then
		cat "$tmp/init.out" >&2
		echo "the server did not initialise $data" >&2
		exit 1
	fi
	grep '^admin login:' "$tmp/init.out" >"$out/site-admin-login.txt"
	chmod 600 "$out/site-admin-login.txt"
	"$genbin" -data "$data" | tee "$out/site-gen.log"
	date -u +%FT%TZ >"$data/.complete"
}

# cpu PID...: user+system clock ticks of the processes (all their threads).
cpu() {
	local t=0 p
	for p in "$@"; do
		[ -r "/proc/$p/stat" ] || continue
		t=$((t + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat")))
	done
	echo "$t"
}

# to_ms VALUE: wrk's "812.00us", "3.10ms", "1.20s" or "1.00m" in ms.
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
		printf "%.2f", n }'
}

# load NAME URL PID...: one wrk round; sets rps, p50, p99 and cpu_us
# (server CPU time per request, µs) and fails on any error or non-200.
load() {
	local name=$1 url=$2
	shift 2
	local f="$tmp/wrk-$name.txt" c0 c1
	c0=$(cpu "$@")
	wrk -t2 -c64 -d"$duration" --latency ${accept:+-H "Accept-Encoding: $accept"} "$url" >"$f"
	c1=$(cpu "$@")
	if grep -q 'Non-2xx' "$f"; then
		echo "wrk got answers other than 200 from $url:" >&2
		cat "$f" >&2
		exit 1
	fi
	grep -q 'Socket errors' "$f" && echo "  ($name: $(grep 'Socket errors' "$f" | xargs))" >&2
	rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")
	p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
	p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
	reqs=$(awk '/requests in/ { print $1 }' "$f")
	cpu_us=$(awk -v t=$((c1 - c0)) -v clk="$clk" -v n="$reqs" 'BEGIN { printf "%.0f", t / clk * 1e6 / n }')
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

need
mkdir -p "$out"
cd "$root"
echo "building the server and the generator" >&2
go build -o "$bin" ./cmd/newsroom
go build -o "$genbin" ./bench/site/gen
[ "$floor" = 1 ] && go build -o "$floorbin" ./bench/site/floor
if [ ! -f "$data/.complete" ]; then
	echo "making the data set in $data (once; a few minutes)" >&2
	init_data
fi
[ "${1:-}" = gen ] && exit 0

for p in "$port" "$nginx_port" $([ "$floor" = 1 ] && echo "$floor_port"); do
	port_free "$p" || { echo "port $p is in use: set PORT / NGINX_PORT" >&2; exit 1; }
done

# Our server. The traffic log of earlier runs is removed so every run starts
# alike (it grows by millions of rows per run); the content stays.
rm -f "$data"/traffic.db "$data"/traffic.db-wal "$data"/traffic.db-shm
base="http://127.0.0.1:$port"
NEWSROOM_DATA="$data" NEWSROOM_ADDR="127.0.0.1:$port" NEWSROOM_BASE_URL="$base" NEWSROOM_LOG_LEVEL=warn \
	"$bin" serve >"$tmp/server.log" 2>&1 &
server_pid=$!
wait_http "$base/healthz"

# Warm the OS page cache (database files) and the server's page cache.
cat "$data"/newsroom.db* >/dev/null
news_path=$(curl -fsS "$base/" | grep -o 'href="/news/[0-9][^"]*"' | head -1 | sed 's/^href="//; s/"$//')
[ -n "$news_path" ] || { echo "no news link on the homepage" >&2; exit 1; }
names=(home detail notices)
paths=("/" "$news_path" "/notices")

# nginx serves saved copies of the same pages at the same paths.
www="$tmp/www"
mkdir -p "$www" "$tmp/nginx/logs"
for i in "${!paths[@]}"; do
	p=${paths[$i]}
	for _ in 1 2 3; do curl -fsS -o /dev/null "$base$p"; done
	f="$www$p"
	[ "$p" = / ] && f="$www/index.html"
	mkdir -p "$(dirname "$f")"
	curl -fsS -D "$tmp/headers-${names[$i]}.txt" -o "$f" "$base$p"
done
# COMPRESS=1: nginx's precompressed copies (gzip -9, as gzip_static expects).
if [ "$compress" = 1 ]; then
	find "$www" -type f -name '*' ! -name '*.gz' -exec gzip -9 -k -n {} \;
fi
chmod 755 "$tmp"
chmod -R a+rX "$www"
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	gzip off;
	gzip_static $( [ "$compress" = 1 ] && echo on || echo off );
	gzip_vary on;
	sendfile on;
	tcp_nopush on;
	default_type text/html;
	charset utf-8;
	client_body_temp_path $tmp/nginx/body;
	proxy_temp_path $tmp/nginx/proxy;
	fastcgi_temp_path $tmp/nginx/fastcgi;
	uwsgi_temp_path $tmp/nginx/uwsgi;
	scgi_temp_path $tmp/nginx/scgi;
	server {
		listen 127.0.0.1:$nginx_port;
		root $www;
		index index.html;
	}
}
EOF
nginx -p "$tmp/nginx" -e "$tmp/nginx/logs/error.log" -c "$tmp/nginx/nginx.conf" &
nginx_pid=$!
wait_http "http://127.0.0.1:$nginx_port/"
nginx_pids() { echo "$nginx_pid" $(pgrep -P "$nginx_pid" || true); }

# FLOOR=1: bare net/http answering the saved pages with our headers.
if [ "$floor" = 1 ]; then
	args=()
	for i in "${!paths[@]}"; do
		f="$www${paths[$i]}"
		[ "${paths[$i]}" = / ] && f="$www/index.html"
		args+=(-page "${paths[$i]}=$f=$tmp/headers-${names[$i]}.txt")
	done
	"$floorbin" -addr "127.0.0.1:$floor_port" "${args[@]}" 2>"$tmp/floor.log" &
	floor_pid=$!
	wait_http "http://127.0.0.1:$floor_port/"
fi

echo
echo "pages (identical bytes from both servers):"
for i in "${!paths[@]}"; do
	p=${paths[$i]}
	curl -fsS -o "$tmp/ours.html" "$base$p"
	curl -fsS -o "$tmp/nginx.html" "http://127.0.0.1:$nginx_port$p"
	cmp -s "$tmp/ours.html" "$tmp/nginx.html" || { echo "nginx's copy of $p differs from ours" >&2; exit 1; }
	printf '  %-8s %-28s %7d bytes\n' "${names[$i]}" "$p" "$(stat -c %s "$tmp/ours.html")"
done
if [ "$compress" = 1 ]; then
	echo "compressed (COMPRESS=1; our sizes by Accept-Encoding, nginx's gzip_static copy):"
	for i in 0 1; do
		p=${paths[$i]}
		for enc in br gzip; do
			h=$(curl -fsS -H "Accept-Encoding: $enc" -D - -o "$tmp/enc.bin" "$base$p" | tr -d '\r' | awk -F': ' 'tolower($1) == "content-encoding" { print $2 }')
			[ "$h" = "$enc" ] || { echo "our server answered $p with Content-Encoding '$h' to Accept-Encoding $enc" >&2; exit 1; }
			printf '  %-8s ours %-4s %7d bytes\n' "${names[$i]}" "$enc" "$(stat -c %s "$tmp/enc.bin")"
		done
		h=$(curl -fsS -H "Accept-Encoding: gzip" -D - -o "$tmp/enc.bin" "http://127.0.0.1:$nginx_port$p" | tr -d '\r' | awk -F': ' 'tolower($1) == "content-encoding" { print $2 }')
		[ "$h" = gzip ] || { echo "nginx did not answer $p from its .gz copy" >&2; exit 1; }
		printf '  %-8s nginx gzip %6d bytes\n' "${names[$i]}" "$(stat -c %s "$tmp/enc.bin")"
	done
fi
echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t2 -c$((64)) -d$duration --latency, $runs rounds; cpu = server CPU time per request"
echo

our_reqs=0
declare -A ng_rps our_rps ratios our_p50 our_p99 ng_p99 our_cpu ng_cpu fl_rps fl_ratio fl_cpu
declare -A our_br_rps our_br_p99 our_br_cpu our_gzip_rps our_gzip_p99 our_gzip_cpu ng_gz_rps ng_gz_cpu our_br_vs our_gzip_vs ng_gz_vs
accept=
for r in $(seq 1 "$runs"); do
	for i in "${!paths[@]}"; do
		n=${names[$i]} p=${paths[$i]}
		# Alternate who goes first, so drift on a shared machine evens out.
		order=(nginx ours)
		[ $(((r + i) % 2)) -eq 0 ] && order=(ours nginx)
		for who in "${order[@]}"; do
			if [ "$who" = nginx ]; then
				load "$n-nginx" "http://127.0.0.1:$nginx_port$p" $(nginx_pids)
				ng_rps[$n]+="$rps " ng_p99[$n]+="$p99 " ng_cpu[$n]+="$cpu_us "
				ng_line="nginx $rps req/s p99 ${p99}ms cpu ${cpu_us}us"
			else
				load "$n-ours" "$base$p" "$server_pid"
				our_rps[$n]+="$rps " our_p50[$n]+="$p50 " our_p99[$n]+="$p99 " our_cpu[$n]+="$cpu_us "
				our_line="ours $rps req/s p50 ${p50}ms p99 ${p99}ms cpu ${cpu_us}us"
				ours_r=$rps
				our_reqs=$((our_reqs + reqs))
			fi
			sleep 1
		done
		ng_r=$(echo "${ng_rps[$n]}" | awk '{ print $NF }')
		rt=$(ratio "$ours_r" "$ng_r")
		ratios[$n]+="$rt "
		printf 'round %d %-8s %s | %s | ratio %s\n' "$r" "$n" "$ng_line" "$our_line" "$rt"
		if [ "$compress" = 1 ] && [ "$i" -lt 2 ]; then
			for enc in br gzip; do
				sleep 1
				accept=$enc load "$n-ours-$enc" "$base$p" "$server_pid"
				eval "our_${enc}_rps[\$n]+=\"\$rps \""
				eval "our_${enc}_p99[\$n]+=\"\$p99 \""
				eval "our_${enc}_cpu[\$n]+=\"\$cpu_us \""
				eval "our_${enc}_vs[\$n]+=\"$(ratio "$rps" "$ours_r") \""
				our_reqs=$((our_reqs + reqs))
				printf '        %-8s ours %-4s %s req/s p99 %sms cpu %sus | vs ours plain %s\n' "$n" "$enc" "$rps" "$p99" "$cpu_us" "$(ratio "$rps" "$ours_r")"
			done
			sleep 1
			accept=gzip load "$n-nginx-gzip" "http://127.0.0.1:$nginx_port$p" $(nginx_pids)
			ng_gz_rps[$n]+="$rps " ng_gz_cpu[$n]+="$cpu_us " ng_gz_vs[$n]+="$(ratio "$rps" "$ng_r") "
			printf '        %-8s nginx gzip_static %s req/s p99 %sms cpu %sus | vs nginx plain %s\n' "$n" "$rps" "$p99" "$cpu_us" "$(ratio "$rps" "$ng_r")"
		fi
		if [ "$floor" = 1 ]; then
			sleep 1
			load "$n-floor" "http://127.0.0.1:$floor_port$p" "$floor_pid"
			fl_rps[$n]+="$rps " fl_cpu[$n]+="$cpu_us " fl_ratio[$n]+="$(ratio "$rps" "$ng_r") "
			printf '        %-8s bare net/http %s req/s p99 %sms cpu %sus | ratio to nginx %s\n' "$n" "$rps" "$p99" "$cpu_us" "$(ratio "$rps" "$ng_r")"
		fi
	done
done

med() { tr ' ' '\n' <<<"$1" | grep . | median; }
echo
echo "medians of $runs rounds ($(nproc) CPUs shared by wrk, nginx and our server; load average after: $(cut -d' ' -f1-3 /proc/loadavg)):"
printf '  %-8s %12s %12s %7s %8s %8s %9s %10s %10s  %s\n' page "nginx req/s" "ours req/s" ratio "p50 ms" "p99 ms" "nginx p99" "nginx cpu" "ours cpu" target
for n in "${names[@]}"; do
	want=0.25
	[ "$n" = home ] && want=0.40
	mr=$(med "${ratios[$n]}") m99=$(med "${our_p99[$n]}")
	verdict=PASS
	awk -v r="$mr" -v w="$want" 'BEGIN { exit !(r < w) }' && verdict=MISS
	if [ "$n" = home ]; then
		awk -v p="$m99" 'BEGIN { exit !(p > 50) }' && verdict=MISS
		target=">= 0.40x, p99 <= 50 ms: $verdict"
	else
		target=">= 0.25x: $verdict"
	fi
	printf '  %-8s %12s %12s %7s %8s %8s %9s %8sus %8sus  %s\n' "$n" "$(med "${ng_rps[$n]}")" "$(med "${our_rps[$n]}")" "$mr" \
		"$(med "${our_p50[$n]}")" "$m99" "$(med "${ng_p99[$n]}")" "$(med "${ng_cpu[$n]}")" "$(med "${our_cpu[$n]}")" "$target"
done
if [ "$floor" = 1 ]; then
	echo "  bare Go net/http serving the same bytes with the same headers (the floor of any Go server here):"
	for n in "${names[@]}"; do
		printf '  %-8s %12s req/s  ratio to nginx %s  cpu %sus\n' "$n" "$(med "${fl_rps[$n]}")" "$(med "${fl_ratio[$n]}")" "$(med "${fl_cpu[$n]}")"
	done
fi

if [ "$compress" = 1 ]; then
	echo "  compressed (medians; 'vs plain' = median over rounds of compressed req/s / the same server's uncompressed req/s in that round; target: homepage br and gzip >= 0.90):"
	printf '  %-8s %12s %10s %8s %8s %10s %8s %8s %12s %8s\n' page "ours plain" "ours br" "vs plain" "br cpu" "ours gzip" "vs plain" "gz cpu" "nginx gz" "vs plain"
	for n in "${names[@]:0:2}"; do
		op=$(med "${our_rps[$n]}") ob=$(med "${our_br_rps[$n]}") og=$(med "${our_gzip_rps[$n]}")
		np=$(med "${ng_rps[$n]}") ng=$(med "${ng_gz_rps[$n]}")
		printf '  %-8s %12s %10s %8s %6sus %10s %8s %6sus %12s %8s\n' "$n" "$op" "$ob" "$(med "${our_br_vs[$n]}")" "$(med "${our_br_cpu[$n]}")" \
			"$og" "$(med "${our_gzip_vs[$n]}")" "$(med "${our_gzip_cpu[$n]}")" "$ng" "$(med "${ng_gz_vs[$n]}")"
	done
	echo "  ours br / nginx gzip_static: home $(ratio "$(med "${our_br_rps[home]}")" "$(med "${ng_gz_rps[home]}")"), detail $(ratio "$(med "${our_br_rps[detail]}")" "$(med "${ng_gz_rps[detail]}")")"
fi

if [ "$perf" = 1 ]; then
	echo
	for i in "${!paths[@]}"; do
		n=${names[$i]}
		wrk -t2 -c64 -d12s "$base${paths[$i]}" >"$tmp/perf-wrk.txt" &
		wpid=$!
		sleep 1
		perf record -q -F 499 -g -p "$server_pid" -o "$out/site-perf-$n.data" -- sleep 10 2>/dev/null
		wait "$wpid"
		our_reqs=$((our_reqs + $(awk '/requests in/ { print $1 }' "$tmp/perf-wrk.txt")))
		{
			echo "# by binary"
			perf report -q -i "$out/site-perf-$n.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | sed -n 1,4p
			echo "# cumulative (children), by function"
			perf report -q -i "$out/site-perf-$n.data" --children --sort sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | sed -n 1,120p
			echo "# self, by function"
			perf report -q -i "$out/site-perf-$n.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | sed -n 1,60p
		} >"$out/site-perf-$n.txt" || true
		echo "perf, our server under the $n load (full report: $out/site-perf-$n.txt):"
		sed -n 2,5p "$out/site-perf-$n.txt"
		grep -E 'conn\)\.serve$|PageCache\)\.serve$|response\)\.Write$|syscall\.write$|Header\.writeSubset|conn\)\.readRequest|audit\.\(\*writer\)\.run|gcBgMarkWorker$|runtime\.mallocgc$|Store\)\.Version$|Handler\)\.countView' \
			"$out/site-perf-$n.txt" | sed -n 1,12p || true
	done
fi

# The legal traffic log must have kept up: stop the server (it flushes the
# log), then verify the hash chain and compare its length with what wrk sent
# (plus the few warm-up and check requests).
stop "$server_pid"
server_pid=''
echo
echo "traffic log after the run: $(NEWSROOM_DATA="$data" "$bin" traffic verify 2>&1 | tail -1)"
echo "  wrk sent our server $our_reqs requests"

if [ -s "$tmp/server.log" ]; then
	echo
	echo "server log (warnings and errors):"
	tail -20 "$tmp/server.log"
fi
