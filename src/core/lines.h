/*
 * src/core/lines.h - reads a file line by line, gzip or plain ("-" is
 * stdin), with a cap on the length of one line.
 *
 * Used for JSONL corpora, gold files and model files.  zlib's gzread reads
 * plain files as they are, so callers need not care which they have.
 * Depends on: core/buf, core/err.
 */
#ifndef KH_CORE_LINES_H
#define KH_CORE_LINES_H

#include "core/buf.h"

typedef struct kh_lines kh_lines;

/* Opens path; errors name it. */
kh_lines *kh_lines_open(const char *path, kh_err *err);
/* The next line without its "\n" (and "\r"), in *line and *len, valid until the
 * next call.  Returns KH_OK, KH_DONE at the end, KH_ERR_TOOBIG for a line
 * over KH_CAP_LINE (skipped: the next call goes on after it) or KH_ERR_IO. */
kh_rc kh_lines_next(kh_lines *l, const char **line, size_t *len, kh_err *err);
/* 1-based number of the line last returned. */
long kh_lines_number(const kh_lines *l);
void kh_lines_close(kh_lines *l);

#endif
