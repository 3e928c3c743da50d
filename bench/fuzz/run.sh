#!/bin/sh
# Runs each fuzz target for FUZZTIME (default 60s), one at a time with one
# worker (-parallel 1), and prints per target the executions counted by the
# target itself (bench/fuzz/tally: go test's progress line only counts what
# a worker has reported back, which can be a handful for a whole run) and go
# test's own last progress line.
# Usage, from the repository root: bench/fuzz/run.sh [FuzzName ...]
set -u
FUZZTIME=${FUZZTIME:-60s}
# Every fuzz target in the repository, found in the test files, so that a
# new one is never left out: "./pkg FuzzName" per line.
targets=$(grep -rE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*\(' . |
	sed -E 's|^\./(.*)/[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*|./\1 \2|; s|^\./[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*|. \1|' | sort)
echo "$targets" | while read -r pkg name; do
	[ -z "$pkg" ] && continue
	if [ $# -gt 0 ] && ! echo " $* " | grep -q " $name "; then continue; fi
	go test -c -o /dev/null "$pkg" >/dev/null 2>&1 # build outside the timed run
	dir=$(mktemp -d)
	out=$(NEWSROOM_FUZZ_TALLY=$dir go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -parallel 1 "$pkg" 2>&1)
	rc=$?
	execs=0
	for f in "$dir"/*; do
		case $f in *.tmp) continue ;; esac
		[ -f "$f" ] && execs=$((execs + $(cat "$f")))
	done
	rm -rf "$dir"
	last=$(echo "$out" | grep -E '^fuzz: elapsed' | tail -1)
	printf '%-20s %-22s rc=%s execs=%s | %s\n' "$pkg" "$name" "$rc" "$execs" "$last"
	if [ $rc -ne 0 ]; then echo "$out" | tail -30 | sed 's/^/    /'; fi
done
