#!/usr/bin/env bash
# Times `starry seed --celebrities N` into a fresh private PostgreSQL cluster (default
# settings: fsync on) and prints seconds and rows/s. Usage: bench/seed_bench.sh [N] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
seed=${2:-1}
starry=${STARRY_BIN:-build/cli/starry}
[[ -x "$starry" ]] || STARRY_BUILD_TARGET=starry scripts/build.sh
dir=$(mktemp -d /tmp/starry-seed-bench-XXXXXX)
chmod o+x "$dir"
trap 'STARRY_DATA_DIR=$dir "$starry" pg stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
export STARRY_DATA_DIR=$dir
unset DATABASE_URL
"$starry" pg start >/dev/null
"$starry" migrate >/dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r)"
start=$(date +%s.%N)
"$starry" seed --celebrities "$n" --seed "$seed" --start-date 2026-12-01
end=$(date +%s.%N)
echo "wall clock including process start: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s"
"$starry" pg url >/dev/null
psql "$("$starry" pg url)" -Atc "SELECT 'database size: ' || pg_size_pretty(pg_database_size(current_database()))"
