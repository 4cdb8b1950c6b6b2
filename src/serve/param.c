/*
 * src/serve/param.c - reading and checking what a request carries in its
 * query string and path.
 *
 * Every number is parsed whole (no trailing junk, no sign tricks, within
 * its range) and every id checked for shape before it reaches SQL, where
 * it is bound, never pasted.
 */
#include "serve/serve_int.h"
#include "store/store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *kh_serve_param(kh_serve_req *r, const char *name)
{
    if (!r || !r->conn)
        return NULL;
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

int kh_serve_param_int(const char *s, int64_t lo, int64_t hi, int64_t *v)
{
    if (!s || !*s || strlen(s) > 19)
        return 0;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    errno = 0;
    char *end = NULL;
    long long x = strtoll(s, &end, 10);
    if (errno || *end || x < lo || x > hi)
        return 0;
    *v = x;
    return 1;
}

int64_t kh_serve_param_date(const char *s)
{
    if (!s || !*s || strlen(s) > 40)
        return -1;
    return kh_store_article_time(s);
}

int kh_serve_param_id_ok(const char *s)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    if (n == 0 || n > 200)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || c == '\\')
            return 0;
    }
    /* jansson checks UTF-8 the way the answer will need it. */
    json_t *t = json_string(s);
    json_decref(t);
    return t != NULL;
}
