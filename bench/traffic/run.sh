#!/usr/bin/env bash
# What the legal traffic log costs (issue 2): BenchmarkTrafficLogCost serves
# the same public page from two apps in one process, one with the traffic
# log and one without, taking turns in slices of 20,000 requests, so that
# the slow and fast spells of a shared machine fall on both sides alike.
# "handler" calls the router in-process (a page costs ~12 us of CPU there, so
# the log's share looks largest); "http" serves it on loopback to 64
# keep-alive clients, as a visitor's request is served. The log's slice ends
# with a flush, so the writer's work is counted.
#
# Each run is PAIRS slice pairs (default 20) per mode; the script does RUNS
# runs (default 5) and prints the medians.
#
#   bench/traffic/run.sh
#   RUNS=9 PAIRS=30 bench/traffic/run.sh
#
# Both apps get one memory budget: GOGC=off with GOMEMLIMIT (default 256MiB)
# runs the collector when the heap reaches the limit. Under the default
# GOGC=100, extra live heap on one side makes the collector run less often
# and hides a cost (the log's first queue, 9 MB of Record values, made the
# log look faster than no log at all).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${RUNS:-5}
pairs=${PAIRS:-20}
export GOGC=off GOMEMLIMIT=${GOMEMLIMIT:-256MiB}
out="$root/bench/out"
mkdir -p "$out"
(cd "$root" && go test -c -o "$out/traffic-bench.test" ./cmd/newsroom)
results="$out/traffic-bench.txt"
: >"$results"
metric() { # metric UNIT: the value of UNIT on each line read
	awk -v u="$1" '{for (k = 1; k <= NF; k++) if ($k == u) print $(k-1)}'
}
for i in $(seq 1 "$runs"); do
	(cd "$root/cmd/newsroom" && "$out/traffic-bench.test" -test.run '^$' -test.bench '^BenchmarkTrafficLogCost$' \
		-test.count 1 -test.benchtime "${pairs}x") | grep '^BenchmarkTrafficLogCost/' >>"$results"
	echo "run $i/$runs: $(tail -2 "$results" | awk '{for (k = 1; k <= NF; k++) if ($k == "cost-%") printf "%s %s%%  ", substr($1, 25), $(k-1)}')"
done
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo
echo "medians of $runs runs of $pairs slice pairs ($(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), GOMEMLIMIT=$GOMEMLIMIT):"
for via in handler http; do
	m() { grep -F "/$via-" "$results" | metric "$1" | median; }
	printf "  %-7s traffic log off: %8.0f req/s  %6.0f ns CPU per request\n" "$via" "$(m off-req/s)" "$(m off-cpu-ns/req)"
	printf "  %-7s traffic log on:  %8.0f req/s  %6.0f ns CPU per request\n" "$via" "$(m on-req/s)" "$(m on-cpu-ns/req)"
	printf "  %-7s cost of the log: %.1f%% of req/s (goal: under 5%%); dropped records: %s\n" "$via" "$(m cost-%)" \
		"$(grep -F "/$via-" "$results" | metric dropped | sort -n | tail -1)"
done
