#!/usr/bin/env bash
# What the legal traffic log costs (issue 2): BenchmarkPublicPage serves the
# same public page through the whole middleware chain with the traffic log
# off and on. The test binary is built once; each of ROUNDS rounds (default
# 10) measures both sides, one after the other, so slow spells of a shared
# machine fall on both. Prints the median req/s and CPU time per request of
# each side, the cost of the log from those medians, and the median of each
# round's own cost.
#
#   bench/traffic/run.sh              # 10 rounds of 2 s per side
#   ROUNDS=20 BENCHTIME=3s bench/traffic/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${ROUNDS:-10}
benchtime=${BENCHTIME:-2s}
out="$root/bench/out"
mkdir -p "$out"
(cd "$root" && go test -c -o "$out/traffic-bench.test" ./cmd/newsroom)
results="$out/traffic-bench.txt"
: >"$results"
# Each side runs in a process of its own, and the order flips every round:
# the first benchmark of a process pays for warming up (heap growth, caches),
# and that must not fall on one side only.
#
# Both sides get the same memory budget: GOGC=off with GOMEMLIMIT (default
# 128MiB) runs the collector when the heap reaches the limit. Under the
# default GOGC=100 the log's queue (9 MB of live heap) made the collector run
# less often on the "on" side, and the log looked faster than no log at all.
export GOGC=off GOMEMLIMIT=${GOMEMLIMIT:-128MiB}
bench() { # bench NAME: one run of one sub-benchmark
	(cd "$root/cmd/newsroom" && "$out/traffic-bench.test" -test.run '^$' -test.bench "^BenchmarkPublicPage\$/^$1\$" \
		-test.count 1 -test.benchtime "$benchtime") | grep '^BenchmarkPublicPage/' >>"$results"
}
for i in $(seq 1 "$rounds"); do
	for via in handler http; do
		if ((i % 2)); then order="off on"; else order="on off"; fi
		for side in $order; do bench "$via/traffic=$side"; done
	done
	echo "round $i/$rounds: $(tail -4 "$results" | awk '{for (k = 1; k <= NF; k++) if ($k == "req/s") printf "%s %s  ", substr($1, 21), $(k-1)}')"
done
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
field() { # field SIDE UNIT: the values of UNIT for the side
	grep -F "/$1-" "$results" | awk -v u="$2" '{for (k = 1; k <= NF; k++) if ($k == u) print $(k-1)}'
}
echo
echo "medians of $rounds rounds ($(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), GOMEMLIMIT=$GOMEMLIMIT):"
for via in handler http; do
	off_rps=$(field "$via/traffic=off" req/s | median)
	on_rps=$(field "$via/traffic=on" req/s | median)
	off_cpu=$(field "$via/traffic=off" cpu-ns/op | median)
	on_cpu=$(field "$via/traffic=on" cpu-ns/op | median)
	printf "  %-7s traffic log off: %8.0f req/s  %6.0f ns CPU per request\n" "$via" "$off_rps" "$off_cpu"
	printf "  %-7s traffic log on:  %8.0f req/s  %6.0f ns CPU per request\n" "$via" "$on_rps" "$on_cpu"
	awk -v v="$via" -v a="$off_rps" -v b="$on_rps" -v c="$off_cpu" -v d="$on_cpu" 'BEGIN {
		printf "  %-7s cost of the log: %.1f%% of req/s, %.1f%% more CPU per request (goal: under 5%%)\n", v, (1 - b / a) * 100, (d / c - 1) * 100 }'
	# The two sides of one round ran seconds apart, so their ratio is
	# steadier than the ratio of medians when the machine's speed drifts.
	paired_rps=$(paste <(field "$via/traffic=off" req/s) <(field "$via/traffic=on" req/s) | awk '{print (1 - $2 / $1) * 100}' | median)
	paired_cpu=$(paste <(field "$via/traffic=off" cpu-ns/op) <(field "$via/traffic=on" cpu-ns/op) | awk '{print ($2 / $1 - 1) * 100}' | median)
	printf "  %-7s median of the rounds' own costs: %.1f%% of req/s, %.1f%% more CPU per request\n" "$via" "$paired_rps" "$paired_cpu"
done
