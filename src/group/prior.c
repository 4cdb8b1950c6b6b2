/*
 * src/group/prior.c - prior document frequencies of Arabic news terms.
 *
 * Input: models/idf.model, a gzip-compressed text table written by
 * kh_group_prior_write() (`khabar group-idf`, tools/make-idf.sh): a first
 * line "khabar-idf 1 snowball N" (N documents counted), then one term a
 * line, "df<TAB>term", term being the clusterer's key (a Snowball stem of a
 * content word, or a number as written).  Numbers only, no texts.
 * Output: for every vocabulary term the clusterer meets, its prior df
 * (gvocab_term.prior), which feature.c blends into the online counts while
 * few documents have been seen (a fresh clusterer otherwise finds every
 * word rare, and the words two reports share weigh less than the rest).
 *
 * Fits: loaded by kh_group_new (assign.c) when the stemmer is Snowball;
 * a missing table at the default places leaves the prior empty.
 * Depends on: core, zlib.
 */
#include "core/alloc.h"
#include "core/path.h"
#include "group/group_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* ==== static prototypes ==== */

static int file_exists(const char *path);

/* ==== public functions ==== */

kh_rc kh_group_prior_load(kh_group *g, const char *path, kh_err *err)
{
    char buf[PATH_MAX + 32];
    int explicit = path != NULL;
    if (path && !*path)
        return KH_OK;
    if (!path)
        path = kh_path_model("idf.model", buf, sizeof buf);
    if (!explicit && !file_exists(path))
        return KH_OK;
    kh_rc rc = KH_OK;
    char line[512];
    gzFile f = gzopen(path, "rb");
    if (!f)
        return kh_err_set(err, KH_ERR_IO, 0, -1, "cannot open the IDF table %s", path);
    double n = 0;
    if (!gzgets(f, line, sizeof line) || sscanf(line, "khabar-idf 1 snowball %lf", &n) != 1 ||
        n <= 0) {
        rc = kh_err_set(err, KH_ERR_PARSE, 0, 1, "%s: not a khabar IDF table", path);
        goto done;
    }
    while (gzgets(f, line, sizeof line)) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        size_t len = strcspn(tab + 1, "\r\n");
        long df = strtol(line, NULL, 10);
        if (df <= 0 || len == 0)
            continue;
        kh_hval *v = kh_hash_put(&g->prior, tab + 1, len, NULL);
        if (!v) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for the IDF table");
            goto done;
        }
        v->i = df;
    }
    g->prior_n = n;
done:
    gzclose(f);
    return rc;
}

void kh_group_prior_attach(const kh_group *g, gvocab_term *t, const char *key, size_t len)
{
    if (g->prior.n_used == 0)
        return;
    const kh_hval *v = kh_hash_get(&g->prior, key, len);
    t->prior = v ? (uint32_t)v->i : 0;
}

kh_rc kh_group_prior_write(const kh_group *g, const char *path, unsigned min_df, kh_err *err)
{
    if (!g || !path)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_group_prior_write: missing argument");
    gzFile f = gzopen(path, "wb9");
    if (!f)
        return kh_err_set(err, KH_ERR_IO, 0, -1, "cannot write %s", path);
    kh_rc rc = KH_OK;
    if (gzprintf(f, "khabar-idf 1 snowball %llu\n", (unsigned long long)g->n_docs) <= 0)
        rc = kh_err_set(err, KH_ERR_IO, 0, -1, "cannot write %s", path);
    size_t pos = 0;
    kh_hash_slot *s;
    while (rc == KH_OK && (s = kh_hash_next(&g->vocab, &pos))) {
        const gvocab_term *t = &g->terms[s->val.i];
        /* entity keys are the caller's, not the language's */
        if (t->df < min_df || s->key_len == 0 || s->key[0] == '@')
            continue;
        if (gzprintf(f, "%u\t%.*s\n", t->df, (int)s->key_len, s->key) <= 0)
            rc = kh_err_set(err, KH_ERR_IO, 0, -1, "cannot write %s", path);
    }
    if (gzclose(f) != Z_OK && rc == KH_OK)
        rc = kh_err_set(err, KH_ERR_IO, 0, -1, "cannot write %s", path);
    return rc;
}

/* ==== static functions ==== */

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}
