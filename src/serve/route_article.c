/*
 * src/serve/route_article.c - GET /api/articles/{id} (one article as
 * stored) and POST /api/articles (JSONL, or one JSON article, through the
 * same pipeline as `khabar ingest`).
 *
 * POST: src/ingest reads files, not memory, so the body (at most
 * KH_CAP_REQUEST) goes to a private temporary .jsonl file, is ingested on
 * the server's one write connection (one POST at a time; an outside
 * `khabar ingest` waits on SQLite's lock, not on us), and the file is
 * removed.  Bad records are reported back with their line, as the command
 * prints them; the rest is stored.  Answers 201 when something new was
 * stored, 200 when everything was already there, 400 when no record could
 * be used.  Then the search index catches up (src/search).
 */
#include "core/alloc.h"
#include "ingest/ingest.h"
#include "search/search.h"
#include "serve/serve_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_REPORTED 50 /* errors listed in the answer; the count has all */

/* ---- static prototypes ---- */

static json_t *str_or_null(const char *s);
static void on_report(const kh_err *e, void *ctx);
static kh_rc write_temp(const char *body, size_t len, char *path, size_t cap, kh_err *err);

/* ---- public functions ---- */

void kh_serve_route_article(kh_serve_req *r, const char *arg, kh_serve_resp *out)
{
    kh_err err;
    kh_store_article a;
    if (!kh_serve_param_id_ok(arg)) {
        kh_serve_reply_error(out, 400, "bad article id");
        return;
    }
    kh_err_init(&err, NULL);
    kh_rc rc = kh_store_article_get(r->store, arg, &a, &err);
    if (rc == KH_DONE) {
        kh_serve_reply_error(out, 404, "no article %s", arg);
        return;
    }
    if (rc != KH_OK) {
        kh_serve_reply_err(out, &err);
        return;
    }
    char when[32] = "";
    if (a.published_ts > 0)
        kh_store_article_time_format(a.published_ts, when, sizeof when);
    json_t *o = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:f}", "id", str_or_null(a.id),
        "url", str_or_null(a.url), "outlet", str_or_null(a.outlet), "published",
        str_or_null(a.published), "published_ts", when[0] ? json_string(when) : json_null(),
        "title", str_or_null(a.title), "section", str_or_null(a.section), "teaser",
        str_or_null(a.teaser), "body", str_or_null(a.body), "kind", str_or_null(a.kind), "dup_of",
        str_or_null(a.dup_of), "dup_sim", a.dup_sim);
    if (o && json_object_set_new(o, "story_id",
                                 a.story_id > 0 ? json_integer(a.story_id) : json_null())) {
        json_decref(o);
        o = NULL;
    }
    kh_serve_reply_json(out, 200, o);
}

void kh_serve_route_article_post(kh_serve_req *r, const char *arg, kh_serve_resp *out)
{
    kh_serve *srv = r->srv;
    kh_err err;
    char path[64] = "";
    char *line = NULL;
    json_t *errors = json_array();
    kh_ingest *in = NULL;
    int locked = 0;
    (void)arg;
    kh_err_init(&err, NULL);
    if (!errors) {
        kh_serve_reply_error(out, 503, "out of memory");
        return;
    }
    if (!r->body || r->body_len == 0) {
        kh_serve_reply_error(out, 400, "empty body: send JSONL or one JSON article");
        goto done;
    }
    const char *body = r->body;
    size_t body_len = r->body_len;
    /* One pretty-printed JSON object spans lines: make it one JSONL line. */
    json_error_t jerr;
    json_t *one = json_loadb(body, body_len, 0, &jerr);
    if (one) {
        if (!json_is_object(one)) {
            json_decref(one);
            kh_serve_reply_error(out, 400, "the body must be a JSON object or JSONL");
            goto done;
        }
        char *s = json_dumps(one, JSON_COMPACT);
        json_decref(one);
        line = s ? kh_strdup(s) : NULL;
        free(s); /* jansson's own allocation */
        if (!line) {
            kh_serve_reply_error(out, 503, "out of memory");
            goto done;
        }
        body = line;
        body_len = strlen(line);
    }
    if (write_temp(body, body_len, path, sizeof path, &err) != KH_OK) {
        kh_serve_reply_err(out, &err);
        goto done;
    }
    pthread_mutex_lock(&srv->write_mu);
    locked = 1;
    if (!srv->wstore && !(srv->wstore = kh_store_open(srv->db_path, &err))) {
        kh_serve_reply_err(out, &err);
        goto done;
    }
    kh_ingest_opts opts = {0};
    opts.ner = srv->ner;
    opts.report = on_report;
    opts.ctx = errors;
    if (!(in = kh_ingest_new(srv->wstore, &opts, &err))) {
        kh_serve_reply_err(out, &err);
        goto done;
    }
    if (kh_ingest_path(in, path, &err) != KH_OK || kh_ingest_finish(in, &err) != KH_OK) {
        kh_serve_reply_err(out, &err);
        goto done;
    }
    const kh_ingest_stats *st = kh_ingest_stats_get(in);
    kh_ingest_stats stats = *st;
    kh_ingest_free(in);
    in = NULL;
    /* The index is a convenience: a failure here leaves the articles stored
     * and is caught up by the next sync. */
    kh_err serr;
    kh_err_init(&serr, NULL);
    if (stats.stored > 0 && kh_search_sync(kh_serve_store_db(srv->wstore), 0, NULL, &serr) != KH_OK)
        fprintf(stderr, "khabar serve: search index: %s\n", serr.msg);
    pthread_mutex_unlock(&srv->write_mu);
    locked = 0;
    unsigned status = stats.stored > 0 ? 201 : stats.unchanged > 0 ? 200 : 400;
    json_t *o = json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:O}", "read", (json_int_t)stats.read, "stored",
        (json_int_t)stats.stored, "unchanged", (json_int_t)stats.unchanged, "duplicates",
        (json_int_t)stats.duplicates, "skipped", (json_int_t)stats.skipped, "stories",
        (json_int_t)stats.stories, "merges", (json_int_t)stats.merges, "errors", errors);
    if (o && status == 400 && json_object_set_new(o, "error", json_string("no usable article"))) {
        json_decref(o);
        o = NULL;
    }
    kh_serve_reply_json(out, status, o);
done:
    kh_ingest_free(in);
    if (locked)
        pthread_mutex_unlock(&srv->write_mu);
    if (path[0])
        unlink(path);
    json_decref(errors);
    kh_free(line);
}

/* ---- static functions ---- */

static json_t *str_or_null(const char *s)
{
    json_t *v = s ? json_string(s) : NULL;
    return v ? v : json_null();
}

static void on_report(const kh_err *e, void *ctx)
{
    json_t *errors = ctx;
    if (json_array_size(errors) >= MAX_REPORTED)
        return;
    /* The temporary file's name means nothing to the client: line only. */
    json_t *m = json_string(e->msg);
    json_t *o = json_pack("{s:I, s:o}", "line", (json_int_t)e->line, "error",
                          m ? m : json_string("bad record"));
    if (o)
        json_array_append_new(errors, o);
}

static kh_rc write_temp(const char *body, size_t len, char *path, size_t cap, kh_err *err)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir || strlen(dir) > 40)
        dir = "/tmp";
    snprintf(path, cap, "%s/khabar-post-XXXXXX.jsonl", dir);
    int fd = mkstemps(path, 6);
    if (fd < 0) {
        path[0] = '\0';
        return kh_err_set(err, KH_ERR_IO, 0, -1, "cannot create a temporary file");
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, body + off, len - off);
        if (w <= 0) {
            close(fd);
            return kh_err_set(err, KH_ERR_IO, 0, -1, "cannot write a temporary file");
        }
        off += (size_t)w;
    }
    if (len && body[len - 1] != '\n' && write(fd, "\n", 1) != 1) {
        close(fd);
        return kh_err_set(err, KH_ERR_IO, 0, -1, "cannot write a temporary file");
    }
    if (close(fd) != 0)
        return kh_err_set(err, KH_ERR_IO, 0, -1, "cannot write a temporary file");
    return KH_OK;
}
