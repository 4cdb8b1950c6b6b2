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
    kh_rc rc;
    kh_view_sentences sum = {0}, uniq = {0};
    kh_buf title;
    size_t *order = NULL;
    long pick = -1;
    kh_view_section sec = KH_VIEW_SECTION_NONE;

    kh_buf_init(&title, KH_CAP_LINE);
    if (!s || (s->n_articles && !s->articles) || !out)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "story view: no story");
    order = kh_calloc(s->n_articles ? s->n_articles : 1, sizeof *order);
    if (!order)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "story view: out of memory");
    rc = kh_view_timeline(s, order, err);
    if (rc == KH_OK)
        rc = kh_view_title_pick(s, &pick, err);
    if (rc == KH_OK)
        rc = kh_view_section_story(m, s, &sec, err);
    if (rc == KH_OK)
        rc = kh_view_summary(s, m, SUMMARY_MAX, &sum, err);
    if (rc == KH_OK)
        rc = kh_view_unique(s, m, UNIQUE_MAX, &uniq, err);
    if (rc != KH_OK)
        goto done;
    if (pick >= 0)
        rc = kh_view_title_clean(s->articles[pick].title, s->articles[pick].outlet, &title);
    if (rc == KH_OK)
        rc = kh_buf_printf(out, "%s\n", title.data ? title.data : "(no headline)");
    if (rc == KH_OK)
        rc = kh_buf_printf(out, "section: %s  ·  %zu article%s  ·  outlets:",
                           sec == KH_VIEW_SECTION_NONE ? "-" : kh_view_section_name(sec),
                           s->n_articles, s->n_articles == 1 ? "" : "s");
    for (size_t k = 0; rc == KH_OK && k < s->n_articles; k++) {
        const char *o = s->articles[order[k]].outlet;
        int dup = !o;
        for (size_t j = 0; !dup && j < k; j++) {
            const char *q = s->articles[order[j]].outlet;
            dup = q && strcmp(q, o) == 0;
        }
        if (!dup)
            rc = kh_buf_printf(out, " %s", o);
    }
    if (rc == KH_OK && sum.n)
        rc = kh_buf_appends(out, "\n\nSummary\n");
    for (size_t i = 0; rc == KH_OK && i < sum.n; i++) {
        const kh_view_article *a = &s->articles[sum.items[i].article];
        rc = kh_buf_printf(out, "  • %s  [%s]\n", sum.items[i].text, a->outlet ? a->outlet : "?");
    }
    if (rc == KH_OK && uniq.n)
        rc = kh_buf_appends(out, "\nWhat each outlet adds\n");
    for (size_t i = 0; rc == KH_OK && i < uniq.n;) {
        size_t art = uniq.items[i].article;
        const kh_view_article *a = &s->articles[art];
        rc = kh_buf_printf(out, "  %s (%s)\n", a->outlet ? a->outlet : "?", a->id ? a->id : "?");
        for (; rc == KH_OK && i < uniq.n && uniq.items[i].article == art; i++)
            rc = kh_buf_printf(out, "    - %s\n", uniq.items[i].text);
    }
    if (rc == KH_OK && related && n_related)
        rc = kh_buf_appends(out, "\nRelated\n");
    for (size_t i = 0; rc == KH_OK && related && i < n_related; i++)
        rc = kh_buf_printf(out, "  %.2f  %s  %s\n", related[i].score,
                           related[i].id ? related[i].id : "?",
                           related[i].title ? related[i].title : "");
    if (rc == KH_OK && s->n_articles)
        rc = kh_buf_appends(out, "\nTimeline\n");
    for (size_t k = 0; rc == KH_OK && k < s->n_articles; k++) {
        const kh_view_article *a = &s->articles[order[k]];
        rc = kh_buf_appends(out, "  ");
        if (rc == KH_OK)
            rc = put_time(out, a->published);
        if (rc == KH_OK)
            rc = kh_buf_printf(out, "  %-12s %s\n", a->outlet ? a->outlet : "?",
                               a->title ? a->title : "");
    }
    if (rc != KH_OK)
        kh_err_set(err, rc, 0, -1, "story view: writing text failed");
done:
    kh_view_sentences_clean(&sum);
    kh_view_sentences_clean(&uniq);
    kh_buf_clean(&title);
    kh_free(order);
    return rc;
}
