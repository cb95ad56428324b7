#!/usr/bin/env bash
# Full reindex throughput: seeds N celebrities into a fresh private cluster (unless
# STARRY_DATA_DIR already holds a seeded one), then times `starry reindex` with /usr/bin/time
# for peak RSS. Prints docs/s, bytes per document and peak RSS.
# Usage: bench/reindex_bench.sh [N]   (keep the data: STARRY_DATA_DIR=/somewhere)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
starry=${STARRY_BIN:-build/cli/starry}
[[ -x "$starry" ]] || STARRY_BUILD_TARGET=starry scripts/build.sh
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
if [[ -z "${STARRY_DATA_DIR:-}" ]]; then
  STARRY_DATA_DIR=$(mktemp -d /tmp/starry-reindex-bench-XXXXXX)
  chmod o+x "$STARRY_DATA_DIR"
  trap 'STARRY_DATA_DIR=$STARRY_DATA_DIR "$starry" pg stop >/dev/null 2>&1 || true; rm -rf "$STARRY_DATA_DIR"' EXIT
fi
export STARRY_DATA_DIR
unset DATABASE_URL
"$starry" pg start >/dev/null
"$starry" migrate >/dev/null
"$starry" seed --celebrities "$n" --seed 1 --start-date "$(date -u +%F)" --if-empty
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; data: $n generated celebrities"
/usr/bin/time -f "peak RSS: %M KiB, wall %e s, user %U s, sys %S s" "$starry" reindex
"$starry" index stats | grep -E "documents|size|lexicon"
