/*
 * src/serve/route.c - the dispatch table: which handler answers which
 * method and path, and who may call it.
 *
 * A row matches a path exactly, or a prefix followed by one segment (the
 * {id} of /api/stories/{id}), handed to the handler as arg.  A path that
 * matches some row but not its method gets 405 with Allow; an /api path
 * that matches none gets 404; anything else is a file of the web folder.
 * Authorisation is decided here, before any handler runs: reads need the
 * read token when one is set (the write token also reads), writes always
 * need the write token.
 */
#include "serve/serve_int.h"

#include <stdio.h>
#include <string.h>

typedef enum access_kind { ACCESS_OPEN, ACCESS_READ, ACCESS_WRITE } access_kind;

typedef struct route {
    const char *method;
    const char *path; /* exact, or prefix ending in '/' */
    int has_arg;      /* 0: exact; 1: one segment follows; 2: the rest (ids of pages are paths) */
    access_kind access;
    int needs_store;
    kh_serve_route_fn fn;
} route;

static const route routes[] = {
    {"GET", "/api/health", 0, ACCESS_OPEN, 0, kh_serve_route_health},
    {"GET", "/api/stories", 0, ACCESS_READ, 1, kh_serve_route_stories},
    {"GET", "/api/stories/", 1, ACCESS_READ, 1, kh_serve_route_story},
    {"GET", "/api/articles/", 2, ACCESS_READ, 1, kh_serve_route_article},
    {"POST", "/api/articles", 0, ACCESS_WRITE, 0, kh_serve_route_article_post},
    {"GET", "/api/entities/", 1, ACCESS_READ, 1, kh_serve_route_entity},
    {"GET", "/api/search", 0, ACCESS_READ, 1, kh_serve_route_search},
};

#define N_ROUTES (sizeof routes / sizeof routes[0])

/* ---- static prototypes ---- */

static const char *match(const route *rt, const char *path);
static enum MHD_Result add_len(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value);
static int authorised(kh_serve_req *r, access_kind access, kh_serve_resp *out);

/* ---- public functions ---- */

void kh_serve_route_dispatch(kh_serve_req *r, kh_serve_resp *out)
{
    const char *method = r->method;
    int is_head = strcmp(method, "HEAD") == 0;
    size_t qlen = 0;
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_len, &qlen);
    if (qlen > KH_SERVE_MAX_QUERY) {
        kh_serve_reply_error(out, 414, "query string over %d bytes", KH_SERVE_MAX_QUERY);
        return;
    }
    if (strncmp(r->path, "/api/", 5) != 0 && strcmp(r->path, "/api") != 0) {
        if (strcmp(method, "GET") != 0 && !is_head) {
            out->allow = "GET, HEAD";
            kh_serve_reply_error(out, 405, "method %s not allowed here", method);
            return;
        }
        if (!authorised(r, ACCESS_OPEN, out))
            return;
        kh_serve_route_static(r, r->path, out);
        return;
    }
    int path_known = 0;
    char allow[64] = "";
    for (size_t i = 0; i < N_ROUTES; i++) {
        const char *arg = match(&routes[i], r->path);
        if (!arg)
            continue;
        path_known = 1;
        const char *want = routes[i].method;
        if (strcmp(want, method) != 0 && !(is_head && strcmp(want, "GET") == 0)) {
            if (allow[0])
                strncat(allow, ", ", sizeof allow - strlen(allow) - 1);
            strncat(allow, want, sizeof allow - strlen(allow) - 1);
            continue;
        }
        if (!authorised(r, routes[i].access, out))
            return;
        kh_err err;
        kh_err_init(&err, NULL);
        if (routes[i].needs_store) {
            r->store = kh_serve_pool_get(&r->srv->pool, &err);
            if (!r->store) {
                fprintf(stderr, "khabar serve: %s\n", err.msg);
                kh_serve_reply_error(out, 503, "store unavailable");
                return;
            }
        }
        routes[i].fn(r, routes[i].has_arg ? arg : NULL, out);
        if (r->store) {
            kh_serve_pool_put(&r->srv->pool, r->store);
            r->store = NULL;
        }
        return;
    }
    if (path_known) {
        /* Static strings only: the table's methods, joined once. */
        if (strstr(allow, "POST") && strstr(allow, "GET"))
            out->allow = "GET, HEAD, POST";
        else if (strstr(allow, "POST"))
            out->allow = "POST";
        else
            out->allow = "GET, HEAD";
        kh_serve_reply_error(out, 405, "method %s not allowed on %s", method, r->path);
        return;
    }
    kh_serve_reply_error(out, 404, "no such endpoint");
}

/* ---- static functions ---- */

/* The argument (the rest of the path, "" for exact rows) or NULL. */
static const char *match(const route *rt, const char *path)
{
    size_t n = strlen(rt->path);
    if (!rt->has_arg)
        return strcmp(path, rt->path) == 0 ? "" : NULL;
    if (strncmp(path, rt->path, n) != 0)
        return NULL;
    const char *arg = path + n;
    if (!*arg || (rt->has_arg == 1 && strchr(arg, '/')))
        return NULL;
    return arg;
}

static enum MHD_Result add_len(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    size_t *n = cls;
    (void)kind;
    *n += (key ? strlen(key) : 0) + (value ? strlen(value) : 0) + 2;
    return MHD_YES;
}

static int authorised(kh_serve_req *r, access_kind access, kh_serve_resp *out)
{
    const kh_serve *srv = r->srv;
    const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Authorization");
    if (access == ACCESS_OPEN)
        return 1;
    if (access == ACCESS_WRITE) {
        if (!srv->token) {
            kh_serve_reply_error(out, 403,
                                 "writes are disabled (start the server with --token-file)");
            return 0;
        }
        if (!h) {
            kh_serve_reply_error(out, 401, "a bearer token is required");
            return 0;
        }
        if (!kh_serve_auth_check(h, srv->token)) {
            kh_serve_reply_error(out, 403, "the token is not valid for writing");
            return 0;
        }
        return 1;
    }
    if (!srv->read_token)
        return 1;
    if (kh_serve_auth_check(h, srv->read_token) || kh_serve_auth_check(h, srv->token))
        return 1;
    kh_serve_reply_error(out, h ? 403 : 401,
                         h ? "the token is not valid" : "a bearer token is required");
    return 0;
}
