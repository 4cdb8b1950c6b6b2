/*
 * src/analyse/ner_gazetteer.c - a gazetteer the tagger writes for itself:
 * tag unlabelled news with a first model, remember which words it tagged
 * as names, and how consistently.
 *
 * Input: JSONL(.gz) articles ({"title", "text"}) and a trained model.
 * Output: entries in the model's lexicon (kh_ner_model.lex): for each word
 * (clitics stripped) tagged 3+ times, its most frequent entity type and
 * how often it carried it (a bucket), used as features by the second model
 * (ner_feature.c) - the "uptraining" / self-gazetteer of Ratinov & Roth.
 * Also the reader of unlabelled articles that ner_cluster.c shares.
 * Fits: kh_analyse_ner_train() with unlabelled files: word classes, model
 * A, this gazetteer from A, then the final model B with it.
 *
 * Method: a word seen in 10M tokens is tagged in many contexts; the
 * majority vote of those contexts says more about it than the one sentence
 * at hand, and reaches names ANERcorp never shows.  Weights of model B
 * learn how far to trust it.
 * Depends on: core, text.
 */
#include "analyse/ner_int.h"
#include "core/alloc.h"
#include "core/lines.h"
#include "text/text.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define GAZ_MIN_COUNT 3

typedef struct gaz_ctx {
    const kh_ner_model *m;
    kh_hash idx;      /* stripped word -> index into counts (no owned values) */
    uint32_t *counts; /* owns: KH_ENTITY__COUNT per word */
    size_t n, cap;
    uint8_t *tags; /* owns: scratch */
    size_t tags_cap;
} gaz_ctx;

/* ---- static prototypes ---- */

static kh_rc doc_text(const char *text, size_t len, kh_buf *norm, kh_buf *toks, size_t **offs,
                      size_t *n_offs, size_t *cap_offs);
static kh_rc gaz_doc(void *ctx, const char *const *words, size_t n);

/* ---- public functions ---- */

kh_rc ner_unlabeled_each(const char *const *paths, size_t n_paths, ner_doc_fn fn, void *ctx,
                         kh_err *err)
{
    kh_rc rc = KH_OK;
    kh_lines *l = NULL;
    kh_buf norm, toks;
    kh_buf_init(&norm, KH_CAP_PAGE);
    kh_buf_init(&toks, KH_CAP_PAGE);
    size_t *offs = NULL, n_offs = 0, cap_offs = 0;
    const char **words = NULL;
    size_t cap_words = 0;
    for (size_t p = 0; p < n_paths; p++) {
        l = kh_lines_open(paths[p], err);
        if (!l) {
            rc = err ? err->rc : KH_ERR_IO;
            goto done;
        }
        const char *line;
        size_t len;
        while ((rc = kh_lines_next(l, &line, &len, err)) == KH_OK) {
            json_t *j = json_loadb(line, len, 0, NULL);
            if (!j)
                continue; /* a broken record is skipped, not fatal */
            kh_buf_reset(&toks);
            n_offs = 0;
            static const char *const fields[] = {"title", "text"};
            for (int f = 0; f < 2 && rc == KH_OK; f++) {
                json_t *v = json_object_get(j, fields[f]);
                if (json_is_string(v))
                    rc = doc_text(json_string_value(v), json_string_length(v), &norm, &toks, &offs,
                                  &n_offs, &cap_offs);
            }
            json_decref(j);
            if (rc != KH_OK)
                goto nomem;
            if (n_offs > cap_words) {
                const char **nw = kh_realloc(words, n_offs * sizeof *nw);
                if (!nw)
                    goto nomem;
                words = nw;
                cap_words = n_offs;
            }
            for (size_t i = 0; i < n_offs; i++)
                words[i] = toks.data + offs[i];
            if (n_offs && (rc = fn(ctx, words, n_offs)) != KH_OK) {
                kh_err_set(err, rc, 0, -1, "out of memory");
                goto done;
            }
        }
        kh_lines_close(l);
        l = NULL;
        if (rc != KH_DONE)
            goto done;
        rc = KH_OK;
    }
    goto done;
nomem:
    rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory reading unlabelled text");
done:
    kh_lines_close(l);
    kh_buf_clean(&norm);
    kh_buf_clean(&toks);
    kh_free(offs);
    kh_free(words);
    return rc;
}

kh_rc ner_gazetteer_build(kh_ner_model *m, const char *const *paths, size_t n_paths, int verbose,
                          kh_err *err)
{
    gaz_ctx g;
    memset(&g, 0, sizeof g);
    g.m = m;
    kh_hash_init(&g.idx, NULL);
    kh_rc rc = ner_unlabeled_each(paths, n_paths, gaz_doc, &g, err);
    size_t n_added = 0, n_names = 0;
    if (rc != KH_OK)
        goto done;
    size_t pos = 0;
    const kh_hash_slot *sl;
    while ((sl = kh_hash_next(&g.idx, &pos)) != NULL) {
        const uint32_t *c = g.counts + (size_t)sl->val.i * KH_ENTITY__COUNT;
        uint32_t total = 0;
        int best = 1;
        for (int t = 0; t < KH_ENTITY__COUNT; t++)
            total += c[t];
        for (int t = 2; t < KH_ENTITY__COUNT; t++)
            if (c[t] > c[best])
                best = t;
        if (total < GAZ_MIN_COUNT || c[best] < GAZ_MIN_COUNT)
            continue;
        double r = (double)c[best] / total;
        int bucket = r >= 0.7 ? 3 : r >= 0.4 ? 2 : r >= 0.15 ? 1 : 0;
        if (!bucket)
            continue;
        int added;
        kh_hval *hv = kh_hash_put(&m->lex, sl->key, sl->key_len, &added);
        if (!hv) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
        if (added) {
            uint8_t lf = 0;
            while (lf < 31 && (total >> (lf + 1)))
                lf++;
            hv->i = ner_lex_pack(0, 0, 0, lf);
            n_added++;
        }
        hv->i = ner_lex_with_gaz(hv->i, (uint8_t)(best << 2 | bucket));
        n_names++;
    }
    if (verbose)
        fprintf(stderr, "ner gazetteer: %zu words tagged as names (%zu new to the lexicon)\n",
                n_names, n_added);
done:
    kh_hash_clean(&g.idx);
    kh_free(g.counts);
    kh_free(g.tags);
    return rc;
}

/* ---- static functions ---- */

/* Appends the tokens of one text (match form, NUL-terminated) to toks and
 * their offsets to offs, then a "." so texts stay sentences apart. */
static kh_rc doc_text(const char *text, size_t len, kh_buf *norm, kh_buf *toks, size_t **offs,
                      size_t *n_offs, size_t *cap_offs)
{
    kh_buf_reset(norm);
    kh_rc rc = kh_text_normalize(text, len, norm);
    if (rc != KH_OK)
        return rc;
    size_t pos = 0, off, n;
    const char *s = norm->data ? norm->data : "";
    int last = 0;
    while (rc == KH_OK) {
        last = !ner_split_next(s, norm->len, &pos, &off, &n);
        if (last) {
            s = ".";
            off = 0;
            n = 1;
        }
        if (*n_offs == *cap_offs) {
            size_t nc = *cap_offs ? *cap_offs * 2 : 1024;
            size_t *no = kh_realloc(*offs, nc * sizeof *no);
            if (!no)
                return KH_ERR_NOMEM;
            *offs = no;
            *cap_offs = nc;
        }
        (*offs)[(*n_offs)++] = toks->len;
        if ((rc = kh_buf_append(toks, s + off, n)) != KH_OK ||
            (rc = kh_buf_appendc(toks, '\0')) != KH_OK)
            return rc;
        if (last)
            break;
    }
    return rc;
}

static kh_rc gaz_doc(void *ctx, const char *const *words, size_t n)
{
    gaz_ctx *g = ctx;
    if (n > g->tags_cap) {
        uint8_t *t = kh_realloc(g->tags, n);
        if (!t)
            return KH_ERR_NOMEM;
        g->tags = t;
        g->tags_cap = n;
    }
    kh_rc rc = kh_analyse_ner_tag(g->m, words, n, g->tags, NULL);
    if (rc != KH_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const char *w = words[i];
        size_t wn = strlen(w);
        size_t st = ner_feature_strip(w, wn);
        if (wn - st < 4 || (unsigned char)w[st] < 0x80)
            continue; /* Arabic words of 2+ letters only */
        int added;
        kh_hval *hv = kh_hash_put(&g->idx, w + st, wn - st, &added);
        if (!hv)
            return KH_ERR_NOMEM;
        if (added) {
            if (g->n == g->cap) {
                size_t nc = g->cap ? g->cap * 2 : 65536;
                uint32_t *c = kh_realloc(g->counts, nc * KH_ENTITY__COUNT * sizeof *c);
                if (!c)
                    return KH_ERR_NOMEM;
                g->counts = c;
                g->cap = nc;
            }
            memset(&g->counts[g->n * KH_ENTITY__COUNT], 0, KH_ENTITY__COUNT * sizeof *g->counts);
            hv->i = (int64_t)g->n++;
        }
        g->counts[(size_t)hv->i * KH_ENTITY__COUNT + KH_NER_TAG_TYPE(g->tags[i])]++;
    }
    return KH_OK;
}
