/*
 * src/analyse/ner_session.c - tagging sessions: the decoder's cache of
 * word scores, kept across texts, and the decoding of a text with it.
 *
 * Input: match-form words of one text (kh_analyse_ner_session_tag), the
 * model the session was made for.  Output: one BIO tag per word, the same
 * as decoding without any cache (tests/analyse/ner.c compares them with a
 * plain Viterbi over full feature lists).  Fits: entity.c tags every text
 * of an article with the caller's session (`khabar ingest` keeps one for
 * the run); kh_analyse_ner_tag makes a small one for a single call.
 *
 * Method: a token's static score is the sum of five window parts, each a
 * function of one word and its position (ner_feature_part), plus two
 * bigrams (ner_feature_pairs); its left-tag x word rows depend on the word
 * too.  News repeats its vocabulary, so a session keeps, per word hash,
 * the five part rows, the left-tag rows (in a side pool: most words have
 * none) and the word's prepared token and history key: a known word costs
 * a strlen, a hash and one probe of a 4-way set; only new words are
 * prepared and looked up in the model.  Sets replace their least recently
 * used word, but never one of the sentence being decoded (the decoder
 * holds pointers to them): such a word is scored in a scratch entry.
 * Depends on: core.
 */
#include "analyse/ner_int.h"
#include "core/alloc.h"
#include "core/hash.h"

#include <string.h>

#define NER_SESSION_MAX_WORDS ((size_t)1 << 22)
#define NER_SESSION_SEED 0x736573ull
/* A one-call session (kh_analyse_ner_tag): one text's distinct words. */
#define NER_TEMP_WORDS 1024
#define NER_PAIR_MAX 4 /* bigram keys of a token kept for the lookahead */

/* A row of KH_NER_N_TAGS scores being summed: with GCC or clang in
 * vector registers (the same additions lane by lane), so that a sum of
 * many rows does not go through memory after each one. */
#if defined(__GNUC__) && KH_NER_N_TAGS == 9
typedef float v4f __attribute__((vector_size(16)));
typedef struct sum_row {
    v4f lo, hi;
    float last;
} sum_row;
static inline void sum_add(sum_row *a, const float *r)
{
    v4f x, y;
    memcpy(&x, r, sizeof x);
    memcpy(&y, r + 4, sizeof y);
    a->lo += x;
    a->hi += y;
    a->last += r[8];
}
static inline void sum_store(const sum_row *a, float *out)
{
    memcpy(out, &a->lo, sizeof a->lo);
    memcpy(out + 4, &a->hi, sizeof a->hi);
    out[8] = a->last;
}
#else
typedef struct sum_row {
    float v[KH_NER_N_TAGS];
} sum_row;
static inline void sum_add(sum_row *a, const float *r)
{
    for (int t = 0; t < KH_NER_N_TAGS; t++)
        a->v[t] += r[t];
}
static inline void sum_store(const sum_row *a, float *out)
{
    memcpy(out, a->v, sizeof a->v);
}
#endif

/* ---- static prototypes ---- */

static size_t set_of(const kh_ner_session *s, uint64_t key);
static const ner_word *word_get(kh_ner_session *s, const char *w, uint64_t key, size_t *n_scratch);
static void word_fill(kh_ner_session *s, const ner_tok *t, ner_word *x, int keep_rows);
static void hist_reset(kh_ner_session *s);
static void hist_add(kh_ner_session *s, uint64_t key, uint8_t tag);

/* ---- public functions ---- */

kh_ner_session *kh_analyse_ner_session_new(const kh_ner_model *m, size_t max_words, kh_err *err)
{
    if (!m) {
        kh_err_set(err, KH_ERR_ARG, 0, -1, "ner_session: no model");
        return NULL;
    }
    size_t words = max_words ? max_words : KH_NER_SESSION_WORDS;
    if (words > NER_SESSION_MAX_WORDS)
        words = NER_SESSION_MAX_WORDS;
    size_t n_sets = 1;
    while (n_sets * NER_WAYS < words)
        n_sets *= 2;
    size_t n = n_sets * NER_WAYS;
    /* Its entries are cache-line aligned (ner_word), so is the session. */
    void *mem = kh_calloc(1, sizeof(kh_ner_session) + 64);
    if (!mem) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        return NULL;
    }
    kh_ner_session *s = (kh_ner_session *)(((uintptr_t)mem + 63) & ~(uintptr_t)63);
    s->mem = mem;
    s->m = m;
    s->set_mask = n_sets - 1;
    /* The entries are written only when used: untouched pages of a large
     * cache cost no memory. */
    s->sets_mem = kh_calloc(n_sets * sizeof(ner_set) + 64, 1);
    s->word_mem = kh_alloc(n * sizeof *s->word + 64);
    s->rows = kh_alloc(n * sizeof *s->rows);
    s->free_rows = kh_alloc(n * sizeof *s->free_rows);
    if (!s->sets_mem || !s->word_mem || !s->rows || !s->free_rows)
        goto nomem;
    s->sets = (ner_set *)(((uintptr_t)s->sets_mem + 63) & ~(uintptr_t)63);
    s->word = (ner_word *)(((uintptr_t)s->word_mem + 63) & ~(uintptr_t)63);
    ner_hist_clear(&s->hist);
    ner_dyncache_clear(&s->dc);
    /* The pads at each window position, as ner_feature_window gives them
     * around a one-word sentence. */
    ner_tok one, pads[5];
    const ner_tok *ctx[5];
    ner_feature_prepare(m, ".", &one);
    ner_feature_window(m, &one, 1, 0, pads, ctx);
    for (unsigned d = 0; d < 5; d++)
        if (d != 2) {
            word_fill(s, ctx[d], &s->pad[d], 0);
            memcpy(s->edge.part[d], s->pad[d].part[d], sizeof s->edge.part[d]);
        }
    return s;
nomem:
    kh_analyse_ner_session_free(s);
    kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    return NULL;
}

void kh_analyse_ner_session_free(kh_ner_session *s)
{
    if (!s)
        return;
    kh_free(s->sets_mem);
    kh_free(s->word_mem);
    kh_free(s->rows);
    kh_free(s->free_rows);
    kh_free(s->mem);
}

kh_rc kh_analyse_ner_session_tag(kh_ner_session *s, const char *const *words, size_t n,
                                 uint8_t *tags, kh_err *err)
{
    if (!s || (n && (!words || !tags)))
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "ner_tag: no session or no words");
    hist_reset(s);
    /* Sentence by sentence (as trained), one history for the whole text. */
    for (size_t i = 0; i < n;) {
        size_t len = 0;
        while (i + len < n && len < NER_MAX_SENT) {
            const char *w = words[i + len++];
            if ((w[0] == '.' || w[0] == '!' || w[0] == '?') && w[1] == '\0')
                break;
        }
        ner_decode(s, words + i, len, tags + i);
        i += len;
    }
    return KH_OK;
}

kh_rc kh_analyse_ner_tag(const kh_ner_model *m, const char *const *words, size_t n, uint8_t *tags,
                         kh_err *err)
{
    if (!m || (n && (!words || !tags)))
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "ner_tag: no model or no words");
    if (n == 0)
        return KH_OK;
    kh_ner_session *s = kh_analyse_ner_session_new(m, NER_TEMP_WORDS, err);
    if (!s)
        return err ? err->rc : KH_ERR_NOMEM;
    kh_rc rc = kh_analyse_ner_session_tag(s, words, n, tags, err);
    kh_analyse_ner_session_free(s);
    return rc;
}

void ner_decode(kh_ner_session *s, const char *const *words, size_t n, uint8_t *tags)
{
    if (n == 0)
        return;
    if (n > NER_MAX_SENT)
        n = NER_MAX_SENT;
    const kh_ner_model *m = s->m;
    uint64_t key[NER_MAX_SENT];
    const ner_word *ew[NER_MAX_SENT + 4]; /* the entries, framed by two edges a side */
    const ner_word **e = ew + 2;
    uint64_t pk[NER_MAX_SENT][NER_PAIR_MAX];
    const float *prow[NER_MAX_SENT][NER_PAIR_MAX];
    size_t npk[NER_MAX_SENT];
    float stat[NER_MAX_SENT][KH_NER_N_TAGS];
    const ner_rows *pw[NER_MAX_SENT];
    uint64_t hw[NER_MAX_SENT];
    const uint16_t *h[NER_MAX_SENT];
    uint64_t f[NER_MAX_FEATS];
    size_t n_scratch = 0;
    /* cppcheck-suppress legacyUninitvar ; a write, not a read */
    pw[0] = NULL; /* n >= 1; tells the compiler the arrays are written */
    h[0] = NULL;
    hw[0] = 0;
    s->clock++; /* words stamped with it stay until the sentence is done */
    /* Each step starts the memory loads of the next for the whole
     * sentence, so that their cache misses overlap instead of adding up:
     * the words' sets, then their entries, then the bigrams' probes and
     * weight rows. */
    for (size_t i = 0; i < n; i++) {
        const char *w = words[i];
        uint64_t k = kh_hash_bytes(w, strlen(w), NER_SESSION_SEED);
        key[i] = k ? k : 1;
        NER_PREFETCH(&s->sets[set_of(s, key[i])]);
    }
    for (size_t i = 0; i < n; i++) {
        e[i] = word_get(s, words[i], key[i], &n_scratch);
        for (size_t l = 0; l < sizeof(ner_word); l += 64)
            NER_PREFETCH((const char *)e[i] + l);
    }
    for (size_t i = 0; i < n; i++) {
        const ner_tok *prev = i ? &e[i - 1]->tok : &s->pad[1].tok;
        const ner_tok *next = i + 1 < n ? &e[i + 1]->tok : &s->pad[3].tok;
        npk[i] = ner_feature_pairs(prev, &e[i]->tok, next, f);
        for (size_t k = 0; k < npk[i] && k < NER_PAIR_MAX; k++) {
            pk[i][k] = f[k];
            ner_model_prefetch(m, f[k]);
        }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < npk[i] && k < NER_PAIR_MAX; k++) {
            prow[i][k] = ner_model_row(m, pk[i][k]);
            if (prow[i][k]) {
                NER_PREFETCH(prow[i][k]);
                NER_PREFETCH(prow[i][k] + KH_NER_N_TAGS - 1);
            }
        }
    /* The static scores: the five window parts (a pad where the window
     * leaves the sentence), summed in window order, then the bigrams. */
    ew[0] = ew[1] = e[n] = e[n + 1] = &s->edge;
    for (size_t i = 0; i < n; i++) {
        sum_row score;
        memset(&score, 0, sizeof score);
        NER_UNROLL
        for (unsigned d = 0; d < 5; d++)
            sum_add(&score, ew[i + d]->part[d]); /* e[i + d - 2] */
        if (npk[i] <= NER_PAIR_MAX) {
            for (size_t k = 0; k < npk[i]; k++)
                if (prow[i][k])
                    sum_add(&score, prow[i][k]);
            sum_store(&score, stat[i]);
        } else { /* more pairs than kept: all of them again, in order */
            const ner_tok *prev = i ? &e[i - 1]->tok : &s->pad[1].tok;
            const ner_tok *next = i + 1 < n ? &e[i + 1]->tok : &s->pad[3].tok;
            size_t nf = ner_feature_pairs(prev, &e[i]->tok, next, f);
            sum_store(&score, stat[i]);
            for (size_t k = 0; k < nf; k++)
                ner_model_add(m, f[k], stat[i]);
        }
        hw[i] = e[i]->tok.hw;
        pw[i] = e[i]->rows;
        for (size_t l = 0; l < sizeof(ner_rows); l += 64) /* NULL or zeros: harmless */
            NER_PREFETCH((const char *)pw[i] + l);
        h[i] = ner_hist_get(&s->hist, e[i]->hk);
    }
    ner_viterbi(m, &s->dc, (const float(*)[KH_NER_N_TAGS])stat, hw, h, pw, n, tags);
    /* The history learns the sentence's tags once it is decoded. */
    for (size_t i = 0; i < n; i++)
        hist_add(s, e[i]->hk, tags[i]);
}

/* ---- static functions ---- */

static size_t set_of(const kh_ner_session *s, uint64_t key)
{
    return (size_t)(key ^ (key >> 32)) & s->set_mask;
}

/* The cache entry of word w of hash key, filled if new (in a scratch
 * entry when its set is all in use by this sentence). */
static const ner_word *word_get(kh_ner_session *s, const char *w, uint64_t key, size_t *n_scratch)
{
    size_t si = set_of(s, key);
    ner_set *set = &s->sets[si];
    unsigned hit = 0; /* which way holds it, found without a branch a way */
    NER_UNROLL
    for (unsigned k = 0; k < NER_WAYS; k++)
        hit |= (unsigned)(set->key[k] == key) << k;
    if (hit) {
        unsigned k = ner_ctz(hit);
        set->stamp[k] = s->clock;
        s->n_hit++;
        return &s->word[si * NER_WAYS + k];
    }
    s->n_miss++;
    int v = -1;
    uint32_t age = 0;
    for (int k = 0; k < NER_WAYS; k++) {
        if (!set->key[k]) {
            v = k;
            break;
        }
        uint32_t a = s->clock - set->stamp[k]; /* 0: used by this sentence */
        if (a && a > age) {
            v = k;
            age = a;
        }
    }
    ner_tok t;
    ner_feature_prepare(s->m, w, &t);
    if (v < 0) {
        ner_word *x = &s->scratch[(*n_scratch)++];
        s->n_scratch++;
        word_fill(s, &t, x, 0);
        return x;
    }
    ner_word *x = &s->word[si * NER_WAYS + (size_t)v];
    if (set->key[v]) {
        s->n_evict++;
        if (x->rows != &ner_zero_rows)
            s->free_rows[s->n_free++] = (uint32_t)(x->rows - s->rows);
    }
    set->key[v] = key;
    set->stamp[v] = s->clock;
    word_fill(s, &t, x, 1);
    return x;
}

/* Scores the prepared token t into x: its five window parts, its history
 * key and, with keep_rows, its left-tag x word rows (else Viterbi looks
 * them up).  All the keys are probed before any is read (overlapped
 * misses); the sums are in feature order, as ner_model_add makes them. */
static void word_fill(kh_ner_session *s, const ner_tok *t, ner_word *x, int keep_rows)
{
    const kh_ner_model *m = s->m;
    uint64_t f[5 * NER_MAX_FEATS + KH_NER_N_TAGS];
    const float *row[5 * NER_MAX_FEATS + KH_NER_N_TAGS];
    size_t nf[5], tot = 0;
    for (unsigned d = 0; d < 5; d++) {
        nf[d] = ner_feature_part(m, t, d, f + tot);
        tot += nf[d];
    }
    size_t n_keys = tot;
    if (keep_rows)
        for (uint8_t p = 0; p < KH_NER_N_TAGS; p++)
            f[n_keys++] = ner_feature_key(NER_DYN_P1W0, t->hw, p, -1);
    for (size_t k = 0; k < n_keys; k++)
        ner_model_prefetch(m, f[k]);
    for (size_t k = 0; k < n_keys; k++) {
        row[k] = ner_model_row(m, f[k]);
        if (row[k])
            NER_PREFETCH(row[k]);
    }
    for (unsigned d = 0, at = 0; d < 5; at += (unsigned)nf[d], d++) {
        sum_row part;
        memset(&part, 0, sizeof part);
        for (size_t k = at; k < at + nf[d]; k++)
            if (row[k])
                sum_add(&part, row[k]);
        sum_store(&part, x->part[d]);
    }
    x->hk = ner_hist_key(t->w);
    x->tok = *t;
    x->tok.w = NULL;
    x->rows = NULL;
    if (!keep_rows)
        return;
    ner_rows r;
    memset(r, 0, sizeof r);
    int any = 0;
    for (uint8_t p = 0; p < KH_NER_N_TAGS; p++) {
        const float *rp = row[tot + p];
        if (!rp)
            continue;
        any = 1;
        for (int c = 0; c < KH_NER_N_TAGS; c++)
            r[p][c] += rp[c];
    }
    if (!any) {
        x->rows = &ner_zero_rows;
        return;
    }
    uint32_t i = s->n_free ? s->free_rows[--s->n_free] : (uint32_t)s->n_rows++;
    memcpy(s->rows[i], r, sizeof r);
    x->rows = &s->rows[i];
}

/* Empties the history for a new text: only the slots the last text used
 * (a whole clear costs more than most texts' tagging). */
static void hist_reset(kh_ner_session *s)
{
    if (s->n_hist_slot > NER_HIST_SLOTS) { /* not recorded: clear it all */
        ner_hist_clear(&s->hist);
    } else {
        for (size_t k = 0; k < s->n_hist_slot; k++)
            s->hist.key[s->hist_slot[k]] = 0;
        s->hist.n_used = 0;
    }
    s->n_hist_slot = 0;
}

static void hist_add(kh_ner_session *s, uint64_t key, uint8_t tag)
{
    if (!key)
        return;
    size_t before = s->hist.n_used;
    ner_hist_add(&s->hist, key, tag);
    if (s->hist.n_used == before || s->n_hist_slot > NER_HIST_SLOTS)
        return;
    if (s->n_hist_slot == NER_HIST_SLOTS) {
        s->n_hist_slot++;
        return;
    }
    const uint16_t *c = ner_hist_get(&s->hist, key);
    s->hist_slot[s->n_hist_slot++] = (uint16_t)((c - &s->hist.n[0][0]) / KH_ENTITY__COUNT);
}
