#!/usr/bin/env bash
# Runs every test suite on a fresh machine: installs what is missing, then format/lint/typecheck and all tests.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_updated=0
# Installs Debian packages that are not installed yet.
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ "${#missing[@]}" -eq 0 ]; then return; fi
  echo "==> installing ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  if [ "$apt_updated" -eq 0 ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# LibreOffice opens the generated workbooks in the tests, as a real reader would; browser tests run in Debian's
# Chromium (never a downloaded browser), with Japanese fonts for the screenshots.
ensure_packages libreoffice-calc-nogui libreoffice-impress-nogui chromium fonts-noto-cjk poppler-utils

# Node dependencies: install from the lockfile when node_modules is missing or older than the lockfile.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi

# Repository tests also run on a PostgreSQL server: the one in DATABASE_URL, else the local one (started if down).
if [ -z "${DATABASE_URL:-}" ] && command -v pg_isready >/dev/null 2>&1; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432 && command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "==> starting the local PostgreSQL server"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
  if pg_isready -q -h 127.0.0.1 -p 5432; then
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
  fi
fi
if [ -n "${DATABASE_URL:-}" ]; then
  echo "==> repository tests on PGlite and on ${DATABASE_URL%%\?*}"
else
  echo "==> no PostgreSQL server: repository tests on PGlite only"
fi

echo "==> format, lint (Biome) and typecheck (tsc)"
npx biome ci .
npx tsc --noEmit

echo "==> tests (Vitest)"
npx vitest run
