/*
 * src/analyse/variant.c - one entity, many spellings: canonical keys and
 * the merging of name variants.
 *
 * Input: surface forms found by the tagger (kh_variant_form: display form,
 * match form, type, count, document, neighbouring words).  Output: entities
 * (kh_entity) with a canonical display name (the most frequent form), its
 * match form as key, the variants and the total count.
 * Fits: entity.c merges one article's forms; `khabar entities` merges the
 * forms of many articles the same way.
 *
 * Method: union-find over the forms, strongest evidence first:
 *  1. same light key (match form, doubled letters collapsed, final ه
 *     dropped): ييرماك = يرماك, أندري = أندريه; the type may differ (the
 *     tagger's mistake), the entity takes the majority type;
 *  2. a proclitic (و ب ل ف, ال and their runs) stripped leaves a form
 *     already known with the same type: وروبيو = روبيو, الكرملين = كرملين;
 *     a person's ال stays (الفيصل is a family, not فيصل);
 *  3. same consonant skeleton (long vowels dropped except word-initially)
 *     of at least 5 letters: زيلنسكي = زيلينسكي;
 *  4. skeletons of 6+ letters one edit apart, same first letter;
 *     (rules 3-5 are spelling guesses: only they obey the rule below)
 *  5. a one-word name joins the only multi-word name of its type whose
 *     last word it matches (ماكرون -> إيمانويل ماكرون), unless that word
 *     follows بن، أبو، آل...: فهد is not فيصل بن فهد.
 * Multi-word names match word by word.  Short skeletons never merge on
 * their own: محمد/محمود, سلمان/سليمان, عمر/عمرو (Omar and Amr are two
 * names, not two spellings) stay apart, with an article too (its two
 * letters do not count: السلمان/السليمان).  And two forms that are both
 * frequent (2+) in one document with disjoint neighbours are kept apart
 * whatever their spelling: the document names two people.
 * Depends on: core, text.
 */
#include "analyse/analyse.h"
#include "core/alloc.h"
#include "core/hash.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#define MAX_KEY 256 /* bytes of a light key or skeleton; longer names are cut */
#define MAX_WORDS 8

/* ---- types ---- */

typedef struct form_info {
    char light[MAX_KEY]; /* light key of the whole form (words joined by ' ') */
    size_t n_words;
    size_t word_off[MAX_WORDS], word_len[MAX_WORDS]; /* into light */
    /* Each word's skeleton, made on first use and kept: the spelling test
     * compares every pair of forms, and made them again for each pair. */
    char skel[MAX_KEY];
    size_t skel_used; /* bytes of skel taken */
    size_t skel_off[MAX_WORDS], skel_len[MAX_WORDS], skel_cps[MAX_WORDS];
    /* SKEL_NONE, SKEL_KEPT, or SKEL_TOO_BIG: made at each use (skeletons
     * are no longer than their words, so only bytes that are not UTF-8,
     * decoded as U+FFFD, can need more room than light has) */
    int skel_state[MAX_WORDS];
} form_info;

enum { SKEL_NONE = 0, SKEL_KEPT, SKEL_TOO_BIG };

/* A form filed by what its spelling can match: type, word count and the
 * head of a word's skeleton (skel_head: the name's first letter, after an
 * article, and whether there was one). */
typedef struct block_ref {
    uint64_t key;
    size_t i;
} block_ref;

/* A word and its skeleton, for word_same. */
typedef struct word_ref {
    const char *w;
    size_t n;
    const char *skel; /* borrows a form_info's skel or the caller's buffer */
    size_t skel_len, skel_cps;
} word_ref;

typedef struct uf {
    size_t *parent; /* owns */
    size_t *next;   /* owns: members as a circular list per group */
} uf;

/* Proclitic runs, longest first; what remains must keep 3+ letters. */
static const char *const clitics[] = {"وبال", "وال", "بال", "فال", "لل", "ال",
                                      "و",    "ب",   "ل",   "ف",   NULL};

/* ---- static prototypes ---- */

static size_t light_key(const char *w, size_t n, char *out, size_t cap);
static size_t cp_count(const char *s, size_t n);
static int word_same(const word_ref *a, const word_ref *b);
static void word_of(const char *w, size_t n, char *buf, word_ref *r);
static void word_at(form_info *fi, size_t k, char *buf, word_ref *r);
static size_t edit_distance(const char *a, size_t an, const char *b, size_t bn);
static void info_make(const kh_variant_form *f, form_info *fi);
static int forms_same(form_info *a, form_info *b);
static size_t uf_find(uf *u, size_t x);
static void uf_try_union(uf *u, const kh_variant_form *forms, const form_info *info, size_t a,
                         size_t b, int check);
static int cannot_link(const kh_variant_form *a, const form_info *ai, const kh_variant_form *b,
                       const form_info *bi);
static int cmp_entity(const void *a, const void *b);
static int block_link(const kh_variant_form *forms, form_info *info, size_t n, size_t *next);
static int cmp_block(const void *a, const void *b);
static uint64_t skel_head(const word_ref *r);
static size_t core_off(const char *skel, size_t len);
static int has_article(const char *clitic);
static int joint_before(const form_info *fi, size_t k);
static size_t core_cps(const char *skel, size_t len, size_t cps);

/* ---- public functions ---- */

size_t kh_analyse_variant_skeleton(const char *key, size_t n, char *out, size_t cap)
{
    char light[MAX_KEY];
    size_t ln = light_key(key, n, light, sizeof light);
    size_t pos = 0, o = 0, first = 1;
    uint32_t cp, last = 0;
    if (cap == 0)
        return 0;
    while (kh_text_utf8_next(light, ln, &pos, &cp)) {
        int vowel = cp == 0x627 || cp == 0x648 || cp == 0x64A; /* ا و ي */
        if (!(vowel && !first) && cp != last) {
            char b[4];
            size_t bl = 0;
            if (cp < 0x80)
                b[bl++] = (char)cp;
            else if (cp < 0x800) {
                b[bl++] = (char)(0xC0 | (cp >> 6));
                b[bl++] = (char)(0x80 | (cp & 0x3F));
            } else {
                b[bl++] = (char)(0xE0 | (cp >> 12));
                b[bl++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                b[bl++] = (char)(0x80 | (cp & 0x3F));
            }
            if (o + bl >= cap)
                break;
            memcpy(out + o, b, bl);
            o += bl;
            last = cp;
        }
        first = 0;
    }
    out[o] = 0;
    return o;
}

int kh_analyse_variant_same(const char *a, const char *b)
{
    kh_variant_form fa = {0}, fb = {0};
    fa.key = a;
    fb.key = b;
    form_info ia, ib;
    info_make(&fa, &ia);
    info_make(&fb, &ib);
    return forms_same(&ia, &ib);
}

kh_rc kh_analyse_variant_merge(const kh_variant_form *forms, size_t n, kh_arena *arena,
                               kh_entity **out, size_t *n_out, kh_err *err)
{
    kh_rc rc = KH_OK;
    form_info *info = NULL;
    uf u = {NULL, NULL};
    size_t *group_of = NULL, *order = NULL, *vcount = NULL, *block_next = NULL;
    block_ref *tails = NULL;
    kh_entity *ents = NULL;
    kh_hash light_idx;
    kh_hash_init(&light_idx, NULL);
    *out = NULL;
    *n_out = 0;
    if (n == 0)
        return KH_OK;
    info = kh_alloc(n * sizeof *info);
    u.parent = kh_alloc(n * sizeof *u.parent);
    u.next = kh_alloc(n * sizeof *u.next);
    group_of = kh_alloc(n * sizeof *group_of);
    order = kh_alloc(n * sizeof *order);
    vcount = kh_alloc(n * sizeof *vcount); /* a group's variant counts, one group at a time */
    if (!info || !u.parent || !u.next || !group_of || !order || !vcount)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        info_make(&forms[i], &info[i]);
        u.parent[i] = u.next[i] = i;
    }
    /* 1. same light key, any type. */
    for (size_t i = 0; i < n; i++) {
        int added;
        kh_hval *hv = kh_hash_put(&light_idx, info[i].light, strlen(info[i].light), &added);
        if (!hv)
            goto nomem;
        if (added)
            hv->i = (int64_t)i;
        else
            uf_try_union(&u, forms, info, (size_t)hv->i, i, 0);
    }
    /* 2. proclitics, when the rest is a known form of the same type: every
     * reading is tried (والولايات: و + الولايات before وال + ولايات). */
    for (size_t i = 0; i < n; i++) {
        const char *l = info[i].light;
        size_t ln = strlen(l), first = info[i].n_words ? info[i].word_len[0] : 0;
        for (size_t k = 0; clitics[k]; k++) {
            size_t cl = strlen(clitics[k]);
            if (first <= cl || memcmp(l, clitics[k], cl) != 0 || cp_count(l + cl, first - cl) < 3)
                continue;
            /* الفيصل، المنصور، السليمان are family names, not فيصل،
             * منصور، سليمان with an article: a person keeps its ال. */
            if (forms[i].type == KH_ENTITY_PERSON && has_article(clitics[k]))
                continue;
            kh_hval *hv = kh_hash_get(&light_idx, l + cl, ln - cl);
            if (hv && forms[hv->i].type == forms[i].type) {
                uf_try_union(&u, forms, info, (size_t)hv->i, i, 0);
                break;
            }
        }
    }
    /* 3-4. spelling (skeletons, edit distance), same type, same word count.
     * Both rules need the first words' skeletons to begin alike, so only
     * forms of one block are compared (a day's 13,000 forms were 85M
     * pairs); within it in the order of the plain double loop, so the
     * unions, and the distinct-people checks, come out the same. */
    if (!(block_next = kh_alloc(n * sizeof *block_next)) || block_link(forms, info, n, block_next))
        goto nomem;
    for (size_t i = 0; i < n; i++)
        for (size_t j = block_next[i]; j != n; j = block_next[j])
            if (uf_find(&u, i) != uf_find(&u, j) && forms_same(&info[i], &info[j]))
                uf_try_union(&u, forms, info, i, j, 1);
    /* 5. a one-word name joins the only multi-word group ending like it:
     * the multi-word forms by the block of their last word, so that a
     * one-word form meets only those that can end like it (in index order,
     * as a scan of all forms would). */
    size_t n_tails = 0;
    if (!(tails = kh_alloc(n * sizeof *tails)))
        goto nomem;
    for (size_t j = 0; j < n; j++) {
        if (info[j].n_words < 2)
            continue;
        char bj[MAX_KEY];
        word_ref rj;
        word_at(&info[j], info[j].n_words - 1, bj, &rj);
        tails[n_tails].key = (uint64_t)forms[j].type << 40 | skel_head(&rj);
        tails[n_tails++].i = j;
    }
    qsort(tails, n_tails, sizeof *tails, cmp_block);
    for (size_t i = 0; i < n; i++) {
        if (info[i].n_words != 1)
            continue;
        char bi[MAX_KEY];
        word_ref ri;
        /* The whole light key: word 0 when that is all of it. */
        if (info[i].word_off[0] == 0 && info[i].word_len[0] == strlen(info[i].light))
            word_at(&info[i], 0, bi, &ri);
        else
            word_of(info[i].light, strlen(info[i].light), bi, &ri);
        uint64_t key = (uint64_t)forms[i].type << 40 | skel_head(&ri);
        size_t lo = 0, hi = n_tails; /* the first tail of the key */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (tails[mid].key < key)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t target = n, n_targets = 0;
        for (size_t k = lo; k < n_tails && tails[k].key == key; k++) {
            size_t j = tails[k].i;
            size_t lw = info[j].n_words - 1;
            char bj[MAX_KEY];
            word_ref rj;
            word_at(&info[j], lw, bj, &rj);
            if (!word_same(&ri, &rj))
                continue;
            /* فيصل بن فهد ends with his father's name: a bare فهد is
             * somebody else; so are مازن of أبو مازن and سعود of آل سعود. */
            if (joint_before(&info[j], lw))
                continue;
            size_t g = uf_find(&u, j);
            if (target == n || uf_find(&u, target) != g) {
                n_targets++;
                target = j;
            }
        }
        /* The bare surname itself is no spelling guess: only a variant
         * spelling of it must respect the distinct-people rule. */
        if (n_targets == 1) {
            const form_info *ft = &info[target];
            size_t lw = ft->n_words - 1;
            int exact = strlen(info[i].light) == ft->word_len[lw] &&
                        memcmp(info[i].light, ft->light + ft->word_off[lw], ft->word_len[lw]) == 0;
            uf_try_union(&u, forms, info, target, i, !exact);
        }
    }

    /* Entities: one per group root. */
    size_t n_ents = 0;
    for (size_t i = 0; i < n; i++)
        if (uf_find(&u, i) == i)
            group_of[i] = n_ents++;
    ents = kh_arena_calloc(arena, n_ents * sizeof *ents);
    if (!ents)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        size_t root = uf_find(&u, i);
        if (root != i)
            continue;
        kh_entity *e = &ents[group_of[i]];
        size_t type_count[KH_ENTITY__COUNT] = {0};
        size_t n_members = 0;
        size_t x = i;
        do {
            e->count += forms[x].count;
            if (forms[x].type < KH_ENTITY__COUNT)
                type_count[forms[x].type] += forms[x].count;
            order[n_members++] = x;
            x = u.next[x];
        } while (x != i);
        e->type = KH_ENTITY_PERSON;
        for (int t = 1; t < KH_ENTITY__COUNT; t++)
            if (type_count[t] > type_count[e->type])
                e->type = (kh_entity_type)t;
        /* Distinct display forms with their summed counts, most frequent
         * first (ties: first seen). */
        e->variants = kh_arena_alloc(arena, n_members * sizeof *e->variants);
        if (!e->variants)
            goto nomem;
        memset(vcount, 0, n_members * sizeof *vcount);
        for (size_t k = 0; k < n_members; k++) {
            const kh_variant_form *f = &forms[order[k]];
            size_t v = 0;
            while (v < e->n_variants && strcmp(e->variants[v], f->display) != 0)
                v++;
            if (v == e->n_variants)
                e->variants[e->n_variants++] = f->display;
            vcount[v] += f->count;
        }
        for (size_t a = 1; a < e->n_variants; a++) /* insertion sort: few variants */
            for (size_t b = a; b > 0 && vcount[b] > vcount[b - 1]; b--) {
                size_t tc = vcount[b];
                vcount[b] = vcount[b - 1];
                vcount[b - 1] = tc;
                const char *ts = e->variants[b];
                e->variants[b] = e->variants[b - 1];
                e->variants[b - 1] = ts;
            }
        for (size_t v = 0; v < e->n_variants; v++) {
            e->variants[v] = kh_arena_strdup(arena, e->variants[v]);
            if (!e->variants[v])
                goto nomem;
        }
        e->name = e->variants[0];
        for (size_t k = 0; k < n_members; k++)
            if (strcmp(forms[order[k]].display, e->name) == 0) {
                e->key = kh_arena_strdup(arena, forms[order[k]].key);
                break;
            }
        if (!e->key)
            goto nomem;
    }
    qsort(ents, n_ents, sizeof *ents, cmp_entity);
    *out = ents;
    *n_out = n_ents;
    goto done;
nomem:
    rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
done:
    kh_free(info);
    kh_free(u.parent);
    kh_free(u.next);
    kh_free(group_of);
    kh_free(order);
    kh_free(vcount);
    kh_free(block_next);
    kh_free(tails);
    kh_hash_clean(&light_idx);
    return rc;
}

/* ---- static functions ---- */

/* Match form with doubled letters collapsed and a final ه dropped (ة is
 * already ه in the match form): the spellings that are never two names. */
static size_t light_key(const char *w, size_t n, char *out, size_t cap)
{
    size_t pos = 0, o = 0;
    uint32_t cp, last = 0;
    if (cap == 0)
        return 0;
    while (kh_text_utf8_next(w, n, &pos, &cp)) {
        size_t len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (cp == last && cp != ' ')
            continue; /* doubled letter */
        if (o + len >= cap)
            break;
        memcpy(out + o, w + pos - len, len);
        o += len;
        last = cp;
    }
    /* Drop the final ه of every word that keeps 2+ letters. */
    size_t r = 0;
    for (size_t i = 0; i < o; i++) {
        int at_end = i + 2 == o || (i + 2 < o && out[i + 2] == ' ');
        if (i + 1 < o && (unsigned char)out[i] == 0xD9 && (unsigned char)out[i + 1] == 0x87 &&
            at_end && r >= 4 && out[r - 1] != ' ' && out[r - 3] != ' ') {
            i++;
            continue;
        }
        out[r++] = out[i];
    }
    out[r] = 0;
    return r;
}

static size_t cp_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* Two light-keyed words the same by spelling.  In a multi-word name the
 * other words already agree, so it is the same test. */
static int word_same(const word_ref *a, const word_ref *b)
{
    if (a->n == b->n && memcmp(a->w, b->w, a->n) == 0)
        return 1;
    const char *sa = a->skel, *sb = b->skel;
    size_t la = a->skel_len, lb = b->skel_len;
    /* Letters of the name itself: السلمان and السليمان share a skeleton
     * of 6 letters, but the names are the 4 of سلمان and سليمان. */
    size_t ca = core_cps(sa, la, a->skel_cps), cb = core_cps(sb, lb, b->skel_cps);
    if (la == lb && memcmp(sa, sb, la) == 0 && ca >= 5)
        return 1;
    /* The same first letter of the name, after an article. */
    size_t oa = core_off(sa, la), ob = core_off(sb, lb);
    if (ca >= 6 && cb >= 6 && la >= oa + 2 && lb >= ob + 2 && memcmp(sa + oa, sb + ob, 2) == 0 &&
        edit_distance(sa, la, sb, lb) <= 1 && edit_distance(a->w, a->n, b->w, b->n) <= 2)
        return 1;
    return 0;
}

/* w[0..n) and its skeleton, made into buf (MAX_KEY bytes). */
static void word_of(const char *w, size_t n, char *buf, word_ref *r)
{
    r->w = w;
    r->n = n;
    r->skel = buf;
    r->skel_len = kh_analyse_variant_skeleton(w, n, buf, MAX_KEY);
    r->skel_cps = cp_count(buf, r->skel_len);
}

/* Word k of fi with its skeleton, kept in fi the first time (buf, MAX_KEY
 * bytes, holds it when fi has no room left). */
static void word_at(form_info *fi, size_t k, char *buf, word_ref *r)
{
    const char *w = fi->light + fi->word_off[k];
    size_t n = fi->word_len[k];
    if (fi->skel_state[k] == SKEL_KEPT) {
        r->w = w;
        r->n = n;
        r->skel = fi->skel + fi->skel_off[k];
        r->skel_len = fi->skel_len[k];
        r->skel_cps = fi->skel_cps[k];
        return;
    }
    word_of(w, n, buf, r);
    if (fi->skel_state[k] == SKEL_NONE) {
        if (fi->skel_used + r->skel_len < sizeof fi->skel) {
            memcpy(fi->skel + fi->skel_used, buf, r->skel_len);
            fi->skel_off[k] = fi->skel_used;
            fi->skel_len[k] = r->skel_len;
            fi->skel_cps[k] = r->skel_cps;
            fi->skel_used += r->skel_len;
            fi->skel_state[k] = SKEL_KEPT;
        } else {
            fi->skel_state[k] = SKEL_TOO_BIG;
        }
    }
}

/* Levenshtein distance over code points (names are short). */
static size_t edit_distance(const char *a, size_t an, const char *b, size_t bn)
{
    uint32_t ca[64] = {0}, cb[64] = {0};
    size_t na = 0, nb = 0, pos = 0;
    uint32_t cp;
    while (na < 64 && kh_text_utf8_next(a, an, &pos, &cp))
        ca[na++] = cp;
    pos = 0;
    while (nb < 64 && kh_text_utf8_next(b, bn, &pos, &cp))
        cb[nb++] = cp;
    size_t row[65];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (ca[i - 1] != cb[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

static void info_make(const kh_variant_form *f, form_info *fi)
{
    const char *key = f->key ? f->key : "";
    light_key(key, strlen(key), fi->light, sizeof fi->light);
    fi->n_words = 0;
    fi->skel_used = 0;
    memset(fi->skel_state, 0, sizeof fi->skel_state);
    size_t len = strlen(fi->light);
    for (size_t i = 0; i < len && fi->n_words < MAX_WORDS;) {
        while (i < len && fi->light[i] == ' ')
            i++;
        size_t s = i;
        while (i < len && fi->light[i] != ' ')
            i++;
        if (i > s) {
            fi->word_off[fi->n_words] = s;
            fi->word_len[fi->n_words++] = i - s;
        }
    }
}

static int forms_same(form_info *a, form_info *b)
{
    if (a->n_words != b->n_words || a->n_words == 0)
        return strcmp(a->light, b->light) == 0;
    for (size_t w = 0; w < a->n_words; w++) {
        char ba[MAX_KEY], bb[MAX_KEY];
        word_ref ra, rb;
        word_at(a, w, ba, &ra);
        word_at(b, w, bb, &rb);
        if (!word_same(&ra, &rb))
            return 0;
    }
    return 1;
}

static size_t uf_find(uf *u, size_t x)
{
    while (u->parent[x] != x) {
        u->parent[x] = u->parent[u->parent[x]];
        x = u->parent[x];
    }
    return x;
}

/* Unites the groups of a and b unless a member of one and a member of the
 * other must stay apart. */
static void uf_try_union(uf *u, const kh_variant_form *forms, const form_info *info, size_t a,
                         size_t b, int check)
{
    size_t ra = uf_find(u, a), rb = uf_find(u, b);
    if (ra == rb)
        return;
    size_t x = ra;
    do {
        if (!check)
            break;
        size_t y = rb;
        do {
            if (cannot_link(&forms[x], &info[x], &forms[y], &info[y]))
                return;
            y = u->next[y];
        } while (y != rb);
        x = u->next[x];
    } while (x != ra);
    u->parent[rb] = ra;
    size_t t = u->next[ra]; /* splice the two circular lists */
    u->next[ra] = u->next[rb];
    u->next[rb] = t;
}

/* Two differently spelled forms, both frequent in one document, with no
 * neighbouring word in common: two people. */
static int cannot_link(const kh_variant_form *a, const form_info *ai, const kh_variant_form *b,
                       const form_info *bi)
{
    if (a->doc != b->doc || a->count < 2 || b->count < 2 || strcmp(ai->light, bi->light) == 0)
        return 0;
    if (a->n_ctx == 0 || b->n_ctx == 0)
        return 0;
    for (size_t i = 0; i < a->n_ctx; i++)
        for (size_t j = 0; j < b->n_ctx; j++)
            if (a->ctx[i] == b->ctx[j])
                return 0;
    return 1;
}

static int cmp_entity(const void *a, const void *b)
{
    const kh_entity *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* 1 when a proclitic run holds the article (ال، وال، بال، لل...). */
static int has_article(const char *clitic)
{
    return strstr(clitic, "ال") != NULL || strcmp(clitic, "لل") == 0;
}

/* 1 when word k of fi follows a word that joins the parts of a name (بن،
 * ابن، بنت، أبو، أم، آل as light keys): word k is then another person's
 * name, the father's, the son's or the family's. */
static int joint_before(const form_info *fi, size_t k)
{
    static const char *const joints[] = {"بن", "ابن", "بنت", "ابو", "ام", "ال", NULL};
    if (k == 0)
        return 0;
    const char *w = fi->light + fi->word_off[k - 1];
    size_t n = fi->word_len[k - 1];
    for (size_t i = 0; joints[i]; i++)
        if (strlen(joints[i]) == n && memcmp(joints[i], w, n) == 0)
            return 1;
    return 0;
}

/* Code points of a skeleton without a leading article ال. */
static size_t core_cps(const char *skel, size_t len, size_t cps)
{
    return core_off(skel, len) ? cps - 2 : cps;
}

/* Links each form to the next form (by index) of its block in next[]
 * (n: none).  Two forms can be the same by spelling only with one type,
 * one word count and first words of the same skel_head.  0, or -1 when
 * memory runs out. */
static int block_link(const kh_variant_form *forms, form_info *info, size_t n, size_t *next)
{
    block_ref *refs = kh_alloc(n * sizeof *refs);
    if (!refs)
        return -1;
    for (size_t i = 0; i < n; i++) {
        uint64_t head = 0;
        if (info[i].n_words > 0) {
            char buf[MAX_KEY];
            word_ref r;
            word_at(&info[i], 0, buf, &r);
            head = skel_head(&r);
        }
        refs[i].key = (uint64_t)forms[i].type << 40 | (uint64_t)info[i].n_words << 24 | head;
        refs[i].i = i;
    }
    qsort(refs, n, sizeof *refs, cmp_block);
    for (size_t k = 0; k < n; k++)
        next[refs[k].i] = k + 1 < n && refs[k + 1].key == refs[k].key ? refs[k + 1].i : n;
    kh_free(refs);
    return 0;
}

static int cmp_block(const void *a, const void *b)
{
    const block_ref *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* The first two bytes of a word's skeleton after an article, how many
 * there are and whether there was one: two words can be the same by
 * spelling only when these agree (equal skeletons, or rule 4's same first
 * letter of the name and same article; an article never differs by one
 * edit on its own: it is 2 letters). */
static uint64_t skel_head(const word_ref *r)
{
    size_t off = core_off(r->skel, r->skel_len), left = r->skel_len - off;
    uint64_t head = 0;
    for (size_t b = 0; b < 2 && b < left; b++)
        head = head << 8 | (unsigned char)r->skel[off + b];
    return head | (uint64_t)(left < 2 ? left : 2) << 16 | (uint64_t)(off != 0) << 18;
}

/* Where the name begins in a skeleton: after a leading article ال. */
static size_t core_off(const char *skel, size_t len)
{
    return len > 4 && memcmp(skel, "ال", 4) == 0 ? 4 : 0;
}
