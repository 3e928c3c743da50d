#!/usr/bin/env bash
# Page weight on a phone (issue 14): builds the server, starts it with the
# demo content on a fresh data directory and a free port, and measures the
# homepage and the first news page it links to in headless Chromium at
# 390x844 (DPR 1, and DPR 3 as a second line). Exits 1 when a target is
# missed. Needs Go and Debian's chromium (apt-get install -y chromium).
#
#   bench/pageweight/run.sh                         # build, start a demo site, measure
#   bench/pageweight/run.sh -base http://host:8080  # measure a running site
#   bench/pageweight/run.sh -dpr3=false             # DPR 1 only
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if ! command -v "${CHROMIUM:-chromium}" >/dev/null && [ ! -x /usr/bin/chromium ]; then
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	else
		echo "chromium is missing: apt-get install -y chromium" >&2
		exit 2
	fi
fi
exec go run ./bench/pageweight "$@"
