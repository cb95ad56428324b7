#!/usr/bin/env bash
# Configures and builds into build/ (or $STARRY_BUILD_DIR) with ccache and -j2.
# Extra arguments are passed to cmake's configure step (e.g. -DSTARRY_SANITIZE=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${STARRY_BUILD_DIR:-build}
# Paths relative to the checkout in ccache's keys, so that clones share cache hits.
export CCACHE_BASEDIR=$PWD
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=${STARRY_BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
# STARRY_BUILD_TARGET: one target or several, space-separated.
read -r -a targets <<<"${STARRY_BUILD_TARGET:-}"
cmake --build "$build_dir" -j2 ${targets[@]:+--target "${targets[@]}"}
