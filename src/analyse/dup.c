/*
 * src/analyse/dup.c - exact and near duplicates: MinHash signatures of word
 * 3-shingles and an LSH index over a bounded set of recent articles.
 *
 * Input: an article's text in match form (kh_text_normalize).  Output: a
 * kh_dup_sig (a hash of the whole text for exact re-crawls, 64 MinHash
 * values for near duplicates) and, from a kh_dup_index, the earliest indexed
 * article whose estimated Jaccard similarity reaches a threshold.
 *
 * Fits: src/group keeps one kh_dup_index for its time window, adds every
 * article on arrival and removes it on eviction, so a lookup costs the size
 * of a few buckets, never the size of the store.  Depends on: core, text.
 *
 * Method: shingles are three consecutive word tokens (punctuation skipped,
 * stop words kept: wire copies differ in a few words, not in grammar).  Each
 * of the 64 hash functions is a multiply-xorshift of the shingle's xxHash3
 * with its own seed, keeping the upper 32 bits.  LSH cuts the signature into
 * 16 bands of 4 rows: two texts of Jaccard 0.7 share a band with probability
 * 1-(1-0.7^4)^16 = 0.99, of Jaccard 0.3 with 0.12; candidates are then
 * checked on the whole signature.  Texts of fewer than 3 words have no
 * shingles and are matched on the exact hash only.
 * Design notes and evaluation numbers: docs/group.md.
 */
#include "analyse/analyse.h"
#include "core/alloc.h"
#include "core/hash.h"
#include "text/text.h"

#include <string.h>

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#endif
/* xxHash compiled in here too: a shingle's hash (kh_hash_bytes of 24
 * bytes, the same function) then has its length known when compiled. */
#define XXH_INLINE_ALL
#include <xxhash.h>

/* ==== types ==== */

#define NO_NODE UINT32_MAX
#define N_LISTS (KH_DUP_N_BANDS + 1) /* the bands, then the exact hash */
#define ROWS (KH_DUP_N_HASHES / KH_DUP_N_BANDS)

/* One entry in one bucket list. */
typedef struct dup_node {
    uint64_t bkey;  /* band hash (or exact hash) this node is filed under */
    uint32_t entry; /* index into entries */
    uint32_t next;  /* next node of the bucket, or NO_NODE (or free list) */
} dup_node;

typedef struct dup_entry {
    int64_t key; /* the caller's handle */
    kh_dup_sig sig;
    uint32_t next_free; /* free list link when unused */
    int used;
} dup_entry;

struct kh_dup_index {
    dup_entry *entries; /* owns */
    size_t n_entries, cap_entries;
    uint32_t free_entry; /* head of the free entries, or NO_NODE */
    dup_node *nodes;     /* owns */
    size_t n_nodes, cap_nodes;
    uint32_t free_node;
    uint32_t *heads;  /* owns: n_buckets bucket heads */
    size_t n_buckets; /* a power of two */
    size_t n_live;    /* entries in use */
};

/* ==== static prototypes ==== */

static void sign(const char *match, size_t n, const uint64_t *words, size_t n_words,
                 kh_dup_sig *sig);
static void min_block(const uint64_t *seeds, const uint64_t *sh, size_t n, uint64_t *mins);
static uint64_t band_key(const kh_dup_sig *sig, int band);
static uint64_t list_key(const kh_dup_sig *sig, int list);
static int list_used(const kh_dup_sig *sig, int list);
static kh_rc grow_buckets(kh_dup_index *x, kh_err *err);
static uint32_t take_node(kh_dup_index *x, kh_err *err);

/* ==== public functions ==== */

void kh_analyse_dup_hash(const char *match, size_t n, kh_dup_sig *sig)
{
    sign(match, n, NULL, 0, sig);
}

void kh_analyse_dup_hash_words(const char *match, size_t n, const uint64_t *words, size_t n_words,
                               kh_dup_sig *sig)
{
    static const uint64_t none[1] = {0};
    sign(match, n, words ? words : none, words ? n_words : 0, sig);
}

double kh_analyse_dup_similarity(const kh_dup_sig *a, const kh_dup_sig *b)
{
    if (!a || !b || a->exact == 0 || b->exact == 0)
        return 0.0;
    if (a->exact == b->exact)
        return 1.0;
    if (a->n_shingles == 0 || b->n_shingles == 0)
        return 0.0;
    int same = 0;
    for (int i = 0; i < KH_DUP_N_HASHES; i++)
        same += a->min[i] == b->min[i];
    return (double)same / KH_DUP_N_HASHES;
}

kh_dup_index *kh_analyse_dup_index_new(kh_err *err)
{
    kh_dup_index *x = kh_calloc(1, sizeof *x);
    if (!x) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for the duplicate index");
        return NULL;
    }
    x->free_entry = NO_NODE;
    x->free_node = NO_NODE;
    if (grow_buckets(x, err) != KH_OK) {
        kh_free(x);
        return NULL;
    }
    return x;
}

void kh_analyse_dup_index_free(kh_dup_index *x)
{
    if (!x)
        return;
    kh_free(x->entries);
    kh_free(x->nodes);
    kh_free(x->heads);
    kh_free(x);
}

size_t kh_analyse_dup_index_size(const kh_dup_index *x)
{
    return x ? x->n_live : 0;
}

kh_rc kh_analyse_dup_add(kh_dup_index *x, int64_t key, const kh_dup_sig *sig, kh_err *err)
{
    if (!x || !sig)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_analyse_dup_add: no index or signature");
    if (sig->exact == 0)
        return KH_OK; /* an empty text duplicates nothing */
    if ((x->n_live + 1) * N_LISTS > x->n_buckets && grow_buckets(x, err) != KH_OK)
        return KH_ERR_NOMEM;
    /* Take every node first so that a failure leaves the index unchanged. */
    uint32_t nodes[N_LISTS];
    int n_taken = 0;
    for (int l = 0; l < N_LISTS; l++) {
        if (!list_used(sig, l))
            continue;
        uint32_t nd = take_node(x, err);
        if (nd == NO_NODE) {
            for (int i = 0; i < n_taken; i++) {
                x->nodes[nodes[i]].next = x->free_node;
                x->free_node = nodes[i];
            }
            return KH_ERR_NOMEM;
        }
        nodes[n_taken++] = nd;
    }
    uint32_t e;
    if (x->free_entry != NO_NODE) {
        e = x->free_entry;
        x->free_entry = x->entries[e].next_free;
    } else {
        if (x->n_entries == x->cap_entries) {
            size_t cap = x->cap_entries ? 2 * x->cap_entries : 64;
            dup_entry *ne = kh_realloc(x->entries, cap * sizeof *ne);
            if (!ne) {
                for (int i = 0; i < n_taken; i++) {
                    x->nodes[nodes[i]].next = x->free_node;
                    x->free_node = nodes[i];
                }
                return kh_err_set(err, KH_ERR_NOMEM, 0, -1,
                                  "out of memory for the duplicate index");
            }
            x->entries = ne;
            x->cap_entries = cap;
        }
        e = (uint32_t)x->n_entries++;
    }
    x->entries[e].key = key;
    x->entries[e].sig = *sig;
    x->entries[e].used = 1;
    x->entries[e].next_free = NO_NODE;
    int k = 0;
    for (int l = 0; l < N_LISTS; l++) {
        if (!list_used(sig, l))
            continue;
        dup_node *nd = &x->nodes[nodes[k]];
        nd->bkey = list_key(sig, l);
        nd->entry = e;
        size_t b = nd->bkey & (x->n_buckets - 1);
        nd->next = x->heads[b];
        x->heads[b] = nodes[k];
        k++;
    }
    x->n_live++;
    return KH_OK;
}

void kh_analyse_dup_remove(kh_dup_index *x, int64_t key, const kh_dup_sig *sig)
{
    if (!x || !sig || sig->exact == 0)
        return;
    uint32_t e = NO_NODE;
    uint64_t keys[N_LISTS];
    for (int l = 0; l < N_LISTS; l++) { /* the buckets asked for first, as in find */
        keys[l] = list_used(sig, l) ? list_key(sig, l) : 0;
        __builtin_prefetch(&x->heads[keys[l] & (x->n_buckets - 1)]);
    }
    for (int l = 0; l < N_LISTS; l++) {
        uint32_t i = x->heads[keys[l] & (x->n_buckets - 1)];
        if (i != NO_NODE)
            __builtin_prefetch(&x->nodes[i]);
    }
    for (int l = 0; l < N_LISTS; l++) {
        if (!list_used(sig, l))
            continue;
        uint64_t bk = keys[l];
        uint32_t *link = &x->heads[bk & (x->n_buckets - 1)];
        while (*link != NO_NODE) {
            dup_node *nd = &x->nodes[*link];
            if (nd->bkey == bk && x->entries[nd->entry].key == key) {
                e = nd->entry;
                uint32_t gone = *link;
                *link = nd->next;
                x->nodes[gone].next = x->free_node;
                x->free_node = gone;
                break;
            }
            link = &nd->next;
        }
    }
    if (e != NO_NODE && x->entries[e].used) {
        x->entries[e].used = 0;
        x->entries[e].next_free = x->free_entry;
        x->free_entry = e;
        x->n_live--;
    }
}

int kh_analyse_dup_find(const kh_dup_index *x, const kh_dup_sig *sig, double min_sim, int64_t *key,
                        double *sim)
{
    if (!x || !sig || sig->exact == 0)
        return 0;
    int found = 0;
    int64_t best_key = 0;
    double best_sim = 0.0;
    /* The 17 buckets are scattered over a big array: ask for all of them,
     * then for their first nodes, before walking them (in the same order),
     * so that the misses overlap instead of coming one after another. */
    uint64_t keys[N_LISTS];
    uint32_t first[N_LISTS];
    for (int l = 0; l < N_LISTS; l++) {
        keys[l] = list_used(sig, l) ? list_key(sig, l) : 0;
        __builtin_prefetch(&x->heads[keys[l] & (x->n_buckets - 1)]);
    }
    for (int l = 0; l < N_LISTS; l++) {
        first[l] = x->heads[keys[l] & (x->n_buckets - 1)];
        if (first[l] != NO_NODE)
            __builtin_prefetch(&x->nodes[first[l]]);
    }
    for (int l = 0; l < N_LISTS; l++) {
        if (!list_used(sig, l))
            continue;
        uint64_t bk = keys[l];
        for (uint32_t i = first[l]; i != NO_NODE; i = x->nodes[i].next) {
            const dup_node *nd = &x->nodes[i];
            if (nd->bkey != bk)
                continue;
            const dup_entry *en = &x->entries[nd->entry];
            if (found && en->key >= best_key)
                continue; /* the earliest copy wins */
            double s = kh_analyse_dup_similarity(sig, &en->sig);
            if (s >= min_sim) {
                found = 1;
                best_key = en->key;
                best_sim = s;
            }
        }
    }
    if (found) {
        if (key)
            *key = best_key;
        if (sim)
            *sim = best_sim;
    }
    return found;
}

/* ==== static functions ==== */

/* The MinHash of a block of shingle hashes: for each of the 64 functions
 * i, h_i(x) = upper 32 bits of v ^ (v >> 29), v = (x ^ seeds[i]) * MUL,
 * and mins[i] the least h_i over the block (and its earlier value).  That
 * is 64 multiplications a shingle, a fifth of the clusterer's instructions
 * when done one at a time; the same integer arithmetic on 8 or 4 lanes
 * gives the same minima, so where the processor has AVX-512 or AVX2 the
 * lanes do it (chosen at run time; valgrind's CPU has no AVX-512).  Each
 * group of lanes keeps its seeds and minima in two registers over the whole
 * block (functions outside, shingles inside): with the shingles outside the
 * 16 or 8 groups' minima did not fit the registers and went to memory at
 * every shingle. */
#define MINHASH_MUL 0x9E3779B97F4A7C15ull

static void min_block_scalar(const uint64_t *seeds, const uint64_t *sh, size_t n, uint64_t *mins)
{
    for (size_t k = 0; k < n; k++) {
        for (int i = 0; i < KH_DUP_N_HASHES; i++) {
            uint64_t v = (sh[k] ^ seeds[i]) * MINHASH_MUL;
            uint64_t h = (v ^ (v >> 29)) >> 32;
            mins[i] = h < mins[i] ? h : mins[i];
        }
    }
}

#if defined(__GNUC__) && defined(__x86_64__)
#define MINHASH_LANES 1

/* AVX-512 multiplies 64-bit lanes; (v ^ (v >> 29)) >> 32 is
 * (v >> 32) ^ (v >> 61), and the minima are unsigned 64-bit. */
__attribute__((target("avx512f,avx512dq"))) static void
min_block_avx512(const uint64_t *seeds, const uint64_t *sh, size_t n, uint64_t *mins)
{
    const __m512i mul = _mm512_set1_epi64((long long)MINHASH_MUL);
    for (int j = 0; j < KH_DUP_N_HASHES / 8; j++) {
        __m512i s = _mm512_loadu_si512(seeds + 8 * j), m = _mm512_loadu_si512(mins + 8 * j);
        for (size_t k = 0; k < n; k++) {
            __m512i x = _mm512_set1_epi64((long long)sh[k]);
            __m512i v = _mm512_mullo_epi64(_mm512_xor_si512(s, x), mul);
            __m512i h = _mm512_xor_si512(_mm512_srli_epi64(v, 32), _mm512_srli_epi64(v, 61));
            m = _mm512_min_epu64(m, h);
        }
        _mm512_storeu_si512(mins + 8 * j, m);
    }
}

/* AVX2 has no 64-bit multiplication, but only the upper half t of v is
 * needed: with a = x ^ seed, t = hi(a_lo * M_lo) + lo(a_lo * M_hi) +
 * lo(a_hi * M_lo) mod 2^32 (three 32 x 32 -> 64 products), and the hash is
 * t ^ (t >> 29).  Each 64-bit lane's low half holds t; the minima are taken
 * on 32-bit halves, and the upper halves of mins start at 0 (every minimum
 * is at most UINT32_MAX) and so stay 0. */
__attribute__((target("avx2"))) static void
min_block_avx2(const uint64_t *seeds, const uint64_t *sh, size_t n, uint64_t *mins)
{
    const __m256i lo = _mm256_set1_epi64x((long long)(MINHASH_MUL & 0xFFFFFFFFu));
    const __m256i hi = _mm256_set1_epi64x((long long)(MINHASH_MUL >> 32));
    for (int j = 0; j < KH_DUP_N_HASHES / 4; j++) {
        __m256i s = _mm256_loadu_si256((const __m256i *)(seeds + 4 * j));
        __m256i m = _mm256_loadu_si256((const __m256i *)(mins + 4 * j));
        for (size_t k = 0; k < n; k++) {
            __m256i a = _mm256_xor_si256(s, _mm256_set1_epi64x((long long)sh[k]));
            __m256i p0 = _mm256_mul_epu32(a, lo);
            __m256i p1 = _mm256_mul_epu32(a, hi);
            __m256i p2 = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), lo);
            __m256i t = _mm256_add_epi32(_mm256_srli_epi64(p0, 32), _mm256_add_epi32(p1, p2));
            m = _mm256_min_epu32(m, _mm256_xor_si256(t, _mm256_srli_epi32(t, 29)));
        }
        _mm256_storeu_si256((__m256i *)(mins + 4 * j), m);
    }
}
#endif

static void min_block(const uint64_t *seeds, const uint64_t *sh, size_t n, uint64_t *mins)
{
#ifdef MINHASH_LANES
    if (__builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512f")) {
        min_block_avx512(seeds, sh, n, mins);
        return;
    }
    if (__builtin_cpu_supports("avx2")) {
        min_block_avx2(seeds, sh, n, mins);
        return;
    }
#endif
    min_block_scalar(seeds, sh, n, mins);
}

/* The signature of match[0..n); the word hashes come from words[0..n_words)
 * when words is not NULL (a caller that tokenised already), else from
 * tokenising match here.  Shingle hashes are gathered in blocks for
 * min_block(). */
static void sign(const char *match, size_t n, const uint64_t *words, size_t n_words,
                 kh_dup_sig *sig)
{
    /* Per-function seeds; any fixed odd constants do. */
    uint64_t seeds[KH_DUP_N_HASHES] __attribute__((aligned(64)));
    uint64_t mins[KH_DUP_N_HASHES] __attribute__((aligned(64)));
    uint64_t s = 0x243F6A8885A308D3ull;
    for (int i = 0; i < KH_DUP_N_HASHES; i++) {
        s += MINHASH_MUL;
        uint64_t z = s;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        seeds[i] = z ^ (z >> 31);
        mins[i] = UINT32_MAX;
    }
    memset(sig, 0, sizeof *sig);
    for (int i = 0; i < KH_DUP_N_HASHES; i++)
        sig->min[i] = UINT32_MAX;
    if (!match || n == 0)
        return;
    sig->exact = kh_hash_bytes(match, n, 0x6B68616272ull) | 1; /* 0 means "no text" */

    enum { BLOCK = 256 };
    uint64_t block[BLOCK];
    size_t n_block = 0;
    uint64_t win[3] = {0, 0, 0};
    size_t n_seen = 0, pos = 0, k = 0;
    kh_token tok;
    for (;;) {
        uint64_t wh;
        if (words) {
            if (k == n_words)
                break;
            wh = words[k++];
        } else {
            if (!kh_text_tokenize_next(match, n, &pos, &tok))
                break;
            if (tok.kind == KH_TOKEN_PUNCT)
                continue;
            wh = kh_hash_bytes(match + tok.off, tok.len, 0);
        }
        win[0] = win[1];
        win[1] = win[2];
        win[2] = wh;
        if (++n_seen < 3)
            continue;
        block[n_block++] = XXH3_64bits_withSeed(win, sizeof win, 0x7368696e676c65ull);
        sig->n_shingles++;
        if (n_block == BLOCK) {
            min_block(seeds, block, n_block, mins);
            n_block = 0;
        }
    }
    if (n_block > 0)
        min_block(seeds, block, n_block, mins);
    for (int i = 0; i < KH_DUP_N_HASHES; i++)
        sig->min[i] = (uint32_t)mins[i];
}

/* The hash of one band: its rows and its number, so equal rows in
 * different bands do not collide. */
static uint64_t band_key(const kh_dup_sig *sig, int band)
{
    uint32_t rows[ROWS + 1];
    memcpy(rows, sig->min + band * ROWS, ROWS * sizeof rows[0]);
    rows[ROWS] = (uint32_t)band;
    return kh_hash_bytes(rows, sizeof rows, 0x62616e64ull);
}

static uint64_t list_key(const kh_dup_sig *sig, int list)
{
    return list == KH_DUP_N_BANDS ? sig->exact : band_key(sig, list);
}

/* Texts without shingles are filed under their exact hash only. */
static int list_used(const kh_dup_sig *sig, int list)
{
    return list == KH_DUP_N_BANDS || sig->n_shingles > 0;
}

/* Doubles the bucket array (or makes the first) and refiles every node. */
static kh_rc grow_buckets(kh_dup_index *x, kh_err *err)
{
    size_t n = x->n_buckets ? 2 * x->n_buckets : 1024;
    uint32_t *heads = kh_alloc(n * sizeof *heads);
    if (!heads)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for the duplicate index");
    for (size_t i = 0; i < n; i++)
        heads[i] = NO_NODE;
    for (size_t b = 0; b < x->n_buckets; b++) {
        uint32_t i = x->heads[b];
        while (i != NO_NODE) {
            uint32_t next = x->nodes[i].next;
            size_t nb = x->nodes[i].bkey & (n - 1);
            x->nodes[i].next = heads[nb];
            heads[nb] = i;
            i = next;
        }
    }
    kh_free(x->heads);
    x->heads = heads;
    x->n_buckets = n;
    return KH_OK;
}

static uint32_t take_node(kh_dup_index *x, kh_err *err)
{
    if (x->free_node != NO_NODE) {
        uint32_t i = x->free_node;
        x->free_node = x->nodes[i].next;
        return i;
    }
    if (x->n_nodes == x->cap_nodes) {
        size_t cap = x->cap_nodes ? 2 * x->cap_nodes : 1024;
        dup_node *nn = kh_realloc(x->nodes, cap * sizeof *nn);
        if (!nn) {
            kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for the duplicate index");
            return NO_NODE;
        }
        x->nodes = nn;
        x->cap_nodes = cap;
    }
    return (uint32_t)x->n_nodes++;
}
