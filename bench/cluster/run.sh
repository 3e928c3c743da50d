#!/usr/bin/env bash
# Several instances (issue 15): the per-request cost of PostgreSQL against
# SQLite on one instance, and of two instances behind nginx against one.
# On the data set of bench/site (10,000 news items, 2,000 notices, 500
# videos; made once by bench/site/run.sh gen), moved to PostgreSQL with
# `newsroom migrate-to`, it loads the homepage and a news page with
# `wrk -t2 -c64 -d15s` (no compression) against:
#   sqlite    one instance on SQLite, directly
#   pg        one instance on PostgreSQL, directly
#   pg-nginx  the same instance through nginx (the proxy's own cost)
#   cluster   two instances on PostgreSQL behind nginx (round robin)
# and prints req/s per round and medians, the ratios pg/sqlite and
# cluster/pg-nginx, and the server CPU per request (instances, nginx and
# PostgreSQL counted separately). Then it counts the SQL statements one
# uncached homepage and one uncached news page run (PostgreSQL's statement
# log between two markers).
#
#   bench/cluster/run.sh            # RUNS=3 rounds of DURATION=15s
#   RUNS=5 bench/cluster/run.sh
#
# On one 2-core machine the cluster cannot be faster than one instance: the
# point is what a request costs and that the answers are right.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/bench/out"
data="$out/site-data"
bin="$out/site-newsroom"
runs=${RUNS:-3}
duration=${DURATION:-15s}
clk=$(getconf CLK_TCK)
cd "$root"

for c in wrk curl nginx; do
	command -v $c >/dev/null || [ -x /usr/sbin/$c ] || {
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk curl nginx-light >/dev/null
		break
	}
done
[ -f "$data/.complete" ] || bench/site/run.sh gen
go build -o "$bin" ./cmd/newsroom

tmp=$(mktemp -d /tmp/newsroom-cluster-bench.XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	.ci/pg.sh stop "$tmp/pg" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() {
	for _ in $(seq 600); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
	echo "no answer from $1" >&2
	return 1
}
cpu() { # clock ticks of the PIDs' processes and their children's threads
	local t=0 p
	for p in "$@"; do
		[ -r "/proc/$p/stat" ] || continue
		t=$((t + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat")))
	done
	echo "$t"
}
pg_pids() { pgrep -u postgres -d ' ' postgres || true; }
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "starting PostgreSQL" >&2
pg=$(PG_OPTS="-c shared_buffers=256MB" .ci/pg.sh start "$tmp/pg")
pgdb="${pg%/postgres*}/bench?sslmode=disable"
psql "$pg" -qc "CREATE DATABASE bench"

# A copy of the SQLite site for the SQLite instance, and the move.
src="$tmp/sqlite"
mkdir -p "$src"
cp -r "$data"/newsroom.db "$data"/media "$src"/
echo "moving the data set to PostgreSQL (newsroom migrate-to)" >&2
NEWSROOM_DATA="$src" "$bin" migrate-to --to-database-url "$pgdb" | tee "$tmp/migrate.txt" >&2

start() { # start NAME PORT [env...]: an instance; prints its PID
	local name=$1 port=$2
	shift 2
	mkdir -p "$tmp/$name"
	[ -d "$tmp/$name/media" ] || ln -s "$src/media" "$tmp/$name/media"
	env NEWSROOM_DATA="$tmp/$name" NEWSROOM_ADDR="127.0.0.1:$port" NEWSROOM_BASE_URL="$site" \
		NEWSROOM_LOG_LEVEL=warn "$@" "$bin" serve >"$tmp/$name.log" 2>&1 &
	echo $!
}
p_sqlite=$(free_port); p_a=$(free_port); p_b=$(free_port); p_n1=$(free_port); p_n2=$(free_port)
# One public address for all, as behind a load balancer, so that every
# instance writes the same links and the answers can be compared.
site="http://127.0.0.1:$p_n2"
# The SQLite instance serves the copied data directory itself.
env NEWSROOM_DATA="$src" NEWSROOM_ADDR="127.0.0.1:$p_sqlite" NEWSROOM_BASE_URL="$site" \
	NEWSROOM_LOG_LEVEL=warn "$bin" serve >"$tmp/sqlite.log" 2>&1 &
sqlite_pid=$!
pids+=("$sqlite_pid")
wait_http "http://127.0.0.1:$p_sqlite/healthz"
a_pid=$(start a "$p_a" NEWSROOM_DATABASE_URL="$pgdb")
pids+=("$a_pid")
wait_http "http://127.0.0.1:$p_a/healthz"
b_pid=$(start b "$p_b" NEWSROOM_DATABASE_URL="$pgdb")
pids+=("$b_pid")
wait_http "http://127.0.0.1:$p_b/healthz"

mkdir -p "$tmp/nginx"
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	upstream one { server 127.0.0.1:$p_a; keepalive 64; }
	upstream two { server 127.0.0.1:$p_a; server 127.0.0.1:$p_b; keepalive 64; }
	proxy_http_version 1.1;
	proxy_set_header Connection "";
	proxy_set_header Host \$host;
	proxy_set_header X-Forwarded-For \$remote_addr;
	server { listen 127.0.0.1:$p_n1; location / { proxy_pass http://one; } }
	server { listen 127.0.0.1:$p_n2; location / { proxy_pass http://two; } }
}
EOF
nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" &
nginx_pid=$!
pids+=("$nginx_pid")
wait_http "http://127.0.0.1:$p_n2/healthz"

news=$(curl -fsS "http://127.0.0.1:$p_sqlite/" | grep -o 'href="/news/[0-9][^"]*"' | head -1 | sed 's/^href="//; s/"$//')
[ -n "$news" ] || { echo "no news link on the homepage" >&2; exit 1; }
names=(home news)
paths=("/" "$news")
# The answers agree (the same content on both engines).
for p in "${paths[@]}"; do
	for port in "$p_sqlite" "$p_a" "$p_b" "$p_n2"; do
		curl -fsS "http://127.0.0.1:$port$p" | sed 's/value="[^"]*"//g' | sha256sum | cut -c1-16
	done | sort -u | wc -l | grep -qx 1 || echo "warning: $p differs between instances" >&2
done

declare -A rps cpu_inst cpu_db cpu_proxy
targets=(sqlite pg pg-nginx cluster)
port_of() { case $1 in sqlite) echo "$p_sqlite";; pg) echo "$p_a";; pg-nginx) echo "$p_n1";; cluster) echo "$p_n2";; esac; }
insts_of() { case $1 in sqlite) echo "$sqlite_pid";; pg|pg-nginx) echo "$a_pid";; cluster) echo "$a_pid $b_pid";; esac; }

for round in $(seq "$runs"); do
	for i in "${!paths[@]}"; do
		for t in "${targets[@]}"; do
			url="http://127.0.0.1:$(port_of "$t")${paths[$i]}"
			for _ in 1 2 3; do curl -fsS -o /dev/null "$url"; done
			f="$tmp/wrk.txt"
			ci0=$(cpu $(insts_of "$t")); cd0=$(cpu $(pg_pids)); cp0=$(cpu $(pgrep -d ' ' nginx))
			wrk -t2 -c64 -d"$duration" "$url" >"$f"
			ci1=$(cpu $(insts_of "$t")); cd1=$(cpu $(pg_pids)); cp1=$(cpu $(pgrep -d ' ' nginx))
			grep -q 'Non-2xx' "$f" && { echo "non-200 answers from $url" >&2; cat "$f" >&2; exit 1; }
			n=$(awk '/requests in/ { print $1 }' "$f")
			r=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")
			k="${names[$i]}/$t"
			rps[$k]+="$r "
			cpu_inst[$k]+="$(awk -v t=$((ci1 - ci0)) -v c="$clk" -v n="$n" 'BEGIN { printf "%.0f", t / c * 1e6 / n }') "
			cpu_db[$k]+="$(awk -v t=$((cd1 - cd0)) -v c="$clk" -v n="$n" 'BEGIN { printf "%.0f", t / c * 1e6 / n }') "
			cpu_proxy[$k]+="$(awk -v t=$((cp1 - cp0)) -v c="$clk" -v n="$n" 'BEGIN { printf "%.0f", t / c * 1e6 / n }') "
			echo "round $round ${names[$i]} $t: $r req/s" >&2
		done
	done
done

med() { echo "$1" | tr ' ' '\n' | grep . | median; }
echo
echo "medians of $runs rounds, wrk -t2 -c64 -d$duration, no compression; CPU per request in µs"
printf '%-6s %-9s %9s %10s %8s %8s\n' page target 'req/s' 'instances' 'postgres' nginx
for n in "${names[@]}"; do
	for t in "${targets[@]}"; do
		k="$n/$t"
		printf '%-6s %-9s %9s %10s %8s %8s\n' "$n" "$t" "$(med "${rps[$k]}")" "$(med "${cpu_inst[$k]}")" "$(med "${cpu_db[$k]}")" "$(med "${cpu_proxy[$k]}")"
	done
	echo "$n: pg/sqlite $(ratio "$(med "${rps[$n/pg]}")" "$(med "${rps[$n/sqlite]}")"), cluster/pg-nginx $(ratio "$(med "${rps[$n/cluster]}")" "$(med "${rps[$n/pg-nginx]}")"), cluster/pg $(ratio "$(med "${rps[$n/cluster]}")" "$(med "${rps[$n/pg]}")")"
done

# Statements per uncached page: a content change empties every instance's
# page cache (the version check), then one request is logged.
echo
echo "SQL statements per uncached page (PostgreSQL statement log)"
psql "$pg" -qc "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
for i in "${!paths[@]}"; do
	psql "$pgdb" -qc "UPDATE settings SET value = CAST(value AS BIGINT) + 1 WHERE key = 'content_version'" >/dev/null
	sleep 1.5
	psql "$pgdb" -qc "SELECT 'bench-mark-start'" >/dev/null
	curl -fsS -o /dev/null "http://127.0.0.1:$p_a${paths[$i]}"
	psql "$pgdb" -qc "SELECT 'bench-mark-end'" >/dev/null
	sleep 0.2
	n=$(awk '/bench-mark-start/ { on = 1; next } /bench-mark-end/ { on = 0 } on && /statement: / && !/content_version/ && !/FROM jobs/ && !/job_leases/' "$tmp/pg/server.log" | wc -l)
	echo "${names[$i]}: $n statements"
	: >"$tmp/pg/server.log"
done
psql "$pg" -qc "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null
