/*
 * bench/analyse/ner.c - how fast entities are found: one corpus day
 * (SaudiNewsNet 2015-08-10, 1,700 articles) through
 * kh_analyse_entity_find_with, article by article, one tagging session a
 * pass, as `khabar ingest` calls it.  An argument sets the session's
 * cache size in words (default KH_NER_SESSION_WORDS).
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

/* One pass over the file; with m, entities are found too, with one
 * tagging session of max_words for the pass (as one ingest run keeps one;
 * max_words 1 is nearly no cache), whose counts go to st.  Returns the
 * number of articles, or -1. */
static long pass(const char *path, const kh_ner_model *m, size_t max_words, size_t *n_ents,
                 kh_ner_session *st)
{
    kh_err err;
    kh_err_init(&err, path);
    kh_ner_session *ses = m ? kh_analyse_ner_session_new(m, max_words, &err) : NULL;
    if (m && !ses)
        return -1;
    kh_lines *l = kh_lines_open(path, &err);
    if (!l) {
        kh_analyse_ner_session_free(ses);
        return -1;
    }
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
    if (ses) {
        st->n_hit = ses->n_hit;
        st->n_miss = ses->n_miss;
        st->n_evict = ses->n_evict;
        st->n_scratch = ses->n_scratch;
        st->n_rows = ses->n_rows;
        st->set_mask = ses->set_mask;
    }
    kh_analyse_ner_session_free(ses);
    return n;
}

int main(int argc, char **argv)
{
    size_t max_words = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 0;
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
     * caches down, never speed them up. */
    size_t n_ents = 0;
    kh_ner_session st;
    memset(&st, 0, sizeof st);
    double parse = 1e9, full = 1e9;
    long n = 0, n2 = 0;
    for (int r = 0; r < 3; r++) {
        double t0 = now();
        n = pass(path, NULL, 0, &n_ents, &st);
        double t1 = now();
        n_ents = 0;
        n2 = pass(path, m, max_words, &n_ents, &st);
        double t2 = now();
        parse = t1 - t0 < parse ? t1 - t0 : parse;
        full = t2 - t1 < full ? t2 - t1 : full;
    }
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
    size_t words = (st.set_mask + 1) * NER_WAYS, tokens = st.n_hit + st.n_miss;
    printf("word cache: %zu words, %zu tokens, %.1f%% found, %zu replaced, %zu scratch, "
           "%zu left-tag rows; at most %.1f MB\n",
           words, tokens, tokens ? 100.0 * (double)st.n_hit / (double)tokens : 0.0, st.n_evict,
           st.n_scratch, st.n_rows,
           ((double)words * (sizeof(ner_word) + sizeof(ner_set) / NER_WAYS + 4) +
            (double)st.n_rows * sizeof(ner_rows)) /
               1e6);
    return 0;
}
