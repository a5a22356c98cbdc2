#include "i18n.h"

#include <langinfo.h>
#include <limits.h>
#include <unistd.h>
#include <stdbool.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "date.h"

/* A locale name that says nothing about language. */
static int locale_is_neutral(const char *name)
{
    return !name || !*name || !strcmp(name, "C") || !strcmp(name, "POSIX") ||
           !strncmp(name, "C.", 2);
}

/* The locale name gettext would consult for messages, in its order of precedence. */
static const char *i18n_find_messages_locale(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return v;
    }
    return NULL;
}

/* The catalogue of a build that was not installed: "locale" beside the binary, as the Makefile
 * builds it (build/guichet and build/locale/fr/LC_MESSAGES/guichet.mo), so that French is the
 * default however guichet is run. NULL when there is none; the caller frees the folder. */
static char *i18n_find_catalogue_beside_binary(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0 || n >= (ssize_t)sizeof exe - 1)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    static const char catalogue[] = "/locale/fr/LC_MESSAGES/guichet.mo";
    size_t len = strlen(exe);
    char *path = malloc(len + sizeof catalogue);
    if (!path)
        return NULL;
    memcpy(path, exe, len);
    memcpy(path + len, catalogue, sizeof catalogue);
    if (access(path, R_OK) != 0) {
        free(path);
        return NULL;
    }
    path[len + strlen("/locale")] = '\0';
    return path;
}

static bool user_locale_utf8;

bool i18n_user_locale_is_utf8(void)
{
    return user_locale_utf8;
}

static unsigned generation;

unsigned i18n_generation(void)
{
    return generation;
}

void i18n_init(void)
{
    generation++;
    const char *language = getenv("LANGUAGE");
    const char *messages = i18n_find_messages_locale();
    char wanted[64] = "";

    if (language && *language)
        snprintf(wanted, sizeof wanted, "%s", language);
    else if (!locale_is_neutral(messages)) {
        /* "fr_FR.UTF-8@euro" -> "fr_FR": a language list gettext understands on its own. */
        snprintf(wanted, sizeof wanted, "%s", messages);
        wanted[strcspn(wanted, ".@")] = '\0';
    } else
        snprintf(wanted, sizeof wanted, "fr"); /* guichet's users are French desks */

    const char *set = setlocale(LC_ALL, "");
    /* What the person's own locale says of the terminal, before guichet insists on UTF-8. */
    user_locale_utf8 = set && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    /* glibc ignores LANGUAGE under the plain C locale, and a missing fr_FR locale fails outright:
     * C.UTF-8 gives us UTF-8 text and lets LANGUAGE choose the catalogue. */
    if (!set || locale_is_neutral(setlocale(LC_MESSAGES, NULL)) ||
        strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
        if (!setlocale(LC_ALL, "C.UTF-8"))
            setlocale(LC_ALL, "");
    }
    setenv("LANGUAGE", wanted, 1);
    /* Numbers and dates are formatted by guichet itself; keep the C conventions for parsing. */
    setlocale(LC_NUMERIC, "C");

    const char *dir = getenv("GUICHET_LOCALEDIR");
    char *beside = dir && *dir ? NULL : i18n_find_catalogue_beside_binary();
    bindtextdomain("guichet", dir && *dir ? dir : beside ? beside : LOCALEDIR);
    free(beside);
    bind_textdomain_codeset("guichet", "UTF-8");
    textdomain("guichet");
}

const char *i18n_pgettext(const char *ctxt, const char *msgid)
{
    char key[512];
    int n = snprintf(key, sizeof key, "%s\004%s", ctxt, msgid);
    if (n < 0 || (size_t)n >= sizeof key)
        return msgid;
    const char *t = gettext(key);
    return t == key ? msgid : t;
}

int i18n_is_french(void)
{
    /* TRANSLATORS: the language code of this translation, used to pick French-only rules. */
    return strcmp(_("en"), "fr") == 0;
}

const char *i18n_weekday_name(int weekday)
{
    static const char *const names[] = {
        NC_("weekday", "Monday"), NC_("weekday", "Tuesday"),  NC_("weekday", "Wednesday"),
        NC_("weekday", "Thursday"), NC_("weekday", "Friday"), NC_("weekday", "Saturday"),
        NC_("weekday", "Sunday")};
    return weekday >= 0 && weekday < 7 ? i18n_pgettext("weekday", names[weekday]) : "?";
}

const char *i18n_month_name(int month)
{
    static const char *const names[] = {
        NC_("month", "January"), NC_("month", "February"), NC_("month", "March"),
        NC_("month", "April"),   NC_("month", "May"),      NC_("month", "June"),
        NC_("month", "July"),    NC_("month", "August"),   NC_("month", "September"),
        NC_("month", "October"), NC_("month", "November"), NC_("month", "December")};
    return month >= 1 && month <= 12 ? i18n_pgettext("month", names[month - 1]) : "?";
}

void i18n_format_day_of_month(char *buf, size_t size, int day)
{
    if (day == 1)
        /* TRANSLATORS: the first day of a month in a date (French: "1er"). */
        snprintf(buf, size, "%s",
                 i18n_pgettext("first day of the month", NC_("first day of the month", "1")));
    else
        snprintf(buf, size, "%d", day);
}

void i18n_format_date_long(char *buf, size_t size, int year, int month, int day)
{
    char d[16];
    i18n_format_day_of_month(d, sizeof d, day);
    /* TRANSLATORS: weekday, day of month, month name, year, as in "Monday 3 March 2026". */
    snprintf(buf, size, _("%1$s %2$s %3$s %4$d"),
             i18n_weekday_name(date_weekday(year, month, day)), d, i18n_month_name(month), year);
}

void i18n_format_date_medium(char *buf, size_t size, int year, int month, int day)
{
    char d[16];
    i18n_format_day_of_month(d, sizeof d, day);
    /* TRANSLATORS: day of month, month name, year, as in "3 March 2026". */
    snprintf(buf, size, _("%1$s %2$s %3$d"), d, i18n_month_name(month), year);
}

void i18n_format_month(char *buf, size_t size, int year, int month)
{
    /* TRANSLATORS: a month and its year, as in "March 2026" (French: "mars 2026"). */
    snprintf(buf, size, _("%1$s %2$d"), i18n_month_name(month), year);
}

void i18n_format_date_short(char *buf, size_t size, int year, int month, int day)
{
    /* TRANSLATORS: short date; arguments are day, month, year. */
    snprintf(buf, size, _("%1$02d/%2$02d/%3$04d"), day, month, year);
}

void i18n_format_datetime_short(char *buf, size_t size, const struct gu_datetime *at)
{
    char date[32], time[32];
    i18n_format_date_short(date, sizeof date, at->year, at->month, at->day);
    i18n_format_time(time, sizeof time, at->hour, at->minute);
    snprintf(buf, size, "%s %s", date, time);
}

void i18n_format_time(char *buf, size_t size, int hour, int minute)
{
    if (minute == 0)
        /* TRANSLATORS: time of day on the hour (French: "14 h"). */
        snprintf(buf, size, _("%d:00"), hour);
    else
        /* TRANSLATORS: time of day, hours then minutes (French: "14 h 30"). */
        snprintf(buf, size, _("%1$d:%2$02d"), hour, minute);
}

void i18n_format_duration(char *buf, size_t size, int minutes)
{
    if (minutes < 60)
        snprintf(buf, size, _("%d min"), minutes);
    else if (minutes % 60 == 0)
        snprintf(buf, size, _("%d h"), minutes / 60);
    else
        /* TRANSLATORS: a duration of hours and minutes, as in "1 h 30". */
        snprintf(buf, size, _("%1$d h %2$02d"), minutes / 60, minutes % 60);
}

/* ---- numbers ------------------------------------------------------------------------------- */

/* The thousands separator and the decimal mark of the catalogue in use: French writes 11 184,5
 * with a narrow no-break space (U+202F) and a comma; English 11,184.5. */
static const char *thousands_separator(void)
{
    return i18n_is_french() ? "\u202f" : ",";
}

static const char *decimal_mark(void)
{
    return i18n_is_french() ? "," : ".";
}

/* digits (ASCII, no sign) grouped by three from the right into buf. */
static void group_digits(char *buf, size_t size, const char *digits)
{
    const char *sep = thousands_separator();
    size_t n = strlen(digits), used = 0;
    /* A four-digit number is grouped too ("1 532"): the reports put figures in columns. */
    for (size_t i = 0; i < n && used + 1 < size; i++) {
        if (i && (n - i) % 3 == 0) {
            size_t len = strlen(sep);
            if (used + len + 1 >= size)
                break;
            memcpy(buf + used, sep, len);
            used += len;
        }
        buf[used++] = digits[i];
    }
    buf[used] = '\0';
}

void i18n_format_count(char *buf, size_t size, long long value)
{
    char digits[32];
    unsigned long long magnitude = value < 0 ? 0ULL - (unsigned long long)value
                                             : (unsigned long long)value;
    snprintf(digits, sizeof digits, "%llu", magnitude);
    char grouped[64];
    group_digits(grouped, sizeof grouped, digits);
    snprintf(buf, size, "%s%s", value < 0 ? i18n_minus_sign() : "", grouped);
}

const char *i18n_minus_sign(void)
{
    /* The typographic minus (U+2212) in French documents; a hyphen would read as a dash. */
    return i18n_is_french() ? "\u2212" : "-";
}

void i18n_format_decimal(char *buf, size_t size, double value, int decimals)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    char text[64];
    /* Rounded first, so that -0.04 shown with one decimal is 0,0 and never -0,0. */
    snprintf(text, sizeof text, "%.*f", decimals, value < 0 ? -value : value);
    bool zero = strspn(text, "0.") == strlen(text);
    char *point = strchr(text, '.');
    if (point)
        *point = '\0';
    char grouped[96];
    group_digits(grouped, sizeof grouped, text);
    snprintf(buf, size, "%s%s%s%s", value < 0 && !zero ? i18n_minus_sign() : "", grouped,
             point ? decimal_mark() : "", point ? point + 1 : "");
}

void i18n_format_percent(char *buf, size_t size, double value, int decimals)
{
    char number[96];
    i18n_format_decimal(number, sizeof number, value, decimals);
    /* TRANSLATORS: a percentage; %s is the number already formatted. French puts a narrow
     * no-break space (U+202F) before the sign: "60,0 %". */
    snprintf(buf, size, _("%s%%"), number);
}

void i18n_format_share(char *buf, size_t size, long long part, long long whole, int decimals)
{
    i18n_format_percent(buf, size, whole ? 100.0 * (double)part / (double)whole : 0.0, decimals);
}

void i18n_format_change(char *buf, size_t size, long long now, long long before)
{
    if (!before) {
        snprintf(buf, size, "%s", now ? _("new") : "=");
        return;
    }
    double change = 100.0 * (double)(now - before) / (double)before;
    char number[96];
    /* A change that rounds to nothing is "0 %", never "-0 %" nor "+0 %". */
    if (change > -0.5 && change < 0.5)
        change = 0.0;
    i18n_format_percent(number, sizeof number, change, 0);
    snprintf(buf, size, "%s%s", change > 0 ? "+" : "", number);
}
