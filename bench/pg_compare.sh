#!/usr/bin/env bash
# The same query set (bench/compare_queries.tsv) answered by PostgreSQL alone (pg_trgm and
# full-text search, bench/pg_compare.sql: page, exact total and six facets) and by
# `starry serve`, each under the same concurrent load on this machine, in one run; prints both
# and the ratio. Adds two generated columns and indexes to the data dir's database.
#   STARRY_DATA_DIR=/tmp/bench bench/pg_compare.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STARRY_DATA_DIR:?set STARRY_DATA_DIR to a seeded and indexed data dir}"
export STARRY_DATA_DIR
starry=${STARRY_BIN:-build/cli/starry}
seconds=${1:-20}
connections=${2:-16}
port=${STARRY_BENCH_PORT:-18091}
pgbin=/usr/lib/postgresql/15/bin
url=$("$starry" pg url)  # pins the private cluster until `starry pg stop`
queries=$PWD/bench/compare_queries.tsv

psql -q -v ON_ERROR_STOP=1 "$url" -c "SET client_min_messages = warning" -f bench/pg_compare.sql >/dev/null
grep -v '^#' "$queries" | psql -q -v ON_ERROR_STOP=1 "$url" \
  -c "\\copy bench_queries (q, category) FROM STDIN WITH (FORMAT text)"
psql -q -v ON_ERROR_STOP=1 "$url" -c "UPDATE bench_queries SET category = NULL WHERE category = ''"
n=$(psql -At "$url" -c "SELECT count(*) FROM bench_queries")
script=$(mktemp)
trap 'rm -f "$script"; kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
server=
printf '\\set id random(1, %s)\nSELECT bench_search(q, category) FROM bench_queries WHERE id = :id;\n' \
  "$n" > "$script"
echo "machine: $(nproc) cores; $("$starry" index stats | grep documents); $n queries"
echo "== PostgreSQL 15 (pg_trgm + full-text search), pgbench -c $connections -j 1 -T $seconds"
pg=$("$pgbin/pgbench" -n -c "$connections" -j 1 -T "$seconds" -f "$script" -r "$url" 2>&1)
echo "$pg" | grep -E "latency average|tps = " | sed 's/^/  /'
pg_tps=$(echo "$pg" | awk '/^tps = /{print $3}')

"$starry" serve --port "$port" --threads 2 > /tmp/starry-compare.log 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -sf "localhost:$port/ready" >/dev/null && break; sleep 0.5; done
echo "== starry serve, wrk -t1 -c$connections -d${seconds}s"
out=$(STARRY_COMPARE_QUERIES=$queries wrk -t1 -c"$connections" -d"${seconds}"s --latency \
  -s bench/pg_compare.lua "http://127.0.0.1:$port")
echo "$out" | grep -E "Requests/sec|Latency|99%|Non-2xx" | sed 's/^/  /'
starry_rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
awk -v s="$starry_rps" -v p="$pg_tps" 'BEGIN { printf "ratio: starry %.1fx PostgreSQL (requests/s)\n", s / p }'
