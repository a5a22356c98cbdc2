/* The reference vocabularies (data/vocab.tsv): stable codes, English labels translated through
 * gettext with the kind as context, and one-key shortcuts. Parsed once from the embedded file;
 * all strings returned are static and owned by this module. */
#ifndef GUICHET_VOCAB_H
#define GUICHET_VOCAB_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum vocab_kind {
    VOCAB_THEME,
    VOCAB_DEMARCHE,
    VOCAB_ACTIVITY_TYPE,
    VOCAB_PLACE,
    VOCAB_MATERIAL,
    VOCAB_AUTONOMY,
    VOCAB_LEVEL,
    VOCAB_AGE,
    VOCAB_STATUS,
    VOCAB_GENDER,
    VOCAB_ORIENTATION,
    VOCAB_WORKSHOP_STATUS,
    VOCAB_REGISTRATION_STATE,
    VOCAB_REFERRAL_METHOD,
    VOCAB_REFERRAL_STATUS,
    VOCAB_ACCESS,
    VOCAB_POLICY_ANSWER,
    VOCAB_TYPOLOGY,
    VOCAB_KIND_COUNT
};

/* No entry chosen, for optional single-valued fields. */
#define VOCAB_NONE (-1)
/* Multi-valued fields are bit sets over entry indexes; no kind has more than 32 entries. */
typedef uint32_t vocab_set;

/* Parses the embedded vocabulary; returns GU_FAILURE with a message if it is malformed (a build
 * defect). Called lazily by the functions below; safe to call again. */
int vocab_load(struct gu_error *err);

/* The kind's name as written in data/vocab.tsv ("theme"…), and the kind for a name (-1). */
const char *vocab_kind_name(enum vocab_kind kind);
int vocab_kind_find(const char *name);

size_t vocab_count(enum vocab_kind kind);
const char *vocab_code(enum vocab_kind kind, int index);
/* The label in the user's language. */
const char *vocab_label(enum vocab_kind kind, int index);
/* The label in the user's language, folded for search (text_fold); cached after first use. */
const char *vocab_label_folded(enum vocab_kind kind, int index);
/* The English label (the msgid). */
const char *vocab_label_msgid(enum vocab_kind kind, int index);
/* The one-key shortcut, or '\0'. */
char vocab_key(enum vocab_kind kind, int index);
/* Index of code in kind, or VOCAB_NONE. guichet's former codes (before it took the national
 * tool's, migration 011: "60_69" for "soixante_soixante_neuf") are found too. */
int vocab_find(enum vocab_kind kind, const char *code);
/* The i-th former code (static), with its kind; NULL when i is past the last. */
const char *vocab_former_code(size_t i, enum vocab_kind *kind);

/* Parses "code[,code…]" into a set. On an unknown code returns GU_INVALID with a message naming
 * field and listing the valid codes. */
int vocab_parse_set(enum vocab_kind kind, const char *field, const char *list, vocab_set *out,
                    struct gu_error *err);
/* Parses one code (VOCAB_NONE for NULL); same errors as vocab_parse_set. */
int vocab_parse_one(enum vocab_kind kind, const char *field, const char *code, int *out,
                    struct gu_error *err);

/* Index of the theme that opens the démarche sub-themes. */
int vocab_theme_demarches(void);

#endif
