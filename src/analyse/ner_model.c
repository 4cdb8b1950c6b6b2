/*
 * src/analyse/ner_model.c - the NER model: its weight table, its file
 * format, and where the default model lives.
 *
 * File format (models/ner.model), gzip-compressed text, one record a line:
 *
 *   khabar-ner 1                      magic and version
 *   tags O B-PERS I-PERS ... I-MISC   tag order of the weight columns
 *   features N                        number of feature lines that follow
 *   <16 hex digits> <t>:<w> ...       feature hash, then its non-zero
 *                                     weights as tag index : value
 *   lexicon M                         number of word-class lines that follow
 *   <word>\t<fine>\t<coarse>\t<cues>\t<log2 freq>\t<gaz>   match-form
 *                                     word, its fine class (1-based, 0
 *                                     none) and class path (a leading 1,
 *                                     a bit a level; 0 none),
 *                                     cue buckets (2 bits each: person,
 *                                     place, org), log2 of its frequency in
 *                                     the unlabelled text (ner_cluster.c)
 *                                     and its self-gazetteer byte, type << 2
 *                                     | confidence 1-3 (ner_gazetteer.c)
 *
 * Weights are the averaged perceptron weights rounded to 4 significant
 * digits; rows whose weights are all under KH_NER_PRUNE in magnitude are
 * not written.  `zcat models/ner.model | head` shows it.  Loading uses
 * kh_lines (gzip or plain), so a hand-edited plain file loads too.
 * Depends on: core, text (which characters are their own match form).
 */
#include "analyse/ner_int.h"
#include "core/alloc.h"
#include "core/lines.h"
#include "core/path.h"
#include "text/text.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#define NER_MAGIC "khabar-ner 1"
#define KH_NER_PRUNE 0.0005f
#define NER_HUGE ((uintptr_t)2 << 20) /* a huge page (x86-64, arm64) */

/* ---- static prototypes ---- */

static kh_rc grow(kh_ner_model *m);
static size_t slot_of(const kh_ner_model *m, uint64_t key);
static kh_rc parse_feature(kh_ner_model *m, const char *line, size_t len);
static kh_rc parse_lex(kh_ner_model *m, const char *line, size_t len);
static kh_rc self_forms(kh_ner_model *m);

/* ---- public functions ---- */

kh_ner_model *ner_model_new(size_t n_slots_hint)
{
    kh_ner_model *m = kh_calloc(1, sizeof *m);
    if (!m)
        return NULL;
    kh_hash_init(&m->lex, NULL);
    kh_hash_init(&m->cues, NULL);
    size_t n = 1024;
    while (n < n_slots_hint)
        n *= 2;
    m->keys = kh_calloc(n, sizeof *m->keys);
    m->w = kh_calloc(n * KH_NER_N_TAGS, sizeof *m->w);
    ner_huge_pages(m->w, n * KH_NER_N_TAGS * sizeof *m->w);
    if (!m->keys || !m->w || ner_feature_cues_init(&m->cues) != KH_OK || self_forms(m) != KH_OK) {
        kh_analyse_ner_free(m);
        return NULL;
    }
    m->n_slots = n;
    return m;
}

void kh_analyse_ner_free(kh_ner_model *m)
{
    if (!m)
        return;
    kh_free(m->keys);
    kh_free(m->w);
    kh_free(m->u);
    kh_hash_clean(&m->lex);
    kh_hash_clean(&m->cues);
    kh_free(m->ix_keys);
    kh_free(m->ix_vals);
    kh_free(m->fp);
    kh_free(m);
}

size_t kh_analyse_ner_size(const kh_ner_model *m)
{
    size_t n = 0;
    for (size_t i = 0; m && i < m->n_slots; i++)
        if (m->keys[i])
            for (int t = 0; t < KH_NER_N_TAGS; t++)
                n += m->w[i * KH_NER_N_TAGS + t] != 0.0f;
    return n;
}

kh_rc ner_model_train_init(kh_ner_model *m)
{
    kh_free(m->u);
    m->u = kh_calloc(m->n_slots * KH_NER_N_TAGS, sizeof *m->u);
    return m->u ? KH_OK : KH_ERR_NOMEM;
}

kh_rc ner_model_seal(kh_ner_model *m)
{
    uint32_t *fp = kh_calloc(m->n_slots + NER_FP_PAD, sizeof *fp);
    if (!fp)
        return KH_ERR_NOMEM;
    ner_huge_pages(fp, m->n_slots * sizeof *fp);
    for (size_t i = 0; i < m->n_slots + NER_FP_PAD; i++) {
        uint64_t k = m->keys[i & (m->n_slots - 1)]; /* the pad repeats the first slots */
        fp[i] = k ? (uint32_t)(k >> 32) | 1 : 0;
    }
    kh_free(m->fp);
    m->fp = fp;
    return KH_OK;
}

long ner_model_put(kh_ner_model *m, uint64_t key)
{
    if (m->fp) { /* a model that changes is no longer sealed */
        kh_free(m->fp);
        m->fp = NULL;
    }
    size_t s = slot_of(m, key);
    if (m->keys[s])
        return (long)s;
    if ((m->n_used + 1) * 10 > m->n_slots * 7) {
        if (grow(m) != KH_OK)
            return -1;
        s = slot_of(m, key);
    }
    m->keys[s] = key;
    m->n_used++;
    return (long)s;
}

kh_rc kh_analyse_ner_save(const kh_ner_model *m, const char *path, kh_err *err)
{
    kh_rc rc = KH_OK;
    gzFile gz = gzopen(path, "wb9");
    if (!gz)
        return kh_err_set(err, KH_ERR_IO, 0, -1, "cannot write: %s",
                          errno ? strerror(errno) : "gzopen");
    size_t n_rows = 0;
    for (size_t i = 0; i < m->n_slots; i++) {
        if (!m->keys[i])
            continue;
        for (int t = 0; t < KH_NER_N_TAGS; t++)
            if (fabsf(m->w[i * KH_NER_N_TAGS + t]) >= KH_NER_PRUNE) {
                n_rows++;
                break;
            }
    }
    if (gzprintf(gz, "%s\ntags", NER_MAGIC) <= 0)
        goto io;
    for (uint8_t t = 0; t < KH_NER_N_TAGS; t++)
        if (gzprintf(gz, " %s", kh_analyse_ner_tag_name(t)) <= 0)
            goto io;
    if (gzprintf(gz, "\nfeatures %zu\n", n_rows) <= 0)
        goto io;
    for (size_t i = 0; i < m->n_slots; i++) {
        if (!m->keys[i])
            continue;
        char line[256];
        int len = snprintf(line, sizeof line, "%016" PRIx64, m->keys[i]);
        int any = 0;
        for (int t = 0; t < KH_NER_N_TAGS; t++) {
            float w = m->w[i * KH_NER_N_TAGS + t];
            if (fabsf(w) < KH_NER_PRUNE)
                continue;
            any = 1;
            len += snprintf(line + len, sizeof line - (size_t)len, " %d:%.4g", t, (double)w);
        }
        if (!any)
            continue;
        line[len++] = '\n';
        if (gzwrite(gz, line, (unsigned)len) != len)
            goto io;
    }
    if (gzprintf(gz, "lexicon %zu\n", m->lex.n_used) <= 0)
        goto io;
    size_t pos = 0;
    const kh_hash_slot *sl;
    while ((sl = kh_hash_next(&m->lex, &pos)) != NULL) {
        if (gzwrite(gz, sl->key, sl->key_len) != (int)sl->key_len ||
            gzprintf(gz, "\t%u\t%u\t%u\t%u\t%u\n", ner_lex_fine(sl->val.i),
                     ner_lex_coarse(sl->val.i), ner_lex_cues(sl->val.i), ner_lex_log2f(sl->val.i),
                     ner_lex_gaz(sl->val.i)) <= 0)
            goto io;
    }
    if (gzclose(gz) != Z_OK) {
        gz = NULL;
        goto io;
    }
    return KH_OK;
io:
    rc = kh_err_set(err, KH_ERR_IO, 0, -1, "cannot write the model");
    if (gz)
        gzclose(gz);
    return rc;
}

kh_rc kh_analyse_ner_load(const char *path, kh_ner_model **out, kh_err *err)
{
    char def[PATH_MAX];
    kh_rc rc = KH_OK;
    kh_ner_model *m = NULL;
    kh_lines *l = NULL;
    *out = NULL;
    if (!path || !*path)
        path = kh_analyse_ner_default_path(def, sizeof def);
    l = kh_lines_open(path, err);
    if (!l)
        return err ? err->rc : KH_ERR_IO;
    const char *line;
    size_t len;
    size_t n_feats = 0, n_read = 0;
    int stage = 0; /* 0 magic, 1 tags, 2 count, 3 features */
    while ((rc = kh_lines_next(l, &line, &len, err)) == KH_OK) {
        long ln = kh_lines_number(l);
        if (stage == 0) {
            if (len != strlen(NER_MAGIC) || memcmp(line, NER_MAGIC, len) != 0) {
                rc = kh_err_set(err, KH_ERR_PARSE, ln, -1, "not a khabar NER model");
                goto done;
            }
        } else if (stage == 1) {
            if (len < 5 || memcmp(line, "tags ", 5) != 0) {
                rc = kh_err_set(err, KH_ERR_PARSE, ln, -1, "expected the tags line");
                goto done;
            }
        } else if (stage == 2) {
            char tmp[64];
            if (len >= sizeof tmp || len < 10 || memcmp(line, "features ", 9) != 0) {
                rc = kh_err_set(err, KH_ERR_PARSE, ln, -1, "expected the features line");
                goto done;
            }
            memcpy(tmp, line + 9, len - 9);
            tmp[len - 9] = 0;
            n_feats = strtoull(tmp, NULL, 10);
            if (n_feats > ((size_t)1 << 28)) {
                rc = kh_err_set(err, KH_ERR_PARSE, ln, -1, "too many features");
                goto done;
            }
            m = ner_model_new(n_feats * 10 / 7 + 2);
            if (!m) {
                rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
                goto done;
            }
        } else if (stage == 3 && n_read < n_feats) {
            rc = parse_feature(m, line, len);
            if (rc != KH_OK) {
                rc = rc == KH_ERR_NOMEM ? kh_err_set(err, rc, 0, -1, "out of memory")
                                        : kh_err_set(err, rc, ln, -1, "bad feature line");
                goto done;
            }
            n_read++;
            continue;
        } else if (stage == 3) {
            if (len < 9 || memcmp(line, "lexicon ", 8) != 0) {
                rc = kh_err_set(err, KH_ERR_PARSE, ln, -1, "expected the lexicon line");
                goto done;
            }
        } else {
            rc = parse_lex(m, line, len);
            if (rc != KH_OK) {
                rc = rc == KH_ERR_NOMEM ? kh_err_set(err, rc, 0, -1, "out of memory")
                                        : kh_err_set(err, rc, ln, -1, "bad lexicon line");
                goto done;
            }
            continue;
        }
        stage++;
    }
    if (rc != KH_DONE)
        goto done;
    rc = KH_OK;
    if (stage < 3 || n_read != n_feats) {
        rc = kh_err_set(err, KH_ERR_PARSE, 0, -1, "truncated model (%zu of %zu features)", n_read,
                        n_feats);
        goto done;
    }
    if (ner_feature_index(m) != KH_OK || ner_model_seal(m) != KH_OK) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    *out = m;
    m = NULL;
done:
    kh_lines_close(l);
    kh_analyse_ner_free(m);
    return rc;
}

const char *kh_analyse_ner_default_path(char *buf, size_t cap)
{
    return kh_path_model("ner.model", buf, cap);
}

void ner_huge_pages(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    uintptr_t a = ((uintptr_t)p + NER_HUGE - 1) & ~(uintptr_t)(NER_HUGE - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)(NER_HUGE - 1);
    if (e > a)
        (void)madvise((void *)a, e - a, MADV_HUGEPAGE); /* a hint: failure is harmless */
#else
    (void)p;
    (void)n;
#endif
}

/* ---- static functions ---- */

static size_t slot_of(const kh_ner_model *m, uint64_t key)
{
    return ner_model_slot(m, key);
}

static kh_rc grow(kh_ner_model *m)
{
    size_t n = m->n_slots * 2;
    uint64_t *keys = kh_calloc(n, sizeof *keys);
    float *w = kh_calloc(n * KH_NER_N_TAGS, sizeof *w);
    double *u = m->u ? kh_calloc(n * KH_NER_N_TAGS, sizeof *u) : NULL;
    if (!keys || !w || (m->u && !u)) {
        kh_free(keys);
        kh_free(w);
        kh_free(u);
        return KH_ERR_NOMEM;
    }
    kh_ner_model nm = *m;
    nm.keys = keys;
    nm.w = w;
    nm.u = u;
    nm.n_slots = n;
    for (size_t i = 0; i < m->n_slots; i++) {
        if (!m->keys[i])
            continue;
        size_t s = slot_of(&nm, m->keys[i]);
        keys[s] = m->keys[i];
        memcpy(&w[s * KH_NER_N_TAGS], &m->w[i * KH_NER_N_TAGS], KH_NER_N_TAGS * sizeof *w);
        if (u)
            memcpy(&u[s * KH_NER_N_TAGS], &m->u[i * KH_NER_N_TAGS], KH_NER_N_TAGS * sizeof *u);
    }
    kh_free(m->keys);
    kh_free(m->w);
    kh_free(m->u);
    m->keys = keys;
    m->w = w;
    m->u = u;
    m->n_slots = n;
    return KH_OK;
}

/* "<hex> t:w t:w ..." */
static kh_rc parse_feature(kh_ner_model *m, const char *line, size_t len)
{
    char tmp[512];
    if (len >= sizeof tmp || len < 17)
        return KH_ERR_PARSE;
    memcpy(tmp, line, len);
    tmp[len] = 0;
    char *end;
    errno = 0;
    uint64_t key = strtoull(tmp, &end, 16);
    if (errno || end != tmp + 16 || key == 0)
        return KH_ERR_PARSE;
    long s = ner_model_put(m, key);
    if (s < 0)
        return KH_ERR_NOMEM;
    char *p = end;
    while (*p == ' ') {
        p++;
        long t = strtol(p, &end, 10);
        if (end == p || *end != ':' || t < 0 || t >= KH_NER_N_TAGS)
            return KH_ERR_PARSE;
        p = end + 1;
        float w = strtof(p, &end);
        if (end == p || !isfinite(w))
            return KH_ERR_PARSE;
        m->w[(size_t)s * KH_NER_N_TAGS + (size_t)t] = w;
        p = end;
    }
    return *p == 0 ? KH_OK : KH_ERR_PARSE;
}

/* "word<TAB>fine<TAB>coarse<TAB>cues<TAB>log2freq<TAB>gazetteer" */
static kh_rc parse_lex(kh_ner_model *m, const char *line, size_t len)
{
    const char *tab = memchr(line, '\t', len);
    if (!tab || tab == line)
        return KH_ERR_PARSE;
    char tmp[64];
    size_t rest = len - (size_t)(tab - line);
    if (rest >= sizeof tmp)
        return KH_ERR_PARSE;
    memcpy(tmp, tab, rest);
    tmp[rest] = 0;
    unsigned f, c, q, lf, gz;
    if (sscanf(tmp, "\t%u\t%u\t%u\t%u\t%u", &f, &c, &q, &lf, &gz) != 5 || f > 0xffff ||
        c > 0xffff || q > 0xff || lf > 63 || gz > 0xff)
        return KH_ERR_PARSE;
    kh_hval *hv = kh_hash_put(&m->lex, line, (size_t)(tab - line), NULL);
    if (!hv)
        return KH_ERR_NOMEM;
    hv->i = ner_lex_with_gaz(ner_lex_pack((uint16_t)f, (uint16_t)c, (uint8_t)q, (uint8_t)lf),
                             (uint8_t)gz);
    return KH_OK;
}

/* Fills m->self_ascii and m->self_two by normalising each character
 * alone (about 2,000 calls, once a model). */
static kh_rc self_forms(kh_ner_model *m)
{
    kh_buf b;
    kh_buf_init(&b, 64);
    kh_rc rc = KH_OK;
    for (unsigned cp = 1; cp < 0x800 && rc == KH_OK; cp++) {
        char c[2];
        size_t n = cp < 0x80 ? 1 : 2;
        if (n == 1) {
            c[0] = (char)cp;
        } else {
            c[0] = (char)(0xC0 | cp >> 6);
            c[1] = (char)(0x80 | (cp & 0x3F));
        }
        kh_buf_reset(&b);
        if ((rc = kh_text_normalize(c, n, &b)) != KH_OK)
            break;
        if (b.len != n || memcmp(b.data, c, n) != 0)
            continue;
        if (n == 1)
            m->self_ascii[cp] = 1;
        else
            m->self_two[(unsigned char)c[0] - 0x80][(unsigned char)c[1]] = 1;
    }
    kh_buf_clean(&b);
    return rc;
}
