/*
 * src/serve/http.c - the libmicrohttpd daemon: listening, reading request
 * bodies under their cap, handing each request to the router and sending
 * its answer with the headers every answer carries.
 *
 * Threads: MHD_USE_INTERNAL_POLLING_THREAD with a pool of worker threads
 * (MHD_OPTION_THREAD_POOL_SIZE); a request runs start to end on one worker,
 * which borrows one read connection from the store pool (serve/pool.c) for
 * it.  Limits: connections (MHD_OPTION_CONNECTION_LIMIT), idle timeout,
 * per-connection memory (which bounds the request line and headers: a
 * longer URL gets libmicrohttpd's own 414), bodies of KH_CAP_REQUEST (413,
 * refused from Content-Length before the upload when it is announced).
 */
#include "core/alloc.h"
#include "serve/serve_int.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ---- types ---- */

/* What one connection accumulates between the calls of on_request(). */
typedef struct req_state {
    kh_buf body;
    int too_big; /* the body passed KH_CAP_REQUEST */
    int no_mem;
    int answered; /* a response was queued before the body ended */
    struct timespec t0;
} req_state;

/* ---- static prototypes ---- */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_len, void **con_cls);
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe);
static enum MHD_Result send_resp(kh_serve *srv, struct MHD_Connection *c, const char *method,
                                 const char *url, kh_serve_resp *out, const struct timespec *t0);
static void load_view_model(kh_serve *srv, const char *path);
static void load_ner(kh_serve *srv);
static kh_rc resolve(const char *host, unsigned port, struct sockaddr_storage *sa, socklen_t *len,
                     kh_err *err);

/* ---- public functions ---- */

kh_rc kh_serve_parse_listen(const char *s, char *host, size_t cap, unsigned *port, kh_err *err)
{
    if (!s || !*s || !host || cap < 2 || !port)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "no listen address");
    const char *colon;
    size_t hlen;
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':')
            return kh_err_set(err, KH_ERR_ARG, 0, -1, "%s: want [ADDRESS]:PORT", s);
        hlen = (size_t)(close - s - 1);
        if (hlen == 0 || hlen >= cap)
            return kh_err_set(err, KH_ERR_ARG, 0, -1, "%s: bad address", s);
        memcpy(host, s + 1, hlen);
        colon = close + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon)
            return kh_err_set(err, KH_ERR_ARG, 0, -1, "%s: want HOST:PORT", s);
        hlen = (size_t)(colon - s);
        if (hlen >= cap)
            return kh_err_set(err, KH_ERR_ARG, 0, -1, "%s: address too long", s);
        if (hlen == 0) {
            hlen = strlen("127.0.0.1");
            memcpy(host, "127.0.0.1", hlen);
        } else {
            if (memchr(s, ':', hlen))
                return kh_err_set(err, KH_ERR_ARG, 0, -1, "%s: write IPv6 as [ADDRESS]:PORT", s);
            memcpy(host, s, hlen);
        }
    }
    host[hlen] = '\0';
    char *end = NULL;
    const char *p = colon + 1;
    if (*p < '0' || *p > '9')
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "%s: bad port", s);
    unsigned long v = strtoul(p, &end, 10);
    if (*end || v > 65535)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "%s: bad port", s);
    *port = (unsigned)v;
    return KH_OK;
}

kh_serve *kh_serve_start(const kh_serve_opts *o, kh_err *err)
{
    kh_serve *srv = NULL;
    char host[128];
    unsigned port = 0;
    struct sockaddr_storage sa;
    socklen_t sa_len = 0;
    int pool_ok = 0, mu_ok = 0;

    if (!o || !o->db_path || !*o->db_path) {
        kh_err_set(err, KH_ERR_ARG, 0, -1, "no database path");
        return NULL;
    }
    if (kh_serve_parse_listen(o->listen ? o->listen : "127.0.0.1:8080", host, sizeof host, &port,
                              err) != KH_OK)
        return NULL;
    if (resolve(host, port, &sa, &sa_len, err) != KH_OK)
        return NULL;
    srv = kh_calloc(1, sizeof *srv);
    if (!srv) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        return NULL;
    }
    srv->quiet = o->quiet;
    if (!(srv->db_path = kh_strdup(o->db_path))) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto fail;
    }
    if (o->web_dir) {
        char *rp = realpath(o->web_dir, NULL);
        if (!rp) {
            kh_err_set(err, KH_ERR_IO, 0, -1, "%s: no such web folder", o->web_dir);
            goto fail;
        }
        srv->web_dir = kh_strdup(rp);
        free(rp); /* realpath() allocates with malloc */
        if (!srv->web_dir) {
            kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto fail;
        }
    }
    if (o->token_file && kh_serve_auth_load(o->token_file, &srv->token, err) != KH_OK)
        goto fail;
    if (o->read_token_file &&
        kh_serve_auth_load(o->read_token_file, &srv->read_token, err) != KH_OK)
        goto fail;
    if (o->view_model && !(srv->view_model_path = kh_strdup(o->view_model))) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto fail;
    }
    load_view_model(srv, o->view_model);
    load_ner(srv);
    if (kh_story_cache_init(&srv->profiles, err) != KH_OK)
        goto fail;
    srv->profiles_ok = 1;
    if (kh_serve_views_init(&srv->views, err) != KH_OK)
        goto fail;
    unsigned threads = o->threads ? o->threads : 4;
    /* One store more than workers: the health check of a busy server still
     * gets one without waiting. */
    if (kh_serve_pool_init(&srv->pool, o->db_path, threads + 1, err) != KH_OK)
        goto fail;
    pool_ok = 1;
    if (pthread_mutex_init(&srv->write_mu, NULL) != 0) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "cannot create a mutex");
        goto fail;
    }
    mu_ok = 1;
    /* Open one store now so that a bad path or a newer schema fails here,
     * not on the first request. */
    kh_store *probe = kh_serve_pool_get(&srv->pool, err);
    if (!probe)
        goto fail;
    kh_serve_pool_put(&srv->pool, probe);
    if (kh_serve_indexer_start(srv, err) != KH_OK)
        goto fail;

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
    if (sa.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
        o->max_conns ? o->max_conns : 256u, MHD_OPTION_CONNECTION_TIMEOUT,
        o->timeout_s ? o->timeout_s : 30u, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
    if (!srv->daemon) {
        kh_err_set(err, KH_ERR_IO, 0, -1, "%s: cannot listen (in use or not allowed)",
                   o->listen ? o->listen : "127.0.0.1:8080");
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : port;
    return srv;
fail:
    kh_serve_indexer_stop(srv);
    if (srv->wstore)
        kh_store_close(srv->wstore);
    if (mu_ok)
        pthread_mutex_destroy(&srv->write_mu);
    if (pool_ok)
        kh_serve_pool_clean(&srv->pool);
    kh_free(srv->db_path);
    kh_free(srv->web_dir);
    kh_free(srv->token);
    kh_free(srv->read_token);
    kh_free(srv->view_model_path);
    kh_view_section_model_free(srv->view_model);
    kh_analyse_ner_free(srv->ner);
    if (srv->profiles_ok)
        kh_story_cache_clean(&srv->profiles);
    kh_serve_views_clean(&srv->views);
    kh_free(srv);
    return NULL;
}

unsigned kh_serve_port(const kh_serve *s)
{
    return s ? s->port : 0;
}

void kh_serve_stop(kh_serve *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    kh_serve_indexer_stop(s);
    kh_serve_pool_clean(&s->pool);
    kh_store_close(s->wstore);
    pthread_mutex_destroy(&s->write_mu);
    kh_free(s->db_path);
    kh_free(s->web_dir);
    kh_free(s->token);
    kh_free(s->read_token);
    kh_free(s->view_model_path);
    kh_view_section_model_free(s->view_model);
    kh_analyse_ner_free(s->ner);
    if (s->profiles_ok)
        kh_story_cache_clean(&s->profiles);
    kh_serve_views_clean(&s->views);
    kh_free(s);
}

/* The section model makes the story view's section and IDF; without it the
 * view still works (IDF from the story alone), so a missing model is a
 * warning, not a failure. */
static void load_view_model(kh_serve *srv, const char *path)
{
    char buf[4096];
    kh_err err;
    kh_err_init(&err, NULL);
    if (!path)
        path = kh_view_section_model_default_path(buf, sizeof buf);
    if (kh_view_section_model_load(path, &srv->view_model, &err) != KH_OK) {
        srv->view_model = NULL;
        if (!srv->quiet)
            fprintf(stderr, "khabar serve: no section model (%s); story views use no IDF\n",
                    err.msg);
    }
}

/* Articles posted go through the same pipeline as `khabar ingest`, entities
 * included; without the model they are stored without entities, as ingest
 * does when its model is missing. */
static void load_ner(kh_serve *srv)
{
    kh_err err;
    kh_err_init(&err, NULL);
    if (kh_analyse_ner_load(NULL, &srv->ner, &err) != KH_OK) {
        srv->ner = NULL;
        if (!srv->quiet)
            fprintf(stderr, "khabar serve: no NER model (%s); posted articles get no entities\n",
                    err.msg);
    }
}

/* ---- static functions ---- */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_len, void **con_cls)
{
    kh_serve *srv = cls;
    req_state *st = *con_cls;
    (void)version;
    if (!st) {
        st = kh_calloc(1, sizeof *st);
        if (!st)
            return MHD_NO;
        kh_buf_init(&st->body, KH_CAP_REQUEST);
        clock_gettime(CLOCK_MONOTONIC, &st->t0);
        *con_cls = st;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > KH_CAP_REQUEST) {
            kh_serve_resp out = {0};
            out.fd = -1;
            kh_serve_reply_error(&out, 413, "request body over %zu bytes", KH_CAP_REQUEST);
            st->answered = 1;
            return send_resp(srv, c, method, url, &out, &st->t0);
        }
        return MHD_YES;
    }
    if (*upload_len) {
        if (!st->too_big && !st->no_mem && !st->answered) {
            kh_rc rc = kh_buf_append(&st->body, upload, *upload_len);
            if (rc == KH_ERR_TOOBIG)
                st->too_big = 1;
            else if (rc != KH_OK)
                st->no_mem = 1;
        }
        *upload_len = 0;
        return MHD_YES;
    }
    if (st->answered)
        return MHD_YES;
    kh_serve_resp out = {0};
    out.fd = -1;
    if (st->too_big) {
        kh_serve_reply_error(&out, 413, "request body over %zu bytes", KH_CAP_REQUEST);
    } else if (st->no_mem) {
        kh_serve_reply_error(&out, 503, "out of memory");
    } else {
        kh_serve_req r = {0};
        r.srv = srv;
        r.conn = c;
        r.method = method;
        r.path = url;
        r.body = st->body.data;
        r.body_len = st->body.len;
        kh_serve_route_dispatch(&r, &out);
    }
    st->answered = 1;
    return send_resp(srv, c, method, url, &out, &st->t0);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    req_state *st = *con_cls;
    if (!st)
        return;
    kh_buf_clean(&st->body);
    kh_free(st);
    *con_cls = NULL;
}

static enum MHD_Result send_resp(kh_serve *srv, struct MHD_Connection *c, const char *method,
                                 const char *url, kh_serve_resp *out, const struct timespec *t0)
{
    struct MHD_Response *resp;
    if (out->fd >= 0) {
        resp = MHD_create_response_from_fd64(out->fd_size, out->fd);
        if (!resp)
            close(out->fd);
        kh_free(out->body);
    } else {
        resp = MHD_create_response_from_buffer_with_free_callback(
            out->len, out->body ? out->body : (char *)"", out->body ? kh_free : NULL);
        if (!resp)
            kh_free(out->body);
    }
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            out->type ? out->type : "application/json; charset=utf-8");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                            out->cache ? out->cache : "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    if (out->type && strncmp(out->type, "text/html", 9) == 0)
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; "
                                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    if (out->etag[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, out->etag);
    if (out->allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, out->allow);
    if (out->status == 401)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"khabar\"");
    enum MHD_Result ret = MHD_queue_response(c, out->status ? out->status : 500, resp);
    MHD_destroy_response(resp);
    if (!srv->quiet) {
        struct timespec t1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ms =
            (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
        fprintf(stderr, "%s %.200s %u %.1fms\n", method, url, out->status, ms);
    }
    return ret;
}

static kh_rc resolve(const char *host, unsigned port, struct sockaddr_storage *sa, socklen_t *len,
                     kh_err *err)
{
    struct addrinfo hints, *res = NULL;
    char port_s[8];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    snprintf(port_s, sizeof port_s, "%u", port);
    int rc = getaddrinfo(host, port_s, &hints, &res);
    if (rc != 0 || !res)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "%s: cannot resolve (%s)", host,
                          gai_strerror(rc));
    memset(sa, 0, sizeof *sa);
    memcpy(sa, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return KH_OK;
}
