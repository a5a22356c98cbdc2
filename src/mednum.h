/* The national place standard "Lieux de médiation numérique" v1.0.2 (domain.md §5): its fields
 * and their rules (data/mednum-fields.tsv, taken from the standard's schema.json, patterns
 * matched with PCRE2 against the whole value), and the mapping between a place and a partner.
 * Fields guichet has no column for are kept verbatim, so that exporting then importing gives
 * the same partners. */
#ifndef GUICHET_MEDNUM_H
#define GUICHET_MEDNUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "csv.h"
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

/* Whether field i holds text over several lines (presentation_resume, presentation_detail):
 * cleaned with TEXT_KEEP_LINE_FEEDS, its line feeds kept in the file. */
bool mednum_field_multiline(size_t i);
/* The form field i expects, in words with an example ("5 digits, such as 51100"; for a list,
 * the values it takes), translated: a new string the caller frees ("" when the standard says
 * nothing; NULL when out of memory). */
char *mednum_expected(size_t i);

/* The one place where a value typed at the desk, given on the command line or read from a file
 * is put in the standard's form, for the fields it can be: telephone (+33… in E.164, from the
 * French national formats with spaces, dots or dashes, overseas numbers by their prefix or, for
 * the 6- and 8-digit plans of 975, 986, 987 and 988, by postal_code; a service's short number
 * such as 3949 is kept as its digits), courriels (several separated by |, commas, semicolons
 * or spaces, written back separated by |; each checked by person_validate_email), site_web
 * (several separated by | only, as the standard says, since a comma or a semicolon may be part
 * of an address; "www.x.fr" becomes https://www.x.fr), code_postal (5 digits, spaces removed),
 * pivot (a SIRET or SIREN with its check digit, or an RNA number W and 9 characters, spaces
 * removed, in capitals), horaires (French hours put in the OpenStreetMap syntax as
 * hours_from_french does; kept verbatim when it does not read them). Other fields are copied. value
 * is cleaned text (NULL or "" for none); label names the field in messages. On success *out is a
 * new string (NULL when value is empty) the caller frees; GU_INVALID with err "label: "value"
 * is not …; expected …"; GU_FAILURE when out of memory. */
int mednum_normalise(const char *name, const char *label, const char *value,
                     const char *postal_code, char **out, struct gu_error *err);

/* A place as the standard writes it: values[i] for field i, NULL when empty. The strings made for
 * this place (read from a file, or made up for a partner) are in owned[], which
 * mednum_place_free releases; the others are borrowed. */
struct mednum_place {
    const char *values[MEDNUM_FIELDS_MAX];
    char *owned[MEDNUM_FIELDS_MAX];
    int record, line; /* where a place read from a file was (0 otherwise) */
    /* Made for a partner: its values that do not fit the standard even normalised (a short
     * number such as 3949), left out of the place, as "telephone "3949"" (owned; NULL when
     * none). */
    char *dropped;
};
void mednum_place_free(struct mednum_place *place);

/* The places of a file, each checked against the standard. */
struct mednum_places {
    struct mednum_place *items; /* every value owned */
    size_t n, cap;
};
void mednum_places_free(struct mednum_places *places);

/* Reads a whole file in the standard's CSV (header, then one place a row) into out, each value
 * cleaned (text_clean_input; line feeds kept in the multi-line fields), normalised
 * (mednum_normalise) and checked (mednum_check), ids unique. A problem's reason gives the value
 * (cleaned, cut short) and the form expected. Every problem goes to
 * problem(ctx, …) with its record and line, and *bad_records counts the records with one.
 * Returns GU_OK; GU_INVALID when any record is bad, or (with err) when the file has no header or
 * no rows; GU_FAILURE with err. On any error out is left empty. */
int mednum_read_places(const char *text, size_t len, csv_problem_fn problem, void *ctx,
                       struct mednum_places *out, int *bad_records, struct gu_error *err);

/* A partner made from a place: p's strings point into the place and into the two strings owned
 * here, which mednum_partner_free releases. */
struct mednum_partner {
    struct partner p;
    char *extra;  /* "field<TAB>value" lines of the fields kept verbatim */
    char *access; /* the access codes from modalites_acces, or NULL */
};
void mednum_partner_free(struct mednum_partner *mp);

/* Fills mp from a checked place: the text fields, the access codes (from modalites_acces), the
 * orientation category (from typologie), and the standard's own fields. The place must outlive
 * mp. GU_FAILURE (err) when out of memory. */
int mednum_to_partner(const struct mednum_place *place, struct mednum_partner *mp,
                      struct gu_error *err);

/* The value of the standard's field name among a partner's mednum_extra lines (line feeds
 * kept): a new string the caller frees, NULL when there is none or when out of memory. */
char *mednum_extra_get(const char *extra, const char *name);

/* The place for a partner (strings borrowed from p, or owned by place: release it with
 * mednum_place_free), every value normalised (mednum_normalise) and checked (mednum_check): an
 * optional one that does not fit is left out and named in place->dropped. GU_INVALID (place
 * empty, err naming the fields) when the partner lacks what the standard requires or has it in
 * a form that does not fit (its id is its mednum_id, which every partner has); GU_FAILURE (err)
 * when out of memory. */
int mednum_from_partner(const struct partner *p, struct mednum_place *place, struct gu_error *err);

/* The standard's header line, and one place as a record, in its CSV (CRLF line ends), values
 * exactly as they are: an interchange file ("+33…" is a phone, not a formula); the multi-line
 * fields keep their line feeds inside quotes (output_csv_field_lines). */
void mednum_write_header(FILE *out);
void mednum_write_place(FILE *out, const struct mednum_place *place);

#endif
