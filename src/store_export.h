/* What the exports read beside the listings: when each record was made and last changed. */
#ifndef GUICHET_STORE_EXPORT_H
#define GUICHET_STORE_EXPORT_H

#include <stdint.h>

#include "error.h"
#include "store.h"

enum store_record { STORE_RECORD_SESSION, STORE_RECORD_WORKSHOP };

/* created_at and updated_at ("YYYY-MM-DDTHH:MM:SSZ", UTC) of one record. */
struct store_record_times {
    char created[32], updated[32]; /* "" when unknown */
};

/* A reader of record times, for one export (statements prepared once). */
struct store_times;
/* Opens one on st (borrowed; st must outlive it); *out to close with store_times_close. */
int store_times_open(struct store *st, struct store_times **out, struct gu_error *err);
/* The times of record id; both "" when there is no such record. */
int store_times_get(struct store_times *t, enum store_record kind, int64_t id,
                    struct store_record_times *out, struct gu_error *err);
void store_times_close(struct store_times *t);

#endif
