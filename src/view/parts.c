/*
 * src/view/parts.c - the parts of a story view that the JSON writer
 * (json.c) and the terminal writer (text.c) both show: time order,
 * headline, section, summary and what each outlet adds, computed once here
 * so the two writers only format.
 */
#include "core/alloc.h"
#include "view/view_int.h"

#include <string.h>

kh_rc kh_view_parts_compute(const kh_view_story *s, const kh_view_model *m, size_t summary_max,
                            size_t unique_max, kh_view_parts *p, kh_err *err)
{
    memset(p, 0, sizeof *p);
    p->pick = -1;
    p->sec = KH_VIEW_SECTION_NONE;
    kh_buf_init(&p->title, KH_CAP_LINE);
    if (!s || (s->n_articles && !s->articles))
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "story view: no story");
    p->order = kh_calloc(s->n_articles ? s->n_articles : 1, sizeof *p->order);
    if (!p->order)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "story view: out of memory");
    kh_rc rc = kh_view_timeline(s, p->order, err);
    if (rc == KH_OK)
        rc = kh_view_title_pick(s, &p->pick, err);
    if (rc == KH_OK)
        rc = kh_view_section_story(m, s, &p->sec, err);
    if (rc == KH_OK)
        rc = kh_view_summary(s, m, summary_max, &p->sum, err);
    if (rc == KH_OK)
        rc = kh_view_unique(s, m, unique_max, &p->uniq, err);
    if (rc == KH_OK && p->pick >= 0) {
        const kh_view_article *a = &s->articles[p->pick];
        rc = kh_view_title_clean(a->title, a->outlet, &p->title);
        if (rc != KH_OK)
            kh_err_set(err, rc, 0, -1, "story view: out of memory");
    }
    if (rc != KH_OK)
        kh_view_parts_clean(p);
    return rc;
}

void kh_view_parts_clean(kh_view_parts *p)
{
    kh_view_sentences_clean(&p->sum);
    kh_view_sentences_clean(&p->uniq);
    kh_buf_clean(&p->title);
    kh_free(p->order);
    p->order = NULL;
}
