/* A person's identity as guichet keeps it (workshop participants, referral contacts): the checks
 * of what the desk types, and the one canonical form of a name, a phone number and an e-mail
 * address, so that the same person typed twice is found as one. */
#ifndef GUICHET_PERSON_H
#define GUICHET_PERSON_H

#include <stddef.h>
#include <stdint.h>

#include "commune.h"
#include "error.h"

#define PHONE_MAX 30
#define EMAIL_MAX 120

/* Someone to book: name required, phone and e-mail optional (cleaned and checked by the caller,
 * made canonical by the store). */
struct person {
    const char *name;
    const char *phone; /* NULL when not given */
    const char *email;
    int64_t id;        /* a known participant chosen at the desk; 0: found by name and contact,
                        * or new */
    /* Where they live (checked by commune_resolve), kept on their record: NULL or empty keeps
     * what it holds. Whether they were already helped, said on this booking. */
    const struct residence *residence;
    enum already_helped already_helped;
};

/* Checks a phone number typed at the desk: digits, spaces, dots, dashes, parentheses and a
 * leading +, making a number that can be dialled: a French one with exactly its 10 digits (0 and
 * 9; +33 and 9, a "(0)" left out; the overseas +262, +590, +594, +596 and 9; +508 and 6), another
 * country's (+ or 00, then 4 to 15 digits), or a short number (4 to 15 digits, no leading 0:
 * 3949). field names it in the message. */
int person_validate_phone(const char *field, const char *phone, struct gu_error *err);
/* Checks an e-mail address, the one check of every address guichet keeps (people, partners'
 * courriels one by one, a site's --email): name@domain, no more. The name: atoms of letters,
 * digits and !#$%&'*+/=?^_`{}~- separated by single dots (no quotes, no '|', at most 64); the
 * domain: two labels or more of letters, digits and inner hyphens, the last one beginning with
 * a letter; at most 254 in all. A scheme ("mailto:"), a port or a query ("?subject=") is not
 * part of an address and is refused. A domain with accents (an IDN, jean@médiathèque.fr) is
 * refused with a message asking for its ASCII form (xn--mdiathque-53af.fr): guichet does not
 * convert it. */
int person_validate_email(const char *field, const char *email, struct gu_error *err);

/* A name as it is kept: text_clean_input's (valid UTF-8, no control character, no bidi control,
 * NFC, trimmed), without invisible characters (text_is_invisible), each run of white space
 * (no-break spaces included) one ASCII space. max_chars (0 = no limit) bounds the result. On
 * success *out is a new string owned by the caller; an empty result is an error (GU_INVALID)
 * naming field, and then *out is NULL. */
int person_clean_name(const char *field, const char *in, size_t max_chars, char **out,
                      struct gu_error *err);

/* The canonical form of a phone number person_validate_phone accepts: E.164 ("+33612345678")
 * for a French number however it is written (06 12 34 56 78, +33 6…, 0033 6…, +33 (0)6…), an
 * overseas one under its own country code (0692… → +262692…), "+" and the digits of an
 * international one (00 44… → +44…), the digits of a short number (3949). Anything else (not a
 * phone number, "+33 1 23" included) is returned unchanged. A new string the caller frees; NULL
 * only when out of memory. */
char *person_canonical_phone(const char *phone);
/* Checks a service's phone (a partner's): what person_validate_phone accepts, or the national
 * place standard's form (+33, +590, +594, +262, +596, +269, +687, +689, +508 or +681 and 6 to 9
 * digits), so that an imported place can be edited as it came. GU_INVALID with a message naming
 * field otherwise. */
int person_validate_service_phone(const char *field, const char *phone, struct gu_error *err);

/* A stored phone number as French people read it: +33612345678 → "06 12 34 56 78", an overseas
 * number (+262, +590, +594, +596) in its national 10-digit form, one of the French plan that has
 * none in its groups ("+508 41 12 34"); another country's only with its country code apart
 * ("+49 301234567"), since its groups depend on area codes guichet does not know; anything not
 * canonical (older data) comes back as it is. A new string the caller frees; NULL for NULL or
 * when out of memory. */
char *person_phone_for_display(const char *stored);

/* Whom to reach and how, for a message: the phone as person_phone_for_display shows it, else the
 * e-mail, else "" (NULL or empty values count as missing). A new string the caller frees; NULL
 * only when out of memory. */
char *person_contact_for_display(const char *phone, const char *email);

/* An e-mail address as guichet keeps it, the one normalisation of every address (people booked,
 * partners' courriels, a site's --email): trimmed, without invisible characters, NFC, the domain
 * lower-cased and the local part as typed (RFC 5321 §2.4: its case may matter to the receiving
 * server). Text that is not valid UTF-8 comes back as it is. A new string the caller frees; NULL
 * for NULL or when out of memory. */
char *person_normalise_email(const char *email);

/* The key two spellings of an address are compared by (finding a person, erasure's scan): as
 * person_normalise_email, but wholly lower-cased (non-ASCII letters too). Not a form to keep.
 * Text that is not valid UTF-8 comes back as it is. A new string the caller frees; NULL for NULL
 * or when out of memory. */
char *person_canonical_email(const char *email);

/* A person as the store keeps them: each string owned, NULL when not given. */
struct person_kept {
    char *name, *phone, *email;
    int64_t id; /* as struct person's */
};
/* in in its canonical form: the name cleaned by person_clean_name (name_field names it in an
 * error; a NULL name stays NULL), phone canonical, e-mail person_normalise_email's. Release *out with
 * person_kept_clear, after a failure too. */
int person_canonicalize(const char *name_field, const struct person *in, struct person_kept *out,
                        struct gu_error *err);
void person_kept_clear(struct person_kept *p);

#endif
