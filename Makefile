# guichet: plain GNU Makefile. Objects go to $(BUILD) (build/, or build/asan for the sanitizer
# pass); dependencies are tracked with -MMD -MP.
#
#   make            build build/guichet
#   make run        install missing Debian packages, build, and open the desk
#   make check      install missing Debian packages, build, run every test (also under ASan/UBSan)
#   make bench      timings on a demonstration database of 1,000,000 sessions
#   make po         refresh po/guichet.pot and po/man/guichet.pot, and merge them into their fr.po
#   make install    PREFIX=/usr/local DESTDIR= (binary, French catalogue, man pages)
#   make clean

VERSION   := 0.1
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share
LOCALEDIR ?= $(DATADIR)/locale
MANDIR    ?= $(DATADIR)/man
DESTDIR   ?=

BUILD     ?= build
SANITIZE  ?=
OPTFLAGS  ?= -O2 -g
WARNINGS  := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat-security \
             -Wvla -Wpointer-arith
# Hardened as Debian builds its packages (dpkg-buildflags with hardening=+all), so that a missed
# overflow aborts instead of running on. _FORTIFY_SOURCE needs optimisation and stays out of the
# sanitizer builds, whose own checks are finer.
HARDEN_CPPFLAGS := -D_FORTIFY_SOURCE=2
HARDEN_CFLAGS   := -fstack-protector-strong -fstack-clash-protection -Wformat -Werror=format-security \
                   -fPIE
ifeq ($(shell uname -m),x86_64)
HARDEN_CFLAGS   += -fcf-protection
endif
HARDEN_LDFLAGS  := -pie -Wl,-z,relro -Wl,-z,now
ifneq ($(SANITIZE),)
HARDEN_CPPFLAGS :=
OPTFLAGS  := -O1 -g -fno-omit-frame-pointer
SANFLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=undefined
endif
# The fuzzing build (clang): the core instrumented for libFuzzer's coverage.
ifeq ($(SANITIZE),fuzz)
SANFLAGS  := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
endif

# Deferred (=) so that packages installed by the deps step are seen by the same run.
PKG_CFLAGS = $(shell pkg-config --cflags sqlite3 libpq ncursesw libical libpcre2-8 nettle xlsxwriter)
PKG_LIBS   = $(shell pkg-config --libs sqlite3 libpq ncursesw libical libpcre2-8 nettle xlsxwriter)
CPPFLAGS  += -D_DEFAULT_SOURCE -Isrc -I$(BUILD)/gen $(HARDEN_CPPFLAGS)
ALL_CFLAGS = -std=c11 $(WARNINGS) $(HARDEN_CFLAGS) $(OPTFLAGS) $(SANFLAGS) $(PKG_CFLAGS) $(CFLAGS) \
             -MMD -MP
ALL_LDFLAGS = $(HARDEN_LDFLAGS) $(LDFLAGS)
LIBS       = $(PKG_LIBS) -lunistring

CORE_SRC   := $(wildcard src/*.c src/store/*.c)
UI_SRC     := $(wildcard ui/*.c)
UNIT_SRC   := $(wildcard tests/unit/*.c)
MIGRATIONS := $(sort $(wildcard data/migrations/*.sql))
PG_MIGRATIONS := $(sort $(wildcard data/pg/migrations/*.sql))
CORE_OBJ   := $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o $(BUILD)/gen/schema.o
UI_OBJ     := $(UI_SRC:%.c=$(BUILD)/%.o)
UNIT_OBJ   := $(UNIT_SRC:%.c=$(BUILD)/%.o)
MO         := $(BUILD)/locale/fr/LC_MESSAGES/guichet.mo
MAN_FR     := $(BUILD)/man/fr/guichet.1

# Debian packages: to build and run, and in addition to test.
DEBS_BUILD := gcc make pkg-config libncurses-dev libsqlite3-dev libpq-dev libunistring-dev libical-dev \
              libpcre2-dev nettle-dev tzdata gettext po4a libxlsxwriter-dev
DEBS_CHECK := $(DEBS_BUILD) tmux sqlite3 postgresql valgrind python3 python3-icalendar python3-openpyxl man-db mandoc chromium \
              clang libclang-rt-dev
DEBS_BENCH := $(DEBS_CHECK) time

.PHONY: FORCE all run check bench stress fuzz fuzzers po install uninstall clean deps-build \
        deps-check deps-bench deps-node oracles tests pg-dialect
.DELETE_ON_ERROR:

all: $(BUILD)/guichet $(MO) $(MAN_FR)

# Installs what is missing when root; otherwise prints the exact command and stops.
define ensure_debs
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "guichet: not a Debian system; make sure these are installed: $(1)"; exit 0; fi; \
	missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${db:Status-Status}\n' $$p 2>/dev/null | grep -qx installed || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "guichet: installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null || exit 1; \
	  else \
	    echo "guichet needs these Debian packages:$$missing"; \
	    echo "Install them with:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
endef

deps-build:
	$(call ensure_debs,$(DEBS_BUILD))

deps-check:
	$(call ensure_debs,$(DEBS_CHECK))

deps-bench:
	$(call ensure_debs,$(DEBS_BENCH))

deps-node:
	$(call ensure_debs,nodejs npm)

run: deps-build
	@$(MAKE) --no-print-directory all
	GUICHET_LOCALEDIR=$(CURDIR)/$(BUILD)/locale $(BUILD)/guichet

# ---- build ----------------------------------------------------------------------------------

# The compiler and its flags, rewritten only when they change, so that a change of flags (the
# hardening, say) rebuilds every object instead of mixing old and new ones.
$(BUILD)/gen/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS)' >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(BUILD)/%.o: %.c $(BUILD)/gen/flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# Settings compiled in; rewritten only when they change, so that a new PREFIX rebuilds what uses it.
$(BUILD)/gen/config.h: FORCE
	@mkdir -p $(@D)
	@printf '#define GUICHET_VERSION "%s"\n#define LOCALEDIR "%s"\n' '$(VERSION)' '$(LOCALEDIR)' >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(BUILD)/src/cli.o $(BUILD)/src/i18n.o $(BUILD)/src/ics.o: $(BUILD)/gen/config.h

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c $(BUILD)/gen/flags
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# data/ compiled in as C string literals, so that the binary needs nothing beside itself.
c_string = sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' -e 's/\t/\\t/g' -e 's/^/    "/' -e 's/$$/\\n"/'
DATA_TSV := data/vocab.tsv data/partners.tsv data/policy.tsv data/mednum-fields.tsv \
            data/coop/enumerations.tsv data/coop/accompagnements-columns.tsv \
            data/communes.tsv
# $(call embed_migrations,FILES,NAME): shell lines (each ending "; \") writing the C array
# embedded_NAMEs of struct embedded_migration (the version from each file's number, its name,
# its text as a string NAME_N) and embedded_NAME_count; an empty list has one unused entry.
embed_migrations = \
	  n=0; for f in $(1); do \
	    echo "static const char $(2)_$$n[] ="; $(c_string) $$f; echo '    "";'; n=$$((n+1)); \
	  done; \
	  echo 'const struct embedded_migration embedded_$(2)s[] = {'; \
	  n=0; for f in $(1); do \
	    b=$$(basename $$f); v=$$(echo $$b | sed 's/^0*\([0-9][0-9]*\)_.*/\1/'); \
	    echo "    {$$v, \"$$b\", $(2)_$$n},"; n=$$((n+1)); \
	  done; \
	  [ $$n -gt 0 ] || echo '    {0, "", ""},'; \
	  echo '};'; \
	  echo "const size_t embedded_$(2)_count = $$n;";
$(BUILD)/gen/embedded.c: $(DATA_TSV) $(MIGRATIONS) data/pg/schema.sql $(PG_MIGRATIONS) Makefile
	@mkdir -p $(@D)
	@{ echo '/* Generated from data/ by the Makefile: do not edit. */'; \
	  echo '#include "embedded.h"'; \
	  for f in $(DATA_TSV); do \
	    echo "const char embedded_$$(basename $$f .tsv | tr - _)_tsv[] ="; $(c_string) $$f; echo '    "";'; \
	  done; \
	  $(call embed_migrations,$(MIGRATIONS),migration) \
	  echo "const char embedded_pg_schema_sql[] ="; $(c_string) data/pg/schema.sql; echo '    "";'; \
	  $(call embed_migrations,$(PG_MIGRATIONS),pg_migration) \
	  } > $@.tmp && mv $@.tmp $@

# The schema a new database of the current version has, for check, backup and restore to compare
# files with, and the whole new database as SQL, which store_open gives a new file at once
# (tools/schema-gen.c runs the migrations in memory).
$(BUILD)/gen/schema-gen: tools/schema-gen.c $(BUILD)/gen/embedded.o $(BUILD)/gen/flags
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/gen/embedded.o $(LIBS)

$(BUILD)/gen/schema.c: $(BUILD)/gen/schema-gen
	$< > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/schema.o: $(BUILD)/gen/schema.c $(BUILD)/gen/flags
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# Made again whole: ar only adds and replaces members, and the object of a file since moved or
# renamed would stay in it, and be linked in place of the new one.
$(BUILD)/libguichet.a: $(CORE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/guichet: $(UI_OBJ) $(BUILD)/libguichet.a
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(UI_OBJ) $(BUILD)/libguichet.a $(LIBS)

$(MO): po/fr.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# The French manual page: doc/guichet.1 translated by po4a with po/man/fr.po, the PO files left
# as they are (make po refreshes them). po4a writes the .TH date's hyphens as \-, which mandoc
# cannot read as a date: they are put back.
$(MAN_FR): doc/guichet.1 po/man/fr.po po/man/po4a.cfg
	@mkdir -p $(@D)
	@rm -f $@
	po4a --no-update --keep 0 --variable build=$(BUILD) po/man/po4a.cfg
	sed -i '/^\.TH /s/\\-/-/g' $@

# ---- translations ---------------------------------------------------------------------------

XGETTEXT_FLAGS := --from-code=UTF-8 --add-comments=TRANSLATORS --sort-by-file --add-location=file \
  --keyword=_ --keyword=N_ --keyword=ngettext:1,2 --keyword=NC_:1c,2 \
  --package-name=guichet --package-version=$(VERSION) --msgid-bugs-address=guichet@localhost

# The vocabulary labels of data/vocab.tsv, with the kind as context.
$(BUILD)/po/vocab.po: data/vocab.tsv Makefile
	@mkdir -p $(@D)
	@awk -F'\t' '/^#/ || NF < 3 { next } \
	  { gsub(/"/, "\\\"", $$3); printf "#: data/vocab.tsv\nmsgctxt \"%s\"\nmsgid \"%s\"\nmsgstr \"\"\n\n", $$1, $$3 }' \
	  $< > $@

$(BUILD)/po/guichet.pot: $(CORE_SRC) $(UI_SRC) $(BUILD)/po/vocab.po Makefile
	@mkdir -p $(@D)
	xgettext $(XGETTEXT_FLAGS) -o $(@D)/sources.pot --language=C $(CORE_SRC) $(UI_SRC)
	xgettext $(XGETTEXT_FLAGS) -o $@ $(@D)/sources.pot $(BUILD)/po/vocab.po
	@rm -f $(@D)/sources.pot

po: $(BUILD)/po/guichet.pot
	cp $< po/guichet.pot
	msgmerge --quiet --update --backup=none --no-fuzzy-matching po/fr.po po/guichet.pot
	po4a --force --no-translations --variable build=$(BUILD) po/man/po4a.cfg

# ---- tests ----------------------------------------------------------------------------------

$(BUILD)/tests/unit-tests: $(UNIT_OBJ) $(BUILD)/libguichet.a
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(UNIT_OBJ) $(BUILD)/libguichet.a $(LIBS)

$(UNIT_OBJ): CPPFLAGS += -Itests/unit

# The guichet side of the opening-hours differential test (tests/oracle/hours-check.sh).
$(BUILD)/tests/hours-eval: tests/oracle/hours-eval.c $(BUILD)/libguichet.a $(BUILD)/gen/flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libguichet.a $(LIBS)

tests: all $(BUILD)/tests/unit-tests $(BUILD)/tests/hours-eval $(BUILD)/po/guichet.pot

# Every kind of test, then once more the unit and command-line tests under ASan and UBSan.
# Builds use every core; the tests run two suites at a time (tests/run-all.sh; GUICHET_TEST_JOBS=1
# for one at a time).
NPROC := $(shell nproc 2>/dev/null || echo 2)
check: deps-check oracles
	@$(MAKE) --no-print-directory -j$(NPROC) tests
	@$(MAKE) --no-print-directory -j$(NPROC) BUILD=build/asan SANITIZE=1 build/asan/guichet build/asan/tests/unit-tests \
	  build/asan/tests/hours-eval
	@$(MAKE) --no-print-directory -j$(NPROC) fuzzers
	@tests/run-all.sh

# The reference implementations guichet's formats are compared with (tests/oracle/package.json:
# opening_hours, ical.js, tableschema), installed from the npm registry into build/oracle, once
# for each version of the lock file. Node.js and npm come from Debian when they are missing.
oracles: build/oracle/.installed
build/oracle/.installed: tests/oracle/package.json tests/oracle/package-lock.json
	@command -v npm >/dev/null 2>&1 || $(MAKE) --no-print-directory deps-node
	@mkdir -p $(@D)
	@cp tests/oracle/package.json tests/oracle/package-lock.json $(@D)/
	@cd $(@D) && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

# Fuzz harnesses (tests/fuzz), built with clang and libFuzzer into build/fuzz.
FUZZERS      := csv hours dates text search ics import
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build/fuzz

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_BUILD)/libguichet.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/libguichet.a $(LIBS)

fuzzers: deps-check
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) SANITIZE=fuzz CC=clang \
	  $(FUZZERS:%=$(FUZZ_BUILD)/fuzz_%)

# Each harness for FUZZ_SECONDS (make check runs them for a few seconds each).
fuzz: fuzzers
	@tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# The long versions of the many-desks and crash tests, then every command-line and terminal suite
# with guichet under valgrind (make check runs two of them so). The terminal suites poll longer
# under valgrind, and collect its reports in files (VALGRIND_LOG_DIR) that each suite checks.
stress: deps-check
	@$(MAKE) --no-print-directory tests
	@failed=0; tests/stress/test-stress.sh build/guichet long || failed=1; \
	for t in tests/cli/test-*.sh; do \
		GUICHET_LOCALEDIR=$(CURDIR)/build/locale $$t tests/valgrind.sh valgrind || failed=1; \
	done; \
	for t in tests/tui/test-*.sh; do \
		logs=$$(mktemp -d); \
		VALGRIND_LOG_DIR=$$logs POLL_TIMEOUT=30 GUICHET_LOCALEDIR=$(CURDIR)/build/locale \
			$$t tests/valgrind.sh valgrind || failed=1; \
		rm -rf "$$logs"; \
	done; exit $$failed

# The store's statements prepared on PostgreSQL, on data/pg/schema.sql in a throwaway cluster:
# which the server refuses and why (a report of the dialect work left, never a test).
$(BUILD)/tools/pg-dialect: tools/pg-dialect.c $(BUILD)/libguichet.a $(BUILD)/gen/flags
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libguichet.a $(LIBS)

pg-dialect: deps-check $(BUILD)/tools/pg-dialect
	@dir=$$(mktemp -d) && trap 'tests/pg-cluster.sh stop "$$dir"' EXIT && \
	conn=$$(tests/pg-cluster.sh start "$$dir") && createdb -h "$$dir" -U postgres dialect && \
	psql -h "$$dir" -U postgres -d dialect -q -v ON_ERROR_STOP=1 -1 -f data/pg/schema.sql \
	    $(foreach m,$(PG_MIGRATIONS),-f $(m)) >/dev/null && \
	$(BUILD)/tools/pg-dialect "host=$$dir user=postgres dbname=dialect"

# make bench [BENCH_SESSIONS=N] [BENCH_COMPARE=OLD.txt]: figures in $(BUILD)/bench.txt.
BENCH_SESSIONS ?= 1000000
bench: deps-bench
	@$(MAKE) --no-print-directory all
	@tests/bench.sh --out $(BUILD)/bench.txt $(if $(BENCH_COMPARE),--compare $(BENCH_COMPARE)) \
	    $(BUILD)/guichet $(BENCH_SESSIONS)

# ---- install --------------------------------------------------------------------------------

install: all
	install -Dm755 $(BUILD)/guichet $(DESTDIR)$(BINDIR)/guichet
	install -Dm644 $(MO) $(DESTDIR)$(LOCALEDIR)/fr/LC_MESSAGES/guichet.mo
	install -Dm644 doc/guichet.1 $(DESTDIR)$(MANDIR)/man1/guichet.1
	install -Dm644 $(MAN_FR) $(DESTDIR)$(MANDIR)/fr/man1/guichet.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/guichet $(DESTDIR)$(LOCALEDIR)/fr/LC_MESSAGES/guichet.mo \
	  $(DESTDIR)$(MANDIR)/man1/guichet.1 $(DESTDIR)$(MANDIR)/fr/man1/guichet.1

clean:
	rm -rf build

-include $(wildcard $(BUILD)/src/*.d $(BUILD)/src/store/*.d $(BUILD)/ui/*.d $(BUILD)/tests/unit/*.d $(BUILD)/gen/*.d \
           $(BUILD)/fuzz_*.d)
