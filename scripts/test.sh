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

echo "== lint (clang-tidy, .clang-tidy)"
scripts/lint.sh

if [[ "${STARRY_SKIP_SANITIZE:-0}" != 1 ]]; then
  echo "== build and test (ASan + UBSan)"
  STARRY_BUILD_DIR=build-asan STARRY_BUILD_TYPE=Debug scripts/build.sh -DSTARRY_SANITIZE=ON \
    -DSTARRY_BUILD_TESTS=ON -DSTARRY_BUILD_BENCH=OFF
  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j2 --timeout 1800
fi

if [[ "${STARRY_SKIP_SANITIZE:-0}" != 1 ]]; then
  # ThreadSanitizer on the suites whose code runs threads of its own or is raced on purpose:
  # outbox sync and its reader, the reindex pipeline and the admin reindex jobs, the query log's
  # writer, the per-generation column store, the connection pool, concurrent logins, bookings
  # and payment intents. (Not the whole suite: TSan is slow and cannot share a build
  # with ASan.)
  echo "== build and test (ThreadSanitizer, threaded suites)"
  STARRY_BUILD_DIR=build-tsan STARRY_BUILD_TYPE=RelWithDebInfo \
    STARRY_BUILD_TARGET="starry_test_pg starry outbox_sync_test sync_restart_test full_reindex_test reindex_jobs_test query_logger_test query_logger_outage_test columns_test connection_pool_test account_service_test booking_service_test payment_service_test" \
    scripts/build.sh -DSTARRY_SANITIZE_THREAD=ON -DSTARRY_BUILD_TESTS=ON -DSTARRY_BUILD_BENCH=OFF
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp" \
    ctest --test-dir build-tsan --output-on-failure -j2 --timeout 1800 \
    -R '^(starry_pg_(start|stop)|(OutboxSync|SyncRestart|FullReindex|KilledReindex|ReindexJobs|PgQueryLogger|QueryLoggerOutage|Columns|ColumnsAgree|ConnectionPool|AccountService|BookingService|PaymentService)Test\.)'
fi
