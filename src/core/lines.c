/*
 * src/core/lines.c - line reader over zlib's gz files (plain files too).
 *
 * Reads 64 KiB chunks; a line may span chunks and is assembled in a kh_buf
 * capped at KH_CAP_LINE.
 */
#include "core/lines.h"
#include "core/alloc.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

struct kh_lines {
    gzFile gz;
    kh_buf line;
    char chunk[65536];
    size_t chunk_len, chunk_pos;
    long number;
    int eof;
};

kh_lines *kh_lines_open(const char *path, kh_err *err)
{
    kh_lines *l = kh_calloc(1, sizeof *l);
    if (!l) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        return NULL;
    }
    int is_stdin = strcmp(path, "-") == 0;
    l->gz = is_stdin ? gzdopen(dup(STDIN_FILENO), "rb") : gzopen(path, "rb");
    if (!l->gz) {
        kh_err_set(err, KH_ERR_IO, 0, -1, "cannot open: %s", errno ? strerror(errno) : "gzopen");
        kh_free(l);
        return NULL;
    }
    gzbuffer(l->gz, 1 << 17);
    kh_buf_init(&l->line, KH_CAP_LINE);
    return l;
}

kh_rc kh_lines_next(kh_lines *l, const char **line, size_t *len, kh_err *err)
{
    kh_buf_reset(&l->line);
    int too_big = 0, any = 0;
    for (;;) {
        if (l->chunk_pos == l->chunk_len) {
            if (l->eof)
                break;
            int n = gzread(l->gz, l->chunk, sizeof l->chunk);
            if (n < 0) {
                int zerr;
                const char *msg = gzerror(l->gz, &zerr);
                return kh_err_set(err, KH_ERR_IO, l->number + 1, -1, "read error: %s", msg);
            }
            if (n == 0) {
                /* gzread() ends a cut-off gzip file quietly; only gzerror()
                 * tells it from a whole one. */
                int zerr;
                const char *msg = gzerror(l->gz, &zerr);
                l->eof = 1;
                if (zerr != Z_OK && zerr != Z_STREAM_END)
                    return kh_err_set(err, KH_ERR_IO, l->number + 1, -1,
                                      "truncated or corrupt gzip data (%s)", msg);
                break;
            }
            l->chunk_len = (size_t)n;
            l->chunk_pos = 0;
        }
        any = 1;
        char *start = l->chunk + l->chunk_pos;
        size_t avail = l->chunk_len - l->chunk_pos;
        char *nl = memchr(start, '\n', avail);
        size_t take = nl ? (size_t)(nl - start) : avail;
        if (!too_big) {
            kh_rc rc = kh_buf_append(&l->line, start, take);
            if (rc == KH_ERR_TOOBIG)
                too_big = 1;
            else if (rc != KH_OK)
                return kh_err_set(err, rc, l->number + 1, -1, "out of memory");
        }
        l->chunk_pos += take + (nl ? 1 : 0);
        if (nl)
            break;
    }
    if (!any)
        return KH_DONE;
    l->number++;
    if (too_big) {
        kh_buf_init(&l->line, KH_CAP_LINE);
        return kh_err_set(err, KH_ERR_TOOBIG, l->number, -1, "line longer than %zu MiB",
                          (size_t)KH_CAP_LINE >> 20);
    }
    if (!l->line.data && kh_buf_append(&l->line, "", 0) != KH_OK)
        return kh_err_set(err, KH_ERR_NOMEM, l->number, -1, "out of memory");
    if (l->line.len && l->line.data[l->line.len - 1] == '\r')
        l->line.data[--l->line.len] = '\0';
    *line = l->line.data;
    *len = l->line.len;
    return KH_OK;
}

long kh_lines_number(const kh_lines *l)
{
    return l->number;
}

void kh_lines_close(kh_lines *l)
{
    if (!l)
        return;
    gzclose(l->gz);
    kh_buf_clean(&l->line);
    kh_free(l);
}
