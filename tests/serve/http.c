/*
 * tests/serve/http.c - the server in process, driven over loopback sockets:
 * listening, routing, status codes, limits, tokens, static files.
 *
 * Each case starts a server on 127.0.0.1 port 0 over a new store in a
 * temporary folder and speaks HTTP/1.1 with "Connection: close", so a
 * response ends where the socket does.
 */
#include "core/alloc.h"
#include "serve/serve_int.h"
#include "test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define TOKEN "write-token-0123456789abcdef"
#define READ_TOKEN "read-token-0123456789abcdef"

typedef struct fixture {
    char dir[64];
    char db[128], web[128], tok[128], rtok[128];
    kh_serve *srv;
} fixture;

typedef struct reply {
    int status;
    char head[4096];
    char *body; /* owns */
    size_t body_len;
} reply;

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* writes: 1 to configure the write token; reads: 1 for a read token. */
static int start(fixture *fx, int writes, int reads)
{
    memset(fx, 0, sizeof *fx);
    strcpy(fx->dir, "/tmp/khabar-serve-test-XXXXXX");
    if (!mkdtemp(fx->dir))
        return 0;
    snprintf(fx->db, sizeof fx->db, "%s/k.db", fx->dir);
    snprintf(fx->web, sizeof fx->web, "%s/web", fx->dir);
    snprintf(fx->tok, sizeof fx->tok, "%s/token", fx->dir);
    snprintf(fx->rtok, sizeof fx->rtok, "%s/read-token", fx->dir);
    mkdir(fx->web, 0700);
    char p[256];
    snprintf(p, sizeof p, "%s/index.html", fx->web);
    write_file(p, "<!doctype html><title>t</title>");
    snprintf(p, sizeof p, "%s/style.css", fx->web);
    write_file(p, "body{}");
    snprintf(p, sizeof p, "%s/secret.html", fx->dir);
    write_file(p, "secret");
    write_file(fx->tok, TOKEN "\n");
    write_file(fx->rtok, READ_TOKEN "\n");
    kh_serve_opts o = {0};
    o.db_path = fx->db;
    o.listen = "127.0.0.1:0";
    o.web_dir = fx->web;
    o.token_file = writes ? fx->tok : NULL;
    o.read_token_file = reads ? fx->rtok : NULL;
    o.threads = 2;
    o.quiet = 1;
    kh_err err;
    kh_err_init(&err, NULL);
    fx->srv = kh_serve_start(&o, &err);
    if (!fx->srv)
        fprintf(stderr, "  start: %s\n", err.msg);
    return fx->srv != NULL;
}

static void stop(fixture *fx)
{
    kh_serve_stop(fx->srv);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "  cannot remove %s\n", fx->dir);
}

/* Sends raw (a whole request) and reads the reply; status -1 on failure. */
static void ask_raw(fixture *fx, const char *raw, size_t raw_len, reply *r)
{
    memset(r, 0, sizeof *r);
    r->status = -1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)kh_serve_port(fx->srv));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        if (fd >= 0)
            close(fd);
        return;
    }
    for (size_t off = 0; off < raw_len;) {
        ssize_t w = send(fd, raw + off, raw_len - off, MSG_NOSIGNAL);
        if (w <= 0)
            break; /* the server may answer 413 and close early */
        off += (size_t)w;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = kh_alloc(cap + 1);
    ssize_t n;
    while (buf && (n = recv(fd, buf + len, cap - len, 0)) > 0) {
        len += (size_t)n;
        if (len == cap)
            break;
    }
    close(fd);
    if (!buf)
        return;
    buf[len] = '\0';
    char *end = strstr(buf, "\r\n\r\n");
    if (sscanf(buf, "HTTP/1.%*d %d", &r->status) != 1 || !end) {
        r->status = -1;
        kh_free(buf);
        return;
    }
    size_t hl = (size_t)(end - buf);
    if (hl >= sizeof r->head)
        hl = sizeof r->head - 1;
    memcpy(r->head, buf, hl);
    r->body_len = len - (size_t)(end + 4 - buf);
    r->body = kh_strndup(end + 4, r->body_len);
    kh_free(buf);
}

static void ask(fixture *fx, const char *method, const char *path, const char *extra,
                const char *body, reply *r)
{
    char req[8192];
    size_t blen = body ? strlen(body) : 0;
    int n = snprintf(req, sizeof req,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s"
                     "Content-Length: %zu\r\n\r\n%s",
                     method, path, extra ? extra : "", blen, body ? body : "");
    ask_raw(fx, req, (size_t)n, r);
}

static void reply_clean(reply *r)
{
    kh_free(r->body);
    r->body = NULL;
}

static int has(const reply *r, const char *s)
{
    return (r->body && strstr(r->body, s)) || strstr(r->head, s);
}

TEST(parse_listen_forms)
{
    char host[64];
    unsigned port = 1;
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK_INT(kh_serve_parse_listen("127.0.0.1:8080", host, sizeof host, &port, &err), KH_OK);
    CHECK_STR(host, "127.0.0.1");
    CHECK_INT(port, 8080);
    CHECK_INT(kh_serve_parse_listen("[::1]:0", host, sizeof host, &port, &err), KH_OK);
    CHECK_STR(host, "::1");
    CHECK_INT(port, 0);
    CHECK_INT(kh_serve_parse_listen(":9000", host, sizeof host, &port, &err), KH_OK);
    CHECK_STR(host, "127.0.0.1");
    static const char *const bad[] = {"",       "8080",    "host:", "host:x", "h:70000",
                                      "::1:80", "[::1]80", "h:-1",  "h:80x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kh_err_init(&err, NULL);
        CHECK_INT(kh_serve_parse_listen(bad[i], host, sizeof host, &port, &err), KH_ERR_ARG);
    }
    CHECK_INT(kh_serve_parse_listen(NULL, host, sizeof host, &port, &err), KH_ERR_ARG);
}

TEST(start_bad_inputs)
{
    kh_serve_opts o = {0};
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(kh_serve_start(NULL, &err) == NULL);
    o.db_path = "/nonexistent-dir-khabar/k.db";
    o.listen = "127.0.0.1:0";
    o.quiet = 1;
    kh_err_init(&err, NULL);
    CHECK(kh_serve_start(&o, &err) == NULL);
    CHECK(err.rc != KH_OK);
    o.db_path = "/tmp/khabar-serve-unused.db";
    o.web_dir = "/nonexistent-web-khabar";
    kh_err_init(&err, NULL);
    CHECK(kh_serve_start(&o, &err) == NULL);
    o.web_dir = NULL;
    o.token_file = "/nonexistent-token-khabar";
    kh_err_init(&err, NULL);
    CHECK(kh_serve_start(&o, &err) == NULL);
    kh_serve_stop(NULL);
    unlink("/tmp/khabar-serve-unused.db");
}

TEST(health_ok)
{
    fixture fx;
    reply r;
    CHECK(start(&fx, 0, 0));
    ask(&fx, "GET", "/api/health", NULL, NULL, &r);
    int ok = r.status == 200 && has(&r, "\"store\":true") && has(&r, "application/json") &&
             has(&r, "\"articles\":0");
    reply_clean(&r);
    stop(&fx);
    CHECK(ok);
}

TEST(unknown_endpoint_404_json)
{
    fixture fx;
    reply r;
    CHECK(start(&fx, 0, 0));
    ask(&fx, "GET", "/api/nothing", NULL, NULL, &r);
    int ok = r.status == 404 && has(&r, "{\"error\":");
    reply_clean(&r);
    stop(&fx);
    CHECK(ok);
}

TEST(wrong_method_405_allow)
{
    fixture fx;
    reply r1, r2;
    CHECK(start(&fx, 0, 0));
    ask(&fx, "DELETE", "/api/stories", NULL, NULL, &r1);
    ask(&fx, "PUT", "/api/articles", NULL, "{}", &r2);
    int ok =
        r1.status == 405 && has(&r1, "Allow: GET, HEAD") && r2.status == 405 && has(&r2, "POST");
    reply_clean(&r1);
    reply_clean(&r2);
    stop(&fx);
    CHECK(ok);
}

TEST(stories_bad_params_400)
{
    fixture fx;
    CHECK(start(&fx, 0, 0));
    static const char *const paths[] = {"/api/stories?page=0",
                                        "/api/stories?page=abc",
                                        "/api/stories?page=-1",
                                        "/api/stories?page=99999999",
                                        "/api/stories?since=yesterday",
                                        "/api/stories?entity=x",
                                        "/api/stories/abc",
                                        "/api/stories/0",
                                        "/api/stories/1e3",
                                        "/api/entities/-4",
                                        "/api/search",
                                        "/api/search?q=",
                                        "/api/search?q=%01",
                                        "/api/articles/%01x",
                                        "/api/search?q=x&page=0"};
    int bad = -1;
    for (size_t i = 0; i < sizeof paths / sizeof paths[0] && bad < 0; i++) {
        reply r;
        ask(&fx, "GET", paths[i], NULL, NULL, &r);
        if (r.status != 400 || !has(&r, "{\"error\":"))
            bad = (int)i;
        reply_clean(&r);
    }
    stop(&fx);
    if (bad >= 0)
        fprintf(stderr, "  %s\n", paths[bad]);
    CHECK_INT(bad, -1);
}

TEST(missing_rows_404)
{
    fixture fx;
    CHECK(start(&fx, 0, 0));
    reply a, b, c;
    ask(&fx, "GET", "/api/stories/12345", NULL, NULL, &a);
    ask(&fx, "GET", "/api/articles/nope-1", NULL, NULL, &b);
    ask(&fx, "GET", "/api/entities/77", NULL, NULL, &c);
    int ok = a.status == 404 && b.status == 404 && c.status == 404;
    reply_clean(&a);
    reply_clean(&b);
    reply_clean(&c);
    stop(&fx);
    CHECK(ok);
}

TEST(query_too_long_414)
{
    fixture fx;
    CHECK(start(&fx, 0, 0));
    char path[4096] = "/api/search?q=";
    size_t n = strlen(path);
    memset(path + n, 'a', 600);
    path[n + 600] = '\0';
    reply a, b;
    ask(&fx, "GET", path, NULL, NULL, &a);
    strcpy(path, "/api/stories?section=");
    n = strlen(path);
    memset(path + n, 'b', 3000);
    path[n + 3000] = '\0';
    ask(&fx, "GET", path, NULL, NULL, &b);
    int ok = a.status == 414 && b.status == 414 && has(&b, "{\"error\":");
    reply_clean(&a);
    reply_clean(&b);
    stop(&fx);
    CHECK(ok);
}

TEST(body_over_cap_413)
{
    fixture fx;
    CHECK(start(&fx, 1, 0));
    char req[512];
    int n = snprintf(req, sizeof req,
                     "POST /api/articles HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     "Authorization: Bearer " TOKEN "\r\nContent-Length: %zu\r\n\r\n",
                     KH_CAP_REQUEST + 1);
    reply r;
    ask_raw(&fx, req, (size_t)n, &r);
    int ok = r.status == 413 && has(&r, "{\"error\":");
    reply_clean(&r);
    stop(&fx);
    CHECK(ok);
}

TEST(writes_off_without_token_file_403)
{
    fixture fx;
    reply r;
    CHECK(start(&fx, 0, 0));
    ask(&fx, "POST", "/api/articles", "Authorization: Bearer " TOKEN "\r\n", "{}", &r);
    int ok = r.status == 403;
    reply_clean(&r);
    stop(&fx);
    CHECK(ok);
}

TEST(post_needs_token)
{
    fixture fx;
    reply a, b, c;
    CHECK(start(&fx, 1, 0));
    ask(&fx, "POST", "/api/articles", NULL, "{}", &a);
    ask(&fx, "POST", "/api/articles", "Authorization: Bearer wrong-token-0123456789\r\n", "{}", &b);
    ask(&fx, "POST", "/api/articles", "Authorization: Basic " TOKEN "\r\n", "{}", &c);
    int ok = a.status == 401 && has(&a, "WWW-Authenticate: Bearer") && b.status == 403 &&
             c.status == 403;
    reply_clean(&a);
    reply_clean(&b);
    reply_clean(&c);
    stop(&fx);
    CHECK(ok);
}

TEST(post_article_then_read_and_search)
{
    fixture fx;
    reply a, b, c, d, e;
    CHECK(start(&fx, 1, 0));
    const char *auth = "Authorization: Bearer " TOKEN "\r\n";
    ask(&fx, "POST", "/api/articles", auth,
        "{\"id\": \"t-1\", \"outlet\": \"صحيفة\", \"published\": \"2026-03-02T10:00:00Z\",\n"
        " \"title\": \"زيلينسكي في باريس\", \"text\": \"وصل الرئيس زيلينسكي إلى باريس.\"}",
        &a);
    ask(&fx, "POST", "/api/articles", auth,
        "{\"id\": \"t-1\", \"title\": \"زيلينسكي في باريس\", \"text\": \"مكرر\"}\n"
        "not json\n",
        &b);
    ask(&fx, "GET", "/api/articles/t-1", NULL, NULL, &c);
    ask(&fx, "GET", "/api/search?q=%D8%B2%D9%8A%D9%84%D9%86%D8%B3%D9%83%D9%8A", NULL, NULL, &d);
    ask(&fx, "GET", "/api/stories", NULL, NULL, &e);
    int ok_a = a.status == 201 && has(&a, "\"stored\":1");
    int ok_b = b.status == 200 && has(&b, "\"unchanged\":1") && has(&b, "\"skipped\":1") &&
               has(&b, "\"line\":2");
    int ok_c = c.status == 200 && has(&c, "زيلينسكي في باريس");
    int ok_d = d.status == 200 && has(&d, "<mark>زيلينسكي</mark>");
    int ok_e = e.status == 200 && has(&e, "\"total\":1");
    reply_clean(&a);
    reply_clean(&b);
    reply_clean(&c);
    reply_clean(&d);
    reply_clean(&e);
    stop(&fx);
    CHECK(ok_a);
    CHECK(ok_b);
    CHECK(ok_c);
    CHECK(ok_d);
    CHECK(ok_e);
}

TEST(post_bad_bodies_400)
{
    fixture fx;
    reply a, b, c;
    CHECK(start(&fx, 1, 0));
    const char *auth = "Authorization: Bearer " TOKEN "\r\n";
    ask(&fx, "POST", "/api/articles", auth, "", &a);
    ask(&fx, "POST", "/api/articles", auth, "[1, 2]", &b);
    ask(&fx, "POST", "/api/articles", auth, "{\"id\": \"x\"}", &c);
    int ok = a.status == 400 && b.status == 400 && c.status == 400 && has(&c, "\"skipped\":1");
    reply_clean(&a);
    reply_clean(&b);
    reply_clean(&c);
    stop(&fx);
    CHECK(ok);
}

TEST(read_token_guards_reads)
{
    fixture fx;
    reply a, b, c, d, e;
    CHECK(start(&fx, 1, 1));
    ask(&fx, "GET", "/api/stories", NULL, NULL, &a);
    ask(&fx, "GET", "/api/stories", "Authorization: Bearer nope-nope-nope-nope\r\n", NULL, &b);
    ask(&fx, "GET", "/api/stories", "Authorization: Bearer " READ_TOKEN "\r\n", NULL, &c);
    ask(&fx, "GET", "/api/health", NULL, NULL, &d);
    ask(&fx, "GET", "/api/stories", "Authorization: Bearer " TOKEN "\r\n", NULL, &e);
    int ok =
        a.status == 401 && b.status == 403 && c.status == 200 && d.status == 200 && e.status == 200;
    reply_clean(&a);
    reply_clean(&b);
    reply_clean(&c);
    reply_clean(&d);
    reply_clean(&e);
    stop(&fx);
    CHECK(ok);
}

TEST(static_files_types_and_etag)
{
    fixture fx;
    reply a, b, c;
    CHECK(start(&fx, 0, 0));
    ask(&fx, "GET", "/", NULL, NULL, &a);
    ask(&fx, "GET", "/style.css", NULL, NULL, &b);
    char extra[128] = "";
    const char *et = strstr(a.head, "ETag: ");
    if (et) {
        const char *end = strstr(et, "\r\n");
        snprintf(extra, sizeof extra, "If-None-Match: %.*s\r\n",
                 (int)(end ? end - et - 6 : (long)strlen(et + 6)), et + 6);
    }
    ask(&fx, "GET", "/", extra, NULL, &c);
    int ok = a.status == 200 && has(&a, "text/html") && has(&a, "<title>t</title>") &&
             has(&a, "Content-Security-Policy") && b.status == 200 && has(&b, "text/css") && et &&
             c.status == 304;
    reply_clean(&a);
    reply_clean(&b);
    reply_clean(&c);
    stop(&fx);
    CHECK(ok);
}

TEST(static_no_traversal)
{
    fixture fx;
    CHECK(start(&fx, 0, 0));
    static const char *const paths[] = {
        "/../secret.html", "/%2e%2e/secret.html", "/..%2fsecret.html", "/.hidden.html",
        "/nothing.html",   "/index.exe",          "//etc/passwd",      "/web/../secret.html"};
    int bad = -1;
    for (size_t i = 0; i < sizeof paths / sizeof paths[0] && bad < 0; i++) {
        reply r;
        ask(&fx, "GET", paths[i], NULL, NULL, &r);
        if (r.status == 200 || has(&r, "secret"))
            bad = (int)i;
        reply_clean(&r);
    }
    reply p;
    ask(&fx, "POST", "/index.html", NULL, "x", &p);
    int post_ok = p.status == 405;
    reply_clean(&p);
    stop(&fx);
    if (bad >= 0)
        fprintf(stderr, "  %s\n", paths[bad]);
    CHECK_INT(bad, -1);
    CHECK(post_ok);
}

int main(void)
{
    TEST_RUN("serve/http", TEST_CASE(parse_listen_forms), TEST_CASE(start_bad_inputs),
             TEST_CASE(health_ok), TEST_CASE(unknown_endpoint_404_json),
             TEST_CASE(wrong_method_405_allow), TEST_CASE(stories_bad_params_400),
             TEST_CASE(missing_rows_404), TEST_CASE(query_too_long_414),
             TEST_CASE(body_over_cap_413), TEST_CASE(writes_off_without_token_file_403),
             TEST_CASE(post_needs_token), TEST_CASE(post_article_then_read_and_search),
             TEST_CASE(post_bad_bodies_400), TEST_CASE(read_token_guards_reads),
             TEST_CASE(static_files_types_and_etag), TEST_CASE(static_no_traversal));
}
