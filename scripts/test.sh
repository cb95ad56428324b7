#!/usr/bin/env bash
# README command 2: install, build and run the whole test suite, then the same suite again
# under AddressSanitizer + UndefinedBehaviorSanitizer. Each run starts its own throwaway
# PostgreSQL cluster (a ctest fixture) and every test suite makes its own database in it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

echo "== format check"
mapfile -t sources < <(git ls-files '*.cpp' '*.h')
if ((${#sources[@]})); then
  clang-format --dry-run --Werror "${sources[@]}"
fi

echo "== build and test (RelWithDebInfo)"
scripts/build.sh -DSTARRY_BUILD_TESTS=ON -DSTARRY_BUILD_BENCH=ON -DSTARRY_SANITIZE=OFF
ctest --test-dir build --output-on-failure -j2 --timeout 900

if [[ "${STARRY_SKIP_SANITIZE:-0}" != 1 ]]; then
  echo "== build and test (ASan + UBSan)"
  STARRY_BUILD_DIR=build-asan STARRY_BUILD_TYPE=Debug scripts/build.sh -DSTARRY_SANITIZE=ON \
    -DSTARRY_BUILD_TESTS=ON -DSTARRY_BUILD_BENCH=OFF
  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j2 --timeout 1800
fi
