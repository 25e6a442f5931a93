#!/usr/bin/env bash
# The integration suite runs on PostgreSQL too and requires it. Start the local cluster when it is
# installed but stopped; fail with a clear message when it cannot be reached.
set -euo pipefail
url="${TEST_PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/test}"
ready() { pg_isready -q -d "$url" 2>/dev/null || node -e "
  const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});
  c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))" "$url"; }
if ready; then exit 0; fi
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "PostgreSQL $version is installed but not running: starting it…"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
fi
echo "PostgreSQL is required for the test suite and is unreachable at $url." >&2
echo "Start it, or set TEST_PG_ADMIN_URL to a server where the user may CREATE DATABASE." >&2
exit 1
