/*
 * src/ingest/ingest_int.h - what the files of src/ingest share: the driver
 * and the readers of each kind of input.
 *
 *   ingest.c        the driver: one article through analyse, group, store
 *   ingest_jsonl.c  JSONL records to articles
 *   ingest_record.c one JSON record's fields, decoded into an arena
 *   ingest_dir.c    paths: folders, single pages
 *   ingest_par.c    the window of articles tagged by worker threads
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
    int open;                    /* a transaction is open */
    long pending;                /* articles written in it */
    kh_ingest_stats at_begin;    /* the counts when it began, restored on rollback */
    int64_t last_ts;             /* time of the last dated article: the fallback date */
    int lock_fd;                 /* owns: the database file, flock'ed for this run; -1 if none */
    int checks_off;              /* the store's reference checks are off for this run */
    kh_group *group;             /* owns the clusterer (src/group); NULL without one */
    kh_rc restore_rc;            /* kh_group_restore() result while rebuilding its window */
    kh_err *restore_err;         /* borrows kh_ingest_new's err while rebuilding */
    kh_ner_session *ner;         /* owns: the run's tagging session (opts.ner), made on first use */
    struct kh_ingest_pool *pool; /* owns: the tagging window (threads > 1), else NULL */
    int broken;                  /* a store error ended the run while articles were queued */
    kh_err fail_err;             /* that error, given to every later call */
};

/* ---- the tagging window (ingest_par.c) ---- */

typedef struct kh_ingest_pool kh_ingest_pool;

/* An article read and waiting in the window, or a bad-record report
 * waiting for its turn (a == NULL). */
typedef struct kh_ingest_slot {
    kh_article *a;     /* owns until taken back; NULL: a report */
    const char *input; /* in a's arena: the input's name for progress */
    long line;         /* its line in the input */
    int64_t ts;        /* its date, set in arrival order */
    int tag;           /* 1: entities wanted (valid, not stored already) */
    int tagged;        /* 1: ents/keys/rc hold the tagging result */
    kh_entity *ents;   /* in a's arena */
    size_t n_ents;
    const char **keys; /* in a's arena */
    kh_rc rc;          /* the tagging result */
    kh_err err;        /* the tagging error, or the report */
    int failed;        /* report: the whole input failed */
    int state;         /* the pool's, under its lock */
} kh_ingest_slot;

/* A window of `window` slots tagged by threads - 1 workers (each with its
 * own session of m) and by the caller's thread when it waits. */
kh_ingest_pool *kh_ingest_pool_new(const kh_ner_model *m, int threads, size_t window, kh_err *err);
/* Stops and joins the workers, frees the articles still queued. */
void kh_ingest_pool_free(kh_ingest_pool *p);
/* The empty slot at the tail to fill, or NULL when the window is full. */
kh_ingest_slot *kh_ingest_pool_push(kh_ingest_pool *p);
/* Queues the slot push gave (tagged if its tag is set). */
void kh_ingest_pool_submit(kh_ingest_pool *p);
/* The head slot once tagged; NULL when the window is empty or, unless
 * wait, when the head is not tagged yet.  Waiting, the caller tags. */
kh_ingest_slot *kh_ingest_pool_head(kh_ingest_pool *p, int wait);
/* Frees the head slot (its article taken by the caller). */
void kh_ingest_pool_pop(kh_ingest_pool *p);
/* The article's entities and their keys, in its arena. */
kh_rc kh_ingest_tag(kh_ner_session *ner, kh_article *a, kh_entity **ents, size_t *n,
                    const char ***keys, kh_err *err) KH_WARN_UNUSED;

#define KH_INGEST_WINDOW 128

/* Reports a skipped record or unreadable input and counts it (failed: the
 * whole input, else one record). */
void kh_ingest_report(kh_ingest *in, const kh_err *e, int failed);

/* Puts every article still in the tagging window through (a reader of a
 * stream calls it after each record, so that what was read is stored
 * without waiting for more input). */
kh_rc kh_ingest_drain(kh_ingest *in, kh_err *err) KH_WARN_UNUSED;

/* Reads the JSONL file at path ("-": stdin), one article a line. */
kh_rc kh_ingest_jsonl(kh_ingest *in, const char *path, kh_err *err) KH_WARN_UNUSED;
/* Makes an article of one JSONL record: keys id, title, text or html
 * (required), url, outlet, published, section, teaser.  A record with html
 * goes through kh_extract_html; its own fields win.  The caller frees *out. */
kh_rc kh_ingest_jsonl_record(const char *line, size_t len, kh_article **out,
                             kh_err *err) KH_WARN_UNUSED;

/* The fields of a record that khabar reads. */
typedef enum kh_ingest_field_id {
    KH_INGEST_F_ID = 0,
    KH_INGEST_F_URL,
    KH_INGEST_F_OUTLET,
    KH_INGEST_F_PUBLISHED,
    KH_INGEST_F_TITLE,
    KH_INGEST_F_TEXT,
    KH_INGEST_F_HTML,
    KH_INGEST_F_SECTION,
    KH_INGEST_F_TEASER,
    KH_INGEST_F__COUNT
} kh_ingest_field_id;

typedef struct kh_ingest_field {
    char *s;    /* borrows the arena given to the parser; NULL when absent or null */
    size_t len; /* bytes, not counting the NUL */
} kh_ingest_field;

/* Parses one flat JSON object, decoding the string values of the known keys
 * (and a numeric id, as written) into arena; other keys and nested values
 * are validated and skipped.  KH_ERR_PARSE for malformed JSON, KH_ERR_UTF8
 * for bad UTF-8 or \u0000, KH_ERR_NOMEM; the message gives the column. */
kh_rc kh_ingest_record_parse(const char *line, size_t len, kh_arena *arena,
                             kh_ingest_field fields[KH_INGEST_F__COUNT],
                             kh_err *err) KH_WARN_UNUSED;

/* Ingests every page and JSONL file under the folder at path. */
kh_rc kh_ingest_dir(kh_ingest *in, const char *path, kh_err *err) KH_WARN_UNUSED;
/* Ingests one page (text dump or HTML) from the file at path. */
kh_rc kh_ingest_dir_page(kh_ingest *in, const char *path, kh_err *err) KH_WARN_UNUSED;
/* True when path names a JSONL file (.jsonl, .ndjson, .jsonl.gz, ...). */
int kh_ingest_dir_is_jsonl(const char *path);

#endif
