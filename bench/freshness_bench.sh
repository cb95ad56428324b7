#!/usr/bin/env bash
# Freshness (issue 3): 1,000 updates at 50/s, `starry sync` in its own process, a separate
# reader timing COMMIT -> visible while two threads search. Needs a seeded, indexed data dir:
#   STARRY_DATA_DIR=/tmp/bench bench/reindex_bench.sh 100000   (then)
#   STARRY_DATA_DIR=/tmp/bench bench/freshness_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${STARRY_DATA_DIR:?set STARRY_DATA_DIR to a seeded and indexed data dir}"
export STARRY_DATA_DIR
starry=${STARRY_BIN:-build/cli/starry}
tool=build/bench/freshness_bench
[[ -x "$tool" ]] || STARRY_BUILD_TARGET=freshness_bench scripts/build.sh
url=$("$starry" pg url)
"$starry" sync > /tmp/starry-freshness-sync.log 2>&1 &
sync_pid=$!
trap 'kill $sync_pid 2>/dev/null || true; wait $sync_pid 2>/dev/null || true' EXIT
sleep 1
"$tool" "$url" "$STARRY_DATA_DIR/index/live" "${1:-1000}" "${2:-50}"
