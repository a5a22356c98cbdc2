#include "i18n.h"

#include <langinfo.h>
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

static bool user_locale_utf8;

bool i18n_user_locale_is_utf8(void)
{
    return user_locale_utf8;
}

void i18n_init(void)
{
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
    bindtextdomain("guichet", dir && *dir ? dir : LOCALEDIR);
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

void i18n_format_date_long(char *buf, size_t size, int year, int month, int day)
{
    /* TRANSLATORS: weekday, day of month, month name, year, as in "Monday 3 March 2026". */
    snprintf(buf, size, _("%1$s %2$d %3$s %4$d"),
             i18n_weekday_name(date_weekday(year, month, day)), day, i18n_month_name(month), year);
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
