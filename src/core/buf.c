/*
 * src/core/buf.c - growable, capped byte buffers.
 *
 * See buf.h.  Growth doubles; the cap is checked before any allocation.
 */
#include "core/buf.h"
#include "core/alloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static kh_rc grow(kh_buf *b, size_t need);

void kh_buf_init(kh_buf *b, size_t limit)
{
    b->data = NULL;
    b->len = 0;
    b->cap_alloc = 0;
    b->limit = limit;
}

void kh_buf_clean(kh_buf *b)
{
    kh_free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap_alloc = 0;
}

void kh_buf_reset(kh_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

kh_rc kh_buf_append(kh_buf *b, const void *p, size_t n)
{
    kh_rc rc = grow(b, n);
    if (rc != KH_OK)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return KH_OK;
}

kh_rc kh_buf_appends(kh_buf *b, const char *s)
{
    return kh_buf_append(b, s, strlen(s));
}

kh_rc kh_buf_appendc(kh_buf *b, char c)
{
    return kh_buf_append(b, &c, 1);
}

kh_rc kh_buf_printf(kh_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return KH_ERR_ARG;
    if ((size_t)n < sizeof small)
        return kh_buf_append(b, small, (size_t)n);
    kh_rc rc = grow(b, (size_t)n);
    if (rc != KH_OK)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return KH_OK;
}

kh_rc kh_buf_append_json(kh_buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        kh_rc rc = kh_buf_append(b, s + start, i - start);
        if (rc != KH_OK)
            return rc;
        switch (c) {
        case '"':
            rc = kh_buf_appends(b, "\\\"");
            break;
        case '\\':
            rc = kh_buf_appends(b, "\\\\");
            break;
        case '\n':
            rc = kh_buf_appends(b, "\\n");
            break;
        case '\t':
            rc = kh_buf_appends(b, "\\t");
            break;
        case '\r':
            rc = kh_buf_appends(b, "\\r");
            break;
        default:
            rc = kh_buf_printf(b, "\\u%04x", c);
        }
        if (rc != KH_OK)
            return rc;
        start = i + 1;
    }
    return kh_buf_append(b, s + start, n - start);
}

char *kh_buf_take(kh_buf *b, size_t *len)
{
    if (!b->data && kh_buf_append(b, "", 0) != KH_OK)
        return NULL;
    char *p = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = 0;
    b->cap_alloc = 0;
    return p;
}

kh_rc kh_buf_read_file(kh_buf *b, const char *path, kh_err *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return kh_err_set(err, KH_ERR_IO, 0, -1, "cannot open: %s", strerror(errno));
    kh_rc rc = KH_OK;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rc = kh_buf_append(b, chunk, n);
        if (rc == KH_ERR_TOOBIG) {
            kh_err_set(err, rc, 0, -1, "larger than the %zu MiB limit", b->limit >> 20);
            break;
        }
        if (rc != KH_OK) {
            kh_err_set(err, rc, 0, -1, "out of memory reading the file");
            break;
        }
    }
    if (rc == KH_OK && ferror(f))
        rc = kh_err_set(err, KH_ERR_IO, 0, -1, "read error: %s", strerror(errno));
    if (rc == KH_OK && !b->data)
        rc = kh_buf_append(b, "", 0);
    if (!is_stdin)
        fclose(f);
    return rc;
}

/* Makes room for need more bytes plus the NUL; frees the buffer on failure. */
static kh_rc grow(kh_buf *b, size_t need)
{
    if (need > b->limit || b->len > b->limit - need) {
        kh_buf_clean(b);
        return KH_ERR_TOOBIG;
    }
    size_t want = b->len + need + 1;
    if (want <= b->cap_alloc)
        return KH_OK;
    size_t cap = b->cap_alloc ? b->cap_alloc : 64;
    while (cap < want)
        cap *= 2;
    char *p = kh_realloc(b->data, cap);
    if (!p) {
        kh_buf_clean(b);
        return KH_ERR_NOMEM;
    }
    b->data = p;
    b->cap_alloc = cap;
    return KH_OK;
}
