# Sourced by `make test`: start PostgreSQL and Redis on loopback for the tests
# and export their URLs. Leaves nothing running that was running before.
_pg_ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
if [ -n "$_pg_ver" ] && command -v pg_ctlcluster >/dev/null 2>&1; then
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$_pg_ver main"; then
    pg_createcluster "$_pg_ver" main >/dev/null 2>&1 || true
  fi
  pg_ctlcluster "$_pg_ver" main start >/dev/null 2>&1 || true
  if su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1; then
    su postgres -c "psql -qc \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='dashboard') THEN CREATE ROLE dashboard LOGIN PASSWORD 'dashboard'; END IF; END\\\$\\\$;\"" >/dev/null 2>&1
    su postgres -c "psql -qAtc \"SELECT 1 FROM pg_database WHERE datname='dashboard_test'\"" | grep -q 1 \
      || su postgres -c "createdb -O dashboard dashboard_test" >/dev/null 2>&1
    export TEST_POSTGRES_URL="postgresql+psycopg://dashboard:dashboard@127.0.0.1:5432/dashboard_test"
  fi
fi
if command -v redis-server >/dev/null 2>&1; then
  redis-cli -p 6390 ping >/dev/null 2>&1 || redis-server --port 6390 --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >/dev/null
  export TEST_REDIS_URL="redis://127.0.0.1:6390/0"
fi
