/*
 * src/cli/cmd_search.c - `khabar search [--db PATH] [--json] [--limit N]
 * WORDS...`: the stored articles that best match the words, best first,
 * with their story and a snippet, from the terminal.
 *
 * The same search as GET /api/search (src/search: khabar's Arabic tokenizer
 * in SQLite FTS5, BM25, a title word weighing three body words, one
 * spelling finding the others), without the server.  The index lives in the
 * store; a store written by `khabar ingest` alone has none or an old one,
 * so the command first brings it up to date (the first time over a large
 * store takes seconds; later ones only index what is new).  Text form: a
 * block per article, the matched words bracketed «...» or bold on a
 * terminal.  --json: one JSON object per line, {"id", "story", "title",
 * "outlet", "published", "score", "snippet"}, story as "s123" or null.
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "search/search.h"
#include "store/store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_LIMIT 10
#define MAX_LIMIT 100 /* snippets are made for at most 100 hits */

static kh_rc print_hit(const kh_search_hit *h, int json, int tty, kh_buf *out);
static kh_rc put_snippet(const char *s, const char *open, const char *close, kh_buf *out);
static void iso_time(int64_t t, char *buf, size_t n);

void cmd_search_usage(FILE *out)
{
    fprintf(out,
            "usage: khabar search [--db PATH] [--json] [--limit N] WORDS...\n\n"
            "The stored articles that best match the words (BM25; one spelling finds\n"
            "the others: زيلنسكي finds زيلينسكي), best first, with their story and a\n"
            "snippet.  Articles with every word come first; when none has them all,\n"
            "any word counts.  The search index is brought up to date first.\n\n"
            "  --db PATH   the database (default $KHABAR_DB, else ./khabar.db)\n"
            "  --json      one JSON object per line instead of text\n"
            "  --limit N   at most N articles (1-%d, default %d)\n",
            MAX_LIMIT, DEFAULT_LIMIT);
}

int cmd_search(int argc, char **argv)
{
    const char *db = NULL;
    int json = 0;
    long limit = DEFAULT_LIMIT;
    kh_buf q, out;
    kh_buf_init(&q, KH_SEARCH_MAX_QUERY + 1);
    kh_buf_init(&out, KH_CAP_PAGE);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0) {
            db = a + 5;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--limit") == 0 && i + 1 < argc) {
            char *end;
            limit = strtol(argv[++i], &end, 10);
            if (*end || limit < 1 || limit > MAX_LIMIT) {
                kh_cli_error("search: --limit wants 1 to %d, not '%s'", MAX_LIMIT, argv[i]);
                return 2;
            }
        } else if (a[0] == '-' && a[1]) {
            kh_cli_error("search: unexpected '%s' (see 'khabar search --help')", a);
            return 2;
        } else if ((q.len && kh_buf_appendc(&q, ' ') != KH_OK) || kh_buf_appends(&q, a) != KH_OK) {
            kh_cli_error("search: the query is over %d bytes", KH_SEARCH_MAX_QUERY);
            kh_buf_clean(&q);
            return 2;
        }
    }
    if (!q.len) {
        cmd_search_usage(stderr);
        return 2;
    }

    int status = 1;
    kh_err err;
    kh_err_init(&err, NULL);
    kh_search_hits hits = {0};
    size_t which[MAX_LIMIT];
    kh_store *s = kh_store_open_existing(db ? db : kh_store_path_default(), &err);
    sqlite3 *h = s ? kh_store_sqlite(s) : NULL;
    if (!s || kh_search_open(h, &err) != KH_OK || kh_search_sync(h, 0, NULL, &err) != KH_OK ||
        kh_search_query(h, q.data, (size_t)limit, &hits, &err) != KH_OK)
        goto fail;
    for (size_t k = 0; k < hits.n; k++)
        which[k] = k;
    if (kh_search_snippets(h, &hits, which, hits.n, &err) != KH_OK)
        goto fail;
    int tty = !json && isatty(STDOUT_FILENO);
    if (!json && hits.n == 0)
        printf("no article matches '%s'\n", q.data);
    else if (!json && hits.any_word)
        printf("no article has every word; articles with some of them:\n\n");
    for (size_t k = 0; k < hits.n; k++) {
        kh_buf_reset(&out);
        if (print_hit(&hits.items[k], json, tty, &out) != KH_OK) {
            kh_err_set(&err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto fail;
        }
        fwrite(out.data, 1, out.len, stdout);
    }
    status = fflush(stdout) == 0 ? 0 : 1;
    goto done;
fail:;
    char msg[512];
    kh_err_format(&err, msg, sizeof msg);
    kh_cli_error("search: %s", msg);
done:
    kh_search_hits_clean(&hits);
    kh_store_close(s);
    kh_buf_clean(&q);
    kh_buf_clean(&out);
    return status;
}

static kh_rc print_hit(const kh_search_hit *h, int json, int tty, kh_buf *out)
{
    char when[32], story[32] = "";
    iso_time(h->published_ts, when, sizeof when);
    if (h->story_id > 0)
        snprintf(story, sizeof story, "s%lld", (long long)h->story_id);
    if (json) {
        kh_buf plain;
        kh_buf_init(&plain, KH_CAP_PAGE);
        kh_rc rc = put_snippet(h->snippet, "", "", &plain);
        json_t *o = rc == KH_OK
                        ? json_pack("{s:s, s:s?, s:s, s:s, s:s?, s:f, s:s}", "id", h->id, "story",
                                    story[0] ? story : NULL, "title", h->title, "outlet", h->outlet,
                                    "published", when[0] ? when : NULL, "score", h->score,
                                    "snippet", plain.data ? plain.data : "")
                        : NULL;
        char *j = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;
        json_decref(o);
        kh_buf_clean(&plain);
        if (!j)
            return KH_ERR_NOMEM;
        rc = kh_buf_appends(out, j);
        free(j); /* jansson's allocation */
        return rc == KH_OK ? kh_buf_appendc(out, '\n') : rc;
    }
    kh_rc rc =
        kh_buf_printf(out, "%-8s %s\n         %s · %s · %.2f\n         ", story[0] ? story : "-",
                      h->title, h->outlet, when[0] ? when : "?", h->score);
    if (rc == KH_OK)
        rc = put_snippet(h->snippet, tty ? "\033[1m" : "«", tty ? "\033[0m" : "»", out);
    if (rc == KH_OK)
        rc = kh_buf_appends(out, "\n\n");
    return rc;
}

/* The snippet on one line, its marks (src/search's control bytes) replaced. */
static kh_rc put_snippet(const char *s, const char *open, const char *close, kh_buf *out)
{
    kh_rc rc = KH_OK;
    for (const char *p = s ? s : ""; rc == KH_OK && *p; p++) {
        if (*p == KH_SEARCH_MARK_OPEN)
            rc = kh_buf_appends(out, open);
        else if (*p == KH_SEARCH_MARK_CLOSE)
            rc = kh_buf_appends(out, close);
        else if (*p == '\n' || *p == '\r' || *p == '\t')
            rc = kh_buf_appendc(out, ' '); /* one line a snippet */
        else
            rc = kh_buf_appendc(out, *p);
    }
    /* A buffer that never grew has no data: make it "". */
    return rc == KH_OK ? kh_buf_append(out, "", 0) : rc;
}

static void iso_time(int64_t t, char *buf, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    buf[0] = '\0';
    if (t > 0 && gmtime_r(&tt, &tm))
        strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
