# Sourced by ./test: a real PostgreSQL server on 127.0.0.1 for the database tests.
# Installs Debian's postgresql when missing, starts its cluster, makes a `followline` role
# (password `followline`, may create the test databases) and exports
# FOLLOWLINE_TEST_POSTGRES_URL. ./test then runs the database tests against it too.
_fl_pg_setup() {
    if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        echo "installing postgresql (apt)" >&2
        if ! apt-get install -y -qq postgresql >/dev/null 2>&1; then
            apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        fi
    fi
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
        pg_createcluster "$version" main >/dev/null
    fi
    if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
        pg_ctlcluster "$version" main start
    fi
    local port
    port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
    for _ in $(seq 1 30); do
        su postgres -c "pg_isready -q -h 127.0.0.1 -p $port" && break
        sleep 0.5
    done
    su postgres -c "psql -q -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='followline'\"" \
        | grep -q 1 || su postgres -c "psql -q -p $port -c \"CREATE ROLE followline LOGIN CREATEDB PASSWORD 'followline'\""
    su postgres -c "psql -q -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='followline'\"" \
        | grep -q 1 || su postgres -c "createdb -p $port -O followline followline"
    export FOLLOWLINE_TEST_POSTGRES_URL="postgres://followline:followline@127.0.0.1:$port/followline"
    echo "PostgreSQL $version on 127.0.0.1:$port" >&2
}
_fl_pg_setup
unset -f _fl_pg_setup
