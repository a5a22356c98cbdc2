/* What identifies an erased person, without their name (domain.md §6). An erasure is kept as
 * marks: keyed hashes (HMAC-SHA-256 under a key held by the database) of the folded name, the
 * canonical phone numbers and the e-mail address. With them guichet recognises the person in any
 * copy of the database (a backup, a restored one) and in free text (a session's note), and erases
 * them there too, while the register itself names nobody. No SQL here: the store applies it. */
#ifndef GUICHET_ERASURE_H
#define GUICHET_ERASURE_H

#include <nettle/hmac.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ERASURE_KEY_SIZE 32
#define ERASURE_KEY_HEX_SIZE (2 * ERASURE_KEY_SIZE + 1)
#define ERASURE_HASH_HEX_SIZE 33 /* 128 bits of the HMAC, in hex, and the NUL */

enum erasure_kind {
    ERASURE_NAME,  /* the folded name, in its order and reversed ("martin zoe") */
    ERASURE_FIRST, /* the first folded word of each such name: a quick first test in text */
    ERASURE_PHONE, /* the canonical phone number */
    ERASURE_EMAIL, /* the lower-cased e-mail address */
    ERASURE_GIVEN, /* the name's first word as written (the given name, as French forms put it
                    * first), and its initial: a contact under a variant of the name ("Zoé
                    * MARTIN-DURAND", "Z. Martin") with the same phone is the same person */
    ERASURE_INITIAL,
};

/* The register's codes for the kinds, as stored: "name", "first", "phone", "email", "given",
 * "initial". */
const char *erasure_kind_code(enum erasure_kind kind);
/* The kind for a stored code; false when unknown. */
bool erasure_kind_parse(const char *code, enum erasure_kind *kind);

/* When an entry was made (UTC, as the database's created_at columns): a record or a text made
 * later is about someone who came back, with new consent, and is not touched. */
#define ERASURE_TIME_SIZE 21

struct erasure_mark {
    int64_t erasure;   /* the register's entry */
    int64_t person;    /* the erased participant's number in the database it was erased from */
    char erased_at[ERASURE_TIME_SIZE]; /* "" for no limit (an export: everything so far) */
    char person_created_at[ERASURE_TIME_SIZE]; /* the erased record's, "" when unknown */
    enum erasure_kind kind;
    int words;         /* words of a name (ERASURE_NAME), else 1 */
    char hash[ERASURE_HASH_HEX_SIZE];
};

/* A set of marks under one key. Fill it, then ask it; the questions sort it once. */
struct erasure_marks {
    struct hmac_sha256_ctx hmac;
    struct erasure_mark *marks; /* owned */
    size_t count, cap;
    int max_words;
    bool sorted;
};

/* A new random key (getrandom). Returns 0, or -1 when the system has no randomness to give. */
int erasure_key_new(uint8_t key[ERASURE_KEY_SIZE]);
/* The key as stored, and back; parse returns false for anything but 64 hex digits. */
void erasure_key_to_hex(const uint8_t key[ERASURE_KEY_SIZE], char hex[ERASURE_KEY_HEX_SIZE]);
bool erasure_key_parse(const char *hex, uint8_t key[ERASURE_KEY_SIZE]);

/* An empty set under key; erasure_marks_clear frees it. */
void erasure_marks_init(struct erasure_marks *m, const uint8_t key[ERASURE_KEY_SIZE]);
void erasure_marks_clear(struct erasure_marks *m);

/* Adds a mark read from the register (erased_at may be NULL: no limit). Returns 0, or -1 when
 * out of memory. */
int erasure_marks_add(struct erasure_marks *m, int64_t erasure, int64_t person,
                      const char *erased_at, enum erasure_kind kind, int words, const char *hash);
/* Sets the time the erased record of entry erasure was made, on its marks (NULL: unknown). */
void erasure_marks_set_created(struct erasure_marks *m, int64_t erasure, const char *created_at);
/* Adds the marks of one person's identifiers; any may be NULL. The name is folded, the phone
 * made canonical, the e-mail lower-cased first, as in the database. Returns 0, or -1 when out of
 * memory. */
int erasure_marks_add_person(struct erasure_marks *m, int64_t erasure, int64_t person,
                             const char *erased_at, const char *name, const char *phone,
                             const char *email);

/* In the questions below, created_at (may be NULL) is when the record or text was made: marks
 * of an entry made before that do not apply. */

/* Whether a participant's record (number id in this database) is an erased person: the same
 * name and, for the same entry, the same number or the same phone or e-mail. A homonym with other
 * contact details is someone else. */
bool erasure_marks_person(struct erasure_marks *m, int64_t id, const char *name,
                          const char *phone, const char *email, const char *created_at);
/* Whether a referral's contact is an erased person: the same name, or the same phone with no
 * name or with a variant of the name (the same given name or its initial); the same phone under
 * another given name is someone else: a family's phone. */
bool erasure_marks_contact(struct erasure_marks *m, const char *name, const char *phone,
                           const char *created_at);

/* text with every mention of a marked person (their name in either order, whatever punctuation
 * is around it; a phone number in any spelling, glued to a word or not; their e-mail) replaced by
 * replacement. *found tells whether there was one. Returns a new string (caller frees), or NULL
 * when out of memory. */
char *erasure_redact(struct erasure_marks *m, const char *text, const char *created_at,
                     const char *replacement, bool *found);
/* Whether text (may be NULL) mentions a marked person, as erasure_redact finds them: 1 yes,
 * 0 no, -1 out of memory. */
int erasure_mentions(struct erasure_marks *m, const char *text, const char *created_at);

/* Whether the name other may be a variant of name (the same person under another spelling): it
 * has name's first word, or its initial alone, among its words (accents, case, apostrophes and
 * hyphens ignored). "Paul Martin" is not a variant of "Zoé Martin"; "Z. Martin",
 * "MARTIN-DURAND Zoé" are. False when out of memory. */
bool erasure_name_variant(const char *name, const char *other);

#endif
