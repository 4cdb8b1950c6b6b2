/*
 * src/cli/cmd_ingest.c - `khabar ingest [--db PATH] INPUT...`: runs every
 * stage over JSONL files, pages and folders into the store.
 *
 * Bad records are reported on stderr as "khabar: FILE:LINE: message" and
 * skipped; a summary line follows the run.  A progress line is drawn on
 * stderr only when stderr is a terminal.  Exit status: 0 when everything
 * readable went in (skipped records included), 1 when an input could not
 * be read or the store failed, 2 on a usage error.
 *
 * --threads N tags named entities on N threads (default: the online CPUs,
 * at most 4); the results are the one-thread run's, byte for byte
 * (docs/store.md, "Tagging on several threads").
 */
#include "cli/cli.h"
#include "ingest/ingest.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct progress {
    int tty;
    double start, last_draw;
    int drawn;
} progress;

static double now(void);
static void on_report(const kh_err *e, void *ctx);
static void on_progress(const kh_ingest_stats *st, const char *input, void *ctx);
static void clear_progress(progress *p);
static int load_ner(int want, int quiet, kh_ner_model **out);
static int default_threads(void);

void cmd_ingest_usage(FILE *out)
{
    fprintf(out,
            "usage: khabar ingest [--db PATH] [--batch N] [--threads N] [--no-entities]\n"
            "                     [--no-stories] INPUT...\n\n"
            "Reads articles into the store, assigning each to a story.  INPUT is a\n"
            "JSONL file (one article a line: id, url, outlet, published, title and\n"
            "text or html; .gz too), a page (.txt text dump or .html), a folder of\n"
            "them (recursive), or - for JSONL on stdin.  Articles already stored\n"
            "(same id or url) are left unchanged.\n\n"
            "  --db PATH     the database (default $KHABAR_DB, else ./khabar.db)\n"
            "  --batch N     articles per transaction (default %d)\n"
            "  --threads N   threads tagging named entities, 1 to %d (default: the\n"
            "                online CPUs, at most 4); stories, ids and entities are\n"
            "                the same for every N; 1, or a pipe on stdin, tags one\n"
            "                article at a time\n"
            "  --no-entities do not look for named entities (found by default when\n"
            "                the NER model is installed; --entities makes it required)\n"
            "  --no-stories  store articles without grouping them (bulk loads)\n"
            "  --quiet       no summary line\n",
            KH_INGEST_BATCH, KH_INGEST_MAX_THREADS);
}

int cmd_ingest(int argc, char **argv)
{
    const char *db = NULL;
    long batch = 0, threads = default_threads();
    /* Entities: 1 by default (skipped with a note if no model is found),
     * 2 asked for with --entities (no model is an error), 0 --no-entities. */
    int entities = 1, no_stories = 0, quiet = 0, status = 0;
    int n_inputs = 0, only_inputs = 0;
    /* Options may come before or after the inputs (as GNU tools allow);
     * inputs are gathered at the front of argv, in order. */
    for (int i = 1; i < argc; i++) {
        if (only_inputs || argv[i][0] != '-' || !argv[i][1]) {
            argv[++n_inputs] = argv[i];
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            db = argv[i] + 5;
        } else if (strcmp(argv[i], "--batch") == 0 && i + 1 < argc) {
            char *end;
            batch = strtol(argv[++i], &end, 10);
            if (*end || batch <= 0) {
                kh_cli_error("ingest: --batch wants a positive number, not '%s'", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            char *end;
            threads = strtol(argv[++i], &end, 10);
            if (!*argv[i] || *end || threads < 1 || threads > KH_INGEST_MAX_THREADS) {
                kh_cli_error("ingest: --threads wants a number from 1 to %d, not '%s'",
                             KH_INGEST_MAX_THREADS, argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--entities") == 0) {
            entities = 2;
        } else if (strcmp(argv[i], "--no-entities") == 0) {
            entities = 0;
        } else if (strcmp(argv[i], "--no-stories") == 0) {
            no_stories = 1;
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = 1;
        } else if (strcmp(argv[i], "--") == 0) {
            only_inputs = 1;
        } else {
            kh_cli_error("ingest: unknown option '%s' (see 'khabar ingest --help')", argv[i]);
            return 2;
        }
    }
    if (n_inputs == 0) {
        cmd_ingest_usage(stderr);
        return 2;
    }
    kh_err err;
    kh_err_init(&err, NULL);
    kh_ner_model *ner = NULL;
    kh_ingest *in = NULL;
    double t0 = now();
    progress prog = {isatty(STDERR_FILENO), t0, t0, 0}; /* first drawn after 0.2 s */
    if (load_ner(entities, quiet, &ner) != 0)
        return 1;
    kh_store *s = kh_store_open(db ? db : kh_store_path_default(), &err);
    if (!s)
        goto fail;
    kh_ingest_opts opts = {batch, ner, no_stories, on_report, on_progress, &prog};
    if (!(in = kh_ingest_new(s, &opts, &err)) ||
        kh_ingest_set_threads(in, (int)threads, &err) != KH_OK)
        goto fail;
    for (int i = 1; i <= n_inputs; i++)
        if (kh_ingest_path(in, argv[i], &err) != KH_OK)
            goto fail;
    if (kh_ingest_finish(in, &err) != KH_OK)
        goto fail;
    goto done;
fail:
    status = 1;
    clear_progress(&prog);
    {
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("%s", msg);
    }
done:
    clear_progress(&prog);
    if (in) {
        const kh_ingest_stats *st = kh_ingest_stats_get(in);
        int64_t max_id = 0;
        long n_live = 0;
        kh_err e2;
        kh_err_init(&e2, NULL);
        if (kh_store_story_stats(s, &max_id, &n_live, &e2) != KH_OK)
            n_live = -1; /* the summary still prints; the error was the run's */
        double elapsed = now() - prog.start;
        if (!quiet)
            fprintf(stderr,
                    "khabar: ingest: read %ld, stored %ld, unchanged %ld, duplicates %ld, "
                    "skipped %ld, stories %ld new (%ld in store), %.2f s, %.0f articles/s\n",
                    st->read, st->stored, st->unchanged, st->duplicates, st->skipped, st->stories,
                    n_live, elapsed, elapsed > 0 ? st->read / elapsed : 0.0);
        if (st->failed)
            status = 1;
    }
    kh_ingest_free(in);
    kh_store_close(s);
    kh_analyse_ner_free(ner);
    return status;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_report(const kh_err *e, void *ctx)
{
    char msg[512];
    clear_progress(ctx);
    kh_err_format(e, msg, sizeof msg);
    kh_cli_error("%s", msg);
}

static void on_progress(const kh_ingest_stats *st, const char *input, void *ctx)
{
    progress *p = ctx;
    if (!p->tty)
        return;
    double t = now();
    if (t - p->last_draw < 0.2)
        return;
    p->last_draw = t;
    double rate = t > p->start ? st->read / (t - p->start) : 0;
    const char *base = strrchr(input ? input : "", '/');
    fprintf(stderr, "\r\033[Kkhabar: ingest: %ld read, %ld stored, %.0f/s  %.40s", st->read,
            st->stored, rate,
            base    ? base + 1
            : input ? input
                    : "");
    p->drawn = 1;
}

static void clear_progress(progress *p)
{
    if (p->drawn) {
        fputs("\r\033[K", stderr);
        p->drawn = 0;
    }
}

/* The online CPUs, at most 4: past that the one thread that stores is
 * the bottleneck (docs/store.md). */
static int default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 4 ? 4 : (int)n;
}

/* Loads the NER model when entities are wanted; 1 on failure (reported)
 * when they were asked for (want 2); by default (want 1) a missing model
 * only turns entities off, with a note. */
static int load_ner(int want, int quiet, kh_ner_model **out)
{
    *out = NULL;
    if (!want)
        return 0;
    kh_err err;
    kh_err_init(&err, NULL);
    if (kh_analyse_ner_load(NULL, out, &err) != KH_OK) {
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        if (want == 1) {
            if (!quiet)
                fprintf(stderr, "khabar: ingest: no named entities (%s)\n", msg);
            return 0;
        }
        kh_cli_error("ingest: --entities: %s", msg);
        return 1;
    }
    return 0;
}
