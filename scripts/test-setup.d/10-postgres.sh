# Sourced by ./test: a real PostgreSQL server on 127.0.0.1 for the database tests.
# Installs Debian's postgresql when missing, starts its `main` cluster, makes a `followline`
# role (password `followline`, may create the test databases) and exports
# FOLLOWLINE_TEST_POSTGRES_URL. ./test then runs the database tests against it too.
# The role may also log in with its password over the server's Unix socket (a line in
# pg_hba.conf): FOLLOWLINE_TEST_POSTGRES_SOCKET_URL, which bench/load.py prefers (about 8%
# less CPU a request than loopback TCP: bench/README.md, "Load").
_fl_pg_setup() {
    if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        echo "installing postgresql (apt)" >&2
        if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1; then
            apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        fi
    fi
    local version clusters state port hba socket_dir
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    clusters=$(pg_lsclusters -h)
    if ! awk -v v="$version" '$1==v && $2=="main" {found=1} END {exit !found}' <<<"$clusters"; then
        pg_createcluster "$version" main >/dev/null
        clusters=$(pg_lsclusters -h)
    fi
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    if [ -f "$hba" ] && ! grep -qE '^local[[:space:]]+all[[:space:]]+followline[[:space:]]' "$hba"; then
        # before Debian's "local all all peer", which would refuse the role (no such OS user)
        sed -i '0,/^local/s//local   all             followline                              scram-sha-256\nlocal/' "$hba"
        pg_ctlcluster "$version" main reload 2>/dev/null || true
    fi
    state=$(awk -v v="$version" '$1==v && $2=="main" {print $4}' <<<"$clusters")
    if [ "$state" != "online" ]; then
        pg_ctlcluster "$version" main start
    fi
    port=$(awk -v v="$version" '$1==v && $2=="main" {print $3}' <<<"$clusters")
    for _ in $(seq 1 60); do
        if su postgres -c "pg_isready -q -h 127.0.0.1 -p $port"; then break; fi
        sleep 0.5
    done
    local has_role has_db
    has_role=$(su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname='followline'\"")
    if [ "$has_role" != "1" ]; then
        su postgres -c "psql -q -p $port -c \"CREATE ROLE followline LOGIN CREATEDB PASSWORD 'followline'\""
    fi
    has_db=$(su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname='followline'\"")
    if [ "$has_db" != "1" ]; then
        su postgres -c "createdb -p $port -O followline followline"
    fi
    export FOLLOWLINE_TEST_POSTGRES_URL="postgres://followline:followline@127.0.0.1:$port/followline"
    socket_dir=$(su postgres -c "psql -p $port -tAc 'SHOW unix_socket_directories'" | cut -d, -f1 || true)
    if [ -n "$socket_dir" ] && PGPASSWORD=followline psql -h "$socket_dir" -p "$port" -U followline \
        -d followline -tAc 'SELECT 1' >/dev/null 2>&1; then
        export FOLLOWLINE_TEST_POSTGRES_SOCKET_URL="postgres://followline:followline@${socket_dir//\//%2F}:$port/followline"
    fi
    echo "PostgreSQL $version on 127.0.0.1:$port" >&2
}
_fl_pg_setup
unset -f _fl_pg_setup
