#!/usr/bin/env bash
# guichet on a PostgreSQL server (issue 19): the schema made on the first open, and what a desk
# sees when it cannot work there. An
# unreachable server, a refused user or password, a missing database, a password written in the
# connection string, a schema from a newer guichet: a clear message, in French for a French desk,
# exit 1 (2 for the password typed where others may read it), nothing written on the server nor
# beside the desk, and never the password in a message.
# Needs the test cluster of tests/pg-cluster.sh (make check starts it): GUICHET_TEST_PG is its
# maintenance database's connection string.
# Usage: tests/cli/test-postgres.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="PostgreSQL connection${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
MIGRATIONS_DIR=$(cd "$(dirname "$0")/../../data/migrations" && pwd)
unset LC_ALL LC_MESSAGES LANG GUICHET_DB PGPASSWORD PGPASSFILE PGSERVICE PGHOST PGDATABASE PGUSER
export LANGUAGE=en HOME="$TMP/home"
mkdir -p "$HOME"

if [ -z "${GUICHET_TEST_PG:-}" ]; then
    not_ok "a test cluster: GUICHET_TEST_PG names it (make check starts one)"
    finish
    exit
fi
ADMIN=$GUICHET_TEST_PG
HOST=$(sed -n 's/.*host=\([^ ]*\).*/\1/p' <<<"$ADMIN")
psql_admin() { psql "$ADMIN" -v ON_ERROR_STOP=1 -qAtc "$1"; }

# Each run of the suite has its own database and roles: suites run side by side.
DBNAME="t_$$_$RANDOM"
ROLE="guichet_pw"
psql_admin "CREATE DATABASE $DBNAME" || { not_ok "the test database is created"; finish; exit; }
# The role whose password the cluster asks (tests/pg-cluster.sh); the same password for every
# suite that sets it.
psql_admin "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN CREATE ROLE $ROLE LOGIN; END IF; END\$\$" 2>/dev/null
psql_admin "ALTER ROLE $ROLE PASSWORD 'le-bon-mot'" 2>/dev/null
trap 'for d in $DBNAME ${DBNAME}_pw ${DBNAME}_other ${DBNAME}_space; do psql "$ADMIN" -qAtc "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1; done; rm -rf "$TMP"' EXIT
TARGET="host=$HOST user=postgres dbname=$DBNAME"

# no_trace: nothing was written beside the desk (a file named after the string, a folder).
no_trace() { [ -z "$(ls -A "$TMP/work")" ]; }
mkdir -p "$TMP/work"
cd "$TMP/work" || exit 1

# The server's tables, to show that nothing was created there.
tables() { psql "host=$HOST user=postgres dbname=$DBNAME" -qAtc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"; }

test_target_forms() {
    run --db "postgresql://localhost:1/guichet" sessions
    [ "$rc" = 1 ] && grep -q "cannot reach the PostgreSQL server localhost:1/guichet" "$TMP/err" &&
        grep -q "nothing was written" "$TMP/err" && no_trace
    verdict "a URI: an unreachable server is said so, exit 1, no file made of the string" $? "rc=$rc" "$(cat "$TMP/err")" "$(ls -A)"
    run --db "host=$TMP/nowhere dbname=guichet" sessions
    [ "$rc" = 1 ] && grep -q "cannot reach the PostgreSQL server $TMP/nowhere" "$TMP/err" && no_trace
    verdict "a key=value string: a socket folder with no server is said unreachable" $? "rc=$rc" "$(cat "$TMP/err")"
    GUICHET_DB="host=$TMP/nowhere dbname=guichet" run sessions
    [ "$rc" = 1 ] && grep -q "PostgreSQL server" "$TMP/err" && no_trace
    verdict "GUICHET_DB names a server as --db does" $? "rc=$rc" "$(cat "$TMP/err")"
    run --db "$TMP/work/plain.db" sessions
    [ "$rc" = 0 ] && [ -f "$TMP/work/plain.db" ]
    verdict "a path is still a file (SQLite)" $? "rc=$rc" "$(cat "$TMP/err")"
    rm -f "$TMP/work"/plain.db*
}

# A server that takes the connection and never answers: the wait ends (PGCONNECT_TIMEOUT, else
# ten seconds), said as unreachable.
test_silent_server() {
    python3 - "$TMP/port" <<'PYEOF' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(5)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
conns = []
end = time.time() + 30
while time.time() < end:
    s.settimeout(end - time.time())
    try:
        conns.append(s.accept()[0])
    except OSError:
        break
PYEOF
    local listener=$!
    eventually test -s "$TMP/port"
    PGCONNECT_TIMEOUT=1 run --db "postgresql://127.0.0.1:$(cat "$TMP/port")/guichet" sessions
    [ "$rc" = 1 ] && grep -q "cannot reach the PostgreSQL server 127.0.0.1" "$TMP/err" && no_trace
    verdict "a server that never answers: the wait ends, said unreachable" $? "rc=$rc" "$(cat "$TMP/err")"
    kill "$listener" 2>/dev/null
    wait "$listener" 2>/dev/null
}

test_missing_database() {
    run --db "host=$HOST user=postgres dbname=${DBNAME}_none" sessions
    [ "$rc" = 1 ] && grep -q "has no such database: create it first" "$TMP/err" && no_trace
    verdict "a missing database: said, with what to do" $? "rc=$rc" "$(cat "$TMP/err")"
}

test_passwords() {
    run --db "postgresql://$ROLE:le-bon-mot@localhost/$DBNAME" sessions
    [ "$rc" = 2 ] && grep -q "takes no password in --db or GUICHET_DB" "$TMP/err" &&
        ! grep -q "le-bon-mot" "$TMP/err" "$TMP/out" && no_trace
    verdict "a password in a URI is refused, and never shown" $? "rc=$rc" "$(cat "$TMP/err")"
    run --db "host=$HOST user=$ROLE password=le-bon-mot dbname=$DBNAME" sessions
    [ "$rc" = 2 ] && grep -q "~/.pgpass" "$TMP/err" && ! grep -q "le-bon-mot" "$TMP/err"
    verdict "a password= key is refused, the message names ~/.pgpass" $? "rc=$rc" "$(cat "$TMP/err")"
    run --db "host=$HOST user=$ROLE dbname=$DBNAME" sessions
    [ "$rc" = 1 ] && grep -q "refused the user or the password" "$TMP/err"
    verdict "no password where the server asks one: refused, said" $? "rc=$rc" "$(cat "$TMP/err")"
    printf '*:*:*:%s:le-mauvais-mot\n' "$ROLE" >"$TMP/pgpass" && chmod 600 "$TMP/pgpass"
    PGPASSFILE="$TMP/pgpass" run --db "host=$HOST user=$ROLE dbname=$DBNAME" sessions
    [ "$rc" = 1 ] && grep -q "refused the user or the password" "$TMP/err" &&
        ! grep -q "le-mauvais-mot" "$TMP/err"
    verdict "a wrong password from PGPASSFILE: refused, said, never shown" $? "rc=$rc" "$(cat "$TMP/err")"
    printf '*:*:*:%s:le-bon-mot\n' "$ROLE" >"$HOME/.pgpass" && chmod 600 "$HOME/.pgpass"
    # A database of the role's own: it may create guichet's schema there.
    psql_admin "CREATE DATABASE ${DBNAME}_pw OWNER $ROLE"
    run --db "host=$HOST user=$ROLE dbname=${DBNAME}_pw" log --theme email --duration 15
    [ "$rc" = 0 ] && [ "$(cat "$TMP/out")" = 1 ] && ! grep -q "le-bon-mot" "$TMP/err" "$TMP/out"
    verdict "the right password from ~/.pgpass: the desk works there" $? "rc=$rc" "$(cat "$TMP/err")"
    psql_admin "DROP DATABASE ${DBNAME}_pw WITH (FORCE)"
    rm -f "$HOME/.pgpass"
    run --db "host=$HOST user=nobody_$$ dbname=$DBNAME" sessions
    [ "$rc" = 1 ] && grep -q "refused the user or the password" "$TMP/err"
    verdict "an unknown user: refused, said" $? "rc=$rc" "$(cat "$TMP/err")"
}

test_schema() {
    local before; before=$(tables)
    run --db "$TARGET" sessions
    local version; version=$(psql "$TARGET" -qAtc "SELECT version FROM guichet_schema")
    local migrations; migrations=$(ls "$MIGRATIONS_DIR" | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' | sort -n | tail -n 1)
    [ "$rc" = 0 ] && [ "$before" = 0 ] && [ "$(tables)" -gt 30 ] && [ "$version" = "$migrations" ] && no_trace
    verdict "an empty database gets guichet's schema on the first open" $? \
        "rc=$rc" "$(cat "$TMP/err")" "tables: $before -> $(tables), version $version"
    # Another program's database: refused, nothing written.
    psql_admin "CREATE DATABASE ${DBNAME}_other"
    psql "host=$HOST user=postgres dbname=${DBNAME}_other" -qAtc "CREATE TABLE books (id int)"
    run --db "host=$HOST user=postgres dbname=${DBNAME}_other" sessions
    local other; other=$(psql "host=$HOST user=postgres dbname=${DBNAME}_other" -qAtc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    [ "$rc" = 1 ] && grep -q "table of another program" "$TMP/err" && grep -q "nothing was written" "$TMP/err" &&
        [ "$other" = 1 ]
    verdict "a database holding another program's tables: refused, nothing written" $? "rc=$rc" "$(cat "$TMP/err")" "tables: $other"
    psql "host=$HOST user=postgres dbname=${DBNAME}_other" -qAtc "DROP TABLE books; CREATE TABLE guichet_schema (version integer); INSERT INTO guichet_schema VALUES (999)"
    run --db "host=$HOST user=postgres dbname=${DBNAME}_other" sessions
    [ "$rc" = 1 ] && grep -q "written by a newer guichet (schema 999" "$TMP/err"
    verdict "a schema from a newer guichet: refused" $? "rc=$rc" "$(cat "$TMP/err")"
    LANGUAGE=fr LANG=fr_FR.UTF-8 run --db "host=$HOST user=postgres dbname=${DBNAME}_other" sessions
    [ "$rc" = 1 ] && grep -q "version plus récente de guichet" "$TMP/err"
    verdict "the same, in French for a French desk" $? "rc=$rc" "$(cat "$TMP/err")"
    LANGUAGE=fr LANG=fr_FR.UTF-8 run --db "host=$HOST user=postgres dbname=${DBNAME}_none" sessions
    [ "$rc" = 1 ] && grep -q "n’a pas de base" "$TMP/err"
    verdict "a missing database, in French" $? "rc=$rc" "$(cat "$TMP/err")"
    psql "host=$HOST user=postgres dbname=${DBNAME}_other" -qAtc "DROP TABLE guichet_schema; CREATE TABLE guichet_schema (version text); INSERT INTO guichet_schema VALUES ('x')"
    run --db "host=$HOST user=postgres dbname=${DBNAME}_other" sessions
    [ "$rc" = 1 ] && grep -q "guichet_schema table that guichet cannot read" "$TMP/err" && ! grep -q "cannot reach" "$TMP/err"
    verdict "a guichet_schema table guichet cannot read: said so, not 'unreachable'" $? "rc=$rc" "$(cat "$TMP/err")"
    psql_admin "DROP DATABASE ${DBNAME}_other WITH (FORCE)"
}

# What an independent tester found: each a password shown, a file made of the string, or a
# failure named for another.
test_tester_findings() {
    run --db "postgresql://guichet:S3cretPW/bib" sessions
    [ "$rc" = 2 ] && ! grep -q S3cretPW "$TMP/err" && no_trace
    verdict "a URI whose @ was forgotten: its password (read as the port) refused, not shown" $? "rc=$rc" "$(cat "$TMP/err")"
    for t in "POSTGRESQL://u:S3cretPW@localhost/db" "postgresql:u:S3cretPW@localhost/db" "postgres:"; do
        run --db "$t" sessions
        [ "$rc" = 2 ] && ! grep -q S3cretPW "$TMP/err" && no_trace || break
    done
    verdict "a scheme in capitals or without //: refused, no file of that name" $? "$t: rc=$rc" "$(cat "$TMP/err")" "$(ls -A)"
    run --db "host=$HOST dbname='user=x password=S3cretPW dbname=postgres'" sessions
    [ "$rc" = 2 ] && ! grep -q S3cretPW "$TMP/err"
    verdict "a password quoted inside another value: refused, not shown" $? "rc=$rc" "$(cat "$TMP/err")"
    run --db "$TARGET sslpassword=S3cretPW" sessions
    [ "$rc" = 2 ] && ! grep -q S3cretPW "$TMP/err"
    verdict "sslpassword is refused as password is" $? "rc=$rc" "$(cat "$TMP/err")"
    run --db "host=$HOST user=postgres dbname=template0" sessions
    [ "$rc" = 1 ] && grep -q "refused the connection: .*not currently accepting connections" "$TMP/err" &&
        ! grep -q createdb "$TMP/err"
    verdict "a database closed to connections is not said missing" $? "rc=$rc" "$(cat "$TMP/err")"
    : >"$TMP/backup.db"
    run --db "$TARGET" restore "$TMP/backup.db"
    [ "$rc" = 1 ] && grep -q "pg_restore" "$TMP/err" && no_trace
    verdict "restore onto a server: refused, no folder nor copy made of the string" $? "rc=$rc" "$(cat "$TMP/err")" "$(ls -A)"
    run --db "$TARGET" restore --dry-run "$TMP/backup.db"
    [ "$rc" = 1 ] && no_trace
    verdict "restore --dry-run onto a server: refused the same" $? "rc=$rc" "$(cat "$TMP/err")"
    # A connection string pasted with a space or a tab before it, or a scheme mangled, is never
    # a file's name: a password in it would name folders on the disk.
    for t in " postgresql://u:S3cretPW@localhost/db" $'\thost=h password=S3cretPW' \
        "file:postgresql://u:S3cretPW@h/x" "postgresql ://u:S3cretPW@h/x" \
        '"host=h user=u password=S3cretPW dbname=x"' "'host=h password=S3cretPW dbname=x'" \
        $'\xc2\xa0host=h password=S3cretPW dbname=x' $'\xef\xbb\xbfhost=h password=S3cretPW' \
        "[host=h password=S3cretPW]" "-host=h password=S3cretPW"; do
        run --db "$t" sessions
        [ "$rc" = 2 ] && ! grep -q S3cretPW "$TMP/err" && no_trace || break
    done
    verdict "a string with a space before it or a mangled scheme: refused, no file of it" $? \
        "$t: rc=$rc" "$(cat "$TMP/err")" "$(ls -A)"
    psql_admin "CREATE DATABASE ${DBNAME}_space"
    run --db " host=$HOST user=postgres dbname=${DBNAME}_space" sessions
    [ "$rc" = 0 ] && no_trace
    verdict "a space pasted before a connection string is not in the way" $? "rc=$rc" "$(cat "$TMP/err")"
    psql_admin "DROP DATABASE ${DBNAME}_space WITH (FORCE)"
    run --db "x=y.db" sessions
    [ "$rc" = 2 ] && grep -q '\./NAME' "$TMP/err" && no_trace
    verdict "a file name with = is told how to be written" $? "rc=$rc" "$(cat "$TMP/err")"
}

test_target_forms
test_tester_findings
test_silent_server
test_missing_database
test_passwords
test_schema
finish
