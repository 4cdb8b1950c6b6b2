/*
 * bench/store/ingest.c - ingest speed: every day of the SaudiNewsNet corpus
 * (31,030 articles) into a new database in a temporary folder, once
 * without stories (parse + store) and once with the whole pipeline
 * (parse + clustering + store).  Prints articles/s (wall clock and CPU
 * time) and peak RSS.
 *
 *   build-store/bench/store/ingest [--no-stories | --stories] [CORPUS_DIR]
 *
 * CORPUS_DIR defaults to $KH_SHARED/corpus/saudinewsnet (KH_SHARED
 * defaulting to ../shared).  Timings live here, never in tests.
 */
#include "ingest/ingest.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds (user + system) used by the process so far. */
static double cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

static int run(const char *corpus, int no_stories)
{
    char dir[] = "/tmp/khabar-bench-XXXXXX", db[64];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(db, sizeof db, "%s/bench.db", dir);
    kh_err err;
    kh_err_init(&err, NULL);
    int status = 1;
    kh_ingest *in = NULL;
    double t0 = now(), c0 = cpu();
    kh_store *s = kh_store_open(db, &err);
    kh_ingest_opts o = {0, NULL, no_stories, NULL, NULL, NULL};
    if (!s || !(in = kh_ingest_new(s, &o, &err)) || kh_ingest_path(in, corpus, &err) != KH_OK ||
        kh_ingest_finish(in, &err) != KH_OK) {
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        fprintf(stderr, "bench: %s\n", msg);
        goto done;
    }
    double t = now() - t0, c = cpu() - c0;
    const kh_ingest_stats *st = kh_ingest_stats_get(in);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    /* CPU time too: on a shared machine the wall clock counts others' work. */
    printf("ingest %-10s read %ld stored %ld skipped %ld stories %ld: %.2f s wall, %.0f "
           "articles/s; %.2f s CPU, %.0f articles/CPU-s; peak RSS %ld MiB\n",
           no_stories ? "store-only" : "pipeline", st->read, st->stored, st->skipped, st->stories,
           t, st->read / t, c, st->read / c, ru.ru_maxrss / 1024);
    status = 0;
done:
    kh_ingest_free(in);
    kh_store_close(s);
    char path[96];
    const char *const ext[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", db, ext[i]);
        unlink(path);
    }
    rmdir(dir);
    return status;
}

int main(int argc, char **argv)
{
    int modes = 3; /* 1 store-only, 2 pipeline */
    const char *corpus = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-stories") == 0)
            modes = 1;
        else if (strcmp(argv[i], "--stories") == 0)
            modes = 2;
        else
            corpus = argv[i];
    }
    char def[512];
    if (!corpus) {
        const char *shared = getenv("KH_SHARED");
        snprintf(def, sizeof def, "%s/corpus/saudinewsnet",
                 shared && *shared ? shared : "../shared");
        corpus = def;
    }
    if ((modes & 1) && run(corpus, 1) != 0)
        return 1;
    if ((modes & 2) && run(corpus, 0) != 0)
        return 1;
    return 0;
}
