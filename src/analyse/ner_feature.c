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
#include "core/hash.h"

#include <stdio.h>
#include <string.h>

/* ---- static prototypes ---- */

static uint64_t feat(const char *name, const char *a, size_t a_len);
static uint64_t feat2(const char *name, const char *a, size_t a_len, const char *b, size_t b_len);
static size_t utf8_prefix(const char *w, size_t n, size_t chars);
static size_t utf8_suffix(const char *w, size_t n, size_t chars);
static size_t utf8_chars(const char *w, size_t n);
static char shape(const char *w, size_t n);
static int in_list(const char *const *list, const char *w, size_t n);
static size_t trim_punct(const char *w, size_t n);

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

/* ---- public functions ---- */

size_t ner_feature_strip(const char *w, size_t n)
{
    for (size_t k = 0; clitics[k]; k++) {
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
    t->cue = (uint8_t)ner_feature_cue(m, w, n);
    t->shape = shape(w, n);
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

size_t ner_feature_static(const kh_ner_model *m, const ner_tok *toks, size_t n, size_t i,
                          uint64_t *out)
{
    static const char *const pad[] = {"<s2>", "<s1>", "</s1>", "</s2>"};
    size_t k = 0;
    const char *w = toks[i].w;
    size_t wfull = toks[i].len;
    size_t wn = trim_punct(w, wfull); /* ANERcorp keeps marks on words: "كابول;" */
    if (wn < wfull)
        out[k++] = feat("trail", w + wn, wfull - wn);
    ner_tok padt[5];
    const ner_tok *ctx[5]; /* i-2 .. i+2 */
    for (int d = -2; d <= 2; d++) {
        long j = (long)i + d;
        if (j >= 0 && (size_t)j < n) {
            ctx[d + 2] = &toks[j];
            continue;
        }
        ner_feature_prepare(m, pad[j < 0 ? d + 2 : d + 1], &padt[d + 2]);
        ctx[d + 2] = &padt[d + 2];
    }
    size_t st = wn == wfull ? toks[i].strip : ner_feature_strip(w, wn);
    const char *s0 = w + st;
    size_t s0n = wn - st;

    out[k++] = feat("bias", "", 0);
    out[k++] = feat("w0", w, wn);
    out[k++] = feat("s0", s0, s0n);
    out[k++] = feat("cl", w, st);
    for (size_t c = 1; c <= 4; c++) {
        size_t pl = utf8_prefix(w, wn, c);
        if (pl < wn)
            out[k++] = feat2("pre", (const char *)&c, 1, w, pl);
        size_t sl = utf8_suffix(w, wn, c);
        if (sl < wn)
            out[k++] = feat2("suf", (const char *)&c, 1, w + wn - sl, sl);
    }
    for (size_t c = 1; c <= 3; c++) {
        size_t pl = utf8_prefix(s0, s0n, c);
        if (st && pl < s0n)
            out[k++] = feat2("spre", (const char *)&c, 1, s0, pl);
    }
    static const char *const names[5] = {"w-2", "w-1", "", "w+1", "w+2"};
    static const char *const snames[5] = {"s-2", "s-1", "", "s+1", "s+2"};
    static const char *const cnames[5] = {"c-2", "c-1", "c0", "c+1", "c+2"};
    static const char *const hnames[5] = {"h-2", "h-1", "h0", "h+1", "h+2"};
    for (int d = 0; d < 5; d++) {
        const ner_tok *t = ctx[d];
        if (d != 2) {
            out[k++] = feat(names[d], t->w, t->len);
            if (d == 1 || d == 3)
                out[k++] = feat(snames[d], t->w + t->strip, t->len - t->strip);
        }
        if (t->cue) {
            char cb = (char)('0' + t->cue);
            out[k++] = feat(cnames[d], &cb, 1);
        }
        if (d >= 1 && d <= 3)
            out[k++] = feat(hnames[d], &t->shape, 1);
    }
    out[k++] = feat2("w-1w0", ctx[1]->w, ctx[1]->len, w, wn);
    out[k++] = feat2("w0w+1", w, wn, ctx[3]->w, ctx[3]->len);
    /* Word classes from unlabelled text, for the word (or, unknown, its
     * stripped form) and its neighbours. */
    if (m && m->lex.n_used) {
        static const char *const fn[5] = {"k-2", "k-1", "k0", "k+1", "k+2"};
        static const char *const cn2[5] = {"K-2", "K-1", "K0", "K+1", "K+2"};
        for (int d = 1; d <= 3; d++) {
            const ner_tok *t = ctx[d];
            uint16_t f = t->has_lex ? ner_lex_fine(t->lex) : 0;
            uint16_t c = t->has_lex ? ner_lex_coarse(t->lex) : 0;
            out[k++] = feat(fn[d], (const char *)&f, sizeof f);
            out[k++] = feat(cn2[d], (const char *)&c, sizeof c);
            /* The self-gazetteer, keyed by the stripped form. */
            if (t->gaz) {
                char gb[2] = {(char)d, (char)t->gaz};
                out[k++] = feat("gaz", gb, 2);
                char gt[2] = {(char)d, (char)(t->gaz >> 2)};
                out[k++] = feat("gazt", gt, 2);
            }
            if (d == 2 && t->has_lex) {
                uint8_t q = ner_lex_cues(t->lex);
                for (int c3 = 0; c3 < 3; c3++) {
                    char qb[2] = {(char)c3, (char)((q >> (2 * c3)) & 3)};
                    out[k++] = feat("q0", qb, 2);
                }
                if (st == 0 || kh_hash_get(&m->lex, w, wn))
                    out[k++] = feat("kw", "", 0); /* the word itself is frequent */
            }
        }
    }
    size_t chars = utf8_chars(w, wn);
    char lb = (char)(chars > 8 ? 8 : chars);
    out[k++] = feat("len", &lb, 1);
    return k;
}

size_t ner_feature_dyn(const char *word, uint8_t prev1, uint8_t prev2, const uint16_t *hist,
                       uint64_t *out)
{
    size_t k = 0;
    char t[2] = {(char)prev1, (char)prev2};
    out[k++] = feat("p1", t, 1);
    out[k++] = feat("p1p2", t, 2);
    out[k++] = feat2("p1w0", t, 1, word, strlen(word));
    if (hist) {
        int best = 0;
        for (int ty = 1; ty < KH_ENTITY__COUNT; ty++)
            if (hist[ty] > hist[best] || (best == 0 && hist[ty]))
                best = ty;
        char hb[2] = {(char)best, (char)(hist[0] ? 1 : 0)};
        out[k++] = feat("hist", hb, 2);
        char hp[2] = {(char)best, (char)prev1};
        out[k++] = feat("histp1", hp, 2);
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
    return feat("hk", word + st, e - st);
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

static uint64_t feat(const char *name, const char *a, size_t a_len)
{
    return feat2(name, a, a_len, "", 0);
}

/* Hash of name, '\x1f', a, '\x1f', b: the separators keep "ab"+"c" and
 * "a"+"bc" apart. */
static uint64_t feat2(const char *name, const char *a, size_t a_len, const char *b, size_t b_len)
{
    char buf[512];
    size_t nl = strlen(name), len = 0;
    if (a_len > 200)
        a_len = 200;
    if (b_len > 200)
        b_len = 200;
    memcpy(buf, name, nl);
    len = nl;
    buf[len++] = '\x1f';
    memcpy(buf + len, a, a_len);
    len += a_len;
    buf[len++] = '\x1f';
    memcpy(buf + len, b, b_len);
    len += b_len;
    uint64_t h = kh_hash_bytes(buf, len, 0x6e6572);
    return h ? h : 1; /* 0 marks an empty slot */
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
