#!/bin/sh
# Runs each fuzz target for FUZZTIME (default 60s), one at a time with one
# worker, and prints the last progress line of each: the executions reached.
# Usage: bench/fuzz/run.sh [FuzzName ...]   (from the repository root)
set -u
FUZZTIME=${FUZZTIME:-60s}
targets="
./media FuzzDecodeJPEG
./media FuzzDecodePNG
./media FuzzDecodeGIF
./media FuzzDecodeWebP
./media FuzzDecodeHEIC
./media FuzzExifSegments
./media FuzzExifOrientation
./media FuzzZipEntryName
./media FuzzReadZip
./content/richtext FuzzSanitize
./content/richtext FuzzLead
./content/richtext FuzzYouTubeID
./content/richtext FuzzYouTubeRoundTrip
./content FuzzSearchQuery
./content FuzzParseCursor
./content FuzzFiscalYear
./admin FuzzFormDates
./cmd/newsroom FuzzPublicQuery
"
echo "$targets" | while read -r pkg name; do
	[ -z "$pkg" ] && continue
	if [ $# -gt 0 ] && ! echo " $* " | grep -q " $name "; then continue; fi
	out=$(go test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -parallel 1 "$pkg" 2>&1)
	rc=$?
	last=$(echo "$out" | grep -E '^fuzz: elapsed' | tail -1)
	printf '%s %s rc=%s %s\n' "$pkg" "$name" "$rc" "$last"
	if [ $rc -ne 0 ]; then echo "$out" | tail -30 | sed 's/^/    /'; fi
done
