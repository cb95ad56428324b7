#!/usr/bin/env bash
# Installs exactly the Debian 12 packages the build, the tests and the service need, then the
# browser tests' npm packages (tests/web/package-lock.json, `npm ci`).
# Idempotent and quick when everything is already there (one dpkg query, no apt-get, no npm).
set -euo pipefail
cd "$(dirname "$0")/.."

# npm ci from the committed lock file, only when node_modules is missing or older than the lock
# (npm writes node_modules/.package-lock.json on every install).
install_npm_packages() {
  local dir=tests/web
  if [[ -f $dir/node_modules/.package-lock.json &&
        ! $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
    return 0
  fi
  echo "install-deps: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

packages=(
  # build
  build-essential cmake ccache pkg-config git clang-format
  # lint (scripts/lint.sh): clang-tidy 16 parses libstdc++ 12's <expected>, Debian's default 14 does not
  clang-tidy-16
  # libraries (DESIGN.md: Packages)
  libxapian-dev libicu-dev libpqxx-dev libpq-dev libpistache-dev rapidjson-dev libcxxopts-dev
  libssl-dev libcurl4-openssl-dev libargon2-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev wrk
  # the reverse proxy in front of the service (deploy/nginx-starry.conf and its test)
  nginx-light
  # the private PostgreSQL and the test clusters
  postgresql-15 postgresql-contrib
  # curl for smoke checks, tzdata for city time zones
  curl tzdata
  # the browse page's end-to-end tests: headless Chromium driven by playwright-core (npm)
  chromium nodejs
)
# A nodejs that bundles its own npm (NodeSource's) conflicts with Debian's npm package.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  install_npm_packages
  exit 0
fi

if [[ $(id -u) != 0 ]]; then
  echo "install-deps: missing packages (${missing[*]}); run as root or install them with apt-get" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# The packages' own services (the system PostgreSQL cluster, nginx on port 80) are not wanted:
# the project starts its own. policy-rc.d answering 101 is Debian's way to say "do not start".
policy=/usr/sbin/policy-rc.d
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_npm_packages
