#include "partner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mednum.h"
#include "person.h"
#include "strbuf.h"
#include "text.h"
#include "vocab.h"

/* Each '|'-separated item of list is a code of kind. */
static int check_codes(enum vocab_kind kind, const char *field, const char *list,
                       struct gu_error *err)
{
    /* The whole list is checked, however long an imported one is: never a truncated copy. */
    char *buf = strdup(list);
    if (!buf)
        return error_nomem(err);
    int status = GU_OK;
    for (char *save = NULL, *code = strtok_r(buf, "|", &save); code && !status;
         code = strtok_r(NULL, "|", &save)) {
        int index;
        if (vocab_parse_one(kind, field, code, &index, err))
            status = GU_INVALID;
    }
    free(buf);
    return status;
}

int partner_validate(const struct partner *p, const char *const *option_names,
                     struct gu_error *err)
{
    const char *const *f = p->field;
    if (!f[PARTNER_NAME] || !*f[PARTNER_NAME])
        return error_set(err, GU_INVALID, _("%s: a partner needs a name"),
                         option_names[PARTNER_NAME]);
    if (f[PARTNER_TYPOLOGY] &&
        check_codes(VOCAB_TYPOLOGY, option_names[PARTNER_TYPOLOGY], f[PARTNER_TYPOLOGY], err))
        return GU_INVALID;
    if (f[PARTNER_ACCESS] &&
        check_codes(VOCAB_ACCESS, option_names[PARTNER_ACCESS], f[PARTNER_ACCESS], err))
        return GU_INVALID;
    int index;
    if (f[PARTNER_CATEGORY] &&
        vocab_parse_one(VOCAB_ORIENTATION, option_names[PARTNER_CATEGORY], f[PARTNER_CATEGORY],
                        &index, err))
        return GU_INVALID;
    const char *pc = f[PARTNER_POSTAL_CODE];
    if (pc && (strlen(pc) != 5 || strspn(pc, "0123456789") != 5))
        return error_set(err, GU_INVALID, _("%s: \"%s\" is not a 5-digit postal code"),
                         option_names[PARTNER_POSTAL_CODE], pc);
    if (f[PARTNER_PHONE] &&
        person_validate_service_phone(option_names[PARTNER_PHONE], f[PARTNER_PHONE], err))
        return GU_INVALID;
    if (f[PARTNER_EMAILS]) {
        char *buf = strdup(f[PARTNER_EMAILS]);
        if (!buf)
            return error_nomem(err);
        int status = GU_OK;
        for (char *save = NULL, *e = strtok_r(buf, "|", &save); e && !status;
             e = strtok_r(NULL, "|", &save))
            if (person_validate_email(option_names[PARTNER_EMAILS], e, err))
                status = GU_INVALID;
        free(buf);
        if (status)
            return status;
    }
    /* Opening hours are checked where they are typed (hours_from_french): stored ones are kept
     * verbatim even when guichet does not understand them, so that the rest stays editable. */
    return GU_OK;
}

int partner_copy_field(struct partner_copy *c, enum partner_field i, const char *value)
{
    char *copy = NULL;
    if (value && *value && text_copy(&copy, value))
        return GU_FAILURE;
    free(c->owned[i]);
    c->p.field[i] = c->owned[i] = copy;
    return GU_OK;
}

int partner_copy_pivot(struct partner_copy *c, const char *value)
{
    char *copy = NULL;
    if (value && *value && text_copy(&copy, value))
        return GU_FAILURE;
    free(c->pivot);
    c->p.pivot = c->pivot = copy;
    return GU_OK;
}

int partner_copy_set(struct partner_copy *c, const struct partner *p)
{
    partner_copy_free(c);
    int64_t id = p->id;
    bool national = p->national;
    const char *pivot = p->pivot, *extra = p->mednum_extra;
    c->p = (struct partner){.id = id, .national = national};
    int status = partner_copy_pivot(c, pivot);
    if (!status && text_copy(&c->extra, extra))
        status = GU_FAILURE;
    c->p.mednum_extra = c->extra;
    for (int i = 0; !status && i < PARTNER_FIELD_COUNT; i++)
        status = partner_copy_field(c, i, p->field[i]);
    return status;
}

void partner_copy_free(struct partner_copy *c)
{
    for (int i = 0; i < PARTNER_FIELD_COUNT; i++) {
        free(c->owned[i]);
        c->owned[i] = NULL;
        c->p.field[i] = NULL;
    }
    free(c->pivot);
    free(c->extra);
    c->pivot = c->extra = NULL;
    c->p.pivot = c->p.mednum_extra = NULL;
}

int partner_normalise(struct partner_copy *c, const char *const *option_names,
                      const char *pivot_name, struct gu_error *err)
{
    /* The partner fields the standard constrains, by its names. */
    static const struct {
        const char *name;
        enum partner_field field;
    } checked[] = {{"code_postal", PARTNER_POSTAL_CODE}, {"telephone", PARTNER_PHONE},
                   {"courriels", PARTNER_EMAILS},      {"site_web", PARTNER_WEBSITE}};
    if (mednum_load(err))
        return GU_FAILURE;
    for (size_t i = 0; i < sizeof checked / sizeof checked[0]; i++) {
        enum partner_field f = checked[i].field;
        char *norm;
        int status = mednum_normalise(checked[i].name, option_names[f], c->p.field[f],
                                      c->p.field[PARTNER_POSTAL_CODE], &norm, err);
        if (status)
            return status;
        free(c->owned[f]);
        c->p.field[f] = c->owned[f] = norm;
    }
    char *pivot;
    int status = mednum_normalise("pivot", pivot_name, c->p.pivot, NULL, &pivot, err);
    if (status)
        return status;
    free(c->pivot);
    c->p.pivot = c->pivot = pivot;
    return partner_validate(&c->p, option_names, err);
}

int referral_validate(const struct referral *r, const char *today, struct gu_error *err)
{
    if (!r->partner_id)
        return error_set(err, GU_INVALID, "%s",
                         _("the policy names no partner for this request: give --partner"));
    if ((r->contact_name || r->contact_phone) && !r->consent)
        return error_set(err, GU_INVALID, "%s",
                         _("contact details are kept only with the person's consent: add --consent"));
    if (r->contact_phone && person_validate_phone("--contact-phone", r->contact_phone, err))
        return GU_INVALID;
    int y, m, d;
    if (r->follow_up_on[0] && !date_parse(r->follow_up_on, &y, &m, &d))
        return error_set(err, GU_INVALID, _("%s: \"%s\" is not a date like 2026-03-14"),
                         "--follow-up", r->follow_up_on);
    if (r->follow_up_on[0] && strcmp(r->follow_up_on, today) < 0)
        return error_set(err, GU_INVALID, "%s", _("--follow-up: the date is in the past"));
    return GU_OK;
}

char *partner_access_labels(const char *codes)
{
    struct strbuf b = STRBUF_INIT;
    for (const char *c = codes; c && *c;) {
        size_t n = strcspn(c, "|");
        char *code = strndup(c, n);
        if (!code) {
            strbuf_release(&b);
            return NULL;
        }
        int i = vocab_find(VOCAB_ACCESS, code);
        if (n) {
            if (b.len)
                strbuf_puts(&b, ", ");
            strbuf_puts(&b, i == VOCAB_NONE ? code : vocab_label(VOCAB_ACCESS, i));
        }
        free(code);
        c += n + (c[n] == '|');
    }
    return strbuf_finish(&b);
}

char *partner_field_for_display(enum partner_field field, const char *value)
{
    if (!value)
        return NULL;
    if (field == PARTNER_PHONE)
        return person_phone_for_display(value);
    if (field != PARTNER_EMAILS)
        return strdup(value);
    struct strbuf b = STRBUF_INIT;
    for (const char *c = value; *c; c++)
        if (*c == '|')
            strbuf_puts(&b, ", ");
        else
            strbuf_putc(&b, *c);
    return strbuf_finish(&b);
}

char *partner_address_line(const struct partner *p)
{
    const char *const *f = p->field;
    const char *parts[] = {f[PARTNER_ADDRESS], f[PARTNER_ADDRESS_EXTRA], f[PARTNER_POSTAL_CODE],
                           f[PARTNER_COMMUNE]};
    struct strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < ARRAY_LEN(parts); i++)
        if (parts[i] && *parts[i]) {
            /* The commune follows its postal code after a space, as on an envelope. */
            if (b.len)
                strbuf_puts(&b, i == 3 && f[PARTNER_POSTAL_CODE] && *f[PARTNER_POSTAL_CODE] ? " " : ", ");
            strbuf_puts(&b, parts[i]);
        }
    return strbuf_finish(&b);
}

bool partner_matches(const struct partner *p, const struct text_search *words)
{
    int category = p->field[PARTNER_CATEGORY] ? vocab_find(VOCAB_ORIENTATION, p->field[PARTNER_CATEGORY])
                                              : VOCAB_NONE;
    const char *searched[] = {p->field[PARTNER_NAME], p->field[PARTNER_COMMUNE],
                              p->field[PARTNER_HANDLES], p->field[PARTNER_POSTAL_CODE],
                              category != VOCAB_NONE ? vocab_label(VOCAB_ORIENTATION, category)
                                                     : NULL};
    return text_search_matches(words, searched, sizeof searched / sizeof *searched);
}
