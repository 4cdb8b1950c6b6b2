/*
 * src/serve/auth.c - bearer tokens: reading them from files and checking
 * the Authorization header.
 *
 * A token lives in a file (never on the command line, where `ps` shows it),
 * first line, at least 16 bytes of printable ASCII.  The comparison runs
 * over the whole token whatever the header holds, so the time taken tells
 * nothing about how much of a guess was right.
 */
#include "core/alloc.h"
#include "serve/serve_int.h"

#include <string.h>

kh_rc kh_serve_auth_load(const char *path, char **out, kh_err *err)
{
    kh_buf b;
    kh_rc rc;
    *out = NULL;
    kh_buf_init(&b, 4096);
    if ((rc = kh_buf_read_file(&b, path, err)) != KH_OK) {
        if (rc == KH_ERR_TOOBIG)
            kh_err_set(err, rc, 0, -1, "%s: token file too big", path);
        goto done;
    }
    size_t n = 0;
    const char *d = b.data ? b.data : "";
    while (n < b.len && d[n] != '\n' && d[n] != '\r')
        n++;
    while (n > 0 && (d[n - 1] == ' ' || d[n - 1] == '\t'))
        n--;
    if (n < 16 || n > KH_SERVE_MAX_TOKEN) {
        rc = kh_err_set(err, KH_ERR_ARG, 0, -1, "%s: token must be 16 to %d bytes", path,
                        KH_SERVE_MAX_TOKEN);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)d[i] <= 0x20 || (unsigned char)d[i] >= 0x7f) {
            rc = kh_err_set(err, KH_ERR_ARG, 0, -1, "%s: token must be printable ASCII", path);
            goto done;
        }
    }
    if (!(*out = kh_strndup(d, n)))
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
done:
    kh_buf_clean(&b);
    return rc;
}

int kh_serve_auth_check(const char *header, const char *token)
{
    static const char prefix[] = "Bearer ";
    if (!header || !token)
        return 0;
    if (strncmp(header, prefix, sizeof prefix - 1) != 0)
        return 0;
    const char *got = header + sizeof prefix - 1;
    size_t got_len = strlen(got), want_len = strlen(token);
    unsigned diff = (unsigned)(got_len != want_len);
    for (size_t i = 0; i < want_len; i++) {
        unsigned char g = i < got_len ? (unsigned char)got[i] : 0;
        diff |= (unsigned)(g ^ (unsigned char)token[i]);
    }
    return diff == 0;
}
