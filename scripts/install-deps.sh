#!/usr/bin/env bash
# Installs exactly the Debian 12 packages the build, the tests and the service need.
# Idempotent and quick when everything is already there (one dpkg query, no apt-get).
set -euo pipefail

packages=(
  # build
  build-essential cmake ccache pkg-config git clang-format
  # libraries (DESIGN.md: Packages)
  libxapian-dev libicu-dev libpqxx-dev libpq-dev libpistache-dev rapidjson-dev libcxxopts-dev
  libssl-dev libcurl4-openssl-dev libargon2-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev wrk
  # the private PostgreSQL and the test clusters
  postgresql-15 postgresql-contrib
  # curl for smoke checks, tzdata for city time zones
  curl tzdata
)
if [[ "${STARRY_WITH_BROWSER:-0}" == 1 ]]; then
  packages+=(chromium nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) != 0 ]]; then
  echo "install-deps: missing packages (${missing[*]}); run as root or install them with apt-get" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
