/*
 * include/khabar.h - the public interface of libkhabar.
 *
 * khabar turns a stream of Arabic news pages into stories: it extracts the
 * article from a page, analyses its text, groups duplicates and reports of
 * the same event, and serves the result.  This header is the only one a
 * program linking libkhabar needs; everything else in src/ is internal.
 *
 * Conventions: fallible calls return a kh_rc and take a kh_err * last (it may
 * be NULL).  The first error recorded wins; its message names the input.
 * Objects are opaque handles with new/free (or open/close) pairs, and free
 * accepts NULL.
 */
#ifndef KHABAR_H
#define KHABAR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KH_API __attribute__((visibility("default")))
#define KH_WARN_UNUSED __attribute__((warn_unused_result))

typedef enum kh_rc {
    KH_OK = 0,
    KH_DONE,       /* iteration finished; not an error */
    KH_ERR_NOMEM,  /* an allocation failed */
    KH_ERR_IO,     /* reading or writing a file failed */
    KH_ERR_UTF8,   /* the input is not usable text */
    KH_ERR_TOOBIG, /* the input is over a size cap */
    KH_ERR_PARSE,  /* malformed JSON, HTML or record */
    KH_ERR_EMPTY,  /* nothing usable in the input */
    KH_ERR_DB,     /* the store failed */
    KH_ERR_ARG     /* the caller passed something invalid */
} kh_rc;

/* An error report.  Reporting never allocates: the message is fixed size. */
typedef struct kh_err {
    kh_rc rc;
    char input[160]; /* path, URL or article id; set by whoever opened it */
    long line;       /* 1-based line in the input, 0 if none */
    long offset;     /* byte offset in the input, -1 if unknown */
    char msg[256];
} kh_err;

/* Resets err to "no error" and records the name of the input. */
KH_API void kh_err_init(kh_err *err, const char *input);

/* Formats err as "input:line: message (byte N)" into out (always ends in NUL). */
KH_API void kh_err_format(const kh_err *err, char *out, size_t out_len);

/* A short English name of a result code ("out of memory", "bad UTF-8"...). */
KH_API const char *kh_rc_str(kh_rc rc);

/* The library's version string, "MAJOR.MINOR.PATCH". */
KH_API const char *kh_version(void);

/* ---- a page to an article ---- */

/* Extracts the article from one page (a text dump or HTML, detected) and
 * sets *json to the object `khabar extract` prints: {"title", "section",
 * "outlet", "published", "teaser", "captions", "subheadings", "body",
 * "see_also", "related", "lines"}.  KH_ERR_EMPTY when the page has no
 * article.  Free *json with kh_string_free(). */
KH_API kh_rc kh_extract(const char *buf, size_t len, char **json, kh_err *err) KH_WARN_UNUSED;

/* ---- a store of articles and stories ---- */

/* An open store: one SQLite file holding articles, their stories and
 * entities.  One kh_db per thread. */
typedef struct kh_db kh_db;

/* Opens the store at path, creating it when missing (NULL: $KHABAR_DB,
 * else ./khabar.db).  NULL on failure, with err saying why. */
KH_API kh_db *kh_db_open(const char *path, kh_err *err);
KH_API void kh_db_close(kh_db *db);

/* What one kh_db_ingest() call did. */
typedef struct kh_ingest_summary {
    long read;       /* records and pages read */
    long stored;     /* new articles */
    long unchanged;  /* already stored (same id or url) */
    long duplicates; /* stored as a copy of an earlier article */
    long skipped;    /* bad records, skipped */
    long failed;     /* inputs that could not be read */
    long stories;    /* stories started */
} kh_ingest_summary;

/* Ingests like `khabar ingest`: a JSONL file (one article a line; .gz too),
 * a text or HTML page, a folder of them, or "-" for stdin.  Each article is
 * stored with its story.  Bad records are counted and skipped; the call
 * fails only when the store does.  sum may be NULL. */
KH_API kh_rc kh_db_ingest(kh_db *db, const char *path, kh_ingest_summary *sum,
                          kh_err *err) KH_WARN_UNUSED;

/* Sets *json to story id as `khabar story ID --json` prints it: {"id",
 * "title", "section", "outlets", "articles", "entities", "summary",
 * "unique_by_outlet", "related", "timeline", "first_seen", "last_seen",
 * "n_articles", "merged_from"}.  A merged id gives the story it joined.
 * KH_DONE (and *json NULL) when there is no such story. */
KH_API kh_rc kh_story_json(kh_db *db, long long id, char **json, kh_err *err) KH_WARN_UNUSED;

/* Sets *id to the story holding the article article_id; KH_DONE when the
 * article is not stored. */
KH_API kh_rc kh_story_of(kh_db *db, const char *article_id, long long *id,
                         kh_err *err) KH_WARN_UNUSED;

/* Sets *json to the live stories, most recently seen first, at most limit
 * (0: all), as the array `khabar stories --json` prints: [{"id", "title",
 * "section", "first_seen", "last_seen", "n_articles", "outlets",
 * "entities"}]. */
KH_API kh_rc kh_stories_json(kh_db *db, long limit, char **json, kh_err *err) KH_WARN_UNUSED;

/* Frees a string this library returned; NULL is a no-op. */
KH_API void kh_string_free(char *s);

#ifdef __cplusplus
}
#endif
#endif /* KHABAR_H */
