/* The guichet side of the opening-hours differential test (tests/oracle/hours-check.sh): reads
 * the cases tests/oracle/hours-oracle.js answered with opening_hours.js, one a line (region,
 * hours, instant, then "refused" or state, comment and next change), answers each with
 * guichet's evaluator and prints every disagreement. Ends with the counts; writes "passed
 * failed" to $RESULTS when set. Run with TZ=Europe/Paris: the next change is given as the
 * reference gives it, a wall time that does not exist in spring being moved on as in
 * JavaScript.
 *
 * Refused on purpose (accepted by the reference): none of the generated corpus; the list in
 * hours-check.sh holds those checked to be refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hours.h"

/* A wall time as the reference's Date makes it: a time in the spring gap moves on by the gap,
 * read with the offset before the change. */
static struct gu_datetime as_javascript(struct gu_datetime t, bool *moved)
{
    struct tm tm = {.tm_year = t.year - 1900, .tm_mon = t.month - 1, .tm_mday = t.day,
                    .tm_hour = t.hour, .tm_min = t.minute, .tm_isdst = -1};
    time_t s = mktime(&tm);
    struct tm back;
    localtime_r(&s, &back);
    *moved = false;
    if (back.tm_hour == t.hour && back.tm_min == t.minute && back.tm_mday == t.day)
        return t;
    tm = (struct tm){.tm_year = t.year - 1900, .tm_mon = t.month - 1, .tm_mday = t.day,
                     .tm_hour = t.hour, .tm_min = t.minute, .tm_isdst = 0};
    s = mktime(&tm);
    localtime_r(&s, &back);
    *moved = true;
    return (struct gu_datetime){back.tm_year + 1900, back.tm_mon + 1, back.tm_mday, back.tm_hour,
                                back.tm_min};
}

/* The next change as the reference's Date finds it: a change at a wall time of the spring gap
 * (which does not exist) is looked at an hour later, where JavaScript puts that time, and counts
 * if the state differs there; the earliest such time or real change wins. */
static bool next_change(const struct hours *h, enum hours_region region,
                        const struct gu_datetime *at, struct gu_datetime *next)
{
    enum hours_state first = hours_state_at(h, region, at, NULL);
    long last = date_to_days(at->year, at->month, at->day) + 8;
    struct gu_datetime t = *at, best = {0}, c;
    bool found = false;
    for (int i = 0; i < 1000; i++) {
        long day = date_to_days(t.year, t.month, t.day);
        if (!hours_next_change(h, region, &t, (int)(last - day), &c))
            break;
        bool moved;
        struct gu_datetime real = as_javascript(c, &moved);
        bool differs = hours_state_at(h, region, &real, NULL) != first;
        if (differs && (!found || datetime_compare(&real, &best) < 0))
            best = real, found = true;
        if (!moved && differs)
            break; /* a real change: nothing later can come first */
        t = c;
    }
    if (found)
        *next = best;
    return found;
}

int main(void)
{
    setenv("TZ", "Europe/Paris", 1);
    tzset();
    char *line = NULL;
    size_t cap = 0;
    int passed = 0, failed = 0, known = 0;
    while (getline(&line, &cap, stdin) > 0) {
        line[strcspn(line, "\n")] = '\0';
        char *field[7] = {0}, *save = NULL;
        int n = 0;
        for (char *f = strtok_r(line, "\t", &save); f && n < 7; f = strtok_r(NULL, "\t", &save))
            field[n++] = f;
        if (n < 4)
            continue;
        enum hours_region region = strcmp(field[0], "fr") ? hours_region_of_postal_code(field[0])
                                                          : HOURS_REGION_FRANCE;
        struct hours *h = NULL;
        struct gu_error err;
        int status = hours_parse(field[1], &h, &err);
        char got[1200];
        const char *expected;
        char want[1200];
        if (!strcmp(field[3], "refused")) {
            /* A fifth field: the part the refusal must name. */
            expected = "refused";
            if (!status)
                snprintf(got, sizeof got, "accepted");
            else if (n > 4 && !strstr(err.message, field[4]))
                snprintf(got, sizeof got, "refused without naming \"%s\": %s", field[4],
                         err.message);
            else
                snprintf(got, sizeof got, "refused");
        } else {
            snprintf(want, sizeof want, "%s\t%s\t%s", field[3], n > 4 ? field[4] : "-",
                     n > 5 ? field[5] : "-");
            expected = want;
            struct gu_datetime at;
            if (status) {
                snprintf(got, sizeof got, "refused: %s", err.message);
            } else if (!datetime_parse(field[2], &at)) {
                snprintf(got, sizeof got, "bad instant");
            } else {
                const char *comment = NULL;
                enum hours_state state = hours_state_at(h, region, &at, &comment);
                struct gu_datetime next;
                char when[DATETIME_TEXT_SIZE] = "-";
                if (next_change(h, region, &at, &next))
                    datetime_format(&next, when);
                snprintf(got, sizeof got, "%s\t%s\t%s",
                         state == HOURS_OPEN ? "open" : state == HOURS_CLOSED ? "closed" : "unknown",
                         comment ? comment : "-", when);
            }
        }
        hours_free(h);
        if (!strcmp(got, expected))
            passed++;
        else if (n > 6 && strstr(field[6], "spring-bug") && strncmp(got, "refused", 7)) {
            /* The reference's known bug (hours-oracle.js): said, counted apart, not failed. */
            known++;
            printf("KNOWN [%s] \"%s\" at %s (opening_hours.js reads the hour after midnight "
                   "following the spring clock change two days back)\n   opening_hours.js: %s\n"
                   "   guichet:          %s\n",
                   field[0], field[1], field[2], expected, got);
        } else {
            failed++;
            printf("DISAGREE [%s] \"%s\" at %s\n   opening_hours.js: %s\n   guichet:          %s\n",
                   field[0], field[1], field[2], expected, got);
        }
    }
    free(line);
    printf("%d cases agree, %d disagree, %d differ by the reference's known spring bug\n", passed,
           failed, known);
    const char *results = getenv("RESULTS");
    if (results) {
        FILE *f = fopen(results, "w");
        if (f) {
            fprintf(f, "%d %d\n", passed + known, failed);
            fclose(f);
        }
    }
    return failed ? 1 : 0;
}
