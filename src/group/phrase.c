/*
 * src/group/phrase.c - the evidence of the entity grey zone (assign.c): an
 * article's entity keys and its specific phrases.
 *
 * Input: a kh_group_doc's entity keys (src/analyse, match forms) and the
 * words of the text just built (g->tk_id, feature.c: each word's term, -1
 * for a stop word, which breaks a phrase).  Output: a->ent, the distinct
 * term ids of the keys ("@" + key, counted in df by themselves), and a->ph,
 * the distinct 64-bit hashes of the article's specific phrases: pairs of
 * adjacent content words one of which is rare (in at most phrase_rare of
 * the documents, the prior's counts blended in as for IDF) and neither
 * common (in more than phrase_common): "مركز المعارض", a minister's first
 * and last name; not "وزير الخارجية".  Rarity is judged once, on arrival,
 * like the weights.  Only articles with entity keys get either (the rule
 * needs both), so a run without entities pays nothing.
 *
 * Fits: built by assign.c for each original article; compared in the
 * grey zone under the threshold (docs/group.md).  Depends on: core.
 */
#include "core/alloc.h"
#include "group/group_int.h"

#include <string.h>

/* ==== static prototypes ==== */

static kh_rc entity_ids(kh_group *g, const kh_group_doc *doc, gart *a, kh_err *err);
static kh_rc phrases(kh_group *g, gart *a, kh_err *err);
static kh_rc table_reserve(kh_group *g, size_t n, kh_err *err);
static int table_put(kh_group *g, uint64_t h);
static uint64_t pair_hash(uint32_t x, uint32_t y);

/* ==== public functions ==== */

kh_rc kh_group_phrase_build(kh_group *g, const kh_group_doc *doc, gart *a, kh_err *err)
{
    a->ent = NULL;
    a->ph = NULL;
    a->n_ent = a->n_ph = 0;
    if (g->ent_grey <= 0 || !doc->entities || doc->n_entities == 0)
        return KH_OK;
    kh_rc rc = entity_ids(g, doc, a, err);
    return rc == KH_OK && a->n_ent > 0 ? phrases(g, a, err) : rc;
}

kh_rc kh_group_phrase_query(kh_group *g, const gart *a, kh_err *err)
{
    kh_rc rc = table_reserve(g, a->n_ph, err);
    for (uint32_t i = 0; rc == KH_OK && i < a->n_ph; i++)
        table_put(g, a->ph[i]);
    return rc;
}

int kh_group_phrase_shared(const kh_group *g, const gart *b, int cap)
{
    if (!g->ph_keys)
        return 0;
    int n = 0;
    size_t mask = g->cap_ph - 1;
    for (uint32_t j = 0; j < b->n_ph && n < cap; j++) {
        uint64_t h = b->ph[j];
        for (size_t s = h & mask; g->ph_stamp[s] == g->ph_epoch; s = (s + 1) & mask)
            if (g->ph_keys[s] == h) {
                n++;
                break;
            }
    }
    return n;
}

int kh_group_phrase_rare_entity(const kh_group *g, const gart *a, const gart *b)
{
    /* The keys have no prior: their df is the documents really seen, and
     * while few have been, a key in two of them is rare enough. */
    double lim = g->ent_rare * (double)g->n_docs;
    if (lim < 2)
        lim = 2;
    uint32_t i = 0, j = 0;
    while (i < a->n_ent && j < b->n_ent) {
        uint32_t x = a->ent[i], y = b->ent[j];
        if (x == y && g->terms[x].df <= lim)
            return 1;
        i += x <= y;
        j += y <= x;
    }
    return 0;
}

void kh_group_phrase_clean(kh_group *g)
{
    kh_free(g->ph_keys);
    kh_free(g->ph_stamp);
    g->ph_keys = NULL;
    g->ph_stamp = NULL;
    g->cap_ph = 0;
}

/* ==== static functions ==== */

/* a->ent: the keys' term ids, distinct, ascending; each counted once in df
 * (when keys are also weighted terms, entity_weight, feature.c counts
 * them already). */
static kh_rc entity_ids(kh_group *g, const kh_group_doc *doc, gart *a, kh_err *err)
{
    a->ent = kh_alloc(doc->n_entities * sizeof a->ent[0]);
    if (!a->ent)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for entity keys");
    for (size_t i = 0; i < doc->n_entities; i++) {
        const char *e = doc->entities[i];
        if (!e || !*e)
            continue;
        char key[256];
        size_t len = kh_group_feature_entity_term(e, key);
        uint32_t id;
        kh_rc rc = kh_group_feature_term(g, key, len, &id, err);
        if (rc != KH_OK)
            return rc;
        /* Insertion into the sorted ids: an article has a few dozen. */
        uint32_t j = a->n_ent;
        while (j > 0 && a->ent[j - 1] > id)
            j--;
        if (j > 0 && a->ent[j - 1] == id)
            continue;
        memmove(a->ent + j + 1, a->ent + j, (a->n_ent - j) * sizeof a->ent[0]);
        a->ent[j] = id;
        a->n_ent++;
        if (g->w_entity <= 0)
            g->terms[id].df++;
    }
    return KH_OK;
}

/* a->ph from the words of title and body (apart: the title's last word
 * does not run on into the body's first). */
static kh_rc phrases(kh_group *g, gart *a, kh_err *err)
{
    if (g->n_tk < 2)
        return KH_OK;
    kh_rc rc = table_reserve(g, g->n_tk, err);
    if (rc != KH_OK)
        return rc;
    a->ph = kh_alloc(g->n_tk * sizeof a->ph[0]);
    if (!a->ph)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for phrases");
    double n = kh_group_feature_ndocs(g);
    double rare = g->phrase_rare * n, common = g->phrase_common * n;
    for (size_t t = 1; t < g->n_tk; t++) {
        int32_t x = g->tk_id[t - 1], y = g->tk_id[t];
        if (x < 0 || y < 0 || t == g->n_tk_title || x == y)
            continue;
        if ((g->terms[x].flags & g->terms[y].flags) & GTERM_NUMBER)
            continue; /* two numbers: a date, not a name */
        double dx = kh_group_feature_df(g, (uint32_t)x), dy = kh_group_feature_df(g, (uint32_t)y);
        if ((dx < dy ? dx : dy) > rare || (dx < dy ? dy : dx) > common)
            continue;
        uint64_t h = pair_hash((uint32_t)x, (uint32_t)y);
        if (table_put(g, h))
            a->ph[a->n_ph++] = h;
    }
    return KH_OK;
}

/* A fresh, empty table (a new stamp) of at least 4n slots: at most a
 * quarter full, so that probes stay short. */
static kh_rc table_reserve(kh_group *g, size_t n, kh_err *err)
{
    size_t cap = g->cap_ph ? g->cap_ph : 1024;
    while (cap < 4 * n)
        cap *= 2;
    if (cap > g->cap_ph) {
        uint64_t *k = kh_alloc(cap * sizeof *k);
        uint32_t *s = kh_calloc(cap, sizeof *s);
        if (!k || !s) {
            kh_free(k);
            kh_free(s);
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for a phrase table");
        }
        kh_group_phrase_clean(g);
        g->ph_keys = k;
        g->ph_stamp = s;
        g->cap_ph = cap;
        g->ph_epoch = 0;
    }
    if (++g->ph_epoch == 0) { /* wrapped: old stamps could look current */
        memset(g->ph_stamp, 0, g->cap_ph * sizeof g->ph_stamp[0]);
        g->ph_epoch = 1;
    }
    return KH_OK;
}

/* Files h; 1 if it was not there yet. */
static int table_put(kh_group *g, uint64_t h)
{
    size_t mask = g->cap_ph - 1, s = h & mask;
    while (g->ph_stamp[s] == g->ph_epoch) {
        if (g->ph_keys[s] == h)
            return 0;
        s = (s + 1) & mask;
    }
    g->ph_stamp[s] = g->ph_epoch;
    g->ph_keys[s] = h;
    return 1;
}

/* The ordered pair (x, y) of term ids, mixed so that its low bits index
 * the table. */
static uint64_t pair_hash(uint32_t x, uint32_t y)
{
    uint64_t h = ((uint64_t)x << 32 | y) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);
}
