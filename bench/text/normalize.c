/*
 * bench/text/normalize.c - throughput of the text stage on real news.
 *
 * Loads the title and text of every article of SaudiNewsNet (31,030
 * articles, ../shared/corpus/saudinewsnet, one .jsonl.gz a day) into memory first, then
 * times, on one core and over the whole corpus once:
 *   clean_display   kh_text_clean_display
 *   normalize       kh_text_normalize
 *   tokenize        kh_text_tokenize_next over the match forms
 *   pipeline/light  normalize + tokenize + stop word check + KH_STEM_LIGHT
 *   pipeline/snow   the same with KH_STEM_SNOWBALL
 *   sentences       kh_text_sentence_next over the display forms
 *   utf8proc NFKC   for reference: utf8proc_map with compatibility
 *                   composition, mark stripping and case folding, the
 *                   general-purpose way to get part of the match form
 * and then, untimed, the size of the Arabic vocabulary (non-stop-word
 * tokens) as written, in match form, and after each stemmer: how much each
 * step conflates.
 * MB/s are input bytes (the raw article for normalize and the pipelines,
 * the form tokenised or split otherwise) per second of thread CPU time;
 * wall time is printed too.  Reading, gunzip and JSON are not timed.
 *
 *   build-x/bench/text/normalize [CORPUS_DIR [MAX_FILES [PASSES]]]
 * CORPUS_DIR defaults to $KH_SHARED/corpus/saudinewsnet, KH_SHARED to
 * ../shared.  Figures: docs/text.md.
 */
#include "core/alloc.h"
#include "core/buf.h"
#include "core/hash.h"
#include "core/lines.h"
#include "text/text.h"

#include <dirent.h>
#include <jansson.h>
#include <utf8proc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct corpus {
    kh_buf text; /* owns: every article's "title\ntext", back to back */
    size_t *off; /* owns: start of article i in text; off[n] = text.len */
    size_t n, cap;
} corpus;

typedef struct timing {
    double cpu, wall;
} timing;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static double now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static timing start_timing(void)
{
    timing t = {now(CLOCK_THREAD_CPUTIME_ID), now(CLOCK_MONOTONIC)};
    return t;
}

static timing stop_timing(timing t0)
{
    timing t = {now(CLOCK_THREAD_CPUTIME_ID) - t0.cpu, now(CLOCK_MONOTONIC) - t0.wall};
    return t;
}

static int add_article(corpus *c, const char *title, const char *text)
{
    if (c->n + 2 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        size_t *p = kh_realloc(c->off, cap * sizeof *p);
        if (!p)
            return -1;
        c->off = p;
        c->cap = cap;
    }
    c->off[c->n++] = c->text.len;
    if (kh_buf_appends(&c->text, title) != KH_OK || kh_buf_appendc(&c->text, '\n') != KH_OK ||
        kh_buf_appends(&c->text, text) != KH_OK)
        return -1;
    c->off[c->n] = c->text.len;
    return 0;
}

static int load_file(corpus *c, const char *path)
{
    kh_err err;
    kh_err_init(&err, path);
    kh_lines *l = kh_lines_open(path, &err);
    if (!l) {
        fprintf(stderr, "bench: %s: %s\n", path, err.msg);
        return -1;
    }
    const char *line;
    size_t len;
    kh_rc rc;
    int ret = 0;
    while ((rc = kh_lines_next(l, &line, &len, &err)) == KH_OK) {
        json_t *j = json_loadb(line, len, 0, NULL);
        if (!j)
            continue;
        const char *title = json_string_value(json_object_get(j, "title"));
        const char *text = json_string_value(json_object_get(j, "text"));
        if (add_article(c, title ? title : "", text ? text : "") != 0)
            ret = -1;
        json_decref(j);
        if (ret)
            break;
    }
    if (rc != KH_DONE && rc != KH_OK)
        ret = -1;
    kh_lines_close(l);
    return ret;
}

static void report(const char *what, size_t bytes, size_t n_articles, timing t, size_t check)
{
    printf("%-16s %8.1f MB/s  %9.0f articles/s  (cpu %.2f s, wall %.2f s, %zu MB, check %zu)\n",
           what, (double)bytes / 1e6 / t.cpu, (double)n_articles / t.cpu, t.cpu, t.wall,
           bytes >> 20, check);
}

/* normalize + tokenize + stop words + stem: what analyse and group do per article. */
static size_t pipeline(const corpus *c, kh_stemmer *st, kh_buf *tmp, size_t *n_tok)
{
    size_t check = 0;
    char stem[128];
    for (size_t i = 0; i < c->n; i++) {
        kh_buf_reset(tmp);
        if (kh_text_normalize(c->text.data + c->off[i], c->off[i + 1] - c->off[i], tmp) != KH_OK)
            return 0;
        size_t pos = 0;
        kh_token t;
        while (kh_text_tokenize_next(tmp->data, tmp->len, &pos, &t)) {
            (*n_tok)++;
            if (t.kind != KH_TOKEN_ARABIC && t.kind != KH_TOKEN_LATIN)
                continue;
            if (kh_text_is_stopword(tmp->data + t.off, t.len))
                continue;
            check += kh_text_stem(st, tmp->data + t.off, t.len, stem, sizeof stem);
        }
    }
    return check;
}

/* Distinct Arabic non-stop-word tokens: display form as written, match form,
 * light stems, Snowball stems. */
static int vocabulary(const corpus *c, const kh_buf *disp, const size_t *disp_off,
                      const kh_buf *norm, const size_t *norm_off, kh_stemmer *light,
                      kh_stemmer *snow)
{
    kh_hash sets[4];
    size_t n_tok = 0;
    int ret = -1;
    for (int k = 0; k < 4; k++)
        kh_hash_init(&sets[k], NULL);
    for (size_t i = 0; i < c->n; i++) {
        size_t pos = disp_off[i];
        kh_token t;
        while (kh_text_tokenize_next(disp->data, disp_off[i + 1], &pos, &t))
            if (t.kind == KH_TOKEN_ARABIC &&
                !kh_hash_put(&sets[0], disp->data + t.off, t.len, NULL))
                goto done;
        pos = norm_off[i];
        while (kh_text_tokenize_next(norm->data, norm_off[i + 1], &pos, &t)) {
            const char *w = norm->data + t.off;
            if (t.kind != KH_TOKEN_ARABIC || kh_text_is_stopword(w, t.len))
                continue;
            char st[128];
            n_tok++;
            size_t l1 = kh_text_stem(light, w, t.len, st, sizeof st);
            if (!kh_hash_put(&sets[1], w, t.len, NULL) || !kh_hash_put(&sets[2], st, l1, NULL))
                goto done;
            size_t l2 = kh_text_stem(snow, w, t.len, st, sizeof st);
            if (!kh_hash_put(&sets[3], st, l2, NULL))
                goto done;
        }
    }
    printf("vocabulary: %zu Arabic non-stop tokens; distinct: as written (incl. stop words) %zu, "
           "match form %zu, light stems %zu, snowball stems %zu\n",
           n_tok, sets[0].n_used, sets[1].n_used, sets[2].n_used, sets[3].n_used);
    ret = 0;
done:
    for (int k = 0; k < 4; k++)
        kh_hash_clean(&sets[k]);
    return ret;
}

int main(int argc, char **argv)
{
    char dir[1024];
    const char *shared = getenv("KH_SHARED");
    if (argc > 1)
        snprintf(dir, sizeof dir, "%s", argv[1]);
    else
        snprintf(dir, sizeof dir, "%s/corpus/saudinewsnet",
                 shared && *shared ? shared : "../shared");
    long max_files = argc > 2 ? atol(argv[2]) : 0;
    int passes = argc > 3 ? atoi(argv[3]) : 1;
    if (passes < 1)
        passes = 1;

    int ret = 1;
    corpus c = {{0}, NULL, 0, 0};
    kh_buf_init(&c.text, (size_t)1 << 32);
    kh_buf norm_all, disp_all, tmp;
    kh_buf_init(&norm_all, (size_t)1 << 32);
    kh_buf_init(&disp_all, (size_t)1 << 32);
    kh_buf_init(&tmp, KH_CAP_PAGE);
    size_t *norm_off = NULL, *disp_off = NULL;
    char **names = NULL;
    size_t n_names = 0;
    kh_stemmer *light = kh_text_stemmer_new(KH_STEM_LIGHT);
    kh_stemmer *snow = kh_text_stemmer_new(KH_STEM_SNOWBALL);
    if (!light || !snow)
        goto done;

    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "bench: cannot open %s (set KH_SHARED or pass the corpus folder)\n", dir);
        goto done;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 9 || strcmp(e->d_name + l - 9, ".jsonl.gz") != 0)
            continue;
        char **p = kh_realloc(names, (n_names + 1) * sizeof *p);
        if (!p)
            break;
        names = p;
        names[n_names] = kh_strdup(e->d_name);
        if (names[n_names])
            n_names++;
    }
    closedir(d);
    qsort(names, n_names, sizeof *names, cmp_str);
    if (max_files > 0 && (size_t)max_files < n_names) {
        for (size_t i = (size_t)max_files; i < n_names; i++)
            kh_free(names[i]);
        n_names = (size_t)max_files;
    }
    for (size_t i = 0; i < n_names; i++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (load_file(&c, path) != 0)
            goto done;
    }
    if (c.n == 0) {
        fprintf(stderr, "bench: no articles under %s\n", dir);
        goto done;
    }
    printf("text bench: %zu articles, %.1f MB of title+text from %zu files of %s, %d pass(es)\n",
           c.n, (double)c.text.len / 1e6, n_names, dir, passes);

    /* Untimed: the match and display forms that tokenize and sentences read. */
    norm_off = kh_alloc((c.n + 1) * sizeof *norm_off);
    disp_off = kh_alloc((c.n + 1) * sizeof *disp_off);
    if (!norm_off || !disp_off)
        goto done;
    for (size_t i = 0; i < c.n; i++) {
        const char *a = c.text.data + c.off[i];
        size_t al = c.off[i + 1] - c.off[i];
        norm_off[i] = norm_all.len;
        disp_off[i] = disp_all.len;
        if (kh_text_normalize(a, al, &norm_all) != KH_OK ||
            kh_text_clean_display(a, al, &disp_all) != KH_OK)
            goto done;
    }
    norm_off[c.n] = norm_all.len;
    disp_off[c.n] = disp_all.len;

    for (int pass = 0; pass < passes; pass++) {
        size_t check = 0, n_tok = 0;
        timing t = start_timing();
        for (size_t i = 0; i < c.n; i++) {
            kh_buf_reset(&tmp);
            if (kh_text_clean_display(c.text.data + c.off[i], c.off[i + 1] - c.off[i], &tmp) !=
                KH_OK)
                goto done;
            check += tmp.len;
        }
        report("clean_display", c.text.len, c.n, stop_timing(t), check);

        check = 0;
        t = start_timing();
        for (size_t i = 0; i < c.n; i++) {
            kh_buf_reset(&tmp);
            if (kh_text_normalize(c.text.data + c.off[i], c.off[i + 1] - c.off[i], &tmp) != KH_OK)
                goto done;
            check += tmp.len;
        }
        report("normalize", c.text.len, c.n, stop_timing(t), check);

        check = 0;
        t = start_timing();
        for (size_t i = 0; i < c.n; i++) {
            size_t pos = norm_off[i];
            kh_token tok;
            while (kh_text_tokenize_next(norm_all.data, norm_off[i + 1], &pos, &tok))
                check++;
        }
        report("tokenize", norm_all.len, c.n, stop_timing(t), check);

        t = start_timing();
        check = pipeline(&c, light, &tmp, &n_tok);
        report("pipeline/light", c.text.len, c.n, stop_timing(t), check);

        n_tok = 0;
        t = start_timing();
        check = pipeline(&c, snow, &tmp, &n_tok);
        report("pipeline/snow", c.text.len, c.n, stop_timing(t), check);

        check = 0;
        t = start_timing();
        for (size_t i = 0; i < c.n; i++) {
            size_t pos = disp_off[i], st, len;
            while (kh_text_sentence_next(disp_all.data, disp_off[i + 1], &pos, &st, &len))
                check++;
        }
        report("sentences", disp_all.len, c.n, stop_timing(t), check);

        check = 0;
        t = start_timing();
        for (size_t i = 0; i < c.n; i++) {
            utf8proc_uint8_t *o = NULL;
            utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)c.text.data + c.off[i],
                                              (utf8proc_ssize_t)(c.off[i + 1] - c.off[i]), &o,
                                              UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                                  UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
            if (r > 0)
                check += (size_t)r;
            free(o); /* utf8proc's own malloc */
        }
        report("utf8proc NFKC", c.text.len, c.n, stop_timing(t), check);
        if (pass == 0)
            printf("(%zu tokens in the match forms)\n", n_tok);
    }
    if (vocabulary(&c, &disp_all, disp_off, &norm_all, norm_off, light, snow) != 0)
        goto done;
    ret = 0;
done:
    for (size_t i = 0; i < n_names; i++)
        kh_free(names[i]);
    kh_free(names);
    kh_free(norm_off);
    kh_free(disp_off);
    kh_free(c.off);
    kh_buf_clean(&c.text);
    kh_buf_clean(&norm_all);
    kh_buf_clean(&disp_all);
    kh_buf_clean(&tmp);
    kh_text_stemmer_free(light);
    kh_text_stemmer_free(snow);
    return ret;
}
