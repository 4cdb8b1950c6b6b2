/*
 * src/view/unique.c - what each outlet adds: the sentences of an article
 * that carry a fact no other article of the story has.
 *
 * Fits: kh_view_story_json() groups them under "unique_by_outlet".
 * Depends on: core, text (through prep.c).
 * "Other" means another outlet's article: an outlet's re-crawls and second
 * editions neither hide its facts nor repeat them.
 * Method: a fact is a token that pins something down: a number, a Latin
 * word, a quoted span, an entity name, or a name-like rare word (a stem the
 * corpus has seen in few documents, given a model).  It is unique when no
 * other article of the story has it: numbers, Latin words and entity names
 * are looked up in the other articles' match form (so spelling variants
 * meet), rare words by stem, a quotation when its text is absent elsewhere
 * and most of its words are too.  Sentences with at least one unique fact
 * are kept, the most facts first, shown in article order.  The match is
 * lexical: the same fact in other words (خمس مناطق / الأراضي الخمس) counts
 * as new.
 */
#include "view/view_int.h"
#include "core/alloc.h"

#include <stdlib.h>
#include <string.h>

/* What a fact used by no other article adds to its sentence: a number or
 * a quotation STRONG; a Latin word half (mostly a name or platform the text
 * also writes in Arabic: Fox News, Telegram); an entity name or a place
 * NEW_ACTOR (a country or person entering the story is what a reader
 * looks for first); a rare word (IDF of at least RARE_IDF, log(N / (df +
 * 1)) >= 6: at most 1 corpus document in 400, mostly transliterated names)
 * half.  A sentence is kept at KEEP or more, the highest first. */
#define RARE_IDF 6.0
#define STRONG 1.0
#define NEW_ACTOR 2.0
#define KEEP 1.0

typedef struct uniq_ctx {
    const kh_view_story *s;
    kh_view_prep *p;
    size_t article;
    kh_buf norm, tmp;
    kh_buf places; /* match forms of the gazetteer, NUL-separated */
} uniq_ctx;

static int word_in(const char *hay, const char *w, size_t n);
static int elsewhere(const uniq_ctx *u, const char *w, size_t n);
static int other_outlet(const uniq_ctx *u, size_t j);
static int stem_elsewhere(const uniq_ctx *u, uint32_t id, const kh_view_vec *own);
static kh_rc quote_facts(uniq_ctx *u, const char *s, size_t n, double *facts);
static kh_rc count_facts(uniq_ctx *u, const kh_view_prep_sent *st, const kh_view_model *m,
                         double *facts);
static int by_facts(const void *a, const void *b);
static double relevance(const kh_view_prep *p, const kh_view_prep_sent *st);
static kh_rc add_place(const char *place, size_t len, void *ctx);
static int by_pos(const void *a, const void *b);
static int shown_by_outlet(const kh_view_story *s, const kh_view_sentences *out, size_t a,
                           const kh_view_prep_sent *st);

static int is_ascii_word(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '.';
}

/* True when w occurs in hay as a whole word.  Numbers and Latin words are
 * bounded by ASCII only: Arabic clitics glue to them (و16, بـ2015).  Arabic
 * words match anywhere: clitics in front and suffixes behind are still the
 * same name. */
static int word_in(const char *hay, const char *w, size_t n)
{
    const char *p = hay;
    int arabic = (unsigned char)w[0] >= 0x80;
    while (hay && (p = strstr(p, w))) {
        if (arabic)
            return 1;
        int left_ok = p == hay || !is_ascii_word((unsigned char)p[-1]);
        int right_ok = !is_ascii_word((unsigned char)p[n]);
        if (left_ok && right_ok)
            return 1;
        p += 1;
    }
    return 0;
}

/* Article j is another outlet's: an outlet's own re-crawls and updates
 * must not hide what the outlet adds (articles without an outlet count as
 * outlets of their own). */
static int other_outlet(const uniq_ctx *u, size_t j)
{
    if (j == u->article)
        return 0;
    const char *a = u->s->articles[u->article].outlet, *b = u->s->articles[j].outlet;
    return !a || !b || strcmp(a, b) != 0;
}

static int elsewhere(const uniq_ctx *u, const char *w, size_t n)
{
    char buf[256];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, w, n);
    buf[n] = 0;
    for (size_t j = 0; j < u->s->n_articles; j++)
        if (other_outlet(u, j) && word_in(u->p->norm[j], buf, n))
            return 1;
    return 0;
}

static int stem_elsewhere(const uniq_ctx *u, uint32_t id, const kh_view_vec *own)
{
    (void)own;
    for (size_t j = 0; j < u->s->n_articles; j++) {
        if (!other_outlet(u, j))
            continue;
        const kh_view_vec *v = &u->p->doc_vec[j];
        size_t lo = 0, hi = v->n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (v->ids[mid] < id)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < v->n && v->ids[lo] == id)
            return 1;
    }
    return 0;
}

/* Quoted spans: “...”, «...», "..." in the display text. */
static kh_rc quote_facts(uniq_ctx *u, const char *s, size_t n, double *facts)
{
    static const char *const pairs[][2] = {
        {"\xe2\x80\x9c", "\xe2\x80\x9d"}, {"\xc2\xab", "\xc2\xbb"}, {"\"", "\""}};
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        size_t ol = strlen(pairs[k][0]), cl = strlen(pairs[k][1]);
        size_t i = 0;
        while (i + ol <= n) {
            const char *o = memmem(s + i, n - i, pairs[k][0], ol);
            if (!o)
                break;
            size_t in = (size_t)(o - s) + ol;
            const char *c = memmem(s + in, n - in, pairs[k][1], cl);
            if (!c)
                break;
            size_t qlen = (size_t)(c - (s + in));
            i = (size_t)(c - s) + cl;
            kh_buf_reset(&u->tmp);
            kh_rc rc = kh_text_normalize(s + in, qlen, &u->tmp);
            if (rc != KH_OK)
                return rc;
            if (!u->tmp.data || u->tmp.len < 4)
                continue;
            kh_view_vec qv;
            rc = kh_view_prep_vec(u->p, s + in, qlen, &qv);
            if (rc != KH_OK)
                return rc;
            size_t fresh = 0;
            for (size_t t = 0; t < qv.n; t++)
                if (!stem_elsewhere(u, qv.ids[t], &u->p->doc_vec[u->article]))
                    fresh++;
            int found = 0;
            for (size_t j = 0; j < u->s->n_articles && !found; j++)
                found = other_outlet(u, j) && strstr(u->p->norm[j], u->tmp.data);
            if (!found && qv.n && 2 * fresh >= qv.n)
                *facts += STRONG;
            kh_view_vec_clean(&qv);
        }
    }
    return KH_OK;
}

static kh_rc count_facts(uniq_ctx *u, const kh_view_prep_sent *st, const kh_view_model *m,
                         double *facts)
{
    const kh_view_article *a = &u->s->articles[u->article];
    *facts = 0;
    kh_buf_reset(&u->norm);
    kh_rc rc = kh_text_normalize(st->text, st->len, &u->norm);
    if (rc != KH_OK || !u->norm.data)
        return rc;
    size_t pos = 0;
    kh_token tok;
    while (kh_text_tokenize_next(u->norm.data, u->norm.len, &pos, &tok)) {
        const char *w = u->norm.data + tok.off;
        if (tok.kind == KH_TOKEN_NUMBER ||
            (tok.kind == KH_TOKEN_LATIN && tok.len >= 2 && !kh_text_is_stopword(w, tok.len)))
            if (!elsewhere(u, w, tok.len))
                *facts += tok.kind == KH_TOKEN_LATIN ? STRONG / 2 : STRONG;
    }
    for (size_t e = 0; e < a->n_entities && a->entities; e++) {
        if (!a->entities[e])
            continue;
        kh_buf_reset(&u->tmp);
        rc = kh_text_normalize(a->entities[e], strlen(a->entities[e]), &u->tmp);
        if (rc != KH_OK)
            return rc;
        if (u->tmp.len >= 4 && strstr(u->norm.data, u->tmp.data) &&
            !elsewhere(u, u->tmp.data, u->tmp.len))
            *facts += NEW_ACTOR;
    }
    if (m)
        for (size_t i = 0; i < st->vec.n; i++) {
            uint32_t id = st->vec.ids[i];
            const char *stem = u->p->terms[id];
            if (stem[0] >= '0' && stem[0] <= '9')
                continue; /* numbers were counted above */
            if (u->p->idf[id] >= RARE_IDF && !stem_elsewhere(u, id, &u->p->doc_vec[u->article]))
                *facts += STRONG / 2;
        }
    for (size_t off = 0; u->places.data && off < u->places.len;) {
        const char *pl = u->places.data + off;
        size_t pl_len = strlen(pl);
        off += pl_len + 1;
        if (!kh_view_places_word_in(u->norm.data, pl, pl_len))
            continue;
        int other = 0;
        for (size_t j = 0; j < u->s->n_articles && !other; j++)
            other = other_outlet(u, j) && kh_view_places_word_in(u->p->norm[j], pl, pl_len);
        if (!other)
            *facts += NEW_ACTOR;
    }
    return quote_facts(u, st->text, st->len, facts);
}

static kh_rc add_place(const char *place, size_t len, void *ctx)
{
    kh_buf *b = ctx;
    kh_rc rc = kh_buf_append(b, place, len);
    return rc == KH_OK ? kh_buf_appendc(b, 0) : rc;
}

/* Mean cosine of the sentence to the other articles' texts. */
static double relevance(const kh_view_prep *p, const kh_view_prep_sent *st)
{
    double sum = 0;
    for (size_t a = 0; a < p->n_articles; a++)
        if (a != st->article)
            sum += kh_view_vec_cos(&st->vec, &p->doc_vec[a]);
    return p->n_articles > 1 ? sum / (double)(p->n_articles - 1) : 0;
}

static int by_facts(const void *a, const void *b)
{
    const kh_view_sentence *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* True when an earlier article of the same outlet already gave this
 * sentence (a re-crawl or a second edition). */
static int shown_by_outlet(const kh_view_story *s, const kh_view_sentences *out, size_t a,
                           const kh_view_prep_sent *st)
{
    const char *o = s->articles[a].outlet;
    for (size_t i = 0; o && i < out->n; i++) {
        const char *q = s->articles[out->items[i].article].outlet;
        if (out->items[i].article != a && q && strcmp(q, o) == 0 &&
            strlen(out->items[i].text) == st->len &&
            memcmp(out->items[i].text, st->text, st->len) == 0)
            return 1;
    }
    return 0;
}

static int by_pos(const void *a, const void *b)
{
    const kh_view_sentence *x = a, *y = b;
    if (x->article != y->article)
        return x->article < y->article ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

kh_rc kh_view_unique(const kh_view_story *s, const kh_view_model *m, size_t max_per_article,
                     kh_view_sentences *out, kh_err *err)
{
    uniq_ctx u;
    kh_view_prep p;
    kh_rc rc;

    memset(out, 0, sizeof *out);
    rc = kh_view_prep_init(&p, s, m, err);
    if (rc != KH_OK)
        return rc;
    memset(&u, 0, sizeof u);
    u.s = s;
    u.p = &p;
    kh_buf_init(&u.norm, KH_CAP_PAGE);
    kh_buf_init(&u.tmp, KH_CAP_PAGE);
    kh_buf_init(&u.places, KH_CAP_LINE);
    if (s->n_articles < 2 || p.n_sents == 0)
        goto done;
    rc = kh_view_places_each(add_place, &u.places);
    if (rc != KH_OK)
        goto fail;
    if (!max_per_article)
        max_per_article = 3;
    out->items = kh_calloc(p.n_sents, sizeof *out->items);
    if (!out->items)
        goto nomem;
    out->cap = p.n_sents;
    for (size_t a = 0; a < s->n_articles; a++) {
        size_t first = out->n;
        u.article = a;
        for (size_t i = 0; i < p.n_sents; i++) {
            const kh_view_prep_sent *st = &p.sents[i];
            double facts;
            if (st->article != a)
                continue;
            rc = count_facts(&u, st, m, &facts);
            if (rc != KH_OK)
                goto fail;
            if (facts < KEEP || shown_by_outlet(s, out, a, st))
                continue;
            kh_view_sentence *o = &out->items[out->n];
            o->text = kh_strndup(st->text, st->len);
            if (!o->text)
                goto nomem;
            o->article = a;
            o->para = st->para;
            o->pos = st->pos;
            /* A new fact about the story's core (close to its centroid)
             * comes before a side remark's. */
            o->score = facts * (0.5 + relevance(&p, st));
            out->n++;
        }
        size_t got = out->n - first;
        qsort(out->items + first, got, sizeof *out->items, by_facts);
        while (out->n - first > max_per_article) {
            out->n--;
            kh_free(out->items[out->n].text);
            out->items[out->n].text = NULL;
        }
        qsort(out->items + first, out->n - first, sizeof *out->items, by_pos);
    }
    goto done;
nomem:
    rc = KH_ERR_NOMEM;
fail:
    kh_err_set(err, rc, 0, -1, "unique: failed");
    kh_view_sentences_clean(out);
done:
    kh_buf_clean(&u.norm);
    kh_buf_clean(&u.tmp);
    kh_buf_clean(&u.places);
    kh_view_prep_clean(&p);
    return rc;
}
