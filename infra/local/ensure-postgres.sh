#!/usr/bin/env bash
# Makes sure PostgreSQL is up on 127.0.0.1:5432 and that the test database exists.
set -euo pipefail
database="${1:-wcso_test}"

if ! command -v pg_isready >/dev/null 2>&1; then
  echo "PostgreSQL is not installed. On Debian/Ubuntu: sudo apt-get install -y postgresql" >&2
  exit 1
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "PostgreSQL is stopped: starting it ..."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '${database}'" | grep -q 1; then
  createdb -h 127.0.0.1 -U postgres "${database}"
fi
echo "PostgreSQL is up on 127.0.0.1:5432 (database ${database})."
