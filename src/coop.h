/* La Coop de la médiation numérique, the national activity report tool, as data/coop/ keeps it:
 * its French labels, verbatim whatever the interface's language (its exports are in French), and
 * the column headers of its "Accompagnements" export. Parsed once from the embedded files; all
 * strings returned are static and owned by this module. */
#ifndef GUICHET_COOP_H
#define GUICHET_COOP_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "vocab.h"

/* Parses the embedded files; GU_FAILURE with a message when malformed (a build defect). Called
 * lazily by the functions below; safe to call again. */
int coop_load(struct gu_error *err);

/* The Coop's label of entry index of kind, or "" when the Coop has no such entry. */
const char *coop_label(enum vocab_kind kind, int index);
/* "Oui" or "Non", as the Coop writes a yes or no. */
const char *coop_yes_no(bool yes);

/* The headers of the "Accompagnements" export, in order. */
size_t coop_column_count(void);
const char *coop_column(size_t i);

#endif
