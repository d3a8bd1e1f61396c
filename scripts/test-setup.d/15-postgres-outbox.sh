# Sourced by ./test. PostgreSQL for the outbox's multi-worker and kill tests.
# A no-op when FOLLOWLINE_TEST_POSTGRES_URL is already set (10-postgres.sh of the web app
# provides it); otherwise starts Debian's cluster on 127.0.0.1:5432 and exports the URL of
# a role that may create databases (each test makes its own database).
if [ -z "${FOLLOWLINE_TEST_POSTGRES_URL:-}" ]; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    _pgver=$(ls /usr/lib/postgresql | sort -n | tail -1)
    if ! pg_lsclusters -h | grep -q "^$_pgver  *main "; then
        pg_createcluster "$_pgver" main >/dev/null
    fi
    pg_ctlcluster "$_pgver" main start >/dev/null 2>&1 || true
    for _i in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p 5432 && break
        sleep 1
    done
    su postgres -c "psql -q -v ON_ERROR_STOP=1" >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'outbox_test') THEN
    CREATE ROLE outbox_test LOGIN CREATEDB PASSWORD 'outbox_test';
  END IF;
END $$;
SQL
    if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='outbox_test'\"" | grep -q 1; then
        su postgres -c "createdb -O outbox_test outbox_test"
    fi
    export FOLLOWLINE_TEST_POSTGRES_URL="postgres://outbox_test:outbox_test@127.0.0.1:5432/outbox_test"
    unset _pgver _i
fi
