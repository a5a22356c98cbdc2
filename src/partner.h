/* Partners (where people are sent) and the request kinds of the library's routing policy. Rows
 * read from the store borrow their strings, valid during the callback that receives them. */
#ifndef GUICHET_PARTNER_H
#define GUICHET_PARTNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
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
    /* As the national place standard knows it (NULL when never imported): */
    const char *mednum_id, *pivot, *code_insee, *updated_on;
    const char *mednum_extra; /* "field<TAB>value" lines of the standard's other fields */
    const char *updated_at;   /* UTC, set by the store */
    const char *name_fold;    /* its place in the directory's order (store_page_partners); else NULL */
    int64_t site_id;          /* the site whose directory holds it; 0: the network's */
};

/* Checks p's fields: a name; known typology, category and access codes; a 5-digit postal code;
 * phone and e-mail addresses that look like ones; opening hours guichet understands. The message
 * names the field as `option_names[field]` (for example "--postal-code"). */
int partner_validate(const struct partner *p, const char *const *option_names,
                     struct gu_error *err);

/* An owned copy of a partner's fields, pivot (SIRET or RNA) and the place standard's other
 * fields (shown on the card, not edited), for editing (p.code and the other place fields are
 * left NULL). */
struct partner_copy {
    struct partner p;
    char *owned[PARTNER_FIELD_COUNT];
    char *pivot; /* p.pivot */
    char *extra; /* p.mednum_extra */
};
/* Replaces c's fields with copies of p's; GU_FAILURE when out of memory. */
int partner_copy_set(struct partner_copy *c, const struct partner *p);
/* Sets field i of c to a copy of value (NULL or "" for none). */
int partner_copy_field(struct partner_copy *c, enum partner_field i, const char *value);
/* Sets c's pivot to a copy of value (NULL or "" for none). */
int partner_copy_pivot(struct partner_copy *c, const char *value);

/* Every edit of a partner (command line, desk form) goes through here before it is stored: the
 * fields the place standard constrains are put in its form by mednum_normalise, as an import
 * does (phone +33…, e-mails and websites separated by |, 5-digit postal code, SIRET or RNA
 * pivot), then the whole is checked (partner_validate). Messages name the fields as
 * option_names[field] and pivot_name, and show the form expected. GU_INVALID (c unchanged but
 * for the fields already normalised), GU_FAILURE when out of memory. */
int partner_normalise(struct partner_copy *c, const char *const *option_names,
                      const char *pivot_name, struct gu_error *err);
void partner_copy_free(struct partner_copy *c);

/* "12 rue X, bâtiment B, 75001 Paris": the address fields given, joined ("" when none). A new
 * string owned by the caller, NULL when out of memory. */
char *partner_address_line(const struct partner *p);
/* "Phone, Online appointment" (translated) from the access codes "telephone|rdv_en_ligne",
 * unknown codes as they are. A new string owned by the caller, NULL when out of memory. */
char *partner_access_labels(const char *codes);
/* A field as the desk reads it, on a card or in partner show's text: the phone in the French
 * way (person_phone_for_display: "03 26 00 00 00"), the e-mails separated by ", " (kept and
 * exported separated by '|', as the place standard has them); another field as it is. A new
 * string owned by the caller; NULL for NULL or when out of memory. */
char *partner_field_for_display(enum partner_field field, const char *value);

struct text_search;
/* The directory's search, its one definition (the desk's one search, text_search): each word
 * starts a word of the name, the commune, what they handle, the postal code or the label of the
 * orientation category in the desk's language now ("franceservices" finds "France-Services").
 * The store's index only chooses which partners are tested (store_page_partners). */
bool partner_matches(const struct partner *p, const struct text_search *words);

struct request_kind {
    int64_t id;
    int64_t partner_id; /* 0 when none */
    int64_t site_id;    /* the site whose own line it is; 0: the network's (store_set_site_scope) */
    const char *code, *label, *keywords, *answer, *theme, *bring, *staff_note;
};

#define REFERRAL_FOLLOW_UP_DAYS 10
#define REFERRAL_EXPIRY_DAYS 30

/* A referral (orientation): whom the desk sent where, and how it turned out. */
struct referral {
    int64_t id;
    char referred_at[DATETIME_TEXT_SIZE]; /* desk time "YYYY-MM-DD HH:MM" */
    int64_t request_kind_id, partner_id, session_id; /* 0 when none */
    const char *need;             /* the person's words, when no request kind fits */
    int method, status;           /* vocab referral_method and referral_status indexes */
    char follow_up_on[DATE_TEXT_SIZE]; /* "YYYY-MM-DD", or "" */
    const char *contact_name, *contact_phone; /* only with consent */
    bool consent;
    /* Filled by listings: */
    const char *operator_name, *request_label, *partner_name, *partner_phone;
};

/* The rules of a referral being recorded: a partner; contact details only with consent, the
 * phone one that looks like a phone; a follow-up date, when given, that is a date not before
 * today ("YYYY-MM-DD"). Messages name the fields as the command line does ("--consent"). */
int referral_validate(const struct referral *r, const char *today, struct gu_error *err);

#endif
