/*
 * src/core/buf.h - growable byte buffers with a hard size cap (curl dynbuf).
 *
 * A kh_buf owns its bytes, always keeps them NUL-terminated, refuses to grow
 * past its cap (KH_ERR_TOOBIG) and frees itself when an append fails, so a
 * failed append leaves nothing to clean up.  kh_buf_take() hands the bytes to
 * the caller.  Caps come from the KH_CAP_* constants below.
 * Depends on: core/err, core/alloc.
 */
#ifndef KH_CORE_BUF_H
#define KH_CORE_BUF_H

#include "core/err.h"

#include <stddef.h>

#define KH_CAP_PAGE ((size_t)64 << 20)   /* one page or document: 64 MiB */
#define KH_CAP_REQUEST ((size_t)1 << 20) /* one HTTP request body: 1 MiB */
#define KH_CAP_LINE ((size_t)64 << 20)   /* one JSONL record */

typedef struct kh_buf {
    char *data; /* owns; NULL until the first append */
    size_t len; /* bytes used, not counting the NUL */
    size_t cap_alloc;
    size_t limit; /* most bytes it may hold */
} kh_buf;

void kh_buf_init(kh_buf *b, size_t limit);
void kh_buf_clean(kh_buf *b); /* frees the bytes; b can be reused */
void kh_buf_reset(kh_buf *b); /* empties, keeps the memory */
kh_rc kh_buf_append(kh_buf *b, const void *p, size_t n) KH_WARN_UNUSED;
kh_rc kh_buf_appends(kh_buf *b, const char *s) KH_WARN_UNUSED;
kh_rc kh_buf_appendc(kh_buf *b, char c) KH_WARN_UNUSED;
kh_rc kh_buf_printf(kh_buf *b, const char *fmt, ...) KH_WARN_UNUSED
    __attribute__((format(printf, 2, 3)));
/* Appends s as the body of a JSON string (no quotes added), escaping what
 * JSON requires; s must be valid UTF-8. */
kh_rc kh_buf_append_json(kh_buf *b, const char *s, size_t n) KH_WARN_UNUSED;
/* Moves the bytes out (never NULL on success: an empty buffer gives "");
 * the buffer is left empty.  *len may be NULL. */
char *kh_buf_take(kh_buf *b, size_t *len);

/* Reads a whole file (or stdin when path is "-") into b, up to its limit.
 * Errors name the path. */
kh_rc kh_buf_read_file(kh_buf *b, const char *path, kh_err *err) KH_WARN_UNUSED;

#endif
