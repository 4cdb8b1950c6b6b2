/*
 * src/ingest/ingest.h - the pipeline driver: from input files to the store.
 *
 * Input: paths given to `khabar ingest`: JSONL files (one article a line,
 * gzipped or plain, "-" for stdin), single pages (text dumps or HTML, run
 * through src/extract) and folders of them (recursive, in sorted order).
 * Output: articles in the store (src/store), each with its story and
 * duplicate from src/group, in arrival order, a batch of articles per
 * transaction: an article is stored with its story or not at all.
 * A bad record (malformed JSON, missing field, bad UTF-8, empty text) is
 * reported through opts.report, counted and skipped; the rest goes in.
 * Only a failing store stops the run.
 *
 * Fits: called by `khabar ingest` (src/cli/cmd_ingest.c).  Runs after every
 * stage it drives.  Depends on: core, text, extract, analyse, group, store.
 * Design notes and speed figures: docs/store.md.
 */
#ifndef KH_INGEST_H
#define KH_INGEST_H

#include "analyse/analyse.h"
#include "store/store.h"

#include <stdint.h>

typedef struct kh_ingest kh_ingest;

typedef struct kh_ingest_stats {
    long read;       /* records and pages read */
    long stored;     /* new articles written */
    long unchanged;  /* already in the store (same id or url) */
    long duplicates; /* stored, marked as a copy of an earlier article */
    long skipped;    /* bad records */
    long failed;     /* inputs that could not be read at all */
    long stories;    /* stories created by this run */
    long merges;     /* stories folded into others by this run */
    long batches;    /* transactions committed */
    long restored;   /* stored articles replayed into the clusterer at the start */
} kh_ingest_stats;

/* Told about each skipped record or unreadable input; err names the input
 * and line. */
typedef void (*kh_ingest_report_fn)(const kh_err *err, void *ctx);
/* Told after each article, with the running counts and the current input. */
typedef void (*kh_ingest_progress_fn)(const kh_ingest_stats *st, const char *input, void *ctx);

typedef struct kh_ingest_opts {
    long batch;              /* articles per transaction; 0 means KH_INGEST_BATCH */
    const kh_ner_model *ner; /* borrows; NULL: no entities are found */
    int no_stories;          /* 1: store articles without a story (bulk loads, benchmarks) */
    kh_ingest_report_fn report;
    kh_ingest_progress_fn progress;
    void *ctx; /* given to report and progress */
} kh_ingest_opts;

#define KH_INGEST_MAX_THREADS 64

#define KH_INGEST_BATCH 1000

/* A driver writing into s (borrowed: s must outlive it).  Restores the
 * clusterer's recent state from s when s already holds articles.  Only one
 * driver at a time may write to a database (across processes too): a
 * second one fails with KH_ERR_DB, saying so. */
kh_ingest *kh_ingest_new(kh_store *s, const kh_ingest_opts *opts, kh_err *err);
/* Commits the open batch (if any) and frees; kh_ingest_free(NULL) is a
 * no-op.  Freeing without kh_ingest_finish() rolls the open batch back. */
kh_rc kh_ingest_finish(kh_ingest *in, kh_err *err) KH_WARN_UNUSED;
/* Threads tagging entities (with opts.ner), set before the first input:
 * 1 (the default) tags on the caller's thread, one article at a time;
 * N > 1 keeps a window of articles tagged by N - 1 worker threads and the
 * caller's, and stores them in order all the same: stories, ids, entities
 * and counts are the one-thread run's.  KH_ERR_ARG outside 1 to
 * KH_INGEST_MAX_THREADS or after the first input.  (A setter rather than
 * an opts field so that callers' positional opts stay valid.) */
kh_rc kh_ingest_set_threads(kh_ingest *in, int threads, kh_err *err) KH_WARN_UNUSED;
void kh_ingest_free(kh_ingest *in);

/* Ingests a file, a folder or "-" (stdin, JSONL).  KH_OK unless the store
 * failed: bad records and unreadable inputs are reported and counted. */
kh_rc kh_ingest_path(kh_ingest *in, const char *path, kh_err *err) KH_WARN_UNUSED;
/* Ingests one article the caller has built; in takes it (frees it). */
kh_rc kh_ingest_article(kh_ingest *in, kh_article *a, const char *input, long line,
                        kh_err *err) KH_WARN_UNUSED;

const kh_ingest_stats *kh_ingest_stats_get(const kh_ingest *in);

#endif
