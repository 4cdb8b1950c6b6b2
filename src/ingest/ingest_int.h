/*
 * src/ingest/ingest_int.h - what the files of src/ingest share: the driver
 * and the readers of each kind of input.
 *
 *   ingest.c        the driver: one article through analyse, group, store
 *   ingest_jsonl.c  JSONL records to articles
 *   ingest_dir.c    paths: folders, single pages
 *
 * Depends on: core, extract, analyse, group, store.
 */
#ifndef KH_INGEST_INT_H
#define KH_INGEST_INT_H

#include "group/group.h"
#include "ingest/ingest.h"

#include <stdint.h>

struct kh_ingest {
    kh_store *store; /* borrows the caller's, valid for the driver's life */
    kh_ingest_opts opts;
    kh_ingest_stats stats;
    int open;                 /* a transaction is open */
    long pending;             /* articles written in it */
    kh_ingest_stats at_begin; /* the counts when it began, restored on rollback */
    int64_t last_ts;          /* time of the last dated article: the fallback date */
    kh_group *group;          /* owns the clusterer (src/group); NULL without one */
    kh_rc restore_rc;         /* kh_group_restore() result while rebuilding its window */
    kh_err *restore_err;      /* borrows kh_ingest_new's err while rebuilding */
};

/* Reports a skipped record or unreadable input and counts it (failed: the
 * whole input, else one record). */
void kh_ingest_report(kh_ingest *in, const kh_err *e, int failed);

/* Reads the JSONL file at path ("-": stdin), one article a line. */
kh_rc kh_ingest_jsonl(kh_ingest *in, const char *path, kh_err *err) KH_WARN_UNUSED;
/* Makes an article of one JSONL record: keys id, title, text or html
 * (required), url, outlet, published, section, teaser.  A record with html
 * goes through kh_extract_html; its own fields win.  The caller frees *out. */
kh_rc kh_ingest_jsonl_record(const char *line, size_t len, kh_article **out,
                             kh_err *err) KH_WARN_UNUSED;

/* Ingests every page and JSONL file under the folder at path. */
kh_rc kh_ingest_dir(kh_ingest *in, const char *path, kh_err *err) KH_WARN_UNUSED;
/* Ingests one page (text dump or HTML) from the file at path. */
kh_rc kh_ingest_dir_page(kh_ingest *in, const char *path, kh_err *err) KH_WARN_UNUSED;
/* True when path names a JSONL file (.jsonl, .ndjson, .jsonl.gz, ...). */
int kh_ingest_dir_is_jsonl(const char *path);

#endif
