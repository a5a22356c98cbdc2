/* The national place standard "Lieux de médiation numérique" v1.0.2 (domain.md §5): its fields
 * and their rules (data/mednum-fields.tsv, taken from the standard's schema.json, patterns
 * matched with PCRE2 against the whole value), and the mapping between a place and a partner.
 * Fields guichet has no column for are kept verbatim, so that exporting then importing gives
 * the same partners. */
#ifndef GUICHET_MEDNUM_H
#define GUICHET_MEDNUM_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "partner.h"

#define MEDNUM_FIELDS_MAX 40

/* Loads and compiles the fields; GU_FAILURE on a defect of the shipped file. Safe to repeat. */
int mednum_load(struct gu_error *err);
size_t mednum_field_count(void);
const char *mednum_field_name(size_t i);
bool mednum_field_required(size_t i);
/* Index of a field by name, or -1. */
int mednum_find(const char *name);

/* Checks one value (already cleaned; NULL or "" when empty) of field i against the standard:
 * required, type (number, date), maximum length in characters, pattern. On failure err says
 * why, without the line or the field, which the caller adds. */
int mednum_check(size_t i, const char *value, struct gu_error *err);

/* A place as the standard writes it: values[i] for field i, NULL when empty. */
struct mednum_place {
    const char *values[MEDNUM_FIELDS_MAX];
};

/* Fills the partner from a checked place: its text fields, the access codes (from
 * modalites_acces) and the orientation category (from typologie), and the standard's own
 * fields. Strings of p point into place, except *extra: the "field<TAB>value" lines of the
 * fields kept verbatim (caller frees). */
int mednum_to_partner(const struct mednum_place *place, struct partner *p, char **extra,
                      struct gu_error *err);

/* The place for a partner, or false when it lacks what the standard requires (an id is made
 * up as "guichet-N" when it has none). Strings point into p, or into scratch (caller's buffer
 * of at least 4 KiB), valid while both are. */
bool mednum_from_partner(const struct partner *p, struct mednum_place *place, char *scratch,
                         size_t scratch_size);

#endif
