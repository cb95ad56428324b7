#!/usr/bin/env bash
# README command 1: install, build, start the private PostgreSQL, migrate, seed the demo
# catalogue (once), build the search index, and serve on http://127.0.0.1:8080 until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
STARRY_BUILD_TARGET=starry scripts/build.sh
export STARRY_DATA_DIR=${STARRY_DATA_DIR:-$PWD/.starry}
starry=build/cli/starry
"$starry" migrate
"$starry" seed --celebrities "${STARRY_DEMO_CELEBRITIES:-5000}" --if-empty
# A few seconds for the demo catalogue; it also picks up a newer index schema after an upgrade.
"$starry" reindex
exec "$starry" serve --host "${STARRY_HOST:-127.0.0.1}" --port "${STARRY_PORT:-8080}"
