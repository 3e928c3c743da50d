#!/usr/bin/env bash
# The load-and-fault test of issue 10 (see main.go): 200 visitors on the
# public pages while 5 admins upload ZIPs for 10 minutes, with one kill -9
# and restart in the middle, then the checks (uploads complete, traffic
# verify, integrity_check, no orphaned files or rows).
#
#   bench/fault/run.sh                 # the full run
#   DUR=2m VISITORS=50 bench/fault/run.sh   # a quick one
#
# Needs Go with gcc and libjpeg62-turbo-dev.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
go build -o "$work/newsroom" ./cmd/newsroom
go build -o "$work/fault" ./bench/fault
"$work/fault" -bin "$work/newsroom" -data "$work/data" -dur "${DUR:-10m}" -visitors "${VISITORS:-200}" \
	-admins "${ADMINS:-5}" -photos "${PHOTOS:-8}" -think "${THINK:-100ms}" -admin-pause "${PAUSE:-10s}" "$@"
