/*
 * bench/analyse/ner.c - how fast entities are found: one corpus day
 * (SaudiNewsNet 2015-08-10, 1,700 articles) through
 * kh_analyse_entity_find_with, article by article, one tagging session a
 * run, as `khabar ingest` calls it (arguments: see main).
 *
 * Prints the CPU time to parse the records alone, the time with entity
 * finding (tagging, spans, per-article variant merging), their difference
 * and articles per second.  Timings only; nothing here passes or fails on
 * speed.  KH_SHARED names the shared folder (../shared); the model is the
 * default one (kh_analyse_ner_default_path).
 */
#include "analyse/analyse.h"
#include "analyse/ner_int.h"
#include "core/lines.h"
#include "ingest/ingest_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Process CPU time: the machine is shared. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One pass over the file; with ses, entities are found too.  Returns
 * the number of articles, or -1. */
static long pass(const char *path, kh_ner_session *ses, size_t *n_ents)
{
    kh_err err;
    kh_err_init(&err, path);
    kh_lines *l = kh_lines_open(path, &err);
    if (!l)
        return -1;
    const char *line;
    size_t len;
    long n = 0;
    while (kh_lines_next(l, &line, &len, &err) == KH_OK) {
        kh_article *a = NULL;
        if (len == 0 || kh_ingest_jsonl_record(line, len, &a, &err) != KH_OK)
            continue;
        kh_entity *ents = NULL;
        size_t ne = 0;
        if (ses && kh_analyse_entity_find_with(ses, a, &ents, &ne, &err) == KH_OK)
            *n_ents += ne;
        kh_article_free(a);
        n++;
    }
    kh_lines_close(l);
    return n;
}

int main(int argc, char **argv)
{
    /* bench/analyse/ner [WORDS [warm]]: the session's cache size (0 the
     * default); "warm" keeps one session for the three runs, so the best
     * run has met the day's words before (a long ingest run's state). */
    size_t max_words = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 0;
    int warm = argc > 2 && strcmp(argv[2], "warm") == 0;
    const char *shared = getenv("KH_SHARED");
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/saudinewsnet/2015-08-10.jsonl.gz",
             shared && *shared ? shared : "../shared");
    kh_ner_model *m = NULL;
    kh_err err;
    kh_err_init(&err, "ner.model");
    if (kh_analyse_ner_load(NULL, &m, &err) != KH_OK) {
        fprintf(stderr, "bench/analyse/ner: cannot load the NER model\n");
        return 1;
    }
    /* Best of three runs each: other processes on a shared box slow the
     * caches down, never speed them up.  A new session a run (as a new
     * ingest run makes one) unless warm. */
    size_t n_ents = 0, hit = 0, miss = 0, evict = 0, scratch = 0, rows = 0, words = 0;
    double parse = 1e9, full = 1e9;
    long n = 0, n2 = 0;
    kh_ner_session *ses = NULL;
    for (int r = 0; r < 3; r++) {
        double t0 = now();
        n = pass(path, NULL, &n_ents);
        double t1 = now();
        n_ents = 0;
        if (!ses && !(ses = kh_analyse_ner_session_new(m, max_words, &err))) {
            fprintf(stderr, "bench/analyse/ner: out of memory\n");
            return 1;
        }
        size_t h0 = ses->n_hit, m0 = ses->n_miss;
        n2 = pass(path, ses, &n_ents);
        double t2 = now();
        parse = t1 - t0 < parse ? t1 - t0 : parse;
        full = t2 - t1 < full ? t2 - t1 : full;
        hit = ses->n_hit - h0, miss = ses->n_miss - m0, evict = ses->n_evict;
        scratch = ses->n_scratch, rows = ses->n_rows, words = (ses->set_mask + 1) * NER_WAYS;
        if (!warm) {
            kh_analyse_ner_session_free(ses);
            ses = NULL;
        }
    }
    kh_analyse_ner_session_free(ses);
    kh_analyse_ner_free(m);
    if (n <= 0 || n2 != n) {
        fprintf(stderr, "bench/analyse/ner: cannot read %s\n", path);
        return 1;
    }
    double own = full - parse;
    printf("articles %ld, entities %zu\n", n, n_ents);
    printf("parse only %.3f s CPU, with entities %.3f s, entities alone %.3f s (best of 3)\n",
           parse, full, own);
    printf("entity finding: %.0f articles/s\n", own > 0 ? (double)n / own : 0.0);
    size_t tokens = hit + miss;
    printf("word cache (last run): %zu words, %zu tokens, %.1f%% found, %zu replaced, %zu "
           "scratch, %zu left-tag rows; at most %.1f MB\n",
           words, tokens, tokens ? 100.0 * (double)hit / (double)tokens : 0.0, evict, scratch, rows,
           ((double)words * (sizeof(ner_word) + sizeof(ner_set) / NER_WAYS + 4) +
            (double)rows * sizeof(ner_rows)) /
               1e6);
    return 0;
}
