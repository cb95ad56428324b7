#!/usr/bin/env bash
# The cost of query logging: the same wrk run (bench/search_mix.lua, keep-alive, wrk and the
# server sharing the machine's cores) against `starry serve` with the query log on and with
# --no-query-log, alternating, so that both see the same machine state. Reports req/s and
# latency percentiles of each run, and the rows the logger wrote and dropped.
#   STARRY_DATA_DIR=/tmp/bench bench/reindex_bench.sh 100000     # seeded and indexed once
#   STARRY_DATA_DIR=/tmp/bench build/cli/starry migrate          # query_log is migration 4
#   STARRY_DATA_DIR=/tmp/bench bench/query_log_bench.sh [seconds] [connections] [rounds]
# STARRY_BENCH_MIX=bench/suggest_mix.lua measures suggestions instead of searches.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STARRY_DATA_DIR:?set STARRY_DATA_DIR to a seeded, migrated and indexed data dir}"
export STARRY_DATA_DIR
starry=${STARRY_BIN:-build/cli/starry}
port=${STARRY_BENCH_PORT:-18091}
seconds=${1:-20}
connections=${2:-16}
rounds=${3:-2}
mix=${STARRY_BENCH_MIX:-bench/search_mix.lua}
log=$(mktemp /tmp/starry-query-log-bench.XXXXXX)
server=
stop_server() {
  if [ -n "$server" ]; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=
  fi
}
trap 'stop_server; rm -f "$log"' EXIT

run() {  # $1: label, rest: extra serve flags
  local label=$1
  shift
  "$starry" serve --port "$port" --threads 2 "$@" >"$log" 2>&1 &
  server=$!
  for _ in $(seq 1 60); do curl -sf "localhost:$port/ready" >/dev/null && break; sleep 0.5; done
  curl -sf "localhost:$port/v1/search/celebrities?q=warmup" >/dev/null
  echo "== $label"
  wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$mix" \
    "http://127.0.0.1:$port" |
    grep -E "Requests/sec|50%|90%|99%|requests in|Non-2xx|Socket errors" | sed 's/^/   /'
  stop_server
  grep "query log:" "$log" | sed 's/^/   /' || true
}

echo "machine: $(nproc) cores; $("$starry" index stats | grep documents); mix $mix"
for round in $(seq 1 "$rounds"); do
  echo "-- round $round"
  run "query log off" --no-query-log
  run "query log on"
done
