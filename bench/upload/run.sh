#!/usr/bin/env bash
# End-to-end upload benchmark (issue 3): a ZIP of the 50 12-MP photos of
# bench/photos is uploaded to a running server as a unit PR would; we time
# until the batch is fully processed (800×600 + thumbnail stored), record the
# server's peak RSS, and measure a public news page's latency with wrk before
# and while the batch processes.
#
#   bench/upload/run.sh            # needs bench/photos/run.sh gen first (it is run if needed)
#
# Needs: wrk, zip, curl, GNU time; Go with gcc and libjpeg62-turbo-dev.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out"
photos="$out/photos12mp"
work=$(mktemp -d)
trap 'kill "$srv" 2>/dev/null || true; rm -rf "$work"' EXIT

for tool in wrk zip curl; do
	command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null; }
done
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
[ "$(find "$photos" -name 'img_*.jpg' 2>/dev/null | wc -l)" -ge 50 ] || "$root/bench/photos/run.sh" gen

zipfile="$out/photos12mp.zip"
[ -s "$zipfile" ] || (cd "$photos" && zip -q -0 "$zipfile" img_*.jpg)

(cd "$root" && go build -o "$work/newsroom" ./cmd/newsroom)
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
NEWSROOM_DEMO=1 NEWSROOM_DATA="$work/data" NEWSROOM_ADDR="127.0.0.1:$port" NEWSROOM_LOG_LEVEL=warn \
	/usr/bin/time -v -o "$work/time.txt" "$work/newsroom" >"$work/out.txt" 2>"$work/err.txt" &
srv=$!
until curl -sf "$base/healthz" >/dev/null; do sleep 0.2; done

read -r id pw < <(grep -m1 '(unit)' "$work/out.txt" | awk '{print $3, $4}')
jar="$work/jar"
token() { curl -s -b "$jar" -c "$jar" "$base$1" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1; }
t=$(token /admin/login)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$t" --data-urlencode "citizen_id=$id" --data-urlencode "password=$pw" "$base/admin/login"
newsid=$(curl -s "$base/news" | sed -n 's/.*href="\/news\/\([0-9]*\)".*/\1/p' | head -1)
page="$base/news/$newsid"

echo "== baseline: $page"
wrk -t2 -c16 -d10s --latency "$page" | grep -E 'Requests/sec|99%|50%'

t=$(token /admin/news/new)
draft=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
start=$(date +%s.%N)
resp=$(curl -s -b "$jar" -H "X-CSRF-Token: $t" -F "files=@$zipfile;filename=ภาพกิจกรรม.zip" "$base/admin/news/photos?draft=$draft")
progress=$(echo "$resp" | sed -n 's/.*"progress":"\([^"]*\)".*/\1/p')
[ -n "$progress" ] || { echo "upload failed: $resp"; exit 1; }
uploaded=$(date +%s.%N)

echo "== during processing: $page"
wrk -t2 -c16 -d10s --latency "$page" | grep -E 'Requests/sec|99%|50%' &
wrkpid=$!
while :; do
	p=$(curl -s -b "$jar" "$base$progress")
	case "$p" in *'"state":"done"'*) break ;; esac
	sleep 0.2
done
done_at=$(date +%s.%N)
wait "$wrkpid"
echo "$p" | sed -n 's/.*"processed":\([0-9]*\).*/processed photos: \1/p'
awk -v s="$start" -v u="$uploaded" -v d="$done_at" 'BEGIN { printf "upload %.2f s, processing %.2f s, upload-to-done %.2f s\n", u-s, d-u, d-s }'
# The same ZIP again with no other load, against vipsthumbnail over the same
# 50 files one after another, in the same run.
upload_quiet() {
	local t draft resp progress
	t=$(token /admin/news/new)
	draft=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
	resp=$(curl -s -b "$jar" -H "X-CSRF-Token: $t" -F "files=@$zipfile;filename=quiet.zip" "$base/admin/news/photos?draft=$draft")
	progress=$(echo "$resp" | sed -n 's/.*"progress":"\([^"]*\)".*/\1/p')
	until curl -s -b "$jar" "$base$progress" | grep -q '"state":"done"'; do sleep 0.05; done
}
command -v vipsthumbnail >/dev/null || apt-get install -y -qq libvips-tools >/dev/null
vdir="$work/vips"; mkdir -p "$vdir"
s0=$(date +%s.%N); upload_quiet; s1=$(date +%s.%N)
for f in "$photos"/img_*.jpg; do vipsthumbnail --size 800x600 -o "$vdir/%s.jpg" "$f"; done
s2=$(date +%s.%N)
awk -v a="$s0" -v b="$s1" -v c="$s2" 'BEGIN { printf "quiet: upload+process %.2f s, vipsthumbnail x50 %.2f s, ratio %.2f\n", b-a, c-b, (b-a)/(c-b) }'

pkill -TERM -P "$srv" || true; wait "$srv" || true
grep 'Maximum resident set size' "$work/time.txt" | awk '{printf "server peak RSS: %.0f MB\n", $6/1024}'
