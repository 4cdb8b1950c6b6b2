/*
 * src/view/text.c - the story view as text for a terminal, the plain form
 * of `khabar story ID`: headline, section and outlets, the summary with
 * each sentence's outlet, what each outlet adds, related stories and the
 * timeline.
 *
 * Fits: the same parts as json.c, computed by the same functions; the CLI
 * prints whichever form was asked for.  Depends on: core, text.
 */
#include "view/view_int.h"
#include "core/alloc.h"

#include <string.h>
#include <time.h>

#define SUMMARY_MAX 0 /* 0: 3 to 5 by story size */
#define UNIQUE_MAX 3  /* a terminal shows fewer than the JSON */

static kh_rc put_time(kh_buf *b, long long t);

static kh_rc put_time(kh_buf *b, long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char s[32];
    if (t == 0 || !gmtime_r(&tt, &tm) || !strftime(s, sizeof s, "%Y-%m-%d %H:%M", &tm))
        return kh_buf_appends(b, "(time unknown)  ");
    return kh_buf_appends(b, s);
}

kh_rc kh_view_story_text(const kh_view_story *s, const kh_view_model *m,
                         const kh_view_related *related, size_t n_related, kh_buf *out, kh_err *err)
{
    kh_view_parts p;
    if (!out)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "story view: no output");
    kh_rc rc = kh_view_parts_compute(s, m, SUMMARY_MAX, UNIQUE_MAX, &p, err);
    if (rc != KH_OK)
        return rc;
    rc = kh_buf_printf(out, "%s\n", p.title.data ? p.title.data : "(no headline)");
    if (rc == KH_OK)
        rc = kh_buf_printf(out, "section: %s  ·  %zu article%s  ·  outlets:",
                           p.sec == KH_VIEW_SECTION_NONE ? "-" : kh_view_section_name(p.sec),
                           s->n_articles, s->n_articles == 1 ? "" : "s");
    for (size_t k = 0; rc == KH_OK && k < s->n_articles; k++) {
        const char *o = s->articles[p.order[k]].outlet;
        int dup = !o;
        for (size_t j = 0; !dup && j < k; j++) {
            const char *q = s->articles[p.order[j]].outlet;
            dup = q && strcmp(q, o) == 0;
        }
        if (!dup)
            rc = kh_buf_printf(out, " %s", o);
    }
    if (rc == KH_OK && p.sum.n)
        rc = kh_buf_appends(out, "\n\nSummary\n");
    for (size_t i = 0; rc == KH_OK && i < p.sum.n; i++) {
        const kh_view_article *a = &s->articles[p.sum.items[i].article];
        rc = kh_buf_printf(out, "  • %s  [%s]\n", p.sum.items[i].text, a->outlet ? a->outlet : "?");
    }
    if (rc == KH_OK && p.uniq.n)
        rc = kh_buf_appends(out, "\nWhat each outlet adds\n");
    for (size_t i = 0; rc == KH_OK && i < p.uniq.n;) {
        size_t art = p.uniq.items[i].article;
        const kh_view_article *a = &s->articles[art];
        rc = kh_buf_printf(out, "  %s (%s)\n", a->outlet ? a->outlet : "?", a->id ? a->id : "?");
        for (; rc == KH_OK && i < p.uniq.n && p.uniq.items[i].article == art; i++)
            rc = kh_buf_printf(out, "    - %s\n", p.uniq.items[i].text);
    }
    if (rc == KH_OK && related && n_related)
        rc = kh_buf_appends(out, "\nRelated\n");
    for (size_t i = 0; rc == KH_OK && related && i < n_related; i++)
        rc = kh_buf_printf(out, "  %.2f  %s  %s\n", related[i].score,
                           related[i].id ? related[i].id : "?",
                           related[i].title ? related[i].title : "");
    if (rc == KH_OK && s->n_articles)
        rc = kh_buf_appends(out, "\nTimeline\n");
    kh_buf head; /* each headline without its labels, as in the JSON */
    kh_buf_init(&head, KH_CAP_PAGE);
    for (size_t k = 0; rc == KH_OK && k < s->n_articles; k++) {
        const kh_view_article *a = &s->articles[p.order[k]];
        rc = kh_buf_appends(out, "  ");
        kh_buf_reset(&head);
        if (rc == KH_OK && a->title)
            rc = kh_view_title_clean(a->title, a->outlet, &head);
        if (rc == KH_OK)
            rc = put_time(out, a->published);
        if (rc == KH_OK)
            rc = kh_buf_printf(out, "  %-12s %s\n", a->outlet ? a->outlet : "?",
                               head.data ? head.data : "");
    }
    kh_buf_clean(&head);
    if (rc != KH_OK)
        kh_err_set(err, rc, 0, -1, "story view: writing text failed");
    kh_view_parts_clean(&p);
    return rc;
}
