/*
 * tests/ingest/ingest_par.c - tagging on several threads (src/ingest/
 * ingest_par.c and kh_ingest_set_threads): a run on 3 threads leaves the
 * store, the counts, the reports and the progress calls of the one-thread
 * run, byte for byte, on the bundled sample (pages, records, bad records)
 * and on a corpus day; bad thread counts are refused; a run freed with
 * articles still in the window stores nothing of them and joins its
 * threads (ASan and the exit say so); the driver's thread running out of
 * memory anywhere (the pool, the window, the store) fails cleanly.
 */
#include "core/alloc.h"
#include "ingest/ingest.h"
#include "../store/store_test.h"
#include "test.h"

#include <sqlite3.h>

/* What a run shows the world, folded into hashes (FNV-1a, 64 bits). */
typedef struct trace {
    uint64_t reports, progress, tables;
    long n_reports, n_progress;
    kh_ingest_stats stats;
} trace;

static void fold(uint64_t *h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ (unsigned char)s[i]) * 1099511628211u;
    *h = (*h ^ 0xff) * 1099511628211u; /* ends the field */
}

static void on_report(const kh_err *e, void *ctx)
{
    trace *t = ctx;
    char msg[512];
    kh_err_format(e, msg, sizeof msg);
    fold(&t->reports, msg, strlen(msg));
    t->n_reports++;
}

static void on_progress(const kh_ingest_stats *st, const char *input, void *ctx)
{
    trace *t = ctx;
    char line[600];
    int n = snprintf(line, sizeof line, "%ld %ld %ld %ld %ld %s", st->read, st->stored,
                     st->unchanged, st->skipped, st->stories, input ? input : "-");
    fold(&t->progress, line, (size_t)n);
    t->n_progress++;
}

/* Every row of the tables a run writes, in a fixed order. */
static int hash_tables(const char *path, uint64_t *h)
{
    static const char *const queries[] = {
        "select * from stories order by id",
        /* all but ingested_at, the clock's */
        "select rowid, id, url, outlet, published, published_ts, title, section, teaser, body, "
        "kind, dup_of, dup_sim, story_id from articles order by rowid",
        "select * from outlets order by name",
        "select * from entities order by id",
        "select * from article_entities order by article, entity",
    };
    sqlite3 *db = NULL;
    int ok = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK;
    for (size_t q = 0; ok && q < sizeof queries / sizeof *queries; q++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, queries[q], -1, &st, NULL) != SQLITE_OK) {
            ok = 0;
            break;
        }
        long rows = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const unsigned char *v = sqlite3_column_text(st, c);
                fold(h, v ? (const char *)v : "\x01null",
                     v ? (size_t)sqlite3_column_bytes(st, c) : 5);
            }
            rows++;
        }
        fold(h, queries[q], strlen(queries[q]));
        ok = sqlite3_finalize(st) == SQLITE_OK && rows > 0;
    }
    sqlite3_close(db);
    return ok;
}

/* Ingests inputs into a new store on `threads` threads. */
static int run(const kh_ner_model *m, int threads, const char *const *inputs, size_t n, long batch,
               trace *t)
{
    char path[600];
    kh_err err;
    kh_err_init(&err, NULL);
    memset(t, 0, sizeof *t);
    t->reports = t->progress = t->tables = 14695981039346656037u;
    if (!tmp_path("p.db", path, sizeof path))
        return 0;
    kh_store *s = kh_store_open(path, &err);
    if (!s)
        return 0;
    kh_ingest_opts o = {batch, m, 0, on_report, on_progress, t};
    kh_ingest *in = kh_ingest_new(s, &o, &err);
    int ok = in && kh_ingest_set_threads(in, threads, &err) == KH_OK;
    for (size_t i = 0; ok && i < n; i++)
        ok = kh_ingest_path(in, inputs[i], &err) == KH_OK;
    ok = ok && kh_ingest_finish(in, &err) == KH_OK;
    if (in)
        t->stats = *kh_ingest_stats_get(in);
    kh_ingest_free(in);
    kh_store_close(s);
    if (!ok) {
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        fprintf(stderr, "  run on %d threads: %s\n", threads, msg);
        return 0;
    }
    return hash_tables(path, &t->tables);
}

static int same(const trace *a, const trace *b)
{
    return a->reports == b->reports && a->progress == b->progress && a->tables == b->tables &&
           a->n_reports == b->n_reports && a->n_progress == b->n_progress &&
           memcmp(&a->stats, &b->stats, sizeof a->stats) == 0;
}

static kh_ner_model *model(void)
{
    kh_ner_model *m = NULL;
    kh_err err;
    kh_err_init(&err, NULL);
    if (kh_analyse_ner_load(NULL, &m, &err) != KH_OK)
        return NULL;
    return m;
}

/* A JSONL file of the sample's records with bad ones between them. */
static int write_bad(char *path, size_t cap)
{
    if (!tmp_path("bad.jsonl", path, cap))
        return 0;
    FILE *in = fopen("examples/sample/articles.jsonl", "r");
    FILE *out = fopen(path, "w");
    char line[1 << 16];
    int n = 0;
    while (in && out && fgets(line, sizeof line, in)) {
        fputs(line, out);
        fprintf(out, "%s\n",
                n % 3 == 0   ? "{\"id\": \"broken\", \"title\": \"x\" \"text\": \"y\"}"
                : n % 3 == 1 ? "{\"id\": \"notitle\", \"text\": \"\\u0646\"}"
                             : "{\"id\": \"empty\", \"title\": \"t\", \"text\": \" \"}");
        n++;
    }
    int ok = in && out && n > 0;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = 0;
    return ok;
}

TEST(par_sample_matches_one_thread)
{
    kh_ner_model *m = model();
    CHECK(m);
    char bad[600];
    CHECK(write_bad(bad, sizeof bad));
    /* Twice the sample: the second copy is all "unchanged". */
    const char *const inputs[] = {"examples/sample", bad, "examples/sample/no-such.jsonl",
                                  "examples/sample/articles.jsonl"};
    trace one, three;
    int ok1 = run(m, 1, inputs, 4, 0, &one);
    int ok3 = run(m, 3, inputs, 4, 5, &three); /* batches apart: the tables must not care */
    trace three_b;
    int ok3b = run(m, 3, inputs, 4, 0, &three_b);
    kh_analyse_ner_free(m);
    CHECK(ok1 && ok3 && ok3b);
    CHECK(one.stats.stored > 0 && one.stats.skipped > 0 && one.stats.unchanged > 0 &&
          one.stats.failed == 1);
    CHECK(one.tables == three.tables);
    CHECK(same(&one, &three_b));
}

TEST(par_corpus_day_matches_one_thread)
{
    kh_ner_model *m = model();
    CHECK(m);
    char day[600];
    snprintf(day, sizeof day, "%s/corpus/saudinewsnet/2015-08-10.jsonl.gz", kh_test_shared());
    const char *const inputs[] = {day};
    trace one, three;
    int ok1 = run(m, 1, inputs, 1, 0, &one);
    int ok3 = run(m, 3, inputs, 1, 0, &three);
    kh_analyse_ner_free(m);
    CHECK(ok1 && ok3);
    CHECK(one.stats.stored > 1000);
    CHECK(same(&one, &three));
}

TEST(par_threads_bad_values)
{
    char path[600];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("t.db", path, sizeof path));
    kh_store *s = kh_store_open(path, &err);
    CHECK(s);
    kh_ingest *in = kh_ingest_new(s, NULL, &err);
    CHECK(in);
    CHECK_INT(kh_ingest_set_threads(in, 0, &err), KH_ERR_ARG);
    kh_err_init(&err, NULL);
    CHECK_INT(kh_ingest_set_threads(in, -2, &err), KH_ERR_ARG);
    kh_err_init(&err, NULL);
    CHECK_INT(kh_ingest_set_threads(in, KH_INGEST_MAX_THREADS + 1, &err), KH_ERR_ARG);
    kh_err_init(&err, NULL);
    CHECK_INT(kh_ingest_set_threads(NULL, 2, &err), KH_ERR_ARG);
    kh_err_init(&err, NULL);
    /* No model: nothing to share out, the run is the one-thread one. */
    CHECK_INT(kh_ingest_set_threads(in, 4, &err), KH_OK);
    kh_article *a = make_article("x1", NULL, "okaz", "2015-08-10T08:00:00Z", "عنوان", "نص الخبر");
    CHECK(a);
    CHECK_INT(kh_ingest_article(in, a, "test", 1, &err), KH_OK);
    CHECK_INT(kh_ingest_set_threads(in, 2, &err), KH_ERR_ARG); /* too late */
    kh_ingest_free(in);
    kh_store_close(s);
}

TEST(par_free_unfinished_stores_nothing)
{
    kh_ner_model *m = model();
    CHECK(m);
    char path[600];
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(tmp_path("u.db", path, sizeof path));
    kh_store *s = kh_store_open(path, &err);
    CHECK(s);
    kh_ingest_opts o = {0, m, 0, NULL, NULL, NULL};
    kh_ingest *in = kh_ingest_new(s, &o, &err);
    CHECK(in);
    CHECK_INT(kh_ingest_set_threads(in, 3, &err), KH_OK);
    CHECK_INT(kh_ingest_path(in, "examples/sample/articles.jsonl", &err), KH_OK);
    kh_ingest_free(in); /* no finish: rolled back, the window dropped */
    long n = -1;
    CHECK_INT(kh_store_article_count(s, &n, NULL, &err), KH_OK);
    CHECK_INT(n, 0);
    kh_store_close(s);
    kh_analyse_ner_free(m);
}

/* Every allocation of the driver's thread made to fail in turn (fault
 * injection is per thread: the workers' never fail); a stride past the
 * first 200 keeps it quick. */
TEST(par_fault_driver)
{
    kh_ner_model *m = model();
    CHECK(m);
    long total = -1, fails = 0;
    for (long i = 0, step = 1; total < 0 || i < total; i += step) {
        char path[600];
        kh_err err;
        kh_err_init(&err, NULL);
        CHECK(tmp_path("f.db", path, sizeof path));
        kh_alloc_fail_after(total < 0 ? 10000000 : i);
        kh_store *s = kh_store_open(path, &err);
        kh_ingest_opts o = {0, m, 0, NULL, NULL, NULL};
        kh_ingest *in = s ? kh_ingest_new(s, &o, &err) : NULL;
        kh_rc rc = !in ? err.rc
                   : kh_ingest_set_threads(in, 3, &err) != KH_OK
                       ? err.rc
                       : kh_ingest_path(in, "examples/sample/articles.jsonl", &err);
        if (in && rc == KH_OK)
            rc = kh_ingest_finish(in, &err);
        kh_ingest_free(in);
        kh_store_close(s);
        if (total < 0) {
            total = kh_alloc_count();
            kh_alloc_fail_after(-1);
            CHECK_INT(rc, KH_OK);
            i = -step; /* then from 0 */
            continue;
        }
        kh_alloc_fail_after(-1);
        /* Out of memory, or (a failing SQLite open) a store error; never a
         * success that lost articles unnoticed, never a crash or leak. */
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM || rc == KH_ERR_DB || rc == KH_ERR_IO);
        fails += rc != KH_OK;
        if (i >= 200)
            step = 1 + i / 16;
    }
    kh_analyse_ner_free(m);
    CHECK(fails > 0);
}

int main(void)
{
    TEST_RUN("ingest_par", TEST_CASE(par_sample_matches_one_thread),
             TEST_CASE(par_corpus_day_matches_one_thread), TEST_CASE(par_threads_bad_values),
             TEST_CASE(par_free_unfinished_stores_nothing), TEST_CASE(par_fault_driver));
}
