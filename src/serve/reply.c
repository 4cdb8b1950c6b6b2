/*
 * src/serve/reply.c - answers in JSON, and the one table that maps an
 * error of a stage to an HTTP status.
 *
 * Bodies are serialised by jansson (compact, UTF-8 kept as is) and copied
 * into a kh_alloc buffer so that libmicrohttpd frees them through kh_free.
 * When even that fails the answer is a static 503, never a crash.
 */
#include "core/alloc.h"
#include "serve/serve_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char nomem_body[] = "{\"error\":\"out of memory\"}";

static void set_static_nomem(kh_serve_resp *out)
{
    kh_free(out->body);
    out->body = kh_strdup(nomem_body);
    out->len = out->body ? strlen(out->body) : 0;
    out->status = 503;
    out->type = "application/json; charset=utf-8";
}

void kh_serve_reply_json(kh_serve_resp *out, unsigned status, json_t *v)
{
    char *s = v ? json_dumps(v, JSON_COMPACT) : NULL;
    json_decref(v);
    kh_free(out->body);
    out->body = NULL;
    if (!s) {
        set_static_nomem(out);
        return;
    }
    out->len = strlen(s);
    out->body = kh_strndup(s, out->len);
    free(s); /* jansson's own allocation */
    if (!out->body) {
        set_static_nomem(out);
        return;
    }
    out->status = status;
    out->type = "application/json; charset=utf-8";
}

void kh_serve_reply_error(kh_serve_resp *out, unsigned status, const char *fmt, ...)
{
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *o = json_object();
    /* json_string refuses bad UTF-8: a message quoting a bad input falls
     * back to a fixed text. */
    json_t *m = json_string(msg);
    if (!m)
        m = json_string("bad input");
    if (!o || !m || json_object_set_new(o, "error", m) != 0) {
        json_decref(o);
        set_static_nomem(out);
        return;
    }
    kh_serve_reply_json(out, status, o);
}

unsigned kh_serve_reply_status(const kh_err *err)
{
    if (!err)
        return 500;
    switch (err->rc) {
    case KH_OK:
        return 200;
    case KH_DONE:
        return 404;
    case KH_ERR_ARG:
    case KH_ERR_PARSE:
    case KH_ERR_UTF8:
    case KH_ERR_EMPTY:
        return 400;
    case KH_ERR_TOOBIG:
        return 413;
    case KH_ERR_NOMEM:
        return 503;
    case KH_ERR_DB:
        /* A writer holding the lock past busy_timeout: try again later. */
        if (strstr(err->msg, "locked") || strstr(err->msg, "busy"))
            return 503;
        return 500;
    case KH_ERR_IO:
        return 500;
    }
    return 500;
}

void kh_serve_reply_err(kh_serve_resp *out, const kh_err *err)
{
    unsigned status = kh_serve_reply_status(err);
    /* Server faults are logged with their detail; the client gets no path. */
    if (status >= 500) {
        fprintf(stderr, "khabar serve: %s: %s\n", kh_rc_str(err->rc), err->msg);
        kh_serve_reply_error(out, status, "%s",
                             err->rc == KH_ERR_NOMEM ? "out of memory"
                             : status == 503         ? "store busy, try again"
                                                     : "internal error");
        return;
    }
    kh_serve_reply_error(out, status, "%s", err->msg[0] ? err->msg : kh_rc_str(err->rc));
}
