#!/usr/bin/env bash
# Runs every test suite on a fresh machine: installs what is missing (Debian packages, Node modules), makes sure a
# PostgreSQL server answers with a test database and role of its own, then format/lint/typecheck and all tests.
# Install output goes to .shinchoku/test-setup.log, not into the test log; it is printed when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p .shinchoku
SETUP_LOG="$PWD/.shinchoku/test-setup.log"
: >"$SETUP_LOG"

# What the tests need from the system, as Debian packages: LibreOffice and poppler open the generated workbooks,
# slides and PDFs as real readers do; browser tests run in Debian's Chromium (never a downloaded browser) with
# Japanese fonts; GNU time measures the peak memory of CLI runs on hostile files; PostgreSQL is the server the
# repository tests also run on.
PACKAGES=(libreoffice-calc-nogui libreoffice-impress-nogui chromium fonts-noto-cjk poppler-utils time)

# Runs a set-up step quietly; on failure shows its output and stops.
quietly() {
  if ! "$@" >>"$SETUP_LOG" 2>&1; then
    echo "!! 失敗しました: $*" >&2
    tail -n 40 "$SETUP_LOG" >&2
    exit 1
  fi
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

server_answers() {
  command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432
}

# Installs the Debian packages that are not installed yet, waiting for another apt/dpkg run to release its lock.
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ "${#missing[@]}" -eq 0 ]; then return; fi
  echo "==> installing ${missing[*]} (log: $SETUP_LOG)"
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 -o Acquire::Retries=3)
  quietly as_root "${apt[@]}" update -q
  quietly as_root "${apt[@]}" install -y -q --no-install-recommends "${missing[@]}"
}

# Without apt-get: name what to install instead of failing on the first missing command.
check_without_apt() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=("Chromium (/usr/bin/chromium)")
  command -v soffice >/dev/null 2>&1 || missing+=("LibreOffice (Calc と Impress、soffice コマンド)")
  command -v pdftotext >/dev/null 2>&1 || missing+=("poppler (pdftotext コマンド)")
  [ -x /usr/bin/time ] || missing+=("GNU time (/usr/bin/time)")
  if ! command -v fc-list >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then
    missing+=("Noto CJK フォント (Noto Sans CJK JP)")
  fi
  if [ -z "${DATABASE_URL:-}" ] && ! server_answers && ! command -v pg_ctlcluster >/dev/null 2>&1; then
    missing+=("PostgreSQL サーバー (または DATABASE_URL にテスト用のデータベースを指定)")
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "このマシンには apt-get がありません。テストの前に次のものをインストールしてください:" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 1
  fi
}

# Runs SQL as the server's superuser: over TCP when it trusts the postgres user, else through the local socket.
superuser_psql() {
  if psql -X -q -h 127.0.0.1 -U postgres -d postgres -w -c 'select 1' >/dev/null 2>&1; then
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d postgres -w "$@"
  elif [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"
  else
    sudo -u postgres psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@"
  fi
}

# Starts the local server (creating a cluster when the package made none) and waits until it answers.
start_local_server() {
  local version
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  if [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    quietly as_root pg_createcluster "$version" main
  fi
  echo "==> starting the local PostgreSQL server"
  quietly as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  for _ in $(seq 1 60); do
    server_answers && return
    sleep 1
  done
  echo "!! PostgreSQL サーバーが 60 秒以内に応答しませんでした（127.0.0.1:5432）。" >&2
  exit 1
}

# The tests' own role and database. The role is a superuser of this local server because the tests create roles
# and switch to them (the application role's grants); a server of your own can be given in DATABASE_URL instead.
TEST_ROLE=shinchoku_test
create_test_database() {
  superuser_psql >>"$SETUP_LOG" 2>&1 <<SQL
select format('create role %I login superuser password %L', '$TEST_ROLE', '$TEST_ROLE')
  where not exists (select from pg_roles where rolname = '$TEST_ROLE') \gexec
select format('create database %I owner %I', '$TEST_ROLE', '$TEST_ROLE')
  where not exists (select from pg_database where datname = '$TEST_ROLE') \gexec
SQL
}

if command -v apt-get >/dev/null 2>&1; then
  if [ -z "${DATABASE_URL:-}" ] && ! server_answers; then PACKAGES+=(postgresql); fi
  ensure_packages "${PACKAGES[@]}"
else
  check_without_apt
fi

# Node dependencies: install from the lockfile when node_modules is missing or older than the lockfile.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci (log: $SETUP_LOG)"
  quietly npm ci --no-audit --no-fund
fi
# Node.js 24 for the Node 24 stage, in a package of its own (scripts/node24/package.json says why).
if [ ! -d scripts/node24/node_modules ] ||
  [ scripts/node24/package-lock.json -nt scripts/node24/node_modules/.package-lock.json ]; then
  echo "==> npm ci --prefix scripts/node24 (Node.js 24; log: $SETUP_LOG)"
  quietly npm ci --prefix scripts/node24 --no-audit --no-fund
fi

# Repository tests also run on a PostgreSQL server: the one in DATABASE_URL, else the local one (started if down),
# in a database and role made for the tests.
if [ -z "${DATABASE_URL:-}" ] && command -v pg_ctlcluster >/dev/null 2>&1; then
  server_answers || start_local_server
  if ! create_test_database; then
    echo "!! テスト用のロールとデータベース（$TEST_ROLE）を作れませんでした。" >&2
    tail -n 20 "$SETUP_LOG" >&2
    exit 1
  fi
  export DATABASE_URL="postgres://$TEST_ROLE:$TEST_ROLE@127.0.0.1:5432/$TEST_ROLE"
fi
if [ -n "${DATABASE_URL:-}" ]; then
  echo "==> repository tests on PGlite and on ${DATABASE_URL%%\?*}" | sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#'
else
  echo "==> no PostgreSQL server: repository tests on PGlite only"
fi

echo "==> format, lint (Biome) and typecheck (tsc)"
npx biome ci .
npx tsc --noEmit

echo "==> tests (Vitest)"
npx vitest run

# The same build on Node.js 24 LTS: the CLI, the server on a fresh embedded database, and the domain's unit tests.
node scripts/node24-smoke.mjs
