/*
 * src/view/section_train.c - trains and scores the section classifier on
 * the SaudiNewsNet corpus with labels the outlets give themselves (distant
 * supervision): no article is labelled by hand.
 *
 * Labels (kh_view_section_train_label):
 *   3alyoum      URL path: news/local, news/regions -> local, news/pol ->
 *                politics, news/golobal -> world, finance, sports,
 *                culture, technology
 *   alwatan      URL path: Politics, Economy, Sports, Culture, Local
 *   aljazirah    page code in the file name: sp sports, ec economy, du
 *                world (دولية), cu/ak/bo/at culture, ln/as/tf local, is
 *                religion, af society, ms misc
 *   was (wire)   the headline's prefix before "/": سياسي, اقتصادي, رياضي,
 *                ثقافي, اجتماعي (عام "general" and تقرير give none)
 *   aleqtisadiya economy; arriyadiyah and arreyadi sports
 * Other outlets and pages (opinion, front pages) stay unlabelled; they still
 * count for the document frequencies.  The label-revealing cue never
 * reaches the features: URLs are not featurised and the wire's prefix is
 * cut from the headline (kh_view_title_prefix_len).
 *
 * Fits: `khabar section-train` writes models/section.model; `khabar eval
 * section` reports held-out macro-F1.  Depends on: core, text.
 */
#include "view/view_int.h"
#include "core/alloc.h"
#include "core/lines.h"

#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define MAX_DAYS 4096

typedef struct corpus_doc {
    const char *day;                         /* borrows the file list */
    const char *outlet, *url, *title, *text; /* borrow the parsed JSON */
} corpus_doc;

typedef kh_rc (*doc_fn)(const corpus_doc *d, void *ctx);

typedef struct trainer {
    kh_stemmer *st;
    kh_hash index; /* stem -> row */
    uint32_t *df;
    double *counts; /* rows x K */
    size_t n_rows, cap_rows;
    kh_hash doc;  /* stem -> weighted count in the current document */
    kh_hash seen; /* URLs and outlet+headline keys already used */
    size_t n_docs, class_docs[KH_VIEW_SECTION__COUNT];
    double weight;
    const kh_view_model *filter; /* second pass: the first pass's model */
    size_t n_dropped;            /* outlet-labelled documents it overruled */
    int fit_lr;                  /* keep labelled pages for logistic regression */
    kh_view_lr_docs lr;          /* the kept pages */
    uint32_t *f_ids;             /* owns: scratch for one page's features */
    float *f_vals;
    size_t f_cap;
} trainer;

typedef struct evaluator {
    const kh_view_model *m;
    const char *test_from;
    const char *skip; /* comma-separated outlets left out, or NULL */
    kh_hash seen;     /* URLs and outlet+headline keys of earlier days */
    kh_view_section_eval_result *r;
    kh_err *err;
} evaluator;

static int cmp_str(const void *a, const void *b);
static kh_rc list_days(const char *dir, char ***names, size_t *n, kh_err *err);
static kh_rc each_doc(const char *dir, const char *from, const char *until, doc_fn fn, void *ctx,
                      kh_err *err);
static kh_rc seen_check(kh_hash *seen, const corpus_doc *d, int add, int *was_seen);
static kh_rc doc_stem(const char *stem, size_t len, kh_token_kind kind, void *ctx);
static kh_rc train_doc(const corpus_doc *d, void *ctx);
static kh_rc train_pass(const kh_view_section_train_opts *o, const char *out_path,
                        const kh_view_model *filter, int fit_lr, size_t *n_docs, size_t *n_dropped,
                        kh_err *err);
static kh_rc eval_seen(const corpus_doc *d, void *ctx);
static kh_rc eval_doc(const corpus_doc *d, void *ctx);

/* ---- labels ---- */

static int path_has(const char *url, const char *seg)
{
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : NULL;
    size_t n = strlen(seg);
    return p && strncmp(p + 1, seg, n) == 0 && (p[1 + n] == '/' || p[1 + n] == 0);
}

kh_view_section kh_view_section_train_label(const char *outlet, const char *url, const char *title)
{
    if (!outlet)
        return KH_VIEW_SECTION_NONE;
    if (strcmp(outlet, "aleqtisadiya") == 0)
        return KH_VIEW_SECTION_ECONOMY;
    if (strcmp(outlet, "arriyadiyah") == 0 || strcmp(outlet, "arreyadi") == 0)
        return KH_VIEW_SECTION_SPORTS;
    if (strcmp(outlet, "was") == 0 && title) {
        size_t n = strlen(title), skip = kh_view_title_prefix_len(title, n);
        if (skip == 0 || skip > 40)
            return KH_VIEW_SECTION_NONE;
        char pre[48];
        memcpy(pre, title, skip);
        pre[skip] = 0;
        return kh_view_section_map(pre);
    }
    if (!url)
        return KH_VIEW_SECTION_NONE;
    if (strcmp(outlet, "3alyoum") == 0) {
        static const struct {
            const char *seg;
            kh_view_section s;
        } t[] = {
            {"news/local", KH_VIEW_SECTION_LOCAL},  {"news/regions", KH_VIEW_SECTION_LOCAL},
            {"news/pol", KH_VIEW_SECTION_POLITICS}, {"news/golobal", KH_VIEW_SECTION_WORLD},
            {"finance", KH_VIEW_SECTION_ECONOMY},   {"sports", KH_VIEW_SECTION_SPORTS},
            {"culture", KH_VIEW_SECTION_CULTURE},   {"technology", KH_VIEW_SECTION_TECHNOLOGY}};
        for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
            if (path_has(url, t[i].seg))
                return t[i].s;
        return KH_VIEW_SECTION_NONE;
    }
    if (strcmp(outlet, "alwatan") == 0) {
        static const char *const segs[] = {"Politics", "Economy", "Sports", "Culture", "Local"};
        for (size_t i = 0; i < sizeof segs / sizeof segs[0]; i++)
            if (path_has(url, segs[i]))
                return kh_view_section_map(segs[i]);
        return KH_VIEW_SECTION_NONE;
    }
    if (strcmp(outlet, "aljazirah") == 0) {
        static const struct {
            const char *code;
            kh_view_section s;
        } t[] = {{"sp", KH_VIEW_SECTION_SPORTS},   {"ec", KH_VIEW_SECTION_ECONOMY},
                 {"du", KH_VIEW_SECTION_WORLD},    {"cu", KH_VIEW_SECTION_CULTURE},
                 {"ak", KH_VIEW_SECTION_CULTURE},  {"bo", KH_VIEW_SECTION_CULTURE},
                 {"at", KH_VIEW_SECTION_CULTURE},  {"ln", KH_VIEW_SECTION_LOCAL},
                 {"as", KH_VIEW_SECTION_LOCAL},    {"tf", KH_VIEW_SECTION_LOCAL},
                 {"is", KH_VIEW_SECTION_RELIGION}, {"af", KH_VIEW_SECTION_SOCIETY},
                 {"ms", KH_VIEW_SECTION_MISC}};
        const char *f = strrchr(url, '/');
        if (!f)
            return KH_VIEW_SECTION_NONE;
        f++;
        size_t k = 0;
        while (f[k] >= 'a' && f[k] <= 'z')
            k++;
        if (k != 2 || !(f[2] >= '0' && f[2] <= '9'))
            return KH_VIEW_SECTION_NONE;
        for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
            if (strncmp(f, t[i].code, 2) == 0)
                return t[i].s;
    }
    return KH_VIEW_SECTION_NONE;
}

/* ---- the corpus ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static kh_rc list_days(const char *dir, char ***names, size_t *n, kh_err *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    *names = NULL;
    *n = 0;
    if (!d)
        return kh_err_set(err, KH_ERR_IO, 0, -1, "%s: cannot open the corpus folder", dir);
    char **v = kh_calloc(MAX_DAYS, sizeof *v);
    if (!v) {
        closedir(d);
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    }
    while ((e = readdir(d)) && *n < MAX_DAYS) {
        size_t len = strlen(e->d_name);
        if (len < 10 + 9 || strcmp(e->d_name + len - 9, ".jsonl.gz") != 0)
            continue;
        if (!(v[*n] = kh_strdup(e->d_name))) {
            closedir(d);
            for (size_t i = 0; i < *n; i++)
                kh_free(v[i]);
            kh_free(v);
            *n = 0;
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        }
        (*n)++;
    }
    closedir(d);
    qsort(v, *n, sizeof *v, cmp_str);
    *names = v;
    if (*n == 0)
        return kh_err_set(err, KH_ERR_EMPTY, 0, -1, "%s: no YYYY-MM-DD.jsonl.gz files", dir);
    return KH_OK;
}

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* Calls fn for each record of the days in [from, until] (either NULL for
 * open), in day order. */
static kh_rc each_doc(const char *dir, const char *from, const char *until, doc_fn fn, void *ctx,
                      kh_err *err)
{
    char **days = NULL;
    size_t n_days = 0;
    kh_rc rc = list_days(dir, &days, &n_days, err);
    char path[4096];
    for (size_t i = 0; rc == KH_OK && i < n_days; i++) {
        char day[11];
        memcpy(day, days[i], 10);
        day[10] = 0;
        if ((from && strcmp(day, from) < 0) || (until && strcmp(day, until) > 0))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, days[i]);
        kh_lines *l = kh_lines_open(path, err);
        if (!l) {
            rc = err && err->rc ? err->rc : KH_ERR_IO;
            break;
        }
        const char *line;
        size_t len;
        while ((rc = kh_lines_next(l, &line, &len, err)) == KH_OK) {
            json_error_t jerr;
            json_t *o = json_loadb(line, len, 0, &jerr);
            if (!o) {
                rc = kh_err_set(err, KH_ERR_PARSE, kh_lines_number(l), jerr.position, "%s: %s",
                                path, jerr.text);
                break;
            }
            corpus_doc d = {day, jstr(o, "outlet"), jstr(o, "url"), jstr(o, "title"),
                            jstr(o, "text")};
            rc = (d.outlet && d.title) ? fn(&d, ctx) : KH_OK;
            json_decref(o);
            if (rc != KH_OK) {
                kh_err_set(err, rc, kh_lines_number(l), -1, "%s: record failed", path);
                break;
            }
        }
        kh_lines_close(l);
        if (rc == KH_DONE)
            rc = KH_OK;
    }
    for (size_t i = 0; i < n_days; i++)
        kh_free(days[i]);
    kh_free(days);
    return rc;
}

/* Exact re-crawls and wire reprints would put one text on both sides of
 * the train/test cut: key on URL and on outlet + headline. */
static kh_rc seen_check(kh_hash *seen, const corpus_doc *d, int add, int *was_seen)
{
    char key[1024];
    *was_seen = 0;
    const char *keys[2] = {d->url, NULL};
    snprintf(key, sizeof key, "%s\x1f%s", d->outlet, d->title);
    keys[1] = key;
    for (int i = 0; i < 2; i++) {
        if (!keys[i])
            continue;
        size_t n = strlen(keys[i]);
        if (kh_hash_get(seen, keys[i], n))
            *was_seen = 1;
        else if (add && !kh_hash_put(seen, keys[i], n, NULL))
            return KH_ERR_NOMEM;
    }
    return KH_OK;
}

/* ---- training ---- */

static kh_rc doc_stem(const char *stem, size_t len, kh_token_kind kind, void *ctx)
{
    trainer *t = ctx;
    (void)kind;
    kh_hval *v = kh_hash_put(&t->doc, stem, len, NULL);
    if (!v)
        return KH_ERR_NOMEM;
    v->d += t->weight;
    return KH_OK;
}

/* Outlets labelled whole, by name: their sports or news pages carry the
 * outlet's label too. */
static int labelled_by_outlet(const char *outlet)
{
    return strcmp(outlet, "aleqtisadiya") == 0 || strcmp(outlet, "arriyadiyah") == 0 ||
           strcmp(outlet, "arreyadi") == 0;
}

static kh_rc train_doc(const corpus_doc *d, void *ctx)
{
    trainer *t = ctx;
    const int K = KH_VIEW_SECTION__COUNT;
    int dup;
    kh_rc rc = seen_check(&t->seen, d, 1, &dup);
    if (rc != KH_OK || dup)
        return rc;
    kh_view_section label = kh_view_section_train_label(d->outlet, d->url, d->title);
    if (t->filter && label != KH_VIEW_SECTION_NONE && labelled_by_outlet(d->outlet)) {
        /* Label cleaning: where the first model, trained on every label,
         * says an economic daily's page is sports, the page is not used as
         * an economy example (it still counts for document frequencies). */
        kh_view_section got;
        rc = kh_view_section_classify(t->filter, d->title, d->text, &got, NULL, NULL);
        if (rc != KH_OK)
            return rc;
        if (got != label) {
            label = KH_VIEW_SECTION_NONE;
            t->n_dropped++;
        }
    }
    kh_hash_clean(&t->doc);
    kh_hash_init(&t->doc, NULL);
    size_t n = strlen(d->title), skip = kh_view_title_prefix_len(d->title, n);
    t->weight = 2;
    rc = kh_view_feature_each(t->st, d->title + skip, n - skip, 0, doc_stem, t);
    t->weight = 1;
    if (rc == KH_OK && d->text)
        rc = kh_view_feature_each(t->st, d->text, strlen(d->text), 0, doc_stem, t);
    if (rc != KH_OK)
        return rc;
    t->n_docs++;
    if (label != KH_VIEW_SECTION_NONE)
        t->class_docs[label]++;
    size_t pos = 0, n_feats = 0;
    kh_hash_slot *slot;
    while ((slot = kh_hash_next(&t->doc, &pos))) {
        int added = 0;
        kh_hval *row = kh_hash_put(&t->index, slot->key, slot->key_len, &added);
        if (!row)
            return KH_ERR_NOMEM;
        if (added) {
            if (t->n_rows == t->cap_rows) {
                size_t cap = t->cap_rows ? t->cap_rows * 2 : 65536;
                uint32_t *df = kh_realloc(t->df, cap * sizeof *df);
                if (!df)
                    return KH_ERR_NOMEM;
                t->df = df;
                double *c = kh_realloc(t->counts, cap * K * sizeof *c);
                if (!c)
                    return KH_ERR_NOMEM;
                t->counts = c;
                t->cap_rows = cap;
            }
            row->i = (int64_t)t->n_rows;
            t->df[t->n_rows] = 0;
            memset(t->counts + t->n_rows * K, 0, K * sizeof *t->counts);
            t->n_rows++;
        }
        t->df[row->i]++;
        if (label == KH_VIEW_SECTION_NONE)
            continue;
        t->counts[(size_t)row->i * K + label] += 1 + log(slot->val.d);
        if (!t->fit_lr)
            continue;
        if (n_feats == t->f_cap) {
            size_t cap = t->f_cap ? t->f_cap * 2 : 1024;
            uint32_t *ni = kh_realloc(t->f_ids, cap * sizeof *ni);
            if (!ni)
                return KH_ERR_NOMEM;
            t->f_ids = ni;
            float *nv = kh_realloc(t->f_vals, cap * sizeof *nv);
            if (!nv)
                return KH_ERR_NOMEM;
            t->f_vals = nv;
            t->f_cap = cap;
        }
        t->f_ids[n_feats] = (uint32_t)row->i;
        t->f_vals[n_feats++] = (float)(1 + log(slot->val.d));
    }
    if (t->fit_lr && label != KH_VIEW_SECTION_NONE && n_feats)
        return kh_view_lr_docs_add(&t->lr, t->f_ids, t->f_vals, n_feats, label);
    return KH_OK;
}

/* One counting pass over the corpus, written to out_path. */
static kh_rc train_pass(const kh_view_section_train_opts *o, const char *out_path,
                        const kh_view_model *filter, int fit_lr, size_t *n_docs, size_t *n_dropped,
                        kh_err *err)
{
    trainer t;
    kh_rc rc;
    gzFile gz = NULL;
    double *idf = NULL;
    float *w = NULL;
    double bias[KH_VIEW_SECTION__COUNT];
    const int K = KH_VIEW_SECTION__COUNT;

    memset(&t, 0, sizeof t);
    kh_hash_init(&t.index, NULL);
    kh_hash_init(&t.doc, NULL);
    kh_hash_init(&t.seen, NULL);
    t.filter = filter;
    t.fit_lr = fit_lr;
    *n_docs = 0;
    *n_dropped = 0;
    if (!o || !o->corpus_dir || !out_path) {
        rc = kh_err_set(err, KH_ERR_ARG, 0, -1, "section-train: corpus folder and output needed");
        goto done;
    }
    t.st = kh_text_stemmer_new(KH_STEM_LIGHT);
    if (!t.st) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    rc = each_doc(o->corpus_dir, NULL, o->until, train_doc, &t, err);
    if (rc != KH_OK)
        goto done;
    size_t labelled = 0;
    for (int c = 0; c < K; c++)
        labelled += t.class_docs[c];
    if (labelled == 0) {
        rc = kh_err_set(err, KH_ERR_EMPTY, 0, -1, "%s: no labelled documents", o->corpus_dir);
        goto done;
    }
    int min_df = o->min_df > 0 ? o->min_df : 1;
    if (fit_lr) {
        idf = kh_alloc(t.n_rows * sizeof *idf);
        w = kh_alloc(t.n_rows * K * sizeof *w);
        if (!idf || !w) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
        /* Stems under min_df are not in the model: they must not carry
         * weight in training either. */
        for (size_t r = 0; r < t.n_rows; r++)
            idf[r] = t.df[r] >= (uint32_t)min_df ? log((double)t.n_docs / (t.df[r] + 1)) : 0;
        rc = kh_view_lr_fit(&t.lr, idf, t.n_rows, w, bias);
        if (rc != KH_OK) {
            kh_err_set(err, rc, 0, -1, "section-train: fitting failed");
            goto done;
        }
    }
    gz = gzopen(out_path, "wb9");
    if (!gz) {
        rc = kh_err_set(err, KH_ERR_IO, 0, -1, "%s: cannot write", out_path);
        goto done;
    }
    int ok = gzprintf(gz, "%s\ndocs %zu", KH_VIEW_MODEL_MAGIC, t.n_docs) > 0;
    for (int c = 0; c < K; c++)
        ok = ok && gzprintf(gz, " %zu", t.class_docs[c]) > 0;
    ok = ok && gzputs(gz, "\n") > 0;
    if (fit_lr) {
        ok = ok && gzputs(gz, "#bias 0") > 0;
        for (int c = 0; c < K; c++)
            ok = ok && gzprintf(gz, " %.5g", bias[c]) > 0;
        ok = ok && gzputs(gz, "\n") > 0;
    }
    size_t pos = 0;
    kh_hash_slot *slot;
    while (ok && (slot = kh_hash_next(&t.index, &pos))) {
        size_t r = (size_t)slot->val.i;
        if (t.df[r] < (uint32_t)min_df)
            continue;
        ok = gzprintf(gz, "%.*s %u", (int)slot->key_len, slot->key, t.df[r]) > 0;
        for (int c = 0; c < K && ok; c++) {
            double v = t.counts[r * K + c];
            ok = (v == 0 ? gzputs(gz, " 0") : gzprintf(gz, " %.1f", v)) > 0;
        }
        for (int c = 0; c < K && ok && fit_lr; c++) {
            float v = w[r * K + c];
            ok = (v == 0 ? gzputs(gz, " 0") : gzprintf(gz, " %.4g", v)) > 0;
        }
        ok = ok && gzputs(gz, "\n") > 0;
    }
    if (gzclose(gz) != Z_OK || !ok) {
        gz = NULL;
        rc = kh_err_set(err, KH_ERR_IO, 0, -1, "%s: write failed", out_path);
        goto done;
    }
    gz = NULL;
    *n_docs = labelled;
    *n_dropped = t.n_dropped;
done:
    if (gz)
        gzclose(gz);
    if (t.st)
        kh_text_stemmer_free(t.st);
    kh_hash_clean(&t.index);
    kh_hash_clean(&t.doc);
    kh_hash_clean(&t.seen);
    kh_free(t.df);
    kh_free(t.counts);
    kh_free(t.f_ids);
    kh_free(t.f_vals);
    kh_view_lr_docs_clean(&t.lr);
    kh_free(idf);
    kh_free(w);
    return rc;
}

kh_rc kh_view_section_train(const kh_view_section_train_opts *o, const char *out_path,
                            size_t *n_docs, kh_err *err)
{
    size_t n = 0, dropped = 0;
    kh_view_model *first = NULL;
    if (n_docs)
        *n_docs = 0;
    if (!o)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "section-train: no options");
    kh_rc rc = train_pass(o, out_path, NULL, !o->clean && !o->nb_only, &n, &dropped, err);
    if (rc == KH_OK && o->clean) {
        rc = kh_view_section_model_load(out_path, &first, err);
        if (rc == KH_OK)
            rc = train_pass(o, out_path, first, !o->nb_only, &n, &dropped, err);
        kh_view_section_model_free(first);
    }
    if (n_docs)
        *n_docs = rc == KH_OK ? n : 0;
    return rc;
}

/* ---- held-out evaluation ---- */

static int in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0)
            return 1;
        p = comma ? comma + 1 : NULL;
    }
    return 0;
}

static kh_rc eval_seen(const corpus_doc *d, void *ctx)
{
    evaluator *e = ctx;
    int dup;
    return seen_check(&e->seen, d, 1, &dup);
}

static kh_rc eval_doc(const corpus_doc *d, void *ctx)
{
    evaluator *e = ctx;
    kh_view_section gold = kh_view_section_train_label(d->outlet, d->url, d->title);
    if (gold == KH_VIEW_SECTION_NONE || in_list(e->skip, d->outlet))
        return KH_OK;
    int dup;
    /* Only earlier days' keys are in the table: a re-crawl within the test
     * days is scored once (it is added now). */
    kh_rc rc = seen_check(&e->seen, d, 1, &dup);
    if (rc != KH_OK)
        return rc;
    if (dup) {
        e->r->n_skipped_dup++;
        return KH_OK;
    }
    kh_view_section got;
    rc = kh_view_section_classify(e->m, d->title, d->text, &got, NULL, e->err);
    if (rc != KH_OK)
        return rc;
    e->r->n_docs++;
    if (got != KH_VIEW_SECTION_NONE)
        e->r->confusion[gold][got]++;
    if (got == gold) {
        e->r->tp[gold]++;
    } else {
        e->r->fn[gold]++;
        if (got != KH_VIEW_SECTION_NONE)
            e->r->fp[got]++;
    }
    return KH_OK;
}

kh_rc kh_view_section_eval(const kh_view_model *m, const char *corpus_dir, const char *test_from,
                           const char *skip_outlets, kh_view_section_eval_result *r, kh_err *err)
{
    evaluator e = {m, test_from, skip_outlets, {0}, r, err};
    kh_rc rc;
    memset(r, 0, sizeof *r);
    kh_hash_init(&e.seen, NULL);
    if (!m || !corpus_dir || !test_from) {
        rc = kh_err_set(err, KH_ERR_ARG, 0, -1, "eval section: model, corpus and day needed");
        goto done;
    }
    /* Days before test_from: remember what training could have seen. */
    char before[11];
    snprintf(before, sizeof before, "%s", test_from);
    rc = KH_OK;
    {
        char **days = NULL;
        size_t n_days = 0;
        rc = list_days(corpus_dir, &days, &n_days, err);
        const char *last = NULL;
        for (size_t i = 0; i < n_days; i++)
            if (strncmp(days[i], test_from, 10) < 0)
                last = days[i];
        if (rc == KH_OK && last) {
            char until[11];
            memcpy(until, last, 10);
            until[10] = 0;
            rc = each_doc(corpus_dir, NULL, until, eval_seen, &e, err);
        }
        for (size_t i = 0; i < n_days; i++)
            kh_free(days[i]);
        kh_free(days);
    }
    if (rc == KH_OK)
        rc = each_doc(corpus_dir, before, NULL, eval_doc, &e, err);
    if (rc != KH_OK)
        goto done;
    if (r->n_docs == 0) {
        rc = kh_err_set(err, KH_ERR_EMPTY, 0, -1, "eval section: no labelled documents from %s",
                        test_from);
        goto done;
    }
    double sum = 0;
    int n_present = 0;
    size_t correct = 0;
    for (int c = 0; c < KH_VIEW_SECTION__COUNT; c++) {
        size_t tp = r->tp[c], fp = r->fp[c], fn = r->fn[c];
        correct += tp;
        if (tp + fn == 0) {
            r->f1[c] = tp + fp ? 0 : -1;
            continue;
        }
        r->f1[c] = 2.0 * tp / (2.0 * tp + fp + fn);
        sum += r->f1[c];
        n_present++;
    }
    r->macro_f1 = sum / n_present;
    r->accuracy = (double)correct / r->n_docs;
done:
    kh_hash_clean(&e.seen);
    return rc;
}
