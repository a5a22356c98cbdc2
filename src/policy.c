#include "policy.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "i18n.h"
#include "route.h"
#include "text.h"
#include "vocab.h"

int policy_kind_copy(struct request_kind *dst, const struct request_kind *k,
                     struct gu_error *err)
{
    *dst = (struct request_kind){.id = k->id, .partner_id = k->partner_id,
                                   .site_id = k->site_id};
    const char *const src[] = {k->code,  k->label, k->keywords,  k->answer,
                               k->theme, k->bring, k->staff_note};
    const char **out[] = {&dst->code,  &dst->label, &dst->keywords,  &dst->answer,
                          &dst->theme, &dst->bring, &dst->staff_note};
    for (size_t i = 0; i < sizeof src / sizeof src[0]; i++) {
        char *copy;
        if (text_copy(&copy, src[i])) {
            policy_kind_free(dst);
            return error_nomem(err);
        }
        *out[i] = copy;
    }
    return GU_OK;
}

void policy_kind_free(struct request_kind *k)
{
    free((char *)k->code);
    free((char *)k->label);
    free((char *)k->keywords);
    free((char *)k->answer);
    free((char *)k->theme);
    free((char *)k->bring);
    free((char *)k->staff_note);
    *k = (struct request_kind){0};
}

struct load_ctx {
    struct policy *p;
    size_t cap;
    struct gu_error *err;
};

static int load_kind(const struct request_kind *k, void *ctx)
{
    struct load_ctx *c = ctx;
    if (!array_reserve(&c->p->kinds, &c->cap, c->p->n, sizeof *c->p->kinds, 32))
        return error_nomem(c->err);
    int status = policy_kind_copy(&c->p->kinds[c->p->n], k, c->err);
    if (!status)
        c->p->n++;
    return status;
}

int policy_load(struct store *st, struct policy *out, struct gu_error *err)
{
    *out = (struct policy){0};
    struct load_ctx c = {out, 0, err};
    int status = store_list_request_kinds(st, load_kind, &c, err);
    if (status)
        policy_free(out);
    return status;
}

void policy_free(struct policy *p)
{
    for (size_t i = 0; i < p->n; i++)
        policy_kind_free(&p->kinds[i]);
    free(p->kinds);
    *p = (struct policy){0};
}

size_t policy_rank(const struct policy *p, const char *query, struct policy_match *out,
                   size_t max)
{
    size_t n = 0;
    for (size_t i = 0; query && i < p->n; i++) {
        double score = route_score(query, p->kinds[i].keywords, p->kinds[i].label);
        if (score <= 0 || (n == max && (max == 0 || score <= out[max - 1].score)))
            continue;
        size_t at = n < max ? n++ : max - 1;
        while (at > 0 && out[at - 1].score < score) {
            out[at] = out[at - 1];
            at--;
        }
        out[at] = (struct policy_match){score, &p->kinds[i]};
    }
    return n;
}

int policy_validate_kind(const struct request_kind *k, struct gu_error *err)
{
    const char *c = k->code;
    bool code_ok = c && *c && strlen(c) <= 40;
    for (; code_ok && *c; c++)
        code_ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
    if (!code_ok)
        return error_set(err, GU_INVALID, _("%s: %s"), "code",
                         _("a short code of lowercase letters, digits and _ is required"));
    if (!k->label || !*k->label)
        return error_set(err, GU_INVALID, _("%s: %s"), "label", _("the request needs a label"));
    int answer;
    if (!k->answer || vocab_parse_one(VOCAB_POLICY_ANSWER, "answer", k->answer, &answer, err))
        return k->answer ? GU_INVALID
                         : error_set(err, GU_INVALID, _("%s: %s"), "answer", _("an answer is required"));
    int theme;
    if (k->theme && vocab_parse_one(VOCAB_THEME, "theme", k->theme, &theme, err))
        return GU_INVALID;
    if (!strcmp(k->answer, "redirect") && !k->partner_id)
        return error_set(err, GU_INVALID, _("%s: %s"), "partner",
                         _("a request sent elsewhere needs the partner to send people to"));
    return GU_OK;
}
