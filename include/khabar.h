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
    KH_DONE,      /* iteration finished; not an error */
    KH_ERR_NOMEM, /* an allocation failed */
    KH_ERR_IO,    /* reading or writing a file failed */
    KH_ERR_UTF8,  /* the input is not usable text */
    KH_ERR_TOOBIG, /* the input is over a size cap */
    KH_ERR_PARSE, /* malformed JSON, HTML or record */
    KH_ERR_EMPTY, /* nothing usable in the input */
    KH_ERR_DB,    /* the store failed */
    KH_ERR_ARG    /* the caller passed something invalid */
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

#ifdef __cplusplus
}
#endif
#endif /* KHABAR_H */
