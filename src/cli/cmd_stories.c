/*
 * src/cli/cmd_stories.c - `khabar stories [--db PATH] [--json] [--since T]`:
 * the live stories, most recently seen first, with their outlets, article
 * count, first and last time seen and most mentioned entities.
 *
 * Text form: a block per story, for a terminal.  --json: one JSON array of
 * {"id": "sN", "title", "section", "n_articles", "first_seen", "last_seen",
 *  "outlets": [{"name", "count"}], "entities": [{"name", "type", "count"}]}.
 * Entities are there only when the ingest ran with --entities.
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

typedef struct list_ctx {
    kh_store *store;
    kh_buf out; /* one story's text or JSON */
    int json;
    long min_articles, limit, n_shown;
    kh_rc rc;
    kh_err *err;
} list_ctx;

static int print_story(const kh_store_story *row, void *ctx);
static int add_outlet(const char *name, const char *type, long count, void *ctx);
static int add_entity(const char *name, const char *type, long count, void *ctx);

void cmd_stories_usage(FILE *out)
{
    fprintf(out, "usage: khabar stories [--db PATH] [--json] [--since T] [--min N] [--limit N]\n\n"
                 "Lists the stories, most recently seen first: title, outlets, number of\n"
                 "articles, first and last seen, most mentioned entities.\n\n"
                 "  --db PATH   the database (default $KHABAR_DB, else ./khabar.db)\n"
                 "  --json      a JSON array instead of text\n"
                 "  --since T   only stories seen at or after T (ISO 8601: 2015-08-10,\n"
                 "              2015-08-10T12:00:00+03:00)\n"
                 "  --min N     only stories of at least N articles\n"
                 "  --limit N   at most N stories\n");
}

int cmd_stories(int argc, char **argv)
{
    const char *db = NULL;
    int64_t since = 0;
    list_ctx c = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0) {
            db = a + 5;
        } else if (strcmp(a, "--json") == 0) {
            c.json = 1;
        } else if (strcmp(a, "--since") == 0 && i + 1 < argc) {
            if ((since = kh_store_article_time(argv[++i])) < 0) {
                kh_cli_error("stories: --since wants an ISO 8601 time, not '%s'", argv[i]);
                return 2;
            }
        } else if ((strcmp(a, "--min") == 0 || strcmp(a, "--limit") == 0) && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 0) {
                kh_cli_error("stories: %s wants a number, not '%s'", a, argv[i]);
                return 2;
            }
            *(strcmp(a, "--min") == 0 ? &c.min_articles : &c.limit) = v;
        } else {
            kh_cli_error("stories: unexpected '%s' (see 'khabar stories --help')", a);
            return 2;
        }
    }
    kh_err err;
    kh_err_init(&err, NULL);
    c.err = &err;
    kh_buf_init(&c.out, KH_CAP_PAGE);
    int status = 0;
    c.store = kh_store_open(db ? db : kh_store_path_default(), &err);
    if (c.json)
        fputs("[", stdout);
    if (!c.store || kh_store_story_each(c.store, since, 0, print_story, &c, &err) != KH_OK ||
        c.rc != KH_OK) {
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("%s", msg);
        status = 1;
    }
    if (c.json)
        fputs(c.n_shown ? "\n]\n" : "]\n", stdout);
    kh_buf_clean(&c.out);
    kh_store_close(c.store);
    if (fflush(stdout) != 0)
        status = 1;
    return status;
}

static int print_story(const kh_store_story *row, void *ctx)
{
    list_ctx *c = ctx;
    if (row->n_articles < c->min_articles)
        return 0;
    if (c->limit && c->n_shown >= c->limit)
        return 1;
    char first[32], last[32];
    kh_store_article_time_format(row->first_seen, first, sizeof first);
    kh_store_article_time_format(row->last_seen, last, sizeof last);
    kh_buf *b = &c->out;
    kh_buf_reset(b);
    const char *title = row->title ? row->title : "";
    kh_rc rc;
    if (c->json) {
        rc = kh_buf_printf(b, "%s\n  {\"id\": \"s%lld\", \"title\": \"", c->n_shown ? "," : "",
                           (long long)row->id);
        if (rc == KH_OK)
            rc = kh_buf_append_json(b, title, strlen(title));
        if (rc == KH_OK && row->section) {
            rc = kh_buf_appends(b, "\", \"section\": \"");
            if (rc == KH_OK)
                rc = kh_buf_append_json(b, row->section, strlen(row->section));
        }
        if (rc == KH_OK)
            rc = kh_buf_printf(b,
                               "\", \"n_articles\": %ld, \"first_seen\": \"%s\", "
                               "\"last_seen\": \"%s\", \"outlets\": [",
                               row->n_articles, first, last);
    } else {
        rc = kh_buf_printf(b, "s%-7lld %ld article%s  %s .. %s\n         %s\n", (long long)row->id,
                           row->n_articles, row->n_articles == 1 ? "" : "s", first, last, title);
        if (rc == KH_OK)
            rc = kh_buf_appends(b, "         outlets:");
    }
    c->rc = rc;
    if (rc == KH_OK)
        rc = kh_store_story_outlets(c->store, row->id, add_outlet, c, c->err);
    if (rc == KH_OK && c->rc == KH_OK)
        rc = c->json ? kh_buf_appends(b, "], \"entities\": [")
                     : kh_buf_appends(b, "\n         entities:");
    size_t mark = b->len;
    if (rc == KH_OK && c->rc == KH_OK)
        rc = kh_store_story_entities(c->store, row->id, 5, add_entity, c, c->err);
    if (rc == KH_OK && c->rc == KH_OK) {
        if (c->json)
            rc = kh_buf_appends(b, "]}");
        else if (b->len == mark) /* no entities: drop the label */
            b->len -= strlen("\n         entities:"), b->data[b->len] = '\0';
        if (rc == KH_OK && !c->json)
            rc = kh_buf_appends(b, "\n\n");
    }
    if (rc != KH_OK || c->rc != KH_OK) {
        if (c->rc == KH_OK)
            c->rc = rc;
        if (c->err->rc == KH_OK)
            kh_err_set(c->err, c->rc, 0, -1, "cannot format story s%lld", (long long)row->id);
        return 1;
    }
    fwrite(b->data, 1, b->len, stdout);
    c->n_shown++;
    return 0;
}

static int add_outlet(const char *name, const char *type, long count, void *ctx)
{
    list_ctx *c = ctx;
    (void)type;
    char last = c->out.data[c->out.len - 1];
    const char *sep = c->json ? (last == '[' ? "" : ", ") : (last == ':' ? " " : ", ");
    kh_rc rc = kh_buf_appends(&c->out, sep);
    if (c->json) {
        if (rc == KH_OK)
            rc = kh_buf_appends(&c->out, "{\"name\": \"");
        if (rc == KH_OK)
            rc = kh_buf_append_json(&c->out, name, strlen(name));
        if (rc == KH_OK)
            rc = kh_buf_printf(&c->out, "\", \"count\": %ld}", count);
    } else if (rc == KH_OK) {
        rc = kh_buf_printf(&c->out, "%s (%ld)", name, count);
    }
    c->rc = rc;
    return rc != KH_OK;
}

static int add_entity(const char *name, const char *type, long count, void *ctx)
{
    list_ctx *c = ctx;
    char last = c->out.data[c->out.len - 1];
    const char *sep = c->json ? (last == '[' ? "" : ", ") : (last == ':' ? " " : ", ");
    kh_rc rc = kh_buf_appends(&c->out, sep);
    if (c->json) {
        if (rc == KH_OK)
            rc = kh_buf_appends(&c->out, "{\"name\": \"");
        if (rc == KH_OK)
            rc = kh_buf_append_json(&c->out, name, strlen(name));
        if (rc == KH_OK)
            rc = kh_buf_appends(&c->out, "\", \"type\": \"");
        if (rc == KH_OK)
            rc = kh_buf_append_json(&c->out, type ? type : "", type ? strlen(type) : 0);
        if (rc == KH_OK)
            rc = kh_buf_printf(&c->out, "\", \"count\": %ld}", count);
    } else if (rc == KH_OK) {
        rc = kh_buf_printf(&c->out, "%s (%ld)", name, count);
    }
    c->rc = rc;
    return rc != KH_OK;
}
