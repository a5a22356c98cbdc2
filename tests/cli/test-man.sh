#!/usr/bin/env bash
# The manual pages: the English one (doc/guichet.1) and the French one po4a makes from it at build
# time. Both lint clean under mandoc, list exactly the commands and options the binary has, never
# break an option name across lines (groff through man, and mandoc, at 40, 60 and 80 columns),
# and the French one is written as a French reader expects; make install puts it under
# share/man/fr/man1.
# Usage: tests/cli/test-man.sh GUICHET_BINARY [LABEL]
set -u
GUICHET=$(realpath "$1")
SUITE="manual pages${2:+ ($2)}"
. "$(dirname "$0")/../lib.sh"
ROOT=$(realpath "$(dirname "$0")/../..")
unset LC_MESSAGES LANG LANGUAGE GUICHET_DB MANOPT MANPAGER PAGER MAN_KEEP_FORMATTING
# UTF-8 for man, mandoc and grep -P to see the pages' characters; guichet is asked for English.
export LC_ALL=C.UTF-8 HOME="$TMP/home"
EN=$ROOT/doc/guichet.1
# The build directory the binary comes from; build/ when the binary is a wrapper (valgrind).
BUILD_DIR=$(dirname "$GUICHET")
[ -f "$BUILD_DIR/man/fr/guichet.1" ] || BUILD_DIR=$ROOT/build
FR=$BUILD_DIR/man/fr/guichet.1
# The same directory as make check names it (build, not /…/build): the compiler flags name it
# (-Ibuild/gen), and another spelling would make make install recompile every object.
BUILD_REL=$(realpath --relative-to="$ROOT" "$BUILD_DIR")
NBSP=$'\u00a0'

# name PAGE: doc/guichet.1 or fr/guichet.1, for the test names (set before the condition: a
# command substitution in verdict's arguments would reset $? before it is read).
name() { echo "$(basename "$(dirname "$1")")/$(basename "$1")"; }

# render TOOL WIDTH PAGE: the page as a reader sees it, plain text.
render() {
    case $1 in
    groff) MANWIDTH=$2 man -l "$3" 2>/dev/null ;;
    mandoc) mandoc -T utf8 -O width="$2" "$3" 2>/dev/null | col -bx ;;
    esac
}

# commands PAGE: the commands the COMMANDS section lists, one a line ("log", "workshop add"…):
# the bold run that opens each tag.
commands() {
    awk '/^\.SH / { inside = ($2 == "COMMANDS" || $2 == "COMMANDES") } inside' "$1" |
        awk 'tag { print; tag = 0 } /^\.TP/ { tag = 1 }' |
        sed -e 's/\\%//g' -e 's/\\-/-/g' | sed -n 's/^\\fB\([^\\]*\)\\f[RP].*/\1/p' | sort -u
}

# The commands the binary has: each of --help (two spaces in, a description's continuation lines
# further), with a group's subcommands in its place.
binary_commands() {
    local c
    LANGUAGE=en "$GUICHET" --help </dev/null |
        awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' |
        while read -r c; do
            if LANGUAGE=en "$GUICHET" help "$c" </dev/null | grep -q "^  guichet $c "; then
                LANGUAGE=en "$GUICHET" help "$c" </dev/null |
                    awk -v g="$c" '/^  guichet / && $2 == g { print $2 " " $3 }'
            else
                echo "$c"
            fi
        done | sort -u
}

test_pages_exist() {
    [ -s "$EN" ] && [ -s "$FR" ]
    verdict "the English page and the French one built from it exist" $? "$EN" "$FR"
}

test_lint_clean() {
    local page out label
    for page in "$EN" "$FR"; do
        label=$(name "$page")
        out=$(mandoc -T lint -W warning "$page" 2>&1)
        [ $? -eq 0 ] && [ -z "$out" ]
        verdict "mandoc -T lint -W warning says nothing of $label" $? "$out"
    done
}

# No rendering breaks an option name: no line ends with groff's hyphenation hyphen (U+2010) or
# with an option cut at one of its own hyphens, and every option of the source shows whole.
test_options_never_hyphenated() {
    local page tool width text bad missing opt opts label
    for page in "$EN" "$FR"; do
        label=$(name "$page")
        opts=$(grep -v '^\.\\"' "$page" | sed -e 's/\\%//g' -e 's/\\-/-/g' |
            grep -oE -e '--[a-z][a-z-]*[a-z]' | sort -u)
        for tool in groff mandoc; do
            for width in 40 60 80; do
                text=$(render "$tool" "$width" "$page")
                bad=$(grep -n -e $'\u2010$' -e '--[a-z][a-z-]*-$' <<<"$text" | head -5)
                missing=""
                for opt in $opts; do
                    grep -q -e "$opt\\([^a-z-]\\|\$\\)" <<<"$text" || missing="$missing $opt"
                done
                [ -n "$text" ] && [ -z "$bad" ] && [ -z "$missing" ]
                verdict "$tool at $width columns: no word hyphenated, every option whole, in $label" $? \
                    "${bad:-}" "${missing:+options not whole:$missing}"
            done
        done
    done
}

test_commands_match_the_binary() {
    local want page got label
    want=$(binary_commands)
    for page in "$EN" "$FR"; do
        label=$(name "$page")
        got=$(commands "$page")
        [ -n "$want" ] && [ "$got" = "$want" ]
        verdict "$label lists exactly the commands of --help" $? \
            "only in the page: $(comm -13 <(echo "$want") <(echo "$got") | tr '\n' ' ')" \
            "missing from the page: $(comm -23 <(echo "$want") <(echo "$got") | tr '\n' ' ')"
    done
    # And each one the page names runs its help: it exists.
    local c unknown=""
    while read -r c; do
        LANGUAGE=en "$GUICHET" help "$c" >/dev/null 2>&1 || unknown="$unknown [$c]"
    done < <(commands "$EN")
    [ -z "$unknown" ]
    verdict "every command of the page is one guichet knows" $? "$unknown"
}

test_global_options_match_the_binary() {
    local opts page missing o label
    opts=$(LANGUAGE=en "$GUICHET" --help </dev/null |
        awk '/^Options:/ { on = 1; next } /^$/ { on = 0 } on && /^  -/ { print $1 }')
    for page in "$EN" "$FR"; do
        label=$(name "$page")
        missing=""
        for o in $opts; do
            awk '/^\.SH OPTIONS/ { on = 1; next } /^\.SH/ { on = 0 } on' "$page" | sed 's/\\-/-/g' |
                grep -q -e "$o\\([^a-z-]\\|\$\\)" || missing="$missing $o"
        done
        [ -n "$opts" ] && [ -z "$missing" ]
        verdict "$label describes every global option" $? "missing:$missing"
    done
}

# French typography in the French page: its text lines (not the comments) and what readers see.
test_french_typography() {
    local text bad tool width
    text=$(grep -v -e '^\.\\"' -e "^'\\\\\"" "$FR")
    bad=$(grep -n "'" <<<"$text" | head -5)
    [ -z "$bad" ]
    verdict "French page: no straight apostrophe" $? "$bad"
    # A plain space (not the roff no-break space "\ ") before : ; ! ? % or », or after «.
    bad=$(grep -n -P '(?<!\\) [:;!?%»]|«(?!\\ |\x{00a0})' <<<"$text" | head -5)
    [ -z "$bad" ]
    verdict "French page: no breakable space before : ; ! ? % » or after «" $? "$bad"
    bad=$(grep -n -P "(\\\\ |$NBSP)[;!?%]" <<<"$text" | head -5)
    [ -z "$bad" ]
    verdict "French page: a narrow no-break space (U+202F) before ; ! ? and %" $? "$bad"
    bad=$(grep -n -i 'séance' <<<"$text" | head -5)
    [ -z "$bad" ]
    verdict "French page: an accompagnement is never a séance" $? "$bad"
    # What readers see: no line starts with the punctuation or ends with «, at any width.
    for tool in groff mandoc; do
        for width in 40 60 80; do
            text=$(render "$tool" "$width" "$FR")
            bad=$(grep -n -e "'" -e '^ *[:;!?%»]' -e '«$' <<<"$text" | head -5)
            [ -n "$text" ] && [ -z "$bad" ]
            verdict "French page through $tool at $width columns: apostrophes and spaces as in French" $? "$bad"
        done
    done
}

# po/man/fr.po translates all of the current doc/guichet.1, and po/man/guichet.pot is up to date:
# po4a run on a copy changes neither.
test_translation_complete_and_current() {
    local copy=$TMP/po4a stats
    mkdir -p "$copy/doc" "$copy/po/man"
    cp "$EN" "$copy/doc/" && cp "$ROOT"/po/man/{po4a.cfg,guichet.pot,fr.po} "$copy/po/man/"
    (cd "$copy" && po4a --force --no-translations --variable build=build po/man/po4a.cfg) >/dev/null 2>&1
    stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$copy/po/man/fr.po" 2>&1)
    ! grep -q 'untranslated\|fuzzy' <<<"$stats" && grep -q 'translated message' <<<"$stats"
    verdict "po/man/fr.po translates every paragraph of doc/guichet.1 ($stats)" $? "run 'make po' and translate"
    diff <(grep -v '^"POT-Creation-Date' "$ROOT/po/man/guichet.pot") \
        <(grep -v '^"POT-Creation-Date' "$copy/po/man/guichet.pot") >/dev/null &&
        diff <(grep -v '^"POT-Creation-Date' "$ROOT/po/man/fr.po") \
            <(grep -v '^"POT-Creation-Date' "$copy/po/man/fr.po") >/dev/null
    verdict "po/man/guichet.pot and po/man/fr.po are up to date with doc/guichet.1" $? "run 'make po'"
}

# make install (the default PREFIX, the one make check builds with: nothing is recompiled) puts the
# French page under share/man/fr/man1, where man finds it; make uninstall removes it.
test_install_french_page() {
    local stage=$TMP/stage page
    make -s --no-print-directory -C "$ROOT" install BUILD="$BUILD_REL" DESTDIR="$stage" >"$TMP/make.out" 2>&1
    page=$(find "$stage" -path '*/share/man/fr/man1/guichet.1')
    [ -n "$page" ] && cmp -s "$page" "$FR" && [ -f "${page%/fr/man1/guichet.1}/man1/guichet.1" ] &&
        render groff 80 "$page" | grep -q '^COMMANDES' && render groff 80 "$page" | grep -q 'accompagnement'
    verdict "make install: the French page in share/man/fr/man1, rendered by man -l" $? "$(tail -5 "$TMP/make.out")" "$page"
    # What man shows in a French locale (-L fr: this machine may lack the fr_FR locale itself).
    [ -n "$page" ] && [ "$(MANPATH=${page%/fr/man1/guichet.1} man -L fr -w guichet 2>/dev/null)" = "$page" ] &&
        [ "$(MANPATH=${page%/fr/man1/guichet.1} man -L en -w guichet 2>/dev/null)" = "${page%/fr/man1/guichet.1}/man1/guichet.1" ]
    verdict "man -L fr guichet finds the French page, man -L en the English one" $? "$page"
    make -s --no-print-directory -C "$ROOT" uninstall BUILD="$BUILD_REL" DESTDIR="$stage" >/dev/null 2>&1
    [ -n "$page" ] && [ ! -e "$page" ]
    verdict "make uninstall removes the French page" $? "$page"
}

test_pages_exist
test_lint_clean
test_options_never_hyphenated
test_commands_match_the_binary
test_global_options_match_the_binary
test_french_typography
test_translation_complete_and_current
test_install_french_page
finish
