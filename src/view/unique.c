/*
 * src/view/unique.c - what each outlet adds: the few sentences of an
 * article that carry a fact no other outlet's article in the story has.
 *
 * Fits: kh_view_story_json() groups them under "unique_by_outlet".
 * Depends on: core, text (through prep.c), fact.c (word keys, numbers,
 * dates, statements), places.c.
 * "Other" means another outlet's article: an outlet's re-crawls and second
 * editions neither hide its facts nor repeat them.
 *
 * Method.  Every article is indexed once: the words of its headline and
 * body under several keys (match form, match form without proclitics, the
 * consonant skeleton of both when it has 4+ letters, the light stem: so
 * زيلنسكي meets زيلينسكي, بالأراضي meets الأراضي, أوروبا meets الأوروبية)
 * and the values of its numbers.  A sentence's fact items are then
 *  - numbers, by value: Arabic-Indic or Latin digits, thousands separators
 *    dropped, a following ألف / مليون / مليار multiplying (1,095 = 1095;
 *    4 مليارات = 4000000000); numbers of a date (next to a month name or
 *    an era mark) are not facts;
 *  - names: the article's own entity list when the caller gives one (the
 *    store's NER), and places of the gazetteer (places.c); a name is
 *    shared when at least half its identifying words are in one other
 *    article;
 *  - quoted spans (“...”, «...», "...") of 3+ content words, shared when
 *    half their stems are used by the other outlets;
 *  - weak items: Latin words (Telegram, Fox News) and, given the model,
 *    rare stems (IDF >= RARE_IDF, mostly transliterated names).
 * An item counts only when no other outlet has it.  A sentence whose stems
 * largely repeat a sentence or headline of another outlet (cosine >=
 * PARAPHRASE) says the same thing in other words and adds nothing, whatever
 * its items; datelines, bylines, captions and run-ons are not statements
 * and are never shown.  Sentences are then taken greedily per article, the
 * most new fact first (new-fact weight x (0.5 + closeness to the story),
 * so a fact about the story's core comes before a side remark); an item
 * already shown for the outlet counts no more, and a sentence stops
 * qualifying when what is left of its new facts is under KEEP.  Shown in
 * article order.
 */
#include "view/view_int.h"
#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Weights of the new items of a sentence: a name (a person, body or place
 * entering the story) NAME, a number or a quotation STRONG, a Latin word
 * or a rare stem WEAK, the weak items of one sentence together at most
 * WEAK_MAX_NER when the article has an entity list (names are then known;
 * a rare word alone is rarely a fact) and WEAK_MAX otherwise (rare words
 * then stand in for names).  A sentence is kept at KEEP or more.  The
 * weights are reasoned, not fitted: any new number, quote or name
 * qualifies; ranking puts names first. */
#define NAME 2.0
#define STRONG 1.0
#define WEAK 0.5
#define WEAK_MAX 1.0
#define WEAK_MAX_NER 0.5
#define KEEP 1.0
/* IDF of at least this (log(N / (df + 1)) >= 7: at most 1 corpus document
 * in 1,100, about 20 of the model's 22,864) makes a stem rare: unseen
 * transliterations (ميريجكو, بلويتنر: 9.3) are, rare common words (كبح 6.05,
 * تضليل 6.03) are not. */
#define RARE_IDF 7.0
/* Cosine to a sentence or headline of another outlet from which a sentence
 * says the same thing (the summary treats 0.35 as "close"; here a
 * sentence must mostly repeat the other to lose its facts). */
#define PARAPHRASE 0.5
#define NAME_WORDS 8

typedef struct fact {
    uint64_t key;
    double w;
    int weak;
} fact;

typedef struct art_index {
    kh_hash words; /* word keys of headline and body */
    double *nums;  /* owns: number values */
    size_t n_nums, cap_nums;
} art_index;

typedef struct word_keys {
    char keys[KH_VIEW_KEYS][KH_VIEW_KEY_MAX];
    size_t n;
} word_keys;

typedef struct cand {
    size_t sent;     /* into p->sents */
    size_t first, n; /* its facts in u->facts */
    double rel;      /* closeness to the other articles */
    int taken;
} cand;

typedef struct uniq_ctx {
    const kh_view_story *s;
    kh_view_prep *p;
    const kh_view_model *m;
    size_t article;
    art_index *idx; /* owns: per article */
    kh_buf norm;    /* the sentence's match form */
    kh_buf tmp;
    kh_buf places; /* match forms of the gazetteer, NUL-separated */
    kh_buf ents;   /* the current article's entity names, match form, NUL-separated */
    fact *facts;   /* owns: the current article's items */
    size_t n_facts, cap_facts;
    cand *cands; /* owns: the current article's candidates */
    size_t n_cands, cap_cands;
    kh_hash shown; /* outlet + item key of what was shown already */
} uniq_ctx;

/* Words of a name that do not identify it. */
static const char *const name_glue[] = {"بن", "ابن", "بنت", "ابو", "ال", "عبد", "ام", NULL};

static uint64_t word_primary(kh_stemmer *st, const char *w, size_t n);
static kh_rc index_article(uniq_ctx *u, size_t a);
static int other_outlet(const uniq_ctx *u, size_t j);
static int word_in_article(const uniq_ctx *u, size_t j, const word_keys *k);
static int word_elsewhere(const uniq_ctx *u, const char *w, size_t n);
static int name_elsewhere(const uniq_ctx *u, const char *name, size_t n);
static int number_elsewhere(const uniq_ctx *u, double v);
static int stem_elsewhere(const uniq_ctx *u, uint32_t id);
static kh_rc add_fact(uniq_ctx *u, size_t first, uint64_t key, double w, int weak);
static kh_rc name_facts(uniq_ctx *u, size_t first, const kh_buf *names);
static kh_rc quote_facts(uniq_ctx *u, size_t first);
static kh_rc sentence_facts(uniq_ctx *u, const kh_view_prep_sent *st, size_t first);
static double paraphrase(const kh_view_prep *p, const uniq_ctx *u, const kh_view_prep_sent *st);
static double relevance(const kh_view_prep *p, const kh_view_prep_sent *st);
static double gain(uniq_ctx *u, const cand *c);
static kh_rc mark_shown(uniq_ctx *u, const cand *c);
static kh_rc article_entities(uniq_ctx *u, const kh_view_article *a);
static kh_rc add_place(const char *place, size_t len, void *ctx);
static int by_pos(const void *a, const void *b);
static int shown_by_outlet(const kh_view_story *s, const kh_view_sentences *out, size_t a,
                           const kh_view_prep_sent *st);

/* ---- the story's articles indexed ---- */

/* One key for an item that is a word or a name's last word, so a place,
 * an entity and a rare word naming the same thing count once. */
static uint64_t word_primary(kh_stemmer *st, const char *w, size_t n)
{
    char keys[KH_VIEW_KEYS][KH_VIEW_KEY_MAX];
    size_t k = kh_view_fact_word_keys(st, w, n, keys), best = 0;
    for (size_t i = 0; i < k; i++)
        if (keys[i][0] == 'k' || (keys[i][0] == 'w' && keys[best][0] == 'w'))
            best = i; /* the skeleton of the bare form, else the bare form */
    return kh_hash_bytes(keys[best], strlen(keys[best]), 0x756e71);
}

/* Indexes article a: keys of every word of its headline and body, values
 * of its numbers. */
static kh_rc index_article(uniq_ctx *u, size_t a)
{
    art_index *ix = &u->idx[a];
    const char *t = u->p->norm[a];
    size_t n = strlen(t), pos = 0;
    kh_token tok, nx;
    char keys[KH_VIEW_KEYS][KH_VIEW_KEY_MAX];
    int have_next = kh_text_tokenize_next(t, n, &pos, &tok);
    while (have_next) {
        size_t npos = pos;
        int more = kh_text_tokenize_next(t, n, &npos, &nx);
        if (tok.kind == KH_TOKEN_NUMBER) {
            double v;
            if (kh_view_fact_number(t + tok.off, tok.len, more ? t + nx.off : NULL,
                                    more ? nx.len : 0, &v)) {
                double *nv = kh_grow(ix->nums, ix->n_nums, &ix->cap_nums, sizeof *nv, 16);
                if (!nv)
                    return KH_ERR_NOMEM;
                ix->nums = nv;
                ix->nums[ix->n_nums++] = v;
            }
        } else if (tok.kind == KH_TOKEN_ARABIC || tok.kind == KH_TOKEN_LATIN) {
            size_t k = kh_view_fact_word_keys(u->p->stemmer, t + tok.off, tok.len, keys);
            for (size_t i = 0; i < k; i++)
                if (!kh_hash_put(&ix->words, keys[i], strlen(keys[i]), NULL))
                    return KH_ERR_NOMEM;
        }
        tok = nx;
        pos = npos;
        have_next = more;
    }
    return KH_OK;
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

static int word_in_article(const uniq_ctx *u, size_t j, const word_keys *k)
{
    for (size_t i = 0; i < k->n; i++)
        if (kh_hash_get(&u->idx[j].words, k->keys[i], strlen(k->keys[i])))
            return 1;
    return 0;
}

static int word_elsewhere(const uniq_ctx *u, const char *w, size_t n)
{
    word_keys k;
    k.n = kh_view_fact_word_keys(u->p->stemmer, w, n, k.keys);
    for (size_t j = 0; j < u->s->n_articles; j++)
        if (other_outlet(u, j) && word_in_article(u, j, &k))
            return 1;
    return 0;
}

/* A name (match form, one or more words) is shared when one other
 * outlet's article has its last identifying word (the family name:
 * «إيمانويل ماكرون» is shared with an article saying «ماكرون»), or two and
 * at least half of them («محمد بن سلمان بن عبدالعزيز» with «محمد بن
 * سلمان»).  A first name alone never makes it shared: «علي الأحمدي» is not
 * in an article that names another علي. */
static int name_elsewhere(const uniq_ctx *u, const char *name, size_t n)
{
    word_keys w[NAME_WORDS];
    size_t nw = 0, pos = 0;
    kh_token tok;
    while (nw < NAME_WORDS && kh_text_tokenize_next(name, n, &pos, &tok)) {
        if (tok.kind != KH_TOKEN_ARABIC && tok.kind != KH_TOKEN_LATIN)
            continue;
        int glue = 0;
        for (size_t g = 0; name_glue[g] && !glue; g++)
            glue = strlen(name_glue[g]) == tok.len &&
                   memcmp(name_glue[g], name + tok.off, tok.len) == 0;
        if (glue || tok.len < 4)
            continue;
        w[nw].n = kh_view_fact_word_keys(u->p->stemmer, name + tok.off, tok.len, w[nw].keys);
        nw++;
    }
    if (nw == 0)
        return 1; /* nothing identifying: not a new fact */
    for (size_t j = 0; j < u->s->n_articles; j++) {
        if (!other_outlet(u, j))
            continue;
        size_t found = 0;
        int last = word_in_article(u, j, &w[nw - 1]);
        for (size_t i = 0; i < nw; i++)
            found += (size_t)word_in_article(u, j, &w[i]);
        if (last || (found >= 2 && 2 * found >= nw))
            return 1;
    }
    return 0;
}

static int number_elsewhere(const uniq_ctx *u, double v)
{
    for (size_t j = 0; j < u->s->n_articles; j++) {
        if (!other_outlet(u, j))
            continue;
        for (size_t i = 0; i < u->idx[j].n_nums; i++)
            if (fabs(u->idx[j].nums[i] - v) <= 1e-9 * fabs(v))
                return 1;
    }
    return 0;
}

static int stem_elsewhere(const uniq_ctx *u, uint32_t id)
{
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

/* ---- the items of one sentence ---- */

/* Adds an item to the sentence whose items start at first, once per key. */
static kh_rc add_fact(uniq_ctx *u, size_t first, uint64_t key, double w, int weak)
{
    for (size_t i = first; i < u->n_facts; i++)
        if (u->facts[i].key == key) {
            if (w > u->facts[i].w) {
                u->facts[i].w = w;
                u->facts[i].weak = weak;
            }
            return KH_OK;
        }
    fact *f = kh_grow(u->facts, u->n_facts, &u->cap_facts, sizeof *f, 64);
    if (!f)
        return KH_ERR_NOMEM;
    u->facts = f;
    u->facts[u->n_facts++] = (fact){key, w, weak};
    return KH_OK;
}

/* New names of the list (match forms, NUL-separated) in the sentence. */
static kh_rc name_facts(uniq_ctx *u, size_t first, const kh_buf *names)
{
    for (size_t off = 0; names->data && off < names->len;) {
        const char *nm = names->data + off;
        size_t len = strlen(nm);
        off += len + 1;
        if (len < 4 || !kh_view_places_word_in(u->norm.data, nm, len) || name_elsewhere(u, nm, len))
            continue;
        const char *last = nm + len;
        while (last > nm && last[-1] != ' ')
            last--;
        kh_rc rc = add_fact(u, first, word_primary(u->p->stemmer, last, (size_t)(nm + len - last)),
                            NAME, 0);
        if (rc != KH_OK)
            return rc;
    }
    return KH_OK;
}

/* Quoted spans of 3+ content words in the sentence's match form (all
 * quotation marks are '"' there), new when most of their stems are not
 * used by the other outlets. */
static kh_rc quote_facts(uniq_ctx *u, size_t first)
{
    const char *s = u->norm.data;
    const char *o = strchr(s, '"');
    while (o) {
        const char *c = strchr(o + 1, '"');
        if (!c)
            break;
        kh_view_vec qv;
        kh_rc rc = kh_view_prep_vec(u->p, o + 1, (size_t)(c - o - 1), &qv);
        if (rc != KH_OK)
            return rc;
        size_t fresh = 0;
        for (size_t t = 0; t < qv.n; t++)
            fresh += !stem_elsewhere(u, qv.ids[t]);
        if (qv.n >= 3 && 2 * fresh > qv.n)
            rc = add_fact(u, first, kh_hash_bytes(qv.ids, qv.n * sizeof *qv.ids, 0x71), STRONG, 0);
        kh_view_vec_clean(&qv);
        if (rc != KH_OK)
            return rc;
        o = strchr(c + 1, '"');
    }
    return KH_OK;
}

static kh_rc sentence_facts(uniq_ctx *u, const kh_view_prep_sent *st, size_t first)
{
    char stem[KH_VIEW_STEM_MAX];
    kh_buf_reset(&u->norm);
    kh_rc rc = kh_text_normalize(st->text, st->len, &u->norm);
    if (rc != KH_OK || !u->norm.data || !kh_view_fact_statement(u->norm.data, u->norm.len))
        return rc;
    if ((rc = name_facts(u, first, &u->ents)) != KH_OK ||
        (rc = name_facts(u, first, &u->places)) != KH_OK || (rc = quote_facts(u, first)) != KH_OK)
        return rc;
    const char *t = u->norm.data;
    size_t n = u->norm.len, pos = 0;
    kh_token tok, nx, prev = {0, 0, KH_TOKEN_PUNCT};
    int have = kh_text_tokenize_next(t, n, &pos, &tok);
    while (have && rc == KH_OK) {
        size_t npos = pos;
        int more = kh_text_tokenize_next(t, n, &npos, &nx);
        const char *w = t + tok.off;
        double v;
        if (tok.kind == KH_TOKEN_NUMBER) {
            int date = (more && kh_view_fact_date_word(t + nx.off, nx.len)) ||
                       (prev.len && kh_view_fact_date_word(t + prev.off, prev.len));
            if (!date &&
                kh_view_fact_number(w, tok.len, more ? t + nx.off : NULL, more ? nx.len : 0, &v) &&
                !number_elsewhere(u, v)) {
                char key[40];
                int kl = snprintf(key, sizeof key, "n%.6g", v);
                rc = add_fact(u, first, kh_hash_bytes(key, (size_t)kl, 0), STRONG, 0);
            }
        } else if (tok.kind == KH_TOKEN_LATIN) {
            if (tok.len >= 2 && !kh_text_is_stopword(w, tok.len) && !word_elsewhere(u, w, tok.len))
                rc = add_fact(u, first, word_primary(u->p->stemmer, w, tok.len), WEAK, 1);
        } else if (tok.kind == KH_TOKEN_ARABIC && u->m && tok.len >= 6 &&
                   !kh_text_is_stopword(w, tok.len)) {
            size_t sl = kh_text_stem(u->p->stemmer, w, tok.len, stem, sizeof stem);
            kh_hval *id = sl ? kh_hash_get(&u->p->vocab, stem, sl) : NULL;
            /* The stemmer leaves some clitics on (لنقاط): the word must be
             * rare without its proclitics too. */
            size_t cut = kh_view_fact_strip_clitic(w, tok.len);
            char bare[KH_VIEW_STEM_MAX];
            size_t bl = kh_text_stem(u->p->stemmer, w + cut, tok.len - cut, bare, sizeof bare);
            if (id && u->p->idf[id->i] >= RARE_IDF &&
                kh_view_section_model_idf(u->m, bare, bl) >= RARE_IDF &&
                !stem_elsewhere(u, (uint32_t)id->i) && !word_elsewhere(u, w, tok.len))
                rc = add_fact(u, first, word_primary(u->p->stemmer, w, tok.len), WEAK, 1);
        }
        prev = tok;
        tok = nx;
        pos = npos;
        have = more;
    }
    return rc;
}

/* ---- choosing ---- */

/* Highest cosine of the sentence to a sentence or headline of another
 * outlet. */
static double paraphrase(const kh_view_prep *p, const uniq_ctx *u, const kh_view_prep_sent *st)
{
    double best = 0;
    for (size_t i = 0; i < p->n_sents; i++)
        if (other_outlet(u, p->sents[i].article)) {
            double c = kh_view_vec_cos(&st->vec, &p->sents[i].vec);
            best = c > best ? c : best;
        }
    for (size_t a = 0; a < p->n_articles; a++)
        if (other_outlet(u, a)) {
            double c = kh_view_vec_cos(&st->vec, &p->title_vec[a]);
            best = c > best ? c : best;
        }
    return best;
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

static size_t shown_key(const uniq_ctx *u, uint64_t key, char *buf, size_t cap)
{
    const char *o = u->s->articles[u->article].outlet;
    int n = o ? snprintf(buf, cap, "%s|%016llx", o, (unsigned long long)key)
              : snprintf(buf, cap, "#%zu|%016llx", u->article, (unsigned long long)key);
    return n > 0 && (size_t)n < cap ? (size_t)n : cap - 1;
}

/* What the sentence's items still add: items the outlet has shown count no
 * more, weak items together at most their cap. */
static double gain(uniq_ctx *u, const cand *c)
{
    char buf[320];
    double strong = 0, weak = 0;
    const kh_view_article *a = &u->s->articles[u->article];
    for (size_t i = c->first; i < c->first + c->n; i++) {
        if (kh_hash_get(&u->shown, buf, shown_key(u, u->facts[i].key, buf, sizeof buf)))
            continue;
        if (u->facts[i].weak)
            weak += u->facts[i].w;
        else
            strong += u->facts[i].w;
    }
    double cap = a->n_entities ? WEAK_MAX_NER : WEAK_MAX;
    return strong + (weak < cap ? weak : cap);
}

static kh_rc mark_shown(uniq_ctx *u, const cand *c)
{
    char buf[320];
    for (size_t i = c->first; i < c->first + c->n; i++)
        if (!kh_hash_put(&u->shown, buf, shown_key(u, u->facts[i].key, buf, sizeof buf), NULL))
            return KH_ERR_NOMEM;
    return KH_OK;
}

static kh_rc add_place(const char *place, size_t len, void *ctx)
{
    kh_buf *b = ctx;
    kh_rc rc = kh_buf_append(b, place, len);
    return rc == KH_OK ? kh_buf_appendc(b, 0) : rc;
}

static kh_rc article_entities(uniq_ctx *u, const kh_view_article *a)
{
    kh_buf_reset(&u->ents);
    for (size_t e = 0; a->entities && e < a->n_entities; e++) {
        if (!a->entities[e])
            continue;
        kh_buf_reset(&u->tmp);
        kh_rc rc = kh_text_normalize(a->entities[e], strlen(a->entities[e]), &u->tmp);
        if (rc == KH_OK && u->tmp.len)
            rc = add_place(u->tmp.data, u->tmp.len, &u->ents);
        if (rc != KH_OK)
            return rc;
    }
    return KH_OK;
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

/* The candidates of article a: sentences with at least KEEP of new facts
 * that do not repeat another outlet. */
static kh_rc article_cands(uniq_ctx *u, size_t a)
{
    kh_view_prep *p = u->p;
    u->n_facts = 0;
    u->n_cands = 0;
    kh_rc rc = article_entities(u, &u->s->articles[a]);
    for (size_t i = 0; rc == KH_OK && i < p->n_sents; i++) {
        const kh_view_prep_sent *st = &p->sents[i];
        if (st->article != a || st->n_words > KH_VIEW_RUN_ON_WORDS)
            continue;
        size_t first = u->n_facts;
        if ((rc = sentence_facts(u, st, first)) != KH_OK)
            break;
        /* Most sentences of a retold story have no new item: the
         * paraphrase test (against every other sentence) only for those
         * that do. */
        if (u->n_facts == first || paraphrase(p, u, st) >= PARAPHRASE) {
            u->n_facts = first;
            continue;
        }
        cand *c = kh_grow(u->cands, u->n_cands, &u->cap_cands, sizeof *c, 32);
        if (!c)
            return KH_ERR_NOMEM;
        u->cands = c;
        u->cands[u->n_cands++] = (cand){i, first, u->n_facts - first, relevance(p, st), 0};
    }
    return rc;
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
    u.m = m;
    kh_buf_init(&u.norm, KH_CAP_PAGE);
    kh_buf_init(&u.tmp, KH_CAP_PAGE);
    kh_buf_init(&u.places, KH_CAP_LINE);
    kh_buf_init(&u.ents, KH_CAP_LINE);
    kh_hash_init(&u.shown, NULL);
    if (s->n_articles < 2 || p.n_sents == 0)
        goto done;
    rc = kh_view_places_each(add_place, &u.places);
    if (rc != KH_OK)
        goto fail;
    if (!max_per_article)
        max_per_article = 3;
    u.idx = kh_calloc(s->n_articles, sizeof *u.idx);
    if (!u.idx)
        goto nomem;
    for (size_t a = 0; a < s->n_articles; a++)
        kh_hash_init(&u.idx[a].words, NULL);
    for (size_t a = 0; a < s->n_articles; a++)
        if ((rc = index_article(&u, a)) != KH_OK)
            goto fail;
    out->items = kh_calloc(p.n_sents, sizeof *out->items);
    if (!out->items)
        goto nomem;
    out->cap = p.n_sents;
    for (size_t a = 0; a < s->n_articles; a++) {
        size_t first = out->n;
        u.article = a;
        if ((rc = article_cands(&u, a)) != KH_OK)
            goto fail;
        /* Greedy: the sentence adding the most new fact, weighed by how
         * central it is, until none adds KEEP. */
        while (out->n - first < max_per_article) {
            cand *best = NULL;
            double best_score = 0;
            for (size_t c = 0; c < u.n_cands; c++) {
                cand *cd = &u.cands[c];
                if (cd->taken || shown_by_outlet(s, out, a, &p.sents[cd->sent]))
                    continue;
                double g = gain(&u, cd), sc = g * (0.5 + cd->rel);
                if (g >= KEEP && sc > best_score) {
                    best = cd;
                    best_score = sc;
                }
            }
            if (!best)
                break;
            best->taken = 1;
            if ((rc = mark_shown(&u, best)) != KH_OK)
                goto fail;
            const kh_view_prep_sent *st = &p.sents[best->sent];
            kh_view_sentence *o = &out->items[out->n];
            o->text = kh_strndup(st->text, st->len);
            if (!o->text)
                goto nomem;
            o->article = a;
            o->para = st->para;
            o->pos = st->pos;
            o->score = best_score;
            out->n++;
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
    for (size_t a = 0; u.idx && a < s->n_articles; a++) {
        kh_hash_clean(&u.idx[a].words);
        kh_free(u.idx[a].nums);
    }
    kh_free(u.idx);
    kh_free(u.facts);
    kh_free(u.cands);
    kh_hash_clean(&u.shown);
    kh_buf_clean(&u.norm);
    kh_buf_clean(&u.tmp);
    kh_buf_clean(&u.places);
    kh_buf_clean(&u.ents);
    kh_view_prep_clean(&p);
    return rc;
}
