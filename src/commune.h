/* The commune of residence of the people helped (domain.md §2 "Public"): a table of French
 * communes with their postal and INSEE codes (data/communes.tsv, from Etalab's official package,
 * compiled in), looked up by postal code, INSEE code or name (accents and case ignored). */
#ifndef GUICHET_COMMUNE_H
#define GUICHET_COMMUNE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define COMMUNE_NAME_MAX 80 /* characters */

/* Whether the person was already helped before (to count new people). */
enum already_helped {
    HELPED_NOT_GIVEN = 0,
    HELPED_NO = 1,
    HELPED_YES = 2,
};

/* Where a person lives, as stored with a session or a participant: each part optional. */
struct residence {
    char *postal_code; /* owned; "51100", NULL when not given */
    char *name;        /* owned; the commune's name as the table spells it, NULL when not given */
    char *insee;       /* owned; "51454", NULL when not given */
};

/* One line of the table; the strings belong to the table. */
struct commune {
    const char *postal_code, *insee, *name;
};

struct commune_table;

/* Reads a table from tab-separated text (postal code, INSEE code, name; '#' starts a comment);
 * a malformed line is GU_INVALID naming source and the line. *out is owned by the caller
 * (commune_table_free). */
int commune_table_load(const char *text, const char *source, struct commune_table **out,
                       struct gu_error *err);
/* The table compiled in (data/communes.tsv). */
int commune_table_default(struct commune_table **out, struct gu_error *err);
/* The setting that holds a site's own list (`guichet commune import`), in the form above. */
#define COMMUNE_SETTING "communes_tsv"
struct store;
/* The site's own list when it has imported one, else the table compiled in. */
int commune_table_of_site(struct store *st, struct commune_table **out, struct gu_error *err);
void commune_table_free(struct commune_table *t);
size_t commune_table_count(const struct commune_table *t);

/* What a person typed, as they type it: digits find the communes whose postal code starts with
 * them (five characters that are no postal code, the commune of that INSEE code, an
 * arrondissement's giving its commune), "51100 Rei" that postal code's communes whose name
 * starts so, anything else the communes whose name starts with it (accents, case, hyphens and
 * apostrophes ignored), in the table's order. Fills at most max pointers into t (owned by t) and
 * returns how many; 0 when nothing matches or out of memory. */
size_t commune_search(const struct commune_table *t, const char *typed, const struct commune **out,
                      size_t max);

/* The department of an INSEE code, as "93", "2A" or "974" (overseas: three characters). */
void commune_department(const char *insee, char out[4]);
/* The name to show for the commune of code insee: the table's spelling, followed by the
 * department when another commune of the table has the same name ("Saint-Denis (93)",
 * "Saint-Denis (974)"). Owned by the caller; NULL when insee is not in the table or out of
 * memory (*nomem then says which). */
char *commune_label_of_insee(const struct commune_table *t, const char *insee, bool *nomem);

/* Checks r against the table and completes it: what is given must name one commune (a postal
 * code of several communes needs the name or the INSEE code); the name then takes the table's
 * spelling and the missing codes are filled when the table has only one. Nothing given is fine.
 * An arrondissement's INSEE code (Paris 75101-75120, Marseille 13201-13216, Lyon 69381-69389)
 * is its commune's (75056, 13055, 69123), at the arrondissement's postal code unless given.
 * GU_INVALID naming what is wrong otherwise (r then unchanged). */
int commune_resolve(const struct commune_table *t, struct residence *r, struct gu_error *err);

/* Cleans what a person or a file gave (text_clean_input) into r, replacing it; "" is none. */
int residence_set(struct residence *r, const char *postal_code, const char *name,
                  const char *insee, struct gu_error *err);
void residence_clear(struct residence *r);
int residence_copy(struct residence *dst, const struct residence *src);
bool residence_is_empty(const struct residence *r);
/* "51100 Reims", "Reims", "51100": for lists and screens. Owned by the caller; NULL when r is
 * empty or out of memory. */
char *residence_label(const struct residence *r);

/* "yes", "no", "" (not given), the codes of files and the command line. */
const char *already_helped_code(enum already_helped h);
/* Reads "yes"/"no"/"oui"/"non" (any case) or "" into *h; GU_INVALID naming field otherwise. */
int already_helped_parse(const char *field, const char *text, enum already_helped *h,
                         struct gu_error *err);
/* Translated label: "Yes", "No", "Not given". */
const char *already_helped_label(enum already_helped h);

#endif
