#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, listening on a Unix socket only.
#
#   tests/pg-cluster.sh start DIR   creates DIR, a cluster in it (initdb run as the postgres user
#                                   when run as root, else as oneself), starts it; prints the
#                                   libpq connection string of its maintenance database
#   tests/pg-cluster.sh stop DIR    stops it, whatever its state, and removes DIR
#
# Authentication: trust for everyone over the socket, but for the role guichet_pw, which must
# give its password (scram-sha-256): the tests of a wrong or missing password use it.
set -u
action=${1:-}
dir=${2:-}
[ -n "$action" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "pg-cluster: PostgreSQL's server programs are not installed (postgresql)" >&2; exit 1; }

# as_owner COMMAND…: runs COMMAND as the cluster's owner.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case $action in
start)
    mkdir -p "$dir" || exit 1
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --no-locale -E UTF8 -A trust \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    cat >"$dir/data/pg_hba.conf" <<'EOF'
local all guichet_pw scram-sha-256
local all all trust
EOF
    [ "$(id -u)" = 0 ] && chown postgres: "$dir/data/pg_hba.conf"
    # No TCP; the socket in DIR; quick to stop; messages in English, which the tests read.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses='' -k $dir -c fsync=off -c lc_messages=C -c max_connections=60" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "host=$dir user=postgres dbname=postgres"
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null 2>&1
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
