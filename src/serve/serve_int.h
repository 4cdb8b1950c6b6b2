/*
 * src/serve/serve_int.h - what the files of src/serve share: the server
 * handle, one request and its answer, the store pool, and the helpers every
 * route uses to read parameters and answer in JSON.
 *
 * A request borrows a read store from the pool for its whole life, so the
 * routes never share an SQLite connection between threads (each is opened
 * with SQLITE_OPEN_NOMUTEX by src/store).  The story routes are thin
 * callers of src/story.  Depends on: core, store, view, story, jansson,
 * libmicrohttpd.
 */
#ifndef KH_SERVE_INT_H
#define KH_SERVE_INT_H

#include "analyse/analyse.h"
#include "core/buf.h"
#include "serve/serve.h"
#include "store/store.h"
#include "story/story.h"
#include "view/view.h"

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>

#define KH_SERVE_MAX_QUERY 2048 /* bytes of all query arguments together */
#define KH_SERVE_MAX_Q 512      /* bytes of a search query */
#define KH_SERVE_PAGE_SIZE 20   /* stories per page */
#define KH_SERVE_MAX_PAGE 10000 /* pages beyond are refused */
#define KH_SERVE_MAX_TOKEN 512  /* bytes of a bearer token */

/* ---- the store pool (serve/pool.c) ---- */

typedef struct kh_serve_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    kh_store **free_list; /* owns each store; opened on first use */
    size_t n_free;
    size_t n_open; /* stores opened, idle or lent */
    size_t cap;
    char *path; /* owns */
} kh_serve_pool;

kh_rc kh_serve_pool_init(kh_serve_pool *p, const char *path, size_t cap,
                         kh_err *err) KH_WARN_UNUSED;
void kh_serve_pool_clean(kh_serve_pool *p);
/* Lends a store, opening one when none is idle and fewer than cap are
 * open, else waiting; NULL with err set when opening fails. */
kh_store *kh_serve_pool_get(kh_serve_pool *p, kh_err *err);
void kh_serve_pool_put(kh_serve_pool *p, kh_store *s);

/* ---- tokens (serve/auth.c) ---- */

/* Reads the first line of path as a token (at least 16 bytes, printable
 * ASCII, at most KH_SERVE_MAX_TOKEN) into a new string in *out. */
kh_rc kh_serve_auth_load(const char *path, char **out, kh_err *err) KH_WARN_UNUSED;
/* 1 when the Authorization header value is "Bearer <token>", compared in
 * constant time; 0 otherwise (header may be NULL). */
int kh_serve_auth_check(const char *header, const char *token);

/* ---- rendered story views (serve/story_views.c) ---- */

#define KH_SERVE_VIEW_SLOTS 512                    /* direct-mapped by story id */
#define KH_SERVE_VIEW_TTL 60                       /* seconds a view may be reused */
#define KH_SERVE_VIEW_MAX_BODY ((size_t)256 << 10) /* larger views are not kept */

typedef struct kh_serve_view {
    int64_t id;                              /* the id asked for; 0: empty */
    int64_t resolved, n_articles, last_seen; /* the story row's stamp when built */
    int64_t built;                           /* unix seconds */
    char *body;                              /* owns; NUL-terminated JSON */
    size_t len;
    uint64_t tag; /* hash of body, the ETag */
} kh_serve_view;

typedef struct kh_serve_views {
    pthread_mutex_t mu;
    kh_serve_view *slots; /* owns; KH_SERVE_VIEW_SLOTS */
} kh_serve_views;

/* ---- the server ---- */

struct kh_serve {
    struct MHD_Daemon *daemon;
    kh_serve_pool pool;
    pthread_mutex_t write_mu;  /* one POST /api/articles at a time */
    kh_store *wstore;          /* owns; the write connection, opened on first POST */
    char *db_path;             /* owns */
    char *web_dir;             /* owns; realpath, NULL: no page */
    char *token;               /* owns; NULL: writes refused */
    char *read_token;          /* owns; NULL: reads open */
    char *view_model_path;     /* owns; NULL: the default model */
    kh_view_model *view_model; /* owns; read-only, shared by workers; NULL: none */
    kh_ner_model *ner;         /* owns; read-only, for POST ingest; NULL: no entities */
    kh_story_cache profiles;   /* related-story profiles shared by workers */
    int profiles_ok;
    kh_serve_views views; /* rendered story views shared by workers */
    unsigned port;
    int quiet;
    /* The search indexer (serve/indexer.c) */
    pthread_t indexer;
    int indexer_on; /* the thread runs */
    int stopping;   /* under idx_mu: the indexer should end */
    pthread_mutex_t idx_mu;
    pthread_cond_t idx_cv;
};

/* One request.  Strings borrow libmicrohttpd's until the answer is queued. */
typedef struct kh_serve_req {
    kh_serve *srv;
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    const char *body; /* borrows the request's buffer; NULL without one */
    size_t body_len;
    kh_store *store; /* borrows the pool's, lent for this request */
} kh_serve_req;

/* An answer being built. */
typedef struct kh_serve_resp {
    unsigned status;
    char *body; /* owns (kh_alloc) */
    size_t len;
    const char *type;  /* static string */
    const char *cache; /* Cache-Control, static string; NULL: no-store */
    char etag[48];     /* "" when none */
    int fd;            /* a file to send instead of body; -1: none */
    uint64_t fd_size;
    const char *allow; /* Allow header for 405, static */
} kh_serve_resp;

typedef void (*kh_serve_route_fn)(kh_serve_req *r, const char *arg, kh_serve_resp *out);

/* ---- answering (serve/reply.c) ---- */

/* Sets out to status with the JSON of v (v is taken: decref'd). */
void kh_serve_reply_json(kh_serve_resp *out, unsigned status, json_t *v);
/* Sets out to {"error": message} with status. */
void kh_serve_reply_error(kh_serve_resp *out, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The status for an error of the store or a stage (one table). */
unsigned kh_serve_reply_status(const kh_err *err);
/* Sets out to the error err with its status; the message hides paths. */
void kh_serve_reply_err(kh_serve_resp *out, const kh_err *err);

/* ---- rendered story views, continued ---- */

kh_rc kh_serve_views_init(kh_serve_views *v, kh_err *err) KH_WARN_UNUSED;
/* Safe on a zeroed or already cleaned v. */
void kh_serve_views_clean(kh_serve_views *v);
/* Sets out to the view kept for id when row (the story row id resolves to,
 * read just now) still matches its stamp and it is fresh; 1 when it did. */
int kh_serve_views_get(kh_serve_views *v, const kh_store_story *row, int64_t id, int64_t now,
                       kh_serve_resp *out);
/* Sets out's ETag and keeps a copy of its body (a 200) for id with row's
 * stamp. */
void kh_serve_views_put(kh_serve_views *v, const kh_store_story *row, int64_t id, int64_t now,
                        kh_serve_resp *out);

/* ---- parameters (serve/param.c) ---- */

/* The query argument name, or NULL when absent. */
const char *kh_serve_param(kh_serve_req *r, const char *name);
/* Parses a decimal integer in [lo, hi]; *v untouched and 0 returned when s
 * is not one. */
int kh_serve_param_int(const char *s, int64_t lo, int64_t hi, int64_t *v);
/* Parses "2015-08-10" or a full ISO 8601 time into unix seconds; -1 when bad. */
int64_t kh_serve_param_date(const char *s);
/* 1 when s is a usable id: 1-200 bytes of UTF-8 without control
 * characters or backslashes (ids of pages are paths, with slashes). */
int kh_serve_param_id_ok(const char *s);

/* ---- routes ---- */

void kh_serve_route_dispatch(kh_serve_req *r, kh_serve_resp *out);
void kh_serve_route_health(kh_serve_req *r, const char *arg, kh_serve_resp *out);
void kh_serve_route_stories(kh_serve_req *r, const char *arg, kh_serve_resp *out);
void kh_serve_route_story(kh_serve_req *r, const char *arg, kh_serve_resp *out);
void kh_serve_route_article(kh_serve_req *r, const char *arg, kh_serve_resp *out);
void kh_serve_route_article_post(kh_serve_req *r, const char *arg, kh_serve_resp *out);
void kh_serve_route_entity(kh_serve_req *r, const char *arg, kh_serve_resp *out);
void kh_serve_route_search(kh_serve_req *r, const char *arg, kh_serve_resp *out);
/* Serves a file of the web folder (GET and HEAD). */
void kh_serve_route_static(kh_serve_req *r, const char *arg, kh_serve_resp *out);

/* ---- the search indexer (serve/indexer.c) ---- */

/* Creates the search index when missing and starts the thread that keeps
 * it up with the store (every second, on the write connection). */
kh_rc kh_serve_indexer_start(kh_serve *srv, kh_err *err) KH_WARN_UNUSED;
/* Tells the thread to end and joins it; a no-op when it never started. */
void kh_serve_indexer_stop(kh_serve *srv);

/* ---- the store's connection (serve/pool.c) ---- */

/* The SQLite connection of a store (borrowed from it). */
sqlite3 *kh_serve_store_db(kh_store *s);

#endif
