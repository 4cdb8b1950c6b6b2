/*
 * src/analyse/ner.c - named-entity tagging: tags, corpora, Viterbi
 * decoding and CoNLL-style scoring.
 *
 * Input: match-form tokens (kh_text_normalize of each token).  Output: one
 * BIO tag per token (O, B-/I- PERS LOC ORG MISC, ANERcorp's tag set).
 * Fits: ner_session.c decodes texts sentence by sentence with
 * ner_viterbi (entity.c tags article text through a session); `khabar
 * train ner` and `khabar eval ner` read ANERcorp with the corpus reader.
 *
 * Method: first-order Viterbi over BIO tags of one sentence with an
 * averaged structured perceptron (ner_train.c): a token's score for tag t
 * after tag p is its static features (ner_feature.c) plus left-tag
 * features (transition, left tag x word, and the tags this word was given
 * in earlier sentences of the document, alone and x left tag); I-X only
 * after B-X or I-X.  The history is read before a sentence and updated
 * after it, so it does not depend on the sentence's own tags.  Viterbi
 * beat the former greedy decoder (two left tags, history updated token by
 * token) by 3.3 points of dev F1 (docs/analyse.md).  Scoring
 * follows conlleval: a chunk is a B-X (or an I-X that does not continue an
 * X) and the I-X after it; it counts when span and type both match.
 * Depends on: core, text.
 */
#include "analyse/ner_int.h"
#include "core/alloc.h"
#include "core/lines.h"
#include "text/text.h"

#include <float.h>
#include <string.h>

#if defined(__GNUC__) && KH_NER_N_TAGS == 9
typedef float v4f __attribute__((vector_size(16)));
#if defined(__SSE__)
#include <xmmintrin.h>
/* Lane by lane a > b ? a : b (MAXPS returns its second operand unless
 * the first is greater: on equals the earlier candidate stays). */
static inline v4f v4f_max(v4f a, v4f b)
{
    return (v4f)_mm_max_ps((__m128)a, (__m128)b);
}
#else
typedef int32_t v4i __attribute__((vector_size(16)));
static inline v4f v4f_max(v4f a, v4f b)
{
    v4i k = a > b;
    return (v4f)(((v4i)a & k) | ((v4i)b & ~k));
}
#endif
#endif

/* ---- static prototypes ---- */

static int is_space(unsigned char c);
static size_t punct_len(const char *s, size_t n);
static size_t trail_start(const char *s, size_t i, size_t j);
static size_t chunks(const uint8_t *tags, size_t n, size_t *start, size_t *end, uint8_t *type);
static const ner_rows *comb_rows(const kh_ner_model *m, ner_dyncache *dc, int hc);
static void viterbi_step(const float *prev, const ner_rows *c, const ner_rows *r, const float *stat,
                         float *cur);
static uint8_t path_back(const float *prev, const ner_rows *c, const ner_rows *r, uint8_t t);
static void own_rows(const kh_ner_model *m, uint64_t hw, int hc, ner_rows own);
static kh_rc corpus_push(kh_ner_corpus *c, size_t *cap, const char *tok, size_t tok_len,
                         uint8_t tag);

const ner_rows ner_zero_rows;

static const char *const tag_names[KH_NER_N_TAGS] = {"O",     "B-PERS", "I-PERS", "B-LOC", "I-LOC",
                                                     "B-ORG", "I-ORG",  "B-MISC", "I-MISC"};

/* ---- public functions ---- */

const char *kh_analyse_entity_type_name(kh_entity_type t)
{
    static const char *const names[] = {NULL, "PERSON", "PLACE", "ORG", "MISC"};
    return t > KH_ENTITY_NONE && t < KH_ENTITY__COUNT ? names[t] : NULL;
}

const char *kh_analyse_ner_tag_name(uint8_t tag)
{
    return tag < KH_NER_N_TAGS ? tag_names[tag] : "O";
}

int kh_analyse_ner_tag_parse(const char *s, size_t n)
{
    for (int t = 0; t < KH_NER_N_TAGS; t++)
        if (strlen(tag_names[t]) == n && memcmp(tag_names[t], s, n) == 0)
            return t;
    if (n == 5 && memcmp(s + 1, "-PER", 4) == 0)
        return s[0] == 'B' ? 1 : s[0] == 'I' ? 2 : -1;
    return -1;
}

int ner_tag_allowed(uint8_t prev, uint8_t tag)
{
    if (tag == 0 || KH_NER_TAG_IS_B(tag))
        return 1;
    return prev != 0 && KH_NER_TAG_TYPE(prev) == KH_NER_TAG_TYPE(tag);
}

void ner_dyncache_clear(ner_dyncache *dc)
{
    memset(dc->done, 0, sizeof dc->done);
}

void ner_viterbi(const kh_ner_model *m, ner_dyncache *dc, const float (*stat)[KH_NER_N_TAGS],
                 const uint64_t *hw, const uint16_t *const *hist, const ner_rows *const *pw,
                 size_t n, uint8_t *tags)
{
    if (n == 0)
        return;
    if (n > NER_MAX_SENT)
        n = NER_MAX_SENT;
    /* The same sums as ner_feature_dyn's features, each kind looked up
     * only as often as it changes: for each history code (none, or one of
     * ten) one table of transition + history + history-by-left-tag rows,
     * with the BIO constraint as a large negative score; the word's
     * left-tag rows come from the word cache.  The forward pass keeps
     * only the best scores (all of them: best[i]); the left tag of the
     * one tag the path takes at each token is found again on the way
     * back (path_back), instead of nine back pointers a token. */
    float best[NER_MAX_SENT][KH_NER_N_TAGS];
    const ner_rows *cs[NER_MAX_SENT];
    const ner_rows *rs[NER_MAX_SENT];
    int hcs[NER_MAX_SENT];
    for (size_t i = 0; i < n; i++) {
        int hc = ner_feature_hist_code(hist[i]);
        const ner_rows *c = comb_rows(m, dc, hc);
        const ner_rows *r = pw ? pw[i] : NULL;
        ner_rows own;
        /* cppcheck-suppress legacyUninitvar ; a write, not a read */
        hcs[i] = hc;
        /* cppcheck-suppress legacyUninitvar ; a write, not a read */
        cs[i] = c;
        /* cppcheck-suppress legacyUninitvar ; a write, not a read */
        rs[i] = r;
        if (!r) {
            own_rows(m, hw[i], hc, own);
            r = (const ner_rows *)&own;
        }
        /* Token 0's left tag is the sentence start, scored as O. */
        viterbi_step(i ? best[i - 1] : NULL, c, r == &ner_zero_rows ? NULL : r, stat[i], best[i]);
    }
    const float *last = best[n - 1];
    uint8_t t = 0;
    for (uint8_t k = 1; k < KH_NER_N_TAGS; k++)
        if (last[k] > last[t])
            t = k;
    for (size_t i = n; i-- > 1;) {
        tags[i] = t;
        const ner_rows *r = rs[i];
        ner_rows own;
        if (!r) {
            own_rows(m, hw[i], hcs[i], own);
            r = (const ner_rows *)&own;
        }
        t = path_back(best[i - 1], cs[i], r == &ner_zero_rows ? NULL : r, t);
    }
    tags[0] = t;
}

kh_rc kh_analyse_ner_corpus_read(const char *path, kh_ner_corpus *c, kh_err *err)
{
    return kh_analyse_ner_corpus_read_n(path, 0, c, err);
}

kh_rc kh_analyse_ner_corpus_read_n(const char *path, size_t max_tokens, kh_ner_corpus *c,
                                   kh_err *err)
{
    memset(c, 0, sizeof *c);
    kh_rc rc = KH_OK;
    size_t cap = 0, sent_cap = 0, since = 0;
    kh_lines *l = kh_lines_open(path, err);
    if (!l)
        return err ? err->rc : KH_ERR_IO;
    const char *line;
    size_t len;
    while ((rc = kh_lines_next(l, &line, &len, err)) == KH_OK) {
        if (len == 0)
            continue; /* blank lines: tolerated, sentences come from punctuation */
        size_t sp = len;
        while (sp > 0 && line[sp - 1] != ' ' && line[sp - 1] != '\t')
            sp--;
        int tag = kh_analyse_ner_tag_parse(line + sp, len - sp);
        if (sp == 0 || tag < 0) {
            rc = kh_err_set(err, KH_ERR_PARSE, kh_lines_number(l), -1,
                            "expected \"token TAG\" with an ANERcorp tag");
            goto done;
        }
        size_t tl = sp - 1;
        while (tl > 0 && (line[tl - 1] == ' ' || line[tl - 1] == '\t'))
            tl--;
        if ((rc = corpus_push(c, &cap, line, tl, (uint8_t)tag)) != KH_OK) {
            kh_err_set(err, rc, kh_lines_number(l), -1, "out of memory");
            goto done;
        }
        const char *w = c->words[c->n_tokens - 1];
        int end = strcmp(w, ".") == 0 || strcmp(w, "!") == 0 || strcmp(w, "?") == 0;
        since++;
        if (c->n_sents + 2 > sent_cap) {
            size_t nc = sent_cap ? sent_cap * 2 : 1024;
            size_t *ns = kh_realloc(c->sent_start, nc * sizeof *ns);
            if (!ns) {
                rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
                goto done;
            }
            c->sent_start = ns;
            sent_cap = nc;
        }
        if (end || since == NER_MAX_SENT) {
            c->sent_start[++c->n_sents] = c->n_tokens;
            since = 0;
            if (max_tokens && c->n_tokens >= max_tokens)
                break;
        }
    }
    if (rc == KH_DONE)
        rc = KH_OK;
    if (rc != KH_OK)
        goto done;
    if (since) {
        if (!c->sent_start) {
            c->sent_start = kh_alloc(2 * sizeof *c->sent_start);
            if (!c->sent_start) {
                rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
                goto done;
            }
        }
        c->sent_start[++c->n_sents] = c->n_tokens;
    }
    if (c->n_tokens == 0) {
        rc = kh_err_set(err, KH_ERR_EMPTY, 0, -1, "no tokens");
        goto done;
    }
    c->sent_start[0] = 0;
done:
    kh_lines_close(l);
    if (rc != KH_OK)
        kh_analyse_ner_corpus_clean(c);
    return rc;
}

void kh_analyse_ner_corpus_clean(kh_ner_corpus *c)
{
    for (size_t i = 0; i < c->n_tokens; i++) {
        kh_free(c->words[i]);
        kh_free(c->display[i]);
    }
    kh_free(c->words);
    kh_free(c->display);
    kh_free(c->tags);
    kh_free(c->sent_start);
    memset(c, 0, sizeof *c);
}

void kh_analyse_ner_score_add(kh_ner_score *s, const uint8_t *gold, const uint8_t *pred, size_t n)
{
    size_t gs[NER_MAX_SENT], ge[NER_MAX_SENT], ps[NER_MAX_SENT], pe[NER_MAX_SENT];
    uint8_t gt[NER_MAX_SENT], pt[NER_MAX_SENT];
    for (size_t off = 0; off < n; off += NER_MAX_SENT) {
        size_t len = n - off < NER_MAX_SENT ? n - off : NER_MAX_SENT;
        size_t ng = chunks(gold + off, len, gs, ge, gt);
        size_t np = chunks(pred + off, len, ps, pe, pt);
        size_t i = 0, j = 0;
        while (i < ng || j < np) {
            if (i < ng && j < np && gs[i] == ps[j] && ge[i] == pe[j] && gt[i] == pt[j]) {
                s->tp[0]++, s->tp[gt[i]]++;
                i++, j++;
            } else if (j >= np || (i < ng && gs[i] <= ps[j])) {
                s->fn[0]++, s->fn[gt[i]]++;
                i++;
            } else {
                s->fp[0]++, s->fp[pt[j]]++;
                j++;
            }
        }
    }
}

void kh_analyse_ner_score_prf(const kh_ner_score *s, int row_i, double *p, double *r, double *f)
{
    double tp = (double)s->tp[row_i], fp = (double)s->fp[row_i], fn = (double)s->fn[row_i];
    *p = tp + fp > 0 ? tp / (tp + fp) : 0;
    *r = tp + fn > 0 ? tp / (tp + fn) : 0;
    *f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0;
}

kh_rc kh_analyse_ner_eval(const kh_ner_model *m, const kh_ner_corpus *c, kh_ner_score *s,
                          kh_err *err)
{
    memset(s, 0, sizeof *s);
    uint8_t *pred = kh_alloc(c->n_tokens ? c->n_tokens : 1);
    if (!pred)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    kh_rc rc = KH_OK;
    /* One session for all the pseudo-documents: their words recur. */
    kh_ner_session *ses = kh_analyse_ner_session_new(m, 0, err);
    if (!ses) {
        kh_free(pred);
        return err ? err->rc : KH_ERR_NOMEM;
    }
    for (size_t k = 0; k < c->n_sents; k += NER_DOC_SENTS) {
        size_t e = k + NER_DOC_SENTS < c->n_sents ? k + NER_DOC_SENTS : c->n_sents;
        size_t a = c->sent_start[k], b = c->sent_start[e];
        rc = kh_analyse_ner_session_tag(ses, (const char *const *)c->words + a, b - a, pred + a,
                                        err);
        if (rc != KH_OK)
            break;
    }
    kh_analyse_ner_session_free(ses);
    for (size_t k = 0; rc == KH_OK && k < c->n_sents; k++) {
        size_t a = c->sent_start[k], b = c->sent_start[k + 1];
        kh_analyse_ner_score_add(s, c->tags + a, pred + a, b - a);
    }
    kh_free(pred);
    return rc;
}

int ner_split_next(const char *s, size_t n, size_t *pos, size_t *off, size_t *len)
{
    size_t i = *pos;
    while (i < n && is_space((unsigned char)s[i]))
        i++;
    if (i >= n) {
        *pos = n;
        return 0;
    }
    size_t pl = punct_len(s + i, n - i);
    if (pl) { /* a leading mark, alone */
        *off = i;
        *len = pl;
        *pos = i + pl;
        return 1;
    }
    size_t j = i;
    while (j < n && !is_space((unsigned char)s[j]))
        j++;
    size_t e = trail_start(s, i, j);
    *off = i;
    *len = e - i;
    *pos = e;
    return 1;
}

int ner_split_self(const kh_ner_model *m, const char *s, size_t n, size_t *pos, size_t *off,
                   size_t *len, int *self)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = *pos;
    while (i < n && is_space(u[i]))
        i++;
    if (i >= n) {
        *pos = n;
        return 0;
    }
    size_t pl = punct_len(s + i, n - i);
    if (pl) { /* a leading mark, alone */
        *off = i;
        *len = pl;
        *pos = i + pl;
        *self = ner_self_form(m, s + i, pl);
        return 1;
    }
    /* The scan for the token's end tests each character for a self
     * character too (ner_self_form's test): white space is ASCII, so a
     * two-byte character needs no space test. */
    size_t j = i, bad = SIZE_MAX; /* the first character that is not */
    while (j < n) {
        unsigned b = u[j];
        if (b < 0x80) {
            if (is_space((unsigned char)b))
                break;
            if (!m->self_ascii[b] && bad > j)
                bad = j;
            j++;
        } else if (m->self_two[b - 0x80][j + 1 < n ? u[j + 1] : 0]) {
            j += 2; /* its second byte is no space */
        } else {
            if (bad > j)
                bad = j;
            j++;
        }
    }
    size_t e = trail_start(s, i, j);
    *off = i;
    *len = e - i;
    *pos = e;
    /* Marks split off the end are no part of the token. */
    *self = bad >= e && e > i;
    return 1;
}

/* ---- static functions ---- */

/* Where the trailing marks of the token s[i..j) start (j if none): they
 * come off one by one. */
static size_t trail_start(const char *s, size_t i, size_t j)
{
    size_t e = j;
    for (;;) {
        size_t k = e;
        size_t back = 1;
        while (k - back > i && ((unsigned char)s[k - back] & 0xC0) == 0x80)
            back++;
        if (k - back <= i || !punct_len(s + k - back, back))
            break;
        e = k - back;
    }
    return e;
}

/* One Viterbi step: for each tag t, the best over left tags p of
 * prev[p] + c[p][t] + r[p][t], plus stat[t], into cur[t]; prev NULL is the
 * sentence start (p = O, score 0), r NULL rows of zeros (skipped: adding 0
 * changes no value).  Which p gave the best is not kept: path_back finds
 * it for the one tag the path takes.  With GCC or clang, four tags at a
 * time in vector registers (a maximum: on x86 one instruction, no branch
 * and no back pointers to blend); the same sums, lane by lane. */
static void viterbi_step(const float *prev, const ner_rows *c, const ner_rows *r, const float *stat,
                         float *cur)
{
#if defined(__GNUC__) && KH_NER_N_TAGS == 9
    v4f c0, c1, s0, s1;
    float c8;
    /* Three loops without a test inside (the compiler unrolls each). */
    if (!prev) {
        memcpy(&c0, &(*c)[0][0], sizeof c0);
        memcpy(&c1, &(*c)[0][4], sizeof c1);
        c8 = (*c)[0][8];
        if (r) {
            v4f y0, y1;
            memcpy(&y0, &(*r)[0][0], sizeof y0);
            memcpy(&y1, &(*r)[0][4], sizeof y1);
            c0 = (v4f){0, 0, 0, 0} + c0 + y0;
            c1 = (v4f){0, 0, 0, 0} + c1 + y1;
            c8 = 0.0f + c8 + (*r)[0][8];
        } else {
            c0 = (v4f){0, 0, 0, 0} + c0;
            c1 = (v4f){0, 0, 0, 0} + c1;
            c8 = 0.0f + c8;
        }
    } else if (!r) {
        c0 = (v4f){-FLT_MAX, -FLT_MAX, -FLT_MAX, -FLT_MAX}, c1 = c0;
        c8 = -FLT_MAX;
        NER_UNROLL
        for (uint8_t p = 0; p < KH_NER_N_TAGS; p++) {
            v4f vb = {prev[p], prev[p], prev[p], prev[p]}, x0, x1;
            memcpy(&x0, &(*c)[p][0], sizeof x0);
            memcpy(&x1, &(*c)[p][4], sizeof x1);
            float v8 = prev[p] + (*c)[p][8];
            c0 = v4f_max(vb + x0, c0);
            c1 = v4f_max(vb + x1, c1);
            c8 = v8 > c8 ? v8 : c8;
        }
    } else {
        c0 = (v4f){-FLT_MAX, -FLT_MAX, -FLT_MAX, -FLT_MAX}, c1 = c0;
        c8 = -FLT_MAX;
        NER_UNROLL
        for (uint8_t p = 0; p < KH_NER_N_TAGS; p++) {
            v4f vb = {prev[p], prev[p], prev[p], prev[p]}, x0, x1, y0, y1;
            memcpy(&x0, &(*c)[p][0], sizeof x0);
            memcpy(&x1, &(*c)[p][4], sizeof x1);
            memcpy(&y0, &(*r)[p][0], sizeof y0);
            memcpy(&y1, &(*r)[p][4], sizeof y1);
            float v8 = prev[p] + (*c)[p][8] + (*r)[p][8];
            c0 = v4f_max(vb + x0 + y0, c0);
            c1 = v4f_max(vb + x1 + y1, c1);
            c8 = v8 > c8 ? v8 : c8;
        }
    }
    memcpy(&s0, stat, sizeof s0);
    memcpy(&s1, stat + 4, sizeof s1);
    c0 += s0;
    c1 += s1;
    memcpy(cur, &c0, sizeof c0);
    memcpy(cur + 4, &c1, sizeof c1);
    cur[8] = c8 + stat[8];
#else
    uint8_t n_p = prev ? KH_NER_N_TAGS : 1;
    for (int t = 0; t < KH_NER_N_TAGS; t++)
        cur[t] = -FLT_MAX;
    for (uint8_t p = 0; p < n_p; p++) {
        float base = prev ? prev[p] : 0.0f;
        for (uint8_t t = 0; t < KH_NER_N_TAGS; t++) {
            float v = base + (*c)[p][t];
            if (r)
                v += (*r)[p][t];
            if (v > cur[t])
                cur[t] = v;
        }
    }
    for (int t = 0; t < KH_NER_N_TAGS; t++)
        cur[t] += stat[t];
#endif
}

/* The left tag that viterbi_step chose for tag t: the first p (ascending)
 * of the largest prev[p] + c[p][t] + r[p][t], summed in the same order,
 * so the same float values and the same first of equals. */
static uint8_t path_back(const float *prev, const ner_rows *c, const ner_rows *r, uint8_t t)
{
    float top = -FLT_MAX;
    unsigned b = 0;
    /* Selects, not branches: which p wins is data, and a branch on it
     * was mispredicted about once a token. */
    if (r) {
        NER_UNROLL
        for (unsigned p = 0; p < KH_NER_N_TAGS; p++) {
            float v = prev[p] + (*c)[p][t] + (*r)[p][t];
            int gt = v > top;
            b = gt ? p : b;
            top = gt ? v : top;
        }
    } else {
        NER_UNROLL
        for (unsigned p = 0; p < KH_NER_N_TAGS; p++) {
            float v = prev[p] + (*c)[p][t];
            int gt = v > top;
            b = gt ? p : b;
            top = gt ? v : top;
        }
    }
    return (uint8_t)b;
}

/* The left-tag x word rows of word hash hw, looked up (a word the
 * session's cache has no room for). */
static void own_rows(const kh_ner_model *m, uint64_t hw, int hc, ner_rows own)
{
    memset(own, 0, sizeof(ner_rows));
    for (uint8_t p = 0; p < KH_NER_N_TAGS; p++)
        ner_model_add(m, ner_feature_key(NER_DYN_P1W0, hw, p, hc), own[p]);
}

/* The left-tag table of history code hc (-1 none), built on first use. */
static const ner_rows *comb_rows(const kh_ner_model *m, ner_dyncache *dc, int hc)
{
    ner_rows *c = &dc->comb[hc + 1];
    if (dc->done[hc + 1])
        return c;
    memset(c, 0, sizeof *c);
    float h[KH_NER_N_TAGS] = {0};
    if (hc >= 0)
        ner_model_add(m, ner_feature_key(NER_DYN_HIST, 0, 0, hc), h);
    for (uint8_t p = 0; p < KH_NER_N_TAGS; p++) {
        ner_model_add(m, ner_feature_key(NER_DYN_P1, 0, p, hc), (*c)[p]);
        if (hc >= 0)
            ner_model_add(m, ner_feature_key(NER_DYN_HISTP1, 0, p, hc), (*c)[p]);
        for (uint8_t t = 0; t < KH_NER_N_TAGS; t++)
            (*c)[p][t] = ner_tag_allowed(p, t) ? (*c)[p][t] + h[t] : -1e30f;
    }
    dc->done[hc + 1] = 1;
    return c;
}

static int is_space(unsigned char c)
{
    return c == ' ' || (unsigned)(c - '\t') <= (unsigned)('\r' - '\t'); /* \t \n \v \f \r */
}

/* Length of the punctuation mark at s, or 0: ASCII . , ; : ! ? " ' ( ) [
 * ] { } < > / | * and the Arabic and typographic ، ؛ ؟ « » “ ” ‘ ’ … – —.
 * By bytes, as it runs twice for every token (its first and last
 * letters). */
static size_t punct_len(const char *s, size_t n)
{
    /* Most tokens begin and end with a letter: the tests that tell a
     * letter from a mark look up tables (ASCII marks; two-byte marks by
     * both bytes) rather than branch on a lead byte that Arabic letters
     * share with marks (D8). */
    static const uint8_t ascii[128] = {
        ['.'] = 1,  [','] = 1, [';'] = 1, [':'] = 1, ['!'] = 1, ['?'] = 1, ['"'] = 1,
        ['\''] = 1, ['('] = 1, [')'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1,
        ['<'] = 1,  ['>'] = 1, ['/'] = 1, ['|'] = 1, ['*'] = 1};
    static const uint8_t two[32][64] = {
        [0x02] = {[0x2B] = 2, [0x3B] = 2}, [0x18] = {[0x0C] = 2, [0x1B] = 2, [0x1F] = 2}};
    const unsigned char *u = (const unsigned char *)s;
    unsigned b = u[0];
    if (b < 0x80)
        return ascii[b];
    if (b < 0xE0) /* C2 AB «, C2 BB », D8 8C ، D8 9B ؛ D8 9F ؟ */
        return b >= 0xC0 && n >= 2 ? two[b & 0x1F][u[1] & 0x3F] * ((u[1] & 0xC0) == 0x80) : 0;
    if (b != 0xE2 || n < 3 || u[1] != 0x80)
        return 0;
    /* ‘ ’ “ ” … – — (U+2018 U+2019 U+201C U+201D U+2026 U+2013 U+2014) */
    return u[2] == 0x98 || u[2] == 0x99 || u[2] == 0x9C || u[2] == 0x9D || u[2] == 0xA6 ||
                   u[2] == 0x93 || u[2] == 0x94
               ? 3
               : 0;
}

/* conlleval's chunks of tags[0..n): start, end (exclusive) and type. */
static size_t chunks(const uint8_t *tags, size_t n, size_t *start, size_t *end, uint8_t *type)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t t = tags[i];
        if (t == 0)
            continue;
        uint8_t ty = (uint8_t)KH_NER_TAG_TYPE(t);
        int begins =
            KH_NER_TAG_IS_B(t) || i == 0 || tags[i - 1] == 0 || KH_NER_TAG_TYPE(tags[i - 1]) != ty;
        if (begins) {
            start[k] = i;
            type[k] = ty;
            end[k] = i + 1;
            k++;
        } else {
            end[k - 1] = i + 1;
        }
    }
    return k;
}

static kh_rc corpus_push(kh_ner_corpus *c, size_t *cap, const char *tok, size_t tok_len,
                         uint8_t tag)
{
    if (c->n_tokens == *cap) {
        size_t nc = *cap ? *cap * 2 : 4096;
        char **w = kh_realloc(c->words, nc * sizeof *w);
        if (!w)
            return KH_ERR_NOMEM;
        c->words = w;
        char **d = kh_realloc(c->display, nc * sizeof *d);
        if (!d)
            return KH_ERR_NOMEM;
        c->display = d;
        uint8_t *t = kh_realloc(c->tags, nc);
        if (!t)
            return KH_ERR_NOMEM;
        c->tags = t;
        *cap = nc;
    }
    kh_buf b;
    kh_buf_init(&b, 4096);
    if (kh_text_normalize(tok, tok_len, &b) != KH_OK)
        return KH_ERR_NOMEM;
    char *norm = kh_buf_take(&b, NULL);
    char *disp = norm ? kh_strndup(tok, tok_len) : NULL;
    if (!norm || !disp) {
        kh_free(norm);
        return KH_ERR_NOMEM;
    }
    c->words[c->n_tokens] = norm;
    c->display[c->n_tokens] = disp;
    c->tags[c->n_tokens] = tag;
    c->n_tokens++;
    return KH_OK;
}
