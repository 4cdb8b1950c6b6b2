/*
 * src/serve/route_static.c - the files of the web page (web/): index.html,
 * app.js, style.css and the fonts under fonts/.
 *
 * Safety: a path is served only when every segment is made of
 * [A-Za-z0-9._-], starts with neither '.' nor '-', and the file it names,
 * after realpath(), is a regular file inside the web folder, so neither
 * "..", nor a symlink, nor an encoded slash leaves it.  Caching: fonts are
 * immutable for a year (their names carry the subset and weight); the page,
 * its script and style are revalidated each time with an ETag made of size
 * and modification time, answered 304 when unchanged.
 */
#include "core/alloc.h"
#include "serve/serve_int.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct ctype {
    const char *ext;
    const char *type;
    const char *cache;
} ctype;

static const ctype types[] = {
    {".html", "text/html; charset=utf-8", "no-cache"},
    {".js", "text/javascript; charset=utf-8", "no-cache"},
    {".css", "text/css; charset=utf-8", "no-cache"},
    {".json", "application/json; charset=utf-8", "no-cache"},
    {".svg", "image/svg+xml", "public, max-age=86400"},
    {".png", "image/png", "public, max-age=86400"},
    {".ico", "image/x-icon", "public, max-age=86400"},
    {".woff2", "font/woff2", "public, max-age=31536000, immutable"},
    {".woff", "font/woff", "public, max-age=31536000, immutable"},
    {".txt", "text/plain; charset=utf-8", "no-cache"},
};

static int path_ok(const char *p)
{
    size_t n = strlen(p);
    if (n == 0 || n > 200 || p[0] != '/')
        return 0;
    int seg_start = 1;
    for (size_t i = 1; i < n; i++) {
        char c = p[i];
        if (c == '/') {
            if (seg_start)
                return 0; /* empty segment */
            seg_start = 1;
            continue;
        }
        if (seg_start && (c == '.' || c == '-'))
            return 0;
        seg_start = 0;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return !seg_start;
}

static const ctype *type_of(const char *p)
{
    const char *dot = strrchr(p, '.');
    if (!dot)
        return NULL;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return &types[i];
    return NULL;
}

void kh_serve_route_static(kh_serve_req *r, const char *arg, kh_serve_resp *out)
{
    const kh_serve *srv = r->srv;
    const char *path = arg;
    char full[4096];
    char *real = NULL;
    if (!srv->web_dir) {
        kh_serve_reply_error(out, 404, "no web page (start the server with --web DIR)");
        return;
    }
    if (strcmp(path, "/") == 0)
        path = "/index.html";
    const ctype *t = type_of(path);
    if (!path_ok(path) || !t) {
        kh_serve_reply_error(out, 404, "no such file");
        return;
    }
    int n = snprintf(full, sizeof full, "%s%s", srv->web_dir, path);
    if (n < 0 || (size_t)n >= sizeof full) {
        kh_serve_reply_error(out, 404, "no such file");
        return;
    }
    real = realpath(full, NULL);
    size_t root_len = strlen(srv->web_dir);
    struct stat st;
    if (!real || strncmp(real, srv->web_dir, root_len) != 0 || real[root_len] != '/' ||
        stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        kh_serve_reply_error(out, 404, "no such file");
        goto done;
    }
    snprintf(out->etag, sizeof out->etag, "\"%" PRIx64 "-%" PRIx64 "\"", (uint64_t)st.st_size,
             (uint64_t)st.st_mtime);
    out->cache = t->cache;
    const char *inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "If-None-Match");
    if (inm && strcmp(inm, out->etag) == 0) {
        out->status = 304;
        out->type = t->type;
        goto done;
    }
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        out->etag[0] = '\0';
        kh_serve_reply_error(out, 404, "no such file");
        goto done;
    }
    out->fd = fd;
    out->fd_size = (uint64_t)st.st_size;
    out->status = 200;
    out->type = t->type;
done:
    free(real); /* realpath() allocates with malloc */
}
