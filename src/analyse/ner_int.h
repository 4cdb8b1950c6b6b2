/*
 * src/analyse/ner_int.h - the NER model's inside, shared by ner.c,
 * ner_feature.c, ner_model.c and ner_train.c only.
 *
 * A feature is a template id and a value (the hash of a word, a class
 * number, a tag) mixed to 64 bits (no string is built); the
 * model maps each feature hash to a row of KH_NER_N_TAGS float weights
 * (open addressing, linear probing).  A token's score for tag t is the sum
 * of row[t] over its features.  Features come in two parts: static ones,
 * which depend only on the words (computed once per sentence), and the
 * tag-history ones, which depend on the tags already chosen to the left.
 * Depends on: core, text.
 */
#ifndef KH_ANALYSE_NER_INT_H
#define KH_ANALYSE_NER_INT_H

#include "analyse/analyse.h"
#include "core/hash.h"

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Unrolls the loop that follows (a fixed, small count: no counter, no
 * exit branch, no register copies between rounds). */
#if defined(__clang__)
#define NER_UNROLL _Pragma("unroll")
#elif defined(__GNUC__)
#define NER_UNROLL _Pragma("GCC unroll 9")
#else
#define NER_UNROLL
#endif
/* The index of the lowest set bit of x (x != 0). */
static inline unsigned ner_ctz(unsigned x)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctz(x);
#else
    unsigned k = 0;
    while (!(x & 1u))
        x >>= 1, k++;
    return k;
#endif
}

#define NER_MAX_FEATS 64    /* static features of one token, at most */
#define NER_MAX_DYN_FEATS 8 /* tag-history features of one token */
#define NER_DOC_SENTS                                                                              \
    20                   /* ANERcorp has no document marks: sentences                              \
                            per pseudo-document for the history */
#define NER_MAX_SENT 256 /* longer runs are tagged in pieces */

struct kh_ner_model {
    uint64_t *keys; /* owns: feature hashes, 0 = empty slot */
    float *w;       /* owns: n_slots * KH_NER_N_TAGS weights */
    uint32_t *fp;   /* owns, or NULL: upper halves of keys (| 1), a quarter of
                       the bytes to probe (ner_model_seal); read-only models */
    double *u;      /* owns, training only (else NULL): sum of step * update,
                       for averaging (Daume's trick: avg = w - u / steps) */
    size_t n_slots; /* power of two */
    size_t n_used;
    kh_hash lex;       /* owns keys: match-form word -> ner_lex_pack() classes,
                          from unlabelled text (ner_cluster.c); may be empty */
    uint64_t *ix_keys; /* owns, or NULL: word index (ner_feature_index), */
    int64_t *ix_vals;  /* hash of a lexicon or cue word -> ner_ix_* value */
    size_t ix_mask;    /* slots - 1 */
    kh_hash cues;      /* owns keys: cue word -> 1 person, 2 place, 3 org
                          (ner_feature_cues_init), so a lookup is one probe */
    /* The characters that are their own match form (kh_text_normalize of
     * the character alone gives its bytes back): self_ascii[c] for ASCII
     * c; for U+0080..U+07FF, written as bytes b1 b2, self_two[b1 -
     * 0x80][b2] (so only a valid pair has one; rows of other lead bytes
     * stay zero and are never loaded into the cache).  Asked of
     * kh_text_normalize itself (ner_model_new), so that a token of such
     * characters only, most tokens of Arabic news, is known to be its own
     * match form without being normalised (ner_self_form). */
    uint8_t self_ascii[128];
    uint8_t self_two[128][256];
};

/* 1 when s[0..n) (n > 0) is made of self characters only (see
 * kh_ner_model), so that kh_text_normalize would give it back unchanged:
 * normalising is a map of each character on its own, which only folds
 * runs of white space (never a self character) together. */
static inline int ner_self_form(const kh_ner_model *m, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned b = u[i];
        if (b < 0x80) {
            if (!m->self_ascii[b])
                return 0;
            i++;
        } else if (i + 1 < n && m->self_two[b - 0x80][u[i + 1]]) {
            i += 2;
        } else {
            return 0;
        }
    }
    return n > 0;
}

/* Packs a word's fine class (1-based, 0 none), its class path ("coarse":
 * ner_cluster.c's hierarchy, a leading 1 then a bit a level; 0 none), its cue buckets
 * (2 bits each: person, place, org) and log2 of its frequency. */
static inline int64_t ner_lex_pack(uint16_t fine, uint16_t coarse, uint8_t cues, uint8_t log2f)
{
    return (int64_t)fine | (int64_t)coarse << 16 | (int64_t)cues << 32 | (int64_t)log2f << 40;
}
static inline uint8_t ner_lex_log2f(int64_t v)
{
    return (uint8_t)((v >> 40) & 0xff);
}
/* The self-gazetteer byte (type << 2 | confidence bucket 1-3; 0 none). */
static inline int64_t ner_lex_with_gaz(int64_t v, uint8_t gaz)
{
    return (v & ~((int64_t)0xff << 48)) | (int64_t)gaz << 48;
}
static inline uint8_t ner_lex_gaz(int64_t v)
{
    return (uint8_t)((v >> 48) & 0xff);
}

/* The word index's value: the lexicon value (bits 0-55), whether the word
 * is in the lexicon (bit 56) and its cue (bits 57-58). */
#define NER_IX_IN_LEX ((int64_t)1 << 56)
#define NER_IX_CUE_SHIFT 57
/* The index value of a word hash (0 if absent); m->ix_keys must be set. */
static inline int64_t ner_ix_get(const kh_ner_model *m, uint64_t h)
{
    uint64_t key = h ? h : 1;
    for (size_t i = (size_t)(key ^ (key >> 31)) & m->ix_mask;; i = (i + 1) & m->ix_mask) {
        if (m->ix_keys[i] == key)
            return m->ix_vals[i];
        if (!m->ix_keys[i])
            return 0;
    }
}
/* Builds m's word index from m->lex and m->cues, so that a token's
 * lexicon and cue lookups are one probe by the hash the features already
 * computed, with no string compared.  For a model whose lexicon no longer
 * changes (loaded, or trained).  KH_ERR_NOMEM on failure. */
kh_rc ner_feature_index(kh_ner_model *m);

/* Calls fn for each article of JSONL(.gz) files with its title and text as
 * match-form tokens (ner_gazetteer.c); a "." token ends title and text. */
typedef kh_rc (*ner_doc_fn)(void *ctx, const char *const *words, size_t n);
kh_rc ner_unlabeled_each(const char *const *paths, size_t n_paths, ner_doc_fn fn, void *ctx,
                         kh_err *err);
/* Tags the articles with m and adds the self-gazetteer to m->lex. */
kh_rc ner_gazetteer_build(kh_ner_model *m, const char *const *paths, size_t n_paths, int verbose,
                          kh_err *err);
static inline uint16_t ner_lex_fine(int64_t v)
{
    return (uint16_t)(v & 0xffff);
}
static inline uint16_t ner_lex_coarse(int64_t v)
{
    return (uint16_t)((v >> 16) & 0xffff);
}
static inline uint8_t ner_lex_cues(int64_t v)
{
    return (uint8_t)((v >> 32) & 0xff);
}

/* Builds m->lex from JSONL(.gz) articles (ner_cluster.c). */
kh_rc ner_cluster_build(kh_ner_model *m, const char *const *paths, size_t n_paths, uint64_t seed,
                        int verbose, kh_err *err);
/* Finds the next token of s at or after *pos: a run between white space,
 * with punctuation at its edges split off one mark at a time.  Returns 1
 * and sets *off, *len, or 0 at the end. */
int ner_split_next(const char *s, size_t n, size_t *pos, size_t *off, size_t *len);
/* ner_split_next that also sets *self to 1 when the token is made of
 * characters that are their own match form (ner_self_form; 0 may also
 * mean not known: normalise then), found in the same scan. */
int ner_split_self(const kh_ner_model *m, const char *s, size_t n, size_t *pos, size_t *off,
                   size_t *len, int *self);

/* What the features need of one token, computed once per sentence
 * (ner_feature_prepare) instead of once for each of the five positions
 * that look at it. */
typedef struct ner_tok {
    const char *w;  /* borrows: the match-form word */
    uint32_t len;   /* strlen(w) */
    uint32_t strip; /* ner_feature_strip(w, len) */
    uint64_t hw;    /* hash of w */
    uint64_t hs;    /* hash of w without its proclitics */
    uint64_t hwt;   /* hash of w without trailing ASCII marks (usually hw) */
    int64_t lex;    /* lexicon value of w, else of its stripped form */
    uint8_t has_lex;
    uint8_t gaz; /* self-gazetteer byte of the stripped form */
    uint8_t cue; /* ner_feature_cue */
    char shape;
} ner_tok;

void ner_feature_prepare(const kh_ner_model *m, const char *w, ner_tok *t);
/* The static features of token i of toks[0..n) into out (hashes);
 * returns how many. */
size_t ner_feature_static(const kh_ner_model *m, const ner_tok *toks, size_t n, size_t i,
                          uint64_t *out);
/* The static features are the sum of parts, each depending on one word
 * only (so a decoder may cache their scores by word), and two word pairs:
 * ner_feature_part gives the features of token t seen at window position
 * d (0..4 for i-2..i+2; 2 is the token itself), ner_feature_pairs the
 * bigrams w-1|w0 and w0|w+1 (from the tokens' hashes only: the decoder
 * passes cached tokens whose w is NULL), ner_feature_window the five
 * tokens around i (sentence ends padded: pads holds 5 ner_tok). */
size_t ner_feature_part(const kh_ner_model *m, const ner_tok *t, unsigned d, uint64_t *out);
size_t ner_feature_pairs(const ner_tok *prev, const ner_tok *cur, const ner_tok *next,
                         uint64_t *out);
void ner_feature_window(const kh_ner_model *m, const ner_tok *toks, size_t n, size_t i,
                        ner_tok *pads, const ner_tok **ctx);
/* Fills cues with the cue words written in ner_feature.c. */
kh_rc ner_feature_cues_init(kh_hash *cues);
/* Prediction history of one document (Ratinov & Roth 2009): how often each
 * word (its stripped form) was tagged O or with each type so far, so a
 * name tagged PERS after a title is recognised when it recurs bare.  A
 * fixed table; words past its capacity are not remembered. */
#define NER_HIST_SLOTS 2048
typedef struct ner_hist {
    uint64_t key[NER_HIST_SLOTS]; /* 0 = empty */
    uint16_t n[NER_HIST_SLOTS][KH_ENTITY__COUNT];
    size_t n_used;
} ner_hist;

void ner_hist_clear(ner_hist *h);
/* The history key of a match-form word: hash of its stripped form, or 0
 * for words not worth remembering (punctuation, one letter). */
uint64_t ner_hist_key(const char *word);
/* Counts of key (NULL if unseen). */
const uint16_t *ner_hist_get(const ner_hist *h, uint64_t key);
void ner_hist_add(ner_hist *h, uint64_t key, uint8_t tag);

/* The tag-history features of a token of word hash hw whose left tag is
 * prev1 (0 = O or sentence start), given its document history counts
 * from earlier sentences (NULL if none).  First order only, so that
 * Viterbi can decode a sentence. */
size_t ner_feature_dyn(uint64_t hw, uint8_t prev1, const uint16_t *hist, uint64_t *out);
/* The same features one by one, for a decoder that scores each kind only
 * as often as it changes: hcode is ner_feature_hist_code(hist) (-1 for no
 * history; else the majority type << 1 | whether the word was seen as O). */
enum { NER_DYN_P1, NER_DYN_P1W0, NER_DYN_HIST, NER_DYN_HISTP1 };
int ner_feature_hist_code(const uint16_t *hist);
uint64_t ner_feature_key(int kind, uint64_t hw, uint8_t prev1, int hcode);
/* Viterbi over BIO tags of one sentence of n tokens: stat[i] holds token
 * i's static scores, hw[i] its word hash, hist[i] its history counts
 * (or NULL), pw (may be NULL) pw[i] the word's left-tag rows if cached
 * (else NULL: looked up); I-X only after B-X or I-X. */
typedef float ner_rows[KH_NER_N_TAGS][KH_NER_N_TAGS];
/* The rows of the left-tag features that do not depend on the word
 * (transitions; history code x left tag), looked up once while the
 * weights stay the same: clear done flags when they change. */
typedef struct ner_dyncache {
    ner_rows comb[11]; /* by history code + 1 */
    uint8_t done[11];
} ner_dyncache;
void ner_dyncache_clear(ner_dyncache *dc);
/* Left-tag rows of a word without left-tag x word features (ner_viterbi
 * skips adding them). */
extern const ner_rows ner_zero_rows;
void ner_viterbi(const kh_ner_model *m, ner_dyncache *dc, const float (*stat)[KH_NER_N_TAGS],
                 const uint64_t *hw, const uint16_t *const *hist, const ner_rows *const *pw,
                 size_t n, uint8_t *tags);
/* Strips Arabic proclitics (و ف ب ل ك ال وال بال فال كال لل) from the
 * match-form word w; returns the offset of what remains (0 if nothing is
 * stripped) when at least 2 letters remain. */
size_t ner_feature_strip(const char *w, size_t n);
/* 1 person cue, 2 place cue, 3 org cue, 0 none, for a match-form word
 * (m may be NULL: the lists are then scanned). */
int ner_feature_cue(const kh_ner_model *m, const char *w, size_t n);

/* Model table (ner_model.c). */
kh_ner_model *ner_model_new(size_t n_slots_hint);
/* The slot of key in m's table: its own or the empty one where it would
 * go (linear probing). */
static inline size_t ner_model_slot(const kh_ner_model *m, uint64_t key)
{
    size_t mask = m->n_slots - 1;
    size_t i = (size_t)(key ^ (key >> 29)) & mask;
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & mask;
    return i;
}
/* The weight row of key, or NULL.  A sealed model probes the 4-byte
 * fingerprints (their array fits the cache where the keys do not); two
 * keys of one probe run with the same upper half are 1 in 2^32.  With
 * SSE2, eight slots a round, compared four at a time: the first slot that
 * holds the fingerprint or is empty ends the probe, as one by one (the
 * array has NER_FP_PAD slots more, copies of the first ones, so that a
 * load at the last slots wraps around). */
#define NER_FP_PAD 8
static inline const float *ner_model_row(const kh_ner_model *m, uint64_t key)
{
    if (m->fp) {
        size_t mask = m->n_slots - 1;
        uint32_t f = (uint32_t)(key >> 32) | 1;
#if defined(__SSE2__)
        /* Eight slots a round: most probe runs end within them. */
        __m128i want = _mm_set1_epi32((int)f), zero = _mm_setzero_si128();
        for (size_t i = (size_t)(key ^ (key >> 29)) & mask;; i = (i + 8) & mask) {
            __m128i v0 = _mm_loadu_si128((const __m128i *)(const void *)&m->fp[i]);
            __m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)&m->fp[i + 4]);
            __m128i h = _mm_packs_epi32(_mm_cmpeq_epi32(v0, want), _mm_cmpeq_epi32(v1, want));
            __m128i z = _mm_packs_epi32(_mm_cmpeq_epi32(v0, zero), _mm_cmpeq_epi32(v1, zero));
            unsigned hit = (unsigned)_mm_movemask_epi8(h),
                     any = hit | (unsigned)_mm_movemask_epi8(z);
            if (any) {
                unsigned lane = ner_ctz(any); /* two bits a slot */
                return (hit >> lane) & 1 ? &m->w[((i + lane / 2) & mask) * KH_NER_N_TAGS] : NULL;
            }
        }
#else
        for (size_t i = (size_t)(key ^ (key >> 29)) & mask;; i = (i + 1) & mask) {
            if (m->fp[i] == f)
                return &m->w[i * KH_NER_N_TAGS];
            if (!m->fp[i])
                return NULL;
        }
#endif
    }
    size_t s = ner_model_slot(m, key);
    return m->keys[s] ? &m->w[s * KH_NER_N_TAGS] : NULL;
}
/* Starts loading the memory ner_model_row(m, key) will probe first, so
 * that a decoder can look up many keys with their cache misses overlapped
 * (a hint only: no effect on results). */
#if defined(__GNUC__)
#define NER_PREFETCH(p) __builtin_prefetch(p)
#else
#define NER_PREFETCH(p) ((void)(p))
#endif
static inline void ner_model_prefetch(const kh_ner_model *m, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 29)) & (m->n_slots - 1);
    NER_PREFETCH(m->fp ? (const void *)&m->fp[i] : (const void *)&m->keys[i]);
}
/* Asks the kernel for huge pages under the whole 2 MB pages of p[0..n):
 * the weight table and the caches are probed at random, and with 4 KB
 * pages most probes also miss the TLB.  A hint; call before writing. */
void ner_huge_pages(void *p, size_t n);
/* Builds m->fp for a model that will not change; KH_ERR_NOMEM on failure. */
kh_rc ner_model_seal(kh_ner_model *m);
/* The slot of key, inserted (zeroed) if absent; -1 when memory runs out.
 * Slots move when the table grows (at the next insertion). */
long ner_model_put(kh_ner_model *m, uint64_t key);
/* Adds the weight row of key to score[KH_NER_N_TAGS] (nothing if the
 * model has no such feature). */
static inline void ner_model_add(const kh_ner_model *m, uint64_t key, float *score)
{
    const float *r = ner_model_row(m, key);
    if (r)
        for (int t = 0; t < KH_NER_N_TAGS; t++)
            score[t] += r[t];
}
/* Enables the training accumulators u (zeroed); KH_ERR_NOMEM on failure. */
kh_rc ner_model_train_init(kh_ner_model *m);

/* A tagging session (kh_ner_session, analyse.h): what decoding learns
 * about words, kept across texts for as long as its owner runs (an ingest
 * run, an eval run, a server thread) while the model stays read-only and
 * shared.  A word's features depend on the word and its window position
 * only, so each word's five window-part score rows, its left-tag x word
 * rows and its history key are computed once and found again by one probe
 * of the word's hash.  The cache is set-associative (NER_WAYS words a
 * set), bounded, least recently used word of the set replaced; a word
 * used by the sentence being decoded is never replaced (a word whose set
 * is all in use is scored in a scratch entry for that sentence). */
#define NER_WAYS 4
typedef struct ner_word {         /* four cache lines */
    _Alignas(64) ner_tok tok;     /* ner_feature_prepare's, w = NULL (the
                                     text it came from is gone) */
    uint64_t hk;                  /* ner_hist_key */
    const ner_rows *rows;         /* its left-tag x word rows: &ner_zero_rows
                                     (none), NULL (scratch entry: Viterbi
                                     looks them up) or one of the session's
                                     rows[] (the pointer the decoder passes,
                                     taken without a test) */
    float part[5][KH_NER_N_TAGS]; /* scores of the word at window position
                                     i-2..i+2 (ner_feature_part) */
} ner_word;
typedef struct ner_set {                /* one cache line */
    uint64_t key[NER_WAYS];             /* word hashes, 0 = empty */
    uint32_t stamp[NER_WAYS];           /* sentence number of the last use */
    uint32_t unused[16 - 3 * NER_WAYS]; /* pads to 64 bytes */
} ner_set;
struct kh_ner_session {
    void *mem;             /* owns: the block the session is aligned in */
    const kh_ner_model *m; /* borrows; must not change while s lives */
    void *sets_mem;        /* owns: sets, aligned to a cache line inside */
    ner_set *sets;
    size_t set_mask;     /* sets - 1 (a power of two) */
    void *word_mem;      /* owns: word, aligned to a cache line inside */
    ner_word *word;      /* sets * NER_WAYS entries, filled on use */
    ner_rows *rows;      /* owns: as many, for the words that have some */
    uint32_t *free_rows; /* owns: indices of rows freed by replacement */
    size_t n_free, n_rows;
    uint32_t clock;  /* sentence number */
    ner_word edge;   /* one entry standing for every pad: its part[d] is
                        pad[d]'s (d != 2), so a sentence's entries can be
                        framed by it and summed without a test */
    ner_word pad[5]; /* the sentence-edge pads by window position
                        (ner_feature_window; [2] unused) */
    ner_word scratch[NER_MAX_SENT];
    ner_dyncache dc;                    /* filled once: the model does not change */
    ner_hist hist;                      /* of the text being tagged */
    uint16_t hist_slot[NER_HIST_SLOTS]; /* hist's used slots, to clear */
    size_t n_hist_slot;
    size_t n_hit, n_miss, n_evict, n_scratch; /* counts (tests, docs) */
};

/* Viterbi decoding of one sentence of n match-form words: hist (s->hist)
 * is read for the sentence, then given its tags. */
void ner_decode(kh_ner_session *s, const char *const *words, size_t n, uint8_t *tags);
/* True when tag may follow prev in BIO (I-X only after B-X or I-X). */
int ner_tag_allowed(uint8_t prev, uint8_t tag);

#endif
