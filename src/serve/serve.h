/*
 * src/serve/serve.h - the HTTP server: the JSON API and the web page.
 *
 * Input: a store path (src/store), an address to listen on, token files and
 * the folder of the web page (web/).  Output: a libmicrohttpd daemon with a
 * thread pool answering GET /api/... from one read connection per worker,
 * POST /api/articles through src/ingest on one write connection, and the
 * static files of the page.  Every answer of the API is JSON; errors are
 * {"error": message} with the status of one table (serve/http.c).
 *
 * Fits: started by `khabar serve` (src/cli/cmd_serve.c).  Reads what
 * `khabar ingest` writes, while it writes (SQLite WAL).  Depends on: core,
 * text, store, search, ingest, view.  The API: docs/api.md; design: docs/serve.md.
 */
#ifndef KH_SERVE_H
#define KH_SERVE_H

#include "core/err.h"

#include <stddef.h>

typedef struct kh_serve_opts {
    const char *db_path;         /* borrows; required */
    const char *listen;          /* "127.0.0.1:8080", "[::1]:0", ":8080"; NULL: 127.0.0.1:8080 */
    const char *web_dir;         /* borrows; NULL: no page, only the API */
    const char *token_file;      /* write token; NULL: writes are refused (403) */
    const char *read_token_file; /* NULL: reads are open */
    const char *view_model;      /* section model for the story view; NULL: none */
    unsigned threads;            /* worker threads; 0: 4 */
    unsigned max_conns;          /* open connections at once; 0: 256 */
    unsigned timeout_s;          /* idle connection timeout; 0: 30 */
    int quiet;                   /* 1: no access log on stderr */
} kh_serve_opts;

typedef struct kh_serve kh_serve;

/* Opens the store, reads the tokens and starts listening; NULL with err set
 * when any of it fails (the message names the file or address). */
kh_serve *kh_serve_start(const kh_serve_opts *o, kh_err *err);
/* The port listened on (useful after asking for port 0). */
unsigned kh_serve_port(const kh_serve *s);
/* Stops accepting, waits for running requests and frees; NULL is a no-op. */
void kh_serve_stop(kh_serve *s);

/* Parses "HOST:PORT", "[V6]:PORT" or ":PORT" into host (cap bytes) and
 * port; KH_ERR_ARG when it is none of these. */
kh_rc kh_serve_parse_listen(const char *s, char *host, size_t cap, unsigned *port,
                            kh_err *err) KH_WARN_UNUSED;

#endif
