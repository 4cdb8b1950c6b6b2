/*
 * src/cli/cmd_story.c - `khabar story ID [--db PATH] [--json]` and
 * `khabar story --article ARTICLE_ID`: one story as src/story builds it.
 *
 * ID is "s123" or "123", as `khabar stories` and `khabar assignments` print
 * it.  A story merged into another is followed to the one that holds its
 * articles now ("merged_from" says so).  --json prints the object of
 * kh_story_build() (the same as GET /api/stories/{id}): id, title, section,
 * outlets, articles, entities, summary, unique_by_outlet, related,
 * timeline, first_seen, last_seen, n_articles, merged_from.  The text form
 * shows the same for a terminal.  The section model is loaded when found;
 * without it the view still works (no IDF, section from the page only).
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "story/story.h"

#include <stdlib.h>
#include <string.h>

void cmd_story_usage(FILE *out)
{
    fprintf(out, "usage: khabar story ID [--db PATH] [--json]\n"
                 "       khabar story --article ARTICLE_ID [--db PATH] [--json]\n\n"
                 "Shows one story (ID as \"s123\" or \"123\"), or the story of an article:\n"
                 "its cleaned headline, section, outlets, a summary with each sentence's\n"
                 "outlet, what each outlet adds, entities, timeline and related stories.\n\n"
                 "  --db PATH           the database (default $KHABAR_DB, else ./khabar.db)\n"
                 "  --article ID        the story holding this article\n"
                 "  --json              a JSON object instead of text\n");
}

int cmd_story(int argc, char **argv)
{
    const char *db = NULL, *id_arg = NULL, *article = NULL;
    int json = 0, status = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            db = argv[++i];
        else if (strncmp(argv[i], "--db=", 5) == 0)
            db = argv[i] + 5;
        else if (strcmp(argv[i], "--article") == 0 && i + 1 < argc)
            article = argv[++i];
        else if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (!id_arg && argv[i][0] != '-')
            id_arg = argv[i];
        else {
            kh_cli_error("story: unexpected '%s' (see 'khabar story --help')", argv[i]);
            return 2;
        }
    }
    if (!id_arg == !article) {
        cmd_story_usage(stderr);
        return 2;
    }
    int64_t id = id_arg ? kh_story_id_parse(id_arg) : 0;
    if (id_arg && id == 0) {
        kh_cli_error("story: '%s' is not a story id (s123 or 123)", id_arg);
        return 2;
    }
    kh_err err;
    kh_err_init(&err, NULL);
    kh_buf out;
    kh_buf_init(&out, KH_CAP_PAGE);
    json_t *o = NULL;
    char *text = NULL;
    kh_view_model *m = NULL;
    kh_rc rc = KH_OK;
    kh_store *s = kh_store_open_existing(db ? db : kh_store_path_default(), &err);
    if (!s)
        goto fail;
    if (article && (rc = kh_story_of_article(s, article, &id, &err)) != KH_OK) {
        if (rc == KH_DONE)
            kh_cli_error("story: no stored article '%s' with a story in %s", article,
                         kh_store_path(s));
        goto report;
    }
    /* Best effort: a missing model leaves the view without IDF. */
    char path[4096];
    kh_err merr;
    kh_err_init(&merr, NULL);
    if (kh_view_section_model_load(kh_view_section_model_default_path(path, sizeof path), &m,
                                   &merr) != KH_OK)
        m = NULL;
    if ((rc = kh_story_build(s, m, NULL, id, &o, &err)) != KH_OK) {
        if (rc == KH_DONE)
            kh_cli_error("story: no story s%lld in %s", (long long)id, kh_store_path(s));
        goto report;
    }
    if (json) {
        if (!(text = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER)))
            goto nomem;
        puts(text);
    } else {
        if (kh_story_text(o, &out) != KH_OK)
            goto nomem;
        fwrite(out.data, 1, out.len, stdout);
    }
    status = 0;
    goto done;
nomem:
    kh_err_set(&err, KH_ERR_NOMEM, 0, -1, "out of memory");
fail:
    rc = err.rc;
report:
    if (rc != KH_DONE) {
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("%s", msg);
    }
done:
    free(text);
    json_decref(o);
    kh_buf_clean(&out);
    kh_view_section_model_free(m);
    kh_store_close(s);
    if (fflush(stdout) != 0)
        status = 1;
    return status;
}
