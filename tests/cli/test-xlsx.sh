#!/usr/bin/env bash
# Excel files (--format xlsx, libxlsxwriter): read back with python3-openpyxl by check-xlsx.py
# and compared with the CSV of the same command; listings and the report; refused on a terminal,
# written to a pipe or to --output (mode 0600); hostile text written inert and clean; the
# temporary file removed, also when a signal ends the command, and one a SIGKILL left removed by
# the next --output. --output never writes over the database or its files (under any name it is
# opened by) or into a backup folder, nor through a symbolic link, nor XLSX to a terminal, and a
# failed command leaves it as it was.
# Usage: tests/cli/test-xlsx.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="Excel files${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
unset LC_ALL LC_MESSAGES LANG GUICHET_DB
export LANGUAGE=en GUICHET_NOW="2026-03-17 10:00" HOME="$TMP/home"
# guichet's temporary workbooks go here, so that the suite sees them removed.
export TMPDIR="$TMP/tmp"
mkdir -p "$TMPDIR"
CHECK="/usr/bin/python3 $(dirname "$0")/check-xlsx.py"
DB="$TMP/x.db"
PK=$'PK\x03\x04'

# is_xlsx FILE: begins as a ZIP archive does.
is_xlsx() { [ "$(head -c 4 "$1")" = "$PK" ]; }

# on_terminal CMD…: runs CMD with its standard output on a pseudo-terminal (script(1)); the
# terminal's text in $TMP/tty, the status in $rc.
on_terminal() {
    local cmd
    printf -v cmd '%q ' "$@"
    script -qec "$cmd" /dev/null </dev/null >"$TMP/tty" 2>&1
    rc=$?
}

setup() {
    run --db "$DB" demo --sessions 120 --seed 7
    [ "$rc" = 0 ]
    verdict "demonstration data" $? "$(cat "$TMP/err")"
    # Hostile text in the database: a formula, an escape sequence and a bidi override (U+202E,
    # as bytes: the suite runs without a UTF-8 locale).
    local note=$'=1+1\x1b[31m\xe2\x80\xaeevil\x07' site=$'=HYPERLINK("x")\xe2\x80\xae'
    sqlite3 "$DB" "UPDATE help_session SET note = '$note' WHERE id = 1;
                   UPDATE site SET name = '$site' WHERE id = (SELECT min(id) FROM site)"
    verdict "hostile text written in the database" $?
}


header_of() { head -1 "$1" | tr -d '\r' | tr , '|'; }

test_listing_equals_csv() {
    run --db "$DB" sessions --format csv
    cp "$TMP/out" "$TMP/s.csv"
    run --db "$DB" sessions --format xlsx
    [ "$rc" = 0 ] && is_xlsx "$TMP/out" && cp "$TMP/out" "$TMP/s.xlsx" &&
        $CHECK "$TMP/s.xlsx" --sheets Data --header "$(header_of "$TMP/s.csv")" --frozen A2 \
            --numbers 'id|duration_min' --datetimes started_at --csv "$TMP/s.csv" >"$TMP/check"
    verdict "sessions --format xlsx: the CSV's rows, a bold frozen header, numbers and dates typed" $? \
        "rc=$rc" "$(cat "$TMP/check" "$TMP/err" 2>/dev/null)"
    run --db "$DB" referral list --format csv
    cp "$TMP/out" "$TMP/r.csv"
    run --db "$DB" referral list --format xlsx
    cp "$TMP/out" "$TMP/r.xlsx"
    [ "$rc" = 0 ] && $CHECK "$TMP/r.xlsx" --header "$(header_of "$TMP/r.csv")" --frozen A2 \
        --numbers 'id|session' --datetimes referred_at --dates follow_up_on \
        --csv "$TMP/r.csv" >"$TMP/check"
    verdict "referral list --format xlsx: dates as dates, date-times as date-times" $? \
        "rc=$rc" "$(cat "$TMP/check" "$TMP/err")"
    # The checker is not blind: one value changed in the CSV is found.
    sed '3s/,[0-9]*,/,999999,/' "$TMP/s.csv" >"$TMP/s-bad.csv"
    ! $CHECK "$TMP/s.xlsx" --csv "$TMP/s-bad.csv" >/dev/null
    verdict "the checker finds a value that differs from the CSV" $?
    run --db "$DB" sessions --from 2000-01-01 --to 2000-01-31 --format xlsx
    cp "$TMP/out" "$TMP/empty.xlsx"
    [ "$rc" = 0 ] && $CHECK "$TMP/empty.xlsx" --header "$(header_of "$TMP/s.csv")" --frozen A2 \
        >"$TMP/check"
    verdict "an empty listing is a header row" $? "$(cat "$TMP/check" "$TMP/err")"
}

# The hostile values of setup, in the files test_listing_equals_csv and test_report_equals_csv
# wrote: the note cleaned as every output cleans it (the escape and the bell shown U+FFFD, the
# bidi override dropped), the formulas plain strings.
test_hostile_text_inert() {
    $CHECK "$TMP/s.xlsx" --contains $'=1+1\xef\xbf\xbd[31mevil\xef\xbf\xbd' >"$TMP/check" &&
        $CHECK "$TMP/rep.xlsx" --contains '=HYPERLINK("x") and 2 other sites' >>"$TMP/check"
    verdict "a formula, an escape and a bidi override in a note and a site's name: inert, cleaned text" $? \
        "$(cat "$TMP/check")"
}

test_report_equals_csv() {
    run --db "$DB" report --period year --format csv
    cp "$TMP/out" "$TMP/rep.csv"
    run --db "$DB" report --period year --format xlsx --output "$TMP/rep.xlsx"
    [ "$rc" = 0 ] && [ ! -s "$TMP/out" ] && $CHECK "$TMP/rep.xlsx" --report-csv "$TMP/rep.csv" \
        --sheets 'Activity report|Activities|Month by month|People helped by site|Themes|Administrative procedures|Duration|Place|Devices|Autonomy|Age|Status|Gender|Oriented to a structure|Orientation by category|Referrals by outcome|New and returning|Sessions by commune|Participants by commune|Workshops by theme|Referrals by partner' \
        >"$TMP/check"
    verdict "report --format xlsx: a sheet per section, every figure that of the CSV report" $? \
        "rc=$rc" "$(cat "$TMP/check" "$TMP/err")"
    # In French: the sheets named from the catalogue, cut to Excel's 31 characters on a word.
    LANGUAGE=fr run --db "$DB" report --period year --format xlsx --output "$TMP/fr.xlsx"
    LANGUAGE=fr run --db "$DB" report --period year --format csv
    cp "$TMP/out" "$TMP/fr.csv"
    $CHECK "$TMP/fr.xlsx" --report-csv "$TMP/fr.csv" \
        --sheets 'Rapport d’activité|Activités|Mois par mois|Personnes accompagnées par site|Thématiques|Démarches administratives|Durée|Lieu|Matériel|Autonomie|Âge|Statut|Genre|Orienté vers une structure|Orientation par catégorie|Orientations par suite donnée|Nouvelles et déjà accompagnées|Accompagnements par commune|Participants par commune|Ateliers par thématique|Orientations par partenaire' \
        >"$TMP/check"
    verdict "the French report: sheet names from the catalogue, at most 31 characters" $? \
        "$(cat "$TMP/check")"
}

test_terminal_refused() {
    on_terminal "$GUICHET" --db "$DB" report --format xlsx
    [ "$rc" = 2 ] && grep -q -- "--output FILE" "$TMP/tty" && ! grep -q "PK" "$TMP/tty"
    verdict "report --format xlsx on a terminal: refused, nothing written" $? "rc=$rc" \
        "$(head -c 300 "$TMP/tty")"
    on_terminal "$GUICHET" --db "$DB" sessions --format xlsx
    [ "$rc" = 2 ] && grep -q "redirect" "$TMP/tty" && ! grep -q "PK" "$TMP/tty"
    verdict "a listing in xlsx on a terminal: refused, nothing written" $? "rc=$rc" \
        "$(head -c 300 "$TMP/tty")"
    rm -f "$TMP/t.xlsx"
    on_terminal "$GUICHET" --db "$DB" report --format xlsx --output "$TMP/t.xlsx"
    [ "$rc" = 0 ] && is_xlsx "$TMP/t.xlsx"
    verdict "report --format xlsx --output FILE from a terminal: written" $? "rc=$rc" \
        "$(cat "$TMP/tty")"
    # A terminal named as the file: refused as the standard output is, whatever command.
    on_terminal "$GUICHET" --db "$DB" report --format xlsx --output /dev/tty
    [ "$rc" = 2 ] && grep -q "/dev/tty is a terminal" "$TMP/tty" && ! grep -q "PK" "$TMP/tty"
    verdict "report --format xlsx --output /dev/tty: refused, nothing written" $? "rc=$rc" \
        "$(head -c 300 "$TMP/tty")"
    on_terminal "$GUICHET" --db "$DB" export coop --format xlsx --output /dev/tty
    [ "$rc" = 2 ] && grep -q "is a terminal" "$TMP/tty" && ! grep -q "PK" "$TMP/tty"
    verdict "export --format xlsx --output /dev/tty: refused, nothing written" $? "rc=$rc" \
        "$(head -c 300 "$TMP/tty")"
    on_terminal "$GUICHET" --db "$DB" report --format csv --output /dev/tty
    [ "$rc" = 0 ] && grep -q "^section," "$TMP/tty"
    verdict "report --format csv --output /dev/tty: text, written" $? "rc=$rc"
}

test_pipe_and_file() {
    "$GUICHET" --db "$DB" report --format xlsx 2>"$TMP/err" | cat >"$TMP/p.xlsx"
    [ "${PIPESTATUS[0]}" = 0 ] && $CHECK "$TMP/p.xlsx" --sheet Activities --frozen A2 >"$TMP/check"
    verdict "report --format xlsx into a pipe: a whole workbook" $? "$(cat "$TMP/check" "$TMP/err")"
    rm -f "$TMP/m.xlsx"
    echo old >"$TMP/old.xlsx"
    chmod 644 "$TMP/old.xlsx"
    (umask 022 && "$GUICHET" --db "$DB" report --format xlsx --output "$TMP/m.xlsx" &&
        "$GUICHET" --db "$DB" report --format xlsx --output "$TMP/old.xlsx")
    [ "$(stat -c %a "$TMP/m.xlsx")" = 600 ] && [ "$(stat -c %a "$TMP/old.xlsx")" = 600 ] &&
        is_xlsx "$TMP/old.xlsx"
    verdict "--output FILE: mode 0600, a new file or one replaced" $? \
        "$(stat -c '%n %a' "$TMP/m.xlsx" "$TMP/old.xlsx")"
    run --db "$DB" report --format csv --output "$TMP/o.csv"
    local direct
    direct=$("$GUICHET" --db "$DB" report --format csv | md5sum)
    [ "$rc" = 0 ] && [ ! -s "$TMP/out" ] && [ "$(md5sum <"$TMP/o.csv")" = "$direct" ]
    verdict "--output FILE takes every format: the CSV report, as on standard output" $?
    run --db "$DB" report --format xlsx --output "$TMP/no/such/dir/r.xlsx"
    [ "$rc" = 1 ] && grep -q "cannot write" "$TMP/err"
    verdict "--output into a missing folder: a clear failure" $? "rc=$rc" "$(cat "$TMP/err")"
    if [ -c /dev/full ]; then
        run --db "$DB" report --format xlsx --output /dev/full
        [ "$rc" = 1 ] && grep -q "cannot write the output" "$TMP/err" && [ -c /dev/full ]
        verdict "--output onto a full device: a failure, and the device left in place" $? \
            "rc=$rc" "$(cat "$TMP/err")"
    fi
    run --db "$DB" report --site "no such site" --format xlsx --output "$TMP/gone.xlsx"
    [ "$rc" = 2 ] && [ ! -e "$TMP/gone.xlsx" ]
    verdict "a refused report makes no file" $? "rc=$rc"
    [ -z "$(ls -A "$TMPDIR")" ]
    verdict "no temporary file left in TMPDIR" $? "$(ls -la "$TMPDIR")"
    # valgrind itself needs TMPDIR: this one runs without it.
    [ "$(basename "$GUICHET")" = valgrind.sh ] && return
    TMPDIR="$TMP/missing" run --db "$DB" sessions --format xlsx
    [ "$rc" = 1 ] && grep -q "temporary file" "$TMP/err" && [ ! -s "$TMP/out" ]
    verdict "no temporary folder: a clear failure, nothing written" $? "rc=$rc" "$(cat "$TMP/err")"
}

# --output never writes over the database or what belongs to it, compared by the file itself
# (device and inode: a link or another name for it too): the database, its journals, its erasure
# key, the backups folder. Refused with exit 2, the file untouched and nothing made beside it.
test_output_keeps_the_database() {
    file_engine_only "the database file, its journals, its key, the backups folder beside it" || return
    local d="$TMP/keep" sum name existed
    mkdir -p "$d"
    cp "$DB" "$d/z.db"
    sum=$(md5sum <"$d/z.db")
    run --db "$d/z.db" backup
    ln -s z.db "$d/zl.xlsx"
    ln "$d/z.db" "$d/hard.xlsx"
    for name in z.db zl.xlsx hard.xlsx z.db-wal z.db-shm z.db-journal z.db-erasure-key \
        backups/z.xlsx; do
        existed=$([ -e "$d/$name" ] && echo yes)
        run --db "$d/z.db" export coop --format xlsx --output "$d/$name"
        [ "$rc" = 2 ] && grep -q -- "--output" "$TMP/err" && [ "$(md5sum <"$d/z.db")" = "$sum" ] &&
            [ -z "$(find "$d" -name '*.tmp-*')" ] && [ "$([ -e "$d/$name" ] && echo yes)" = "$existed" ]
        verdict "--output $name: refused, the database untouched" $? "rc=$rc" "$(cat "$TMP/err")"
    done
    run --db "$d/z.db" report --output "$d/z.db-journal"
    [ "$rc" = 2 ] && [ ! -e "$d/z.db-journal" ] && [ ! -e "$d/backups/z.xlsx" ]
    verdict "--output naming a journal not there yet: refused, not made" $? "rc=$rc"
    run --db "$d/z.db" report --output "$d/backups"
    [ "$rc" = 2 ] && [ -d "$d/backups" ]
    verdict "--output naming a folder: refused" $? "rc=$rc" "$(cat "$TMP/err")"
}

# Another database, on either engine: a backup put elsewhere (an SQLite file), refused, untouched.
test_output_keeps_other_databases() {
    local sum
    rm -f "$TMP/elsewhere.db"
    "$GUICHET" --db "$DB" backup "$TMP/elsewhere.db" >/dev/null || { not_ok "setup: a backup put elsewhere"; return; }
    sum=$(md5sum <"$TMP/elsewhere.db")
    run --db "$DB" report --format csv --output "$TMP/elsewhere.db"
    [ "$rc" = 2 ] && grep -q "is a database" "$TMP/err" && [ "$(md5sum <"$TMP/elsewhere.db")" = "$sum" ]
    verdict "--output naming another database (a backup put elsewhere): refused, untouched" $? \
        "rc=$rc" "$(cat "$TMP/err")"
}

# The database reached under another name (a symbolic link, here or elsewhere, or a hard link):
# the files SQLite and guichet name after its real name, and after the name given, are refused,
# and its backups folder; nothing made, the database untouched.
test_output_keeps_the_database_under_any_name() {
    file_engine_only "the database file under other names and the files named after it" || return
    local d="$TMP/names" sum db name
    mkdir -p "$d/other/backups" "$d/backups"
    cp "$DB" "$d/lib.db"
    sum=$(md5sum <"$d/lib.db")
    ln -s lib.db "$d/current.db"
    ln -s "$d/lib.db" "$d/other/link.db"
    ln "$d/lib.db" "$d/hard.db"
    for db in current.db other/link.db hard.db; do
        for name in lib.db-erasure-key lib.db-wal lib.db-shm lib.db-journal backups/evil.csv \
            "${db%.db}.db-wal" "${db%.db}.db-erasure-key"; do
            run --db "$d/$db" report --format csv --output "$d/$name"
            [ "$rc" = 2 ] && grep -q "one of its files or in its backups folder" "$TMP/err" &&
                [ ! -e "$d/$name" ] && [ "$(md5sum <"$d/lib.db")" = "$sum" ] &&
                [ -z "$(find "$d" -name '*.tmp-*')" ]
            verdict "--db $db, --output $name: refused, nothing made" $? "rc=$rc" \
                "$(cat "$TMP/err")"
        done
    done
    run --db "$d/other/link.db" report --format csv --output "$d/other/backups/x.csv"
    [ "$rc" = 2 ] && [ ! -e "$d/other/backups/x.csv" ]
    verdict "--db through a link elsewhere: the backups folder beside the link refused too" $? \
        "rc=$rc" "$(cat "$TMP/err")"
}

# Every backup folder the database has used stays refused after backup --dir moves the
# rotation, and so does what lies inside one. (A server's database has no folder beside it: its
# daily copies go only where backup --dir names.)
test_output_keeps_past_backup_folders() {
    local d="$TMP/hist" name beside=backups
    mkdir -p "$d"
    copy_database "$DB" "$d/h.db"
    if on_postgresql; then
        beside=
    else
        run --db "$d/h.db" backup
    fi
    run --db "$d/h.db" backup --dir "$d/first"
    run --db "$d/h.db" backup --dir "$d/second"
    [ "$rc" = 0 ] && [ -d "$d/${beside:-first}" ] && [ -d "$d/first" ] && [ -d "$d/second" ]
    verdict "backups in ${beside:+three}${beside:-two} folders, one after the other" $? "rc=$rc" "$(cat "$TMP/err")"
    mkdir -p "$d/first/sub"
    for name in ${beside:+$beside/y.csv} first/y.csv second/y.csv first/sub/y.csv; do
        run --db "$d/h.db" report --format csv --output "$d/$name"
        [ "$rc" = 2 ] && grep -q "backups folder" "$TMP/err" && [ ! -e "$d/$name" ]
        verdict "after backup --dir, --output $name: refused" $? "rc=$rc" "$(cat "$TMP/err")"
    done
}

# A failed or refused command leaves the target as it was: content and mode.
test_failed_output_leaves_the_target() {
    local d="$TMP/fail" f
    mkdir -p "$d"
    for f in pre.xlsx pre3.txt; do
        echo precious >"$d/$f"
        chmod 644 "$d/$f"
    done
    run --db "$DB" report --site "no such site" --format xlsx --output "$d/pre.xlsx"
    [ "$rc" = 2 ] && [ "$(cat "$d/pre.xlsx")" = precious ] && [ "$(stat -c %a "$d/pre.xlsx")" = 644 ]
    verdict "a refused report leaves an existing --output file as it was" $? "rc=$rc"
    # valgrind itself needs TMPDIR.
    [ "$(basename "$GUICHET")" = valgrind.sh ] && return
    TMPDIR="$TMP/missing" run --db "$DB" export coop --format xlsx --output "$d/pre.xlsx"
    [ "$rc" = 1 ] && [ "$(cat "$d/pre.xlsx")" = precious ] && [ "$(stat -c %a "$d/pre.xlsx")" = 644 ] &&
        [ "$(ls -A "$d" | wc -l)" = 2 ]
    verdict "a failed export leaves an existing --output file as it was, nothing beside it" $? \
        "rc=$rc" "$(ls -la "$d")"
    TMPDIR="$TMP/missing" run --db "$DB" report --format xlsx --output "$d/pre3.txt"
    [ "$rc" = 1 ] && [ "$(cat "$d/pre3.txt")" = precious ] && [ "$(stat -c %a "$d/pre3.txt")" = 644 ] &&
        [ "$(ls -A "$d" | wc -l)" = 2 ]
    verdict "a failed report leaves an existing --output file as it was, nothing beside it" $? \
        "rc=$rc" "$(ls -la "$d")"
}

# Never written through a symbolic link: the file it points to keeps its content and mode.
test_output_symlink_refused() {
    local d="$TMP/link"
    mkdir -p "$d"
    echo target >"$d/target.txt"
    chmod 644 "$d/target.txt"
    ln -s "$d/target.txt" "$d/link.xlsx"
    run --db "$DB" report --format xlsx --output "$d/link.xlsx"
    [ "$rc" = 2 ] && grep -q "symbolic link" "$TMP/err" && [ "$(cat "$d/target.txt")" = target ] &&
        [ "$(stat -c %a "$d/target.txt")" = 644 ] && [ -L "$d/link.xlsx" ] &&
        [ "$(ls -A "$d" | wc -l)" = 2 ]
    verdict "--output through a symbolic link: refused, its target untouched" $? "rc=$rc" \
        "$(cat "$TMP/err")"
}

# --output "" is a usage error; --output - is the standard output; an export's --format lists
# what exports take.
test_output_names() {
    run --db "$DB" report --output ""
    [ "$rc" = 2 ] && grep -q "file name is empty" "$TMP/err" && grep -q "usage:" "$TMP/err"
    verdict "--output \"\": a usage error" $? "rc=$rc" "$(cat "$TMP/err")"
    (cd "$TMP" && "$GUICHET" --db "$DB" report --format csv --output - >"$TMP/dash.csv")
    [ $? = 0 ] && [ ! -e "$TMP/-" ] &&
        [ "$(md5sum <"$TMP/dash.csv")" = "$("$GUICHET" --db "$DB" report --format csv | md5sum)" ]
    verdict "--output -: the standard output, no file named -" $?
    (cd "$TMP" && "$GUICHET" --db "$DB" export coop --format xlsx --output - >"$TMP/dash.xlsx")
    [ $? = 0 ] && [ ! -e "$TMP/-" ] && is_xlsx "$TMP/dash.xlsx"
    verdict "export --format xlsx --output -: a workbook on the standard output" $?
    run --db "$DB" export coop --format pdf
    [ "$rc" = 2 ] && grep -q "valid: csv, json, xlsx)" "$TMP/err" && ! grep -q "table" "$TMP/err"
    verdict "export --format pdf: the formats an export takes" $? "rc=$rc" "$(cat "$TMP/err")"
    run --db "$DB" export coop --format table
    [ "$rc" = 2 ] && grep -q "valid: csv, json, xlsx)" "$TMP/err"
    verdict "export --format table: refused, the formats an export takes" $? "rc=$rc"
}

# No workbook outlives the command, whatever ends it: a reader closing the pipe, Ctrl+C, kill.
test_no_workbook_left_by_a_signal() {
    local tq="$TMP/tq" d="$TMP/sig" sig want
    mkdir -p "$tq" "$d"
    TMPDIR=$tq "$GUICHET" --db "$DB" export coop --format xlsx --from 2000-01-01 2>/dev/null | true
    TMPDIR=$tq "$GUICHET" --db "$DB" sessions --format xlsx 2>/dev/null | true
    TMPDIR=$tq "$GUICHET" --db "$DB" report --format xlsx 2>/dev/null | true
    [ -z "$(ls -A "$tq")" ]
    verdict "a workbook into a pipe closed early: nothing left in TMPDIR" $? "$(ls -la "$tq")"
    # The signal is sent at the first write(2), once the workbook is being built (strace's
    # injection: no timing); the process started with default dispositions (env).
    if [ "$(basename "$GUICHET")" = valgrind.sh ] || ! command -v strace >/dev/null ||
        ! strace -o /dev/null true 2>/dev/null || ! env --default-signal true 2>/dev/null; then
        echo "skip signals (strace, env --default-signal)"
        return
    fi
    echo precious >"$d/pre.xlsx"
    for sig in INT TERM HUP PIPE; do
        want=$((128 + $(kill -l "$sig")))
        # In a subshell: bash's "Terminated" goes to its standard error, silenced.
        rc=$( (TMPDIR=$tq strace -f -o /dev/null -e trace=write \
            -e "inject=write:signal=$sig:when=1" env --default-signal "$GUICHET" --db "$DB" \
            export coop --format xlsx --from 2000-01-01 >/dev/null 2>&1
            echo $?) 2>/dev/null)
        [ "$rc" = "$want" ] && [ -z "$(ls -A "$tq")" ]
        verdict "SIG$sig while a workbook is built: nothing left in TMPDIR" $? "rc=$rc" \
            "$(ls -la "$tq")"
        rc=$( (TMPDIR=$tq strace -f -o /dev/null -e trace=write \
            -e "inject=write:signal=$sig:when=1" env --default-signal "$GUICHET" --db "$DB" \
            export coop --format xlsx --from 2000-01-01 --output "$d/pre.xlsx" >/dev/null 2>&1
            echo $?) 2>/dev/null)
        [ "$rc" = "$want" ] && [ -z "$(ls -A "$tq")" ] && [ "$(ls -A "$d")" = pre.xlsx ] &&
            [ "$(cat "$d/pre.xlsx")" = precious ]
        verdict "SIG$sig during export --output: the target as it was, nothing beside it" $? \
            "rc=$rc" "$(ls -la "$tq" "$d")"
    done
    # SIGKILL, that no handler sees, at the rename: the whole workbook stays beside the target
    # under its PID; the next --output to that target removes it, not a running process's.
    d="$TMP/killed"
    mkdir -p "$d"
    rc=$( (strace -f -o /dev/null -e trace=rename,renameat,renameat2 \
        -e "inject=rename,renameat,renameat2:signal=KILL:when=1" env --default-signal \
        "$GUICHET" --db "$DB" export coop --format xlsx --from 2000-01-01 --output "$d/r.xlsx" \
        >/dev/null 2>&1
        echo $?) 2>/dev/null)
    [ "$rc" = 137 ] && [ ! -e "$d/r.xlsx" ]
    verdict "SIGKILL at the rename: the target not made" $? "rc=$rc" "$(ls -la "$d")"
    echo running >"$d/r.xlsx.tmp-$$-0"
    run --db "$DB" export coop --format xlsx --from 2000-01-01 --output "$d/r.xlsx"
    [ "$rc" = 0 ] && is_xlsx "$d/r.xlsx" &&
        [ "$(ls -A "$d" | sort | tr '\n' ' ')" = "r.xlsx r.xlsx.tmp-$$-0 " ]
    verdict "the next --output: the killed one's workbook removed, a running one's kept" $? \
        "rc=$rc" "$(ls -la "$d")"
}

setup
# Both exports in XLSX: the CSV's rows (an export's CSV is formula-protected as listings are),
# numbers and dates typed, written to --output FILE with mode 0600.
test_exports_equal_csv() {
    local kind
    for kind in activities coop; do
        run --db "$DB" export "$kind" --from 2000-01-01 --to 2100-12-31 --format csv
        cp "$TMP/out" "$TMP/e-$kind.csv"
        rm -f "$TMP/e-$kind.xlsx"
        run --db "$DB" export "$kind" --from 2000-01-01 --to 2100-12-31 --format xlsx \
            --output "$TMP/e-$kind.xlsx"
        [ "$rc" = 0 ] && [ ! -s "$TMP/out" ] && [ "$(stat -c %a "$TMP/e-$kind.xlsx")" = 600 ] &&
            $CHECK "$TMP/e-$kind.xlsx" --header "$(header_of "$TMP/e-$kind.csv")" --frozen A2 \
                --csv "$TMP/e-$kind.csv" >"$TMP/check"
        verdict "export $kind --format xlsx --output: the CSV's rows, mode 0600" $? \
            "rc=$rc" "$(cat "$TMP/check" "$TMP/err" 2>/dev/null)"
    done
    $CHECK "$TMP/e-activities.xlsx" --numbers 'number|duration_min|participants' --dates date \
        --datetimes 'created_at|updated_at' >"$TMP/check" &&
        $CHECK "$TMP/e-coop.xlsx" --dates Date --numbers 'Durée (min)' >>"$TMP/check"
    verdict "exports in XLSX: numbers as numbers, dates as dates" $? "$(cat "$TMP/check")"
}

test_listing_equals_csv
test_exports_equal_csv
test_report_equals_csv
test_hostile_text_inert
test_terminal_refused
test_pipe_and_file
test_output_keeps_the_database
test_output_keeps_other_databases
test_output_keeps_the_database_under_any_name
test_output_keeps_past_backup_folders
test_failed_output_leaves_the_target
test_output_symlink_refused
test_output_names
test_no_workbook_left_by_a_signal
finish
