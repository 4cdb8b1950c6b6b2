/*
 * src/cli/cmd_story.c - `khabar story ID [--db PATH] [--json]`: one story
 * and its articles (outlet, published, title, id), oldest first.
 *
 * ID is "s123" or "123", as `khabar stories` and `khabar assignments` print
 * it.  A story merged into another is followed to the one that holds its
 * articles now, and the text form says so.  --json prints
 * {"id", "title", "section", "n_articles", "first_seen", "last_seen",
 *  "merged_from", "articles": [{"id", "outlet", "published", "title",
 *  "url", "dup_of"}]}.
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef struct show_ctx {
    kh_buf out;
    int json;
    long n;
    kh_rc rc;
} show_ctx;

static int print_article(const kh_store_article *row, void *ctx);
static kh_rc append_field(kh_buf *b, const char *key, const char *value, int comma);

void cmd_story_usage(FILE *out)
{
    fprintf(out, "usage: khabar story ID [--db PATH] [--json]\n\n"
                 "Shows one story (ID as \"s123\" or \"123\") with its articles: outlet,\n"
                 "published, title and id, oldest first.\n\n"
                 "  --db PATH   the database (default $KHABAR_DB, else ./khabar.db)\n"
                 "  --json      a JSON object instead of text\n");
}

int cmd_story(int argc, char **argv)
{
    const char *db = NULL, *id_arg = NULL;
    show_ctx c = {0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            db = argv[++i];
        else if (strncmp(argv[i], "--db=", 5) == 0)
            db = argv[i] + 5;
        else if (strcmp(argv[i], "--json") == 0)
            c.json = 1;
        else if (!id_arg && argv[i][0] != '-')
            id_arg = argv[i];
        else {
            kh_cli_error("story: unexpected '%s' (see 'khabar story --help')", argv[i]);
            return 2;
        }
    }
    if (!id_arg) {
        cmd_story_usage(stderr);
        return 2;
    }
    char *end;
    long long id = strtoll(id_arg + (id_arg[0] == 's'), &end, 10);
    if (*end || id <= 0 || end == id_arg + (id_arg[0] == 's')) {
        kh_cli_error("story: '%s' is not a story id (s123 or 123)", id_arg);
        return 2;
    }
    kh_err err;
    kh_err_init(&err, NULL);
    kh_buf_init(&c.out, KH_CAP_PAGE);
    int status = 0;
    kh_store_story st;
    kh_rc rc = KH_OK;
    kh_store *s = kh_store_open(db ? db : kh_store_path_default(), &err);
    if (!s || (rc = kh_store_story_get(s, id, 1, &st, &err)) != KH_OK) {
        if (rc == KH_DONE) {
            kh_cli_error("story: no story s%lld in %s", id, kh_store_path(s));
        } else {
            char msg[512];
            kh_err_format(&err, msg, sizeof msg);
            kh_cli_error("%s", msg);
        }
        status = 1;
        goto done;
    }
    char first[32], last[32];
    kh_store_article_time_format(st.first_seen, first, sizeof first);
    kh_store_article_time_format(st.last_seen, last, sizeof last);
    kh_buf *b = &c.out;
    int64_t sid = st.id;
    if (c.json) {
        rc = kh_buf_printf(b, "{\"id\": \"s%" PRId64 "\"", sid);
        if (rc == KH_OK)
            rc = append_field(b, "title", st.title, 1);
        if (rc == KH_OK && st.section)
            rc = append_field(b, "section", st.section, 1);
        if (rc == KH_OK)
            rc = kh_buf_printf(b,
                               ", \"n_articles\": %ld, \"first_seen\": \"%s\", \"last_seen\": "
                               "\"%s\"",
                               st.n_articles, first, last);
        if (rc == KH_OK && sid != id)
            rc = kh_buf_printf(b, ", \"merged_from\": \"s%lld\"", id);
        if (rc == KH_OK)
            rc = kh_buf_appends(b, ", \"articles\": [");
    } else {
        if (sid != id)
            rc = kh_buf_printf(b, "(s%lld was merged into s%" PRId64 ")\n", id, sid);
        if (rc == KH_OK)
            rc = kh_buf_printf(b, "s%" PRId64 "  %s\n%ld article%s, %s .. %s%s%s\n\n", sid,
                               st.title ? st.title : "", st.n_articles,
                               st.n_articles == 1 ? "" : "s", first, last,
                               st.section ? ", section " : "", st.section ? st.section : "");
    }
    if (rc != KH_OK || (rc = kh_store_article_each(s, sid, 0, print_article, &c, &err)) != KH_OK ||
        c.rc != KH_OK) {
        kh_cli_error("%s: cannot show story s%" PRId64 ": %s", kh_store_path(s), sid,
                     err.msg[0] ? err.msg : kh_rc_str(rc != KH_OK ? rc : c.rc));
        status = 1;
        goto done;
    }
    if (c.json && kh_buf_appends(b, c.n ? "\n]}\n" : "]}\n") != KH_OK) {
        kh_cli_error("out of memory");
        status = 1;
        goto done;
    }
    fwrite(b->data, 1, b->len, stdout);
done:
    kh_buf_clean(&c.out);
    kh_store_close(s);
    if (fflush(stdout) != 0)
        status = 1;
    return status;
}

static int print_article(const kh_store_article *row, void *ctx)
{
    show_ctx *c = ctx;
    kh_buf *b = &c->out;
    kh_rc rc;
    if (c->json) {
        rc = kh_buf_appends(b, c->n ? ",\n  {" : "\n  {");
        if (rc == KH_OK)
            rc = append_field(b, "id", row->id, 0);
        if (rc == KH_OK)
            rc = append_field(b, "outlet", row->outlet, 1);
        if (rc == KH_OK && row->published)
            rc = append_field(b, "published", row->published, 1);
        if (rc == KH_OK)
            rc = append_field(b, "title", row->title, 1);
        if (rc == KH_OK && row->url)
            rc = append_field(b, "url", row->url, 1);
        if (rc == KH_OK && row->dup_of)
            rc = append_field(b, "dup_of", row->dup_of, 1);
        if (rc == KH_OK)
            rc = kh_buf_appends(b, "}");
    } else {
        char when[32];
        kh_store_article_time_format(row->published_ts, when, sizeof when);
        /* No column padding: printf pads bytes, and Arabic letters are two. */
        rc = kh_buf_printf(b, "  %s  %s\n    %s\n    %s", when, row->outlet, row->title, row->id);
        if (rc == KH_OK && row->dup_of)
            rc = kh_buf_printf(b, "  (copy of %s)", row->dup_of);
        if (rc == KH_OK)
            rc = kh_buf_appends(b, "\n");
    }
    c->rc = rc;
    c->n++;
    return rc != KH_OK;
}

static kh_rc append_field(kh_buf *b, const char *key, const char *value, int comma)
{
    kh_rc rc = kh_buf_printf(b, "%s\"%s\": \"", comma ? ", " : "", key);
    if (rc == KH_OK && value)
        rc = kh_buf_append_json(b, value, strlen(value));
    if (rc == KH_OK)
        rc = kh_buf_appends(b, "\"");
    return rc;
}
