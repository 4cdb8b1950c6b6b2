/*
 * src/serve/serve_int.h - what the files of src/serve share: the server
 * handle, one request and its answer, the store pool, and the helpers every
 * route uses to read parameters and answer in JSON.
 *
 * A request borrows a read store from the pool for its whole life, so the
 * routes never share an SQLite connection between threads (each is opened
 * with SQLITE_OPEN_NOMUTEX by src/store).  Depends on: core, store, jansson,
 * libmicrohttpd.
 */
#ifndef KH_SERVE_INT_H
#define KH_SERVE_INT_H

#include "core/buf.h"
#include "serve/serve.h"
#include "store/store.h"
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

/* ---- related stories (serve/related.c) ---- */

#define KH_SERVE_PROFILE_SLOTS 2048

/* A story's profile (top terms, entity names) as related ranking compares
 * it, kept while the story has not changed (same article count and last
 * time seen). */
typedef struct kh_serve_profile {
    int64_t id; /* 0: empty slot */
    long n_articles;
    int64_t last_seen;
    char *title;         /* owns */
    kh_view_term *terms; /* owns */
    size_t n_terms;
    char **ents; /* owns the array and each name */
    size_t n_ents;
} kh_serve_profile;

/* Profiles of candidate stories, shared by the workers: computing one
 * re-reads and re-tokenises the story, which is most of a story page. */
typedef struct kh_serve_profiles {
    pthread_mutex_t mu;
    kh_serve_profile *slots; /* owns; KH_SERVE_PROFILE_SLOTS, by id modulo */
} kh_serve_profiles;

kh_rc kh_serve_profiles_init(kh_serve_profiles *c, kh_err *err) KH_WARN_UNUSED;
void kh_serve_profiles_clean(kh_serve_profiles *c);

/* Ranks stories near story id (sharing its entities, or seen within two
 * days of last_seen) against cur and appends the best to out as
 * [{"id","title","score"}].  cache may be NULL. */
kh_rc kh_serve_related(kh_store *s, const kh_view_model *m, kh_serve_profiles *cache, int64_t id,
                       int64_t last_seen, const kh_view_story *cur, json_t *out,
                       kh_err *err) KH_WARN_UNUSED;

/* ---- the server ---- */

struct kh_serve {
    struct MHD_Daemon *daemon;
    kh_serve_pool pool;
    pthread_mutex_t write_mu;   /* one POST /api/articles at a time */
    kh_store *wstore;           /* owns; the write connection, opened on first POST */
    char *db_path;              /* owns */
    char *web_dir;              /* owns; realpath, NULL: no page */
    char *token;                /* owns; NULL: writes refused */
    char *read_token;           /* owns; NULL: reads open */
    char *view_model_path;      /* owns; NULL: the default model */
    kh_view_model *view_model;  /* owns; read-only, shared by workers; NULL: none */
    kh_serve_profiles profiles; /* related-story profiles shared by workers */
    int profiles_ok;
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

/* ---- a story's articles for the view (serve/story_load.c) ---- */

typedef struct kh_serve_story {
    kh_view_article *arts; /* owns the array and each paras array */
    size_t n, cap, max;
    char **owned; /* owns every string the articles point to */
    size_t n_owned, cap_owned;
    json_t *list; /* owns: the answer's "articles" array; NULL when not asked */
    int failed;
} kh_serve_story;

/* Reads at most max_articles (0: 200) articles of story id, oldest first;
 * with_list also builds their JSON list. */
kh_rc kh_serve_story_load(kh_store *s, int64_t id, size_t max_articles, int with_list,
                          kh_serve_story *out, kh_err *err) KH_WARN_UNUSED;
void kh_serve_story_clean(kh_serve_story *st);

/* ---- reads the store header lacks (serve/query.c) ---- */

/* The SQLite connection of a store (borrowed from it). */
sqlite3 *kh_serve_store_db(kh_store *s);
/* A story as the list and the search show it: its row, its outlets, its
 * section label (m may be NULL).  Returns a new object or NULL. */
json_t *kh_serve_query_story_brief(kh_store *s, const kh_view_model *m, const kh_store_story *row,
                                   kh_err *err);
/* The stories of one page, newest first, filtered by section (NULL: any),
 * since (unix s) and entity (0: any); into the array out. */
kh_rc kh_serve_query_stories(kh_store *s, const kh_view_model *m, const char *section,
                             int64_t since, int64_t entity, long page, json_t *out, long *total,
                             kh_err *err) KH_WARN_UNUSED;
/* The entities of story id, most mentioned first: [{"id","name","type","count"}]. */
kh_rc kh_serve_query_story_entities(kh_store *s, int64_t id, long limit, json_t *out,
                                    kh_err *err) KH_WARN_UNUSED;
/* The entity id: *found 0 when none; else its fields and stories in *out. */
kh_rc kh_serve_query_entity(kh_store *s, int64_t id, json_t **out, kh_err *err) KH_WARN_UNUSED;

#endif
