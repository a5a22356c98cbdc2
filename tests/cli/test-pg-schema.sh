#!/usr/bin/env bash
# guichet's PostgreSQL schema (data/pg/schema.sql, issue 19) against the SQLite schema the
# migrations make: it loads into an empty database in one transaction; every table and view has
# SQLite's columns in SQLite's order, with the same NOT NULL and the types translated; the same
# triggers (by name and table), views and indexes exist; and the triggers compute the same
# derived rows. For that, a SQLite database with real activity (guichet demo) is copied into
# PostgreSQL table by table, base tables only, so that PostgreSQL's triggers compute every
# derived table; each derived table is then compared with SQLite's, row for row. The same
# writes are made in both (a session's duration and theme changed, sessions deleted as guichet
# deletes them and restored, one removed for good, bookings cancelled, attendance changed, a
# workshop held and one removed, a person's commune changed and a person erased, referrals
# closed, a partner renamed and one removed, texts the search tokenizer folds differently) and
# the derived tables compared again.
# Needs the test cluster of tests/pg-cluster.sh (make check starts it): GUICHET_TEST_PG is its
# maintenance database's connection string.
# Usage: tests/cli/test-pg-schema.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="PostgreSQL schema${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB PGPASSWORD PGSERVICE PGHOST PGDATABASE PGUSER
export LANGUAGE=en HOME="$TMP/home" GUICHET_NOW="2026-11-21 18:00"
mkdir -p "$HOME"
SCHEMA=$(realpath "$(dirname "$0")/../../data/pg/schema.sql")

if [ -z "${GUICHET_TEST_PG:-}" ]; then
    not_ok "a test cluster: GUICHET_TEST_PG names it (make check starts one)"
    finish
    exit
fi
ADMIN=$GUICHET_TEST_PG
HOST=$(sed -n 's/.*host=\([^ ]*\).*/\1/p' <<<"$ADMIN")
DBNAME="t_schema_$$_$RANDOM"
psql "$ADMIN" -v ON_ERROR_STOP=1 -qAtXc "CREATE DATABASE $DBNAME" >/dev/null ||
    { not_ok "the test database is created"; finish; exit; }
trap 'psql "$ADMIN" -qAtXc "DROP DATABASE IF EXISTS $DBNAME" >/dev/null 2>&1; rm -rf "$TMP"' EXIT
PG="host=$HOST user=postgres dbname=$DBNAME"
pg() { psql "$PG" -v ON_ERROR_STOP=1 -qAtX "$@"; }

NEW="$TMP/new.db"    # a new SQLite database: the schema to compare with
DB="$TMP/demo.db"    # one with activity: the rows to compare
sql() { sqlite3 -cmd "PRAGMA foreign_keys = ON" "$DB" "$@"; }

# The tables the program writes (base) and those the triggers keep from them (derived). The
# base tables are copied into PostgreSQL in this order (a row's references first), so that
# PostgreSQL's triggers compute the derived ones. participant_search is base: the program keeps
# it, no trigger does. setting is base (the copy replaces the new database's own prefix).
BASE=(vocab setting site operator partner request_kind participant participant_search
      workshop_series workshop workshop_theme registration help_session help_session_theme
      help_session_demarche help_session_material help_session_deleted referral audit erasure
      erasure_mark)
DERIVED=(session_tally session_tally_month workshop_attendance attendance_tally
         attendance_tally_month workshop_tally workshop_tally_month referral_tally
         referral_tally_month session_number session_search session_search_odd partner_search
         partner_search_odd)

# PostgreSQL's columns that SQLite does not show the program, with the reason:
#   guichet_schema.version: the schema's version, PRAGMA user_version in SQLite;
#   guichet_schema_object.*: the digests check compares the schema's objects with (SQLite's
#     check makes a new database in memory instead);
#   *_search.rowid: FTS5's hidden rowid (the record's id), an explicit key column here;
#   *_search.tsv: the text search vector, standing for FTS5's own index.
PG_ONLY="guichet_schema.version guichet_schema_object.type guichet_schema_object.name
guichet_schema_object.digest guichet_schema_object.server participant_search.rowid participant_search.tsv
session_search.rowid session_search.tsv partner_search.rowid partner_search.tsv"
# FTS5's shadow tables (x_config, x_content, x_data, x_docsize, x_idx) are its internals: the
# program never names them, and PostgreSQL has none.

cat >"$TMP/lite.py" <<'PYEOF'
import sqlite3, sys

def text(v):
    """A value as PostgreSQL's COPY text format writes it."""
    if v is None:
        return "\\N"
    if isinstance(v, bytes):
        v = v.decode("utf-8", "replace")
    v = str(v)
    out = []
    for c in v:
        if c == "\\":
            out.append("\\\\")
        elif c in "\b\f\n\r\t\v":
            out.append({"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
                        "\v": "\\v"}[c])
        else:
            out.append(c)
    return "".join(out)

def row(values):
    return "\t".join(text(v) for v in values)

db = sqlite3.connect(sys.argv[2])
mode = sys.argv[1]
if mode == "columns":
    # table|column|position|notnull|type, for every table and view but FTS5's shadow tables.
    virtual = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
    shadow = {v + "_" + s for v in virtual for s in ("config", "content", "data", "docsize", "idx")}
    types = {"INTEGER": "bigint", "TEXT": "text", "REAL": "double precision", "BLOB": "bytea", "": ""}
    for name, kind in db.execute("SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') "
                                 "AND name NOT LIKE 'sqlite_%' ORDER BY name"):
        if name in shadow:
            continue
        for cid, col, ctype, notnull, _default, pk in db.execute(
                "SELECT * FROM pragma_table_info(?)", (name,)):
            if kind == "view" or name in virtual:
                print("%s|%s|%d" % (name, col, cid + 1))
            else:
                print("%s|%s|%d|%d|%s" % (name, col, cid + 1, 1 if (notnull or pk) else 0,
                                           types.get(ctype.upper(), "?" + ctype)))
elif mode == "copy":
    # A psql script copying the named tables, in that order.
    for table in sys.argv[3:]:
        cols = [r[1] for r in db.execute("SELECT * FROM pragma_table_info(?)", (table,))]
        if table == "participant_search":
            cols = ["rowid"] + cols
        print("COPY %s (%s) FROM STDIN;" % (table, ", ".join(cols)))
        for r in db.execute("SELECT %s FROM %s" % (", ".join(cols), table)):
            print(row(r))
        print("\\.")
elif mode == "dump":
    for r in db.execute(sys.argv[3]):
        print(row(r))
PYEOF
lite() { python3 "$TMP/lite.py" "$@"; }

# What each derived table holds, in SQLite and in PostgreSQL. FTS5's external-content tables
# show their content table's rows when read: the rows indexed are those in x_docsize.
lite_query() {
    case $1 in
    session_search) echo "SELECT id, procedure_name, note, commune, postal_code, joined
        FROM session_search_content WHERE id IN (SELECT id FROM session_search_docsize)" ;;
    partner_search) echo "SELECT id, name, commune, handles, postal_code, joined
        FROM partner_search_content WHERE id IN (SELECT id FROM partner_search_docsize)" ;;
    *) echo "SELECT * FROM $1" ;;
    esac
}
pg_query() {
    case $1 in
    session_search) echo "SELECT rowid, procedure_name, note, commune, postal_code, joined FROM session_search" ;;
    partner_search) echo "SELECT rowid, name, commune, handles, postal_code, joined FROM partner_search" ;;
    *) echo "SELECT * FROM $1" ;;
    esac
}

# compare_derived STEP: every derived table the same in both, as sorted text.
compare_derived() {
    local t diffs=() d
    for t in "${DERIVED[@]}"; do
        lite dump "$DB" "$(lite_query "$t")" | LC_ALL=C sort >"$TMP/lite.$t"
        pg -c "COPY ($(pg_query "$t")) TO STDOUT" | LC_ALL=C sort >"$TMP/pg.$t"
        if ! d=$(diff "$TMP/lite.$t" "$TMP/pg.$t"); then
            diffs+=("$t ($(wc -l <"$TMP/lite.$t") rows in SQLite, $(wc -l <"$TMP/pg.$t") in PostgreSQL):"
                    "$(head -n 8 <<<"$d")")
        elif [ ! -s "$TMP/lite.$t" ] && [ "$t" != session_search_odd ] && [ "$t" != partner_search_odd ]; then
            diffs+=("$t: empty in both, so nothing was compared")
        fi
    done
    [ "${#diffs[@]}" = 0 ]
    verdict "$1: every derived table has the same rows as SQLite's (${DERIVED[*]})" $? "${diffs[@]}"
}

# schema.sql makes version 23; data/pg/migrations/ go on from there, as guichet runs them
# (store_open_server: in the transaction that made the schema, the version set after each).
test_load() {
    local args=(-f "$SCHEMA") m version=23
    for m in "$(dirname "$SCHEMA")"/migrations/*.sql; do
        [ -e "$m" ] || continue
        version=$((10#$(basename "$m" | cut -d_ -f1)))
        args+=(-f "$m" -c "UPDATE guichet_schema SET version = $version")
    done
    pg -v ON_ERROR_STOP=1 -1 "${args[@]}" >"$TMP/load.out" 2>&1
    verdict "schema.sql and the PostgreSQL migrations load into an empty database in one transaction" $? \
        "$(head -c 2000 "$TMP/load.out")"
    [ "$(pg -c "SELECT version FROM guichet_schema")" = "$version" ] &&
        [ "$(sqlite3 "$NEW" "PRAGMA user_version")" = "$version" ]
    verdict "guichet_schema holds $version, SQLite's user_version: every SQLite migration has its PostgreSQL one" $? \
        "$(pg -c "SELECT * FROM guichet_schema" 2>&1) $(sqlite3 "$NEW" "PRAGMA user_version")"
    [ "$(pg -c "SELECT * FROM session_number")" = "1|0" ] &&
        pg -c "SELECT value FROM setting WHERE key = 'place_id_prefix'" | grep -qx 'guichet-[0-9a-f]\{8\}'
    verdict "a new database has its session_number row and its place id prefix, as SQLite's" $? \
        "$(pg -c "SELECT * FROM session_number; SELECT * FROM setting" 2>&1)"
}

test_columns() {
    lite columns "$NEW" >"$TMP/lite.columns"
    # Tables: name, position, NOT NULL, type; views and FTS tables: name and position.
    pg -c "SELECT c.table_name || '|' || c.column_name || '|' || c.ordinal_position ||
                  CASE WHEN t.table_type = 'VIEW' OR c.table_name LIKE '%\_search' THEN ''
                       ELSE '|' || (c.is_nullable = 'NO')::int || '|' || c.data_type END
           FROM information_schema.columns c
           JOIN information_schema.tables t USING (table_schema, table_name)
           WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position" |
        python3 -c '
import sys
only = set(sys.argv[1].split())
pos = {}
for line in sys.stdin:
    f = line.rstrip("\n").split("|")
    if f[0] + "." + f[1] in only:
        continue
    pos[f[0]] = pos.get(f[0], 0) + 1   # the position among the columns SQLite shows
    f[2] = str(pos[f[0]])
    print("|".join(f))' "$PG_ONLY" >"$TMP/pg.columns"
    local d
    d=$(diff "$TMP/lite.columns" "$TMP/pg.columns")
    verdict "every table and view: SQLite's columns in SQLite's order, same NOT NULL, types translated ($(cut -d'|' -f1 "$TMP/lite.columns" | sort -u | wc -l) tables and views)" $? "$(head -n 30 <<<"$d")"
    # The columns left out above are those the allow-list names, and only them.
    local extra
    extra=$(pg -c "SELECT table_name || '.' || column_name FROM information_schema.columns
                   WHERE table_schema = 'public' ORDER BY 1" | grep -xF -f <(tr ' ' '\n' <<<"$PG_ONLY" | grep .) | sort | tr '\n' ' ')
    [ "$extra" = "$(tr ' \n' '\n\n' <<<"$PG_ONLY" | grep . | sort | tr '\n' ' ')" ]
    verdict "PostgreSQL's own columns are exactly the allow-list's" $? "found: $extra"
}

test_objects() {
    local d1 d2 d3
    d1=$(diff <(sqlite3 "$NEW" "SELECT name || ' on ' || tbl_name FROM sqlite_schema WHERE type = 'trigger'" | LC_ALL=C sort) \
              <(pg -c "SELECT tgname || ' on ' || tgrelid::regclass FROM pg_trigger WHERE NOT tgisinternal" | LC_ALL=C sort))
    verdict "the same triggers, by name, on the same tables ($(sqlite3 "$NEW" "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"))" $? "$d1"
    d2=$(diff <(sqlite3 "$NEW" "SELECT name FROM sqlite_schema WHERE type = 'view'" | LC_ALL=C sort) \
              <(pg -c "SELECT viewname FROM pg_views WHERE schemaname = 'public'" | LC_ALL=C sort))
    verdict "the same views" $? "$d2"
    # Every index SQLite names (not its automatic ones) exists, on the same table; PostgreSQL's
    # others are its keys' and the text search vectors'.
    d3=$(comm -23 <(sqlite3 "$NEW" "SELECT name || ' on ' || tbl_name FROM sqlite_schema WHERE type = 'index'
                                     AND name NOT LIKE 'sqlite_autoindex_%'" | LC_ALL=C sort) \
                  <(pg -c "SELECT indexname || ' on ' || tablename FROM pg_indexes WHERE schemaname = 'public'" | LC_ALL=C sort))
    [ -z "$d3" ]
    verdict "every index SQLite's schema names exists in PostgreSQL, on the same table" $? "missing: $d3"
}

# The base rows into PostgreSQL, its triggers computing the rest. Identity sequences are then
# moved past the ids copied (the PG-TODO of schema.sql: ids inserted explicitly).
test_copy() {
    "$GUICHET" --db "$DB" demo --sessions 300 --seed 19 >"$TMP/demo.out" 2>&1
    verdict "guichet demo writes a database with activity" $? "$(head -c 1000 "$TMP/demo.out")"
    { echo "DELETE FROM setting;"; lite copy "$DB" "${BASE[@]}"; } >"$TMP/copy.sql"
    pg -1 -f "$TMP/copy.sql" >"$TMP/copy.out" 2>&1
    verdict "the base tables are copied into PostgreSQL, its triggers on" $? "$(head -c 2000 "$TMP/copy.out")"
    pg >/dev/null <<'SQL'
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT table_name, column_name FROM information_schema.columns
             WHERE table_schema = 'public' AND is_identity = 'YES' LOOP
        EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), coalesce((SELECT max(%I) FROM %I), 0) + 1, false)',
                       r.table_name, r.column_name, r.column_name, r.table_name);
    END LOOP;
END $$;
SQL
    local n
    for n in help_session registration workshop referral participant; do
        [ "$(sql "SELECT count(*) FROM $n")" = "$(pg -c "SELECT count(*) FROM $n")" ] || break
    done
    [ "$(sql "SELECT count(*) FROM help_session")" -ge 300 ] &&
        [ "$(sql "SELECT count(*) FROM registration WHERE state = 'attended'")" -gt 0 ] &&
        [ "$(sql "SELECT count(*) FROM workshop WHERE status = 'held'")" -gt 0 ] &&
        [ "$(sql "SELECT count(*) FROM referral")" -gt 0 ] &&
        [ "$(sql "SELECT count(*) FROM help_session_theme")" = "$(pg -c "SELECT count(*) FROM help_session_theme")" ]
    verdict "the copy holds the sessions, themes, attended bookings of held workshops and referrals" $?
    compare_derived "after the copy"
}

# both SQL: the same statements in SQLite (foreign keys on, as guichet opens it) and PostgreSQL.
both() {
    local out
    out=$(sql "$1" 2>&1) || { not_ok "SQLite runs: $1" "$out"; return 1; }
    out=$(pg -1 -c "$1" 2>&1) || { not_ok "PostgreSQL runs: $1" "$out"; return 1; }
}

test_writes() {
    local s d r a w p now="2026-11-21T17:00:00Z"
    # A session with themes: its duration and theme changed, as the desk's edit does.
    s=$(sql "SELECT min(session_id) FROM help_session_theme")
    both "UPDATE help_session SET duration_min = 95, age = 'soixante_dix_plus', updated_at = '$now' WHERE id = $s;
          DELETE FROM help_session_theme WHERE session_id = $s;
          INSERT INTO help_session_theme (session_id, theme) VALUES ($s, 'sante'), ($s, 'email');"
    # Another session the same day, at the same desk, with the same themes: the day's counts
    # (one session a day in the demo) are added to, not made.
    both "INSERT INTO help_session (id, started_at, duration_min, place, site_id, operator_id, age, oriented,
                                    created_at, updated_at)
              SELECT 9002, started_at, 20, place, site_id, operator_id, age, oriented, created_at, updated_at
              FROM help_session WHERE id = $s;
          INSERT INTO help_session_theme (session_id, theme)
              SELECT 9002, theme FROM help_session_theme WHERE session_id = $s;"
    # Deleted as guichet deletes (src/store/sessions.c: a row marks it), one of them restored.
    for d in $(sql "SELECT id FROM help_session WHERE id <> $s AND id < 9000 ORDER BY id DESC LIMIT 3"); do
        both "INSERT INTO help_session_deleted (session_id, deleted_at, operator_id)
              SELECT id, '$now', NULL FROM help_session s WHERE id = $d
              AND NOT EXISTS (SELECT 1 FROM help_session_deleted d WHERE d.session_id = s.id);"
    done
    both "DELETE FROM help_session_deleted WHERE session_id = $d;"
    # A deleted session changed (nothing moves), then one removed for good with its children.
    d=$(sql "SELECT min(session_id) FROM help_session_deleted")
    both "UPDATE help_session SET duration_min = 200 WHERE id = $d;"
    r=$(sql "SELECT min(id) FROM help_session WHERE id NOT IN (SELECT session_id FROM help_session_deleted)
             AND id IN (SELECT session_id FROM help_session_demarche) AND id NOT IN ($s, $((s + 1)))")
    both "DELETE FROM help_session WHERE id = $r;"
    # A session's residence said, and texts that FTS5 folds as text_fold does and not.
    both "UPDATE help_session SET postal_code = '51100', commune = 'Reims', insee = '51454', already_helped = 1,
              note = 'Aide à l''e-mail d’aujourd’hui' WHERE id = $s;"
    both "UPDATE help_session SET note = 'Straße', procedure_name = 'ﬁchier' WHERE id = $((s + 1));"
    both "INSERT INTO help_session (id, started_at, duration_min, place, oriented, note, created_at, updated_at)
          VALUES (9001, '2026-11-20 10:30', 45, 'lieu_activite', 0, 'Œuvre — ²', '$now', '$now');
          INSERT INTO help_session_material (session_id, material) VALUES (9001, 'ordinateur');"
    # Bookings: one cancelled, an attended one marked absent, a waitlisted one booked.
    for a in "booked:cancelled" "attended:absent" "waitlisted:booked"; do
        r=$(sql "SELECT min(id) FROM registration WHERE state = '${a%%:*}'")
        [ -n "$r" ] && both "UPDATE registration SET state = '${a#*:}', updated_at = '$now' WHERE id = $r;"
    done
    r=$(sql "SELECT min(g.id) FROM registration g JOIN workshop w ON w.id = g.workshop_id
             WHERE g.state = 'attended' AND w.status = 'held'")
    both "UPDATE registration SET already_helped = 1 WHERE id = $r;"
    both "DELETE FROM registration WHERE id = (SELECT max(id) FROM registration WHERE state = 'attended');"
    # A person's commune changed, another erased (their name gone takes their commune).
    p=$(sql "SELECT min(participant_id) FROM registration WHERE state = 'attended'")
    both "UPDATE participant SET postal_code = '51100', commune = 'Reims', insee = '51454' WHERE id = $p;"
    both "UPDATE participant SET name = NULL, name_fold = NULL, erased_at = '$now' WHERE id = $p;"
    # Workshops: a planned one held, a held one moved and given a theme, another removed.
    w=$(sql "SELECT min(id) FROM workshop WHERE status = 'planned'")
    both "UPDATE workshop SET status = 'held', walk_ins = 3 WHERE id = $w;"
    w=$(sql "SELECT min(id) FROM workshop WHERE status = 'held'")
    both "UPDATE workshop SET starts_at = '2026-10-02 14:00', capacity = capacity + 2 WHERE id = $w;
          INSERT INTO workshop_theme (workshop_id, theme) VALUES ($w, 'pg_test');"
    both "DELETE FROM workshop WHERE id = (SELECT max(id) FROM workshop WHERE status = 'held');"
    # Referrals: one closed, one moved to another day; a partner renamed and one removed.
    both "UPDATE referral SET status = 'abouti', closed_at = '$now' WHERE id = (SELECT min(id) FROM referral);"
    both "UPDATE referral SET referred_at = '2026-01-05 09:00' WHERE id = (SELECT max(id) FROM referral);"
    both "UPDATE partner SET name = 'Maison France services d’Épernay-Sud' WHERE id = (SELECT min(id) FROM partner);"
    both "DELETE FROM partner WHERE id = (SELECT partner_id FROM referral WHERE partner_id IS NOT NULL
                                           ORDER BY id LIMIT 1);"
    both "INSERT INTO partner (name, name_fold, created_at, updated_at, handles)
          VALUES ('Espace numérique', 'espace numerique', '$now', '$now', 'Scan ; e-mail');"
    [ "$(sql "SELECT count(*) FROM session_search_odd")" -gt 0 ] &&
        [ "$(sql "SELECT count(*) FROM session_tally WHERE sessions = 0")" -gt 0 ] &&
        [ "$(sql "SELECT count(*) FROM session_tally WHERE sessions > 1")" -gt 0 ]
    verdict "the writes reached the odd texts, emptied some counts and added to others" $?
    compare_derived "after the same writes in both"
    # The partner made without a place id got one of this database's form in both.
    [ "$(pg -c "SELECT mednum_id ~ '^guichet-[0-9a-f]{8}-[0-9]+$' FROM partner WHERE name = 'Espace numérique'")" = t ] &&
        [ "$(pg -c "SELECT mednum_id FROM partner WHERE name = 'Espace numérique'")" = \
          "$(sql "SELECT mednum_id FROM partner WHERE name = 'Espace numérique'")" ]
    verdict "a partner added without a place id gets the database's prefix and its number" $? \
        "$(pg -c "SELECT mednum_id FROM partner WHERE name = 'Espace numérique'")"
    # The erased person's commune went with their name.
    [ "$(pg -c "SELECT coalesce(postal_code, '') || coalesce(commune, '') || coalesce(insee, '') FROM participant WHERE id = $p")" = "" ]
    verdict "erasing a person's name takes their commune (participant_erase_residence)" $?
}

"$GUICHET" --db "$NEW" sessions >/dev/null 2>"$TMP/new.err" ||
    { not_ok "guichet makes a new SQLite database" "$(cat "$TMP/new.err")"; finish; exit; }
test_load
test_columns
test_objects
test_copy
test_writes
finish
