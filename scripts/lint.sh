#!/usr/bin/env bash
# clang-tidy with the repository's curated .clang-tidy over the product's .cpp files (not tests/
# or bench/: about 10 s a file, so the suite's time goes to tests), using the compile commands of
# build/ (run scripts/build.sh first). Any finding fails the run. `scripts/lint.sh FILE...`
# checks just those files (tests too).
#
# clang-tidy 16 (Debian's clang-tidy-16): Debian's default clang 14 cannot parse libstdc++ 12's
# <expected>. Clang 16 can, but reports an older __cpp_concepts than libstdc++ asks for, so the
# macro is set to the C++20 value explicitly; the code itself is built by g++.
set -euo pipefail
cd "$(dirname "$0")/.."
# Pistache only through server/pistache.h: a direct include can break -O0 builds (see there).
if git grep -n '#include <pistache/' -- '*.h' '*.cpp' ':!server/pistache.h'; then
  echo "lint: include \"server/pistache.h\" instead of <pistache/...> (server/pistache.h says why)" >&2
  exit 1
fi
build_dir=${STARRY_BUILD_DIR:-build}
[[ -f $build_dir/compile_commands.json ]] || {
  echo "lint: $build_dir/compile_commands.json is missing; run scripts/build.sh first" >&2
  exit 1
}
if (($#)); then
  printf '%s\n' "$@"
else
  git ls-files '*.cpp' ':!:tests/**' ':!:bench/**'
fi |
  xargs -P "$(nproc)" -n 1 clang-tidy-16 -p "$build_dir" --quiet --extra-arg=-std=c++2b \
    --extra-arg=-U__cpp_concepts --extra-arg=-D__cpp_concepts=202002L 2>/dev/null
echo "lint: clang-tidy found nothing"
