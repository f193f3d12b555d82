#!/usr/bin/env bash
# Runs every test suite on a fresh machine: installs what is missing, then format/lint/typecheck and all tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# Node dependencies: install from the lockfile when node_modules is missing or older than the lockfile.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi

echo "==> format, lint (Biome) and typecheck (tsc)"
npx biome ci .
npx tsc --noEmit

echo "==> tests (Vitest)"
npx vitest run
