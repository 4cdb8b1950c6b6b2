/*
 * src/group/feature.c - an article's term vector for story clustering.
 *
 * Input: a kh_group_doc (title and body in display form, optional entity
 * keys).  Output: a gvec of (term id, weighted count) sorted by id, and the
 * match forms of title and body left in g->match_title / g->match_body for
 * the duplicate signature.  Terms are stems of content words (stop words
 * dropped), numbers as written, and entity keys prefixed with "@".
 *
 * Fits: called by assign.c and pair.c; the vocabulary and its document
 * frequencies live in the kh_group.  Depends on: core, text.
 *
 * Method: a title word counts w_title, a body word w_lead within the first
 * lead_words content words, fading linearly over the next lead_fade words
 * to w_rest (0) after (the lead says what happened;
 * the tail drifts to background; with w_rest 0 it only counts in df).
 * Weights are log(1 + count) * IDF (the log stored in gterm.tf), IDF
 * learned online from the documents seen so far: ln((N + 1) / (df + 0.5)).
 * Numbers get num_boost: two reports sharing a toll or a sum rarely differ.
 */
#include "core/alloc.h"
#include "group/group_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
/* xxHash compiled in here too (kh_hash_bytes is the same function): the
 * words' hashes without a call each. */
#define XXH_INLINE_ALL
#include <xxhash.h>

/* ==== static prototypes ==== */

static kh_rc tokens(kh_group *g, const kh_buf *b, kh_err *err);
static kh_rc add_text(kh_group *g, const char *s, size_t from, size_t to, double w_first,
                      double w_after, size_t n_first, size_t *n_terms, kh_err *err);
static kh_rc surface_term(kh_group *g, const char *w, size_t len, kh_token_kind kind, uint64_t hv,
                          int64_t *id, kh_err *err);
static kh_rc grow_surface(kh_group *g, kh_err *err);
static kh_rc add_term(kh_group *g, const char *key, size_t len, uint32_t flags, double w,
                      size_t *n_terms, kh_err *err);
static kh_rc term_id(kh_group *g, const char *key, size_t len, uint32_t flags, int64_t *id,
                     kh_err *err);
static kh_rc push_term(kh_group *g, uint32_t id, double w, size_t *n_terms, kh_err *err);
static size_t sort_merge(kh_group *g, gterm *t, size_t n);

/* ==== public functions ==== */

kh_rc kh_group_feature_match(kh_group *g, const kh_group_doc *doc, kh_err *err)
{
    kh_buf_reset(&g->match_title);
    kh_buf_reset(&g->match_body);
    if (doc->title && kh_text_normalize(doc->title, strlen(doc->title), &g->match_title) != KH_OK)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory normalising a title");
    if (doc->body && kh_text_normalize(doc->body, strlen(doc->body), &g->match_body) != KH_OK)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory normalising a body");
    /* Tokenised and hashed once here, for the duplicate signature and the
     * term vector alike. */
    g->n_tk = 0;
    kh_rc rc = tokens(g, &g->match_title, err);
    g->n_tk_title = g->n_tk;
    return rc == KH_OK ? tokens(g, &g->match_body, err) : rc;
}

kh_rc kh_group_feature_build(kh_group *g, const kh_group_doc *doc, int learn, gvec *out,
                             gvec *title, gvec *body, kh_err *err)
{
    out->t = NULL;
    out->n = 0;
    if (body) {
        body->t = NULL;
        body->n = 0;
    }
    if (title) {
        title->t = NULL;
        title->n = 0;
    }

    size_t n = 0;
    /* A new stamp: this document's distinct terms get fresh slots.  The
     * title comes first, so its own vector is the first n_title slots
     * before the body adds to them. */
    g->doc_stamp++;
    kh_rc rc = add_text(g, g->match_title.data, 0, g->n_tk_title, g->w_title, g->w_title, SIZE_MAX,
                        &n, err);
    size_t n_title = n;
    if (title && n_title > 0 && g->w_title > 0) {
        title->t = kh_alloc(n_title * sizeof title->t[0]);
        if (!title->t)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for a term vector");
        for (size_t i = 0; i < n_title; i++) {
            title->t[i].id = g->scratch_terms[i].id;
            title->t[i].tf = (float)log1p(g->scratch_terms[i].tf / g->w_title);
        }
        title->n = (uint32_t)sort_merge(g, title->t, n_title);
    }
    if (rc == KH_OK)
        rc = add_text(g, g->match_body.data, g->n_tk_title, g->n_tk, g->w_lead, g->w_rest,
                      g->lead_words, &n, err);
    for (size_t i = 0; rc == KH_OK && g->w_entity > 0 && i < doc->n_entities; i++) {
        const char *e = doc->entities[i];
        if (!e || !*e)
            continue;
        char key[256];
        size_t len = kh_group_feature_entity_term(e, key);
        rc = add_term(g, key, len, 0, g->w_entity, &n, err);
    }
    if (rc != KH_OK)
        return rc;

    size_t m = sort_merge(g, g->scratch_terms, n);
    /* The whole text's vector: every occurrence counts once.  Sorting
     * moved the slots, but each term remembers its own. */
    if (body && m > 0) {
        body->t = kh_alloc(m * sizeof body->t[0]);
        if (!body->t)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for a term vector");
        for (size_t i = 0; i < m; i++) {
            uint32_t id = g->scratch_terms[i].id;
            body->t[i].id = id;
            float c = g->scratch_cnt[(uint32_t)g->tslot[id]];
            /* A count is a whole number: the table's value when it has one. */
            uint32_t ci = (uint32_t)c;
            body->t[i].tf = ci < sizeof g->log1p_n / sizeof g->log1p_n[0] && (float)ci == c
                                ? g->log1p_n[ci]
                                : (float)log1p(c);
        }
        body->n = (uint32_t)m;
    }
    /* Every term counts in df (IDF is about the language, the whole text
     * says it best); only weighted ones enter the vector, with the damped
     * count log(1 + count) stored once. */
    if (learn) {
        /* The vocabulary is megabytes: ask for the entry eight terms
         * ahead.  Its line then stays for the weighing and the search. */
        for (size_t i = 0; i < m; i++) {
            if (i + 8 < m)
                __builtin_prefetch(&g->terms[g->scratch_terms[i + 8].id]);
            g->terms[g->scratch_terms[i].id].df++;
        }
        g->n_docs++;
    }
    size_t kept = 0;
    for (size_t i = 0; i < m; i++) {
        if (g->scratch_terms[i].tf <= 0)
            continue;
        g->scratch_terms[kept] = g->scratch_terms[i];
        g->scratch_terms[kept].tf = (float)log1p(g->scratch_terms[i].tf);
        kept++;
    }
    if (kept > 0) {
        out->t = kh_alloc(kept * sizeof out->t[0]);
        if (!out->t)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for a term vector");
        memcpy(out->t, g->scratch_terms, kept * sizeof out->t[0]);
        out->n = (uint32_t)kept;
    }
    return KH_OK;
}

size_t kh_group_feature_entity_term(const char *key, char out[256])
{
    size_t len = strlen(key);
    if (len > 254)
        len = 254;
    out[0] = '@';
    memcpy(out + 1, key, len);
    out[len + 1] = '\0';
    return len + 1;
}

kh_rc kh_group_feature_term(kh_group *g, const char *key, size_t len, uint32_t *id, kh_err *err)
{
    int64_t t = 0;
    kh_rc rc = term_id(g, key, len, 0, &t, err);
    *id = (uint32_t)t;
    return rc;
}

double kh_group_feature_idf(const kh_group *g, uint32_t id)
{
    /* The cache is a pure function of (df, n_docs) up to the tolerance, so
     * writing it through a const clusterer changes no result. */
    gvocab_term *t = (gvocab_term *)&g->terms[id];
    if (t->n_at == 0 || t->df_at != t->df || g->n_docs - t->n_at > t->n_at / 64) {
        t->idf = (float)log((kh_group_feature_ndocs(g) + 1.0) / (kh_group_feature_df(g, id) + 0.5));
        t->df_at = t->df;
        t->n_at = g->n_docs ? g->n_docs : 1;
    }
    return t->idf;
}

/* While few documents have been seen, every word is rare and the words two
 * reports share weigh less than those they do not: the prior table (the
 * document frequencies of a news corpus) counts as prior_docs documents at
 * first, fading to none once prior_fade documents have been seen. */
static double prior_mass(const kh_group *g)
{
    if (g->prior_n <= 0 || g->prior_docs <= 0 || (double)g->n_docs >= g->prior_fade)
        return 0;
    return g->prior_docs * (1.0 - (double)g->n_docs / g->prior_fade);
}

double kh_group_feature_df(const kh_group *g, uint32_t id)
{
    double a = prior_mass(g);
    double df = g->terms[id].df;
    return a > 0 ? df + a * (double)g->terms[id].prior / g->prior_n : df;
}

double kh_group_feature_ndocs(const kh_group *g)
{
    return (double)g->n_docs + prior_mass(g);
}

double kh_group_feature_weight(const kh_group *g, const gterm *t)
{
    double w = t->tf * kh_group_feature_idf(g, t->id);
    if (g->terms[t->id].flags & GTERM_NUMBER)
        w *= g->num_boost;
    return w > 0 ? w : 0;
}

double kh_group_feature_cosine(const kh_group *g, const gvec *a, const gvec *b)
{
    double dot = 0, na = 0, nb = 0;
    uint32_t i = 0, j = 0;
    while (i < a->n || j < b->n) {
        if (j >= b->n || (i < a->n && a->t[i].id < b->t[j].id)) {
            double w = kh_group_feature_weight(g, &a->t[i++]);
            na += w * w;
        } else if (i >= a->n || b->t[j].id < a->t[i].id) {
            double w = kh_group_feature_weight(g, &b->t[j++]);
            nb += w * w;
        } else {
            double wa = kh_group_feature_weight(g, &a->t[i++]);
            double wb = kh_group_feature_weight(g, &b->t[j++]);
            na += wa * wa;
            nb += wb * wb;
            dot += wa * wb;
        }
    }
    if (na <= 0 || nb <= 0)
        return 0;
    double c = dot / sqrt(na * nb);
    return c > 1 ? 1 : c;
}

kh_rc kh_group_feature_weigh(kh_group *g, gart *a, kh_err *err)
{
    a->norm = 0;
    if (a->vec.n == 0)
        return KH_OK;
    a->w = kh_alloc(a->vec.n * sizeof a->w[0]);
    if (!a->w)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for term weights");
    double s = 0;
    for (uint32_t i = 0; i < a->vec.n; i++) {
        if (i + 8 < a->vec.n) /* a copy (not learned) meets its terms here first */
            __builtin_prefetch(&g->terms[a->vec.t[i + 8].id]);
        a->w[i] = (float)kh_group_feature_weight(g, &a->vec.t[i]);
        s += (double)a->w[i] * a->w[i];
    }
    a->norm = sqrt(s);
    return KH_OK;
}

double kh_group_feature_cosine_w(const gart *a, const gart *b)
{
    if (a->norm <= 0 || b->norm <= 0)
        return 0;
    double dot = 0;
    uint32_t i = 0, j = 0;
    while (i < a->vec.n && j < b->vec.n) {
        uint32_t x = a->vec.t[i].id, y = b->vec.t[j].id;
        if (x < y) {
            i++;
        } else if (y < x) {
            j++;
        } else {
            dot += (double)a->w[i++] * b->w[j++];
        }
    }
    double c = dot / (a->norm * b->norm);
    return c > 1 ? 1 : c;
}

double kh_group_feature_link(const gart *a, const gart *b, const uint8_t *mark, int *n_marked)
{
    *n_marked = 0;
    if (a->norm <= 0 || b->norm <= 0)
        return 0;
    /* A merge of two sorted id lists with data-dependent moves instead of
     * branches: which side advances is unpredictable, a mispredicted
     * branch per term cost more than the arithmetic. */
    double dot = 0;
    int n = 0;
    uint32_t i = 0, j = 0, na = a->vec.n, nb = b->vec.n;
    const gterm *ta = a->vec.t, *tb = b->vec.t;
    while (i < na && j < nb) {
        uint32_t x = ta[i].id, y = tb[j].id;
        int eq = x == y;
        dot += eq ? (double)a->w[i] * b->w[j] : 0.0;
        n += eq & mark[i];
        i += x <= y;
        j += y <= x;
    }
    *n_marked = n;
    double c = dot / (a->norm * b->norm);
    return c > 1 ? 1 : c;
}

kh_rc kh_group_feature_query(kh_group *g, const gart *a, kh_err *err)
{
    /* At most a quarter full, so that a lookup of an absent term (most of
     * a candidate's terms) ends at the first or second slot. */
    size_t cap = 256;
    while (cap < 4 * (size_t)a->vec.n)
        cap *= 2;
    if (cap > g->cap_q) {
        gqslot *q = kh_calloc(cap, sizeof *q);
        if (!q)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for a term table");
        kh_free(g->q);
        g->q = q;
        g->cap_q = cap;
        g->q_epoch = 0;
    }
    if (++g->q_epoch == 0) { /* wrapped: old stamps could look current */
        memset(g->q, 0, g->cap_q * sizeof g->q[0]);
        g->q_epoch = 1;
    }
    size_t mask = g->cap_q - 1;
    for (uint32_t i = 0; i < a->vec.n; i++) {
        uint32_t id = a->vec.t[i].id;
        size_t h = (id * 2654435761u) & mask;
        while (g->q[h].stamp == g->q_epoch)
            h = (h + 1) & mask;
        g->q[h].stamp = g->q_epoch;
        g->q[h].id = id;
        g->q[h].idx = i;
    }
    return KH_OK;
}

double kh_group_feature_link_q(const kh_group *g, const gart *a, const gart *b, const uint8_t *mark,
                               int *n_marked)
{
    *n_marked = 0;
    if (a->norm <= 0 || b->norm <= 0)
        return 0;
    /* b's terms in ascending id order, each looked up in a's table: the
     * shared terms come in the order of kh_group_feature_link's merge, so
     * dot is the same sum, added in the same order.  The lookups are
     * independent of each other, the merge's steps were a chain. */
    double dot = 0;
    int n = 0;
    size_t mask = g->cap_q - 1;
    uint32_t e = g->q_epoch;
    const gqslot *q = g->q;
    for (uint32_t j = 0; j < b->vec.n; j++) {
        uint32_t id = b->vec.t[j].id;
        size_t h = (id * 2654435761u) & mask;
        while (q[h].stamp == e) {
            if (q[h].id == id) {
                uint32_t i = q[h].idx;
                dot += (double)a->w[i] * b->w[j];
                n += mark[i];
                break;
            }
            h = (h + 1) & mask;
        }
    }
    *n_marked = n;
    double c = dot / (a->norm * b->norm);
    return c > 1 ? 1 : c;
}

double kh_group_feature_centroid_cosine(kh_group *g, const gart *a, const gart *const *m,
                                        size_t n_m)
{
    /* Sum the members' unit vectors in a small open-addressing table
     * (stamped, so it is never cleared), then read a's terms from it. */
    enum { CAP = 4096, MAX_FILL = 3072 };
    if (!g->c_keys || a->norm <= 0)
        return 0;
    uint32_t e = ++g->c_epoch;
    size_t fill = 0;
    double c2 = 0;
    for (size_t i = 0; i < n_m; i++) {
        if (m[i]->norm <= 0)
            continue;
        float inv = (float)(1.0 / m[i]->norm);
        for (uint32_t j = 0; j < m[i]->vec.n; j++) {
            uint32_t id = m[i]->vec.t[j].id;
            size_t h = (id * 2654435761u) & (CAP - 1);
            while (g->c_stamp[h] == e && g->c_keys[h] != id)
                h = (h + 1) & (CAP - 1);
            if (g->c_stamp[h] != e) {
                if (fill == MAX_FILL)
                    continue; /* full: leave the rest of the terms out */
                g->c_used[fill++] = (uint32_t)h;
                g->c_stamp[h] = e;
                g->c_keys[h] = id;
                g->c_vals[h] = 0;
            }
            g->c_vals[h] += m[i]->w[j] * inv;
        }
    }
    if (fill == 0)
        return 0;
    for (size_t k = 0; k < fill; k++)
        c2 += (double)g->c_vals[g->c_used[k]] * g->c_vals[g->c_used[k]];
    double dot = 0;
    for (uint32_t j = 0; j < a->vec.n; j++) {
        uint32_t id = a->vec.t[j].id;
        size_t h = (id * 2654435761u) & (CAP - 1);
        while (g->c_stamp[h] == e && g->c_keys[h] != id)
            h = (h + 1) & (CAP - 1);
        if (g->c_stamp[h] == e)
            dot += (double)a->w[j] * g->c_vals[h];
    }
    return c2 > 0 ? dot / (a->norm * sqrt(c2)) : 0;
}

/* ==== static functions ==== */

/* Adds the content words of the match form s (words from..to of g->tk):
 * the first n_first with weight w_first, the rest with w_after.  Two
 * passes over the words: each word's term first, then the weights.  Both
 * read tables too big for the cache (the surface table, the terms' slots)
 * at places known a few words ahead: each pass asks for the slot of the
 * word eight ahead, so the misses overlap.  The terms are added to the
 * vocabulary and pushed in word order, as a single pass would. */
static kh_rc add_text(kh_group *g, const char *s, size_t from, size_t to, double w_first,
                      double w_after, size_t n_first, size_t *n_terms, kh_err *err)
{
    enum { AHEAD = 8 };
    size_t k = 0, end = from;
    for (size_t t = from; t < to; t++) {
        if (k >= g->df_words && k >= n_first)
            break; /* past what counts, even for df */
        if (t + AHEAD < to)
            __builtin_prefetch(&g->surf[g->tk_hash[t + AHEAD] & (g->cap_surf - 1)]);
        const gtok *tok = &g->tk[t];
        int64_t id = -1;
        kh_rc rc = surface_term(g, s + tok->off, tok->len, (kh_token_kind)tok->kind, g->tk_hash[t],
                                &id, err);
        if (rc != KH_OK)
            return rc;
        g->tk_id[t] = (int32_t)id;
        k += id >= 0;
        end = t + 1;
    }
    k = 0;
    for (size_t t = from; t < end; t++) {
        if (t + AHEAD < end && g->tk_id[t + AHEAD] >= 0)
            __builtin_prefetch(&g->tslot[g->tk_id[t + AHEAD]]);
        int32_t id = g->tk_id[t];
        if (id < 0)
            continue;
        /* Full weight in the lead, then a linear fade to w_after: a hard
         * cut made the result jump with the lead's length (docs/group.md). */
        double wt = k < n_first ? w_first : w_after;
        if (k >= n_first && k < n_first + g->lead_fade && w_first != w_after)
            wt = w_first -
                 (w_first - w_after) * (double)(k - n_first + 1) / (double)(g->lead_fade + 1);
        k++;
        kh_rc rc = push_term(g, (uint32_t)id, wt, n_terms, err);
        if (rc != KH_OK)
            return rc;
    }
    return KH_OK;
}

/* Appends the words of the match form b to g->tk / g->tk_hash. */
static kh_rc tokens(kh_group *g, const kh_buf *b, kh_err *err)
{
    size_t pos = 0;
    kh_token tok;
    while (b->data && kh_text_tokenize_next(b->data, b->len, &pos, &tok)) {
        if (tok.kind == KH_TOKEN_PUNCT)
            continue;
        if (g->n_tk == g->cap_tk) {
            size_t cap = g->cap_tk ? 2 * g->cap_tk : 1024;
            gtok *t = kh_realloc(g->tk, cap * sizeof *t);
            if (!t)
                return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for words");
            g->tk = t;
            uint64_t *h = kh_realloc(g->tk_hash, cap * sizeof *h);
            if (!h)
                return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for words");
            g->tk_hash = h;
            int32_t *ids = kh_realloc(g->tk_id, cap * sizeof *ids);
            if (!ids)
                return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for words");
            g->tk_id = ids;
            g->cap_tk = cap;
        }
        g->tk[g->n_tk].off = (uint32_t)tok.off;
        g->tk[g->n_tk].len = (uint32_t)tok.len;
        g->tk[g->n_tk].kind = (uint32_t)tok.kind;
        g->tk_hash[g->n_tk++] = XXH3_64bits_withSeed(b->data + tok.off, tok.len, 0);
    }
    return KH_OK;
}

/* The term of the match-form word w[0..len) of the given kind, or -1 for a
 * stop word or a one-letter stem.  Words repeat (Zipf): the surface table
 * remembers each form's term under the form's 64-bit hash hv, so a known
 * form costs one probe of one slot (16 bytes: its hash and its term)
 * instead of a stop-word test, a stem and a vocabulary lookup; no key is
 * kept or compared, so there is no second miss into a key arena.  A false
 * hit would need two forms with one 64-bit hash. */
static kh_rc surface_term(kh_group *g, const char *w, size_t len, kh_token_kind kind, uint64_t hv,
                          int64_t *id, kh_err *err)
{
    size_t mask = g->cap_surf - 1, h = hv & mask;
    while (g->surf[h].used && g->surf[h].h != hv)
        h = (h + 1) & mask;
    gsurf *sv = &g->surf[h];
    if (sv->used && sv->id != -2) {
        *id = sv->id;
        return KH_OK;
    }
    if (!sv->used) {
        /* A new form: make room first (the table stays at most half full,
         * so probes stay short), then take the slot. */
        if (2 * (g->n_surf + 1) > g->cap_surf) {
            kh_rc rc = grow_surface(g, err);
            if (rc != KH_OK)
                return rc;
            mask = g->cap_surf - 1;
            for (h = hv & mask; g->surf[h].used; h = (h + 1) & mask)
                ;
            sv = &g->surf[h];
        }
        sv->used = 1;
        sv->h = hv;
        g->n_surf++;
    }
    /* New, or -2: a failed insertion left the form unresolved. */
    char stem[128];
    uint32_t flags = 0;
    sv->id = -1;
    if (kind == KH_TOKEN_NUMBER) {
        flags = GTERM_NUMBER;
    } else if (kh_text_is_stopword(w, len)) {
        len = 0;
    } else {
        len = kh_text_stem(g->stemmer, w, len, stem, sizeof stem);
        w = stem;
        /* One letter (two bytes in Arabic) says nothing. */
        if (len < (kind == KH_TOKEN_ARABIC ? 4u : 2u))
            len = 0;
    }
    if (len > 0) {
        int64_t t;
        kh_rc rc = term_id(g, w, len, flags, &t, err);
        if (rc != KH_OK) {
            sv->id = -2;
            return rc;
        }
        sv->id = (int32_t)t;
    }
    *id = sv->id;
    return KH_OK;
}

/* Doubles the surface table and files every form again. */
static kh_rc grow_surface(kh_group *g, kh_err *err)
{
    size_t cap = 2 * g->cap_surf, mask = cap - 1;
    gsurf *t = kh_calloc(cap, sizeof *t);
    if (!t)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for the vocabulary");
    for (size_t i = 0; i < g->cap_surf; i++) {
        if (!g->surf[i].used)
            continue;
        size_t h = g->surf[i].h & mask;
        while (t[h].used)
            h = (h + 1) & mask;
        t[h] = g->surf[i];
    }
    kh_free(g->surf);
    g->surf = t;
    g->cap_surf = cap;
    return KH_OK;
}

static kh_rc add_term(kh_group *g, const char *key, size_t len, uint32_t flags, double w,
                      size_t *n_terms, kh_err *err)
{
    int64_t id;
    kh_rc rc = term_id(g, key, len, flags, &id, err);
    return rc == KH_OK ? push_term(g, (uint32_t)id, w, n_terms, err) : rc;
}

/* The id of the term key[0..len), added to the vocabulary if new. */
static kh_rc term_id(kh_group *g, const char *key, size_t len, uint32_t flags, int64_t *id,
                     kh_err *err)
{
    /* Make room first so that a failure leaves no key without a term. */
    if (g->n_terms == g->cap_terms) {
        size_t cap = g->cap_terms ? 2 * g->cap_terms : 4096;
        gvocab_term *t = kh_realloc(g->terms, cap * sizeof *t);
        if (!t)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for the vocabulary");
        g->terms = t;
        uint64_t *ts = kh_realloc(g->tslot, cap * sizeof *ts);
        if (!ts)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for the vocabulary");
        g->tslot = ts;
        g->cap_terms = cap;
    }
    int added = 0;
    kh_hval *v = kh_hash_put(&g->vocab, key, len, &added);
    if (!v)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for the vocabulary");
    if (added) {
        memset(&g->terms[g->n_terms], 0, sizeof g->terms[0]);
        g->terms[g->n_terms].flags = flags;
        g->tslot[g->n_terms] = 0; /* stamps start at 1 */
        kh_group_prior_attach(g, &g->terms[g->n_terms], key, len);
        v->i = (int64_t)g->n_terms++;
    }
    *id = v->i;
    return KH_OK;
}

/* Adds weight w of term id to this document's slots. */
static kh_rc push_term(kh_group *g, uint32_t id, double w, size_t *n_terms, kh_err *err)
{
    /* One slot per distinct term of this document: the term remembers
     * its slot under the document's stamp, so repeats add up in place and
     * only distinct terms are sorted later. */
    uint64_t ts = g->tslot[id];
    if ((uint32_t)(ts >> 32) == g->doc_stamp) {
        g->scratch_terms[(uint32_t)ts].tf += (float)w;
        g->scratch_cnt[(uint32_t)ts] += 1;
        return KH_OK;
    }
    if (*n_terms == g->cap_scratch) {
        size_t cap = g->cap_scratch ? 2 * g->cap_scratch : 512;
        gterm *t = kh_realloc(g->scratch_terms, cap * sizeof *t);
        if (!t)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for a term vector");
        g->scratch_terms = t;
        float *c = kh_realloc(g->scratch_cnt, cap * sizeof *c);
        if (!c)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for a term vector");
        g->scratch_cnt = c;
        gterm *x = kh_realloc(g->sort_tmp, cap * sizeof *x);
        if (!x)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for a term vector");
        g->sort_tmp = x;
        g->cap_scratch = cap;
    }
    g->tslot[id] = ((uint64_t)g->doc_stamp << 32) | (uint32_t)*n_terms;
    g->scratch_cnt[*n_terms] = 1;
    g->scratch_terms[*n_terms].id = id;
    g->scratch_terms[*n_terms].tf = (float)w;
    (*n_terms)++;
    return KH_OK;
}

/* Sorts t by id and adds up repeated terms; returns the new length.  A
 * radix sort on the ids (8 bits a pass, as many passes as the vocabulary
 * needs) through the clusterer's second scratch array: qsort's calls to a
 * comparison function cost more than the sort's arithmetic here. */
static size_t sort_merge(kh_group *g, gterm *t, size_t n)
{
    if (n > 1) {
        uint32_t max = 0;
        for (size_t i = 0; i < n; i++)
            max = t[i].id > max ? t[i].id : max;
        gterm *src = t, *dst = g->sort_tmp;
        for (unsigned shift = 0; shift < 32 && (max >> shift) > 0; shift += 8) {
            uint32_t cnt[256] = {0};
            for (size_t i = 0; i < n; i++)
                cnt[(src[i].id >> shift) & 255]++;
            uint32_t sum = 0;
            for (size_t b = 0; b < 256; b++) {
                uint32_t c = cnt[b];
                cnt[b] = sum;
                sum += c;
            }
            for (size_t i = 0; i < n; i++)
                dst[cnt[(src[i].id >> shift) & 255]++] = src[i];
            gterm *x = src;
            src = dst;
            dst = x;
        }
        if (src != t)
            memcpy(t, src, n * sizeof t[0]);
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && t[m - 1].id == t[i].id)
            t[m - 1].tf += t[i].tf;
        else
            t[m++] = t[i];
    }
    return m;
}
