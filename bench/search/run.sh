#!/bin/sh
# Site search at 100,000 items: per-query benchmark and the latency of 200
# mixed queries (p50/p95, target p95 <= 50 ms). See README.md.
# NEWSROOM_BENCH_DIR keeps the generated database between runs (made on the
# first run, about two minutes); by default it is made in a temporary
# directory and thrown away.
set -eu
cd "$(dirname "$0")/../.."
export NEWSROOM_BENCH=1
go test ./search/ -run '^TestSearchLatency100k$' -count=1 -v -timeout 30m | grep -v '^=== RUN'
go test ./search/ -run '^$' -bench '^BenchmarkSearch$' -benchtime "${BENCHTIME:-50x}" -count=1 -timeout 30m
