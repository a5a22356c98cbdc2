#include "session.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

const int session_duration_presets[6] = {15, 30, 45, 60, 90, 120};

void session_init(struct help_session *s)
{
    *s = (struct help_session){
        .at = clock_now(),
        .duration_min = SESSION_DURATION_DEFAULT,
        .place = vocab_find(VOCAB_PLACE, "lieu_activite"),
        .autonomy = VOCAB_NONE,
        .age = VOCAB_NONE,
        .status = VOCAB_NONE,
        .gender = VOCAB_NONE,
        .orientation = VOCAB_NONE,
    };
}

void session_clear(struct help_session *s)
{
    free(s->procedure);
    free(s->note);
    free(s->operator_name);
    free(s->site_name);
    session_init(s);
}

int session_copy(struct help_session *dst, const struct help_session *src, struct gu_error *err)
{
    *dst = *src;
    if (text_copy(&dst->procedure, src->procedure) || text_copy(&dst->note, src->note) ||
        text_copy(&dst->operator_name, src->operator_name) ||
        text_copy(&dst->site_name, src->site_name)) {
        session_clear(dst);
        return error_nomem(err);
    }
    return GU_OK;
}

int vocab_set_count(vocab_set set)
{
    return __builtin_popcount(set);
}

int session_validate(const struct help_session *s, struct gu_error *err)
{
    if (!s->themes)
        return error_set(err, GU_INVALID, "%s", _("choose at least one theme"));
    int admin = vocab_theme_demarches();
    if ((s->demarches || s->procedure) && !(s->themes & ((vocab_set)1 << admin)))
        return error_set(err, GU_INVALID, _("démarche sub-themes and the procedure name go with "
                                            "the theme \"%s\""),
                         vocab_label(VOCAB_THEME, admin));
    if (s->duration_min < 1 || s->duration_min > SESSION_DURATION_MAX)
        return error_set(err, GU_INVALID, _("the duration must be 1 to %d minutes"),
                         SESSION_DURATION_MAX);
    if (!date_is_valid(s->at.year, s->at.month, s->at.day) || s->at.hour < 0 || s->at.hour > 23 ||
        s->at.minute < 0 || s->at.minute > 59)
        return error_set(err, GU_INVALID, "%s", _("the date is not a real date"));
    struct gu_datetime now = clock_now();
    if (datetime_compare(&s->at, &now) > 0)
        return error_set(err, GU_INVALID, "%s", _("a session cannot be logged in the future"));
    if (s->place == VOCAB_NONE)
        return error_set(err, GU_INVALID, "%s", _("the place is required"));
    if (s->orientation != VOCAB_NONE && !s->oriented)
        return error_set(err, GU_INVALID, "%s",
                         _("an orientation category needs the session to be oriented"));
    return GU_OK;
}

int session_parse_duration(const char *field, const char *text, int *minutes,
                           struct gu_error *err)
{
    long v = 0;
    const char *p = text;
    if (!*p)
        goto bad;
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || v > SESSION_DURATION_MAX)
            goto bad;
        v = v * 10 + (*p - '0');
    }
    if (v < 1 || v > SESSION_DURATION_MAX)
        goto bad;
    *minutes = (int)v;
    return GU_OK;
bad:
    return error_set(err, GU_INVALID, _("%s: \"%s\" is not a whole number of minutes from 1 to %d"),
                     field, text, SESSION_DURATION_MAX);
}

static bool set_matches(enum vocab_kind kind, vocab_set set, const char *needle_folded)
{
    for (int i = 0; set; i++, set >>= 1)
        if ((set & 1) && strstr(vocab_label_folded(kind, i), needle_folded))
            return true;
    return false;
}

bool session_matches(const struct help_session *s, const char *needle_folded)
{
    if (!*needle_folded)
        return true;
    const char *texts[] = {s->procedure, s->note, s->operator_name, s->site_name};
    for (size_t i = 0; i < ARRAY_LEN(texts); i++)
        if (texts[i] && text_matches_folded(texts[i], needle_folded))
            return true;
    return set_matches(VOCAB_THEME, s->themes, needle_folded) ||
           set_matches(VOCAB_DEMARCHE, s->demarches, needle_folded);
}
