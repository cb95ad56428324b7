#!/usr/bin/env bash
# Search over HTTP with wrk (keep-alive; wrk and the server share the machine's 2 cores) on a
# seeded and indexed data dir, with bench/search_mix.lua's request mix.
#   STARRY_DATA_DIR=/tmp/bench bench/reindex_bench.sh 100000
#   STARRY_DATA_DIR=/tmp/bench bench/http_search_bench.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STARRY_DATA_DIR:?set STARRY_DATA_DIR to a seeded and indexed data dir}"
export STARRY_DATA_DIR
starry=${STARRY_BIN:-build/cli/starry}
port=${STARRY_BENCH_PORT:-18090}
"$starry" serve --port "$port" --threads 2 > /tmp/starry-http-bench.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "localhost:$port/ready" >/dev/null && break; sleep 0.5; done
curl -sf "localhost:$port/v1/search/celebrities?q=warmup" >/dev/null
echo "machine: $(nproc) cores; $("$starry" index stats | grep documents)"
wrk -t1 -c"${2:-16}" -d"${1:-20}"s --latency -s bench/search_mix.lua "http://127.0.0.1:$port" |
  grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx|Socket errors"
