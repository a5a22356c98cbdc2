/* A help session (accompagnement individuel): the domain record, its defaults and its rules. */
#ifndef GUICHET_SESSION_H
#define GUICHET_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "commune.h"
#include "date.h"
#include "error.h"
#include "text.h"
#include "vocab.h"

/* Limits on free text, in characters. Notes stay short on purpose (domain.md §6). */
#define SESSION_NOTE_MAX 280
#define SESSION_PROCEDURE_MAX 120
#define NAME_MAX_CHARS 80
#define SESSION_DURATION_MAX 1440
#define SESSION_YEAR_MIN 2000 /* an earlier year is a typing slip */
#define SESSION_DURATION_DEFAULT 15

/* Duration presets offered first (minutes). */
extern const int session_duration_presets[6];

struct help_session {
    int64_t id; /* 0 until stored */
    struct gu_datetime at;
    int duration_min;
    vocab_set themes, demarches, materials;
    int place; /* always set; defaults to the desk's site */
    int autonomy, age, status, gender; /* VOCAB_NONE when not given */
    bool oriented;
    int orientation;      /* structure category, VOCAB_NONE when not oriented or unknown */
    char *procedure;      /* owned; NULL when none */
    char *note;           /* owned; NULL when none */
    char *operator_name;  /* owned; NULL when none */
    char *site_name;      /* owned; NULL when none */
    bool deleted;         /* as read from the store: deleted, and restorable */
    struct residence residence;         /* commune of residence; owned; parts NULL when not given */
    enum already_helped already_helped; /* helped here before; HELPED_NOT_GIVEN by default */
};

/* Fills s with the defaults: now, 15 minutes, place of activity, nothing else. */
void session_init(struct help_session *s);
/* Frees the strings s owns and resets it with session_init. */
void session_clear(struct help_session *s);
/* Deep copy of src into dst (dst is overwritten, not freed first). */
int session_copy(struct help_session *dst, const struct help_session *src, struct gu_error *err);

/* The rules every stored session obeys: at least one theme, démarche sub-themes only with the
 * administrative-procedures theme, a duration of 1 to 1440 minutes, a time not in the future,
 * an orientation category only when oriented. */
int session_validate(const struct help_session *s, struct gu_error *err);

/* Parses a duration typed by a person ("45"), in minutes. */
int session_parse_duration(const char *field, const char *text, int *minutes,
                           struct gu_error *err);
/* Reads the day and time typed for a session (one logged later, at the end of the day): a date
 * as "14/03/2026", "14/03" (of this_year) or "2026-03-14", then a time as "10:30", "10 h 30",
 * "10h30" or "10h". GU_INVALID naming field otherwise; whether it is past is for
 * session_validate to say. */
int session_parse_when(const char *field, const char *text, int this_year,
                       struct gu_datetime *at, struct gu_error *err);

/* True when every word of needle starts a word of the session's themes, démarche sub-themes,
 * procedure name, note, operator, site or commune of residence (name or postal code), in any
 * order (text_search: accents, case, hyphens and apostrophes ignored, words joined by them
 * also one word). needle_folded comes from text_fold; "" matches every session. */
bool session_matches(const struct help_session *s, const char *needle_folded);

/* session_matches for many sessions (a search reads thousands): the words compiled once, and
 * the last operators' and sites' names folded kept, a desk having few. */
#define SESSION_MATCHER_NAMES 8
struct session_matcher {
    struct text_search search;
    struct {
        char *name, *folded; /* owned; NULL: free */
    } names[SESSION_MATCHER_NAMES];
    size_t next; /* the entry a new name takes */
};
/* GU_OK, or GU_FAILURE when memory is short (*m then needs no session_matcher_free). */
int session_matcher_init(struct session_matcher *m, const char *needle_folded);
bool session_matcher_test(struct session_matcher *m, const struct help_session *s);
void session_matcher_free(struct session_matcher *m);

/* Number of members of a set. */
int vocab_set_count(vocab_set set);

#endif
