#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL.
# Uses the server in CSMS_TEST_POSTGRES when it answers; otherwise installs (Debian) and starts a local
# PostgreSQL on 127.0.0.1 with the role and database the tests expect.
set -euo pipefail
cd "$(dirname "$0")/.."

export CSMS_TEST_POSTGRES="${CSMS_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=csms;Password=csms;Database=csms_test}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

postgres_answers() {
  command -v psql >/dev/null 2>&1 || return 1
  PGPASSWORD=csms psql "host=127.0.0.1 port=5432 user=csms dbname=csms_test connect_timeout=3" -Atqc 'select 1' >/dev/null 2>&1
}

start_local_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "== Installing PostgreSQL"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
    as_root pg_createcluster "$version" main >/dev/null
  fi
  echo "== Starting PostgreSQL $version on 127.0.0.1:5432"
  as_root pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 60); do
    as_postgres pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  as_postgres psql -q -v ON_ERROR_STOP=1 <<'SQL'
SELECT 'CREATE ROLE csms LOGIN PASSWORD ''csms'' CREATEDB'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'csms')\gexec
SELECT 'CREATE DATABASE csms_test OWNER csms'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'csms_test')\gexec
SQL
}

if [ -z "${CSMS_TEST_POSTGRES_EXTERNAL:-}" ] && ! postgres_answers; then
  start_local_postgres
fi

# The console's browser tests drive Debian's Chromium through Playwright's .NET driver (shipped in its NuGet package);
# no browser is ever downloaded by Playwright itself.
if [ ! -x /usr/bin/chromium ]; then
  echo "== Installing Chromium for the browser tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# The console's test behind the load balancer runs HAProxy (Debian's) in front of the cluster's front-ends.
if [ ! -x /usr/sbin/haproxy ]; then
  echo "== Installing HAProxy for the load-balanced console test"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
fi

echo "== Running the tests"
dotnet test OrleansCsms.sln --configuration Release --logger "console;verbosity=minimal" "$@"
