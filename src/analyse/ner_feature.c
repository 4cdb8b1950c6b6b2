/*
 * src/analyse/ner_feature.c - the features of the NER tagger.
 *
 * Input: a sentence as match-form words (kh_text_normalize), one token
 * position.  Output: 64-bit hashes of feature strings, looked up in the
 * model's weight table (ner_model.c) by the decoder (ner.c) and the trainer
 * (ner_train.c).
 *
 * Method: the classic feature set of perceptron/CRF taggers for Arabic NER:
 * the word and its neighbours (two each side), the word with its
 * proclitics stripped (و ب ل ف ك ال and their combinations, since ANERcorp
 * keeps clitics attached: "وواشنطن", "بالقاهرة"), character prefixes and
 * suffixes 1-4 (nisba endings ي/يه/يون mark MISC and LOC adjectives), word
 * shape, and cue words written here by hand (titles before persons, place
 * and organisation heads), for the word and its neighbours.  Features are
 * hashed (xxHash3) instead of interned: no vocabulary to store, collisions
 * are negligible at 64 bits.
 * Depends on: core, text.
 */
#include "analyse/ner_int.h"
#include "core/alloc.h"
#include "core/hash.h"

#include <stdio.h>
#include <string.h>

/* ---- static prototypes ---- */

static uint64_t mix64(uint64_t z);
static uint64_t feat(unsigned tmpl, uint64_t v);
static uint64_t feat2(unsigned tmpl, uint64_t a, uint64_t b);
static uint64_t hstr(const char *s, size_t n);
static size_t utf8_prefix(const char *w, size_t n, size_t chars);
static size_t utf8_suffix(const char *w, size_t n, size_t chars);
static size_t utf8_chars(const char *w, size_t n);
static char shape(const char *w, size_t n);
static int in_list(const char *const *list, const char *w, size_t n);
static size_t trim_punct(const char *w, size_t n);
static size_t class_feats(uint16_t path, unsigned d, uint64_t *out);

/* ---- cue words (match form: ا for every alef, ه for ة, ي for ى) ---- */

/* Titles and roles written before a person's name. */
static const char *const cue_person[] = {
    "الرييس",   "رييس",    "الرييسه", "وزير",       "وزيره",     "الوزير",  "الوزيره", "الملك",
    "الملكه",   "الامير",  "الاميره", "الشيخ",      "الشيخه",    "السيد",   "السيده",  "الدكتور",
    "الدكتوره", "د",       "المتحدث", "المستشار",   "المستشاره", "المبعوث", "الجنرال", "العقيد",
    "اللواء",   "العميد",  "الزعيم",  "النايب",     "نايب",      "السفير",  "السفيره", "الامين",
    "المفوض",   "القاضي",  "الاستاذ", "المهندس",    "المدرب",    "اللاعب",  "الفنان",  "الفنانه",
    "الكاتب",   "الشاعر",  "المخرج",  "الممثل",     "الممثله",   "البابا",  "الاب",    "الامام",
    "المرشح",   "المرشحه", "المدير",  "المديره",    "مدير",      "السلطان", "الحاكم",  "المشير",
    "الصحفي",   "الصحفيه", "الباحث",  "البروفيسور", "المطرب",    "المطربه", "النجم",   "النجمه",
    "زميله",    "زميلته",  "نظيره",   "نظيرته",     "الراحل",    "الفقيد",  "المواطن", "المواطنه",
    "بن",       "ابن",     "بنت",     "ابو",        "ام",        NULL};

/* Heads of place names. */
static const char *const cue_place[] = {
    "مدينه", "محافظه",  "منطقه", "دوله",    "عاصمه", "العاصمه", "جمهوريه", "ولايه",  "اقليم",
    "بلده",  "قريه",    "جزيره", "جزر",     "مملكه", "المملكه", "اماره",   "امارات", "شمال",
    "جنوب",  "شرق",     "غرب",   "وسط",     "بحر",   "نهر",     "جبل",     "مطار",   "ميناء",
    "حي",    "شارع",    "ساحه",  "ضاحيه",   "مخيم",  "صحراء",   "خليج",    "قضاء",   "مقاطعه",
    "بلاد",  "المدينه", "مدن",   "عاصمتها", NULL};

/* Heads of organisation names. */
static const char *const cue_org[] = {
    "شركه",   "وزاره",   "جامعه",  "منظمه",   "حزب",    "مجلس",  "وكاله",  "الاتحاد", "اتحاد",
    "هييه",   "بنك",     "البنك",  "مصرف",    "جمعيه",  "موسسه", "صندوق",  "نادي",    "فريق",
    "مركز",   "معهد",    "لجنه",   "محكمه",   "جبهه",   "حركه",  "قوات",   "جيش",     "صحيفه",
    "قناه",   "اذاعه",   "مجموعه", "المنظمه", "الشركه", "الحزب", "المجلس", "الوكاله", "الجامعه",
    "الهييه", "المحكمه", "مكتب",   "ادراه",   "اداره",  "منتخب", "بعثه",   "برلمان",  "البرلمان",
    "تحالف",  "التحالف", "مجلسي",  NULL};

/* Proclitic runs, longest first, so "وبال" is tried before "و". */
static const char *const clitics[] = {"وبال", "وكال", "وفال", "ولل", "وال", "بال", "فال", "كال",
                                      "لل",   "ال",   "و",    "ف",   "ب",   "ل",   "ك",   NULL};

/* Feature templates: a feature is feat(template, value).  The numbers are
 * part of the model file's meaning: renumbering needs a retrained model. */
enum {
    T_BIAS = 1,
    T_TRAIL,
    T_W0,
    T_S0,
    T_CL,
    T_PRE, /* + 1..4 */
    T_SUF = T_PRE + 5,
    T_SPRE = T_SUF + 5,
    T_W = T_SPRE + 5, /* + position 0..4 (i-2..i+2) */
    T_S = T_W + 5,
    T_C = T_S + 5,
    T_H = T_C + 5,
    T_WW_L = T_H + 5,
    T_WW_R,
    T_K,            /* + position */
    T_KC = T_K + 5, /* + position */
    T_GAZ = T_KC + 5,
    T_GAZT,
    T_Q0,
    T_KW,
    T_LEN,
    T_P1,
    T_P1P2, /* unused since Viterbi (two left tags); kept for the numbering */
    T_P1W0,
    T_HIST,
    T_HISTP1,
    T_BP /* + position: a prefix of the word's class path (T_KC is unused since) */
};

/* ---- public functions ---- */

void kh_analyse_ner_shift_o(kh_ner_model *m, double bias)
{
    /* The bias feature fires at every token (ner_feature_part, d == 2). */
    if (!m)
        return;
    uint64_t key = feat(T_BIAS, 0);
    size_t s = ner_model_slot(m, key);
    if (m->keys[s] == key)
        m->w[s * KH_NER_N_TAGS] -= (float)bias;
}

size_t ner_feature_strip(const char *w, size_t n)
{
    /* Every clitic starts with a 2-byte letter: words that start otherwise
     * (Latin, digits, marks) and other first letters are done at once. */
    if (n < 4 || ((unsigned char)w[0] != 0xD8 && (unsigned char)w[0] != 0xD9))
        return 0;
    for (size_t k = 0; clitics[k]; k++) {
        if (clitics[k][0] != w[0] || clitics[k][1] != w[1])
            continue;
        size_t cl = strlen(clitics[k]);
        /* "لل" is ل + the article with its alef elided: للقاهره -> قاهره. */
        if (n > cl && memcmp(w, clitics[k], cl) == 0 && utf8_chars(w + cl, n - cl) >= 2)
            return cl;
    }
    return 0;
}

int ner_feature_cue(const kh_ner_model *m, const char *w, size_t n)
{
    size_t s = 0;
    if (n > 2 && (w[0] == '\xd9' && w[1] == '\x88')) /* a leading و: "ووزير" */
        s = 2;
    for (int pass = 0; pass < 2; pass++) {
        if (pass && !s)
            break;
        const char *x = w + (pass ? s : 0);
        size_t xn = n - (pass ? s : 0);
        if (m && m->cues.n_used) {
            const kh_hval *hv = kh_hash_get(&m->cues, x, xn);
            if (hv)
                return (int)hv->i;
            continue;
        }
        if (in_list(cue_person, x, xn))
            return 1;
        if (in_list(cue_place, x, xn))
            return 2;
        if (in_list(cue_org, x, xn))
            return 3;
    }
    return 0;
}

kh_rc ner_feature_cues_init(kh_hash *cues)
{
    const char *const *lists[3] = {cue_person, cue_place, cue_org};
    for (int c = 2; c >= 0; c--) /* person wins a word in two lists, as in_list() does */
        for (size_t i = 0; lists[c][i]; i++) {
            kh_hval *hv = kh_hash_put(cues, lists[c][i], strlen(lists[c][i]), NULL);
            if (!hv)
                return KH_ERR_NOMEM;
            hv->i = c + 1;
        }
    return KH_OK;
}

void ner_feature_prepare(const kh_ner_model *m, const char *w, ner_tok *t)
{
    size_t n = strlen(w);
    memset(t, 0, sizeof *t);
    t->w = w;
    t->len = (uint32_t)n;
    t->strip = (uint32_t)ner_feature_strip(w, n);
    t->hw = hstr(w, n);
    t->hs = t->strip ? hstr(w + t->strip, n - t->strip) : t->hw;
    size_t wn = trim_punct(w, n);
    t->hwt = wn < n ? hstr(w, wn) : t->hw;
    t->shape = shape(w, n);
    if (m && m->ix_keys) {
        int64_t v = ner_ix_get(m, t->hw);
        t->cue = (uint8_t)((v >> NER_IX_CUE_SHIFT) & 3);
        if (!t->cue && n > 2 && w[0] == '\xd9' && w[1] == '\x88') /* "ووزير" */
            t->cue = (uint8_t)((ner_ix_get(m, hstr(w + 2, n - 2)) >> NER_IX_CUE_SHIFT) & 3);
        int64_t sv = t->strip ? ner_ix_get(m, t->hs) : v;
        int64_t hv = v & NER_IX_IN_LEX ? v : sv;
        if (hv & NER_IX_IN_LEX) {
            t->has_lex = 1;
            t->lex = hv & (NER_IX_IN_LEX - 1);
        }
        t->gaz = sv & NER_IX_IN_LEX ? ner_lex_gaz(sv) : 0;
        return;
    }
    t->cue = (uint8_t)ner_feature_cue(m, w, n);
    if (!m || !m->lex.n_used)
        return;
    const kh_hval *hv = kh_hash_get(&m->lex, w, n);
    const kh_hval *sv = t->strip ? kh_hash_get(&m->lex, w + t->strip, n - t->strip) : hv;
    if (!hv)
        hv = sv;
    if (hv) {
        t->has_lex = 1;
        t->lex = hv->i;
    }
    t->gaz = sv ? ner_lex_gaz(sv->i) : 0;
}

kh_rc ner_feature_index(kh_ner_model *m)
{
    size_t n = 1024;
    while (n < (m->lex.n_used + m->cues.n_used) * 2)
        n *= 2;
    uint64_t *keys = kh_calloc(n, sizeof *keys);
    int64_t *vals = kh_calloc(n, sizeof *vals);
    if (!keys || !vals) {
        kh_free(keys);
        kh_free(vals);
        return KH_ERR_NOMEM;
    }
    const kh_hash *src[2] = {&m->lex, &m->cues};
    for (int k = 0; k < 2; k++) {
        size_t pos = 0;
        const kh_hash_slot *sl;
        while ((sl = kh_hash_next(src[k], &pos)) != NULL) {
            uint64_t key = hstr(sl->key, sl->key_len);
            key = key ? key : 1;
            size_t i = (size_t)(key ^ (key >> 31)) & (n - 1);
            while (keys[i] && keys[i] != key)
                i = (i + 1) & (n - 1);
            keys[i] = key;
            if (k == 0)
                vals[i] |= (sl->val.i & (NER_IX_IN_LEX - 1)) | NER_IX_IN_LEX;
            else
                vals[i] |= sl->val.i << NER_IX_CUE_SHIFT;
        }
    }
    kh_free(m->ix_keys);
    kh_free(m->ix_vals);
    m->ix_keys = keys;
    m->ix_vals = vals;
    m->ix_mask = n - 1;
    return KH_OK;
}

size_t ner_feature_part(const kh_ner_model *m, const ner_tok *t, unsigned d, uint64_t *out)
{
    size_t k = 0;
    if (d != 2) { /* a neighbour */
        out[k++] = feat(T_W + d, t->hw);
        if (d == 1 || d == 3)
            out[k++] = feat(T_S + d, t->hs);
        if (t->cue)
            out[k++] = feat(T_C + d, t->cue);
        if (d == 1 || d == 3) {
            out[k++] = feat(T_H + d, (uint64_t)(unsigned char)t->shape);
            if (m && m->lex.n_used) {
                uint16_t f = t->has_lex ? ner_lex_fine(t->lex) : 0;
                uint16_t c = t->has_lex ? ner_lex_coarse(t->lex) /* the class path */ : 0;
                out[k++] = feat(T_K + d, f);
                k += class_feats(c, d, out + k);
                if (t->gaz) { /* the self-gazetteer, keyed by the stripped form */
                    out[k++] = feat(T_GAZ, (uint64_t)d << 8 | t->gaz);
                    out[k++] = feat(T_GAZT, (uint64_t)d << 8 | (t->gaz >> 2));
                }
            }
        }
        return k;
    }
    const char *w = t->w;
    size_t wfull = t->len;
    size_t wn = trim_punct(w, wfull); /* ANERcorp keeps marks on words: "كابول;" */
    uint64_t hw = t->hw, hs = t->hs;
    size_t st = t->strip;
    if (wn < wfull) {
        out[k++] = feat(T_TRAIL, hstr(w + wn, wfull - wn));
        st = ner_feature_strip(w, wn);
        hw = t->hwt;
        hs = st ? hstr(w + st, wn - st) : hw;
    }
    const char *s0 = w + st;
    size_t s0n = wn - st;

    out[k++] = feat(T_BIAS, 0);
    out[k++] = feat(T_W0, hw);
    out[k++] = feat(T_S0, hs);
    out[k++] = feat(T_CL, hstr(w, st));
    for (unsigned c = 1; c <= 4; c++) {
        size_t pl = utf8_prefix(w, wn, c);
        if (pl < wn)
            out[k++] = feat(T_PRE + c, hstr(w, pl));
        size_t sl = utf8_suffix(w, wn, c);
        if (sl < wn)
            out[k++] = feat(T_SUF + c, hstr(w + wn - sl, sl));
    }
    for (unsigned c = 1; st && c <= 3; c++) {
        size_t pl = utf8_prefix(s0, s0n, c);
        if (pl < s0n)
            out[k++] = feat(T_SPRE + c, hstr(s0, pl));
    }
    if (t->cue)
        out[k++] = feat(T_C + 2, t->cue);
    out[k++] = feat(T_H + 2, (uint64_t)(unsigned char)t->shape);
    /* Word classes from unlabelled text, for the word (or, unknown, its
     * stripped form). */
    if (m && m->lex.n_used) {
        uint16_t f = t->has_lex ? ner_lex_fine(t->lex) : 0;
        uint16_t c = t->has_lex ? ner_lex_coarse(t->lex) /* the class path */ : 0;
        out[k++] = feat(T_K + 2, f);
        k += class_feats(c, 2, out + k);
        if (t->gaz) {
            out[k++] = feat(T_GAZ, (uint64_t)2 << 8 | t->gaz);
            out[k++] = feat(T_GAZT, (uint64_t)2 << 8 | (t->gaz >> 2));
        }
        if (t->has_lex) {
            uint8_t q = ner_lex_cues(t->lex);
            for (unsigned c3 = 0; c3 < 3; c3++)
                out[k++] = feat(T_Q0, (uint64_t)c3 << 8 | ((q >> (2 * c3)) & 3));
            if (st == 0 || (m->ix_keys ? (ner_ix_get(m, hw) & NER_IX_IN_LEX) != 0
                                       : kh_hash_get(&m->lex, w, wn) != NULL))
                out[k++] = feat(T_KW, 0); /* the word itself is frequent */
        }
    }
    size_t chars = utf8_chars(w, wn);
    out[k++] = feat(T_LEN, chars > 8 ? 8 : chars);
    return k;
}

size_t ner_feature_pairs(const ner_tok *prev, const ner_tok *cur, const ner_tok *next,
                         uint64_t *out)
{
    out[0] = feat2(T_WW_L, prev->hw, cur->hwt);
    out[1] = feat2(T_WW_R, cur->hwt, next->hw);
    return 2;
}

void ner_feature_window(const kh_ner_model *m, const ner_tok *toks, size_t n, size_t i,
                        ner_tok *pads, const ner_tok **ctx)
{
    static const char *const pad[] = {"<s2>", "<s1>", "</s1>", "</s2>"};
    for (int d = -2; d <= 2; d++) {
        long j = (long)i + d;
        if (j >= 0 && (size_t)j < n) {
            ctx[d + 2] = &toks[j];
            continue;
        }
        ner_feature_prepare(m, pad[j < 0 ? d + 2 : d + 1], &pads[d + 2]);
        ctx[d + 2] = &pads[d + 2];
    }
}

size_t ner_feature_static(const kh_ner_model *m, const ner_tok *toks, size_t n, size_t i,
                          uint64_t *out)
{
    ner_tok pads[5];
    const ner_tok *ctx[5];
    ner_feature_window(m, toks, n, i, pads, ctx);
    size_t k = 0;
    for (unsigned d = 0; d < 5; d++)
        k += ner_feature_part(m, ctx[d], d, out + k);
    k += ner_feature_pairs(ctx[1], ctx[2], ctx[3], out + k);
    return k;
}

int ner_feature_hist_code(const uint16_t *hist)
{
    if (!hist)
        return -1;
    int best = 0;
    for (int ty = 1; ty < KH_ENTITY__COUNT; ty++)
        if (hist[ty] > hist[best] || (best == 0 && hist[ty]))
            best = ty;
    return best << 1 | (hist[0] ? 1 : 0);
}

uint64_t ner_feature_key(int kind, uint64_t hw, uint8_t prev1, int hcode)
{
    switch (kind) {
    case NER_DYN_P1:
        return feat(T_P1, prev1);
    case NER_DYN_P1W0: {
        /* The nine left tags of one word change the low bits (so their
         * slots share a probe block: ner_model_slot XORs them in) and
         * bits 58-61 (so their fingerprints differ): a word with none of
         * these features costs one cache line, not nine. */
        uint64_t k = feat(T_P1W0, hw) ^ prev1 ^ (uint64_t)prev1 << 58;
        return k ? k : 1;
    }
    case NER_DYN_HIST:
        return feat(T_HIST, (uint64_t)(hcode >> 1) << 8 | (uint64_t)(hcode & 1));
    default:
        return feat(T_HISTP1, (uint64_t)(hcode >> 1) << 8 | prev1);
    }
}

size_t ner_feature_dyn(uint64_t hw, uint8_t prev1, const uint16_t *hist, uint64_t *out)
{
    size_t k = 0;
    int hc = ner_feature_hist_code(hist);
    out[k++] = ner_feature_key(NER_DYN_P1, hw, prev1, hc);
    out[k++] = ner_feature_key(NER_DYN_P1W0, hw, prev1, hc);
    if (hc >= 0) {
        out[k++] = ner_feature_key(NER_DYN_HIST, hw, prev1, hc);
        out[k++] = ner_feature_key(NER_DYN_HISTP1, hw, prev1, hc);
    }
    return k;
}

void ner_hist_clear(ner_hist *h)
{
    memset(h->key, 0, sizeof h->key);
    h->n_used = 0;
}

uint64_t ner_hist_key(const char *word)
{
    size_t n = strlen(word);
    size_t e = trim_punct(word, n);
    size_t st = ner_feature_strip(word, e);
    if (utf8_chars(word + st, e - st) < 2 || shape(word + st, e - st) == 'P' ||
        shape(word + st, e - st) == 'D')
        return 0;
    uint64_t h = hstr(word + st, e - st);
    return h ? h : 1;
}

const uint16_t *ner_hist_get(const ner_hist *h, uint64_t key)
{
    if (!key)
        return NULL;
    for (size_t i = key & (NER_HIST_SLOTS - 1);; i = (i + 1) & (NER_HIST_SLOTS - 1)) {
        if (h->key[i] == key)
            return h->n[i];
        if (!h->key[i])
            return NULL;
    }
}

void ner_hist_add(ner_hist *h, uint64_t key, uint8_t tag)
{
    if (!key)
        return;
    size_t i = key & (NER_HIST_SLOTS - 1);
    while (h->key[i] && h->key[i] != key)
        i = (i + 1) & (NER_HIST_SLOTS - 1);
    if (!h->key[i]) {
        if (h->n_used * 4 >= NER_HIST_SLOTS * 3)
            return; /* full enough: stop remembering */
        h->key[i] = key;
        memset(h->n[i], 0, sizeof h->n[i]);
        h->n_used++;
    }
    uint16_t *c = &h->n[i][KH_NER_TAG_TYPE(tag)];
    if (*c < UINT16_MAX)
        (*c)++;
}

/* ---- static functions ---- */

/* splitmix64's finaliser: a cheap, well-mixed 64-bit permutation. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* The feature id of a template and a value; never 0 (an empty slot). */
static uint64_t feat(unsigned tmpl, uint64_t v)
{
    uint64_t h = mix64(v ^ mix64((uint64_t)tmpl * 0x9e3779b97f4a7c15ull));
    return h ? h : 1;
}

static uint64_t feat2(unsigned tmpl, uint64_t a, uint64_t b)
{
    return feat(tmpl, a ^ mix64(b + 0x632be59bd9b4e019ull));
}

/* Hash of a string (xxHash3); the strings are words and their pieces. */
static uint64_t hstr(const char *s, size_t n)
{
    return kh_hash_bytes(s, n, 0x6e6572);
}

static size_t utf8_prefix(const char *w, size_t n, size_t chars)
{
    size_t i = 0;
    while (i < n && chars > 0) {
        i++;
        while (i < n && ((unsigned char)w[i] & 0xC0) == 0x80)
            i++;
        chars--;
    }
    return i;
}

static size_t utf8_suffix(const char *w, size_t n, size_t chars)
{
    size_t i = n;
    while (i > 0 && chars > 0) {
        i--;
        while (i > 0 && ((unsigned char)w[i] & 0xC0) == 0x80)
            i--;
        chars--;
    }
    return n - i;
}

static size_t utf8_chars(const char *w, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)w[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* 'A' Arabic letters, 'L' Latin, 'D' digits, 'P' punctuation only, 'M' a
 * mix, 'E' empty. */
static char shape(const char *w, size_t n)
{
    int ar = 0, la = 0, di = 0, pu = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c == 0xD8 || c == 0xD9 || c == 0xDA || c == 0xDB)
            ar++;
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            la++;
        else if (c >= '0' && c <= '9')
            di++;
        else if (c < 0x80)
            pu++;
    }
    int kinds = (ar > 0) + (la > 0) + (di > 0) + (pu > 0);
    if (kinds == 0)
        return 'E';
    if (kinds > 1)
        return 'M';
    return ar ? 'A' : la ? 'L' : di ? 'D' : 'P';
}

static int in_list(const char *const *list, const char *w, size_t n)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
            return 1;
    return 0;
}

/* Length of w without trailing ASCII punctuation (kept if all of it is). */
static size_t trim_punct(const char *w, size_t n)
{
    size_t e = n;
    while (e > 0 && strchr(".,;:!?\"'()", w[e - 1]) && w[e - 1])
        e--;
    return e ? e : n;
}

/* Prefixes of a class path (a leading 1, then one bit a level; 0 none)
 * at window position d: coarse to fine classes of one hierarchy, as
 * Brown-cluster bit strings are used (lengths 4, 6, 10 and all of it for
 * the word, 4 and 8 for its neighbours; none two words away). */
static size_t class_feats(uint16_t path, unsigned d, uint64_t *out)
{
    static const unsigned own[] = {4, 6, 10, 15, 0}, near[] = {4, 8, 0};
    const unsigned *lens = d == 2 ? own : near;
    if (d != 1 && d != 2 && d != 3)
        return 0;
    unsigned depth = 0;
    while (depth < 16 && (path >> (depth + 1)))
        depth++;
    size_t k = 0;
    for (size_t j = 0; lens[j]; j++) {
        unsigned l = lens[j] < depth ? lens[j] : depth;
        out[k++] = feat(T_BP + d, (uint64_t)lens[j] << 32 | (uint64_t)(path >> (depth - l)));
    }
    return k;
}
