/*
 * bench/store/ingest.c - ingest speed: every day of the SaudiNewsNet corpus
 * (31,030 articles) into a new database in a temporary folder, in up to
 * three modes:
 *
 *   store-only  parse + store (`khabar ingest --no-stories`)
 *   pipeline    parse + duplicates + clustering + store (`--no-entities`)
 *   entities    the default `khabar ingest`: the pipeline with the named
 *               entities found (NER model from kh_analyse_ner_default_path)
 *               and stored
 *
 * Each mode runs in a child process of its own, so that its peak resident
 * memory is its own.  Prints articles per CPU-second (user + system: on a
 * shared machine the wall clock counts other processes' work), articles per
 * wall second and peak RSS.
 *
 *   build-store/bench/store/ingest [--no-stories | --stories | --entities]... [CORPUS]
 *
 * With no mode option all three run.  CORPUS (a folder or file) defaults to
 * $KH_SHARED/corpus/saudinewsnet (KH_SHARED defaulting to ../shared).
 * Timings live here, never in tests.
 */
#include "ingest/ingest.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MODE_STORE = 1, MODE_PIPELINE = 2, MODE_ENTITIES = 4 };

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

static const char *mode_name(int mode)
{
    return mode == MODE_STORE ? "store-only" : mode == MODE_PIPELINE ? "pipeline" : "entities";
}

/* One mode, in the calling process; 0 on success. */
static int run(const char *corpus, int mode)
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
    kh_store *s = NULL;
    kh_ner_model *ner = NULL;
    double t0 = now(), c0 = cpu(), t_load = 0, c_load = 0;
    /* The model's loading is timed apart: it is paid once a run, not per
     * article. */
    if (mode == MODE_ENTITIES) {
        if (kh_analyse_ner_load(NULL, &ner, &err) != KH_OK)
            goto fail;
        t_load = now() - t0;
        c_load = cpu() - c0;
    }
    kh_ingest_opts o = {0, ner, mode == MODE_STORE, NULL, NULL, NULL};
    if (!(s = kh_store_open(db, &err)) || !(in = kh_ingest_new(s, &o, &err)) ||
        kh_ingest_path(in, corpus, &err) != KH_OK || kh_ingest_finish(in, &err) != KH_OK)
        goto fail;
    double t = now() - t0 - t_load, c = cpu() - c0 - c_load;
    const kh_ingest_stats *st = kh_ingest_stats_get(in);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("ingest %-10s read %ld stored %ld skipped %ld stories %ld: %.2f s CPU, %.0f "
           "articles/CPU-s; %.2f s wall, %.0f articles/s; peak RSS %ld MiB",
           mode_name(mode), st->read, st->stored, st->skipped, st->stories, c, st->read / c, t,
           st->read / t, ru.ru_maxrss / 1024);
    if (ner)
        printf(" (model load %.2f s CPU, not counted)", c_load);
    printf("\n");
    status = 0;
    goto done;
fail : {
    char msg[512];
    kh_err_format(&err, msg, sizeof msg);
    fprintf(stderr, "bench: %s\n", msg);
}
done:
    kh_ingest_free(in);
    kh_store_close(s);
    kh_analyse_ner_free(ner);
    char path[96];
    const char *const ext[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", db, ext[i]);
        unlink(path);
    }
    rmdir(dir);
    return status;
}

/* Runs one mode in a child, so peak RSS is that mode's alone. */
static int run_child(const char *corpus, int mode)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        int rc = run(corpus, mode);
        fflush(stdout);
        _exit(rc);
    }
    int ws;
    if (waitpid(pid, &ws, 0) != pid)
        return 1;
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 1;
}

int main(int argc, char **argv)
{
    int modes = 0;
    const char *corpus = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-stories") == 0)
            modes |= MODE_STORE;
        else if (strcmp(argv[i], "--stories") == 0)
            modes |= MODE_PIPELINE;
        else if (strcmp(argv[i], "--entities") == 0)
            modes |= MODE_ENTITIES;
        else
            corpus = argv[i];
    }
    if (!modes)
        modes = MODE_STORE | MODE_PIPELINE | MODE_ENTITIES;
    char def[512];
    if (!corpus) {
        const char *shared = getenv("KH_SHARED");
        snprintf(def, sizeof def, "%s/corpus/saudinewsnet",
                 shared && *shared ? shared : "../shared");
        corpus = def;
    }
    const int order[] = {MODE_STORE, MODE_PIPELINE, MODE_ENTITIES};
    for (size_t i = 0; i < 3; i++)
        if ((modes & order[i]) && run_child(corpus, order[i]) != 0)
            return 1;
    return 0;
}
