/* Partners (where people are sent) and the request kinds of the library's routing policy. Rows
 * read from the store borrow their strings, valid during the callback that receives them. */
#ifndef GUICHET_PARTNER_H
#define GUICHET_PARTNER_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

#define PARTNER_TEXT_MAX 300

/* The text fields of a partner, in the order of the partner table's columns. */
enum partner_field {
    PARTNER_NAME,
    PARTNER_TYPOLOGY, /* place standard codes (vocab 'typology'), '|'-separated */
    PARTNER_CATEGORY, /* orientation category code (vocab 'orientation') */
    PARTNER_ADDRESS,
    PARTNER_ADDRESS_EXTRA,
    PARTNER_POSTAL_CODE,
    PARTNER_COMMUNE,
    PARTNER_PHONE,
    PARTNER_EMAILS, /* '|'-separated */
    PARTNER_WEBSITE,
    PARTNER_HOURS,  /* OpenStreetMap opening_hours syntax */
    PARTNER_ACCESS, /* how to reach them: vocab 'access' codes, '|'-separated */
    PARTNER_HANDLES,
    PARTNER_NOTES,
    PARTNER_FIELD_COUNT
};

struct partner {
    int64_t id;
    const char *code; /* shipped partners only, else NULL */
    bool national;
    const char *field[PARTNER_FIELD_COUNT]; /* NULL when empty */
};

/* Checks p's fields: a name; known typology, category and access codes; a 5-digit postal code;
 * phone and e-mail addresses that look like ones; opening hours guichet understands. The message
 * names the field as `option_names[field]` (for example "--postal-code"). */
int partner_validate(const struct partner *p, const char *const *option_names,
                     struct gu_error *err);

struct request_kind {
    int64_t id;
    int64_t partner_id; /* 0 when none */
    const char *code, *label, *keywords, *answer, *theme, *bring, *staff_note;
};

#endif
