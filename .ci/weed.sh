#!/usr/bin/env bash
# Builds SeaweedFS's `weed` binary (the S3-compatible server the media
# storage tests run against) once and caches it; prints its path on stdout.
#   bin=$(.ci/weed.sh)
# `go install` refuses the module (its go.mod has replace directives), so the
# module is downloaded into the module cache, copied somewhere writable and
# built there. The first build takes several minutes; later runs reuse the
# binary in $NEWSROOM_WEED_CACHE (default /var/cache/newsroom-ci).
set -euo pipefail
version=v0.0.0-20261109003541-7506e5f91cd6
cache=${NEWSROOM_WEED_CACHE:-/var/cache/newsroom-ci}
bin="$cache/weed-$version"
if [ -x "$bin" ] && "$bin" version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi
mkdir -p "$cache"
dir=$(go mod download -json "github.com/seaweedfs/seaweedfs@$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$dir" ] || { echo "weed.sh: module download failed" >&2; exit 1; }
src=$(mktemp -d "$cache/weed-src.XXXXXX")
trap 'rm -rf "$src"' EXIT
cp -r "$dir/." "$src/"
chmod -R u+w "$src"
echo "weed.sh: building weed $version (first time only; several minutes)" >&2
start=$(date +%s)
(cd "$src" && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$bin.tmp" ./weed)
mv "$bin.tmp" "$bin"
ln -sf "$(basename "$bin")" "$cache/weed"
echo "weed.sh: built in $(($(date +%s) - start))s, $(du -h "$bin" | cut -f1)" >&2
echo "$bin"
