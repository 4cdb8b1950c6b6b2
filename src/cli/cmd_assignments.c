/*
 * src/cli/cmd_assignments.c - `khabar assignments [--db PATH]`: the story
 * of every article, one JSON object a line, for `khabar eval` and scripts.
 *
 * Format: {"id": "<article id>", "story": "s<N>"} in the order articles
 * were stored.  Story ids are strings "s" + the store's story number
 * (after merges).  An article without a story (none assigned, or stored
 * before clustering existed) gets "a<rowid>", a story of its own, so that
 * every line can be scored as a cluster.
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "store/store.h"

#include <string.h>

typedef struct out_ctx {
    kh_buf line;
    int failed;
} out_ctx;

static int print_row(const kh_store_article *row, void *ctx);

void cmd_assignments_usage(FILE *out)
{
    fprintf(out, "usage: khabar assignments [--db PATH]\n\n"
                 "Prints {\"id\": ARTICLE, \"story\": \"sN\"} for every stored article, one\n"
                 "a line.  An article without a story gets \"a<row>\", a story of its own.\n\n"
                 "  --db PATH   the database (default $KHABAR_DB, else ./khabar.db)\n");
}

int cmd_assignments(int argc, char **argv)
{
    const char *db = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            db = argv[i] + 5;
        } else {
            kh_cli_error("assignments: unexpected '%s' (see 'khabar assignments --help')", argv[i]);
            return 2;
        }
    }
    kh_err err;
    kh_err_init(&err, NULL);
    out_ctx ctx = {{0}, 0};
    kh_buf_init(&ctx.line, KH_CAP_LINE);
    int status = 0;
    kh_store *s = kh_store_open_existing(db ? db : kh_store_path_default(), &err);
    if (!s || kh_store_article_each(s, -1, 0, print_row, &ctx, &err) != KH_OK || ctx.failed) {
        char msg[512];
        if (ctx.failed && err.rc == KH_OK)
            kh_err_set(&err, KH_ERR_NOMEM, 0, -1, "out of memory");
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("%s", msg);
        status = 1;
    }
    kh_buf_clean(&ctx.line);
    kh_store_close(s);
    if (fflush(stdout) != 0)
        status = 1;
    return status;
}

static int print_row(const kh_store_article *row, void *ctx)
{
    out_ctx *o = ctx;
    kh_buf_reset(&o->line);
    if (kh_buf_appends(&o->line, "{\"id\": \"") != KH_OK ||
        kh_buf_append_json(&o->line, row->id, strlen(row->id)) != KH_OK ||
        (row->story_id > 0
             ? kh_buf_printf(&o->line, "\", \"story\": \"s%lld\"}\n", (long long)row->story_id)
             : kh_buf_printf(&o->line, "\", \"story\": \"a%lld\"}\n", (long long)row->rowid)) !=
            KH_OK) {
        o->failed = 1;
        return 1;
    }
    fwrite(o->line.data, 1, o->line.len, stdout);
    return 0;
}
