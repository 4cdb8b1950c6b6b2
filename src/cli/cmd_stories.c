/*
 * src/cli/cmd_stories.c - `khabar stories [--db PATH] [--json] [--since T]
 * [--section LABEL]`:
 * the live stories, most recently seen first, with their headline, section,
 * outlets, article count, first and last time seen and most mentioned
 * entities.
 *
 * Each story is a brief of src/story (kh_story_list): the title is the
 * representative headline of its articles, cleaned of outlet prefixes
 * («عاجل:», «اقتصادي /»), picked from headlines alone so that a store of
 * 31,000 articles lists in seconds without reading any text; the section
 * is the view's label (the page's own section mapped, else the classifier
 * on the title).  Text form: a block per story.  --json: one JSON array of
 * {"id", "title", "section", "section_page", "first_seen", "last_seen",
 *  "n_articles", "outlets": [{"name", "articles"}],
 *  "entities": [{"id", "name", "type", "count"}]}.
 * Entities are there only when the ingest ran with --entities.
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "story/story.h"

#include <stdlib.h>
#include <string.h>

#define TOP_ENTITIES 5

typedef struct list_ctx {
    kh_buf out; /* one story's text */
    int json;
    long n_shown;
    kh_rc rc;
} list_ctx;

static int print_story(json_t *brief, void *ctx);

void cmd_stories_usage(FILE *out)
{
    fprintf(out, "usage: khabar stories [--db PATH] [--json] [--since T] [--section LABEL]\n"
                 "                      [--min N] [--limit N]\n\n"
                 "Lists the stories, most recently seen first: headline, section, outlets,\n"
                 "number of articles, first and last seen, most mentioned entities.\n\n"
                 "  --db PATH   the database (default $KHABAR_DB, else ./khabar.db)\n"
                 "  --json      a JSON array instead of text\n"
                 "  --since T   only stories seen at or after T (ISO 8601: 2015-08-10,\n"
                 "              2015-08-10T12:00:00+03:00)\n"
                 "  --section LABEL  only stories of this section, as listed (economy,\n"
                 "              sports, ...)\n"
                 "  --min N     only stories of at least N articles\n"
                 "  --limit N   at most N stories\n");
}

int cmd_stories(int argc, char **argv)
{
    const char *db = NULL;
    kh_story_list_opts o = {.n_entities = TOP_ENTITIES};
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
            if ((o.since = kh_store_article_time(argv[++i])) < 0) {
                kh_cli_error("stories: --since wants an ISO 8601 time, not '%s'", argv[i]);
                return 2;
            }
        } else if (strcmp(a, "--section") == 0 && i + 1 < argc) {
            kh_view_section sec = kh_view_section_from_name(argv[++i]);
            if (sec == KH_VIEW_SECTION_NONE) {
                kh_cli_error("stories: --section wants a label (politics, economy, sports, "
                             "culture, health, technology, society, religion, world, local, "
                             "misc), not '%s'",
                             argv[i]);
                return 2;
            }
            o.label = kh_view_section_name(sec);
        } else if ((strcmp(a, "--min") == 0 || strcmp(a, "--limit") == 0) && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 0) {
                kh_cli_error("stories: %s wants a number, not '%s'", a, argv[i]);
                return 2;
            }
            *(strcmp(a, "--min") == 0 ? &o.min_articles : &o.limit) = v;
        } else {
            kh_cli_error("stories: unexpected '%s' (see 'khabar stories --help')", a);
            return 2;
        }
    }
    kh_err err;
    kh_err_init(&err, NULL);
    kh_buf_init(&c.out, KH_CAP_PAGE);
    int status = 0;
    kh_view_model *m = NULL;
    kh_store *s = kh_store_open_existing(db ? db : kh_store_path_default(), &err);
    /* Best effort: without the model, sections come from the pages only. */
    char path[4096];
    kh_err merr;
    kh_err_init(&merr, NULL);
    if (s && kh_view_section_model_load(kh_view_section_model_default_path(path, sizeof path), &m,
                                        &merr) != KH_OK)
        m = NULL;
    if (c.json)
        fputs("[", stdout);
    if (!s || kh_story_list(s, m, &o, print_story, &c, &err) != KH_OK || c.rc != KH_OK) {
        if (c.rc != KH_OK && err.rc == KH_OK)
            kh_err_set(&err, c.rc, 0, -1, "cannot print the stories");
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("%s", msg);
        status = 1;
    }
    if (c.json)
        fputs(c.n_shown ? "\n]\n" : "]\n", stdout);
    kh_buf_clean(&c.out);
    kh_view_section_model_free(m);
    kh_store_close(s);
    if (fflush(stdout) != 0)
        status = 1;
    return status;
}

static int print_story(json_t *brief, void *ctx)
{
    list_ctx *c = ctx;
    kh_buf_reset(&c->out);
    if (c->json) {
        char *j = json_dumps(brief, JSON_PRESERVE_ORDER);
        if (j) {
            printf("%s\n  %s", c->n_shown ? "," : "", j);
            free(j);
        } else {
            c->rc = KH_ERR_NOMEM;
        }
    } else if ((c->rc = kh_story_text_brief(brief, &c->out)) == KH_OK) {
        fwrite(c->out.data, 1, c->out.len, stdout);
    }
    json_decref(brief);
    c->n_shown += c->rc == KH_OK;
    return c->rc != KH_OK;
}
