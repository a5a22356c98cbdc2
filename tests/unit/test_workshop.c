#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "store.h"
#include "workshop.h"

static void test_validation(void)
{
    struct workshop w;
    struct gu_error err;
    workshop_init(&w);
    CHECK(workshop_validate(&w, true, &err) == GU_INVALID); /* no title */
    w.title = "Atelier";
    w.at.day = 15; /* GUICHET_NOW is 2026-03-14 10:30 */
    CHECK(workshop_validate(&w, true, &err) == GU_OK);
    w.at.day = 13;
    CHECK(workshop_validate(&w, true, &err) == GU_INVALID);
    CHECK(strstr(err.message, "past") != NULL);
    CHECK(workshop_validate(&w, false, &err) == GU_OK); /* an existing one may be in the past */
    w.capacity = WORKSHOP_CAPACITY_MAX + 1;
    CHECK(workshop_validate(&w, false, &err) == GU_INVALID);
    w.capacity = 0;
    w.duration_min = 0;
    CHECK(workshop_validate(&w, false, &err) == GU_INVALID);
}

static void test_contact_validators(void)
{
    struct gu_error err;
    const char *phones[] = {"06 12 34 56 78", "+33612345678", "01.23.45.67.89", "3949"};
    for (size_t i = 0; i < ARRAY_LEN(phones); i++)
        CHECK(person_validate_phone("p", phones[i], &err) == GU_OK);
    const char *bad_phones[] = {"call me", "12", "06 12 34 56 78 ext", "33+6", "1234567890123456",
                                "(0)1-23", "612345678"};
    for (size_t i = 0; i < ARRAY_LEN(bad_phones); i++)
        CHECK(person_validate_phone("p", bad_phones[i], &err) == GU_INVALID);
    CHECK(person_validate_email("e", "marie@example.org", &err) == GU_OK);
    const char *bad_emails[] = {"marie", "@example.org", "marie@", "a@b@c.fr", "marie @x.fr", "m@local"};
    for (size_t i = 0; i < ARRAY_LEN(bad_emails); i++)
        CHECK(person_validate_email("e", bad_emails[i], &err) == GU_INVALID);
}

static void test_booking_waitlist_promotion_and_search(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/w.db", harness_tmpdir());
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(path, &st, &err) == GU_OK);
    struct workshop w;
    workshop_init(&w);
    w.title = "Courriel";
    w.capacity = 1;
    w.at.day = 20;
    int64_t id;
    CHECK(store_add_workshops(st, &w, 1, 1, 0, &id, &err) == GU_OK);
    struct booking a, b, c;
    struct person marie = {.name = "Marie Dupont", .phone = "06 12 34 56 78"};
    struct person helene = {.name = "H\xC3\xA9l\xC3\xA8ne Lef\xC3\xA8vre"};
    CHECK(store_book(st, id, &marie, 0, &a, &err) == GU_OK && !a.waitlisted);
    CHECK(store_book(st, id, &helene, 0, &b, &err) == GU_OK && b.waitlisted && b.position == 1);
    CHECK(store_book(st, id, &marie, 0, &c, &err) == GU_INVALID); /* already registered */
    struct promotion p;
    CHECK(store_unbook(st, a.registration_id, 0, &p, &err) == GU_OK);
    CHECK(p.promoted && p.registration_id == b.registration_id);
    CHECK(!strcmp(p.name, "H\xC3\xA9l\xC3\xA8ne Lef\xC3\xA8vre") && p.phone[0] == '\0');
    promotion_clear(&p);
    CHECK(!p.promoted && !p.name);
    struct harness_found f = {0};
    CHECK(store_find_participants(st, "hel LEFE", 5, harness_count_found, &f, &err) == GU_OK);
    CHECK(f.n == 1 && !strcmp(f.first, "H\xC3\xA9l\xC3\xA8ne Lef\xC3\xA8vre"));
    struct harness_found none = {0};
    CHECK(store_find_participants(st, "\"*) OR", 5, harness_count_found, &none, &err) == GU_OK);
    CHECK(none.n == 0);
    store_close(st);
}

/* Seats: the people booked while planned, the people present once held; walk-ins apart. */
static void test_seats(void)
{
    struct workshop w;
    workshop_init(&w);
    w.capacity = 12;
    w.booked = 10;
    char seats[32];
    workshop_format_seats(&w, seats, sizeof seats);
    CHECK(!strcmp(seats, "10 / 12") && workshop_seats_free(&w) == 2);
    w.status = workshop_status("held");
    w.booked = 0, w.attended = 10, w.absent = 1, w.walk_ins = 3;
    workshop_format_seats(&w, seats, sizeof seats);
    CHECK(!strcmp(seats, "10 / 12") && workshop_seats_taken(&w) == 10);
    w.attended = 14; /* more came than seats: none free, never below 0 */
    CHECK(workshop_seats_free(&w) == 0);
}

struct calls_seen {
    int n, cancelled, reopened, reminders;
    int64_t first;
};

static int see_call(const struct call_row *c, void *ctx)
{
    struct calls_seen *s = ctx;
    if (!s->n++)
        s->first = c->registration_id;
    s->cancelled += c->notice == NOTICE_CANCELLED;
    s->reopened += c->notice == NOTICE_REOPENED;
    s->reminders += c->notice == NOTICE_NONE;
    return 0;
}

/* Cancelling marks the people to tell, the call list shows them until told; reopening leaves to
 * tell only those told of the cancellation. */
static void test_cancel_tell_reopen(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/t.db", harness_tmpdir());
    struct store *st;
    struct gu_error err;
    CHECK(harness_store_open(path, &st, &err) == GU_OK);
    struct workshop w;
    workshop_init(&w);
    w.title = "Tablette";
    w.capacity = 1;
    w.at.day = 30; /* beyond the reminders' days: only notices show */
    int64_t id, tomorrow;
    CHECK(store_add_workshops(st, &w, 1, 1, 0, &id, &err) == GU_OK);
    w.at.day = 15;
    CHECK(store_add_workshops(st, &w, 1, 1, 0, &tomorrow, &err) == GU_OK);
    struct booking a, b, c;
    struct person marie = {.name = "Marie Dupont", .phone = "06 12 34 56 78"};
    struct person jean = {.name = "Jean Martin"};
    CHECK(store_book(st, id, &marie, 0, &a, &err) == GU_OK);
    CHECK(store_book(st, id, &jean, 0, &b, &err) == GU_OK && b.waitlisted);
    CHECK(store_book(st, tomorrow, &jean, 0, &c, &err) == GU_OK);
    struct calls_seen seen = {0};
    CHECK(store_list_calls(st, "2026-03-14 10:30", "2026-03-16", see_call, &seen, &err) == GU_OK);
    CHECK(seen.n == 1 && seen.reminders == 1);
    CHECK(store_mark_told(st, c.registration_id, 0, &err) == GU_INVALID); /* a reminder */
    int count;
    CHECK(store_cancel_workshop(st, id, false, 0, &count, &err) == GU_OK && count == 1);
    seen = (struct calls_seen){0};
    CHECK(store_list_calls(st, "2026-03-14 10:30", "2026-03-16", see_call, &seen, &err) == GU_OK);
    CHECK(seen.n == 3 && seen.cancelled == 2 && seen.reminders == 1 && seen.first != c.registration_id);
    CHECK(store_mark_told(st, a.registration_id, 0, &err) == GU_OK);
    CHECK(store_mark_told(st, a.registration_id, 0, &err) == GU_INVALID);
    int to_tell = -1;
    CHECK(store_reopen_workshop(st, tomorrow, 0, &to_tell, &err) == GU_INVALID); /* planned */
    CHECK(store_reopen_workshop(st, id, 0, &to_tell, &err) == GU_OK && to_tell == 1);
    bool found;
    struct workshop back;
    CHECK(store_get_workshop(st, id, &back, &found, &err) == GU_OK && found);
    CHECK(back.status == workshop_status("planned") && back.sequence == 2 && back.booked == 1 &&
          back.waitlisted == 1);
    workshop_clear(&back);
    seen = (struct calls_seen){0};
    CHECK(store_list_calls(st, "2026-03-14 10:30", "2026-03-16", see_call, &seen, &err) == GU_OK);
    CHECK(seen.n == 2 && seen.reopened == 1 && seen.first == a.registration_id && seen.reminders == 1);
    store_close(st);
}

const struct unit_test workshop_tests[] = {
    {"workshop: validation rules", test_validation},
    {"workshop: phone and e-mail checks", test_contact_validators},
    {"workshop: booking, waitlist, promotion, search", test_booking_waitlist_promotion_and_search},
    {"workshop: seats taken, booked or present", test_seats},
    {"workshop: cancelled, told, reopened", test_cancel_tell_reopen},
    {NULL, NULL},
};
